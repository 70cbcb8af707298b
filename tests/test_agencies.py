import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.agencies import agency_key, canonical_name, is_group, looks_like_agency, split_agencies

# Every spelling found in the lead/cooperating columns (and narrative) of examples/*.txt.
SPELLINGS = {
    "Phòng Văn hóa - Xã hội": [
        "Phòng Văn hóa – Xã hội",  # Hoàng Sơn, en dash
        "- Phòng Văn hóa – Xã hội",
        "Phòng Văn hoá – Xã hội",  # Hoàng Sơn, Thiên Tân
        "phòng Văn hoá – Xã hội",
        "Phòng Văn hoá – xã hội",  # Mù Cỏ
        "Phòng Văn hoá-Xã hội",
        "Phòng Văn hóa – xã hội",
        "Phòng VH-XH",
        "Phòng Văn hóa - Xã hội",  # An Lão
        "Phòng VHXH",  # Kỳ Lạc
        "Phòng VH - XH",
        "Phòng Văn hóa - Xã hội xã.",
    ],
    "Văn phòng HĐND và UBND": [
        "Văn phòng HĐND&UBND",  # Hoàng Sơn
        "- Văn phòng HĐND&UBND xã",
        "Văn phòng HĐND & UBND xã",
        "Văn phòng HĐND-UBND",  # Mù Cỏ, Kỳ Lạc
        "Văn phòng HĐND- UBND",
        "Văn phòng HĐND - UBND",
        "Văn phòng HĐND & UBND",  # An Lão
        "Văn phòng HĐND và UBND",
        "Văn phòng HĐND và UBND xã",  # Thiên Tân
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
        "Văn phòng UBND xã",  # Kỳ Lạc
    ],
    "Trung tâm Phục vụ hành chính công": [
        "Trung tâm phục vụ hành chính công xã",  # Hoàng Sơn
        "- Trung tâm Phục vụ hành chính công xã.",
        "- Trung tâm Phục vụ hành chính công",
        "Trung tâm phục vụ Hành chính công",
        "TTPVHCC",
        "TTPVHCC .",
        "Trung tâm Phục vụ HCC",  # Mù Cỏ
        "Trung tâm phục vụ HCC",
        "Trung tâm Phục vụ hành chính công",  # An Lão, Thiên Tân
        "Trung tâm PVHCC xã",  # Kỳ Lạc
        "Trung tâm HCC xã",
        "Trung tâm HHC xã",  # typo in Kỳ Lạc
    ],
    "Phòng Kinh tế": ["- Phòng Kinh tế.", "Phòng Kinh tế", "Phòng kinh tế", "phòng Kinh tế"],
    "UBND xã": ["UBND xã", "UBND", "Ủy ban nhân dân xã", "UBND cấp xã"],
    "Trung tâm Cung ứng dịch vụ công": ["- Trung tâm cung ứng dịch vụ công xã", "TTCUDVC"],
    "Ủy ban MTTQ Việt Nam xã": [
        "Ủy ban MTTQ Việt Nam xã",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Ủy ban MTTQ",
    ],
    "Đảng ủy xã": ["Đảng ủy", "Đảng uỷ", "Đảng uỷ xã"],
}


@pytest.mark.parametrize("canonical", SPELLINGS)
def test_every_spelling_gives_one_key_and_the_canonical_name(canonical):
    keys = {agency_key(s) for s in SPELLINGS[canonical]}
    assert len(keys) == 1, keys
    for spelling in SPELLINGS[canonical]:
        assert canonical_name(spelling) == canonical
        assert not is_group(spelling)


def test_nfd_and_nfc_give_the_same_key():
    name = "Phòng Văn hoá – Xã hội"
    assert agency_key(unicodedata.normalize("NFD", name)) == agency_key(name)


def test_tone_placement_does_not_matter():
    assert agency_key("Trung tâm Thuỷ lợi") == agency_key("Trung tâm Thủy lợi")
    assert agency_key("Ban Hoà giải") == agency_key("Ban Hòa giải")


def test_distinct_agencies_have_distinct_keys():
    keys = [agency_key(spellings[0]) for spellings in SPELLINGS.values()]
    assert len(set(keys)) == len(keys)
    assert agency_key("Phòng Kinh tế") != agency_key("Phòng Văn hóa - Xã hội")
    assert agency_key("Trung tâm Phục vụ hành chính công tỉnh") != agency_key("TTPVHCC")


def test_unknown_agency_is_tidied_not_invented():
    assert canonical_name("- Sở Khoa học và Công nghệ.") == "Sở Khoa học và Công nghệ"
    assert canonical_name("Trung tâm Dịch vụ sự nghiệp công") == "Trung tâm Dịch vụ sự nghiệp công"
    assert canonical_name("Phòng Kinh tế-  Hạ tầng") == "Phòng Kinh tế - Hạ tầng"
    assert canonical_name("Ban Quản lý dự án thuỷ lợi") == "Ban Quản lý dự án thủy lợi"
    assert canonical_name("Quỹ hỗ trợ") == "Quỹ hỗ trợ"  # "qu" is a consonant: tone stays


