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


STATE = State()


def db_path() -> Path | str:
    """A SQLite file's path, or a database URL (`postgresql://…`) as given."""
    chosen = STATE.db or os.environ.get("CCHC_DB")
    if chosen:
        return chosen if is_url(chosen) else Path(chosen).expanduser()
    import typer

    return Path(typer.get_app_dir("cchc")) / "cchc.db"


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def shown_db() -> str:
    """The database as messages name it: a URL without its password."""
    from cchc.store.dialect import shown_target

    return shown_target(db_path())


def today() -> date:
    """--today, else CCHC_TODAY, else the system date."""
    raw = STATE.today or os.environ.get("CCHC_TODAY")
    if not raw:
        return date.today()
    from cchc.domain.dates import parse_user_date

    return parse_user_date(raw, what="--today")
