"""Restoring a backup over the live database, keeping what it replaces."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from cchc.domain.errors import UserError
from cchc.i18n import _


def validate_backup(backup: Path) -> None:
    from cchc.db import SQLITE_MAGIC, current_revision
    from cchc.schema_version import KNOWN_REVISIONS

    try:
        with backup.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise UserError(_("{path}: is not a SQLite database").format(path=backup))
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=backup, err=exc.strerror)) from None
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        revision = current_revision(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path}: damaged ({err})").format(path=backup, err=exc)) from None
    finally:
        conn.close()
    if not ok:
        raise UserError(_("{path}: fails SQLite's integrity check; not restored").format(path=backup))
    if revision not in KNOWN_REVISIONS:
        raise UserError(_("{path}: is not a cchc database this version can read").format(path=backup))


def restore(backup: Path, target: Path) -> Path | None:
    """Copy backup into target with SQLite's backup API; return the kept copy of the old file."""
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
        live = sqlite3.connect(target)
        try:
            with sqlite3.connect(kept) as copy:
                live.backup(copy)
        finally:
            live.close()
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dest = sqlite3.connect(target, timeout=10)
    try:
        source.backup(dest)
    except sqlite3.Error as exc:
        raise UserError(_("{path}: restore failed ({err}); the database is unchanged").format(path=target, err=exc)) from None
    finally:
        source.close()
        dest.close()
    return kept
