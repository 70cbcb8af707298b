"""Build a large, realistic cchc database: N communes' plans in one file.

    python bench/make_db.py --plans 200 --db /tmp/province.db [--today 2026-05-15]
    python bench/make_db.py --plans 150 --db postgresql://admin@host/province   # a province server

The five example plans are imported once through the real importer (`cchc
import`) into a template database; their plans, tasks, milestones, agency
links and indicators are then cloned N times with plain SQL, in one
transaction, under different commune names. The clones' years are spread over
2025–2030: from the second round of five on, each round's plans are moved to
the next year of that span (a five-year plan no further than 2026–2030), with
their milestones' dates and the years written in their title, deadlines and
indicator periods. Each clone gets statuses as of --today (done on time, done
late, in progress, overdue, a few dropped), the history rows `cchc done/start`
would write (operation + change), notes, evidence and monthly indicator values
for the months of its years in the year before --today.

Into a PostgreSQL URL (an empty database, or one made by `cchc province init`):
the same file is built, then copied in with `cchc db copy --to` (every commune
an owner of its own), and the province is set up: `province init`, and with
--commune-role ROLE --password-file FILE the last Hoàng Sơn clone's login role,
to time the commune views through row-level security.

Plan 1 is always Hoàng Sơn. The current plan is the last Hoàng Sơn clone, and
its year and statuses are the same whatever N is, so a view of the current plan
shows the same rows in a 1-plan and a 200-plan database. The first five plans
keep their own years.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Hoàng Sơn first: a 1-plan database is Hoàng Sơn.
EXAMPLES = ["xa-hoang-son-2026.txt", "xa-an-lao-2026.txt", "xa-mu-co-2026.txt",
            "xa-ky-lac-2025.txt", "xa-thien-tan-2026-2030.txt"]
YEARS = range(2025, 2031)  # the span the clones' years are spread over
PLAN_TABLES = ("evidence", "note", "change", "operation", "indicator_value", "indicator", "current_plan",
               "milestone", "task_cooperation", "task", "plan", "agency_alias", "agency", "setting", "owner")


def build_template(path: Path) -> None:
    """The five examples, imported by the real importer."""
    files = [str(ROOT / "examples" / name) for name in EXAMPLES]
    done = subprocess.run([sys.executable, "-m", "cchc", "--db", str(path), "import", *files],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"make_db: importing the examples failed:\n{done.stderr}")


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def copy_rows(conn, table: str, where: str, params: tuple, shift: dict[str, str]) -> None:
    """INSERT INTO main.table SELECT … FROM tpl.table, with some columns rewritten."""
    cols = columns(conn, table)
    select = ", ".join(shift.get(c, f'"{c}"') for c in cols)
    names = ", ".join(f'"{c}"' for c in cols)
    conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {select} FROM tpl."{table}" WHERE {where}', params)


def next_id(conn, table: str) -> int:
    return (conn.execute(f'SELECT max(id) FROM main."{table}"').fetchone()[0] or 0) + 1


def offset(conn, table: str, where: str, params: tuple = ()) -> int:
    """How far the template's ids of `table` shift to follow the rows already there."""
    low = conn.execute(f"SELECT min(id) FROM tpl.{table} WHERE {where}", params).fetchone()[0] or 0
    return next_id(conn, table) - low


def clone_plan(conn, source: int, new_plan: int, commune: str) -> None:
    """One template plan as a new commune's plan, with the commune (owner) and its own agencies:
    ids shifted so they follow the rows already there."""
    from cchc.domain.owners import owner_key

    owner = conn.execute("SELECT owner_id FROM tpl.plan WHERE id = ?", (source,)).fetchone()[0]
    new_owner = conn.execute("INSERT INTO main.owner (name, key) VALUES (?, ?)", (commune, owner_key(commune))).lastrowid
    agencies = f"(SELECT id FROM tpl.agency WHERE owner_id = {owner})"
    a_off = offset(conn, "agency", "owner_id = ?", (owner,))
    l_off = offset(conn, "agency_alias", f"agency_id IN {agencies}")
    copy_rows(conn, "agency", "owner_id = ?", (owner,), {"id": f"id + {a_off}", "owner_id": str(new_owner)})
    copy_rows(conn, "agency_alias", f"agency_id IN {agencies}", (), {"id": f"id + {l_off}",
                                                                     "agency_id": f"agency_id + {a_off}"})
    tasks = f"(SELECT id FROM tpl.task WHERE plan_id = {source})"
    t_off = offset(conn, "task", "plan_id = ?", (source,))
    c_off = offset(conn, "task_cooperation", f"task_id IN {tasks}")
    m_off = offset(conn, "milestone", f"task_id IN {tasks}")
    i_off = offset(conn, "indicator", "plan_id = ?", (source,))
    copy_rows(conn, "plan", "id = ?", (source,), {"id": str(new_plan), "source_sha256": f"'bench-{new_plan}'",
                                                   "owner_id": str(new_owner)})
    conn.execute("UPDATE main.plan SET commune = ? WHERE id = ?", (commune, new_plan))
    copy_rows(conn, "task", "plan_id = ?", (source,), {
        "id": f"id + {t_off}", "plan_id": str(new_plan), "parent_id": f"parent_id + {t_off}",
        "lead_agency_id": f"lead_agency_id + {a_off}"})
    copy_rows(conn, "task_cooperation", f"task_id IN {tasks}", (), {
        "id": f"id + {c_off}", "task_id": f"task_id + {t_off}", "agency_id": f"agency_id + {a_off}"})
    copy_rows(conn, "milestone", f"task_id IN {tasks}", (), {"id": f"id + {m_off}", "task_id": f"task_id + {t_off}"})
    copy_rows(conn, "indicator", "plan_id = ?", (source,), {"id": f"id + {i_off}", "plan_id": str(new_plan)})


