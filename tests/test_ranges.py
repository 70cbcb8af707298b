"""Ids, dates and years have one accepted range, enforced where they come in (issue 18, finding 11).

A date lies between 1900 and 2200, as a plan's years do; an id fits the
database's integers. Anything else is one line on stderr, exit 2, nothing stored.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import AN_LAO

HUGE = "99999999999999999999"


@pytest.fixture
def an_lao(cli, db):
    assert cli("import", AN_LAO).exit_code == 0
    return cli


def _history(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM operation").fetchone()[0]


@pytest.mark.parametrize("args, words", [
    (["task", "show", HUGE], "is not a task id"),
    (["done", HUGE], "is not a task id"),
    (["start", "1", HUGE], "is not a task id"),
    (["note", HUGE, "x"], "is not a task id"),
    (["evidence", HUGE, "x"], "is not a task id"),
    (["set-due", HUGE, "01/01/2026"], "is not a task id"),
    (["log", "--task", HUGE], "is not a task id"),
    (["plan", "use", HUGE], "no plan with id"),
    (["due", "--plan", HUGE], "is not a plan id"),
    (["done", "1", "--milestone", HUGE], "--milestone"),
    (["set-due", "1", "31/12/9999"], "outside 1900–2200"),
    (["set-due", "1", "01/01/0001"], "outside 1900–2200"),
    (["done", "1", "--on", "01/01/0001"], "outside 1900–2200"),
    (["done", "1", "--on", "31/12/2201"], "outside 1900–2200"),
    (["changes", "--since", "31/12/1899"], "outside 1900–2200"),
    (["due", "--year", "9999"], "--year"),
    (["indicator", "record", "ty-le-hoan-thanh-nhiem-vu", "5", "--period", "9999-Q1"], "--period"),
])
def test_an_id_or_date_out_of_range_is_one_line_and_changes_nothing(an_lao, db, args, words):
    """The finding: OverflowError on a 20-digit id; 31/12/9999 and 01/01/0001 stored and then crashing views."""
    before = _history(db)
    result = an_lao(*args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr
    assert _history(db) == before


@pytest.mark.parametrize("view", [["due"], ["agenda"], ["remind"], ["summary"], ["overdue"], ["export", "ics", "-o", "x.ics"]])
def test_today_out_of_range_is_refused_by_every_view(an_lao, view):
    for today in ("31/12/9999", "01/01/0001"):
        result = an_lao(*view, today=today)
        assert result.exit_code == 2 and "--today" in result.stderr and "1900–2200" in result.stderr


@pytest.mark.parametrize("today", ["01/01/1900", "31/12/2200"])
def test_the_ends_of_the_range_work_in_every_view(an_lao, tmp_path, today):
    for view in (["due", "--all"], ["agenda", "--months", "60"], ["remind"], ["summary"], ["overdue"],
                 ["export", "ics", "-o", tmp_path / "x.ics"]):
        result = an_lao(*view, today=today)
        assert result.exit_code == 0, (view, result.output)
    assert an_lao("set-due", "2", "31/12/2200").exit_code == 0
    assert an_lao("done", "1", "--on", "01/01/1900").exit_code == 0


def test_a_date_out_of_range_left_by_an_older_cchc_is_named_by_db_check_and_exports(an_lao, db, tmp_path):
    """The finding: `set-due 17 31/12/9999` was stored, and `export ics` crashed on every run after."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE milestone SET due = '9999-12-31', needs_review = 0 WHERE id = "
                     "(SELECT min(id) FROM milestone WHERE kind = 'date')")
    assert an_lao("export", "ics", "-o", tmp_path / "x.ics", "--plan", "all").exit_code == 0
    check = an_lao("db", "check", "--format", "json")
    assert check.exit_code == 1
    assert "date_range" in {p["check"] for p in json.loads(check.stdout)["problems"]}


def test_a_date_out_of_range_in_a_document_is_kept_as_written_flagged_and_not_stored(cli, db, tmp_path):
    """Found while checking the README's limits: "Trước ngày 01/01/2300" in a plan was stored as a due date,
    and `db check` then failed on a database nothing but an import had written."""
    plan = tmp_path / "xa-ky-son-2026.txt"
    plan.write_text("KẾ HOẠCH Cải cách hành chính xã Kỳ Sơn năm 2026\nII. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n"
                    "TT\tNội dung\tCơ quan chủ trì\tThời gian hoàn thành\n"
                    "1\tRà soát\tVăn phòng HĐND và UBND\tTrước ngày 01/01/2300\n"
                    "2\tBáo cáo\tVăn phòng HĐND và UBND\t- Kế hoạch: 15/03/1850. - Báo cáo: 30/11/2026\n",
                    encoding="utf-8")
    assert cli("import", plan).exit_code == 0
    milestones = [(m["label"], m["kind"], m["due"], m["needs_review"])
                  for t in json.loads(cli("task", "list", "--format", "json").stdout) for m in t["milestones"]]
    assert milestones == [("", "unspecified", None, True), ("Kế hoạch", "unspecified", None, True),
                          ("Báo cáo", "date", "2026-11-30", False)]
    tasks = json.loads(cli("task", "list", "--format", "json").stdout)
    assert [t["deadline_text"] for t in tasks][0] == "Trước ngày 01/01/2300"  # the text as written stays
    assert cli("db", "check").exit_code == 0
    for phrase, year in (("Trước ngày 01/01/2300", "2300"), ("Ngày 31/12/1899", "1899")):
        [shown] = json.loads(cli("deadline", phrase, "--period", "2026", "--format", "json").stdout)["milestones"]
        assert shown["due"] is None and shown["needs_review"] and year in shown["note"] and "1900–2200" in shown["note"]
    [edge] = json.loads(cli("deadline", "Ngày 31/12/2200", "--period", "2026", "--format", "json").stdout)["milestones"]
    assert edge["due"] == "2200-12-31"
