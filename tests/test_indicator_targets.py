from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.indicator_targets import find_targets
from cchc.domain.text import fold

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLANS = {
    "xa-hoang-son-2026.txt": 2026,
    "xa-ky-lac-2025.txt": 2025,
    "xa-thien-tan-2026-2030.txt": (2026, 2030),
    "xa-an-lao-2026.txt": 2026,
    "xa-mu-co-2026.txt": 2026,
}


def targets(name):
    return find_targets((EXAMPLES / name).read_text(encoding="utf-8"), PLANS[name])


def matching(found, words, target, comparator=">=", unit="%", period=""):
    """Indicators whose folded name contains every folded word group, with that target."""
    return [
        i
        for i in found
        if all(fold(w) in fold(i.name) for w in words.split("|"))
        and i.target == target
        and i.comparator == comparator
        and i.unit == unit
        and i.period == period
    ]


def assert_has(found, words, target, comparator=">=", unit="%", period=""):
    hits = matching(found, words, target, comparator, unit, period)
    assert hits, f"no {words!r} {comparator} {target} {unit} {period!r} in {[i.name for i in found]}"
    return hits[0]


# -- the real plans ----------------------------------------------------------


def test_hoang_son():
    found = targets("xa-hoang-son-2026.txt")
    pay = assert_has(found, "giao dịch thanh toán trực tuyến", 55)
    assert pay.name == "Tỷ lệ giao dịch thanh toán trực tuyến"
    assert pay.key == "ty-le-giao-dich-thanh-toan"
    assert pay.line == 29 and "55%" in pay.text
    assert_has(found, "hồ sơ|đúng hạn", 98, ">")
    assert_has(found, "khai thác, sử dụng lại|dữ liệu số hoá", 80)
    # stated in the narrative and again in Phụ lục 02: one indicator each
    assert len(matching(found, "thanh toán trực tuyến", 55)) == 1
    assert len(matching(found, "khai thác", 80)) == 1


KY_LAC_SECTION_II = [
    ("phòng chuyên môn|kiểm tra CCHC", 35, ">=", "%"),
    ("sáng kiến", 3, ">=", "count"),
    ("nội dung|triển khai", 100, ">=", "%"),
    ("văn bản QPPL", 100, ">=", "%"),
    ("số hóa hồ sơ", 95, ">=", "%"),
    ("dịch vụ công trực tuyến toàn trình", 90, ">=", "%"),
    ("thanh toán trực tuyến", 70, ">=", "%"),
    ("hồ sơ trực tuyến", 70, ">=", "%"),
    ("TTHC nội bộ", 100, ">=", "%"),
    ("kết quả xử lý hồ sơ|đồng bộ", 100, ">=", "%"),
    ("nhiệm vụ|theo dõi", 100, ">=", "%"),
    ("dữ liệu thực hiện nhiệm vụ", 100, ">=", "%"),
    ("hài lòng", 95, ">=", "%"),
    ("đối thoại", 1, ">=", "count"),
    ("phòng chuyên môn|phân định", 100, ">=", "%"),
    ("cán bộ, công chức cấp xã|đại học", 90, ">=", "%"),
    ("giảm|chi hỗ trợ trực tiếp", 2.5, ">=", "%"),
    ("đơn vị sự nghiệp công lập|tự chủ tài chính", 100, ">=", "%"),
    ("cơ quan hành chính nhà nước|tự chủ", 100, ">=", "%"),
    ("đơn vị sự nghiệp công lập|tăng mức độ tự chủ", 2, ">=", "count"),
    ("sắp xếp lại|nhà, đất", 85, ">", "%"),
    ("cơ quan Đảng|mạng truyền số liệu", 100, ">=", "%"),
    ("cán bộ, công chức, viên chức|kỹ năng số", 100, ">=", "%"),
    ("hồ sơ công việc", 100, ">=", "%"),
    ("Quyết định công bố", 100, ">=", "%"),
]


@pytest.mark.parametrize("words, target, comparator, unit", KY_LAC_SECTION_II)
def test_ky_lac_section_ii(words, target, comparator, unit):
    assert_has(targets("xa-ky-lac-2025.txt"), words, target, comparator, unit)


