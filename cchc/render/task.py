"""One task in full on a terminal or a pipe, and the words of its history (old → new)."""

from __future__ import annotations

from cchc.i18n import _


def _attr(change, key):
    return change[key] if isinstance(change, dict) else getattr(change, key)


def change_text(change) -> str:
    """'old → new' as a person reads it (dates dd/mm/yyyy, statuses by name, rows by their kind)."""
    field, entity = _attr(change, "field"), _attr(change, "entity")
    if field == "created":
        return _("added")
    if field == "deleted":
        return _("deleted")
    old, new = _attr(change, "old"), _attr(change, "new")
    if entity == "task" and field == "status":
        from cchc.domain.vocabulary import status_label

        old, new = status_label(old), status_label(new)
    elif entity == "task" and field == "level":
        from cchc.domain.vocabulary import level_label

        old, new = level_label(old), level_label(new)
    return f"{_show(old)} → {_show(new)}"


def _field_names() -> dict[str, str]:
    """What changed, as shown in history tables: words in both languages (JSON keeps the codes)."""
    return {
        "status": _("status"), "text": _("text"), "product": _("product"), "deadline_text": _("deadline as written"),
        "ref": _("ref"), "level": _("level"), "budget": _("budget"), "removed": _("removed"),
        "lead_agency_id": _("lead agency id"), "lead_written": _("lead agency"), "area_code": _("area"),
        "task_cooperation": _("cooperating agency"), "evidence.milestone_id": _("evidence's milestone"),
        "cooperating": _("cooperating agencies"), "task": _("task"), "note": _("note"), "evidence": _("evidence"),
        "milestone": _("milestone"), "indicator": _("indicator"), "indicator_value": _("indicator value"),
        "milestone.done_on": _("milestone done on"), "milestone.evidence": _("milestone evidence"),
        "milestone.due": _("milestone due date"), "milestone.needs_review": _("milestone needs review"),
        "milestone.review_reason": _("milestone review reason"),
        "plan": _("plan"), "agency": _("agency"), "agency_alias": _("agency spelling"),
        "current_plan": _("current plan"), "current_plan.plan_id": _("current plan"), "setting": _("setting"),
    }


def _column_names() -> dict[str, str]:
    """Fields of other records, named after their record's word (`agency.name` → "agency name")."""
    return {
        "name": _("name"), "key": _("key"), "value": _("value"), "target": _("target"), "title": _("title"),
        "commune": _("commune"), "label": _("label"), "kind": _("kind"), "period": _("period"), "unit": _("unit"),
        "alias": _("spelling"), "agency_id": _("agency"), "plan_id": _("plan"), "is_group": _("group"),
        "comparator": _("comparator"), "as_of": _("as of"), "position": _("number"),
    }


def change_field(change) -> str:
    field, entity = _attr(change, "field"), _attr(change, "entity")
    if field in ("created", "deleted"):
        shown = entity
    elif entity == "task":
        shown = field
    else:
        shown = f"{entity}.{field}"
    names = _field_names()
    if shown in names or "." not in shown:
        return names.get(shown, shown)
    entity, column = shown.split(".", 1)
    return f"{names.get(entity, entity)} {_column_names().get(column, column.replace('_', ' '))}"


def _show(value) -> str:
    from cchc.render.output import cell

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "∅" if value is None or value == "" else cell(value)


def on_time_text(value: bool | None) -> str:
    return "" if value is None else (_("on time") if value else _("late"))


def print_task(task: dict) -> None:
    from cchc.domain.vocabulary import level_label, status_label
    from cchc.render.columns import Column, pick
    from cchc.render.output import View, emit, say
    from cchc.render.safe import one_line

    say(one_line(f"[{task['id']}] {task['area']} {task['ref']} ({level_label(task['level'])}) — "
                 f"{status_label(task['status'])}"), style="bold")
    say(task["text"])
    for label, key in ((_("Product"), "product"), (_("Lead"), "lead_agency"), (_("Deadline (as written)"), "deadline_text")):
        if task.get(key):
            say(f"{label}: {task[key]}")
    if task["cooperating_agencies"]:
        say(_("Cooperating") + ": " + "; ".join(task["cooperating_agencies"]))
    print()
    fold = {"fold": True, "min_width": 10}
    emit(View(task["milestones"], [
        Column("number", "#", "id"), Column("label", _("Label"), fold=True, min_width=10, drop=1),
        Column("kind", _("Kind"), "kind", drop=3), Column("due", _("Due"), "date"),
        Column("done_on", _("Done on"), "date"), Column("on_time", _("On time"), "code", words=lambda v, _r: on_time_text(v)),
        Column("evidence", _("Evidence"), drop=2, **fold), Column("review_reason", _("Review"), drop=4, **fold)]))
    history = [{**c, "what": change_field(c), "change": change_text(c)} for c in task["history"]]
    evidence = [{**e, "file": f"{e['file_path']} (sha256 {e['file_sha256'][:12]}…)" if e["file_path"] else ""}
                for e in task["evidence"]]
    when = Column("created_at", _("When"), "stamp")
    for title, rows, cols in (
        (_("Notes"), task["notes"], [when, Column("text", _("Note"), **fold)]),
        (_("Evidence"), evidence, [when, Column("milestone", "#", "id"), Column("text", _("Evidence"), **fold),
                                   Column("file", _("File"), drop=1, **fold)]),
        (_("History"), history, pick("at", "operation_id") + [
            Column("command", _("Command"), cut=True, drop=2, min_width=8), Column("what", _("Field"), "code"),
            Column("change", _("Change"), **fold), Column("note", _("Note"), drop=1, **fold)]),
    ):
        if rows:
            print(f"\n{title}:")
            emit(View(rows, cols))
