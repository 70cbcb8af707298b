"""`cchc start|done|drop|status|note|evidence|set-due|undo`: recording the work.

Each command is one transaction and one operation in the history; `cchc undo`
reverts the last one. Several tasks at once: by ids, or by the shared filters
(asks first, shows what will change; --yes for scripts).
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from cchc.commands import values
from cchc.commands.filters import AGENCY, AREA, LEVEL, PLAN, SEARCH, STATUS, OptStr
from cchc.commands.params import argument, option
from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.render.output import say

IDS = argument(values.TASK_ID, default=None, help=_("Task ids (see cchc task list); or use the filters instead."))
MILESTONE = typer.Option(None, "--milestone", "-m", metavar="N",
                         help=_("Only milestone N of the task (numbered as in cchc task show)."))
ON = typer.Option(None, "--on", help=_("Completion date (dd/mm/yyyy; default: today)."), metavar=_("DATE"))
YES = typer.Option(False, "--yes", "-y", help=_("Do not ask before changing several tasks."))
TASK_ID = argument(values.TASK_ID, help=_("Task id (see cchc task list)."))


def parse_ids(raw: list[str]) -> list[int]:
    """Task ids as typed, in order, duplicates dropped."""
    ids: list[int] = []
    for text in raw:
        if not text.strip().isdigit() or len(text.strip()) > 18:
            raise UserError(_("'{id}' is not a task id (see cchc task list)").format(id=text))
        if int(text) not in ids:
            ids.append(int(text))
    return ids


def file_ref(path: str):
    """A file recorded by absolute path and SHA-256 (never copied); only a regular file is read."""
    import hashlib
    import os
    from pathlib import Path

    from cchc.files import regular_file
    from cchc.store.tracking import FileRef

    p = Path(path).expanduser()
    try:
        checked = regular_file(p)
        digest = hashlib.sha256()
        with open(os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb") as handle:
            opened = os.fstat(handle.fileno())
            if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):  # replaced since the check
                raise UserError(_("{path}: changed while it was being read").format(path=p))
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except UserError as exc:
        raise type(exc)(exc.message, field="file") from None
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=p, err=exc.strerror), field="file") from None
    return FileRef(str(p.resolve()), digest.hexdigest())


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.strip().isdigit() or int(raw) < 1:
        raise UserError(_("--milestone: '{n}' is not a milestone number (1, 2, … as in cchc task show)").format(n=raw))
    return int(raw)


def _describe(name: str, ids: list[str] | None, **options) -> str:
    """The operation's command line as shown by `cchc log` and `cchc undo`."""
    parts = [name, *(ids or [])]
    for key, value in options.items():
        if value not in (None, False, ""):
            flag = "--" + key.replace("_", "-")
            parts.append(flag if value is True else f"{flag} {value}")
    return " ".join(parts)


def _targets(ids: list[str] | None, filters, yes: bool, new_status: str) -> list[int]:
    """Task ids from the arguments, or from the filters after showing them and asking."""
    from dataclasses import astuple

    filtered = any(v is not None for v in astuple(filters))
    if ids and filtered:
        raise UserError(_("give task ids or filters (--plan, --area, --agency, …), not both"))
    if ids:
        return parse_ids(ids)
    if not filtered:
        raise UserError(_("give task ids (see cchc task list) or filters such as --area or --agency"))
    from cchc.commands.common import store

    with store() as db:
        rows = db.read.tasks(filters)
    if not rows:
        say(_("No task matches; nothing changed."))
        return []
    if not yes:
        if sys.stdin.isatty():
            _preview(rows, new_status)
        from cchc.commands.prompt import confirm

        from cchc.domain.vocabulary import status_label

        confirm(_("Set {n} tasks to {status}?").format(n=len(rows), status=status_label(new_status)))
    return [r.id for r in rows]


def _preview(rows: list, new_status: str) -> None:
    from cchc.domain.records import to_data
    from cchc.domain.vocabulary import status_label
    from cchc.render.output import Col, render

    shown = [{**to_data(r), "status": status_label(r.status),
              "new": status_label(new_status) if r.status != new_status else "="} for r in rows]
    render(shown, [Col("id", "ID", justify="right"), Col("area", _("Area")), Col("ref", _("Ref")),
                   Col("text", _("Task"), wrap=True), Col("lead_agency", _("Lead")), Col("status", _("Status")),
                   Col("new", _("New status"))])