def test_ky_lac_reads_broken_pdf_lines_and_decimal_comma():
    found = targets("xa-ky-lac-2025.txt")
    cut = assert_has(found, "giảm", 2.5)
    assert cut.name.startswith("Giảm chi hỗ trợ trực tiếp")
    assert cut.line == 183
    assert cut.text.startswith("Giảm tối thiểu 2,5% chi hỗ trợ trực tiếp từ ngân sách nhà nước")
    pay = assert_has(found, "thanh toán trực tuyến", 70)
    assert pay.text == (
        "Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia trên tổng "
        "số giao dịch của dịch vụ công đạt tối thiểu 70%."
    )
    # the appendix restates it ("tỷ lệ giao dịch thanh toán trực tuyến đạt tối thiểu 70%")
    assert len(matching(found, "thanh toán trực tuyến", 70)) == 1


def test_ky_lac_keeps_the_dialogue_range_minimum():
    talk = assert_has(targets("xa-ky-lac-2025.txt"), "đối thoại", 1, unit="count")
    assert "từ 01 đến 02" in talk.text


def test_thien_tan_phases():
    found = targets("xa-thien-tan-2026-2030.txt")
    pay = assert_has(found, "thanh toán trực tuyến", 80, period="2028-2030")
    assert pay.key == "ty-le-thanh-toan-truc-tuyen-2028-2030"
    assert_has(found, "kết quả giải quyết TTHC điện tử", 100, period="2026-2027")
    assert_has(found, "hài lòng|đất đai", 90, period="2028-2030")
    assert_has(found, "hài lòng trong tiếp nhận", 95, period="2028-2030")
    assert_has(found, "khai thác, sử dụng lại", 90, period="2028-2030")
    assert_has(found, "quản trị dữ liệu", 2, unit="count", period="2026-2027")
    assert_has(found, "quản trị dữ liệu", 3, unit="count", period="2028-2030")
    # after the phase list the whole plan period applies again
    assert_has(found, "hài lòng|sự phục vụ", 95)
    assert_has(found, "viên chức|đại học", 80)
    assert_has(found, "giảm|chi trực tiếp", 7)


def test_an_lao_indicators_a_to_e():
    found = targets("xa-an-lao-2026.txt")
    a = assert_has(found, "hoàn thành nhiệm vụ cụ thể", 100)  # (a), restated as (c)
    assert a.line == 100
    assert len(matching(found, "hoàn thành nhiệm vụ cụ thể", 100)) == 1
    assert_has(found, "hoàn thành nhiệm vụ|UBND thành phố", 100)  # (b)
    budget = [i for i in found if "thu ngan sach" in fold(i.name)]  # (d) no number yet
    assert budget and budget[0].target is None and budget[0].comparator is None
    assert_has(found, "giải ngân đầu tư", 90)  # (d)
    assert_has(found, "hồ sơ thủ tục hành chính|theo dõi", 100)  # (đ)
    assert_has(found, "mức độ hài lòng", 90)  # (e)
    assert {i.line for i in found if i.line < 200} == {100, 102, 106, 108, 110}


def test_mu_co_objective_cells():
    found = targets("xa-mu-co-2026.txt")
    assert_has(found, "văn bản điện tử|ký số", 95, ">")
    assert_has(found, "hồ sơ công việc|môi trường mạng", 80)
    assert_has(found, "số hóa thành phần hồ sơ", 100)
    open_ended = [i for i in found if i.target is None]
    assert any("ho so truc tuyen" in fold(i.name) for i in open_ended)
    assert all(i.comparator is None for i in open_ended)
    # "Mục tiêu 2", "Nhiệm vụ 3", "(04 mục tiêu, 06 nhiệm vụ, 06 hoạt động)" are labels
    assert not [i for i in found if i.target in (2, 3, 4, 6)]


def test_no_noise_from_document_numbers_dates_and_asides():
    for name in PLANS:
        for ind in targets(name):
            assert ind.target is None or ind.unit == "count" or 0 <= ind.target <= 100
            assert ind.target not in (118, 2025, 2026, 76, 9001, 57, 6, 9, 31), (name, ind)
    ky_lac = targets("xa-ky-lac-2025.txt")
    assert not [i for i in ky_lac if i.target == 5]  # "(... tiết kiệm 5% theo Chỉ thị ...)"
    an_lao = targets("xa-an-lao-2026.txt")
    assert not [i for i in an_lao if i.line == 92]  # "(đạt 100% số cơ quan ...)" aside


