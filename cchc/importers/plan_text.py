"""A plan's text export -> PlanDraft: metadata, tasks (whatever the layout), indicators.

Pure: no database, no printing. Deciding that an empty draft is not a plan is
the caller's job.
"""

from __future__ import annotations

import importlib
import unicodedata
from types import ModuleType

from cchc.i18n import _
from cchc.importers import text_tables
from cchc.importers.draft import ImportWarning, PlanDraft, TaskDraft
from cchc.importers.metadata import read_metadata

Period = tuple[int, int]


def parse_plan_text(text: str) -> PlanDraft:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    draft = read_metadata(lines)
    period = _period(draft)
    draft.tasks, warnings = parse_tasks(text, lines, period)
    draft.warnings += warnings
    draft.indicators = _indicators(text, period, draft.warnings)
    return draft


def _period(draft: PlanDraft) -> Period:
    """The plan's years, to read its deadlines and indicators; the year of today while it has none.

    No warning here: the import refuses a plan without a valid year and asks
    for --year, and a plan imported with --year must not be said to lack one.
    """
    from cchc.domain.dates import valid_years
    from cchc.state import today

    start, end = draft.year_start, draft.year_end or draft.year_start
    if start is None or not valid_years(start, end):
        return today().year, today().year
    return start, end


def parse_tasks(text: str, lines: list[str], period: Period) -> tuple[list[TaskDraft], list[ImportWarning]]:
    """Pick the reader for the layout: tab tables, PDF text, or narrative prose."""
    if text_tables.first_header(text_tables.text_rows(lines)) is not None:
        return text_tables.parse_tasks(lines)
    pdf_text = _optional("pdf_text")
    if pdf_text is not None:
        is_pdf, problem = _run("pdf_text", False, pdf_text.looks_like, text)
        if problem or is_pdf:
            return _tasks_from("pdf_text", pdf_text, lines, period, problem)
    narrative = _optional("narrative")
    if narrative is None:
        return [], [ImportWarning(None, "", _("no task table found, and the narrative reader is not available"))]
    return _tasks_from("narrative", narrative, lines, period, None)


def _tasks_from(reader: str, module: ModuleType, lines: list[str], period: Period,
                problem: ImportWarning | None) -> tuple[list[TaskDraft], list[ImportWarning]]:
    if problem:
        return [], [problem]
    (tasks, warnings), problem = _run(reader, ([], []), module.parse_tasks, lines, period)
    return list(tasks), list(warnings) + ([problem] if problem else [])


def _indicators(text: str, period: Period, warnings: list[ImportWarning]) -> list:
    try:
        from cchc.domain.indicator_targets import find_targets
    except ImportError:
        warnings.append(ImportWarning(None, "", _("indicator reader not available; no indicators read")))
        return []
    found, problem = _run("indicator", [], find_targets, text, period)
    if problem:
        warnings.append(problem)
    return list(found)


def _optional(name: str) -> ModuleType | None:
    """cchc.importers.<name>, or None while it does not exist yet."""
    try:
        return importlib.import_module(f"cchc.importers.{name}")
    except ImportError:
        return None


def _run(reader: str, fallback, function, *args):
    """(result, None), or (fallback, warning) when a reader written elsewhere fails.

    A bug in one reader must not lose the whole draft: it becomes a warning.
    """
    try:
        return function(*args), None
    except Exception as exc:  # noqa: BLE001
        reason = _("the {reader} reader failed ({error}); that part was skipped").format(
            reader=reader, error=f"{type(exc).__name__}: {exc}")
        return fallback, ImportWarning(None, "", reason)
