"""Correcting the plan: a task added mid-year (`cchc task add`), a task read wrong (`cchc task edit`).

Runs inside the caller's write transaction. Every row added, changed or
deleted is recorded in the task's own history, so `cchc undo` reverts it.
A new deadline is read again into milestones; a completed milestone keeps its
completion and evidence when the new reading has one like it (same label, kind
and due date, else the only one of that label and kind), and the edit is
refused rather than lose one that has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.agencies import AgencyBook
from cchc.store.dialect import marks
from cchc.store.plan_store import _links, _milestone_rows

FIELDS = ("area", "ref", "level", "text", "product", "lead", "cooperating", "deadline")


@dataclass
class TaskEdit:
    """What `task add` sets or `task edit` changes (None: unchanged)."""

    area: str | None = None
    ref: str | None = None
    level: str | None = None
    text: str | None = None
    product: str | None = None
    lead: str | None = None  # as written
    cooperating: list[str] | None = None  # as written
    deadline: str | None = None  # as written; read into milestones


def _plan(tx, plan_id: int) -> tuple[int, int | tuple[int, int]]:
    owner, start, end = tx.db.one("SELECT owner_id, year_start, year_end FROM plan WHERE id = ?", (plan_id,))
    tx.rec.owner(owner)
    return owner, (start if start == end else (start, end))


def add_task(tx, plan_id: int, edit: TaskEdit) -> tuple[int, int]:
    """A new task at the end of its area in the plan; (its id, its number of milestones)."""
    from cchc.domain.text import as_written
    from cchc.importers.draft import TaskDraft

    db, rec = tx.db, tx.rec
    owner, period = _plan(tx, plan_id)
    book = AgencyBook(tx, owner)
    draft = TaskDraft(area=edit.area, level=edit.level or "task", ref=edit.ref or "", text=edit.text,
                      product=edit.product or "", lead_agency=as_written(edit.lead or ""),
                      cooperating=edit.cooperating or [], deadline_text=edit.deadline or "")
    position = (db.value("SELECT max(position) FROM task WHERE plan_id = ?", (plan_id,)) or 0) + 1
    when = rec.when
    task_id = db.insert(
        "INSERT INTO task (plan_id, area_code, level, ref, position, text, product, budget, lead_agency_id, "
        "lead_written, deadline_text, status, removed, source_line, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (plan_id, draft.area, draft.level, draft.ref, position, draft.text, draft.product, "",
         book.get(draft.lead_agency), draft.lead_agency, draft.deadline_text, "not_started", False, None, when, when))
    rec.created("task", task_id, task_id)
    _insert_links(tx, task_id, _links(draft, book))
    return task_id, len(_insert_milestones(tx, task_id, draft, period, {}))


def edit_task(tx, task_id: int, edit: TaskEdit) -> list[str]:
    """Change the given fields of a task; the names of those that changed."""
    from cchc.domain.text import as_written
    from cchc.importers.draft import TaskDraft

    db, rec = tx.db, tx.rec
    row = db.dicts("SELECT id, plan_id, area_code, level, ref, text, product, lead_agency_id, lead_written, "
                   "deadline_text FROM task WHERE id = ?", (task_id,))[0]
    owner, period = _plan(tx, row["plan_id"])
    book = AgencyBook(tx, owner)
    new = {"area_code": edit.area, "level": edit.level, "ref": edit.ref, "text": edit.text, "product": edit.product,
           "deadline_text": edit.deadline}
    if edit.lead is not None:
        lead = as_written(edit.lead)
        new.update(lead_written=lead, lead_agency_id=book.get(lead))
    changed = {k: v for k, v in new.items() if v is not None and row[k] != v}
    for name, value in changed.items():
        rec.changed("task", task_id, task_id, name, row[name], value)
    if changed:
        db.run(f"UPDATE task SET {', '.join(f'{k} = ?' for k in changed)}, updated_at = ? WHERE id = ?",
               [*changed.values(), rec.when, task_id])
    names = [k for k in changed if k != "lead_agency_id"]
    if edit.cooperating is not None:
        draft = TaskDraft(area="", level="", ref="", text="", cooperating=edit.cooperating)
        if _replace_links(tx, task_id, _links(draft, book)):
            names.append("cooperating")
    if "deadline_text" in changed:
        draft = TaskDraft(area="", level="", ref="", text="", deadline_text=changed["deadline_text"])
        _replace_milestones(tx, task_id, draft, period)
    return names


def _insert_links(tx, task_id: int, links: list[tuple[int, int, str]]) -> None:
    for agency, position, written in links:
        link = tx.db.insert("INSERT INTO task_cooperation (task_id, agency_id, position, written) VALUES (?, ?, ?, ?)",
                            (task_id, agency, position, written))
        tx.rec.created("task_cooperation", link, task_id)


def _replace_links(tx, task_id: int, links: list[tuple[int, int, str]]) -> bool:
    old = tx.db.dicts("SELECT * FROM task_cooperation WHERE task_id = ? ORDER BY position, id", (task_id,))
    if [(r["agency_id"], r["position"], r["written"]) for r in old] == links:
        return False
    for row in old:
        tx.rec.deleted("task_cooperation", row["id"], task_id, row)
    tx.db.run("DELETE FROM task_cooperation WHERE task_id = ?", (task_id,))
    _insert_links(tx, task_id, links)
    return True


def _insert_milestones(tx, task_id: int, draft, period, done: dict) -> list[int]:
    """The milestones the deadline reads as (`done`: completion by position); their ids in order."""
    ids = []
    for pos, r in enumerate(_milestone_rows(task_id, draft, period, False)):
        ids.append(tx.db.insert(
            "INSERT INTO milestone (task_id, position, label, kind, due, window_start, needs_review, review_reason, "
            "source_text, done_on, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*r[:9], *done.get(pos, (None, "")))))
        tx.rec.created("milestone", ids[-1], task_id)
    return ids


def _matching(old: list[dict], new: list[tuple], day) -> dict[int, int]:
    """Old milestone id -> position of the new one it becomes: same label, kind and due date, else the only
    one left with the same label and kind."""
    taken: set[int] = set()
    found = {}
    for exact in (True, False):
        for m in old:
            if m["id"] in found:
                continue
            fits = [pos for pos, r in enumerate(new) if pos not in taken and (r[2], r[3]) == (m["label"], m["kind"])
                    and (not exact or r[4] == day(m["due"]))]
            if fits and (exact or len(fits) == 1):
                found[m["id"]] = fits[0]
                taken.add(fits[0])
    return found


def _replace_milestones(tx, task_id: int, draft, period) -> None:
    """The deadline read again; completions and evidence carried over to the milestones they match, never dropped.

    Evidence is detached first and attached to the new milestones last, so that undo, which
    goes backwards, never points evidence at a milestone that is not there."""
    db, rec = tx.db, tx.rec
    old = db.dicts("SELECT * FROM milestone WHERE task_id = ? ORDER BY position, id", (task_id,))
    match = _matching(old, _milestone_rows(task_id, draft, period, False), db.day)
    lost = [n for n, m in enumerate(old, 1) if m["done_on"] and m["id"] not in match]
    if lost:
        raise UserError(_("milestone {n} of task {id} is done and the new deadline has none like it; reopen it "
                          "first (cchc start {id} --milestone {n})").format(n=lost[0], id=task_id), field="deadline")
    done = {match[m["id"]]: (db.day(m["done_on"]), m["evidence"]) for m in old if m["done_on"]}
    ids = [m["id"] for m in old]
    attached = db.rows(f"SELECT id, milestone_id FROM evidence WHERE milestone_id IN ({marks(ids)})", ids)
    for evidence_id, milestone_id in attached:
        rec.changed("evidence", evidence_id, task_id, "milestone_id", milestone_id, None)
        db.run("UPDATE evidence SET milestone_id = ? WHERE id = ?", (None, evidence_id))
    for row in old:
        rec.deleted("milestone", row["id"], task_id, row)
    db.run("DELETE FROM milestone WHERE task_id = ?", (task_id,))
    new = _insert_milestones(tx, task_id, draft, period, done)
    for evidence_id, milestone_id in attached:
        if milestone_id in match:
            rec.changed("evidence", evidence_id, task_id, "milestone_id", None, new[match[milestone_id]])
            db.run("UPDATE evidence SET milestone_id = ? WHERE id = ?", (new[match[milestone_id]], evidence_id))
