"""`cchc deadline`: the officer checks how a phrase is read."""

from __future__ import annotations

import json


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
