"""`task list --format json`, piped: the lines the engine writes (cchc.store.task_json) are, byte for
byte, the JSON of the records the other formats list (cchc.render.output.write_json_rows), on
every engine, for every filter, after tracking has filled in every field."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest

from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN
from cchc.domain.filters import Filters
from cchc.domain.records import Milestone, Task, json_fields
from cchc.render.output import write_json_lines, write_json_rows
from cchc.store import open_store
from cchc.store.task_json import milestone_fields, task_fields

pytestmark = pytest.mark.backends

HOSTILE = 'Văn bản "mới" \\ nửa\ndòng hai 😀 \u00a0 </script> {"x": 1} ½'


def _both(db, **filters) -> tuple[str, str]:
    """(the records' compact JSON, the engine's JSON lines) for the same filters."""
    records, lines = io.StringIO(), io.StringIO()
    with open_store(db) as store:
        write_json_rows(store.read.iter_tasks(Filters(**filters)), out=records, pretty=False)
        write_json_lines(store.read.task_json(Filters(**filters)), out=lines)
    return records.getvalue(), lines.getvalue()


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _ok(result):
    assert result.exit_code == 0, result.output


@pytest.fixture
def tracked(cli):
    """Five plans, and tracking that sets every field a task's JSON shows: milestones done on time and
    late, dated and undated, quoted evidence, edited text and agencies, no lead, dropped, started."""
    cli.load(HOANG_SON, MU_CO, KY_LAC, THIEN_TAN, AN_LAO)
    tasks = _json(cli("task", "list", "--plan", "all", "--format", "json"))
    several = next(t for t in tasks if sum(m["due"] is not None for m in t["milestones"]) >= 2)
    first, second = sorted((m for m in several["milestones"] if m["due"]), key=lambda m: m["due"])[:2]
    _ok(cli("done", several["id"], "-m", "1", "--on", first["due"], "-e", 'QĐ "số" 12\\UBND', today="2099-01-01"))
    late = (date.fromisoformat(second["due"]) + timedelta(days=1)).isoformat()
    _ok(cli("done", several["id"], "-m", "2", "--on", late, "-e", HOSTILE, today="2099-01-01"))
    undated = [t for t in tasks if t["milestones"] and all(m["due"] is None for m in t["milestones"])]
    _ok(cli("done", undated[0]["id"], "--on", "2026-06-30", today="2099-01-01"))
    _ok(cli("done", undated[1]["id"], "--on", "2098-06-30", today="2099-01-01"))
    edited = next(t for t in tasks if t["cooperating_agencies"] and t["lead_agency"])
    _ok(cli("task", "edit", edited["id"], "--text", HOSTILE, "--product", "", "--cooperating",
            'Công an xã; "Hội" \\ Nông dân; Đoàn Thanh niên'))
    no_lead = next(t for t in tasks if t["lead_agency"] and t["id"] != edited["id"])
    _ok(cli("task", "edit", no_lead["id"], "--lead", ""))
    others = [t for t in tasks if t["status"] == "not_started" and t["id"] not in (edited["id"], no_lead["id"])
              and t not in undated[:2] and t is not several]
    _ok(cli("drop", others[0]["id"], "--reason", "Không còn phù hợp", "-y"))
    _ok(cli("start", others[1]["id"]))
    return cli


def test_the_engine_writes_the_fields_of_the_records_in_their_order():
    """A field added to Task or Milestone must be added to the engine's JSON too."""
    task = Task(1, 1, "tthc", "1", "task", None, "", "", None, [], "", "not_started")
    milestone = Milestone(1, "", "dated", None, None, False, "", None, None, "")

    class Any:
        dialect = type("D", (), {"json_quote": staticmethod(str), "json_literal": staticmethod(str),
                                 "year_end": staticmethod(str)})()

    assert [k for k, _sql in task_fields(Any)] == list(json_fields(task))
    assert [k for k, _sql in milestone_fields(Any)] == list(json_fields(milestone))


