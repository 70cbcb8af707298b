"""Storing a PlanDraft: new plans, re-imports and amended plans, in batches.

Runs inside the caller's write transaction. Every row it creates, changes or
deletes is recorded, so `cchc undo` reverts an import like any other command
(the owner a first import creates stays: operations refer to it). Rows it
creates are recorded without a task id: they are the import's, not part of a
task's own history; what an amended plan changes or deletes in an existing
task is.
Rows are written with one statement per kind of row (executemany); their ids
are read back once per batch, never with a SELECT per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc.domain.text import as_written, clean_value, nfc
from cchc.store.agencies import AgencyBook
from cchc.store.dialect import marks

_TASK_COLUMNS = ("plan_id", "area_code", "level", "ref", "position", "text", "product", "budget", "lead_agency_id",
                 "lead_written", "deadline_text", "status", "removed", "source_line", "created_at", "updated_at")
_COMPARED = ("text", "product", "deadline_text", "ref", "level", "budget")  # shown as the import's changes
_KEPT_IN_STEP = ("position", "lead_agency_id", "lead_written", "source_line", "parent_id")  # recorded, not shown


@dataclass
class ImportResult:
    plan_id: int
    status: str  # "new", "unchanged", "updated"
    added: list = field(default_factory=list)  # TaskDrafts
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # "area ref text", fields
    removed: list[str] = field(default_factory=list)  # "area ref text"
    milestones: int = 0


def period_of(draft) -> int | tuple[int, int]:
    start = draft.year_start or date.today().year
    end = draft.year_end or start
    return start if start == end else (start, end)


def label(area: str, ref: str, text: str) -> str:
    return f"{area} {ref} {text[:70]}"


def store_plan(tx, draft, source_name: str, sha256: str) -> ImportResult:
    draft = clean_value(draft)  # compared with stored rows, whose text is clean
    db = tx.db
    same_file = db.value("SELECT id FROM plan WHERE source_sha256 = ? ORDER BY id LIMIT 1", (sha256,))
    if same_file is not None:
        return ImportResult(plan_id=same_file, status="unchanged")
    owner = _owner(tx, draft.commune)
    tx.rec.owner(owner)
    plan = db.value("SELECT id FROM plan WHERE owner_id = ? AND year_start = ? AND year_end = ? ORDER BY id DESC "
                    "LIMIT 1", (owner, draft.year_start, draft.year_end)) if draft.commune else None
    book = AgencyBook(tx, owner)
    if plan is None:
        plan = db.insert("INSERT INTO plan (title, commune, number, issuer, year_start, year_end, source_name, "
                         "source_sha256, imported_at, owner_id, signer_behalf, signer_title, signer_subtitle, "
                         "signer_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (draft.title, draft.commune, draft.number, draft.issuer, draft.year_start,
                          draft.year_end or draft.year_start, source_name, sha256, tx.rec.when, owner,
                          *_signer(draft)))
        tx.rec.created("plan", plan, note="import")
        result = ImportResult(plan_id=plan, status="new", added=list(draft.tasks))
        result.milestones = _add_tasks(tx, plan, list(enumerate(draft.tasks)), draft, book)
    else:
        result = _amend(tx, plan, draft, book)
        _update_plan(tx, plan, draft, source_name, sha256)
    _store_indicators(tx, plan, draft)
    return result


def _owner(tx, commune: str) -> int:
    from cchc.domain.owners import owner_key, owner_name

    key = owner_key(commune)
    found = tx.db.value("SELECT id FROM owner WHERE key = ?", (key,))
    if found is None:  # not recorded: an owner is who the history is about, and stays when an import is undone
        found = tx.db.insert("INSERT INTO owner (name, key) VALUES (?, ?)", (owner_name(commune), key))
    return found


def _signer(draft) -> list[str | None]:
    """The plan's signature block as the plan's signer_* columns (None where the document has none)."""
    from cchc.store.plans import SIGNER_KEYS

    return [draft.signer.get(key) or None for key in SIGNER_KEYS]


def _update_plan(tx, plan: int, draft, source_name: str, sha256: str) -> None:
    row = tx.db.dicts("SELECT title, number, issuer, source_name, source_sha256, imported_at, signer_behalf, "
                      "signer_title, signer_subtitle, signer_name FROM plan WHERE id = ?", (plan,))[0]
    new = {"title": draft.title or row["title"], "number": draft.number or row["number"],
           "issuer": draft.issuer or row["issuer"], "source_name": source_name, "source_sha256": sha256,
           "imported_at": tx.rec.when}
    if draft.signer:  # a new version of the plan signed by someone else
        new.update(zip(("signer_behalf", "signer_title", "signer_subtitle", "signer_name"), _signer(draft)))
    row["imported_at"] = tx.db.stamp(row["imported_at"])
    for name, value in new.items():
        tx.rec.changed("plan", plan, None, name, row[name], value, note="import")
    tx.db.run(f"UPDATE plan SET {', '.join(f'{k} = ?' for k in new)} WHERE id = ?", [*new.values(), plan])


def _new_ids(tx, table: str, where: str, params: tuple, before: int) -> list[int]:
    """Ids of the rows just inserted in one batch, in insertion order (ids grow within a transaction)."""
    return [r[0] for r in tx.db.rows(f"SELECT id FROM {table} WHERE {where} AND id > ? ORDER BY id",
                                     (*params, before))]


def _max_id(tx, table: str) -> int:
    return tx.db.value(f"SELECT max(id) FROM {table}") or 0


def _add_tasks(tx, plan: int, indexed: list, draft, book: AgencyBook, ids: dict[int, int] | None = None) -> int:
    """Insert the (index, TaskDraft) pairs as tasks of the plan; their milestones and links too."""
    ids = {} if ids is None else ids
    if not indexed:
        return 0
    when = tx.rec.when
    before = _max_id(tx, "task")
    rows = []
    for index, d in indexed:
        lead = as_written(d.lead_agency)
        rows.append((plan, d.area, d.level, d.ref, index, d.text, d.product, d.budget, book.get(lead), lead,
                     d.deadline_text, "not_started", False, d.line, when, when))
    tx.db.many(f"INSERT INTO task ({', '.join(_TASK_COLUMNS)}) VALUES ({', '.join('?' * len(_TASK_COLUMNS))})", rows)
    new = _new_ids(tx, "task", "plan_id = ?", (plan,), before)
    for (index, _d), task_id in zip(indexed, new):
        ids[index] = task_id
        tx.rec.created("task", task_id, None, note="import")
    _set_parents(tx, [(ids[i], d) for i, d in indexed], draft, ids)
    _add_cooperation(tx, [(ids[i], d) for i, d in indexed], book)
    parents = _parents(draft.tasks)
    return _add_milestones(tx, [(ids[i], d, i in parents) for i, d in indexed], period_of(draft))


def _set_parents(tx, pairs: list, draft, ids: dict[int, int]) -> None:
    rows = [(ids.get(d.parent), task_id) for task_id, d in pairs if d.parent is not None and ids.get(d.parent)]
    tx.db.many("UPDATE task SET parent_id = ? WHERE id = ?", rows)


def _parents(drafts: list) -> set[int]:
    return {d.parent for d in drafts if d.parent is not None}


def _links(d, book: AgencyBook) -> list[tuple[int, int, str]]:
    """(agency, position, as written) of a draft's cooperating agencies, each agency once."""
    seen, links = set(), []
    for pos, name in enumerate(d.cooperating):
        written = as_written(name)
        agency = book.get(written)
        if agency and agency not in seen:
            seen.add(agency)
            links.append((agency, pos, written))
    return links


