"""Deadline views on the real example plans: due, overdue, agenda, remind, export ics.

Expected milestones are read by hand from the deadline column of the plans.
"""

from __future__ import annotations

import json

import pytest

from conftest import AN_LAO, HOANG_SON, run_cchc

pytestmark = pytest.mark.backends

# Hoàng Sơn 2026, milestones due in Q1 2026 (area, ref, due), from the appendices:
HOANG_SON_Q1 = sorted([
    ("chi-dao", "1", "2026-01-05"),  # Kế hoạch CCHC: "Trước ngày 05/01 hằng năm"
    ("chi-dao", "1", "2026-03-31"),  # Báo cáo: "Định kỳ hằng Quý"
    ("chi-dao", "2", "2026-03-31"),  # Báo cáo "cùng báo cáo CCHC định kỳ hằng quý"
    ("chi-dao", "4", "2026-03-31"),  # "Định kỳ hàng quý"
    ("chi-dao", "5", "2026-03-31"),  # "Định kỳ hàng Quý"
    ("chi-dao", "6", "2026-03-31"),  # Kế hoạch kiểm tra: quý I/2026
    ("the-che", "1", "2026-03-31"),  # chậm nhất trong Quý I/2026
    ("the-che", "3", "2026-03-31"),  # Kế hoạch của UBND xã: Chậm nhất trong Quý I/2026
    ("cong-vu", "2", "2026-03-31"),  # Triển khai: Quý I/2026
    ("tai-chinh", "1", "2026-03-31"),  # Quý I/2026
    ("tai-chinh", "6", "2026-03-31"),
    ("tai-chinh", "7", "2026-03-31"),
])
VAN_HOA = "Phòng Văn hóa - Xã hội"
# Dated milestones in the whole Hoàng Sơn plan: thể chế 4 (1: Q1; 2: Q4; 3: Q1 + 11/2026), công vụ 2 (2: Q1;
# 5: "Hàng năm"), tài chính 4 (1, 3, 6, 7), chính quyền số 3 (10, 11, 12), chỉ đạo 21 (1: 05/01 + 4 quarters;
# 2, 4, 5: 4 quarters each; 3: 30/11 + 05/12; 6: Q1 + 11/2026).
HOANG_SON_DATED = 34


def _json(result):
    if hasattr(result, "returncode"):
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _keys(rows):
    return sorted((r["area"], r["ref"].rstrip("."), r["due"]) for r in rows)


@pytest.fixture
def hoang_son(cli):
    return cli.load(HOANG_SON)


def test_due_in_first_quarter_hoang_son(hoang_son):
    rows = _json(hoang_son("due", "--quarter", "I", "--format", "json", today="2026-01-10"))
    assert _keys(rows) == HOANG_SON_Q1
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)  # soonest first
    first = rows[0]
    assert set(first) == {"task_id", "milestone_id", "milestone", "plan", "area", "ref", "text", "label", "kind", "due",
                          "lead_agency", "status", "days_left"}
    assert (first["due"], first["days_left"], first["kind"], first["lead_agency"]) == ("2026-01-05", -5, "yearly", VAN_HOA)
    assert rows[-1]["days_left"] == 80


def test_due_quarter_in_arabic_digits_and_with_year_of_the_plan(hoang_son):
    arabic = _json(hoang_son("due", "--quarter", "1", "--format", "json", today="2025-06-01"))
    assert _keys(arabic) == HOANG_SON_Q1  # --year defaults to the plan's year, not today's


def test_due_in_first_quarter_an_lao(cli):
    cli.load(AN_LAO)
    rows = _json(cli("due", "--quarter", "I", "--format", "json", today="2026-01-10"))
    # 1: "Trước 15/01/2026"; 3: "Trước ngày mùng 10 của tháng cuối quý"; 4: "Quý I/2026".
    assert [(r["ref"], r["due"]) for r in rows] == [("1", "2026-01-15"), ("3", "2026-03-10"), ("4", "2026-03-31")]


def test_agency_filter_without_accents(hoang_son):
    rows = _json(hoang_son("due", "--quarter", "I", "--agency", "van hoa", "--format", "json", today="2026-01-10"))
    assert {r["lead_agency"] for r in rows} == {VAN_HOA}
    assert _keys(rows) == sorted([("chi-dao", "1", "2026-01-05"), ("chi-dao", "1", "2026-03-31"),
                                  ("chi-dao", "2", "2026-03-31"), ("chi-dao", "6", "2026-03-31"),
                                  ("cong-vu", "2", "2026-03-31")])


def test_area_and_search_filters(hoang_son):
    rows = _json(hoang_son("due", "--quarter", "I", "--area", "tai-chinh", "--format", "json", today="2026-01-10"))
    assert _keys(rows) == [k for k in HOANG_SON_Q1 if k[0] == "tai-chinh"]
    rows = _json(hoang_son("due", "--year", "2026", "--search", "dau tu cong", "--format", "json", today="2026-01-10"))
    assert [(r["area"], r["ref"]) for r in rows] == [("tai-chinh", "1.")]