def test_engine_json_is_the_records_json_byte_for_byte(tracked, db):
    records, lines = _both(db, plan="all")
    assert lines == records
    rows = json.loads(lines)
    assert len(rows) > 300
    milestones = [m for t in rows for m in t["milestones"]]
    assert {m["on_time"] for m in milestones} == {True, False, None}
    assert {m["needs_review"] for m in milestones} == {True, False}
    assert any(t["text"] == HOSTILE for t in rows) and any(m["evidence"] == HOSTILE for m in milestones)
    assert any(t["lead_agency"] is None for t in rows) and any(t["parent"] is not None for t in rows)
    assert {t["status"] for t in rows} == {"not_started", "in_progress", "done", "dropped"}


@pytest.mark.parametrize("filters", [
    {"plan": None}, {"plan": "1"}, {"plan": "all", "area": "tthc"}, {"plan": "all", "status": "done"},
    {"plan": "all", "agency": "van hoa"}, {"plan": "all", "level": "activity"},
    {"plan": "all", "area": "cong-vu", "status": "dropped"}])
def test_every_filter_lists_the_same_tasks_either_way(tracked, db, filters):
    records, lines = _both(db, **filters)
    assert lines == records


def test_no_task_is_an_empty_list(tracked, db):
    records, lines = _both(db, plan="all", status="done", level="objective", area="chi-dao")
    assert lines == records == "[]\n"


def test_piped_task_list_is_the_engines_and_a_search_the_records(tracked, db):
    piped = tracked("task", "list", "--plan", "all", "--format", "json")
    records, _lines = _both(db, plan="all")
    assert piped.output == records
    found = _json(tracked("task", "list", "--plan", "all", "--search", "SCRIPT> {", "--format", "json"))
    assert [t["text"] for t in found] == [HOSTILE]


def test_control_characters_a_damaged_file_holds_are_escaped_alike(tracked, db, backend):
    """Text cchc did not write (an old file, a row changed by hand) is quoted as the records' JSON is."""
    raw = "".join(chr(c) for c in range(1, 32)) + "\x7f\"\\/é"
    sql = "UPDATE task SET text = {} WHERE id = (SELECT min(id) FROM task)"
    if backend.name == "sqlite":
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute(sql.format("?"), (raw,))
    else:
        import psycopg

        with psycopg.connect(db) as conn:
            conn.execute(sql.format("%s"), (raw,))
    records, lines = _both(db, plan="all")
    assert lines == records and json.loads(lines)[0]["text"] == raw


def _raw(backend, db, *statements: tuple[str, tuple]) -> None:
    """SQL run outside cchc (a hand edit, another program): no cchc write follows it."""
    if backend.name == "sqlite":
        import sqlite3

        with sqlite3.connect(db) as conn:
            for sql, params in statements:
                conn.execute(sql, params)
        return
    import psycopg

    with psycopg.connect(db) as conn:
        for sql, params in statements:
            conn.execute(sql.replace("?", "%s"), params)


def _stored(db) -> list[tuple[int, str | None]]:
    with open_store(db) as store:
        return store.db.rows("SELECT id, json_text FROM task WHERE removed = ? ORDER BY id", (False,))


def test_every_write_stores_the_json_the_rows_give(tracked, db):
    from cchc.store.task_json import built_task_json

    stored = _stored(db)
    assert stored and all(text is not None for _id, text in stored)
    with open_store(db) as store:
        built = dict(built_task_json(store.db, "t.removed = ?", [False]))
    assert {tid: text.encode() for tid, text in stored} == built


