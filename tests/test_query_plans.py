"""One commune's view stays fast in a database holding many communes' plans.

The databases are built as bench/make_db.py builds them: the five example
plans imported through `cchc import`, then cloned under other commune names,
with statuses, history and indicator values. Without ANALYZE, SQLite's planner
does not look at table sizes, so the plans chosen on 20 plans are the ones
chosen on 200.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from datetime import date

import pytest

import cchc.store.sqlite
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, ROOT, THIEN_TAN, Cli

TODAY = "2026-05-15"
# What an officer looks at, for the current plan (make_db's current plan is a Hoàng Sơn).
VIEWS = [("due", "--quarter", "I"), ("due",), ("due", "--agency", "van hoa"), ("overdue",), ("agenda",),
         ("remind",), ("task", "list"), ("task", "list", "--area", "tthc"), ("summary",), ("report", "-q", "I")]
# Tables that grow with the number of plans: a view of one plan must not read them whole.
GROWING = {"plan", "task", "milestone", "task_cooperation", "indicator", "indicator_value", "change",
           "operation", "note", "evidence"}
NOT_ALIASES = {"on", "where", "join", "left", "inner", "cross", "natural", "order", "group", "union", "limit",
               "using", "outer"}


def _make_db():
    spec = importlib.util.spec_from_file_location("bench_make_db", ROOT / "bench" / "make_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dbs(tmp_path_factory):
    """Databases of 1 and 20 plans (1,256 tasks; past the 900 bound parameters of a chunked IN list), by size."""
    tmp = tmp_path_factory.mktemp("province")
    template = tmp / "template.db"
    imported = Cli(template)("import", HOANG_SON, AN_LAO, MU_CO, KY_LAC, THIEN_TAN)
    assert imported.exit_code == 0, imported.output
    make = _make_db()
    for plans in (1, 20):
        make.make_db(plans, tmp / f"{plans}.db", date.fromisoformat(TODAY), template)
    return {plans: tmp / f"{plans}.db" for plans in (1, 20)}


@pytest.fixture
def traced(monkeypatch):
    """Run cchc in-process and return every SQL statement a command's read connection ran."""
    real_connect = cchc.store.sqlite.connect
    real_configure = cchc.store.sqlite.configure

    def run(db, *args):
        statements: list[str] = []

        def configure(conn):  # once the schema is known to be current: the command's own statements
            real_configure(conn)
            conn.set_trace_callback(statements.append)

        monkeypatch.setattr(cchc.store.sqlite, "configure", configure)
        result = Cli(db)(*args, today=TODAY)
        monkeypatch.setattr(cchc.store.sqlite, "configure", real_configure)
        assert result.exit_code == 0, result.output
        return statements

    return run


def _plans_by_commune(db) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {commune: plan_id for plan_id, commune in conn.execute("SELECT id, commune FROM plan")}
    finally:
        conn.close()


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_a_view_of_one_plan_runs_as_many_statements_in_a_province_database(dbs, traced, view):
    assert len(traced(dbs[20], *view)) == len(traced(dbs[1], *view))


@pytest.mark.parametrize("view", [("due", "--quarter", "I"), ("overdue",), ("task", "list"), ("summary",),
                                  ("remind",)], ids=" ".join)
def test_statements_do_not_grow_with_the_tasks_or_indicators_of_a_plan(dbs, traced, view):
    """The five plans hold 32 to 105 tasks and 5 to 37 indicators: no query per task or per indicator."""
    plans = _plans_by_commune(dbs[20])
    communes = ["xã Hoàng Sơn", "xã An Lão", "xã Mù Cỏ", "xã Kỳ Lạc", "xã Thiên Tân"]
    counts = {c: len(traced(dbs[20], *view, "--plan", str(plans[c]))) for c in communes}
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("view", [("due", "--quarter", "I", "--plan", "all"), ("overdue", "--plan", "all"),
                                  ("task", "list", "--plan", "all")], ids=" ".join)
def test_a_view_of_all_plans_runs_as_many_statements_for_20_plans_as_for_1(dbs, traced, view):
    assert len(traced(dbs[20], *view)) == len(traced(dbs[1], *view))


def _aliases(sql: str) -> dict[str, str]:
    """alias -> table, for each `FROM table [AS] alias` / `JOIN table alias` of a statement."""
    found = {}
    for table, alias in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)"?(?:\s+(?:AS\s+)?(\w+))?', sql, re.IGNORECASE):
        found[table.lower()] = table.lower()
        if alias and alias.lower() not in NOT_ALIASES:
            found[alias.lower()] = table.lower()
    return found


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The growing tables a statement reads whole, from its EXPLAIN QUERY PLAN."""
    aliases = _aliases(sql)
    scans = []
    for step in cchc.store.sqlite.query_plan(conn, sql):
        match = re.match(r"SCAN (\w+)", step)
        if match and aliases.get(match.group(1).lower(), match.group(1).lower()) in GROWING:
            scans.append(step)
    return scans


def test_full_scans_are_recognised(dbs):
    """The check below would see a full scan (a query with no usable index)."""
    conn = sqlite3.connect(dbs[20])
    assert full_scans(conn, "SELECT m.id FROM milestone m WHERE m.label = 'x'") == ["SCAN m"]
    assert full_scans(conn, "SELECT t.id FROM task t WHERE t.plan_id = 3") == []
    conn.close()


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_views_of_one_plan_use_indexes_not_full_scans(dbs, traced, view):
    statements = [s for s in traced(dbs[20], *view) if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert statements
    conn = sqlite3.connect(dbs[20])
    try:
        scans = {s.split("FROM")[0][:80]: full_scans(conn, s) for s in statements}
    finally:
        conn.close()
    assert {k: v for k, v in scans.items() if v} == {}


def test_milestones_by_plan_and_due_range_search_the_plan_s_tasks_then_their_milestones(dbs, traced):
    """due --quarter I: the plan's tasks by index, each task's milestones by index, never all milestones in Q1."""
    conn = sqlite3.connect(dbs[20])
    main = next(s for s in traced(dbs[20], "due", "--quarter", "I") if "FROM milestone m" in s)
    plan = cchc.store.sqlite.query_plan(conn, main)
    conn.close()
    assert any(re.match(r"SEARCH t USING (COVERING )?INDEX ix_task_plan_\w+ \(plan_id=\?", step) for step in plan), plan
    assert any(step.startswith("SEARCH m USING INDEX ix_milestone_task_id") for step in plan), plan
