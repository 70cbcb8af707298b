"""`cchc summary` and `cchc changes` on the real example plans.

Expected numbers are read by hand from the appendices of the plans (see the
comments); "today" is 15/04/2026 unless said otherwise.
"""

from __future__ import annotations

import json

import pytest

from conftest import HOANG_SON, MU_CO, run_cchc

pytestmark = pytest.mark.backends

TODAY = "15/04/2026"
# Hoàng Sơn 2026, tasks per appendix (Phụ lục 01..07): one row each, no hierarchy.
HOANG_SON_TOTALS = {"chi-dao": 6, "the-che": 4, "tthc": 10, "bo-may": 7, "cong-vu": 5, "tai-chinh": 8,
                    "chinh-quyen-so": 14}
# Open tasks with a milestone due before 15/04/2026 once tài chính 1 and thể chế 1 are done:
# chỉ đạo 1 (05/01 + quarterly report), 2, 4, 5 (quarterly reports 31/03), 6 (Kế hoạch kiểm tra quý I);
# thể chế 3 (Kế hoạch của UBND xã: quý I); công vụ 2 (Triển khai: Quý I); tài chính 6, 7 (Quý I/2026).
HOANG_SON_OVERDUE = {"chi-dao": 5, "the-che": 1, "tthc": 0, "bo-may": 0, "cong-vu": 1, "tai-chinh": 2,
                     "chinh-quyen-so": 0}
VAN_HOA, KINH_TE, VAN_PHONG = "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Văn phòng HĐND và UBND"


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def hoang_son(cli):
    """Hoàng Sơn with tài chính 1 (Quý I/2026) done on time and thể chế 1 (Kế hoạch: quý I) done late."""
    cli.load(HOANG_SON)
    tasks = _json(cli("task", "list", "--format", "json"))
    ids = {(t["area"], t["ref"].rstrip(".")): t["id"] for t in tasks}
    cli.ids = ids
    done = cli("done", ids[("tai-chinh", "1")], "--on", "20/03/2026", "-e", "Quyết định số 15/QĐ-UBND ngày 20/03/2026",
               today=TODAY)
    assert done.exit_code == 0, done.output
    assert cli("done", ids[("the-che", "1")], "--on", "10/04/2026", today=TODAY).exit_code == 0
    return cli


def _areas(data):
    return {a["area"]: a for a in data["areas"]}


def test_area_totals_equal_the_task_list(hoang_son):
    data = _json(hoang_son("summary", "--format", "json", today=TODAY))
    areas = _areas(data)
    assert {code: a["total"] for code, a in areas.items()} == HOANG_SON_TOTALS
    listed = _json(hoang_son("task", "list", "--format", "json"))
    for code, area in areas.items():
        assert area["total"] == sum(1 for t in listed if t["area"] == code)
    assert list(areas) == ["chi-dao", "the-che", "tthc", "bo-may", "cong-vu", "tai-chinh", "chinh-quyen-so"]
    assert set(data["areas"][0]) >= {"area", "name", "total", "done_on_time", "done_late", "in_progress",
                                     "not_started", "overdue", "dropped"}
    assert data["as_of"] == "2026-04-15"
    assert data["plan"]["commune"] == "xã Hoàng Sơn"


def test_done_on_time_and_late(hoang_son):
    areas = _areas(_json(hoang_son("summary", "--format", "json", today=TODAY)))
    assert (areas["tai-chinh"]["done_on_time"], areas["tai-chinh"]["done_late"]) == (1, 0)
    assert (areas["the-che"]["done_on_time"], areas["the-che"]["done_late"]) == (0, 1)
    assert areas["the-che"]["not_started"] == 3 and areas["tai-chinh"]["not_started"] == 7
    assert areas["the-che"]["pct_done"] == 25.0
    for code, area in areas.items():
        assert area["total"] == sum(area[k] for k in ("done_on_time", "done_late", "in_progress", "not_started",
                                                       "dropped"))


def test_overdue_matches_the_overdue_command(hoang_son):
    areas = _areas(_json(hoang_son("summary", "--format", "json", today=TODAY)))
    assert {code: a["overdue"] for code, a in areas.items()} == HOANG_SON_OVERDUE
    rows = _json(hoang_son("overdue", "--format", "json", today=TODAY))
    for code, area in areas.items():
        assert area["overdue"] == len({r["task_id"] for r in rows if r["area"] == code})


def test_started_and_dropped(hoang_son):
    ids = hoang_son.ids
    assert hoang_son("start", ids[("chinh-quyen-so", "10")], today=TODAY).exit_code == 0
    assert hoang_son("drop", ids[("chinh-quyen-so", "4")], "-r", "Không còn phù hợp", today=TODAY).exit_code == 0
    cqs = _areas(_json(hoang_son("summary", "--format", "json", today=TODAY)))["chinh-quyen-so"]
    assert (cqs["total"], cqs["in_progress"], cqs["dropped"], cqs["not_started"]) == (14, 1, 1, 12)
    assert cqs["pct_done"] == 0.0