def _outside_changes(rows: list[dict]) -> dict[str, tuple[str, tuple]]:
    """One change of each kind a task's JSON shows, each made alone (any emptied JSON in a listing has
    the whole listing built: a missing trigger shows only when its change is the only one)."""
    done = next(t for t in rows if t["milestones"] and t["milestones"][0]["done_on"] is None)
    coop = next(t for t in rows if t["cooperating_agencies"])
    undated = next(t for t in rows if any(m["due"] is None and m["done_on"] for m in t["milestones"]))
    return {
        "milestone changed": ("UPDATE milestone SET done_on = ?, evidence = ? WHERE id = ?",
                              ("2026-02-02", "sửa tay", done["milestones"][0]["id"])),
        "milestone added": ("INSERT INTO milestone (task_id, position, label, kind, due, needs_review, review_reason, "
                            "source_text, evidence) VALUES (?, 9, 'thêm', 'date', '2026-09-09', ?, '', '', '')",
                            (done["id"], False)),
        "milestone deleted": ("DELETE FROM milestone WHERE id = ?", (done["milestones"][-1]["id"],)),
        "cooperation deleted": ("DELETE FROM task_cooperation WHERE task_id = ?", (coop["id"],)),
        "cooperation changed": ("UPDATE task_cooperation SET written = ? WHERE task_id = ?", ("Hội Phụ nữ", coop["id"])),
        "cooperation added": ("INSERT INTO task_cooperation (task_id, agency_id, position, written) "
                              "SELECT ?, id, 99, 'Mới' FROM agency WHERE id NOT IN (SELECT agency_id FROM "
                              "task_cooperation WHERE task_id = ?) LIMIT 1", (coop["id"], coop["id"])),
        "plan period": ('UPDATE "plan" SET year_end = year_end - 5 WHERE id = ?', (undated["plan"],)),
        "task changed": ("UPDATE task SET status = ?, lead_written = ? WHERE id = ?", ("in_progress", "", rows[0]["id"])),
    }


CHANGES = ["milestone changed", "milestone added", "milestone deleted", "cooperation deleted",
           "cooperation changed", "cooperation added", "plan period", "task changed"]


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_made_outside_cchc_is_never_listed_stale(tracked, db, backend, change):
    """The database empties a task's JSON whatever changes what it shows; the listing builds it."""
    before = json.loads(_both(db, plan="all")[1])
    _raw(backend, db, _outside_changes(before)[change])
    records, lines = _both(db, plan="all")
    assert lines != _both_before(before) and lines == records
    # the next write through cchc stores every emptied one again
    assert tracked("note", "Họp giao ban").exit_code == 0
    assert all(text is not None for _id, text in _stored(db))
    assert _both(db, plan="all") == (records, records)


def _both_before(rows: list[dict]) -> str:
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows) + "\n]\n"


def test_a_task_row_inserted_with_json_gets_its_own(tracked, db, backend):
    """A copied or restored row never brings JSON of another id or another state."""
    first = json.loads(_both(db, plan="all")[1])[0]
    _raw(backend, db, ("INSERT INTO task (id, plan_id, area_code, level, ref, position, text, product, budget, "
                       "deadline_text, status, removed, created_at, updated_at, lead_written, json_text) "
                       "SELECT 990001, plan_id, area_code, level, ref, position, ?, product, budget, deadline_text, "
                       "status, removed, created_at, updated_at, lead_written, json_text FROM task WHERE id = ?",
                       ("Bản sao", first["id"])))
    records, lines = _both(db, plan="all")
    assert lines == records and "Bản sao" in lines


def test_db_check_names_a_stored_json_edited_by_hand(tracked, db, backend):
    assert tracked("db", "check").exit_code == 0
    first = json.loads(_both(db, plan="all")[1])[0]
    _raw(backend, db, ("UPDATE task SET json_text = replace(json_text, ?, ?) WHERE id = ?",
                       ('"status":"', '"status":"x', first["id"])))
    check = tracked("db", "check", "--format", "json")
    assert check.exit_code == 1
    assert [p["detail"] for p in json.loads(check.stdout)["problems"]] == [
        f"task {first['id']}: wrong stored JSON; cchc db check --repair stores it again"]
    repaired = tracked("db", "check", "--repair")
    assert repaired.exit_code == 0 and "JSON of 1 task" in repaired.stdout
    records, lines = _both(db, plan="all")
    assert lines == records and tracked("db", "check").exit_code == 0
