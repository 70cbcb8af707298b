"""A command killed at any moment (SIGKILL, a crash, a power cut) leaves all of its change or none.

Each run copies a database, starts a real `python -m cchc` on it and kills it:
- after a delay: fractions of one unkilled run's duration, spread over its whole
  life; and fractions of that run's write transaction, counted from the moment
  the killed run starts its own (seen in its statement log);
- at the Nth SQL statement of the run, from opening the database to COMMIT
  (a small wrapper kills the process from SQLite's statement trace), so some
  kills land deterministically in the middle of the write transaction.
After each kill the database must open, pass `PRAGMA integrity_check` and
`cchc db check`, and hold exactly the old state or exactly the new one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import AN_LAO, HOANG_SON, ROOT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

SPREAD_KILLS = 14  # over the whole life of the process
WINDOW_KILLS = 10  # after the BEGIN, over the length of the unkilled run's transaction
STATEMENT_KILLS = 9  # at SQL statements, spread from opening to COMMIT

# `python -m cchc` with SQLite's statement trace on every connection cchc opens.
# Each statement starting is logged to CRASH_LOG ("time<TAB>first word", line
# by line, so the log survives a kill); CRASH_KILL_AT=N kills the process as
# statement N starts.
WRAPPER = r"""
import os, signal, sys, time, runpy
import cchc.store.sqlite

kill_at = int(os.environ.get("CRASH_KILL_AT", "0"))
log = open(os.environ["CRASH_LOG"], "a", buffering=1)
count = 0
raw_connect = cchc.store.sqlite.connect

def trace(sql):
    global count
    count += 1
    log.write(f"{time.monotonic()}\t{sql.split()[0].upper()}\n")
    if count == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

def traced_connect(path):
    conn = raw_connect(path)
    conn.set_trace_callback(trace)
    return conn

cchc.store.sqlite.connect = traced_connect
sys.argv = ["cchc", *sys.argv[1:]]
runpy.run_module("cchc", run_name="__main__", alter_sys=True)
"""

IMPORT = ["import", str(HOANG_SON)]
BULK_DONE = ["--today", "2026-05-04", "done", "--all", "--plan", "all", "--yes",
             "--evidence", "Báo cáo số 15/BC-UBND ngày 28/04/2026"]


@dataclass
class Run:
    code: int  # -9 when killed
    started: float  # time.monotonic() at start and at exit
    ended: float
    log: list[tuple[float, str]]  # statements started: (time, first word)

    @property
    def words(self) -> list[str]:
        return [word for _, word in self.log]

    def phase(self) -> str:
        """Where the kill landed: before the transaction, inside it, during/after COMMIT, or never."""
        if self.code == 0:
            return "finished"
        if "COMMIT" in self.words:
            return "commit"
        return "transaction" if "BEGIN" in self.words else "before"


def snapshot(path: Path) -> dict:
    """What the officer would see: rows per table, tasks and milestones done. Also checks integrity."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts["done_tasks"] = conn.execute("SELECT count(*) FROM task WHERE status = 'done'").fetchone()[0]
        counts["done_milestones"] = conn.execute(
            "SELECT count(*) FROM milestone WHERE done_on IS NOT NULL").fetchone()[0]
        return counts
    finally:
        conn.close()


def _wait_for_begin(proc: subprocess.Popen, log: Path) -> None:
    """Until the process starts its write transaction (or ends)."""
    seen = ""
    while proc.poll() is None and "\tBEGIN\n" not in seen:
        time.sleep(0.002)
        seen = log.read_text() if log.exists() else ""


def run(db: Path, args: list[str], kill_after: float | None = None, kill_at: int = 0,
        from_begin: bool = False) -> Run:
    """cchc on `db`, SIGKILLed unless done: `kill_after` seconds after its start (or after its
    BEGIN with `from_begin`), or as statement number `kill_at` starts."""
    log = db.with_name(db.name + ".log")
    env = {**os.environ, "CRASH_LOG": str(log), "CRASH_KILL_AT": str(kill_at)}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, "--db", str(db), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if from_begin:
        _wait_for_begin(proc, log)
    try:
        proc.wait(timeout=kill_after or 120)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    ended = time.monotonic()
    entries = [line.split("\t") for line in log.read_text().splitlines()] if log.exists() else []
    return Run(proc.returncode, started, ended, [(float(t), word) for t, word in entries])


def kill_points(reference: Run) -> list[tuple[float, bool]]:
    """(delay, from BEGIN?): fractions of the reference run's life, and of its write transaction."""
    duration = reference.ended - reference.started
    begin = next(t for t, word in reference.log if word == "BEGIN")
    commit = next(t for t, word in reversed(reference.log) if word == "COMMIT")
    spread = [(duration * 1.15 * (i + 0.5) / SPREAD_KILLS, False) for i in range(SPREAD_KILLS)]
    span = max(commit - begin, 0.01) * 1.2
    return spread + [(0.001 + span * i / (WINDOW_KILLS - 1), True) for i in range(WINDOW_KILLS)]


