"""A province on PostgreSQL: roles and row-level security tried directly with SQL, the province
roll-up against a small case checked by hand, and twelve processes of three communes at once.

The province: xã An Lão (role xa_an_lao, plan An Lão 2026), xã Hoàng Sơn (xa_hoang_son, Hoàng
Sơn 2026) and xã An Hòa (xa_an_hoa, the An Lão plan with the commune's name changed: the same
deadlines), and the Sở Nội vụ's reader so_noi_vu. Every role logs in with the password file
`cchc province add-commune` / `add-reader` wrote. Built once per session, copied per test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from conftest import AN_LAO, HOANG_SON, ROOT, Cli
from backends import Backend

COMMUNES = {"xa_an_lao": "xã An Lão", "xa_hoang_son": "xã Hoàng Sơn", "xa_an_hoa": "xã An Hòa"}
READER = "so_noi_vu"
TODAY = "15/04/2026"
# Tables of a commune's data, and how to find the commune (owner) of each row, as the administrator.
OWNER_OF = {
    "plan": "SELECT id, owner_id FROM plan",
    "agency": "SELECT id, owner_id FROM agency",
    "setting": "SELECT id, owner_id FROM setting",
    "operation": "SELECT id, owner_id FROM operation",
    "agency_alias": "SELECT l.id, a.owner_id FROM agency_alias l JOIN agency a ON a.id = l.agency_id",
    "task": "SELECT t.id, p.owner_id FROM task t JOIN plan p ON p.id = t.plan_id",
    "task_cooperation": "SELECT c.id, p.owner_id FROM task_cooperation c JOIN task t ON t.id = c.task_id "
                        "JOIN plan p ON p.id = t.plan_id",
    "milestone": "SELECT m.id, p.owner_id FROM milestone m JOIN task t ON t.id = m.task_id JOIN plan p ON p.id = t.plan_id",
    "note": "SELECT n.id, p.owner_id FROM note n JOIN plan p ON p.id = n.plan_id",
    "evidence": "SELECT e.id, p.owner_id FROM evidence e JOIN task t ON t.id = e.task_id JOIN plan p ON p.id = t.plan_id",
    "indicator": "SELECT i.id, p.owner_id FROM indicator i JOIN plan p ON p.id = i.plan_id",
    "indicator_value": "SELECT v.id, p.owner_id FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
                       "JOIN plan p ON p.id = i.plan_id",
    "change": "SELECT c.id, o.owner_id FROM change c JOIN operation o ON o.id = c.operation_id",
    "current_plan": "SELECT c.id, p.owner_id FROM current_plan c JOIN plan p ON p.id = c.plan_id",
    "owner": "SELECT id, id FROM owner",
}


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _json(result):
    return json.loads(_ok(result).stdout)


@dataclass
class Province:
    pg: object
    dbname: str
    passwords: Path

    def url(self, role: str | None = None) -> str:
        if role is None:
            return self.pg.url(self.dbname)
        return self.pg.url(self.dbname, user=role) + f"&passfile={self.passwords / role}"

    def cli(self, role: str | None = None) -> Cli:
        return Cli(self.url(role))

    def sql(self, role: str | None, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.url(role), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else [(cursor.rowcount,)]

    def owners(self) -> dict[str, int]:
        return {name: i for i, name in self.sql(None, "SELECT id, name FROM owner")}

    def task_ids(self, role: str) -> list[int]:
        """The role's tasks in plan order."""
        return [t["id"] for t in _json(self.cli(role)("task", "list", "--format", "json"))]


def _an_hoa(folder: Path) -> Path:
    """The An Lão plan as xã An Hòa's (a variant: the same tasks and deadlines, another commune)."""
    text = AN_LAO.read_text(encoding="utf-8").replace("An Lão", "An Hòa").replace("AN LÃO", "AN HÒA")
    path = folder / "xa-an-hoa-2026.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def province_template(pg, tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("province")
    passwords = folder / "passwords"
    passwords.mkdir()
    dbname = pg.create()
    admin = Cli(pg.url(dbname))
    _ok(admin("province", "init"))
    for role, name in COMMUNES.items():
        _ok(admin("province", "add-commune", name, "--role", role, "--password-file", passwords / role))
    _ok(admin("province", "add-reader", READER, "--password-file", passwords / READER))
    province = Province(pg, dbname, passwords)
    for role, plan in (("xa_an_lao", AN_LAO), ("xa_hoang_son", HOANG_SON), ("xa_an_hoa", _an_hoa(folder))):
        _ok(province.cli(role)("import", plan))
        first = province.task_ids(role)[0]
        _ok(province.cli(role)("note", first, f"ghi chú của {role}"))
        _ok(province.cli(role)("evidence", first, f"Báo cáo của {role}"))
        # an indicator without a target: its value is neither met nor under in the roll-up below
        _ok(province.cli(role)("indicator", "add", "so-lieu-thu", "--name", "Số liệu thử", "--unit", "count"))
        _ok(province.cli(role)("indicator", "record", "so-lieu-thu", "50", "--period", "2025-Q4", today="05/01/2026"))
        plan = _json(province.cli(role)("plan", "list", "--format", "json"))[0]["id"]
        _ok(province.cli(role)("plan", "use", plan))
    return dbname, passwords