def test_agencies_most_behind_first(hoang_son):
    agencies = _json(hoang_son("summary", "--format", "json", today=TODAY))["agencies"]
    first = agencies[0]
    # Văn hóa - Xã hội leads chỉ đạo 1, 2, 6 and công vụ 2, all overdue
    assert (first["agency"], first["overdue"]) == (VAN_HOA, 4)
    names = [a["agency"] for a in agencies]
    # Văn phòng (thể chế 3 and chỉ đạo 4 overdue, thể chế 1 late) before Kinh tế (tài chính 6, 7 overdue)
    assert names.index(VAN_PHONG) < names.index(KINH_TE)
    by_name = {a["agency"]: a for a in agencies}
    assert {k: by_name[VAN_PHONG][k] for k in ("open", "overdue", "done_late")} == {"open": 4, "overdue": 2,
                                                                                   "done_late": 1}
    assert {k: by_name[KINH_TE][k] for k in ("open", "overdue", "done_late")} == {"open": 7, "overdue": 2,
                                                                                 "done_late": 0}


def test_quarter_counts_only_tasks_due_in_it(hoang_son):
    # Quý II/2026: chỉ đạo 1, 2, 4, 5 (quarterly reports 30/06) and chính quyền số 10 (Quý II/2026)
    areas = _areas(_json(hoang_son("summary", "--quarter", "II", "--format", "json", today=TODAY)))
    assert {code: a["total"] for code, a in areas.items() if a["total"]} == {"chi-dao": 4, "chinh-quyen-so": 1}
    assert areas["tthc"]["total"] == 0  # every area still listed
    q1 = _areas(_json(hoang_son("summary", "--quarter", "1", "--year", "2026", "--format", "json", today=TODAY)))
    assert {code: a["total"] for code, a in q1.items() if a["total"]} == {
        "chi-dao": 5, "the-che": 2, "cong-vu": 1, "tai-chinh": 3}


def test_indicators_upcoming_and_review(hoang_son):
    assert hoang_son("indicator", "record", "ty-le-giao-dich-thanh-toan", "52", "--period", "2026-Q1",
                     today="30/03/2026").exit_code == 0
    data = _json(hoang_son("summary", "--format", "json", today="25/03/2026"))
    payments = next(i for i in data["indicators"] if i["key"] == "ty-le-giao-dich-thanh-toan")
    assert (payments["target"], payments["latest"], payments["met"]) == (55.0, None, None)  # recorded after 25/03
    data = _json(hoang_son("summary", "--format", "json", today=TODAY))
    payments = next(i for i in data["indicators"] if i["key"] == "ty-le-giao-dich-thanh-toan")
    assert (payments["target"], payments["latest"], payments["met"]) == (55.0, 52.0, False)  # ≥ 55% not reached
    # due 25/03–08/04: the quarter-end milestones of Quý I, less tài chính 1 and thể chế 1 (done)
    upcoming = _json(hoang_son("summary", "--format", "json", today="25/03/2026"))["upcoming"]
    assert sorted((r["area"], r["ref"].rstrip(".")) for r in upcoming) == sorted([
        ("chi-dao", "1"), ("chi-dao", "2"), ("chi-dao", "4"), ("chi-dao", "5"), ("chi-dao", "6"),
        ("the-che", "3"), ("cong-vu", "2"), ("tai-chinh", "6"), ("tai-chinh", "7")])
    review = data["needs_review"]
    # "Trước ngày 31/11/2026"; and the events of open tasks: bộ máy 3, chính quyền số 1 and 4, chỉ đạo 2
    assert sorted((r["area"], r["ref"].rstrip(".")) for r in review) == sorted([
        ("chi-dao", "3"), ("bo-may", "3"), ("chinh-quyen-so", "1"), ("chinh-quyen-so", "4"), ("chi-dao", "2")])
    assert "31/11/2026" in next(r["reason"] for r in review if r["area"] == "chi-dao" and r["ref"].startswith("3"))


def test_hierarchical_plan_counts_activities_not_their_parents(cli):
    assert cli("import", MU_CO).exit_code == 0
    # The section headings of Mù Cơ count the activities: I. 06, II. 06, III. 06 (plus Mục tiêu 4, an
    # objective with neither task nor activity), IV. 01, V. 02, VI. 02, VII. 03.
    areas = _areas(_json(cli("summary", "--format", "json", today="01/02/2026")))
    assert {code: a["total"] for code, a in areas.items()} == {
        "chi-dao": 6, "the-che": 6, "tthc": 7, "bo-may": 1, "cong-vu": 2, "tai-chinh": 2, "chinh-quyen-so": 3}