def year_shift(conn, source: int, round_no: int) -> int:
    """How many years a clone of `source` in this round moves (0 in the first round)."""
    if round_no == 0:
        return 0
    start, end = conn.execute("SELECT year_start, year_end FROM tpl.plan WHERE id = ?", (source,)).fetchone()
    year = YEARS[round_no % len(YEARS)]
    return min(year, YEARS[-1] - (end - start)) - start


def shift_day(text: str | None, years: int) -> str | None:
    """An ISO date moved by whole years; the last day of a month stays the last day."""
    if not text:
        return text
    day = date.fromisoformat(text)
    last = calendar.monthrange(day.year, day.month)[1]
    year = day.year + years
    new_last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=new_last if day.day == last else min(day.day, new_last)).isoformat()


_YEAR = re.compile(r"(?<!\d)(20[2-3]\d)(?!\d)")


def shift_text(text: str | None, years: int) -> str | None:
    """The plan's years written in a text (2025–2039), moved."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text) if text else text


def move_years(conn, plan_id: int, years: int) -> None:
    """A cloned plan moved by whole years: its period, milestones, and the years its texts write."""
    if not years:
        return
    conn.create_function("shift_day", 2, shift_day, deterministic=True)
    conn.create_function("shift_text", 2, shift_text, deterministic=True)
    conn.execute("UPDATE main.plan SET year_start = year_start + ?1, year_end = year_end + ?1, "
                 "title = shift_text(title, ?1) WHERE id = ?2", (years, plan_id))
    conn.execute("UPDATE main.task SET deadline_text = shift_text(deadline_text, ?) WHERE plan_id = ?", (years, plan_id))
    conn.execute("UPDATE main.milestone SET due = shift_day(due, ?1), window_start = shift_day(window_start, ?1), "
                 "label = shift_text(label, ?1), source_text = shift_text(source_text, ?1) "
                 "WHERE task_id IN (SELECT id FROM main.task WHERE plan_id = ?2)", (years, plan_id))
    conn.execute("UPDATE main.indicator SET period = shift_text(period, ?) WHERE plan_id = ?", (years, plan_id))


# --------------------------------------------------------------------------- tracking


class History:
    """Rows as `cchc done/start/drop/note` write them: one operation per command."""

    def __init__(self, conn):
        from cchc.store.actor import current_actor

        self.conn = conn
        self.actor = current_actor()
        self.op_id = next_id(conn, "operation") - 1
        self.ops, self.changes, self.notes, self.evidence = [], [], [], []
        self.task_updates, self.milestone_updates = [], []

    def operation(self, command: str, when: datetime) -> int:
        self.op_id += 1
        self.ops.append((self.op_id, command, stamp(when), self.actor))
        return self.op_id

    def change(self, op: int, entity: str, entity_id: int, task_id: int, field: str, old, new, when) -> None:
        self.changes.append((op, entity, entity_id, task_id, field, encode(old), encode(new), stamp(when), ""))

    def flush(self) -> None:
        c = self.conn
        c.executemany("INSERT INTO operation (id, command, created_at, actor) VALUES (?, ?, ?, ?)", self.ops)
        c.executemany("INSERT INTO change (operation_id, entity, entity_id, task_id, field, old, new, at, note) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.changes)
        c.executemany("INSERT INTO note (task_id, plan_id, text, created_at) "
                      "SELECT ?, plan_id, ?, ? FROM task WHERE id = ?", [(t, x, at, t) for t, x, at in self.notes])
        c.executemany("INSERT INTO evidence (task_id, milestone_id, text, file_path, file_sha256, created_at) "
                      "VALUES (?, ?, ?, '', '', ?)", self.evidence)
        c.executemany("UPDATE task SET status = ?, updated_at = ? WHERE id = ?", self.task_updates)
        c.executemany("UPDATE milestone SET done_on = ?, evidence = ? WHERE id = ?", self.milestone_updates)


def encode(value) -> str | None:
    """As cchc.store.history.encode: JSON text, dates in ISO."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S.000000")