def _filters(plan, area, agency, status, search, level):
    from cchc.domain.filters import Filters

    return Filters(plan=plan, area=area, agency=agency, status=status, search=search, level=level)


def _apply(command: str, ids: list[int], action) -> list:
    """Run `action(tracker, task_id)` for each task in one transaction and one operation."""
    def work(tx):
        from cchc.store.tracking import Tracker

        tracker = Tracker(tx)
        return [action(tracker, task_id) for task_id in ids], tx.rec.any

    from cchc.commands.common import store

    with store() as db:
        results, changed = db.write(command, work)
    _report(results, changed)
    return results


def _report(results: list, changed: bool) -> None:
    from cchc.domain.dates import format_date as show_date
    from cchc.domain.vocabulary import status_label
    from cchc.render.task import on_time_text

    for r in results:
        head = _("Task {id} (ref {ref}): ").format(id=r.task_id, ref=r.ref or "-")
        old, new = status_label(r.old_status), status_label(r.status)
        status = f"{old} → {new}" if r.old_status != r.status else new
        say(head + status)
        for m in r.milestones:
            label = f" {m.label}" if m.label else ""
            due = _("due {date}").format(date=show_date(m.due)) if m.due else _("no due date")
            if m.done_on:
                say("  #{n}{label}: {due}, ".format(n=m.number, label=label, due=due)
                      + _("done {date}").format(date=show_date(m.done_on))
                      + (f" — {on_time_text(m.on_time)}" if m.on_time is not None else ""))
            else:
                say("  #{n}{label}: {due}, ".format(n=m.number, label=label, due=due) + _("reopened"))
    if not changed:
        say(_("Nothing changed."))


def start_cmd(ids: Optional[List[str]] = IDS, milestone: OptStr = MILESTONE, yes: bool = YES,
              plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY, status: OptStr = STATUS,
              search: OptStr = SEARCH, level: OptStr = LEVEL) -> None:
    """Mark tasks in progress (with --milestone N: reopen that milestone if it was done)."""
    number = _number(milestone)
    targets = _targets(ids, _filters(plan, area, agency, status, search, level), yes, "in_progress")
    if targets:
        _apply(_describe("start", ids, milestone=milestone), targets, lambda t, i: t.start(i, number))


def done_cmd(ids: Optional[List[str]] = IDS, on: OptStr = ON, milestone: OptStr = MILESTONE,
             evidence: OptStr = option(values.TEXT, "--evidence", "-e", help=_("Evidence: document number and date ('Kế hoạch số 12/KH-UBND ngày 10/01/2026').")),
             file: OptStr = typer.Option(None, "--file", help=_("Evidence file: recorded by path and SHA-256, not copied."), metavar=_("PATH")),
             every: bool = typer.Option(False, "--all", help=_("Close every open milestone, also those due later.")),
             yes: bool = YES, plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY,
             status: OptStr = STATUS, search: OptStr = SEARCH, level: OptStr = LEVEL) -> None:
    """Mark tasks done on a date, with evidence: the milestones due by then (else the next one), or milestone N."""
    from cchc import state
    from cchc.domain.dates import parse_user_date
    from cchc.domain.tracking import check_done_date

    number = _number(milestone)
    today = state.today()
    when = check_done_date(parse_user_date(on, "--on"), today) if on else today
    ref = file_ref(file) if file else None
    text = (evidence or "").strip()
    targets = _targets(ids, _filters(plan, area, agency, status, search, level), yes, "done")
    if targets:
        command = _describe("done", ids, on=on, milestone=milestone, evidence=text, file=ref.path if ref else None)
        if every:
            command += " --all"
        _apply(command, targets, lambda t, i: t.done(i, when, number, text, ref, every=every))


