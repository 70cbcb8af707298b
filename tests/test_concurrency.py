"""Several shells and scripts writing to one database at the same moment.

Twelve `python -m cchc` processes start together: six add notes to the same
task, six mark different tasks done (An Lão 2026, refs 5-10). Every command must
succeed and every change must be there: writes wait for the lock (busy timeout,
BEGIN IMMEDIATE) instead of failing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import AN_LAO, ROOT

NOTES = 6
DONE_REFS = ("5", "6", "7", "8", "9", "10")


def test_twelve_processes_at_once_lose_nothing(cli, db):
    assert cli("import", AN_LAO).exit_code == 0
    ids = {t["ref"]: t["id"] for t in json.loads(cli("task", "list", "--format", "json").output)}
    env = {**os.environ, "CCHC_DB": str(db), "CCHC_TODAY": "30/11/2026"}
    commands = [["note", str(ids["1"]), f"ghi chú {n}"] for n in range(NOTES)]
    commands += [["done", str(ids[ref]), "--on", "20/11/2026", "--evidence", f"Báo cáo {ref}"] for ref in DONE_REFS]
    procs = [subprocess.Popen([sys.executable, "-m", "cchc", *args], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for args in commands]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [(code, err) for code, _, err in results] == [(0, "")] * len(commands)

    task = json.loads(cli("task", "show", ids["1"], "--format", "json").output)
    assert sorted(n["text"] for n in task["notes"]) == [f"ghi chú {n}" for n in range(NOTES)]
    for ref in DONE_REFS:
        done = json.loads(cli("task", "show", ids[ref], "--format", "json").output)
        assert done["status"] == "done"
        assert [e["text"] for e in done["evidence"]] == [f"Báo cáo {ref}"]
        assert all(m["done_on"] == "2026-11-20" for m in done["milestones"])
    log = json.loads(cli("log", "--format", "json").output)
    assert len({e["operation_id"] for e in log}) == len(commands)