def statements(words: list[str]) -> list[int]:
    """1-based statement numbers: the first, the BEGIN, points inside the transaction, the COMMIT."""
    begin, commit = words.index("BEGIN") + 1, len(words) - words[::-1].index("COMMIT")
    inside = [begin + (commit - begin) * i // (STATEMENT_KILLS - 2) for i in range(STATEMENT_KILLS - 1)]
    return sorted({1, *inside, commit})


def check_after_kill(cli, db: Path, old: dict, new: dict) -> str:
    state = snapshot(db)
    assert state in (old, new), f"half a change: {state}\n old {old}\n new {new}"
    cli.db = db
    result = cli("db", "check")
    assert result.exit_code == 0, result.output
    return "new" if state == new else "old"


def timed_kills(cli, tmp_path: Path, base: Path, args: list[str], unkilled: Run, old: dict, new: dict) -> Counter:
    phases: Counter = Counter()
    for n, (delay, from_begin) in enumerate(kill_points(unkilled)):
        work = tmp_path / f"timed-{n}.db"
        shutil.copy(base, work)
        killed = run(work, args, kill_after=delay, from_begin=from_begin)
        assert killed.code in (0, -signal.SIGKILL)
        outcome = check_after_kill(cli, work, old, new)
        phase = killed.phase()
        # nothing is committed before COMMIT starts; a finished run committed
        assert outcome == {"before": "old", "transaction": "old", "finished": "new"}.get(phase, outcome)
        phases[f"{phase}:{outcome}"] += 1
    return phases


def statement_kills(cli, tmp_path: Path, base: Path, args: list[str], unkilled: Run, old: dict, new: dict) -> Counter:
    phases: Counter = Counter()
    for statement in statements(unkilled.words):
        work = tmp_path / f"statement-{statement}.db"
        shutil.copy(base, work)
        killed = run(work, args, kill_at=statement)
        assert killed.code == -signal.SIGKILL and len(killed.log) == statement
        assert check_after_kill(cli, work, old, new) == "old"  # up to the start of COMMIT
        phases[f"statement-{killed.phase()}:old"] += 1
    # a killed run leaves a database the same command then completes on
    assert run(work, args).code == 0
    assert snapshot(work) == new
    return phases


def crash_runs(cli, tmp_path: Path, base: Path, args: list[str]) -> tuple[dict, dict, Counter]:
    """Kill `cchc args` on copies of `base` at every kill point; the old and new states, and phases hit."""
    assert not Path(f"{base}-wal").exists()
    old = snapshot(base)
    reference = tmp_path / "reference.db"
    shutil.copy(base, reference)
    unkilled = run(reference, args)
    assert unkilled.code == 0
    new = snapshot(reference)
    phases = timed_kills(cli, tmp_path, base, args, unkilled, old, new)
    phases += statement_kills(cli, tmp_path, base, args, unkilled, old, new)
    print(f"\n{' '.join(args)[:40]}…: {len(unkilled.log)} statements; kills {sum(phases.values())}: {dict(phases)}")
    return old, new, phases


def test_killed_import_leaves_the_whole_plan_or_none(cli, db, tmp_path):
    cli("import", str(AN_LAO))
    result = cli("done", "1", "2", "3", "--all", "--on", "15/01/2026", "--evidence", "Kế hoạch số 12/KH-UBND ngày 10/01/2026",
                 today="2026-02-01")
    assert result.exit_code == 0, result.output
    old, new, phases = crash_runs(cli, tmp_path, db, IMPORT)
    assert (old["plan"], old["task"], old["done_tasks"]) == (1, 32, 3)
    assert (new["plan"], new["task"], new["done_tasks"]) == (2, 32 + 54, 3)  # An Lão's work intact
    assert sum(phases.values()) >= 20 + STATEMENT_KILLS - 1
    assert phases["statement-transaction:old"] >= STATEMENT_KILLS - 3


def test_killed_bulk_done_marks_all_tasks_or_none(cli, db, tmp_path):
    cli("import", str(AN_LAO))
    cli("import", str(HOANG_SON))
    old, new, phases = crash_runs(cli, tmp_path, db, BULK_DONE)
    assert (old["task"], old["done_tasks"], old["evidence"]) == (86, 0, 0)
    assert (new["task"], new["done_tasks"]) == (86, 86)
    assert new["evidence"] > 0 and new["done_milestones"] > old["done_milestones"]
    assert sum(phases.values()) >= 20 + STATEMENT_KILLS - 1
    assert phases["statement-transaction:old"] >= STATEMENT_KILLS - 3
