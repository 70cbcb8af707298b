"""Layout invariance: each real plan's table, in every layout a plan arrives in, imports to the same tasks.

The five plans of examples/ are read once; their tasks are rendered (tests/
layouts.py) as tab text, a pipe table with and without the `|---|` rule, one
cell per line between "|" lines, a labelled list with no table, .docx, .xlsx,
.csv, and a PDF printed from the .docx by LibreOffice, with and without the
table's ruling lines (committed in tests/fixtures/layouts/), with the lead column under every name plans use
(each name with one plan in turn; CCHC_LAYOUTS=all for every plan with every
name). Every rendering must import to the same items (area, ref, level,
parent, text, product, lead, cooperating, deadline text) and so the same
milestones.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

import layouts
from cchc.domain.deadlines import parse_deadline
from cchc.importers.readers import read_plan
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN

PLANS = (HOANG_SON, AN_LAO, MU_CO, KY_LAC, THIEN_TAN)
TEXT = {"tab": layouts.render_tab, "pipe": layouts.render_pipe,
        "pipe-no-rule": lambda plan, lead: layouts.render_pipe(plan, lead, rule=False),
        "one-cell-per-line": layouts.render_cell_per_line, "labelled-list": layouts.render_labelled}
FILES = {"docx": layouts.render_docx, "xlsx": layouts.render_xlsx, "csv": layouts.render_csv}


@lru_cache(maxsize=None)
def seed(path: Path):
    draft = read_plan(path)[0]
    return layouts.Plan.of(draft), (draft.year_start, draft.year_end)


def milestones(items, period) -> list[list[tuple]]:
    span = period[0] if period[0] == period[1] else period
    return [[(m.label, m.kind, m.due, m.start, m.needs_review)
             for m in parse_deadline(item["deadline_text"] if isinstance(item, dict) else item.deadline_text, span)]
            for item in items]


def assert_same(draft, plan: layouts.Plan, period) -> None:
    assert (draft.year_start, draft.year_end) == period
    got, want = layouts.comparable(draft.tasks), layouts.comparable(plan.items)
    assert len(got) == len(want)
    for got_item, want_item in zip(got, want):
        assert got_item == want_item
    assert milestones(draft.tasks, period) == milestones(plan.items, period)


def test_every_plan_has_items_of_each_kind():
    """The renderings cover one-level and hierarchical tables, refs as printed, compound deadlines."""
    plans = {path.stem: seed(path)[0] for path in PLANS}
    assert [plans[p.stem].hierarchical for p in PLANS] == [False, False, True, True, False]
    assert all(len(plan.items) >= 30 for plan in plans.values())
    assert any("\n" in i["deadline_text"] or " - " in i["deadline_text"] for i in plans[HOANG_SON.stem].items)


def _cases() -> list[tuple[Path, str]]:
    """Every plan with the usual lead name; each other name with one plan in turn (all with CCHC_LAYOUTS=all)."""
    if os.environ.get("CCHC_LAYOUTS") == "all":
        return [(plan, lead) for plan in PLANS for lead in layouts.LEAD_NAMES]
    others = [(PLANS[n % len(PLANS)], lead) for n, lead in enumerate(layouts.LEAD_NAMES[1:])]
    return [(plan, layouts.LEAD_NAMES[0]) for plan in PLANS] + others


@pytest.mark.parametrize("layout", list(TEXT) + list(FILES))
@pytest.mark.parametrize("example, lead", _cases(), ids=lambda v: getattr(v, "stem", v))
def test_every_layout_imports_to_the_same_tasks(tmp_path, example, layout, lead):
    plan, period = seed(example)
    suffix = {"docx": ".docx", "xlsx": ".xlsx", "csv": ".csv"}.get(layout, ".txt")
    path = tmp_path / f"{example.stem}{suffix}"
    if layout in TEXT:
        path.write_text(TEXT[layout](plan, lead), encoding="utf-8")
    else:
        FILES[layout](plan, path, lead)
    draft = read_plan(path)[0]
    assert_same(draft, plan, period)
    assert not draft.notices


@pytest.mark.parametrize("lead", layouts.PDF_LEADS)
@pytest.mark.parametrize("example", PLANS, ids=lambda p: p.stem)
def test_a_pdf_printed_by_a_word_processor_imports_to_the_same_tasks(example, lead):
    plan, period = seed(example)
    made_from = json.loads((layouts.FIXTURES / f"{example.stem}.json").read_text(encoding="utf-8"))
    assert made_from["items"] == plan.items, "the seed reads differently now: run python tests/layouts.py"
    pdf = layouts.FIXTURES / layouts.pdf_name(example.stem, lead)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert_same(read_plan(pdf)[0], plan, period)


@pytest.mark.parametrize("example", PLANS, ids=lambda p: p.stem)
def test_a_pdf_whose_table_has_no_ruling_lines_imports_to_the_same_tasks(example):
    """The same Word table with no borders, printed by LibreOffice: cells from the words' positions."""
    plan, period = seed(example)
    pdf = layouts.FIXTURES / layouts.pdf_name(example.stem, layouts.LEAD_NAMES[0], borderless=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    draft = read_plan(pdf)[0]
    assert_same(draft, plan, period)
    assert not draft.notices


# PDF-extracted text (tests/layouts.py render_pdf_text): the header printed again at each page, each page's
# columns a little wider or narrower, pages ending between rows or inside a row (its cells' tails after
# the header).
PDF_TEXT_VARIANTS = [(KY_LAC, {"rows_per_page": 7}), (KY_LAC, {"breaks": (2, 9), "rows_per_page": 5}),
                     (AN_LAO, {"rows_per_page": 7}), (HOANG_SON, {}), (AN_LAO, {})]


@pytest.mark.parametrize("example, variant", PDF_TEXT_VARIANTS, ids=lambda v: getattr(v, "stem", str(v)))
def test_pdf_text_with_page_headers_at_other_rows_imports_to_the_same_tasks(tmp_path, example, variant):
    plan, period = seed(example)
    plan = layouts.numbered(plan)
    path = tmp_path / f"{example.stem}.txt"
    path.write_text(layouts.render_pdf_text(plan, **variant), encoding="utf-8")
    assert_same(read_plan(path)[0], plan, period)