GROUPS = [
    "Các phòng chuyên môn",
    "- Các phòng chuyên môn;",
    "Các cơ quan, đơn vị có liên quan.",
    "Cơ quan, đơn vị có liên quan",
    "- Các cơ quan, đơn vị liên quan.",
    "Các trường học trên địa bàn xã",
    "- Các Trạm y tế trên địa bàn xã",
    "- Các đơn vị sự nghiệp công lập.",
    "Các phòng chuyên môn có liên quan",
    "Các Phòng, ban, ngành",
    "Các phòng ban, ngành",
    "Các phòng, ban, ngành, đơn vị",
    "Các phòng, cơ quan",
    "Các cơ quan, đơn vị được kiểm tra",
    "Các phòng, ban, đoàn thể xã",
    "Các phòng ban chuyên môn",
]


@pytest.mark.parametrize("name", GROUPS)
def test_groups_are_not_one_agency_and_are_kept_as_written(name):
    assert is_group(name)
    assert looks_like_agency(name)
    assert canonical_name(name).rstrip(".;") == name.lstrip("- ").rstrip(".;")


def test_group_spellings_share_a_key():
    assert agency_key("Các cơ quan, đơn vị có liên quan") == agency_key("Cơ quan, đơn vị liên quan.")
    assert agency_key("Các Phòng, ban, ngành") == agency_key("Các phòng ban, ngành")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("- Các phòng chuyên môn; - TTPVHCC.", ["Các phòng chuyên môn", "TTPVHCC"]),
        ("Các phòng chuyên môn; - TTPVHCC .", ["Các phòng chuyên môn", "TTPVHCC"]),
        (
            "- Các phòng chuyên môn; - TTPVHCC - Cơ quan, đơn vị có liên quan.",
            ["Các phòng chuyên môn", "TTPVHCC", "Cơ quan, đơn vị có liên quan"],
        ),
        (
            "- Các phòng chuyên môn, - Cơ quan, đơn vị có liên quan.",
            ["Các phòng chuyên môn", "Cơ quan, đơn vị có liên quan"],
        ),
        ("- Các cơ quan, đơn vị có liên quan.", ["Các cơ quan, đơn vị có liên quan"]),
        (
            '<ul style="list-style-type: none"> <li>- Các phòng chuyên môn; - TTPVHCC</li> </ul>',
            ["Các phòng chuyên môn", "TTPVHCC"],
        ),
        (
            "Văn phòng HĐND-UBND, các phòng có liên quan",
            ["Văn phòng HĐND-UBND", "các phòng có liên quan"],
        ),
        (
            "Trung tâm phục vụ HCC; các phòng chuyên môn có liên quan",
            ["Trung tâm phục vụ HCC", "các phòng chuyên môn có liên quan"],
        ),
        (
            "Trung tâm Dịch vụ sự nghiệp công, Các Phòng, ban, ngành",
            ["Trung tâm Dịch vụ sự nghiệp công", "Các Phòng, ban, ngành"],
        ),
        (
            "Các phòng, ban, ngành các cơ quan, tổ chức có liên quan",
            ["Các phòng, ban, ngành các cơ quan, tổ chức có liên quan"],
        ),
        ("Các phòng, ban, ngành, đơn vị", ["Các phòng, ban, ngành, đơn vị"]),
        (
            "Các phòng, ban, ngành, Trung tâm Phục vụ hành chính công",
            ["Các phòng, ban, ngành", "Trung tâm Phục vụ hành chính công"],
        ),
        ("Trung tâm Phục vụ HCC; Phòng VH-XH", ["Trung tâm Phục vụ HCC", "Phòng VH-XH"]),
        (
            "Văn phòng HĐND - UBND, Phòng Văn hóa – Xã hội",
            ["Văn phòng HĐND - UBND", "Phòng Văn hóa - Xã hội"],
        ),
        ("Phòng VH - XH - Phòng Kinh tế", ["Phòng VH - XH", "Phòng Kinh tế"]),
        ("Phòng VHXH, phòng Kinh tế", ["Phòng VHXH", "phòng Kinh tế"]),
        ("Các phòng chuyên môn\n- TTPVHCC", ["Các phòng chuyên môn", "TTPVHCC"]),
        ("", []),
        (" ; - . ", []),
    ],
)
def test_split_agencies_on_real_cells(cell, expected):
    assert split_agencies(cell) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Phòng VHXH",
        "Phòng kinh tế",
        "Văn phòng HĐND- UBND xã",
        "Trung tâm HHC xã",
        "UBND xã",
        "UBND",
        "Công an xã",
        "Ban Chỉ huy quân sự xã",
        "Đảng ủy",
        "MTTQ",
        "Các phòng chuyên môn",
        "Cơ quan, đơn vị liên quan",
        "TTPVHCC",
    ],
)
def test_looks_like_agency(text):
    assert looks_like_agency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Phòng",  # a PDF fragment, not yet a name
        "Thường xuyên",
        "Năm 2025",
        "Kế hoạch",
        "Phòng chống tham nhũng",
        "Tháng 07/2025",
        "Văn bản",
        "",
        "Tổ chức thực hiện Kế hoạch tuyên truyền của Phòng Văn hóa - Xã hội trên địa bàn xã năm nay",
    ],
)
def test_does_not_look_like_agency(text):
    assert not looks_like_agency(text)


_CELL_CHARS = st.sampled_from("PhòngVănhoá–-;,. \nCácUBNDxã&HĐTTPVHCC<>") | st.characters()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_CELL_CHARS, max_size=80))
def test_never_raises(text):
    for item in split_agencies(text):
        assert item == item.strip() and item
        agency_key(item), canonical_name(item), is_group(item), looks_like_agency(item)
