"""Period options of the deadline views: what range each names, and bad input."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.errors import UserError
from cchc.commands.periods import PeriodOptions, resolve
from conftest import HOANG_SON, run_cchc

TODAY = date(2026, 1, 10)  # a Saturday


@pytest.mark.parametrize("opts, start, end", [
    (PeriodOptions(quarter="I"), date(2026, 1, 1), date(2026, 3, 31)),
    (PeriodOptions(quarter="iv"), date(2026, 10, 1), date(2026, 12, 31)),
    (PeriodOptions(quarter="2"), date(2026, 4, 1), date(2026, 6, 30)),
    (PeriodOptions(quarter="III", year="2027"), date(2027, 7, 1), date(2027, 9, 30)),
    (PeriodOptions(month="2"), date(2026, 2, 1), date(2026, 2, 28)),
    (PeriodOptions(month="12"), date(2026, 12, 1), date(2026, 12, 31)),
    (PeriodOptions(year="2025"), date(2025, 1, 1), date(2025, 12, 31)),
    (PeriodOptions(week=True), date(2026, 1, 5), date(2026, 1, 11)),  # Monday to Sunday
    (PeriodOptions(within="3w"), TODAY, date(2026, 1, 31)),
    (PeriodOptions(within="2m"), TODAY, date(2026, 3, 10)),
    (PeriodOptions(within="7"), TODAY, date(2026, 1, 17)),
    (PeriodOptions(start="01/02/2026", end="2026-02-15"), date(2026, 2, 1), date(2026, 2, 15)),
    (PeriodOptions(start="01/11/2026"), date(2026, 11, 1), date(2026, 12, 31)),
    (PeriodOptions(end="31/01/2026"), TODAY, date(2026, 1, 31)),
    (PeriodOptions(), TODAY, date(2026, 1, 24)),  # no period: the next 14 days
])
def test_period_options_name_these_days(opts, start, end):
    span = resolve(opts, TODAY, default_year=2026)
    assert (span.start, span.end) == (start, end)


def test_one_month_from_the_31st_ends_on_the_last_day_of_the_next_month():
    span = resolve(PeriodOptions(within="1m"), date(2026, 1, 31), 2026)
    assert span.end == date(2026, 2, 28)


@pytest.mark.parametrize("opts", [
    PeriodOptions(quarter="V"), PeriodOptions(quarter="0"), PeriodOptions(month="13"), PeriodOptions(month="x"),
    PeriodOptions(within="2x"), PeriodOptions(within="d"), PeriodOptions(start="31/02/2026"),
    PeriodOptions(year="26"), PeriodOptions(quarter="I", month="2"), PeriodOptions(week=True, within="3d"),
    PeriodOptions(start="10/02/2026", end="01/02/2026"), PeriodOptions(year="2026", week=True),
])
def test_bad_period_options_are_user_errors(opts):
    with pytest.raises(UserError):
        resolve(opts, TODAY, 2026)


@pytest.mark.parametrize("args, mentions", [
    (["--quarter", "V"], "--quarter"),
    (["--month", "13"], "--month"),
    (["--within", "2x"], "--within"),
    (["--from", "31/02/2026"], "31/02/2026"),
])
def test_bad_period_on_the_command_line_is_one_line_and_exit_2(tmp_path, args, mentions):
    db = str(tmp_path / "cchc.db")
    assert run_cchc("--db", db, "import", str(HOANG_SON)).returncode == 0
    proc = run_cchc("--db", db, "due", *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert mentions in proc.stderr


def test_bad_months_and_grouping_of_agenda_are_exit_2(tmp_path):
    db = str(tmp_path / "cchc.db")
    for args in (["agenda", "--months", "0"], ["agenda", "--by", "week"], ["remind", "--within", "soon"]):
        proc = run_cchc("--db", db, *args)
        assert proc.returncode == 2, args
        assert len(proc.stderr.strip().splitlines()) == 1