def _add_cooperation(tx, pairs: list, book: AgencyBook) -> None:
    rows = [(task_id, *link) for task_id, d in pairs for link in _links(d, book)]
    if not rows:
        return
    before = _max_id(tx, "task_cooperation")
    tx.db.many("INSERT INTO task_cooperation (task_id, agency_id, position, written) VALUES (?, ?, ?, ?)", rows)
    tasks = sorted({r[0] for r in rows})
    found = tx.db.rows(f"SELECT id, task_id FROM task_cooperation WHERE task_id IN ({marks(tasks)}) AND id > ? "
                       "ORDER BY id", (*tasks, before))
    for link_id, task_id in found:
        tx.rec.created("task_cooperation", link_id, None, note="import")


def _milestone_rows(task_id: int, d, period, has_children: bool) -> list[tuple]:
    from cchc.domain.deadlines import parse_deadline

    if has_children and not d.deadline_text.strip():
        return []  # an objective or task whose activities carry the deadlines
    rows = []
    for pos, m in enumerate(parse_deadline(d.deadline_text, period)):
        reasons = [m.note] if m.needs_review and m.note else []
        if pos == 0:
            reasons += d.review
        rows.append((task_id, pos, m.label, m.kind, m.due, m.start, m.needs_review or bool(reasons),
                     "; ".join(reasons), m.source, None, ""))
    return rows


