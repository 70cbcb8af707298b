from __future__ import annotations

import os

# The language is fixed when cchc is first imported: tests read English.
os.environ["CCHC_LANG"] = "en"

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HOANG_SON = EXAMPLES / "xa-hoang-son-2026.txt"
MU_CO = EXAMPLES / "xa-mu-co-2026.txt"
KY_LAC = EXAMPLES / "xa-ky-lac-2025.txt"
THIEN_TAN = EXAMPLES / "xa-thien-tan-2026-2030.txt"
AN_LAO = EXAMPLES / "xa-an-lao-2026.txt"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's database, locale or today."""
    for var in ("CCHC_DB", "CCHC_TODAY", "NO_COLOR", "CCHC_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CCHC_LANG", "en")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "cchc.db"


class Cli:
    """Runs cchc in-process against one database, like a user at a shell."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, today: str | None = None, input: str | None = None):
        argv = ["--db", str(self.db)]
        if today:
            argv += ["--today", today]
        return self.runner.invoke(app, argv + [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def cli(db) -> Cli:
    return Cli(db)


def run_cchc(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """cchc as a separate process (start-up, exit codes, signals)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or ROOT, timeout=120)
