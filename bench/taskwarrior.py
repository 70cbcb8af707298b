"""Taskwarrior's equivalents of the timed cchc commands, on a data set of the same size.

The current plan of the 1-plan database (Hoàng Sơn, 54 tasks) becomes 54
Taskwarrior tasks: its text, area as project, status, and the first open
milestone as the due date. Taskwarrior reads the real clock, so due dates are
moved by (real today - the bench's today): a task overdue for cchc is overdue
for Taskwarrior too. Everything lives in a throwaway TASKRC/TASKDATA.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from datetime import date, timedelta
from pathlib import Path

BASE = ["rc.confirmation=off", "rc.verbose=nothing"]
NAMESPACE = uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427")


def executable() -> str | None:
    return shutil.which("task")


def _tw_date(day: date) -> str:
    return day.strftime("%Y%m%dT000000Z")


def plan_tasks(db: Path, today: date) -> list[dict]:
    """The current plan's tasks as Taskwarrior's import format."""
    shift = date.today() - today
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT t.id, t.ref, t.text, t.area_code, t.status, (SELECT min(m.due) FROM milestone m WHERE "
            "m.task_id = t.id AND m.done_on IS NULL), (SELECT max(m.done_on) FROM milestone m WHERE m.task_id = t.id) "
            "FROM task t WHERE t.plan_id = (SELECT plan_id FROM current_plan) AND NOT t.removed ORDER BY t.position"
        ).fetchall()
    finally:
        conn.close()
    tasks = []
    for task_id, ref, text, area, status, due, done_on in rows:
        item = {"uuid": str(uuid.uuid5(NAMESPACE, str(task_id))), "description": f"{ref} {text}"[:200],
                "project": area, "entry": _tw_date(today - timedelta(days=150) + shift),
                "status": {"done": "completed", "dropped": "deleted"}.get(status, "pending")}
        if due:
            item["due"] = _tw_date(date.fromisoformat(due[:10]) + shift)
        if item["status"] != "pending":
            item["end"] = _tw_date(date.fromisoformat((done_on or today.isoformat())[:10]) + shift)
        if status == "in_progress":
            item["start"] = item["entry"]
        tasks.append(item)
    return tasks


class Taskwarrior:
    """A throwaway Taskwarrior holding the plan's tasks, and the argv of each equivalent."""

    def __init__(self, task: str, db: Path, tmp: Path, today: date, focus_task: int):
        self.task, self.tmp, self.today = task, tmp / "taskwarrior", today
        self.data = self.tmp / "data"
        self.data.mkdir(parents=True)
        self.rc = self.tmp / "taskrc"
        self.rc.write_text("confirmation=off\nverbose=nothing\n", encoding="utf-8")
        self.env = {"TASKRC": str(self.rc), "TASKDATA": str(self.data)}
        self.version = self._run([task, "--version"]).strip()
        tasks = plan_tasks(db, today)
        self.size = len(tasks)
        self.file = self.tmp / "plan.json"
        self.file.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        self._run(self.argv("import", str(self.file)))
        self.focus = self._id(str(uuid.uuid5(NAMESPACE, str(focus_task))))

    def argv(self, *args: str, data: Path | None = None) -> list[str]:
        location = [f"rc.data.location={data}"] if data else []
        return [self.task, *BASE, *location, *args]

    def _run(self, argv: list[str]) -> str:
        done = subprocess.run(argv, env={**_clean_env(), **self.env}, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def _id(self, task_uuid: str) -> str:
        """The working-set id a user would type (`task 5 done`); the uuid if the task is not pending."""
        found = self._run(self.argv("_get", f"{task_uuid}.id")).strip()
        return found if found not in ("", "0") else task_uuid

    def quarter_one(self) -> list[str]:
        """`cchc due --quarter I`: pending tasks due in January-March of the bench's year, moved like the data."""
        shift = date.today() - self.today
        start, end = date(self.today.year, 1, 1) + shift, date(self.today.year, 4, 1) + shift
        return self.argv(f"due.after:{(start - timedelta(days=1)).isoformat()}", f"due.before:{end.isoformat()}", "list")

    def copy(self, name: str) -> Path:
        """A private copy of the data for a write, made before the timer starts."""
        target = self.tmp / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.data, target)
        return target

    def empty(self, name: str) -> Path:
        target = self.tmp / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        return target

    def equivalents(self) -> list[tuple[str, str, object]]:
        """(the cchc case it stands for, Taskwarrior's command, argv or callable(run) -> argv)."""
        return [
            ("cchc --help", "task help", self.argv("help")),
            ("TAB: cchc du<TAB>", "task _commands", self.argv("_commands")),
            ("due --quarter I [1 plan]", "task due.after:… due.before:… list", self.quarter_one()),
            ("overdue [1 plan]", "task overdue", self.argv("overdue")),
            ("summary [1 plan]", "task summary", self.argv("summary")),
            ("task list --format json [1 plan]", "task export", self.argv("export")),
            ("task show [1 plan]", f"task {self.focus} info", self.argv(self.focus, "info")),
            ("done ID [1 plan]", f"task {self.focus} done", lambda n: self.argv(self.focus, "done",
                                                                                data=self.copy(f"done-{n}"))),
            ("import xa-hoang-son-2026.txt", f"task import ({self.size} tasks)",
             lambda n: self.argv("import", str(self.file), data=self.empty(f"import-{n}"))),
        ]


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("TASKRC", "TASKDATA")}
