"""Global options (--db, --today), resolved lazily so `--help` stays cheap."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass
class State:
    db: str | None = None
    today: str | None = None
    bom: bool = False  # --bom of a listing: CSV/TSV for Excel


STATE = State()


def db_path() -> Path:
    if STATE.db:
        return Path(STATE.db).expanduser()
    if os.environ.get("CCHC_DB"):
        return Path(os.environ["CCHC_DB"]).expanduser()
    import typer

    return Path(typer.get_app_dir("cchc")) / "cchc.db"


def today() -> date:
    """--today, else CCHC_TODAY, else the system date."""
    raw = STATE.today or os.environ.get("CCHC_TODAY")
    if not raw:
        return date.today()
    from cchc.domain.dates import parse_user_date

    return parse_user_date(raw, what="--today")
