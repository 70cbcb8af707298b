from __future__ import annotations

import os

# The language is fixed when cchc is first imported: tests read English.
os.environ["CCHC_LANG"] = "en"

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backends import Backend, SQLiteFiles, chosen, pg_session
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


def pytest_configure(config):
    config.addinivalue_line("markers", "backends: run each test on SQLite and on PostgreSQL (tests/backends.py)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize("backend", chosen(), indirect=True)


@pytest.fixture(scope="session")
def pg(tmp_path_factory):
    """The session's throwaway PostgreSQL server (started on first use)."""
    server = pg_session(tmp_path_factory)
    yield server
    import pgserver

    server.close()
    pgserver.stop(server.server)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory) -> SQLiteFiles:
    return SQLiteFiles(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def backend(request, tmp_path) -> Backend:
    """SQLite unless the test's module is marked `backends`: then each backend in turn."""
    name = getattr(request, "param", "sqlite")
    if name == "sqlite":
        yield Backend(name, tmp_path / "cchc.db", files=request.getfixturevalue("sqlite_templates"))
        return
    pg = request.getfixturevalue("pg")
    chosen_db = Backend(name, None, pg=pg)
    chosen_db.dbname = pg.create(pg.template(()))
    chosen_db.db = pg.url(chosen_db.dbname)
    yield chosen_db
    pg.drop(chosen_db.dbname)


@pytest.fixture
def db(backend) -> Path | str:
    """The test's database: a SQLite file's path, or a PostgreSQL URL."""
    return backend.db


class Cli:
    """Runs cchc in-process against one database, like a user at a shell."""

    def __init__(self, db: Path | str, backend: Backend | None = None):
        self.db = db
        self.backend = backend
        self.runner = CliRunner()

    def load(self, *plans: Path) -> "Cli":
        """The database holds these plans as `cchc import` leaves them, one import each
        (a copy of a template the session built once)."""
        self.backend.load(tuple(plans))
        return self

    def __call__(self, *args: str, today: str | None = None, input: str | None = None):
        argv = ["--db", str(self.db)]
        if today:
            argv += ["--today", today]
        return self.runner.invoke(app, argv + [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def cli(backend) -> Cli:
    return Cli(backend.db, backend)


def run_cchc(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """cchc as a separate process (start-up, exit codes, signals)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or ROOT, timeout=120)
