"""Recording the work on An Lão 2026 (and Hoàng Sơn 2026): status, on time or late,
evidence, notes, due dates, history and undo — all through the CLI.

Expected values are read off the plan text:
An Lão ref 1 "Trước 15/01/2026"; ref 2 "Theo yêu cầu của Sở Nội vụ" (event);
ref 3 "Trước ngày mùng 10 của tháng cuối quý" (10/03, 10/06, 10/09, 10/12);
ref 4 "Quý I/2026" (31/03/2026); ref 12 "Thường xuyên"; area III (tthc) = refs 12-18.
"""

from __future__ import annotations

import hashlib
import json
import pytest

from backends import contents, query
from conftest import AN_LAO, HOANG_SON

pytestmark = pytest.mark.backends

EVIDENCE = "Kế hoạch số 12/KH-UBND ngày 10/01/2026"


@pytest.fixture
def an_lao(cli):
    cli.load(AN_LAO)
    return {t["ref"]: t["id"] for t in json.loads(cli("task", "list", "--format", "json").output)}


def show(cli, task_id) -> dict:
    result = cli("task", "show", task_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def log(cli, *args) -> list[dict]:
    result = cli("log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def counts(db) -> dict:
    return {t: query(db, f'SELECT count(*) FROM "{t}"')[0][0] for t in ("operation", "change", "note", "evidence")}


# -- done-when ---------------------------------------------------------------

def test_done_before_the_deadline_is_on_time_with_evidence_shown(cli, an_lao):
    result = ok(cli("done", an_lao["1"], "--on", "12/01/2026", "--evidence", EVIDENCE, today="20/01/2026"))
    assert "on time" in result.stdout
    task = show(cli, an_lao["1"])
    assert task["status"] == "done"
    [m] = task["milestones"]
    assert (m["number"], m["due"], m["done_on"], m["on_time"]) == (1, "2026-01-15", "2026-01-12", True)
    assert m["evidence"] == EVIDENCE
    assert [e["text"] for e in task["evidence"]] == [EVIDENCE]
    text = ok(cli("task", "show", an_lao["1"])).stdout
    assert EVIDENCE in text and "12/01/2026" in text and "on time" in text


def test_done_after_a_quarter_deadline_is_late(cli, an_lao):
    result = ok(cli("done", an_lao["4"], "--on", "02/04/2026", today="10/04/2026"))
    assert "late" in result.stdout
    [m] = show(cli, an_lao["4"])["milestones"]
    assert (m["due"], m["done_on"], m["on_time"]) == ("2026-03-31", "2026-04-02", False)
    assert "late" in ok(cli("task", "show", an_lao["4"])).stdout


def test_start_then_undo_is_back_to_not_started(cli, an_lao):
    ok(cli("start", an_lao["5"]))
    assert show(cli, an_lao["5"])["status"] == "in_progress"
    result = ok(cli("undo", "--yes"))
    assert "start" in result.stdout
    assert show(cli, an_lao["5"])["status"] == "not_started"


def test_log_json_lists_every_change_with_its_operation(cli, an_lao):
    ok(cli("done", an_lao["1"], "--on", "12/01/2026", "--evidence", EVIDENCE, today="20/01/2026"))
    ok(cli("start", an_lao["5"]))
    ok(cli("undo", "--yes"))
    entries = log(cli)
    assert {"at", "operation_id", "command", "task_id", "entity", "field", "old", "new", "note"} <= set(entries[0])
    done = [e for e in entries if e["task_id"] == an_lao["1"]]
    assert {(e["entity"], e["field"], e["old"], e["new"]) for e in done} == {
        ("milestone", "done_on", None, "2026-01-12"), ("milestone", "evidence", "", EVIDENCE),
        ("evidence", "created", None, None), ("task", "status", "not_started", "done")}
    assert len({e["operation_id"] for e in done}) == 1 and done[0]["command"].startswith("done")
    start, undo = [e for e in entries if e["task_id"] == an_lao["5"]]
    assert (start["old"], start["new"], undo["old"], undo["new"]) == ("not_started", "in_progress", "in_progress", "not_started")
    assert start["undone_by"] == undo["operation_id"] and undo["undoes"] == start["operation_id"]
    assert [e["task_id"] for e in log(cli, "--task", an_lao["5"])] == [an_lao["5"]] * 2
    assert log(cli, "--since", "01/01/2099") == []


@pytest.mark.parametrize("args", [
    ("done", "99999"),
    ("done", "{r1}", "--on", "31/02/2026"),
    ("status", "{r1}", "xyz"),
    ("done", "{r1}", "--milestone", "2"),
    ("done", "{r1}", "--on", "01/03/2026"),  # after --today
    ("done", "abc"),
    ("start", "{r1}", "99999"),  # one bad id: nothing written for the good one either
    ("note", "99999", "text"),
    ("set-due", "{r2}", "31/02/2026"),
    ("drop", "{r1}"),
    ("log", "--task", "99999"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, db, an_lao, args):
    ok(cli("note", an_lao["1"], "before"))  # the database has history already
    before = contents(db)
    result = cli(*[a.format(r1=an_lao["1"], r2=an_lao["2"]) for a in args], today="15/02/2026")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("cchc: ")
    assert contents(db) == before
    assert show(cli, an_lao["1"])["status"] == "not_started"


# -- milestones ----------------------------------------------------------------

def test_milestones_of_a_quarterly_task_one_by_one(cli, an_lao):
    task = an_lao["3"]
    assert [m["due"] for m in show(cli, task)["milestones"]] == ["2026-03-10", "2026-06-10", "2026-09-10", "2026-12-10"]
    ok(cli("done", task, "--milestone", "2", "--on", "05/06/2026", today="20/06/2026"))
    t = show(cli, task)
    assert t["status"] == "in_progress"  # part done
    assert [(m["done_on"], m["on_time"]) for m in t["milestones"]] == [(None, None), ("2026-06-05", True), (None, None), (None, None)]
    ok(cli("done", task, "-m", "1", "--on", "11/03/2026", today="20/06/2026"))
    ok(cli("done", task, "-m", "3", "--on", "10/09/2026", today="20/09/2026"))
    assert show(cli, task)["status"] == "in_progress"
    ok(cli("done", task, "-m", "4", "--on", "09/12/2026", today="20/12/2026"))  # the last one
    t = show(cli, task)
    assert t["status"] == "done"
    assert [m["on_time"] for m in t["milestones"]] == [False, True, True, True]


def test_done_without_milestone_closes_what_is_due_by_then(cli, an_lao):
    """A quarterly report done in June is the reports due by June, not the year's."""
    task = an_lao["3"]
    ok(cli("done", task, "-m", "1", "--on", "09/03/2026", today="20/06/2026"))
    ok(cli("done", task, "--on", "15/06/2026", today="20/06/2026"))
    t = show(cli, task)
    assert t["status"] == "in_progress"
    assert [m["done_on"] for m in t["milestones"]] == ["2026-03-09", "2026-06-15", None, None]
    assert [m["on_time"] for m in t["milestones"]] == [True, False, None, None]
    ok(cli("done", task, "--on", "20/06/2026", today="20/06/2026"))  # nothing due yet: the next one
    assert [m["done_on"] for m in show(cli, task)["milestones"]] == ["2026-03-09", "2026-06-15", "2026-06-20", None]


def test_done_all_closes_every_open_milestone(cli, an_lao):
    task = an_lao["3"]
    ok(cli("done", task, "-m", "1", "--on", "09/03/2026", today="20/06/2026"))
    ok(cli("done", task, "--all", "--on", "15/06/2026", today="20/06/2026"))
    t = show(cli, task)
    assert t["status"] == "done"
    assert [m["done_on"] for m in t["milestones"]] == ["2026-03-09", "2026-06-15", "2026-06-15", "2026-06-15"]
    assert [m["on_time"] for m in t["milestones"]] == [True, False, True, True]


def test_ongoing_task_is_on_time_within_the_plan_year(cli, an_lao):
    ok(cli("done", an_lao["12"], "--on", "20/11/2026", today="21/11/2026"))
    [m] = show(cli, an_lao["12"])["milestones"]
    assert (m["kind"], m["due"], m["on_time"]) == ("ongoing", None, True)


def test_start_on_a_done_task_reopens_its_milestones(cli, an_lao):
    task = an_lao["3"]
    ok(cli("done", task, "--all", "--on", "15/06/2026", "-e", "BC số 5", today="20/06/2026"))
    ok(cli("start", task, "--milestone", "4"))
    t = show(cli, task)
    assert t["status"] == "in_progress"
    assert [m["done_on"] for m in t["milestones"]] == ["2026-06-15"] * 3 + [None]
    ok(cli("status", task, "chưa thực hiện"))
    t = show(cli, task)
    assert t["status"] == "not_started" and [m["done_on"] for m in t["milestones"]] == [None] * 4
    assert [m["evidence"] for m in t["milestones"]] == [""] * 4


@pytest.mark.parametrize("typed, status", [
    ("dang thuc hien", "in_progress"), ("Đang thực hiện", "in_progress"), ("hoan thanh", "done"),
    ("HOÀN THÀNH", "done"), ("chua thuc hien", "not_started"), ("dropped", "dropped"),
])
def test_status_accepts_vietnamese_with_or_without_accents(cli, an_lao, typed, status):
    ok(cli("status", an_lao["5"], an_lao["6"], typed, "--on", "01/06/2026", today="01/06/2026"))
    assert {show(cli, an_lao[r])["status"] for r in ("5", "6")} == {status}


def test_drop_keeps_the_reason_as_a_note(cli, an_lao):
    ok(cli("drop", an_lao["6"], "--reason", "Thành phố không tổ chức hội thi"))
    t = show(cli, an_lao["6"])
    assert t["status"] == "dropped"
    assert [n["text"] for n in t["notes"]] == ["Thành phố không tổ chức hội thi"]
    assert t["history"][0]["note"] == "Thành phố không tổ chức hội thi"


# -- notes, evidence, due dates ---------------------------------------------------

def test_note_and_file_evidence_are_recorded(cli, an_lao, tmp_path):
    scan = tmp_path / "KH-12.pdf"
    scan.write_bytes(b"%PDF-1.4 ke hoach 12")
    ok(cli("note", an_lao["1"], "Đã trình Chủ tịch ký"))
    ok(cli("evidence", an_lao["1"], "Kế hoạch số 12/KH-UBND", "--file", scan))
    ok(cli("evidence", an_lao["3"], "Báo cáo quý I", "--milestone", "1"))
    t = show(cli, an_lao["1"])
    assert [n["text"] for n in t["notes"]] == ["Đã trình Chủ tịch ký"]
    [e] = t["evidence"]
    assert (e["text"], e["file_path"]) == ("Kế hoạch số 12/KH-UBND", str(scan.resolve()))
    assert e["file_sha256"] == hashlib.sha256(b"%PDF-1.4 ke hoach 12").hexdigest()
    assert scan.exists()  # recorded, not moved or copied
    assert show(cli, an_lao["3"])["evidence"][0]["milestone"] == 1
    text = ok(cli("task", "show", an_lao["1"])).stdout
    assert "Đã trình Chủ tịch ký" in text and "KH-12.pdf" in text


def test_missing_evidence_file_changes_nothing(cli, db, an_lao, tmp_path):
    before = counts(db)
    for args in (("evidence", an_lao["1"], "--file", tmp_path / "none.pdf"),
                 ("done", an_lao["1"], "--file", tmp_path / "none.pdf")):
        result = cli(*args)
        assert result.exit_code == 2 and "none.pdf" in result.stderr
    assert counts(db) == before


def test_set_due_gives_an_event_task_its_date(cli, an_lao):
    [m] = show(cli, an_lao["2"])["milestones"]
    assert (m["kind"], m["due"]) == ("event", None)
    ok(cli("set-due", an_lao["2"], "30/04/2026", "--note", "Công văn 45/SNV"))
    [m] = show(cli, an_lao["2"])["milestones"]
    assert m["due"] == "2026-04-30"
    ok(cli("done", an_lao["2"], "--on", "05/05/2026", today="06/05/2026"))
    assert show(cli, an_lao["2"])["milestones"][0]["on_time"] is False


def test_set_due_corrects_a_flagged_date_and_undo_restores_the_flag(cli):
    ok(cli("import", HOANG_SON))
    tasks = json.loads(cli("task", "list", "--format", "json").output)
    [task] = [t for t in tasks if "31/11/2026" in t["deadline_text"]]
    first = task["milestones"][0]
    assert (first["due"], first["needs_review"]) == ("2026-11-30", True)
    result = cli("set-due", task["id"], "25/11/2026")
    assert result.exit_code == 2 and "--milestone" in result.stderr  # two milestones: which one?
    ok(cli("set-due", task["id"], "--milestone", "1", "25/11/2026"))
    first = show(cli, task["id"])["milestones"][0]
    assert (first["due"], first["needs_review"], first["review_reason"]) == ("2026-11-25", False, "")
    ok(cli("undo", "--yes"))
    restored = show(cli, task["id"])["milestones"][0]
    assert restored == {**first, "due": "2026-11-30", "needs_review": True,
                        "review_reason": task["milestones"][0]["review_reason"]}


# -- bulk ------------------------------------------------------------------------

def test_bulk_by_filter_needs_yes_without_a_terminal(cli, db, an_lao):
    before = counts(db)
    result = cli("done", "--area", "tthc", "--on", "30/06/2026", today="01/07/2026")
    assert result.exit_code == 2 and "--yes" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert counts(db) == before
    ok(cli("done", "--area", "tthc", "--on", "30/06/2026", "--yes", today="01/07/2026"))
    statuses = {t["ref"]: t["status"] for t in json.loads(cli("task", "list", "--format", "json").output)}
    assert {r for r, s in statuses.items() if s == "done"} == {str(n) for n in range(12, 19)}
    assert len({e["operation_id"] for e in log(cli)}) == 1  # one command, one operation
    ok(cli("undo", "--yes"))
    assert json.loads(cli("task", "list", "--status", "done", "--format", "json").output) == []


def test_ids_and_filters_together_are_refused(cli, an_lao):
    result = cli("done", an_lao["1"], "--area", "tthc", "--yes")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_filter_matching_nothing_changes_nothing(cli, db, an_lao):
    before = counts(db)
    result = ok(cli("start", "--search", "không có nhiệm vụ này", "--yes"))
    assert "No task matches" in result.stdout and counts(db) == before


# -- undo ------------------------------------------------------------------------

def test_repeated_undo_walks_back_and_restores_exact_values(cli, an_lao):
    t1 = an_lao["1"]
    original = show(cli, t1)
    ok(cli("note", t1, "gửi dự thảo"))
    ok(cli("done", t1, "--on", "12/01/2026", "--evidence", EVIDENCE, today="20/01/2026"))
    ok(cli("start", an_lao["5"]))
    for expected in ("start", "done", "note"):
        assert expected in ok(cli("undo", "--yes")).stdout
    restored = show(cli, t1)
    for key in ("status", "milestones", "notes", "evidence"):
        assert restored[key] == original[key]
    assert show(cli, an_lao["5"])["status"] == "not_started"
    ops = {e["operation_id"]: e for e in log(cli)}
    assert sum(1 for e in ops.values() if e["command"].startswith("undo")) == 3
    assert "import" in ok(cli("undo", "--yes")).stdout  # the import is an operation like the others
    assert json.loads(cli("plan", "list", "--format", "json").output) == []
    assert "Nothing to undo" in ok(cli("undo", "--yes")).stdout


def test_undo_needs_yes_without_a_terminal(cli, db, an_lao):
    ok(cli("start", an_lao["5"]))
    before = counts(db)
    result = cli("undo")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert counts(db) == before and show(cli, an_lao["5"])["status"] == "in_progress"


def test_undo_reverts_indicator_values_too(cli, an_lao):
    key = "muc-do-hai-long-cua-nguoi"  # "Mức độ hài lòng … đạt 90% trở lên"
    ok(cli("indicator", "record", key, "92", "--period", "2026-Q1", today="15/04/2026"))
    ok(cli("indicator", "record", key, "95,5", "--period", "2026-Q1", "--as-of", "10/04/2026", today="15/04/2026"))
    ok(cli("undo", "--yes"))
    [value] = json.loads(cli("indicator", "show", key, "--format", "json").output)["values"]
    assert (value["value"], value["as_of"]) == (92.0, "2026-03-31")
    ok(cli("undo", "--yes"))
    assert json.loads(cli("indicator", "show", key, "--format", "json").output)["values"] == []


def test_undo_reverts_an_amended_import_with_the_work_recorded_before(cli, db, an_lao, tmp_path):
    """Issue 18.5: an amended re-import no longer blocks undo; it is undone like any command."""
    ok(cli("done", an_lao["1"], "--on", "12/01/2026", "--evidence", EVIDENCE, today="20/01/2026"))
    before = show(cli, an_lao["1"])
    amended = tmp_path / "xa-an-lao-2026-sua-doi.txt"
    amended.write_text(AN_LAO.read_text(encoding="utf-8").replace("Trước 15/01/2026", "Trước 20/01/2026"), encoding="utf-8")
    ok(cli("import", amended))
    changed = show(cli, an_lao["1"])
    assert changed["milestones"][0]["due"] == "2026-01-20" and changed["milestones"][0]["done_on"] == "2026-01-12"
    assert "import" in ok(cli("undo", "--yes")).stdout
    after = show(cli, an_lao["1"])
    assert {k: v for k, v in after.items() if k != "history"} == {k: v for k, v in before.items() if k != "history"}
    assert "done" in ok(cli("undo", "--yes")).stdout  # and the work recorded before it can be undone too
    assert show(cli, an_lao["1"])["status"] == "not_started"


def test_bulk_on_a_terminal_shows_what_will_change_and_asks(cli, db, an_lao):
    import os
    import pty
    import subprocess
    import sys

    from conftest import ROOT

    master, slave = pty.openpty()
    os.write(master, b"y\n")  # the answer waits in the terminal's buffer
    proc = subprocess.run([sys.executable, "-m", "cchc", "--db", str(db), "--today", "01/07/2026",
                           "start", "--area", "the-che"], stdin=slave, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert "Set 5 tasks to in progress? [y/N]" in proc.stdout
    preview = proc.stdout.split("[y/N]")[0]
    assert "Ban hành Quyết định bãi bỏ văn bản QPPL" in preview and "not started" in preview
    statuses = {t["ref"]: t["status"] for t in json.loads(cli("task", "list", "--area", "the-che", "--format", "json").output)}
    assert statuses == {str(n): "in_progress" for n in range(7, 12)}
