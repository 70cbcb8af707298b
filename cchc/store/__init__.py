"""The storage layer: the only package that talks to a database.

    with open_store(path_or_url) as store:
        rows = store.read.tasks(filters)                 # typed records, grouped by concept
        store.write("done 5", lambda tx: ...)            # one transaction, retried while busy, with history

Reads on SQLite import sqlite3 and nothing heavier; writes use plain SQL too.
Alembic is imported only to upgrade an older database.
"""

from __future__ import annotations


from cchc.store.core import Store, Tx, backup, open_store, problems, recover, restore, validate_backup

__all__ = ["Store", "Tx", "backup", "open_store", "problems", "recover", "restore", "validate_backup"]
