"""The task list as JSON written by the database engine: the listing of a whole province.

`task list --format json` piped prints each task as one compact line, exactly the
text `cchc.render.output.write_json_rows` makes of the records `TaskReads.iter_tasks`
returns (tests/test_task_json.py holds the two equal on both engines). Here the
engine quotes every value as JSON and Python only joins the pieces: no record,
no date and no string is made per value, so the listing costs a fraction of the
records' path at 750 plans. Three cursors in the same order, merged as they are
read: memory does not grow with the number of plans.
"""

from __future__ import annotations

from typing import Iterator

from cchc.store.dialect import Db, marks
from cchc.store.tasks import following

# The JSON fields of cchc.domain.records.Task and Milestone, in their order; None: a list
# filled from its own cursor.
TASK_LISTS = ("cooperating_agencies", "milestones")
ORDER = "t.plan_id, t.position, t.id"  # the order of iter_tasks


def task_fields(db: Db) -> list[tuple[str, str | None]]:
    q = db.dialect.json_quote
    return [("id", q("t.id")), ("plan", q("t.plan_id")), ("area", q("t.area_code")), ("ref", q("t.ref")),
            ("level", q("t.level")), ("parent", q("t.parent_id")), ("text", q("t.text")),
            ("product", q("t.product")), ("lead_agency", q("nullif(t.lead_written, '')")),
            ("cooperating_agencies", None), ("deadline_text", q("t.deadline_text")), ("status", q("t.status")),
            ("milestones", None)]


def milestone_fields(db: Db) -> list[tuple[str, str]]:
    d = db.dialect
    q, literal = d.json_quote, d.json_literal
    # as cchc.domain.tracking.on_time: open: null; undated: done within the plan's period
    on_time = (f"CASE WHEN m.done_on IS NULL THEN 'null' WHEN m.done_on <= coalesce(m.due, {d.year_end('p.year_end')})"
               " THEN 'true' ELSE 'false' END")
    return [("id", q("m.id")), ("label", q("m.label")), ("kind", q("m.kind")), ("due", q("m.due")),
            ("start", q("m.window_start")),
            ("needs_review", literal("CASE WHEN m.needs_review THEN 'true' ELSE 'false' END")),
            ("review_reason", q("m.review_reason")), ("done_on", q("m.done_on")), ("on_time", literal(on_time)),
            ("evidence", q("m.evidence"))]


def _template(keys: list[str]) -> bytes:
    """b'{"id":%s,"plan":%s,…}': one %s per field, lists as [%s]."""
    return ("{" + ",".join(f'"{k}":' + ("[%s]" if k in TASK_LISTS else "%s") for k in keys) + "}").encode()


def task_json(db: Db, where: str, params: list) -> Iterator[bytes]:
    """The compact JSON of each task matching `where` (over task t), in plan order: as stored, unless
    one of them has none (written before its column, changed outside cchc): then built."""
    if db.one(f"SELECT 1 FROM task t WHERE {where} AND t.json_text IS NULL LIMIT 1", params) is None:
        with db.bytes_text():
            rows = db.stream(f"SELECT {db.dialect.json_literal('t.json_text')} FROM task t "
                             f"WHERE {where} ORDER BY {ORDER}", params)
            # Stored as valid UTF-8 (store_task_json); bytes damaged since are named by `db check`.
            for (line,) in rows:
                yield line
        return
    yield from _utf8(line for _tid, line in built_task_json(db, where, params))


def _utf8(lines: Iterator[bytes], size: int = 500) -> Iterator[bytes]:
    """The lines as UTF-8, checked a batch at a time: text whose bytes a damaged file changed is shown
    with U+FFFD, as every other view shows it (cchc/store/sqlite.py, _text), never passed on."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield from _checked(batch)
            batch = []
    yield from _checked(batch)


def _checked(batch: list[bytes]) -> list[bytes]:
    try:
        b"\n".join(batch).decode("utf-8")
        return batch
    except UnicodeDecodeError:
        return [line.decode("utf-8", "replace").encode("utf-8") for line in batch]


def store_task_json(db: Db) -> None:
    """Store the JSON of every listed task that has none (end of a write: the triggers emptied it)."""
    built = built_task_json(db, "t.json_text IS NULL AND t.removed = ?", [False])
    db.many_verbatim("UPDATE task SET json_text = ? WHERE id = ?",
                     [(line.decode("utf-8", "replace"), tid) for tid, line in list(built)])


def store_again(db: Db, task_ids: list[int]) -> None:
    """Empty these tasks' stored JSON, so that the end of the write stores it from their rows."""
    db.run(f"UPDATE task SET json_text = NULL WHERE id IN ({marks(task_ids)})", task_ids)


def built_task_json(db: Db, where: str, params: list) -> Iterator[tuple[int, bytes]]:
    """(id, compact JSON) of each task matching `where`, built from its rows."""
    tasks, miles = task_fields(db), milestone_fields(db)
    order = ORDER
    columns = ", ".join(sql for _key, sql in tasks if sql is not None)
    task_sql = f"SELECT t.id, {columns} FROM task t WHERE {where} ORDER BY {order}"
    coop_sql = (f"SELECT c.task_id, {db.dialect.json_quote('c.written')} FROM task_cooperation c "
                f"JOIN task t ON t.id = c.task_id WHERE {where} ORDER BY {order}, c.position")
    mile_sql = (f"SELECT m.task_id, {', '.join(sql for _key, sql in miles)} FROM milestone m "
                f"JOIN task t ON t.id = m.task_id JOIN plan p ON p.id = t.plan_id WHERE {where} "
                f"ORDER BY {order}, m.position, m.id")
    task_text, mile_text = _template([k for k, _sql in tasks]), _template([k for k, _sql in miles])
    coop_at, miles_at = (next(i for i, (k, _sql) in enumerate(tasks) if k == name) for name in TASK_LISTS)
    with db.bytes_text():
        coop = following(db.stream(coop_sql, params))
        milestones = following(db.stream(mile_sql, params))
        for tid, *values in db.stream(task_sql, params):
            values.insert(coop_at, b",".join([row[1] for row in coop(tid)]))
            values.insert(miles_at, b",".join([mile_text % row[1:] for row in milestones(tid)]))
            yield tid, task_text % tuple(values)

