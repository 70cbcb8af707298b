"""`cchc task add` and `cchc task edit`: correcting the plan, recorded and undoable."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import HOANG_SON

TODAY = "15/05/2026"


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _show(cli, task_id: int) -> dict:
    return _json(cli("task", "show", str(task_id), "--format", "json"))


def _rows(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def hs(cli):
    assert cli("import", HOANG_SON).exit_code == 0
    return cli


def test_a_task_added_mid_year_is_listed_due_and_undone(hs, db):
    before = _rows(db, "SELECT count(*) FROM task")[0][0]
    added = hs("task", "add", "--area", "thủ tục hành chính", "--ref", "11", "--text", "Rà soát TTHC theo QĐ 12",
               "--lead", "Văn phòng HĐND&UBND xã", "--cooperating", "Phòng Văn hóa - Xã hội; Trung tâm PVHCC",
               "--deadline", "- Kế hoạch: Quý III/2026. - Báo cáo: tháng 11/2026")
    assert added.exit_code == 0, added.output
    task_id = int(added.output.split()[2])
    task = _show(hs, task_id)
    assert (task["area"], task["ref"], task["text"], task["lead_agency"]) == (
        "tthc", "11", "Rà soát TTHC theo QĐ 12", "Văn phòng HĐND&UBND xã")
    assert task["cooperating_agencies"] == ["Phòng Văn hóa - Xã hội", "Trung tâm PVHCC"]
    assert [(m["label"], m["due"]) for m in task["milestones"]] == [("Kế hoạch", "2026-09-30"), ("Báo cáo", "2026-11-30")]
    due = _json(hs("due", "--quarter", "III", "--format", "json", today=TODAY))
    assert (task_id, 1) in {(r["task_id"], r["milestone"]) for r in due}
    assert task_id in {t["id"] for t in _json(hs("task", "list", "--area", "tthc", "--format", "json"))}
    assert hs("undo", "--yes").exit_code == 0
    assert _rows(db, "SELECT count(*) FROM task")[0][0] == before
    assert _rows(db, f"SELECT count(*) FROM milestone WHERE task_id = {task_id}") == [(0,)]


def test_add_needs_area_text_and_lead(hs, db):
    before = _rows(db, "SELECT count(*) FROM task, milestone")
    for args in (["--text", "x", "--lead", "y"], ["--area", "tthc", "--lead", "y"], ["--area", "xyz", "--text", "x",
                                                                                    "--lead", "y"]):
        result = hs("task", "add", *args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, args
    assert _rows(db, "SELECT count(*) FROM task, milestone") == before


def test_edit_corrects_text_lead_and_area_in_the_task_history(hs):
    edited = hs("task", "edit", "49", "--text", "UBND xã ban hành Kế hoạch CCHC năm 2026", "--lead", "Văn phòng HĐND&UBND xã",
                "--area", "tthc")
    assert edited.exit_code == 0, edited.output
    task = _show(hs, 49)
    assert (task["text"], task["lead_agency"], task["area"]) == (
        "UBND xã ban hành Kế hoạch CCHC năm 2026", "Văn phòng HĐND&UBND xã", "tthc")
    fields = {c["field"] for c in task["history"] if c["command"] == "task edit 49"}
    assert {"text", "lead_written", "area_code"} <= fields
    assert hs("undo", "--yes").exit_code == 0
    assert _show(hs, 49)["area"] == "chi-dao"


def test_a_new_deadline_is_read_again_and_keeps_what_was_done(hs, db):
    assert hs("done", "52", "--milestone", "1", "--on", "20/03/2026", "--evidence", "BC số 5", today=TODAY).exit_code == 0
    before = _show(hs, 52)
    [evidence] = before["evidence"]
    edited = hs("task", "edit", "52", "--deadline", "Định kỳ hàng quý. - Tổng kết: tháng 12/2026")
    assert edited.exit_code == 0, edited.output
    after = _show(hs, 52)
    assert [m["due"] for m in after["milestones"]] == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31",
                                                      "2026-12-31"]
    first = after["milestones"][0]
    assert first["done_on"] == "2026-03-20" and first["evidence"] == "BC số 5"
    assert after["evidence"][0]["milestone"] == 1  # the evidence follows its milestone
    assert hs("undo", "--yes").exit_code == 0
    restored = _show(hs, 52)
    assert [(m["due"], m["done_on"]) for m in restored["milestones"]] == [
        (m["due"], m["done_on"]) for m in before["milestones"]]
    assert restored["evidence"] == before["evidence"]
    assert hs("db", "check").exit_code == 0


def test_a_deadline_that_would_lose_a_completion_is_refused(hs, db):
    assert hs("done", "54", "--milestone", "2", "--on", "20/11/2026", today="25/11/2026").exit_code == 0
    before = _rows(db, "SELECT * FROM milestone WHERE task_id = 54")
    result = hs("task", "edit", "54", "--deadline", "Quý III/2026")
    assert result.exit_code == 2
    assert "milestone 2 of task 54 is done" in result.output and "cchc start 54 --milestone 2" in result.output
    assert _rows(db, "SELECT * FROM milestone WHERE task_id = 54") == before


def test_edit_of_nothing_or_of_an_unknown_task_is_one_line(hs):
    for args in (("49",), ("99999", "--text", "x"), ("abc", "--text", "x")):
        result = hs("task", "edit", *args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, args