def _add_milestones(tx, triples: list, period, done: dict | None = None) -> int:
    """Milestones of (task id, draft, has children); `done` carries completions over by (task, label, kind)."""
    rows = [row for task_id, d, parent in triples for row in _milestone_rows(task_id, d, period, parent)]
    if done:
        rows = [(*r[:9], *done.get((r[0], r[2], r[3]), (None, ""))) for r in rows]
    if not rows:
        return 0
    before = _max_id(tx, "milestone")
    tx.db.many("INSERT INTO milestone (task_id, position, label, kind, due, window_start, needs_review, review_reason, "
               "source_text, done_on, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    tasks = sorted({r[0] for r in rows})
    for mid, task_id in tx.db.rows(f"SELECT id, task_id FROM milestone WHERE task_id IN ({marks(tasks)}) AND id > ? "
                                   "ORDER BY id", (*tasks, before)):
        tx.rec.created("milestone", mid, None, note="import")
    return len(rows)


# -- an amended plan ---------------------------------------------------------------

_EXISTING = ("id", "area_code", "level", "ref", "text", "product", "deadline_text", "budget", "position", "parent_id",
             "lead_agency_id", "lead_written", "source_line")


def _match(existing: list[dict], drafts: list) -> dict[int, dict]:
    """Draft index -> existing task: by area and ref, then by text."""
    by_ref = {(t["area_code"], t["level"], t["ref"]): t for t in existing if t["ref"]}
    by_text = {(t["area_code"], nfc(t["text"])): t for t in existing}
    matched: dict[int, dict] = {}
    used: set[int] = set()
    for index, d in enumerate(drafts):
        task = by_ref.get((d.area, d.level, d.ref)) if d.ref else None
        if task is None or task["id"] in used:
            task = by_text.get((d.area, nfc(d.text)))
        if task is not None and task["id"] not in used:
            matched[index] = task
            used.add(task["id"])
    return matched


def _amend(tx, plan: int, draft, book: AgencyBook) -> ImportResult:
    db, rec = tx.db, tx.rec
    existing = db.dicts(f"SELECT {', '.join(_EXISTING)} FROM task WHERE plan_id = ? AND removed = ? ORDER BY id",
                        (plan, False))
    matched = _match(existing, draft.tasks)
    result = ImportResult(plan_id=plan, status="updated")
    ids = {index: task["id"] for index, task in matched.items()}
    added = [(i, d) for i, d in enumerate(draft.tasks) if i not in matched]
    result.added = [d for _i, d in added]
    result.milestones = _add_tasks(tx, plan, added, draft, book, ids)
    parents = _parents(draft.tasks)
    replaced = []
    links: dict[int, list[dict]] = {}  # the matched tasks' links, read once
    matched_ids = [t["id"] for t in matched.values()]
    for start in range(0, len(matched_ids), 500):
        chunk = matched_ids[start:start + 500]
        for row in db.dicts(f"SELECT * FROM task_cooperation WHERE task_id IN ({marks(chunk)}) ORDER BY id", chunk):
            links.setdefault(row["task_id"], []).append(row)
    for index, task in matched.items():
        d = draft.tasks[index]
        lead = as_written(d.lead_agency)
        new = {"text": d.text, "product": d.product, "deadline_text": d.deadline_text, "ref": d.ref, "level": d.level,
               "budget": d.budget, "position": index, "lead_agency_id": book.get(lead), "lead_written": lead,
               "source_line": d.line, "parent_id": ids.get(d.parent) if d.parent is not None else None}
        changed = {k: v for k, v in new.items() if task[k] != v}
        for name, value in changed.items():
            rec.changed("task", task["id"], task["id"], name, task[name], value, note="import")
        if changed:
            db.run(f"UPDATE task SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                   [*changed.values(), task["id"]])
        shown = [f for f in _COMPARED if f in changed]
        if shown:
            result.changed.append((label(task["area_code"], new["ref"], new["text"]), shown))
        _replace_cooperation(tx, task["id"], links.get(task["id"], []), _links(d, book))
        if "deadline_text" in changed:
            replaced.append((task["id"], d, index in parents))
    _replace_milestones(tx, replaced, period_of(draft))
    for task in existing:
        if task["id"] not in ids.values():
            db.run("UPDATE task SET removed = ? WHERE id = ?", (True, task["id"]))
            rec.changed("task", task["id"], task["id"], "removed", False, True, note="import")
            result.removed.append(label(task["area_code"], task["ref"], task["text"]))
    return result


def _replace_cooperation(tx, task_id: int, old: list[dict], links: list[tuple[int, int, str]]) -> None:
    db = tx.db
    if [(r["agency_id"], r["position"], r["written"]) for r in old] == links:
        return
    for row in old:
        tx.rec.deleted("task_cooperation", row["id"], task_id, row, note="import")
    db.run("DELETE FROM task_cooperation WHERE task_id = ?", (task_id,))
    for agency, position, written in links:
        link = db.insert("INSERT INTO task_cooperation (task_id, agency_id, position, written) VALUES (?, ?, ?, ?)",
                         (task_id, agency, position, written))
        tx.rec.created("task_cooperation", link, None, note="import")


def _replace_milestones(tx, replaced: list, period) -> None:
    """Changed deadlines: new milestones; completion kept where the label and kind match."""
    if not replaced:
        return
    db = tx.db
    tasks = [task_id for task_id, _d, _p in replaced]
    done = {}
    for row in db.dicts(f"SELECT * FROM milestone WHERE task_id IN ({marks(tasks)}) ORDER BY id", tasks):
        if row["done_on"]:
            done[(row["task_id"], row["label"], row["kind"])] = (db.day(row["done_on"]), row["evidence"])
        tx.rec.deleted("milestone", row["id"], row["task_id"], row, note="import")
    db.run(f"DELETE FROM milestone WHERE task_id IN ({marks(tasks)})", tasks)
    _add_milestones(tx, replaced, period, done)


def _store_indicators(tx, plan: int, draft) -> None:
    """Targets from the plan; recorded values are kept (matched by key)."""
    db, rec = tx.db, tx.rec
    existing = {r["key"]: r for r in db.dicts(
        "SELECT id, key, name, unit, comparator, target, period, source_text FROM indicator WHERE plan_id = ?", (plan,))}
    for d in draft.indicators:
        new = {"name": d.name, "unit": d.unit, "comparator": d.comparator, "target": d.target, "period": d.period,
               "source_text": d.text}
        old = existing.get(d.key)
        if old is None:
            created = db.insert("INSERT INTO indicator (plan_id, key, name, unit, comparator, target, period, source_text) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (plan, d.key, *new.values()))
            rec.created("indicator", created, note="import")
            existing[d.key] = {"id": created, "key": d.key, **new}
            continue
        changed = {k: v for k, v in new.items() if old[k] != v}
        for name, value in changed.items():
            rec.changed("indicator", old["id"], None, name, old[name], value, note="import")
        if changed:
            db.run(f"UPDATE indicator SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                   [*changed.values(), old["id"]])


@dataclass
class ImportedMilestone:
    """A task of the imported plan with one of its milestones (milestone None: the task has none)."""

    task_id: int
    area: str
    ref: str
    line: int | None
    deadline_text: str
    text: str
    milestone: int | None
    kind: str | None
    needs_review: bool
    review_reason: str
    source_text: str


def import_review(db, plan_id: int) -> list[ImportedMilestone]:
    """The plan's tasks with their milestones, in plan order: what an import reports."""
    rows = db.rows("""SELECT t.id, t.area_code, t.ref, t.source_line, t.deadline_text, t.text, m.id, m.kind,
                             m.needs_review, m.review_reason, m.source_text
                      FROM task t LEFT JOIN milestone m ON m.task_id = t.id
                      WHERE t.plan_id = ? AND t.removed = ? ORDER BY t.position, t.id, m.position, m.id""",
                   (plan_id, False))
    return [ImportedMilestone(*r[:8], db.flag(r[8]), r[9] or "", r[10] or "") for r in rows]
