"""The benchmark works, and start-up stays cheap.

bench/make_db.py and bench/run.py run here in a quick mode to prove they work;
no test asserts a time (timings belong to bench/run.py on a quiet machine).
What is asserted instead is what start-up time depends on: shell completion
and read-only views never import the ORM, and completion never opens the
database.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import HOANG_SON, ROOT

TODAY = "2026-05-15"
ORM = {"sqlalchemy", "sqlmodel", "alembic"}
PYDANTIC = {"pydantic", "pydantic_core"}  # typer converts parameters through it; cchc does not (cchc/commands/params.py)


def _python(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, **(env or {})})


def _imported(stderr: str) -> set[str]:
    """Top-level packages named by `python -X importtime`."""
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """bench/make_db.py with 7 plans: the five examples, then Hoàng Sơn and An Lão again."""
    tmp = tmp_path_factory.mktemp("bench")
    done = _python("bench/make_db.py", "--plans", "7", "--db", str(tmp / "p.db"), "--today", TODAY,
                   "--save-template", str(tmp / "template.db"))
    assert done.returncode == 0, done.stderr
    assert "7 plans" in done.stdout
    return tmp


def _rows(db, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_make_db_clones_the_imported_plans_under_other_commune_names(province):
    db = province / "p.db"
    assert _rows(db, "SELECT commune FROM plan ORDER BY id") == [
        ("xã Hoàng Sơn 1",), ("xã An Lão",), ("xã Mù Cỏ",), ("xã Kỳ Lạc",), ("xã Thiên Tân",), ("xã Hoàng Sơn",),
        ("xã An Lão 2",)]
    assert _rows(db, "SELECT plan_id FROM current_plan") == [(6,)]  # the last Hoàng Sơn
    template = province / "template.db"
    task_sql = ("SELECT t.area_code, t.ref, t.text, a.name, count(m.id) FROM task t LEFT JOIN agency a "
                "ON a.id = t.lead_agency_id LEFT JOIN milestone m ON m.task_id = t.id WHERE t.plan_id = ? "
                "GROUP BY t.id ORDER BY t.position")
    originals = dict(_rows(template, "SELECT source_name, id FROM plan"))
    for plan_id, source in _rows(db, "SELECT id, source_name FROM plan"):
        assert _rows(db, task_sql, plan_id) == _rows(template, task_sql, originals[source]), source


def test_make_db_records_work_done_as_the_commands_would(province):
    db = province / "p.db"
    statuses = dict(_rows(db, "SELECT status, count(*) FROM task GROUP BY status"))
    assert set(statuses) == {"not_started", "in_progress", "done", "dropped"}
    on_time, late, overdue, future = _rows(db, f"""SELECT sum(done_on <= due), sum(done_on > due),
        sum(done_on IS NULL AND due < '{TODAY}'), sum(done_on > '{TODAY}') FROM milestone""")[0]
    assert on_time > late > 0 and overdue > 0 and future == 0
    # Every completion has its history row and its evidence, as `cchc done -e …` writes them.
    assert _rows(db, """SELECT count(*) FROM milestone m WHERE m.done_on IS NOT NULL AND (
        NOT EXISTS (SELECT 1 FROM change c WHERE c.entity = 'milestone' AND c.entity_id = m.id
                    AND c.field = 'done_on' AND c.new = '"' || m.done_on || '"')
        OR NOT EXISTS (SELECT 1 FROM evidence e WHERE e.milestone_id = m.id AND e.text = m.evidence))""") == [(0,)]
    assert _rows(db, """SELECT count(*) FROM task t WHERE t.status != 'not_started' AND NOT EXISTS (
        SELECT 1 FROM change c WHERE c.entity = 'task' AND c.entity_id = t.id AND c.new = '"' || t.status || '"')""") == [(0,)]
    # Monthly values per indicator for the months 05/2025-04/2026 of its plan's years.
    counts = _rows(db, """SELECT p.year_start, p.year_end, count(v.id), min(v.period), max(v.period) FROM indicator i
                          JOIN plan p ON p.id = i.plan_id LEFT JOIN indicator_value v ON v.indicator_id = i.id
                          GROUP BY i.id""")
    by_years = {(2025, 2025): (8, "2025-05", "2025-12"), (2026, 2026): (4, "2026-01", "2026-04"),
                (2026, 2030): (4, "2026-01", "2026-04")}
    assert counts and all(by_years[(first, last)] == tuple(rest) for first, last, *rest in counts)
    check = _python("-m", "cchc", "--db", str(db), "--today", TODAY, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_make_db_spreads_the_plans_years_over_2025_to_2030(province):
    """From the second round of five on, each round's plans move to the next year (a five-year plan
    no further than 2026-2030), dates and written years with them; the current plan stays."""
    db = province / "spread.db"
    done = _python("bench/make_db.py", "--plans", "32", "--db", str(db), "--today", TODAY,
                   "--template", str(province / "template.db"))
    assert done.returncode == 0, done.stderr
    years = _rows(db, "SELECT id, year_start, year_end, title FROM plan ORDER BY id")
    assert {first for _, first, _, _ in years} == set(range(2025, 2031))
    assert all(last <= 2030 and str(first) in title for _, first, last, title in years)
    assert years[30][1:3] == (2026, 2026) and _rows(db, "SELECT plan_id FROM current_plan") == [(31,)]
    assert _rows(db, "SELECT id, year_start FROM plan WHERE id IN (7, 12, 17, 32)") == [
        (7, 2026), (12, 2027), (17, 2028), (32, 2025)]  # An Lão's clones, round after round
    outside = _rows(db, """SELECT count(*) FROM milestone m JOIN task t ON t.id = m.task_id JOIN plan p
                           ON p.id = t.plan_id WHERE m.due < p.year_start || '-01-01' OR m.due > p.year_end || '-12-31'""")
    assert outside == [(0,)]
    make_db = _bench_module("make_db")  # the same deadlines, a year later: Quý I/2026 ... Quý I/2027
    deadlines = "SELECT t.deadline_text, m.source_text, m.due, m.window_start FROM task t JOIN milestone m " \
                "ON m.task_id = t.id WHERE t.plan_id = ? ORDER BY t.position, m.position"
    assert _rows(db, deadlines, 12) == [(make_db.shift_text(text, 1), make_db.shift_text(source, 1),
                                         make_db.shift_day(due, 1), make_db.shift_day(start, 1))
                                        for text, source, due, start in _rows(province / "template.db", deadlines, 2)]
    check = _python("-m", "cchc", "--db", str(db), "--today", TODAY, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def _bench_module(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_moving_a_date_by_years_keeps_the_end_of_a_month_and_texts_move_their_plan_years():
    make_db = _bench_module("make_db")
    assert [make_db.shift_day(d, n) for d, n in (("2026-02-28", 2), ("2028-02-29", 1), ("2026-03-31", 1),
                                                  ("2026-01-15", -1), (None, 1))] == [
        "2028-02-29", "2029-02-28", "2027-03-31", "2025-01-15", None]
    assert make_db.shift_text("Quý IV/2025 - Quý II/2026; năm 12026; 1999", 2) == "Quý IV/2027 - Quý II/2028; năm 12026; 1999"


def test_a_view_of_the_generated_database_shows_the_current_plan_only(province):
    done = _python("-m", "cchc", "--db", str(province / "p.db"), "--today", TODAY, "overdue", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and {r["plan"] for r in rows} == {6}


def test_run_quick_times_every_case_and_prints_the_goals(province, tmp_path):
    out = tmp_path / "bench.json"
    done = _python("bench/run.py", "--quick", "--template", str(province / "template.db"), "--province-scale", "4",
                   "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["case"]: row for row in result["rows"]}
    assert {"python -c pass", "import typer", "import sqlmodel", "cchc --help", "due --quarter I [1 plan]",
            "due --quarter I [3 plans]", "overdue [3 plans]", "task list --format json [3 plans]", "done ID [1 plan]",
            "import xa-hoang-son-2026.txt", "task list --plan all --format json [1 plan]",
            "task list --plan all --format json [4 plans]"} <= set(rows)
    assert "summary [3 plans]" in rows or any("summary" in note for note in result["notes"])
    assert all(not row["error"] and row["runs"] == 1 for row in result["rows"])
    assert "TAB: cchc du<TAB>" in rows and "goals" in done.stdout and "x sqlmodel" in done.stdout
    goals = {g["goal"]: g for g in result["goals"]}
    assert len(goals) == 13
    assert goals["done ID [1 plan] <= 2.5 x import typer"]["value"] > 0
    assert goals["import Hoàng Sơn into a new database <= 6 x import typer"]["value"] > 0
    assert goals["task list --plan all --format json [4 plans]: peak memory <= 80 MiB"]["value"] > 0
    assert goals["task list --plan all --format json [4 plans] <= 3 x 1 plan"]["value"] > 0


def test_run_reports_each_command_s_own_peak_memory(province, tmp_path):
    """Not the bench's: a child forked from it would count the bench's memory as its own."""
    out = tmp_path / "bench.json"
    done = _python("bench/run.py", "--quick", "--no-taskwarrior", "--template", str(province / "template.db"),
                   "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    peak = {row["case"]: row["peak_mib"] for row in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert 0 < peak["python -c pass"] < peak["import typer"] < peak["import sqlmodel"]
    assert peak["python -c pass"] < 20  # a bare interpreter, whatever the size of the bench process
    assert not any(name.startswith("Taskwarrior") for name in peak)


def test_run_sets_cchc_beside_taskwarrior_on_as_many_tasks_where_it_is_installed(province, tmp_path):
    out = tmp_path / "bench.json"
    done = _python("bench/run.py", "--quick", "--template", str(province / "template.db"), "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    if shutil.which("task") is None:
        assert "Taskwarrior: not run (`task` not on PATH)" in result["notes"]
        assert not any(row["case"].startswith("Taskwarrior") for row in result["rows"])
        return
    assert any(note.startswith("Taskwarrior") and note.endswith(": 54 tasks") for note in result["notes"])
    rows = {row["case"]: row for row in result["rows"]}
    compared = {name for name, row in rows.items() if row["x_taskwarrior"] is not None}
    assert {"cchc --help", "TAB: cchc du<TAB>", "due --quarter I [1 plan]", "done ID [1 plan]",
            "import xa-hoang-son-2026.txt"} <= compared
    taskwarrior = [name for name in rows if name.startswith("Taskwarrior: ")]
    assert len(taskwarrior) == 9 and all(rows[name]["cpu_ms"] is not None for name in taskwarrior)


def test_a_province_server_is_filled_timed_and_its_writes_measured(province, pg, tmp_path):
    """make_db.py --db URL, run.py --db URL (quick) and writes.py on the session's server."""
    dbname = pg.create()
    url = pg.url(dbname)
    try:
        made = _python("bench/make_db.py", "--plans", "7", "--db", url, "--template", str(province / "template.db"),
                       "--commune-role", "bench_test_hoang_son", "--password-file", str(tmp_path / "hs.pgpass"))
        assert made.returncode == 0, made.stderr
        commune = pg.url(dbname, user="bench_test_hoang_son") + f"&passfile={tmp_path / 'hs.pgpass'}"
        out = tmp_path / "bench.json"
        timed = _python("bench/run.py", "--quick", "--plans", "7", "--template", str(province / "template.db"),
                        "--db", url, "--commune-db", commune, "--json", str(out))
        assert timed.returncode == 0, timed.stdout + timed.stderr
        names = {row["case"] for row in json.loads(out.read_text(encoding="utf-8"))["rows"]}
        assert {"province summary [7 plans, postgresql]", "due --quarter I [7 plans, postgresql, commune role]",
                "province overdue --format json [7 plans, sqlite]"} <= names
        writes = _python("bench/writes.py", "--db", url, "--rounds", "1")
        assert writes.returncode == 0, writes.stderr
        assert "the lock held" in writes.stdout and "during the import" in writes.stdout
    finally:
        pg.drop(dbname)