def track_plan(conn, hist: History, plan_id: int, rng: random.Random, today: date) -> None:
    """Statuses as of today: most past milestones done (some late), some overdue, some started."""
    miles: dict[int, list] = {}
    for mid, task_id, due in conn.execute(
            "SELECT m.id, m.task_id, m.due FROM milestone m JOIN task t ON t.id = m.task_id "
            "WHERE t.plan_id = ? ORDER BY m.task_id, m.position", (plan_id,)):
        miles.setdefault(task_id, []).append((mid, date.fromisoformat(due) if due else None))
    for (task_id,) in conn.execute("SELECT id FROM task WHERE plan_id = ? ORDER BY position", (plan_id,)).fetchall():
        track_task(hist, task_id, miles.get(task_id, []), rng, today)


def track_task(hist: History, task_id: int, miles: list, rng: random.Random, today: date) -> None:
    roll = rng.random()
    if roll < 0.02:
        when = at(today - timedelta(days=rng.randint(10, 90)), rng)
        set_status(hist, hist.operation(f"drop {task_id}", when), task_id, "not_started", "dropped", when)
        hist.notes.append((task_id, "Không thực hiện: đã lồng ghép vào nhiệm vụ khác", stamp(when)))
        return
    dated = [(n, mid, due) for n, (mid, due) in enumerate(miles, 1) if due is not None]
    past = [m for m in dated if m[2] < today]
    if roll < 0.75:
        done = past  # keeps up
    elif roll < 0.87:
        done = past[:len(past) // 2]  # behind: the rest is overdue
    else:
        done = []  # not started: all of it overdue
    status = "not_started"
    for n, mid, due in done:
        late = rng.random() < 0.25
        on = due + timedelta(days=rng.randint(1, 30)) if late else due - timedelta(days=rng.randint(0, 20))
        on = min(on, today)
        when = at(on, rng)
        evidence = f"Báo cáo số {rng.randint(1, 250)}/BC-UBND ngày {on:%d/%m/%Y}"
        op = hist.operation(f"done {task_id} --milestone {n}", when)
        hist.change(op, "milestone", mid, task_id, "done_on", None, on.isoformat(), when)
        hist.change(op, "milestone", mid, task_id, "evidence", "", evidence, when)
        hist.milestone_updates.append((on.isoformat(), evidence, mid))
        hist.evidence.append((task_id, mid, evidence, stamp(when)))
        new = "done" if (n, mid, due) == dated[-1] else "in_progress"
        status = set_status(hist, op, task_id, status, new, when)
    if status == "not_started" and (done or not past) and rng.random() < 0.35:
        when = at(today - timedelta(days=rng.randint(1, 60)), rng)
        status = set_status(hist, hist.operation(f"start {task_id}", when), task_id, status, "in_progress", when)
    if rng.random() < 0.15:
        hist.notes.append((task_id, "Đã đôn đốc cơ quan chủ trì, hẹn báo cáo trong tuần", stamp(at(today, rng))))


def set_status(hist: History, op: int, task_id: int, old: str, new: str, when: datetime) -> str:
    if new != old:
        hist.change(op, "task", task_id, task_id, "status", old, new, when)
        hist.task_updates.append((new, stamp(when), task_id))
    return new


def at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59))


def indicator_values(conn, plan_id: int, rng: random.Random, today: date) -> list[tuple]:
    """Monthly values per indicator for the twelve months before today's, those of the plan's years."""
    first, last = conn.execute("SELECT year_start, year_end FROM plan WHERE id = ?", (plan_id,)).fetchone()
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        if first <= year <= last:
            months.append((year, month))
    rows = []
    for ind_id, unit, target in conn.execute("SELECT id, unit, target FROM indicator WHERE plan_id = ?", (plan_id,)):
        for year, month in reversed(months):
            end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            if unit == "%":
                den = rng.randint(80, 400)
                goal = target if target is not None else 90.0
                num = min(den, round(den * min(100.0, goal + rng.uniform(-15, 8)) / 100))
                value, numer, denom = round(100 * num / den, 1), float(num), float(den)
            else:
                value, numer, denom = float(rng.randint(0, 5)), None, None
            rows.append((ind_id, f"{year}-{month:02d}", end.isoformat(), value, numer, denom,
                         "Cổng Dịch vụ công quốc gia", stamp(at(end, rng))))
    return rows


# --------------------------------------------------------------------------- main