def test_default_period_is_the_next_14_days(hoang_son):
    assert _json(hoang_son("due", "--format", "json", today="2026-03-20")) == _json(
        hoang_son("due", "--from", "20/03/2026", "--to", "03/04/2026", "--format", "json", today="2026-03-20"))
    rows = _json(hoang_son("due", "--format", "json", today="2026-03-20"))
    assert len(rows) == 11 and {r["due"] for r in rows} == {"2026-03-31"}
    assert _json(hoang_son("due", "--format", "json", today="2026-01-10")) == []


def test_undated_milestones_only_on_request(hoang_son):
    plain = _json(hoang_son("due", "--year", "2026", "--format", "json", today="2026-01-10"))
    assert len(plain) == HOANG_SON_DATED and all(r["due"] for r in plain)
    rows = _json(hoang_son("due", "--include-undated", "--area", "bo-may", "--format", "json", today="2026-01-10"))
    # Tổ chức bộ máy: 6 tasks "Thường xuyên", task 3 "Theo hướng dẫn của Bộ Nội vụ".
    assert sorted((r["ref"].rstrip("."), r["kind"]) for r in rows) == sorted(
        [(str(n), "ongoing") for n in (1, 2, 4, 5, 6, 7)] + [("3", "event")])
    assert all(r["due"] is None and r["days_left"] is None for r in rows)


def test_done_milestones_hidden_unless_all(hoang_son):
    q1 = _json(hoang_son("due", "--quarter", "I", "--format", "json", today="2026-01-10"))
    ids = [str(r["task_id"]) for r in q1 if r["area"] == "tai-chinh" and r["ref"] in ("1.", "6.")]
    assert hoang_son("done", *ids, "--on", "01/03/2026", "-y").exit_code == 0
    rows = _json(hoang_son("due", "--quarter", "I", "--format", "json", today="2026-01-10"))
    assert _keys(rows) == [k for k in HOANG_SON_Q1 if k not in (("tai-chinh", "1", "2026-03-31"),
                                                                 ("tai-chinh", "6", "2026-03-31"))]
    every = _json(hoang_son("due", "--quarter", "I", "--all", "--format", "json", today="2026-01-10"))
    assert _keys(every) == HOANG_SON_Q1
    assert {r["ref"]: r["status"] for r in every if r["area"] == "tai-chinh"} == {
        "1.": "done", "6.": "done", "7.": "not_started"}


def test_overdue_check_exit_codes(hoang_son):
    late = hoang_son("overdue", "--check", today="2026-04-15")
    assert late.exit_code == 1
    assert "100 days late" in late.output and "15 days late" in late.output
    on_time = hoang_son("overdue", "--check", today="2026-01-02")
    assert on_time.exit_code == 0
    assert hoang_son("overdue", today="2026-04-15").exit_code == 0  # without --check, listing is success


def test_overdue_json_most_late_first(hoang_son):
    result = hoang_son("overdue", "--check", "--format", "json", today="2026-04-15")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert _keys(rows) == HOANG_SON_Q1  # nothing falls due from 01/04 to 14/04
    assert rows[0]["days_left"] == -100 and rows[0]["due"] == "2026-01-05"
    assert [r["days_left"] for r in rows] == sorted(r["days_left"] for r in rows)
    assert _json(hoang_son("overdue", "--format", "json", today="2026-01-02")) == []