# --------------------------------------------------------------------------- start-up


@pytest.mark.parametrize("words, cword, expected", [("cchc du", "1", "due"), ("cchc due --qu", "2", "--quarter"),
                                                    ("cchc task l", "2", "list")])
def test_shell_completion_neither_opens_the_database_nor_imports_the_orm(tmp_path, words, cword, expected):
    db = tmp_path / "never.db"
    done = _python("-X", "importtime", "-m", "cchc", env={
        "_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword, "CCHC_DB": str(db)})
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout.split()
    assert not db.exists()
    assert not (_imported(done.stderr) & (ORM | PYDANTIC | {"sqlite3"}))


@pytest.mark.parametrize("args", [("--help",), ("due", "--help"), ("task", "--help"), ("indicator", "record", "--help")],
                         ids=" ".join)
def test_help_imports_neither_the_orm_nor_pydantic_nor_other_commands(args):
    done = _python("-X", "importtime", "-m", "cchc", *args)
    assert done.returncode == 0, done.stderr
    imported = _imported(done.stderr)
    assert not (imported & (ORM | PYDANTIC | {"sqlite3"}))
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "| " in line}
    if args == ("--help",):  # the list of commands comes from the registry: no command module is imported
        assert not {m for m in modules if m.startswith("cchc.commands.") and m not in (
            "cchc.commands.common", "cchc.commands.typer_words", "cchc.commands.params")}


@pytest.mark.parametrize("words, cword, expected", [
    ("cchc done ", "2", "49"), ("cchc due --area t", "3", "tthc"), ("cchc due --agency van", "3", "Phòng Văn hóa - Xã hội"),
    ("cchc due --plan ", "3", "all"), ("cchc due --status in", "3", "in_progress"), ("cchc due --quarter ", "3", "IV"),
    ("cchc indicator record ty-le-gi", "3", "ty-le-giao-dich-thanh-toan"), ("cchc task show 5", "3", "54")])
def test_completion_of_values_reads_the_database_without_the_orm_or_pydantic(hoang_son_db, words, cword, expected):
    done = _python("-X", "importtime", "-m", "cchc", env={
        "_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword, "CCHC_DB": str(hoang_son_db)})
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout.splitlines(), done.stdout
    assert not (_imported(done.stderr) & (ORM | PYDANTIC))


def test_completion_of_task_ids_shows_their_text_in_zsh(hoang_son_db):
    done = _python("-m", "cchc", env={"_CCHC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "cchc done 4",
                                      "CCHC_DB": str(hoang_son_db)})
    assert done.returncode == 0, done.stderr
    assert "49" in done.stdout and "chi-dao 1." in done.stdout


def test_completion_never_creates_a_database(tmp_path):
    db = tmp_path / "none.db"
    done = _python("-m", "cchc", env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc done ", "COMP_CWORD": "2",
                                      "CCHC_DB": str(db)})
    assert done.returncode == 0 and done.stdout.strip() == ""
    assert not db.exists()


@pytest.fixture(scope="module")
def hoang_son_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("startup") / "hs.db"
    imported = _python("-m", "cchc", "--db", str(db), "import", str(HOANG_SON))
    assert imported.returncode == 0, imported.stderr
    return db


@pytest.mark.parametrize("view", [("due", "--quarter", "I"), ("overdue",), ("agenda",), ("task", "list"),
                                  ("summary",)], ids=" ".join)
def test_read_only_views_do_not_import_the_orm(hoang_son_db, view):
    """Views read with sqlite3: importing sqlmodel would cost more than the rest of the command."""
    done = _python("-X", "importtime", "-m", "cchc", "--db", str(hoang_son_db), "--today", TODAY, *view)
    assert done.returncode == 0, done.stderr
    assert not (_imported(done.stderr) & (ORM | PYDANTIC))


@pytest.mark.parametrize("command", [("task", "show", "1"), ("log",), ("log", "--task", "1"),
                                     ("changes", "--since", "01/01/2026")], ids=" ".join)
def test_task_show_log_and_changes_do_not_import_the_orm(hoang_son_db, command):
    done = _python("-X", "importtime", "-m", "cchc", "--db", str(hoang_son_db), "--today", TODAY, *command)
    assert done.returncode == 0, done.stderr
    assert not (_imported(done.stderr) & ORM)


def test_import_into_a_new_database_imports_neither_the_orm_nor_alembic_nor_pydantic(tmp_path):
    """A new database gets the head schema from DDL; alembic is for upgrades only."""
    db = tmp_path / "new.db"
    done = _python("-X", "importtime", "-m", "cchc", "--db", str(db), "--today", TODAY, "import", str(HOANG_SON))
    assert done.returncode == 0, done.stderr[-500:]
    assert not (_imported(done.stderr) & (ORM | PYDANTIC))
    assert _rows(db, "SELECT count(*) FROM task") == [(54,)]
    assert _rows(db, "SELECT count(*) FROM alembic_version") == [(1,)]  # stamped: later upgrades start from here


def test_done_imports_neither_the_orm_nor_pydantic(hoang_son_db, tmp_path):
    db = tmp_path / "done.db"
    shutil.copy(hoang_son_db, db)
    done = _python("-X", "importtime", "-m", "cchc", "--db", str(db), "--today", TODAY, "done", "5", "--on", TODAY)
    assert done.returncode == 0, done.stderr[-500:]
    assert not (_imported(done.stderr) & (ORM | PYDANTIC))
    assert _rows(db, "SELECT status FROM task WHERE id = 5") == [("done",)]


def test_tracking_writes_and_undo_do_not_import_the_orm(hoang_son_db, tmp_path):
    db = tmp_path / "writes.db"
    shutil.copy(hoang_son_db, db)
    for command in (("start", "2"), ("done", "1", "--on", "10/05/2026", "-e", "KH 12"), ("note", "1", "x"),
                    ("evidence", "1", "BC 3"), ("set-due", "1", "--milestone", "1", "12/05/2026"),
                    ("status", "3", "dropped", "--note", "r"), ("drop", "4", "--reason", "r"),
                    ("indicator", "record", "ty-le-giao-dich-thanh-toan", "56", "--period", "2026-Q1"),
                    ("undo", "--yes"), ("plan", "use", "1"), ("import", str(HOANG_SON))):
        done = _python("-X", "importtime", "-m", "cchc", "--db", str(db), "--today", TODAY, *command)
        assert done.returncode == 0, (command, done.stderr[-500:])
        assert not (_imported(done.stderr) & (ORM | PYDANTIC)), command


@pytest.mark.parametrize("words, cword, expected", [
    ("cchc due --plan ", "3", ["all", "1"]), ("cchc plan use ", "3", ["1"]), ("cchc plan show ", "3", ["1"]),
    ("cchc due --month ", "3", [str(m) for m in range(1, 13)]), ("cchc task list --level ", "4", ["objective", "task", "activity"])])
def test_completion_of_plan_ids_months_and_levels(hoang_son_db, words, cword, expected):
    """`plan use <TAB>` listed nothing; plan ids are completed wherever a plan is named (`all` only where it is meant)."""
    done = _python("-m", "cchc", env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword,
                                      "CCHC_DB": str(hoang_son_db)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected


def test_completion_reads_the_database_named_by_db_on_the_line(hoang_son_db, tmp_path):
    other = tmp_path / "none.db"
    done = _python("-m", "cchc", env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": f"cchc --db {hoang_son_db} done 4",
                                      "COMP_CWORD": "4", "CCHC_DB": str(other)})
    assert done.returncode == 0, done.stderr
    assert "49" in done.stdout.split() and not other.exists()