def drop_cmd(ids: Optional[List[str]] = IDS,
             reason: OptStr = option(values.TEXT, "--reason", "-r", help=_("Why the task is dropped (kept as a note).")),
             yes: bool = YES, plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY,
             status: OptStr = STATUS, search: OptStr = SEARCH, level: OptStr = LEVEL) -> None:
    """Mark tasks dropped (không thực hiện); --reason is required and kept as a note."""
    if not (reason or "").strip():
        raise UserError(_("drop needs --reason TEXT: why the task will not be done"))
    targets = _targets(ids, _filters(plan, area, agency, status, search, level), yes, "dropped")
    if targets:
        _apply(_describe("drop", ids, reason=reason.strip()), targets,
               lambda t, i: t.set_status(i, "dropped", None, note=reason.strip()))


def status_cmd(ids: Optional[List[str]] = IDS,
               new: str = argument(values.STATUS, help=_("not_started, in_progress, done, dropped, or chưa thực hiện, đang thực hiện, hoàn thành, không thực hiện.")),
               on: OptStr = ON,
               note: OptStr = option(values.TEXT, "--note", "--reason", help=_("Why (kept with the change; for dropped also as a note).")),
               yes: bool = YES, plan: OptStr = PLAN, area: OptStr = AREA, agency: OptStr = AGENCY,
               status: OptStr = STATUS, search: OptStr = SEARCH, level: OptStr = LEVEL) -> None:
    """Set the status of tasks (done closes their open milestones on --on, default today)."""
    from cchc import state
    from cchc.domain.dates import parse_user_date
    from cchc.domain.tracking import check_done_date
    from cchc.domain.vocabulary import parse_status

    code = parse_status(new)
    today = state.today()
    when = check_done_date(parse_user_date(on, "--on"), today) if on else today
    text = (note or "").strip()
    targets = _targets(ids, _filters(plan, area, agency, status, search, level), yes, code)
    if targets:
        _apply(_describe("status", [*(ids or []), code], on=on, note=text), targets,
               lambda t, i: t.set_status(i, code, when, note=text))


def note_cmd(first: str = argument(values.TASK_ID, help=_("The task id; without it the note is on the plan (for its "
                                                          "report).")),
             text: OptStr = argument(values.TEXT, default=None, help=_("The note (it may begin with \"- \").")),
             kind: OptStr = typer.Option(None, "--kind", "-k", metavar="KIND",
                                         help=_("What the note is in reports: uu-diem (strength), ton-tai "
                                                "(shortcoming), nguyen-nhan (cause), de-xuat (proposal).")),
             plan: OptStr = typer.Option(None, "--plan", metavar="ID",
                                         help=_("The plan of a note on the plan (default: the current plan).")))\
        -> None:
    """Add a note to a task (shown by cchc task show), or to the plan; --kind places it in reports."""
    from cchc.domain.vocabulary import parse_note_kind

    code = parse_note_kind(kind) if kind else ""
    option = f" --kind {code}" if code else ""
    if text is None:
        if first.strip().isdigit():
            raise UserError(_("give the note's text: cchc note {id} \"TEXT\" (or a note on the plan: cchc note "
                              "\"TEXT\")").format(id=first.strip()))
        _plan_note(first, code, plan, option)
        return
    if plan is not None:
        raise UserError(_("--plan goes with a note on the plan; a task's note belongs to the task's plan"))
    [tid] = parse_ids([first])
    _write(_describe("note", [first]) + option, lambda t: t.note(tid, text, code))
    say(_("Note added to task {id}.").format(id=tid))


def _plan_note(text: str, kind: str, plan: str | None, option: str) -> None:
    from cchc.commands.common import store
    from cchc.store.notes import add_plan_note

    if not text.strip():
        raise UserError(_("a note cannot be empty"))
    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        db.write(f"note --plan {plan_id}{option}", lambda tx: add_plan_note(tx, plan_id, text.strip(), kind))
    say(_("Note added to plan {id}.").format(id=plan_id))


