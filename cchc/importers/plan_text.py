"""A plan's text export -> PlanDraft: metadata, tasks (whatever the layout), indicators.

The text becomes blocks (cchc/importers/blocks.py: tab, pipe and one-cell-per-
line tables, paragraphs) for the shared pipeline; a plan without a task table
or labelled list goes to the readers of PDF-extracted runs (pdf_text.py) and
of narrative plans (narrative.py). Pure: no database, no printing. Deciding
that an empty draft is not a plan is the caller's job.
"""

from __future__ import annotations

import unicodedata

from cchc.i18n import _
from cchc.importers import pipeline
from cchc.importers.blocks import Row, text_blocks
from cchc.importers.draft import ImportWarning, PlanDraft, TaskDraft
from cchc.importers.metadata import read_metadata

Period = tuple[int, int]


def parse_plan_text(text: str, name: str = "") -> PlanDraft:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    draft = read_metadata(lines)
    period = _period(draft)
    read_tasks(draft, text_blocks(lines), lines, period, name)
    draft.indicators = _indicators(text, period, draft.warnings)
    return draft


def read_tasks(draft: PlanDraft, blocks: list[Row], lines: list[str], period: Period, name: str = "") -> None:
    """Tasks, warnings and notices of a document's blocks (`lines`: its text, for the prose readers)."""
    from cchc.importers.readers import check_rows

    rows = [b for b in blocks if b.kind == "row"]
    check_rows(name, len(rows), sum(len(b.cells) for b in rows))
    read = pipeline.read_tables(blocks)
    if read is not None:
        draft.tasks, draft.notices = read.tasks, read.notices
        draft.warnings += read.warnings
    else:
        draft.tasks, warnings = parse_tasks("\n".join(lines), lines, period)
        draft.warnings += warnings
    if not draft.tasks:
        draft.seen = pipeline.seen(blocks)


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
    """The readers of text with no task table: PDF-extracted runs, or narrative prose."""
    from cchc.importers import narrative, pdf_text

    is_pdf, problem = _run("pdf_text", False, pdf_text.looks_like, text)
    if problem:
        return [], [problem]
    reader = pdf_text if is_pdf else narrative
    (tasks, warnings), problem = _run(reader.__name__.rsplit(".", 1)[-1], ([], []), reader.parse_tasks, lines, period)
    return list(tasks), list(warnings) + ([problem] if problem else [])


def _indicators(text: str, period: Period, warnings: list[ImportWarning]) -> list:
    from cchc.domain.indicator_targets import find_targets

    found, problem = _run("indicator", [], find_targets, text, period)
    if problem:
        warnings.append(problem)
    return list(found)


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
