"""Global options (--db, --today), resolved lazily so `--help` stays cheap."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass
class State:
    db: str | None = None
    today: str | None = None
    bom: bool = False  # --bom of a listing: CSV/TSV for Excel


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


def now() -> datetime:
    """The time of a recorded change: today's date (--today, CCHC_TODAY or the system's) at the time of day.

    A scripted or back-dated session (`cchc --today 2026-03-20 done 5`) records its history on that day, so
    reports as of a day read the work as it was recorded then."""
    moment = datetime.now().replace(microsecond=0)
    return datetime.combine(today(), moment.time())
