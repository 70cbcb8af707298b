"""Write cchc/store/ddl.py: the SQLite and PostgreSQL DDL of the models' schema (cchc/models.py).

A new database is created from it without importing alembic or the ORM
(cchc/store/sqlite.py and postgres.py, create_schema). Run after changing the models and adding
their migration; tests/test_schema.py fails while the file is out of date, and
proves that a database created from it is the one the migrations build.

    python scripts/make_ddl.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "cchc" / "store" / "ddl.py"


def render() -> str:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    import cchc.models  # noqa: F401  (registers the tables)

    from datetime import date, datetime

    statements, pg_statements, columns, typed, keys = [], [], {}, {}, {}
    for table in SQLModel.metadata.sorted_tables:
        for dialect, found in ((sqlite.dialect(), statements), (postgresql.dialect(), pg_statements)):
            found.append(str(CreateTable(table).compile(dialect=dialect)).strip())
            for index in sorted(table.indexes, key=lambda i: i.name):
                found.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
        columns[table.name] = tuple(c.name for c in table.columns)
        keys[table.name] = {fk.parent.name: fk.column.table.name
                            for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name)}
        kinds = {c.name: {datetime: "datetime", date: "date", bool: "bool"}.get(c.type.python_type)
                 for c in table.columns}
        typed[table.name] = {name: kind for name, kind in kinds.items() if kind}
    statements += cchc.models.task_json_triggers("sqlite")
    pg_statements += cchc.models.task_json_triggers("postgresql")
    lines = ['"""The schema of a new database, generated from cchc/models.py by scripts/make_ddl.py: do not edit."""',
             "", "STATEMENTS = ("]
    lines += [f"    {s!r}," for s in statements]
    lines += [")", "", "# the same for PostgreSQL", "PG_STATEMENTS = ("]
    lines += [f"    {s!r}," for s in pg_statements]
    lines += [")", "", "# table -> its columns, in order", "COLUMNS = {"]
    lines += [f"    {name!r}: {cols!r}," for name, cols in columns.items()]
    lines += ["}", "", "# table -> its columns that hold dates, times or booleans", "TYPES = {"]
    lines += [f"    {name!r}: {kinds!r}," for name, kinds in typed.items() if kinds]
    lines += ["}", "", "# table -> its columns that refer to another table's rows (foreign keys)", "FOREIGN_KEYS = {"]
    lines += [f"    {name!r}: {refs!r}," for name, refs in keys.items() if refs]
    lines += ["}", ""]
    return "\n".join(lines)


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