def make_db(plans: int, target: Path, today: date, template: Path | None = None,
            save_template: Path | None = None) -> dict:
    """Write the database; `template` reuses imported examples, `save_template` keeps them."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if template is None:
            template = save_template or Path(tmp) / "template.db"
            template.unlink(missing_ok=True)
            build_template(template)
        imported = time.perf_counter()
        target.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        src = sqlite3.connect(template)
        dst = sqlite3.connect(target, isolation_level=None)
        src.backup(dst)
        src.close()
        fill(dst, template, plans, today)
        dst.close()
    return {"plans": plans, "seconds": round(time.perf_counter() - started, 2),
            "import_seconds": round(imported - started, 2)}


def fill(conn: sqlite3.Connection, template: Path, plans: int, today: date) -> None:
    conn.execute("ATTACH DATABASE ? AS tpl", (str(template),))
    sources = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT source_name, id, commune FROM tpl.plan")}
    order = [sources[name] for name in EXAMPLES]
    current = max(k for k in range(plans) if k % len(order) == 0) + 1
    conn.execute("BEGIN IMMEDIATE")
    for table in PLAN_TABLES:
        conn.execute(f'DELETE FROM main."{table}"')
    hist = History(conn)
    values = []
    for k in range(plans):
        source, commune = order[k % len(order)]
        new_plan = k + 1
        round_no = k // len(order)
        original = new_plan == current or (round_no == 0 and k % len(order))
        clone_plan(conn, source, new_plan, commune if original else f"{commune} {round_no + 1}")
        move_years(conn, new_plan, 0 if new_plan == current else year_shift(conn, source, round_no))
        rng = random.Random(0 if new_plan == current else new_plan)
        track_plan(conn, hist, new_plan, rng, today)
        values += indicator_values(conn, new_plan, rng, today)
    hist.flush()
    conn.executemany("INSERT INTO indicator_value (indicator_id, period, as_of, value, numerator, denominator, "
                     "source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
    conn.execute("INSERT INTO current_plan (actor, plan_id) VALUES (?, ?)", (hist.actor, current))
    from cchc.store.dialect import Db
    from cchc.store.sqlite import SQLite
    from cchc.store.task_json import store_task_json

    store_task_json(Db(conn, SQLite()))  # each task's JSON, as every cchc write stores it
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE tpl")


def to_server(url: str, plans: int, today: date, template: Path | None, role: str | None,
              password_file: Path | None) -> dict:
    """The same database on a PostgreSQL server: built as a file, copied in, made a province's."""
    from cchc.store import open_store, province
    from cchc.store.copy import copy_store

    with tempfile.TemporaryDirectory() as tmp:
        built = make_db(plans, Path(tmp) / "province.db", today, template)
        started = time.perf_counter()
        with open_store(url) as server:
            province.init(server)
            with open_store(Path(tmp) / "province.db") as source:
                copy_store(source, server)
            if role:
                password = None
                if password_file:
                    sys.path.insert(0, str(ROOT))
                    from cchc.commands.province import _password

                    password = _password(password_file, role)
                province.add_commune(server, "xã Hoàng Sơn", role, password)  # the current plan's commune
    return {**built, "copy_seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=200, help="how many communes' plans (default 200)")
    parser.add_argument("--db", required=True, help="the database to write (a file, replaced; or a postgresql:// URL)")
    parser.add_argument("--commune-role", help="with a URL: the login role of the views' commune (Hoàng Sơn)")
    parser.add_argument("--password-file", type=Path, help="with --commune-role: its password file (pgpass line)")
    parser.add_argument("--today", default="2026-05-15", help="statuses as of this day (yyyy-mm-dd)")
    parser.add_argument("--template", type=Path, help="reuse a database holding the five imported examples")
    parser.add_argument("--save-template", type=Path, help="keep the imported examples in this file, for --template")
    args = parser.parse_args(argv)
    if args.plans < 1:
        parser.error("--plans must be at least 1")
    if "://" in args.db:
        result = to_server(args.db, args.plans, date.fromisoformat(args.today), args.template, args.commune_role,
                           args.password_file)
        print(f"{args.db}: {result['plans']} plans built in {result['seconds']} s, copied to the server in "
              f"{result['copy_seconds']} s")
        return
    args.db = Path(args.db)
    result = make_db(args.plans, args.db, date.fromisoformat(args.today), args.template, args.save_template)
    counts = sqlite3.connect(args.db)
    sizes = {t: counts.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
             for t in ("plan", "task", "milestone", "change", "indicator_value")}
    counts.close()
    print(f"{args.db}: {result['plans']} plans in {result['seconds']} s "
          f"(importing the examples {result['import_seconds']} s); " + ", ".join(f"{t} {n}" for t, n in sizes.items()))


if __name__ == "__main__":
    main()