def test_piped_output_is_plain_one_row_per_line(hoang_son):
    db = str(hoang_son.db)
    for args in (["due", "--quarter", "I"], ["overdue"], ["agenda", "--months", "3"], ["remind"]):
        proc = run_cchc("--db", db, "--today", "2026-04-15", *args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "\x1b" not in proc.stdout
        assert not set("│─┃━┏┓┗┛╭╮╰╯") & set(proc.stdout), args
    proc = run_cchc("--db", db, "--today", "2026-01-10", "due", "--quarter", "I")
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 + len(HOANG_SON_Q1)
    first = _json(run_cchc("--db", db, "--today", "2026-01-10", "due", "--quarter", "I", "--format", "json"))[0]
    assert lines[1].split()[:3] == [str(first["task_id"]), str(first["milestone"]), "05/01/2026"]
    assert "5 days late" in lines[1]
    assert "80 days left" in lines[-1]


def test_terminal_table_colours_late_rows_red(hoang_son, monkeypatch):
    from rich.console import Console

    import cchc.render.output

    monkeypatch.setattr(cchc.render.output, "is_terminal", lambda: True)
    monkeypatch.setattr(cchc.render.output, "console", lambda: Console(force_terminal=True, color_system="standard", width=200))
    out = hoang_son("due", "--quarter", "I", today="2026-03-28").output
    assert "\x1b[31m" in out  # 05/01 is late: red
    assert "\x1b[33m" in out  # 31/03 is within 7 days: yellow
    assert "3 days left" in out and "82 days late" in out


def test_due_today_in_words(hoang_son):
    out = hoang_son("due", "--week", today="2026-03-31").output
    assert "due today" in out


def test_agenda_by_month(hoang_son):
    buckets = _json(hoang_son("agenda", "--format", "json", today="2026-02-20"))
    # February carries what is still open from before: chỉ đạo 1's plan, due 05/01, is overdue.
    assert [(b["month"], b["total"], b["overdue"]) for b in buckets] == [("2026-02", 1, 1), ("2026-03", 11, 0),
                                                                         ("2026-04", 0, 0)]
    assert [(i["due"], i["days_left"]) for i in buckets[0]["items"]] == [("2026-01-05", -46)]
    march = buckets[1]
    assert march["areas"] == {"chi-dao": 5, "the-che": 2, "cong-vu": 1, "tai-chinh": 3}
    assert len(march["items"]) == 11 and {i["due"] for i in march["items"]} == {"2026-03-31"}
    text = hoang_son("agenda", today="2026-02-20").output
    month_lines = [line for line in text.splitlines() if not line.startswith(" ")]
    assert [line.split()[0] for line in month_lines] == ["02/2026", "03/2026", "04/2026"]
    assert "(1 overdue, carried over)" in month_lines[0]
    assert "#" in month_lines[1] and "chi-dao 5" in month_lines[1] and "tai-chinh 3" in month_lines[1]


def test_agenda_by_quarter(hoang_son):
    buckets = _json(hoang_son("agenda", "--by", "quarter", "--months", "12", "--format", "json", today="2026-02-20"))
    # Q1: the 12 of HOANG_SON_Q1; Q2: 4 quarterly reports (chỉ đạo 1, 2, 4, 5) + chính quyền số 10 "Quý II/2026".
    assert [(b["quarter"], b["total"]) for b in buckets][:2] == [("2026-Q1", 12), ("2026-Q2", 5)]
    assert buckets[1]["areas"] == {"chi-dao": 4, "chinh-quyen-so": 1}
    assert buckets[-1]["quarter"] == "2026-Q4"  # never past the plan's year
    late = _json(hoang_son("agenda", "--months", "6", "--format", "json", today="2026-12-10"))
    assert [b["month"] for b in late] == ["2026-12"]
    assert late[0]["overdue"] == len([i for i in late[0]["items"] if i["due"] < "2026-12-01"]) > 0


def test_remind_per_agency(hoang_son):
    result = _json(hoang_son("remind", "--format", "json", today="2026-03-25"))
    assert [r["agency"] for r in result] == ["Phòng Kinh tế", VAN_HOA, "Trung tâm Cung ứng dịch vụ công",
                                             "Văn phòng HĐND và UBND"]
    van_hoa = result[1]
    assert [r["due"] for r in van_hoa["overdue"]] == ["2026-01-05"]
    assert _keys(van_hoa["upcoming"]) == sorted([("chi-dao", "1", "2026-03-31"), ("chi-dao", "2", "2026-03-31"),
                                                 ("chi-dao", "6", "2026-03-31"), ("cong-vu", "2", "2026-03-31")])
    message = van_hoa["message"]
    assert message.startswith(f"Kính gửi: {VAN_HOA}\nĐề nghị quý cơ quan khẩn trương thực hiện các nhiệm vụ sau:\n")
    assert "- Đã quá hạn:" in message and "- Sắp đến hạn:" in message
    assert "05/01/2026" in message and "trễ 79 ngày" in message and "31/03/2026" in message
    assert result[0]["overdue"] == [] and len(result[0]["upcoming"]) == 3
    assert "Đã quá hạn" not in result[0]["message"]


def test_remind_one_agency_plain_text(hoang_son):
    out = hoang_son("remind", "--agency", "kinh te", "--within", "3w", today="2026-03-25").output
    assert out.startswith("Kính gửi: Phòng Kinh tế\n")
    assert out.count("Kính gửi") == 1 and out.count("hạn 31/03/2026") == 3
    nothing = hoang_son("remind", "--agency", "kinh te", today="2026-01-02")
    assert nothing.exit_code == 0 and "Kính gửi" not in nothing.output


def test_export_ics_round_trip(hoang_son, tmp_path):
    from datetime import date

    from icalendar import Calendar

    target = tmp_path / "cchc.ics"
    result = hoang_son("export", "ics", "-o", target, today="2026-01-10")
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == HOANG_SON_DATED
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    dated = _json(hoang_son("due", "--year", "2026", "--format", "json", today="2026-01-10"))
    assert set(uids) == {f"milestone-{r['milestone_id']}-plan-{r['plan']}@cchc" for r in dated}
    first = next(e for e in events if e.decoded("dtstart") == date(2026, 1, 5))
    assert type(first.decoded("dtstart")) is date and first.decoded("dtend") == date(2026, 1, 6)
    assert VAN_HOA in str(first["description"])
    assert "UBND xã xây dựng Kế hoạch" in str(first["summary"])
    again = tmp_path / "again.ics"
    hoang_son("export", "ics", "-o", again, today="2026-01-10")
    assert again.read_bytes() == target.read_bytes()  # same UIDs: a re-import updates, not duplicates


def test_export_ics_unwritable_path_is_exit_2(hoang_son, tmp_path):
    result = hoang_son("export", "ics", "-o", tmp_path, today="2026-01-10")
    assert result.exit_code == 2
