"""The PDF-text reader (Kỳ Lạc) and the narrative reader (Thiên Tân) on the real plans.

Expected numbers were counted by hand from examples/*.txt.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.importers import narrative, pdf_text
from cchc.domain.text import nfc

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KY_LAC, THIEN_TAN = EXAMPLES / "xa-ky-lac-2025.txt", EXAMPLES / "xa-thien-tan-2026-2030.txt"
HOANG_SON, MU_CO, AN_LAO = (EXAMPLES / f"xa-{name}-2026.txt" for name in ("hoang-son", "mu-co", "an-lao"))

# Kỳ Lạc appendix: the 3.x activities printed under each section heading I–VII.
KY_LAC_ACTIVITIES = {
    "chi-dao": [f"3.{n}" for n in range(1, 14)],  # I: 3.1–3.13
    "the-che": [f"3.{n}" for n in range(14, 19)],  # II: 3.14–3.18
    "tthc": [f"3.{n}" for n in range(1, 15)],  # III: 3.1–3.14
    "bo-may": [],  # IV: one task (2.1), no activity
    "cong-vu": ["3.1"],  # V
    "tai-chinh": [f"3.{n}" for n in range(1, 8)],  # VI: 3.1–3.7
    "chinh-quyen-so": ["3.1", "3.2"],  # VII
}
# Thiên Tân "III. NHIỆM VỤ, GIẢI PHÁP": paragraphs per numbered subsection 1–7.
THIEN_TAN_PARAGRAPHS = {"chi-dao": 5, "the-che": 3, "tthc": 5, "bo-may": 2, "cong-vu": 2,
                        "tai-chinh": 4, "chinh-quyen-so": 8}
# "V. TỔ CHỨC THỰC HIỆN": duty paragraphs under each agency heading 1–8.
THIEN_TAN_DUTIES = {"Phòng Văn hoá - Xã hội": 9, "Trung tâm Phục vụ hành chính công": 3,
                    "Văn phòng HĐND và UBND xã": 4, "Phòng Kinh tế": 3, "Trạm Y tế xã": 2,
                    "Các trường học": 2, "Ủy ban Mặt trận Tổ quốc Việt Nam xã": 1,
                    "Các thôn trên địa bàn": 1}


def _lines(path) -> list[str]:
    return [nfc(line) for line in path.read_text(encoding="utf-8").split("\n")]


@pytest.fixture(scope="module")
def ky_lac():
    lines = _lines(KY_LAC)
    tasks, warnings = pdf_text.parse_tasks(lines, 2025)
    return lines, tasks, warnings


@pytest.fixture(scope="module")
def thien_tan():
    lines = _lines(THIEN_TAN)
    tasks, warnings = narrative.parse_tasks(lines, (2026, 2030))
    return lines, tasks, warnings


def _find(tasks, area, level, ref):
    return next(t for t in tasks if (t.area, t.level, t.ref) == (area, level, ref))


# --- looks_like --------------------------------------------------------------

@pytest.mark.parametrize("path, pdf, prose", [
    (KY_LAC, True, False), (THIEN_TAN, False, True), (HOANG_SON, False, False),
    (MU_CO, False, False), (AN_LAO, False, False),
])
def test_looks_like_tells_the_five_examples_apart(path, pdf, prose):
    text = path.read_text(encoding="utf-8")
    assert pdf_text.looks_like(text) is pdf
    assert narrative.looks_like(text) is prose


# --- Kỳ Lạc (PDF text) -------------------------------------------------------

def test_ky_lac_activities_are_found_in_their_area(ky_lac):
    _, tasks, _ = ky_lac
    found = {(t.area, t.ref) for t in tasks if t.level == "activity"}
    expected = {(area, ref) for area, refs in KY_LAC_ACTIVITIES.items() for ref in refs}
    assert len(expected) == 42
    assert len(found & expected) >= 38
    assert len(found - expected) <= 2


def test_ky_lac_most_activities_have_lead_and_deadline(ky_lac):
    _, tasks, _ = ky_lac
    activities = [t for t in tasks if t.level == "activity"]
    assert sum(bool(t.lead_agency) for t in activities) >= 36
    assert sum(bool(t.deadline_text) for t in activities) >= 38
    for task in activities:
        if not task.lead_agency:
            assert "no lead agency found" in task.review


def test_ky_lac_cells_after_an_activity(ky_lac):
    _, tasks, _ = ky_lac
    first = _find(tasks, "tthc", "activity", "3.1")
    assert first.text == "Triển khai kịp thời theo hướng dẫn của cơ quan có thẩm quyền"
    assert first.product.startswith("Trung tâm Phục vụ hành chính công xã phục vụ người dân")
    assert first.lead_agency == "Trung tâm HCC xã"  # not the product, which names an agency too
    assert first.cooperating == ["Văn phòng HĐND-UBND xã"]
    assert first.deadline_text == "Tháng 7/2025"
    meeting = _find(tasks, "chi-dao", "activity", "3.5")
    assert (meeting.lead_agency, meeting.deadline_text, meeting.budget) == \
        ("Phòng VHXH", "Năm 2025", "Theo dự toán được cấp")
    assert meeting.product == "Công văn, báo cáo, giấy mời, thông báo kết luận"
    inspect = _find(tasks, "the-che", "activity", "3.17")
    assert inspect.deadline_text == "Quý IV năm 2025"
    assert inspect.lead_agency == "Văn phòng HĐND-UBND"
    assert inspect.cooperating == ["Các phòng, ban, đoàn thể xã"]
    assert _find(tasks, "tthc", "activity", "3.14").deadline_text == "06 tháng cuối năm 2025"
    staff = _find(tasks, "bo-may", "task", "2.1")  # a task with no activity carries the cells
    assert staff.deadline_text == "Theo lộ trình đề án được phê duyệt"


def test_ky_lac_merged_cells_are_shared_and_flagged(ky_lac):
    _, tasks, _ = ky_lac
    draft, final = _find(tasks, "chi-dao", "activity", "3.1"), _find(tasks, "chi-dao", "activity", "3.2")
    assert (draft.lead_agency, draft.deadline_text) == (final.lead_agency, final.deadline_text) == \
        ("Phòng VHXH", "Ngày 25/7/2025")
    assert any("merged cell" in note for note in draft.review)
    assert not final.review


def test_ky_lac_levels_and_parents(ky_lac):
    lines, tasks, _ = ky_lac
    levels = {"objective": 1, "task": 2, "activity": 3}
    for task in tasks:
        if not task.ref.startswith("TT "):  # the objective printed without a number
            assert task.ref.split()[0] in lines[task.line - 1]
        if task.parent is not None:
            parent = tasks[task.parent]
            assert parent.area == task.area and levels[parent.level] < levels[task.level]
    activity = _find(tasks, "chi-dao", "activity", "3.2")
    task = tasks[activity.parent]
    assert (task.level, task.ref) == ("task", "2.1")
    assert (tasks[task.parent].level, tasks[task.parent].ref) == ("objective", "1.1")
    # "2.2  Báo cáo 3.2. Báo cáo": a task and its activity on one line
    report = _find(tasks, "tai-chinh", "activity", "3.2")
    assert (tasks[report.parent].ref, tasks[report.parent].text) == ("2.2", "Báo cáo")


def test_ky_lac_page_breaks_are_flagged_not_guessed(ky_lac):
    _, tasks, _ = ky_lac
    assert not any("TT" in t.deadline_text or "Mục tiêu" in t.text for t in tasks)
    idea = _find(tasks, "chi-dao", "activity", "3.6")
    assert any("page break" in note and "Hội đồng thẩm định" in note for note in idea.review)


def test_ky_lac_repeated_numbers_are_made_unique(ky_lac):
    _, tasks, warnings = ky_lac
    keys = Counter((t.area, t.level, t.ref) for t in tasks)
    assert max(keys.values()) == 1
    assert any("repeats" in w.reason for w in warnings)


# --- Thiên Tân (narrative) ---------------------------------------------------

def test_thien_tan_task_paragraphs_per_area(thien_tan):
    _, tasks, _ = thien_tan
    plan = [t for t in tasks if not t.ref.startswith("V.")]
    assert Counter(t.area for t in plan) == THIEN_TAN_PARAGRAPHS
    assert [t.ref for t in plan if t.area == "chi-dao"] == ["1.a", "1.b", "1.c", "1.d", "1.e"]
    assert all(t.level == "task" and not t.lead_agency for t in plan)
    assert _find(tasks, "tthc", "task", "3.c").deadline_text == "Thường xuyên"
    assert _find(tasks, "the-che", "task", "2.a").deadline_text == ""


def test_thien_tan_duties_per_agency(thien_tan):
    lines, tasks, _ = thien_tan
    duties = [t for t in tasks if t.ref.startswith("V.")]
    assert Counter(t.lead_agency for t in duties) == THIEN_TAN_DUTIES
    assert len(tasks) >= 25 and len({t.area for t in tasks}) >= 6
    digital = next(t for t in duties if t.line == 193)  # a sentence broken over two lines
    assert digital.area == "chinh-quyen-so" and "chính quyền điện tử" in digital.text
    assert next(t for t in duties if t.ref == "V.4.a").area == "tai-chinh"
    front = next(t for t in duties if t.ref == "V.7.a")
    assert front.cooperating == ["các tổ chức chính trị - xã hội xã"]
    assert not any("thay thế" in t.text or "Sở Nội vụ;" in t.text for t in tasks)


def test_thien_tan_reporting_duty_has_its_rhythm(thien_tan):
    _, tasks, _ = thien_tan
    reports = [t for t in tasks if "báo cáo UBND tỉnh" in t.text]
    assert len(reports) == 1
    assert reports[0].deadline_text == "định kỳ hằng quý, 6 tháng, hằng năm"
    assert reports[0].lead_agency == "Phòng Văn hoá - Xã hội"
    budget = next(t for t in tasks if t.ref == "V.4.c")  # "chi thường xuyên hằng năm" is no deadline
    assert budget.deadline_text == ""


# --- never raise -------------------------------------------------------------

_FRAGMENTS = [
    "TT", "1- Mục tiêu/Chỉ tiêu/nội", "8- Kinh", "phí", "I CÔNG TÁC TRIỂN KHAI",
    "VII XÂY DỰNG CHÍNH PHỦ SỐ", "1", "2.1", "1.1 1.2. Mục tiêu", "2.2  Báo cáo 3.2. Báo cáo",
    "3.1. Hoạt động", "Phòng", "VHXH", "Văn phòng", "HĐND-", "UBND xã", "Các phòng,", "Thường",
    "xuyên", "Quý IV", "năm", "2025", "Theo dự", "toán", "06", "tháng", "III. NHIỆM VỤ, GIẢI PHÁP",
    "V. TỔ CHỨC THỰC HIỆN", "1. Phòng Kinh tế", "a) việc", "7. Đề nghị Ủy ban MTTQ: Thực hiện",
    "- báo cáo định kỳ hằng quý, 6 tháng", "", " ", "-",
]
_HEADER = ["TT", "1- Mục tiêu/Chỉ tiêu/nội", "8- Kinh", "phí", "I CÔNG TÁC TRIỂN KHAI"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)), max_size=60),
       st.one_of(st.integers(2000, 2100), st.tuples(st.integers(2000, 2050), st.integers(2050, 2100))))
def test_parsers_never_raise(lines, period):
    for reader, doc in ((pdf_text, _HEADER + lines), (narrative, lines)):
        tasks, _ = reader.parse_tasks(doc, period)
        for task in tasks:
            assert task.parent is None or 0 <= task.parent < len(tasks)
            assert task.line is None or 1 <= task.line <= len(doc)
        reader.looks_like("\n".join(doc))