def evidence_cmd(task_id: str = TASK_ID,
                 text: Optional[str] = argument(values.TEXT, default=None, help=_("Document number and date.")),
                 file: OptStr = typer.Option(None, "--file", help=_("A file: recorded by path and SHA-256, not copied."), metavar=_("PATH")),
                 milestone: OptStr = MILESTONE) -> None:
    """Record evidence (tài liệu kiểm chứng) for a task: text, a file, or both."""
    [tid] = parse_ids([task_id])
    number = _number(milestone)
    if not (text or "").strip() and file is None:
        raise UserError(_("give the evidence as text or with --file PATH"))
    ref = file_ref(file) if file else None
    _write(_describe("evidence", [task_id], file=ref.path if ref else None, milestone=milestone),
           lambda t: t.evidence(tid, text or "", ref, number))
    say(_("Evidence added to task {id}.").format(id=tid))


def set_due_cmd(task_id: str = TASK_ID, due: str = typer.Argument(..., help=_("The due date (dd/mm/yyyy)."), metavar=_("DATE")),
                milestone: OptStr = MILESTONE,
                note: OptStr = option(values.TEXT, "--note", help=_("Where the date comes from."))) -> None:
    """Give a milestone its due date (events, unspecified) or correct one; clears the review flag."""
    from cchc.domain.dates import format_date as show_date
    from cchc.domain.dates import parse_user_date

    [tid] = parse_ids([task_id])
    number = _number(milestone)
    when = parse_user_date(due, _("due date"))
    _write(_describe("set-due", [task_id, due], milestone=milestone), lambda t: t.set_due(tid, when, number, (note or "").strip()))
    say(_("Task {id}: due {date}.").format(id=tid, date=show_date(when)))


def _write(command: str, action) -> None:
    def work(tx):
        from cchc.store.tracking import Tracker

        action(Tracker(tx))

    from cchc.commands.common import store

    with store() as db:
        db.write(command, work)


def undo_cmd(yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask before undoing."))) -> None:
    """Undo your last operation (one command); run again to go further back."""
    from cchc.commands.common import store
    from cchc.commands.prompt import confirm
    from cchc.store.undo import conflict_message, undo

    with store() as db:
        plan = db.read.undo_plan(db.actor)
        op = plan.target
        if op is None:
            say(_("Nothing to undo."))
            _print_passed(plan.passed)
            return
        if plan.conflict is not None:
            raise UserError(conflict_message(op, plan.conflict))
        if yes or sys.stdin.isatty():
            _print_passed(plan.passed)
            _show_operation(op, plan.changes)
        if not yes:
            question = _("Undo operation {id} ({command})?").format(id=op.id, command=op.command)
            if plan.passed:
                question = _("Leave {n} operation(s) that cannot be undone as they are, and undo operation {id} "
                             "({command})?").format(n=len(plan.passed), id=op.id, command=op.command)
            confirm(question)
        db.write(f"undo {op.id}", lambda tx: undo(tx, plan))
    say(_("Undone operation {id} ({command}).").format(id=op.id, command=op.command))


def _print_passed(passed: list) -> None:
    """The later operations undo walks past: what they changed stays."""
    for op in passed:
        say(_("Operation {id} ({command}) cannot be undone ({reason}); what it changed stays.").format(
            id=op.id, command=op.command, reason=op.undo_note))


def _show_operation(op, changes: list) -> None:
    from cchc.i18n import ngettext
    from cchc.render.output import Col, cell, render
    from cchc.render.task import change_field, change_text

    say(ngettext("Last operation {id}: {command} ({when}), {n} change:",
                   "Last operation {id}: {command} ({when}), {n} changes:", len(changes)).format(
        id=op.id, command=op.command, when=cell(op.created_at), n=len(changes)))
    rows, counted = [], {}
    for c in changes:
        if c.note == "import" and c.field in ("created", "deleted"):  # an import's rows: counted, not listed
            key = (change_field(c), change_text(c))
            if key not in counted:
                counted[key] = {"task_id": None, "task_ref": None, "note": c.note, "what": key[0], "n": 0}
                rows.append(counted[key])
            counted[key]["n"] += 1
            counted[key]["change"] = f"{key[1]} × {counted[key]['n']}"
            continue
        rows.append({"task_id": c.task_id, "task_ref": c.task_ref, "note": c.note, "what": change_field(c),
                     "change": change_text(c)})
    render(rows, [Col("task_id", _("Task"), justify="right"), Col("task_ref", _("Ref")), Col("what", _("Field")),
                  Col("change", _("Change"), wrap=True), Col("note", _("Note"), wrap=True)])
