"""`cchc db copy --to URL`: a commune's database, with its whole history, into a province's.

Every row gets a new id on the server (other communes' rows hold the old ones); every reference
follows it: foreign keys, the history's entity and task ids, and the ids inside recorded values
(a changed lead agency, a deleted row's snapshot), so `log` and `undo` work on the copy as on the
file. Owners are matched by key with the province's communes (`province add-commune`), else
created where the role may. One transaction: all or nothing. A commune already copied is not
copied twice: when the server holds the same operations, nothing changes; when it holds others
(work done on the file after the copy, or on the server) the copy is refused and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.dialect import shown_target

SELF = {("task", "parent_id"), ("operation", "undoes_id"), ("operation", "undone_by_id")}  # set after the insert


@dataclass
class CopyResult:
    owners: list[str]
    rows: dict[str, int]  # table -> rows copied
    already: bool = False  # the server held this history already: nothing copied


SERVER_ONLY = ("area", "owner", "commune_role")  # the server's own (owners are matched by key)


def _tables() -> list[str]:
    from cchc.store.ddl import COLUMNS

    return [t for t in COLUMNS if t not in SERVER_ONLY]


class _Ids:
    """Old id -> new id, per table; new ids drawn from the server's sequences in one go. Owners
    are the province's communes, matched by key (with one owner, an operation without one is its)."""

    def __init__(self, owners: dict[int, int]):
        self.owners = owners
        self.only = next(iter(owners.values())) if len(owners) == 1 else None
        self.wanted: dict[str, set[int]] = {}
        self.new: dict[str, dict[int, int]] = {}

    def want(self, table: str, old) -> None:
        if table not in ("owner", "area") and isinstance(old, int) and not isinstance(old, bool):
            self.wanted.setdefault(table, set()).add(old)

    def draw(self, db) -> None:
        from cchc.store import postgres

        for table, olds in self.wanted.items():
            fresh = postgres.new_ids(db.conn, table, len(olds))
            self.new[table] = dict(zip(sorted(olds), fresh))

    def __call__(self, table: str, old):
        if table == "owner":
            return self.owners.get(old, self.only)
        if table == "area" or old is None or isinstance(old, bool) or not isinstance(old, int):
            return old
        return self.new[table][old]


def _read(source) -> dict[str, list[dict]]:
    return {t: source.db.dicts(f'SELECT * FROM "{t}" ORDER BY id') for t in _tables()}


def _owner_map(source, target, may_add: bool) -> dict[int, int]:
    mapped = {}
    for old, name, key in source.db.rows("SELECT id, name, key FROM owner ORDER BY id"):
        found = target.db.value("SELECT id FROM owner WHERE key = ?", (key,))
        if found is None:
            if not may_add:
                raise UserError(_("{commune} is not a commune of this province database (or not this role's): "
                                  "the administrator adds it with cchc province add-commune").format(commune=name))
            found = target.db.insert("INSERT INTO owner (name, key) VALUES (?, ?)", (name, key))
        mapped[old] = found
    return mapped


def _history_key(rows) -> list[tuple]:
    return [(r[0], r[1].replace(microsecond=0) if hasattr(r[1], "replace") else r[1], r[2]) for r in rows]


def _already(source, target, owners: dict[int, int], data) -> bool | None:
    """True: the server holds exactly this history; None: the owners have nothing there yet."""
    targets = sorted(set(owners.values()))
    from cchc.store.dialect import marks

    held = target.db.value(f"SELECT count(*) FROM plan WHERE owner_id IN ({marks(targets)})", targets) or 0
    held += target.db.value(f"SELECT count(*) FROM operation WHERE owner_id IN ({marks(targets)})", targets) or 0
    if not held:
        return None
    mine = _history_key((o["command"], source.db.stamp(o["created_at"]), o["actor"]) for o in data["operation"])
    theirs = _history_key(target.db.rows(f"SELECT command, created_at, actor FROM operation "
                                         f"WHERE owner_id IN ({marks(targets)}) ORDER BY id", targets))
    if mine == theirs:
        return True
    raise UserError(_("the server already holds other work of {communes}: nothing copied (the server's data "
                      "is the commune's now; go on working there)").format(
        communes=", ".join(source.db.value("SELECT name FROM owner WHERE id = ?", (o,)) for o in owners)))


