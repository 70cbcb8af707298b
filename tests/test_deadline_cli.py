"""`cchc deadline`: the officer checks how a phrase is read."""

from __future__ import annotations

import json

import pytest


def test_impossible_date_is_flagged_with_its_reason(cli):
    result = cli("deadline", "Trước ngày 31/11/2026", "--period", "2026", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["text"] == "Trước ngày 31/11/2026" and data["period"] == "2026"
    [milestone] = data["milestones"]
    assert milestone["due"] == "2026-11-30"
    assert milestone["needs_review"] is True
    assert "31/11" in milestone["note"]
    assert set(milestone) == {"label", "kind", "due", "start", "end", "needs_review", "note"}


def test_report_day_of_the_last_month_of_each_quarter(cli):
    result = cli("deadline", "trước ngày 05 của tháng cuối quý", "--period", "2026")
    assert result.exit_code == 0
    for day in ("05/03/2026", "05/06/2026", "05/09/2026", "05/12/2026"):
        assert day in result.output


def test_period_defaults_to_the_year_of_today(cli):
    data = json.loads(cli("deadline", "Quý IV", "--format", "json", today="2027-05-01").output)
    assert data["period"] == "2027"
    assert data["milestones"][0]["due"] == "2027-12-31"


def test_five_year_period(cli):
    data = json.loads(cli("deadline", "Trước ngày 05/01 hằng năm", "--period", "2026-2030", "--format", "json").output)
    assert [m["due"] for m in data["milestones"]] == [f"{y}-01-05" for y in range(2026, 2031)]


def test_bad_period_is_one_line_exit_2(cli):
    result = cli("deadline", "Quý I", "--period", "2030-2026")
    assert result.exit_code == 2
    assert "--period" in result.output


def test_text_beginning_with_a_list_dash_is_the_phrase(cli):
    """Plans write deadline cells as lists ("- Quý I/2026."); pasted as they are, they are text, not options."""
    for args in (("- Quý I/2026", "--period", "2026"), ("--period", "2026", "- Quý I/2026")):
        result = cli("deadline", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["text"] == "- Quý I/2026"
        assert [(m["kind"], m["due"]) for m in data["milestones"]] == [("quarter", "2026-03-31")]


def test_a_list_dash_before_a_bullet_or_a_compound_cell(cli):
    data = json.loads(cli("deadline", "- Kế hoạch kiểm tra: quý I/2026. - Báo cáo: tháng 11/2026.",
                          "--period", "2026", "--format", "json").output)
    assert [(m["label"], m["due"]) for m in data["milestones"]] == [("Kế hoạch kiểm tra", "2026-03-31"),
                                                                   ("Báo cáo", "2026-11-30")]
    assert json.loads(cli("deadline", "-•Quý II/2026", "--period", "2026", "--format", "json").output)[
        "milestones"][0]["due"] == "2026-06-30"


def test_options_and_the_double_dash_still_work(cli):
    after_double_dash = cli("deadline", "--format", "json", "--period", "2027", "--", "- Quý IV")
    assert json.loads(after_double_dash.output)["milestones"][0]["due"] == "2027-12-31"
    unknown = cli("deadline", "--perod", "2026", "Quý I")
    assert unknown.exit_code == 2 and "--perod" in unknown.output


def test_a_second_dash_text_is_one_clear_error(cli):
    result = cli("deadline", "- Quý I/2026", "- Quý II/2026")
    assert result.exit_code == 2
    assert "- Quý II/2026" in result.output and "\x00" not in result.output and "\\x00" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_new_forms_in_the_command(cli):
    data = json.loads(cli("deadline", "Quý IV/2025 - Quý II/2026", "--period", "2026", "--format", "json").output)
    [window] = data["milestones"]
    assert (window["kind"], window["start"], window["due"]) == ("window", "2025-10-01", "2026-06-30")
    data = json.loads(cli("deadline", "Tháng 12 hằng năm", "--period", "2026-2028", "--format", "json").output)
    assert [(m["kind"], m["due"]) for m in data["milestones"]] == [("yearly", f"{y}-12-31") for y in (2026, 2027, 2028)]


def test_a_huge_phrase_is_flagged_not_read(cli):
    result = cli("deadline", "Quý I/2026 - " * 8000, "--period", "2026", "--format", "json")
    assert result.exit_code == 0
    [milestone] = json.loads(result.output)["milestones"]
    assert milestone["kind"] == "unspecified" and milestone["needs_review"] and "not read" in milestone["note"]


def _one_task_plan(tmp_path, name: str, cell: str):
    import csv
    import io

    if name.endswith(".csv"):
        out = io.StringIO()
        csv.writer(out).writerows([["Lĩnh vực", "TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
                                   ["tthc", "1", "Rà soát thủ tục hành chính", "Văn phòng HĐND và UBND", cell],
                                   ["tthc", "2", "Niêm yết công khai", "Văn phòng HĐND và UBND", "Tháng 6/2026"]])
        text = out.getvalue()
    else:
        text = ("KẾ HOẠCH Cải cách hành chính xã Kỳ Sơn năm 2026\nII. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"
                "TT\tNội dung\tCơ quan chủ trì\tThời gian hoàn thành\n"
                f"1\tRà soát thủ tục hành chính\tVăn phòng HĐND và UBND\t{cell}\n"
                "2\tNiêm yết công khai\tVăn phòng HĐND và UBND\tTháng 6/2026\n")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, repeat", [("xa-ky-son-2026.csv", 9000), ("xa-ky-son-2026.txt", 28000)])
def test_an_imported_cell_past_the_limit_is_kept_as_written_flagged_and_not_read(cli, tmp_path, name, repeat):
    """The finding: a 126 KB CSV with one such cell gave 9,000 milestones of one task in 37 s; a 373 KB .txt never ended."""
    cell = "Quý I/2026 - " * repeat
    assert cli("import", _one_task_plan(tmp_path, name, cell)).exit_code == 0
    tasks = json.loads(cli("task", "list", "--format", "json").output)
    first = json.loads(cli("task", "show", str(tasks[0]["id"]), "--format", "json").output)
    assert first["deadline_text"] == cell.strip()
    [milestone] = first["milestones"]
    assert milestone["kind"] == "unspecified" and milestone["due"] is None and milestone["needs_review"]
    assert "2000" in milestone["review_reason"] and "not read" in milestone["review_reason"]
    second = json.loads(cli("task", "show", str(tasks[1]["id"]), "--format", "json").output)
    assert [m["due"] for m in second["milestones"]] == ["2026-06-30"]  # the file's other cells are read