def test_markdown_and_plain_text(hoang_son):
    md = hoang_son("summary", "--format", "markdown", today=TODAY)
    assert md.exit_code == 0
    assert md.output.startswith("# ") and "xã Hoàng Sơn" in md.output.splitlines()[0]
    assert "## Areas" in md.output and "## Lead agencies" in md.output
    row = next(line for line in md.output.splitlines() if line.startswith("| the-che"))
    assert [c.strip() for c in row.strip("|").split("|")][:9] == ["the-che", "Cải cách thể chế", "4", "0", "1", "0",
                                                                    "3", "1", "0"]
    plain = hoang_son("summary", today=TODAY)
    assert plain.exit_code == 0
    assert "\x1b" not in plain.output
    assert "Cải cách hành chính trên địa bàn Xã Hoàng Sơn năm 2026" in plain.output


def test_piped_summary_has_no_escapes(hoang_son):
    result = run_cchc("--db", str(hoang_son.db), "--today", TODAY, "summary")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "Lead agencies" in result.stdout


def test_summary_errors(hoang_son, cli):
    for args in (("--quarter", "V"), ("--plan", "9"), ("--plan", "all"), ("--format", "csv")):
        result = hoang_son("summary", *args, today=TODAY)
        assert result.exit_code == 2, args


# -- changes ------------------------------------------------------------------


def test_changes_grouped(hoang_son):
    ids = hoang_son.ids
    assert hoang_son("start", ids[("chinh-quyen-so", "10")], today=TODAY).exit_code == 0
    assert hoang_son("note", ids[("chinh-quyen-so", "11")], "Đang chờ hướng dẫn", today=TODAY).exit_code == 0
    assert hoang_son("evidence", ids[("the-che", "3")], "Kế hoạch số 5/KH-UBND ngày 02/04/2026",
                     today=TODAY).exit_code == 0
    assert hoang_son("done", ids[("chi-dao", "6")], "-m", "1", "--on", "02/04/2026", today=TODAY).exit_code == 0
    assert hoang_son("indicator", "record", "ty-le-giao-dich-thanh-toan", "56", today=TODAY).exit_code == 0
    data = _json(hoang_son("changes", "--since", "01/01/2000", "--format", "json"))
    changes = data["changes"]
    assert data["since"] == "2000-01-01"
    assert sorted(c["ref"].rstrip(".") + c["area"] for c in changes["done"]) == ["1tai-chinh", "1the-che"]
    assert "20/03/2026" in next(c["detail"] for c in changes["done"] if c["area"] == "tai-chinh")
    # chỉ đạo 6 started by completing its first milestone
    assert [(c["area"], c["ref"]) for c in changes["started"]] == [("chinh-quyen-so", "10."), ("chi-dao", "6.")]
    assert [c["detail"] for c in changes["notes"]] == ["Đang chờ hướng dẫn"]
    assert [c["detail"] for c in changes["evidence"]] == ["Quyết định số 15/QĐ-UBND ngày 20/03/2026",
                                                          "Kế hoạch số 5/KH-UBND ngày 02/04/2026"]
    # chỉ đạo 6: only its Kế hoạch kiểm tra milestone, the task stays open
    assert [(c["area"], c["detail"]) for c in changes["milestones_done"]] == [
        ("chi-dao", "Kế hoạch kiểm tra: 02/04/2026")]
    assert [c["detail"] for c in changes["indicator_values"]] == ["ty-le-giao-dich-thanh-toan 2026-Q2: 56%"]
    text = hoang_son("changes", "--since", "01/01/2000")
    assert text.exit_code == 0 and "Tasks done (2):" in text.output and "Notes added (1):" in text.output


def test_changes_leave_out_undone_operations(hoang_son):
    ids = hoang_son.ids
    assert hoang_son("drop", ids[("bo-may", "3")], "-r", "Nhầm", today=TODAY).exit_code == 0
    assert hoang_son("undo", "--yes", today=TODAY).exit_code == 0
    changes = _json(hoang_son("changes", "--since", "01/01/2000", "--format", "json"))["changes"]
    assert changes["dropped"] == [] and changes["notes"] == []


def test_changes_since_a_later_date_and_bad_date(hoang_son):
    result = hoang_son("changes", "--since", "01/01/2199")  # dates run to 2200 (issue 18)
    assert result.exit_code == 0 and "No change recorded since 01/01/2199." in result.output
    assert hoang_son("changes", "--since", "31/02/2026").exit_code == 2


def test_changes_are_as_of_today(hoang_son):
    """--today (or CCHC_TODAY) is the day the view is as of: a change recorded after it is not listed yet."""
    ids = hoang_son.ids
    assert hoang_son("note", ids[("chinh-quyen-so", "11")], "Đang chờ hướng dẫn").exit_code == 0
    now = _json(hoang_son("changes", "--since", "01/01/2000", "--format", "json"))["changes"]["notes"]
    assert [c["detail"] for c in now] == ["Đang chờ hướng dẫn"]
    before = _json(hoang_son("changes", "--since", "01/01/2000", "--format", "json", today="02/01/2000"))
    assert before["changes"]["notes"] == []