@pytest.mark.parametrize("name", PLANS)
def test_keys_are_unique_slugs(name):
    found = targets(name)
    keys = [i.key for i in found]
    assert len(keys) == len(set(keys))
    assert all(k and k == k.lower() and " " not in k for k in keys)
    assert all(i.line and i.text and i.name for i in found)


# -- small cases -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, comparator, target, unit",
    [
        ("Tỷ lệ hồ sơ trễ hạn dưới 2%.", "<", 2, "%"),
        ("Tỷ lệ hồ sơ trễ hạn không quá 1,5%.", "<=", 1.5, "%"),
        ("Tỷ lệ hồ sơ trễ hạn 3% trở xuống.", "<=", 3, "%"),
        ("Tỷ lệ hồ sơ trực tuyến đạt 60%.", ">=", 60, "%"),
        ("Bảo đảm trên 98% hồ sơ được giải quyết đúng hạn.", ">", 98, "%"),
        ("Phấn đấu có ít nhất 05 mô hình mới về CCHC.", ">=", 5, "count"),
    ],
)
def test_comparators(sentence, comparator, target, unit):
    (ind,) = find_targets(sentence, 2026)
    assert (ind.comparator, ind.target, ind.unit) == (comparator, target, unit)


def test_a_reduction_keeps_the_size_and_says_giam():
    (ind,) = find_targets("6.1. Giảm tối thiểu 2,5% chi hỗ trợ trực tiếp so với năm trước.", 2025)
    assert ind.name == "Giảm chi hỗ trợ trực tiếp"
    assert (ind.comparator, ind.target) == (">=", 2.5)


def test_a_phase_inside_the_plan_period_and_the_whole_period():
    text = (
        "- Giai đoạn 2026-2027: tỷ lệ hồ sơ trực tuyến đạt 60%.\n"
        "- Giai đoạn 2026 - 2030:\n+ 100% TTHC được công khai."
    )
    first, second = find_targets(text, (2026, 2030))
    assert (first.period, first.key) == ("2026-2027", "ty-le-ho-so-truc-tuyen-2026-2027")
    assert second.period == ""


def test_same_name_twice_is_one_indicator_and_keys_get_suffixes():
    text = (
        "Tỷ lệ hồ sơ trực tuyến đạt 60%.\nTỷ lệ hồ sơ trực tuyến đạt 60%.\n"
        "100% hồ sơ trực tuyến được ký số.\n100% hồ sơ trực tuyến được lưu trữ."
    )
    found = find_targets(text, 2026)
    assert [i.key for i in found] == [
        "ty-le-ho-so-truc-tuyen",
        "ty-le-ho-so-truc-tuyen-2",
        "ty-le-ho-so-truc-tuyen-3",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ.",
        "Hạn hoàn thành: Trước ngày 31/11/2026.",
        "Áp dụng TCVN ISO 9001:2015 tại 02 cấp chính quyền; 06 tháng cuối năm.",
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
        "Tổ chức 03 hội nghị trong năm 2026.",
        "",
    ],
)
def test_no_targets_in_references_and_dates(text):
    assert find_targets(text, 2026) == []


FRAGMENTS = [
    "Tỷ lệ ", "đạt ", "tối thiểu ", "từ ", "trên ", "dưới ", "ít nhất ", "giảm ", "55%", "2,5%",
    " trở lên", "100% ", "hồ sơ ", "được ", "giải quyết", "; ", ". ", ", trong đó, ", "\n", "\t",
    "- Giai đoạn 2026-2027:", "+ ", "(", ")", "Mục tiêu 1 ", "118/2025/NĐ-CP", "01 đến 02 ",
    "theo mục tiêu tỉnh giao", "cấp độ 2", "Vượt chỉ tiêu ", "1.2. ", "a) ", "<p>", "–",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    ),
    st.one_of(st.integers(1990, 2100), st.tuples(st.integers(1990, 2100), st.integers(1990, 2100))),
)
def test_never_raises(text, period):
    for ind in find_targets(text, period):
        assert ind.key and ind.name
        assert ind.unit in ("%", "count")
        assert ind.comparator in (">=", ">", "<=", "<", "=", None)
