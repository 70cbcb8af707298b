"""The five real plans, field by field, against expectations read by hand from the documents.

tests/seeds/<plan>.tsv holds one line per item in plan order: area, level,
ref, parent (its ref), text, product, lead, cooperating (" ; " between
agencies), deadline ("\\n" between the parts of a compound deadline), as the
plan writes them. Each was checked against examples/<plan>.txt cell by cell
(Hoàng Sơn and An Lão also by a separate reading of their tab cells). Lines
starting with "#" are notes; the Kỳ Lạc file's notes say how the cells its
PDF text mixes were read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.importers.readers import read_plan
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN

SEEDS = Path(__file__).resolve().parent / "seeds"
FIELDS = ("area", "level", "ref", "parent", "text", "product", "lead", "cooperating", "deadline")


def expected(stem: str) -> list[dict]:
    lines = [ln for ln in (SEEDS / f"{stem}.tsv").read_text(encoding="utf-8").split("\n")
             if ln and not ln.startswith("#")]
    assert lines[0].split("\t") == list(FIELDS)
    unescape = lambda s: s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")  # noqa: E731
    return [dict(zip(FIELDS, map(unescape, line.split("\t")))) for line in lines[1:]]


def as_read(draft) -> list[dict]:
    return [{"area": t.area, "level": t.level, "ref": t.ref,
             "parent": draft.tasks[t.parent].ref if t.parent is not None else "", "text": t.text,
             "product": t.product, "lead": t.lead_agency, "cooperating": " ; ".join(t.cooperating),
             "deadline": t.deadline_text} for t in draft.tasks]


@pytest.mark.parametrize("example, count", [(HOANG_SON, 54), (AN_LAO, 32), (MU_CO, 69), (KY_LAC, 105),
                                            (THIEN_TAN, 54)], ids=lambda v: getattr(v, "stem", v))
def test_every_item_of_the_plan_field_by_field(example, count):
    got, want = as_read(read_plan(example)[0]), expected(example.stem)
    assert len(want) == count
    assert len(got) == len(want)
    for got_item, want_item in zip(got, want):
        assert got_item == want_item

