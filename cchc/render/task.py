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
    """What changed, as shown in history tables: the codes in English, words in Vietnamese."""
    return {
        "status": _("status"), "text": _("text"), "product": _("product"), "deadline_text": _("deadline_text"),
        "ref": _("ref"), "level": _("level"), "budget": _("budget"), "removed": _("removed"),
        "lead_agency_id": _("lead_agency_id"), "task": _("task"), "note": _("note"), "evidence": _("evidence"),
        "milestone": _("milestone"), "indicator": _("indicator"), "indicator_value": _("indicator_value"),
        "milestone.done_on": _("milestone.done_on"), "milestone.evidence": _("milestone.evidence"),
        "milestone.due": _("milestone.due"), "milestone.needs_review": _("milestone.needs_review"),
        "milestone.review_reason": _("milestone.review_reason"),
    }


def change_field(change) -> str:
    field, entity = _attr(change, "field"), _attr(change, "entity")
    if entity == "task":
        shown = field
    elif field in ("created", "deleted"):
        shown = entity
    else:
        shown = f"{entity}.{field}"
    return _field_names().get(shown, shown)


def _show(value) -> str:
    from cchc.render.output import cell

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "∅" if value is None or value == "" else cell(value)


def on_time_text(value: bool | None) -> str:
    return "" if value is None else (_("on time") if value else _("late"))


def print_task(task: dict) -> None:
    from cchc.render.output import Col, render
    from cchc.domain.vocabulary import kind_label, level_label, status_label

    print(f"[{task['id']}] {task['area']} {task['ref']} ({level_label(task['level'])}) — {status_label(task['status'])}")
    print(task["text"])
    for label, key in ((_("Product"), "product"), (_("Lead"), "lead_agency"), (_("Deadline (as written)"), "deadline_text")):
        if task.get(key):
            print(f"{label}: {task[key]}")
    if task["cooperating_agencies"]:
        print(_("Cooperating") + ": " + "; ".join(task["cooperating_agencies"]))
    print()
    miles = [{**m, "on_time": on_time_text(m["on_time"]), "kind": kind_label(m["kind"])} for m in task["milestones"]]
    render(miles, [Col("number", "#", justify="right"), Col("label", _("Label")), Col("kind", _("Kind")),
                   Col("due", _("Due")), Col("done_on", _("Done on")), Col("on_time", _("On time")),
                   Col("evidence", _("Evidence"), wrap=True), Col("review_reason", _("Review"), wrap=True)])
    history = [{**c, "what": change_field(c), "change": change_text(c)} for c in task["history"]]
    evidence = [{**e, "file": f"{e['file_path']} (sha256 {e['file_sha256'][:12]}…)" if e["file_path"] else ""}
                for e in task["evidence"]]
    for title, rows, cols in (
        (_("Notes"), task["notes"], [Col("created_at", _("When")), Col("text", _("Note"), wrap=True)]),
        (_("Evidence"), evidence, [Col("created_at", _("When")), Col("milestone", "#", justify="right"),
                                   Col("text", _("Evidence"), wrap=True), Col("file", _("File"), wrap=True)]),
        (_("History"), history, [Col("at", _("When")), Col("operation_id", _("Op"), justify="right"),
                                 Col("command", _("Command")), Col("what", _("Field")),
                                 Col("change", _("Change"), wrap=True), Col("note", _("Note"), wrap=True)]),
    ):
        if rows:
            print(f"\n{title}:")
            render(rows, cols)