def copy_store(source, target) -> CopyResult:
    """Copy every row of `source` into `target` (a PostgreSQL store) in one transaction."""
    from cchc.store import postgres

    if target.dialect.name != "postgresql":
        raise UserError(_("{db}: cchc db copy --to copies into a PostgreSQL database (postgresql://…)")
                        .format(db=shown_target(target.path)))
    data = _read(source)
    conn, dialect = target.db.conn, target.dialect
    try:
        dialect.begin_write(conn)
        owners = _owner_map(source, target, postgres.may_insert(conn, "owner"))
        names = [source.db.value("SELECT name FROM owner WHERE id = ?", (o,)) for o in owners]
        if owners and _already(source, target, owners, data):
            dialect.rollback(conn)
            return CopyResult(names, {}, already=True)
        counts = _insert(source, target, data, owners)
        from cchc.store.task_json import store_task_json

        store_task_json(target.db)  # the copied tasks' JSON, with their ids on the server
        dialect.commit(conn)
    except dialect.Error as exc:
        dialect.rollback(conn)
        raise UserError(f"{shown_target(target.path)}: {dialect.describe(exc)}; nothing copied") from None
    except BaseException:
        dialect.rollback(conn)
        raise
    return CopyResult(names, counts)


def _insert(source, target, data: dict[str, list[dict]], owners: dict[int, int]) -> dict[str, int]:
    from cchc.store.ddl import FOREIGN_KEYS

    ids = _Ids(owners)
    values = {t: [_typed(source, t, row) for row in rows] for t, rows in data.items()}
    for table, rows in values.items():
        for row in rows:
            ids.want(table, row["id"])
            for column, parent in FOREIGN_KEYS.get(table, {}).items():
                ids.want(parent, row[column])
    for change in values["change"]:
        _want_change(ids, change)
    ids.draw(target.db)
    counts = {}
    for table, rows in values.items():
        refs = FOREIGN_KEYS.get(table, {})
        later = [c for c in refs if (table, c) in SELF]
        out = []
        for row in rows:
            new = dict(row, id=ids(table, row["id"]))
            for column, parent in refs.items():
                new[column] = None if column in later else ids(parent, row[column])
            if table == "change":
                _remap_change(ids, new)
            out.append(new)
        if table == "current_plan":  # the actors' current plans, as the copying login role's
            out = [dict(r, role=target.role) for r in out if target.db.value(
                "SELECT 1 FROM current_plan WHERE actor = ? AND role = ?", (r["actor"], target.role)) is None]
        _write(target.db, table, out)
        for column in later:
            target.db.many(f'UPDATE "{table}" SET {column} = ? WHERE id = ?',
                           [(ids(table, r[column]), ids(table, r["id"])) for r in rows if r[column] is not None])
        counts[table] = len(out)
    return counts


def _typed(source, table: str, row: dict) -> dict:
    """Values as the server takes them: dates, times and booleans typed (SQLite holds text and 0/1)."""
    from cchc.store.ddl import TYPES

    kinds = TYPES.get(table, {})
    db = source.db
    typed = dict(row)
    for column, kind in kinds.items():
        value = row.get(column)
        typed[column] = (db.flag(value) if kind == "bool" else db.day(value) if kind == "date"
                         else db.stamp(value)) if value is not None else None
    return typed


def _write(db, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    db.many(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(names))})',
            [[r[n] for n in names] for r in rows])


# -- the history's references ------------------------------------------------------------


def _recorded_refs(change: dict):
    """(table, value, where) of each id inside a change: its entity, task, and recorded values."""
    from cchc.store.ddl import FOREIGN_KEYS
    from cchc.store.history import decode

    entity = change["entity"]
    refs = FOREIGN_KEYS.get(entity, {})
    yield entity, change["entity_id"], ("entity_id",)
    yield "task", change["task_id"], ("task_id",)
    for side in ("old", "new"):
        value = decode(change[side])
        if change["field"] in refs:
            yield refs[change["field"]], value, (side,)
        elif isinstance(value, dict):  # a deleted row's snapshot
            yield entity, value.get("id"), (side, "id")
            for column, parent in refs.items():
                if column in value:
                    yield parent, value[column], (side, column)


def _want_change(ids: _Ids, change: dict) -> None:
    for table, value, _where in _recorded_refs(change):
        ids.want(table, value)


def _remap_change(ids: _Ids, change: dict) -> None:
    from cchc.store.ddl import TYPES
    from cchc.store.history import decode, encode

    decoded = {side: decode(change[side]) for side in ("old", "new")}
    for table, value, where in list(_recorded_refs(change)):
        if where == ("entity_id",):
            change["entity_id"] = ids(table, value)
        elif where == ("task_id",):
            change["task_id"] = ids("task", value)
        elif len(where) == 1:
            decoded[where[0]] = ids(table, value)
        else:
            decoded[where[0]][where[1]] = ids(table, value)
    for side, value in decoded.items():
        if isinstance(value, dict):  # booleans as booleans, whatever engine recorded the snapshot
            for column, kind in TYPES.get(change["entity"], {}).items():
                if kind == "bool" and value.get(column) is not None:
                    value[column] = bool(value[column])
        change[side] = encode(value)