@pytest.fixture
def province(pg, province_template):
    template, passwords = province_template
    name = pg.create(template)
    yield Province(pg, name, passwords)
    pg.drop(name)


# -- row-level security, tried with SQL directly ---------------------------------------------


def test_each_commune_role_sees_exactly_its_own_rows_of_every_table(province):
    owners = province.owners()
    for role, commune in COMMUNES.items():
        mine = owners[commune]
        for table, query in OWNER_OF.items():
            every = province.sql(None, query)
            expected = sorted(i for i, owner in every if owner == mine)
            seen = sorted(r[0] for r in province.sql(role, f'SELECT id FROM "{table}"'))
            assert seen == expected, (role, table)
            if table != "setting":  # no command writes settings yet
                assert expected and len(expected) < len(every), (role, table)  # the case tests something


def test_a_commune_role_cannot_change_or_delete_another_commune_s_rows(province):
    before = {t: province.sql(None, f'SELECT * FROM "{t}" ORDER BY id') for t in OWNER_OF}
    theirs = province.sql(None, "SELECT t.id, t.plan_id FROM task t JOIN plan p ON p.id = t.plan_id "
                                "JOIN owner o ON o.id = p.owner_id WHERE o.name = %s LIMIT 1", (COMMUNES["xa_hoang_son"],))
    task, plan = theirs[0]
    milestone = province.sql(None, "SELECT id FROM milestone WHERE task_id = %s LIMIT 1", (task,))[0][0]
    as_an_lao = "xa_an_lao"
    assert province.sql(as_an_lao, "UPDATE task SET status = 'done' WHERE id = %s", (task,)) == [(0,)]
    assert province.sql(as_an_lao, "UPDATE milestone SET done_on = '2026-01-01' WHERE task_id = %s", (task,)) == [(0,)]
    assert province.sql(as_an_lao, "DELETE FROM milestone WHERE id = %s", (milestone,)) == [(0,)]
    assert province.sql(as_an_lao, "DELETE FROM change WHERE operation_id IN "
                                   "(SELECT id FROM operation WHERE owner_id != cchc_owner())") == [(0,)]
    own_task = province.task_ids(as_an_lao)[0]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # moving a row into another commune
        province.sql(as_an_lao, "UPDATE task SET plan_id = %s WHERE id = %s", (plan, own_task))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # adding to another commune's plan
        province.sql(as_an_lao, "INSERT INTO note (plan_id, text, created_at, kind) VALUES (%s, 'x', now(), '')", (plan,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # owners are the administrator's
        province.sql(as_an_lao, "UPDATE owner SET name = 'x'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # and so is who belongs to which commune
        province.sql(as_an_lao, "INSERT INTO commune_role (role, owner_id) VALUES ('xa_an_lao', %s)",
                     (province.owners()[COMMUNES["xa_hoang_son"]],))
    after = {t: province.sql(None, f'SELECT * FROM "{t}" ORDER BY id') for t in OWNER_OF}
    hoang_son = province.owners()[COMMUNES["xa_hoang_son"]]
    for table, query in OWNER_OF.items():  # Hoàng Sơn's rows are all as they were
        theirs_ids = {i for i, owner in province.sql(None, query) if owner == hoang_son}
        assert [r for r in after[table] if r[0] in theirs_ids] == [r for r in before[table] if r[0] in theirs_ids]


def test_through_cchc_another_commune_s_task_does_not_exist(province):
    other = province.task_ids("xa_hoang_son")[0]
    an_lao = province.cli("xa_an_lao")
    for args in (["done", other, "--on", "01/02/2026"], ["note", other, "x"], ["task", "show", other]):
        result = an_lao(*args, today=TODAY)
        assert result.exit_code == 2 and "no task with id" in result.stderr, args
    plans = _json(an_lao("plan", "list", "--format", "json"))
    assert [p["commune"] for p in plans] == [COMMUNES["xa_an_lao"]]
    refused = an_lao("import", HOANG_SON)  # another commune's plan
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "not allowed" in refused.stderr
    assert [p["commune"] for p in _json(an_lao("plan", "list", "--format", "json"))] == [COMMUNES["xa_an_lao"]]


def test_the_province_role_reads_every_row_and_writes_none(province):
    for table in OWNER_OF:
        assert province.sql(READER, f'SELECT count(*) FROM "{table}"') == province.sql(None, f'SELECT count(*) FROM "{table}"')
    task = province.task_ids("xa_an_lao")[0]
    for statement in ("UPDATE task SET status = 'done'", "DELETE FROM milestone", "DELETE FROM change",
                      "INSERT INTO note (plan_id, text, created_at, kind) SELECT id, 'x', now(), '' FROM plan",
                      "UPDATE owner SET name = 'x'", "INSERT INTO commune_role VALUES ('so_noi_vu', 1)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            province.sql(READER, statement)
    reader = province.cli(READER)
    refused = reader("done", task, "--on", "01/02/2026", today=TODAY)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "not allowed" in refused.stderr
    assert len(_json(reader("plan", "list", "--format", "json"))) == 3


def test_a_role_needs_its_password(province):
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(province.pg.url(province.dbname, user="xa_an_lao")).close()
    wrong = province.passwords.parent / "wrong"
    wrong.write_text("*:*:*:xa_an_lao:not-the-password\n", encoding="utf-8")
    os.chmod(wrong, 0o600)
    result = Cli(province.pg.url(province.dbname, user="xa_an_lao") + f"&passfile={wrong}")("plan", "list")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "password" in result.stderr
    assert "not-the-password" not in result.stderr


def test_province_set_up_refuses_bad_names_and_sqlite(province, tmp_path):
    admin = province.cli()
    bad = admin("province", "add-commune", "xã Mù Cả", "--role", "Xa Mu Ca; DROP TABLE task")
    assert bad.exit_code == 2 and "role name" in bad.stderr
    taken = admin("province", "add-commune", "xã Mù Cả", "--role", "xa_an_lao")
    assert taken.exit_code == 2 and COMMUNES["xa_an_lao"] in taken.stderr
    on_file = Cli(tmp_path / "x.db")("province", "init")
    assert on_file.exit_code == 2 and "PostgreSQL" in on_file.stderr
    again = admin("province", "init")  # running it again changes nothing a commune relies on
    assert again.exit_code == 0
    test_each_commune_role_sees_exactly_its_own_rows_of_every_table(province)


# -- the province roll-up, checked by hand ---------------------------------------------------
# Quarter I of 2026, today 15/04/2026. An Lão (and An Hòa, the same deadlines) has three tasks
# with a milestone due in Q1 (tests/test_views.py): ref 1 "Trước 15/01/2026", ref 3 quarterly
# reports "Trước ngày mùng 10 của tháng cuối quý" (10/03 …), ref 4 "Quý I/2026" (31/03).
# Hoàng Sơn has eleven (tests/test_views.py HOANG_SON_Q1: chỉ đạo 1, 2, 4, 5, 6; thể chế 1, 3;
# công vụ 2; tài chính 1, 6, 7), all past due by 15/04 and none done.
# An Lão: ref 1 done 12/01 (on time), ref 4 done 02/04 (late), ref 3 open (10/03 overdue):
#   3 tasks, 1 on time, 1 late, 1 overdue, 0 in progress, 1 not started, 1/(2+1) = 33.3 % on time.
# An Hòa: ref 1 done 10/01, ref 4 done 20/03 (on time), ref 3 started (10/03 overdue):
#   3 tasks, 2 on time, 0 late, 1 overdue, 1 in progress, 0 not started, 2/3 = 66.7 %.
# Hoàng Sơn: 11 tasks, 11 overdue, 11 not started, 0 %.
# Indicators: An Lão's first indicator with a target recorded above it (met); Hoàng Sơn's online
# payment (≥ 55 %) recorded as 40 % (under). Most behind first: Hoàng Sơn, An Lão, An Hòa.
EXPECTED_Q1 = [
    {"commune": "xã Hoàng Sơn", "plans": 1, "tasks": 11, "done_on_time": 0, "done_late": 0, "overdue": 11,
     "in_progress": 0, "not_started": 11, "pct_on_time": 0.0, "indicators_met": 0, "indicators_under": 1},
    {"commune": "xã An Lão", "plans": 1, "tasks": 3, "done_on_time": 1, "done_late": 1, "overdue": 1,
     "in_progress": 0, "not_started": 1, "pct_on_time": 33.3, "indicators_met": 1, "indicators_under": 0},
    {"commune": "xã An Hòa", "plans": 1, "tasks": 3, "done_on_time": 2, "done_late": 0, "overdue": 1,
     "in_progress": 1, "not_started": 0, "pct_on_time": 66.7, "indicators_met": 0, "indicators_under": 0},
]


def _work_of_the_quarter(cli_of) -> None:
    """The work above, each commune's through its own cli."""
    an_lao, an_hoa, hoang_son = cli_of("xa_an_lao"), cli_of("xa_an_hoa"), cli_of("xa_hoang_son")
    for cli, done in ((an_lao, (("1", "12/01/2026"), ("4", "02/04/2026"))),
                      (an_hoa, (("1", "10/01/2026"), ("4", "20/03/2026")))):
        ids = {t["ref"]: t["id"] for t in _json(cli("task", "list", "--format", "json"))}
        for ref, day in done:
            _ok(cli("done", ids[ref], "--on", day, today=TODAY))
        if done[0][1] == "10/01/2026":  # An Hòa
            _ok(cli("start", ids["3"], today=TODAY))
    target = next(i for i in _json(an_lao("indicator", "list", "--format", "json"))
                  if i["target"] is not None and i["comparator"] == ">=")
    _ok(an_lao("indicator", "record", target["key"], str(target["target"]), "--period", "2026-Q1", today=TODAY))
    _ok(hoang_son("indicator", "record", "ty-le-giao-dich-thanh-toan", "40", "--period", "2026-Q1", today=TODAY))


def test_province_summary_of_three_communes_checked_by_hand(province):
    _work_of_the_quarter(province.cli)
    reader = province.cli(READER)
    rows = _json(reader("province", "summary", "--quarter", "I", "--year", "2026", "--format", "json", today=TODAY))
    assert rows == EXPECTED_Q1
    by_name = _json(reader("province", "summary", "-q", "I", "--year", "2026", "--sort", "name", "-f", "json", today=TODAY))
    assert [r["commune"] for r in by_name] == ["xã An Hòa", "xã An Lão", "xã Hoàng Sơn"]
    mine = _json(province.cli("xa_an_hoa")("province", "summary", "-q", "I", "--year", "2026", "-f", "json", today=TODAY))
    assert mine == [EXPECTED_Q1[2]]  # a commune's role gets its own row only
    csv = _ok(reader("province", "summary", "-q", "I", "--year", "2026", "-f", "csv", today=TODAY)).stdout
    assert csv.splitlines()[1].startswith("xã Hoàng Sơn,1,11,0,0,11,0,11,0")


def test_the_same_summary_from_one_sqlite_file(tmp_path):
    """The roll-up is the store's reads and the domain's counts: the same on a file holding the three plans."""
    cli = Cli(tmp_path / "province.db", Backend("sqlite", tmp_path / "province.db"))
    plans = {"xa_an_lao": AN_LAO, "xa_hoang_son": HOANG_SON, "xa_an_hoa": _an_hoa(tmp_path)}
    for plan in plans.values():
        _ok(cli("import", plan))
    ids = {p["commune"]: p["id"] for p in _json(cli("plan", "list", "--format", "json"))}

    def cli_of(role):
        def run(*args, **kw):  # each command on that commune's plan
            _ok(cli("plan", "use", ids[COMMUNES[role]]))
            return cli(*args, **kw)
        return run

    _work_of_the_quarter(cli_of)
    assert _json(cli("province", "summary", "-q", "I", "--year", "2026", "-f", "json", today=TODAY)) == EXPECTED_Q1


def test_province_overdue_groups_by_commune_most_first(province):
    _work_of_the_quarter(province.cli)
    groups = _json(province.cli(READER)("province", "overdue", "--format", "json", today=TODAY))
    assert [(g["commune"], g["overdue"]) for g in groups][0][0] == "xã Hoàng Sơn"
    assert [g["overdue"] for g in groups] == sorted((g["overdue"] for g in groups), reverse=True)
    for group in groups:
        assert group["overdue"] == len(group["items"])
        assert all(item["days_left"] < 0 for item in group["items"])
    role_of = {name: role for role, name in COMMUNES.items()}
    for group in groups:  # each commune's part is what its officer's `cchc overdue` lists
        own = _json(province.cli(role_of[group["commune"]])("overdue", "--format", "json", today=TODAY))
        assert [i["milestone_id"] for i in own] == [i["milestone_id"] for i in group["items"]]


# -- one write lock per commune ----------------------------------------------------------------


@pytest.fixture
def hoang_son_writing(province, monkeypatch):
    """Hoàng Sơn's officer in the middle of a write (the lock taken as cchc takes it, held); every
    other write gives up after one try of one second instead of six of ten."""
    from cchc.store import core, postgres

    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "1s")
    monkeypatch.setattr(core, "WRITE_TRIES", 1)
    conn = psycopg.connect(province.url("xa_hoang_son"), autocommit=True)
    postgres.PostgreSQL().begin_write(conn)
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_a_commune_s_write_does_not_wait_for_another_commune_s(province, hoang_son_writing):
    an_lao = province.cli("xa_an_lao")
    task = province.task_ids("xa_an_lao")[0]
    _ok(an_lao("note", task, "trong khi Hoàng Sơn ghi", today=TODAY))
    assert [n["text"] for n in _json(an_lao("task", "show", task, "--format", "json"))["notes"]][-1] == \
        "trong khi Hoàng Sơn ghi"


def test_the_same_commune_s_writes_and_the_administrator_s_wait_for_it(province, hoang_son_writing):
    task = province.task_ids("xa_hoang_son")[0]
    before = province.sql(None, "SELECT count(*) FROM operation")
    for cli in (province.cli("xa_hoang_son"), province.cli()):
        refused = cli("note", task, "phải chờ", today=TODAY)
        assert refused.exit_code == 2 and "database is locked" in refused.stderr, refused.output
    assert province.sql(None, "SELECT count(*) FROM operation") == before
    hoang_son_writing.execute("ROLLBACK")
    _ok(province.cli("xa_hoang_son")("note", task, "sau khi xong", today=TODAY))


# -- twelve processes of three communes at once -----------------------------------------------


def test_twelve_processes_of_three_communes_lose_nothing_and_cross_nothing(province):
    env = {**os.environ, "CCHC_TODAY": "30/11/2026"}
    ids = {role: province.task_ids(role) for role in COMMUNES}
    def operations(role) -> set[int]:
        return {e["operation_id"] for e in _json(province.cli(role)("log", "--format", "json"))}

    before = {role: operations(role) for role in COMMUNES}
    commands = []
    for role in COMMUNES:
        commands += [(role, ["note", str(ids[role][0]), f"ghi chú {n} của {role}"]) for n in range(2)]
        commands += [(role, ["done", str(task), "--on", "20/11/2026", "--evidence", f"Báo cáo {task}"])
                     for task in ids[role][4:6]]
    procs = [subprocess.Popen([sys.executable, "-m", "cchc", "--db", province.url(role), *args], cwd=ROOT, env=env,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for role, args in commands]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [(code, err) for code, _, err in results] == [(0, "")] * len(commands)
    for role in COMMUNES:
        cli = province.cli(role)
        first = _json(cli("task", "show", ids[role][0], "--format", "json"))
        assert sorted(n["text"] for n in first["notes"]) == sorted(
            [f"ghi chú của {role}"] + [f"ghi chú {n} của {role}" for n in range(2)])
        for task in ids[role][4:6]:
            done = _json(cli("task", "show", task, "--format", "json"))
            assert done["status"] == "done" and [e["text"] for e in done["evidence"]] == [f"Báo cáo {task}"]
        assert len(operations(role) - before[role]) == 4 and before[role] <= operations(role)
    owners = province.owners()
    assert province.sql(None, "SELECT count(*) FROM operation WHERE owner_id IS NULL") == [(0,)]
    for commune in COMMUNES.values():  # every change recorded under the commune whose rows it touched
        crossing = province.sql(None, """SELECT count(*) FROM change c JOIN operation o ON o.id = c.operation_id
                                         JOIN task t ON t.id = c.task_id JOIN plan p ON p.id = t.plan_id
                                         WHERE o.owner_id = %s AND p.owner_id != %s""", (owners[commune],) * 2)
        assert crossing == [(0,)]
