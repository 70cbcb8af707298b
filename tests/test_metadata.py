"""Plan metadata from the document's own head: title, number, issuer, owner, period (issue 15 item 4).

The five seeds are checked against what their heads say, read by hand; the
variants are heads built as plans outside the repository write them: a law
cited in the preamble, "đến năm 2030" in a title, HTX in the text, a head
pasted from a portal, a department's, a ward's and a district's plan.
"""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES
from cchc.importers.metadata import MetadataNote, from_file_name, read_metadata, title_period

TABLE = ("\nPhụ lục 01: Cải cách thể chế\n\n"
         "TT\tNội dung thực hiện\tSản phẩm/Kết quả\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
         "1\tRà soát văn bản quy phạm pháp luật\tBáo cáo\tVăn phòng HĐND và UBND\tCác phòng\tHằng năm\n")


def meta(head: str, **kw):
    return read_metadata((head + TABLE).split("\n"), **kw)


def fields(draft) -> tuple:
    return draft.title, draft.number, draft.issuer, draft.commune, (draft.year_start, draft.year_end)


# --------------------------------------------------------------------------- the five seeds, read by hand

SEEDS = {
    # the plan's own header block, above "KẾ HOẠCH" (the decision before it has none)
    "xa-an-lao-2026.txt": ("Cải cách hành chính xã An Lão năm 2026", "", "ỦY BAN NHÂN DÂN XÃ AN LÃO", "xã An Lão",
                           (2026, 2026)),
    # no issuer in the header; "…, UBND xã Hoàng Sơn ban hành Kế hoạch …"; the date line's 2025 is not the year
    "xa-hoang-son-2026.txt": ("Cải cách hành chính trên địa bàn Xã Hoàng Sơn năm 2026", "", "UBND xã Hoàng Sơn",
                              "xã Hoàng Sơn", (2026, 2026)),
    # PDF text: the title is the first line; the issuer is on the appendix's "Kèm theo" line
    "xa-ky-lac-2025.txt": ("Cải cách hành chính xã Kỳ Lạc năm 2025", "", "UBND xã Kỳ Lạc", "xã Kỳ Lạc",
                           (2025, 2025)),
    # an appendix alone: its heading, in its capitals; the issuer of the plan it is attached to, as written
    "xa-mu-co-2026.txt": ("CÁC NHIỆM VỤ TRỌNG TÂM TRIỂN KHAI THỰC HIỆN CẢI CÁCH HÀNH CHÍNH TRONG NĂM 2026", "",
                          "Ủy ban nhân dân xã Mù Cỏ", "xã Mù Cỏ", (2026, 2026)),
    # "UBND xã Thiên Tân xây dựng Kế hoạch …"; the preamble's "giai đoạn 2021-2030" is a cited programme's
    "xa-thien-tan-2026-2030.txt": ("Cải cách hành chính nhà nước xã Thiên Tân giai đoạn 2026-2030", "",
                                   "UBND xã Thiên Tân", "xã Thiên Tân", (2026, 2030)),
}


@pytest.mark.parametrize("name", SEEDS)
def test_metadata_of_the_real_plans(name):
    draft = read_metadata((EXAMPLES / name).read_text(encoding="utf-8").split("\n"), file_name=name)
    assert fields(draft) == SEEDS[name]
    assert draft.warnings == []  # every seed states its year and issuer: nothing taken from elsewhere


def test_seeds_are_stored_as_issued(cli):
    for name in SEEDS:
        assert cli("import", str(EXAMPLES / name)).exit_code == 0
    plans = {p["source_name"]: p for p in
             (json.loads(cli("plan", "show", str(i), "--format", "json").output) for i in range(1, 6))}
    for name, (title, number, issuer, owner, (start, end)) in SEEDS.items():
        plan = plans[name]
        assert (plan["title"], plan["number"], plan["issuer"], plan["commune"], plan["year_start"],
                plan["year_end"]) == (title, number, issuer, owner, start, end)


# --------------------------------------------------------------------------- variants

LAW_IN_PREAMBLE = """ỦY BAN NHÂN DÂN
XÃ TÂN LẬP
Số: 12/KH-UBND
Tân Lập, ngày 05 tháng 01 năm 2026

KẾ HOẠCH

Cải cách hành chính xã Tân Lập

Căn cứ Luật Tổ chức chính quyền địa phương năm 2019;

Căn cứ Quyết định số 3470/QĐ-UBND ngày 27/8/2025 của Ủy ban nhân dân tỉnh Thanh Hóa ban hành Kế hoạch cải cách
hành chính giai đoạn 2021 - 2030;
"""

PORTAL_ONE_LINE = """ỦY BAN NHÂN DÂN XÃ TÂN LẬP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND Tân Lập, ngày 05 tháng 01 năm 2026
KẾ HOẠCH Cải cách hành chính xã Tân Lập năm 2026
Thực hiện Kế hoạch số 257/KH-UBND ngày 22/12/2025 của UBND tỉnh Thanh Hóa về ban hành Kế hoạch Cải cách hành chính
năm 2025 - 2030, UBND xã ban hành Kế hoạch như sau:
"""

PORTAL_PIPES = """| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| **XÃ TÂN LẬP** | **Độc lập - Tự do - Hạnh phúc** |
| Số: 12/KH-UBND | Tân Lập, ngày 05 tháng 01 năm 2026 |

**KẾ HOẠCH**

**Cải cách hành chính xã Tân Lập năm 2026**
"""

PORTAL_TABS = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TÂN LẬP\tĐộc lập - Tự do - Hạnh phúc\n"
               "Số: 12/KH-UBND\tTân Lập, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nCải cách hành chính xã Tân Lập năm 2026\n")

DEPARTMENT = """UBND TỈNH LẠNG SƠN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                 Độc lập - Tự do - Hạnh phúc
Số: 45/KH-SNV             Lạng Sơn, ngày 20 tháng 12 năm 2025

KẾ HOẠCH
Cải cách hành chính của Sở Nội vụ năm 2026
"""

WARD = """ỦY BAN NHÂN DÂN
PHƯỜNG HỒNG HÀ
Số: 03/KH-UBND
Hồng Hà, ngày 02 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính phường Hồng Hà năm 2026
"""

DISTRICT = """ỦY BAN NHÂN DÂN
HUYỆN BẢO LÂM
Số: 210/KH-UBND
Bảo Lâm, ngày 28 tháng 12 năm 2025

KẾ HOẠCH
Cải cách hành chính nhà nước huyện Bảo Lâm
giai đoạn 2026 - 2030
"""

UNTIL_2030 = """UBND XÃ PHÚ LỘC
Số: 08/KH-UBND
Phú Lộc, ngày 15 tháng 3 năm 2025

KẾ HOẠCH
Cải cách hành chính xã Phú Lộc đến năm 2030
"""

HTX = """KẾ HOẠCH

Hỗ trợ phát triển hợp tác xã (HTX) năm 2026

Thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2026 của UBND tỉnh, các hợp tác xã (HTX) và Liên minh HTX xã
triển khai như sau:
"""

VARIANTS = {
    # the year is the date line's (said so), not the law's 2019 nor the cited 2021 - 2030
    "law in the preamble": (LAW_IN_PREAMBLE, ("Cải cách hành chính xã Tân Lập", "12/KH-UBND",
                                              "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "xã Tân Lập", (2026, 2026))),
    "portal, one line": (PORTAL_ONE_LINE, ("Cải cách hành chính xã Tân Lập năm 2026", "12/KH-UBND",
                                           "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "xã Tân Lập", (2026, 2026))),
    "portal, pipes": (PORTAL_PIPES, ("Cải cách hành chính xã Tân Lập năm 2026", "12/KH-UBND",
                                     "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "xã Tân Lập", (2026, 2026))),
    "portal, tabs": (PORTAL_TABS, ("Cải cách hành chính xã Tân Lập năm 2026", "12/KH-UBND",
                                   "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "xã Tân Lập", (2026, 2026))),
    "department": (DEPARTMENT, ("Cải cách hành chính của Sở Nội vụ năm 2026", "45/KH-SNV", "SỞ NỘI VỤ",
                                "Sở Nội vụ tỉnh Lạng Sơn", (2026, 2026))),
    "ward": (WARD, ("Cải cách hành chính phường Hồng Hà năm 2026", "03/KH-UBND", "ỦY BAN NHÂN DÂN PHƯỜNG HỒNG HÀ",
                    "phường Hồng Hà", (2026, 2026))),
    "district": (DISTRICT, ("Cải cách hành chính nhà nước huyện Bảo Lâm giai đoạn 2026 - 2030", "210/KH-UBND",
                            "ỦY BAN NHÂN DÂN HUYỆN BẢO LÂM", "huyện Bảo Lâm", (2026, 2030))),
    "until 2030": (UNTIL_2030, ("Cải cách hành chính xã Phú Lộc đến năm 2030", "08/KH-UBND", "UBND XÃ PHÚ LỘC",
                                "xã Phú Lộc", (2025, 2030))),
    # "hợp tác xã (HTX)" is no commune, the province of a cited plan is no issuer: both stay empty
    "HTX in the text": (HTX, ("Hỗ trợ phát triển hợp tác xã (HTX) năm 2026", "", "", "", (2026, 2026))),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_metadata_of_variant_heads(name):
    head, expected = VARIANTS[name]
    assert fields(meta(head)) == expected


def test_the_date_line_year_is_said_to_be_taken_from_there():
    [note] = meta(LAW_IN_PREAMBLE).warnings
    assert isinstance(note, MetadataNote) and note.about == ("year",)
    assert note.text == "Tân Lập, ngày 05 tháng 01 năm 2026" and "date line" in note.reason


def test_the_header_block_is_the_issuer_even_when_the_title_names_another_unit():
    draft = meta("ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nSố: 06/KH-UBND\n\n**KẾ HOẠCH**\n\n"
                 "Cải cách hành chính phường Tân Hòa giai đoạn 2026 - 2030\n")
    assert (draft.issuer, draft.commune, draft.number) == ("ỦY BAN NHÂN DÂN XÃ TÂN HÒA", "xã Tân Hòa", "06/KH-UBND")


def test_a_title_alone_names_the_owner_but_not_the_issuer():
    draft = meta("KẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH XÃ TÂN LẬP\nNĂM 2026\n")
    assert (draft.title, draft.commune, draft.issuer) == ("CẢI CÁCH HÀNH CHÍNH XÃ TÂN LẬP NĂM 2026", "xã Tân Lập", "")
    assert (draft.year_start, draft.year_end) == (2026, 2026)


@pytest.mark.parametrize("head, commune", [
    ("ỦY BAN NHÂN DÂN\nXÃ TÂN HỘI\nSố: 06/KH-UBND\n\nKẾ HOẠCH\n\nCải cách hành chính xã Tân Hội năm 2026\n", "xã Tân Hội"),
    ("KẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH PHƯỜNG HỘI AN NĂM 2026\n", "phường Hội An"),
    ("KẾ HOẠCH\nCải cách hành chính năm 2026\nUBND xã Long Hội ban hành Kế hoạch như sau:\n", "xã Long Hội"),
])
def test_hoi_is_a_name_beside_another_word_of_it(head, commune):
    """Found reading "xã Tân Hội" as "xã Tân": "Hội" stopped every name, for "Văn hóa - Xã hội"."""
    assert meta(head).commune == commune


@pytest.mark.parametrize("head", [
    "KẾ HOẠCH\nTUYÊN TRUYỀN VỀ VĂN HÓA - XÃ HỘI NĂM 2026\n",
    "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính cấp xã Quý III năm 2026\n",
    "KẾ HOẠCH\nTuyên truyền an sinh xã hội năm 2026\n",
    "KẾ HOẠCH\nCải cách hành chính năm 2026\nThực hiện Kế hoạch số 257/KH-UBND ngày 22/12/2025 của UBND tỉnh "
    "Thanh Hóa về ban hành Kế hoạch Cải cách hành chính tỉnh năm 2026.\n",
    "KẾ HOẠCH\nCải cách hành chính năm 2026\nCăn cứ Quyết định số 12/QĐ-UBND của UBND xã Tân Lập ban hành "
    "Kế hoạch năm 2025;\n",
])
def test_no_owner_is_invented(head):
    draft = meta(head)
    assert (draft.commune, draft.issuer) == ("", "")
    assert draft.year_start == 2026


def test_department_names_in_capitals_read_as_names():
    draft = meta("UBND TỈNH CAO BẰNG\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 7/KH-STNMT\n\nKẾ HOẠCH\n"
                 "Cải cách hành chính năm 2026\n")
    assert (draft.issuer, draft.commune) == ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường tỉnh Cao Bằng")
    ministry = meta("BỘ NỘI VỤ\nSố: 100/KH-BNV\n\nKẾ HOẠCH\nCải cách hành chính năm 2026 của Bộ Nội vụ\n")
    assert (ministry.issuer, ministry.commune) == ("BỘ NỘI VỤ", "Bộ Nội vụ")


@pytest.mark.parametrize("title,doc_year,period", [
    ("Cải cách hành chính năm 2026", None, (2026, 2026)),
    ("CẢI CÁCH HÀNH CHÍNH TRONG NĂM 2026", None, (2026, 2026)),
    ("Cải cách hành chính giai đoạn 2026 - 2030", None, (2026, 2030)),
    ("Cải cách hành chính giai đoạn 2026–2030", None, (2026, 2030)),
    ("Cải cách hành chính từ năm 2026 đến năm 2030", None, (2026, 2030)),
    ("Cải cách hành chính năm 2026-2027", None, (2026, 2027)),
    ("Cải cách hành chính đến năm 2030", 2025, (2025, 2030)),
    ("Cải cách hành chính đến năm 2030", None, None),  # from when? the import asks for --year
    ("Cải cách hành chính giai đoạn 2021 - 2025, định hướng đến năm 2030", 2021, (2021, 2025)),
    ("Triển khai Luật Thực hiện dân chủ ở cơ sở năm 2022 trên địa bàn xã năm 2026", None, (2026, 2026)),
    ("Triển khai Luật Thực hiện dân chủ ở cơ sở năm 2022", 2026, None),  # the law's year is not the plan's
    ("Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", 2026, None),
    ("Thực hiện Chương trình tổng thể giai đoạn 2021-2030 trên địa bàn xã năm 2026", None, (2026, 2026)),
    ("cai cach hanh chinh giai doan 2026 - 2030", None, (2026, 2030)),
    ("Cải cách hành chính", 2026, None),
])
def test_title_period(title, doc_year, period):
    assert title_period(title, doc_year) == period


def test_the_file_name_is_the_last_source():
    draft = meta("KẾ HOẠCH\nCải cách hành chính xã Tân Lập\n")
    assert draft.year_start is None
    from_file_name(draft, "ke-hoach-cchc-2026.txt")
    assert (draft.year_start, draft.year_end) == (2026, 2026)
    [note] = draft.warnings
    assert note.about == ("year",) and note.text == "ke-hoach-cchc-2026.txt"
    five = meta("KẾ HOẠCH\nCải cách hành chính\n", file_name="xa-an-lao-2026-2030.docx")
    assert (five.commune, five.year_start, five.year_end) == ("xã An Lao", 2026, 2030)
    assert five.warnings[0].about == ("commune", "year")
    stated = meta(WARD, file_name="xa-an-lao-2030.txt")  # the document's own words win
    assert (stated.commune, stated.year_start, stated.warnings) == ("phường Hồng Hà", 2026, [])


# --------------------------------------------------------------------------- the import

def write(tmp_path, name: str, head: str):
    path = tmp_path / name
    path.write_text(head + TABLE, encoding="utf-8")
    return path


def test_a_law_in_the_preamble_does_not_date_the_plan(cli, tmp_path):
    """Issue 15: "Luật … năm 2019" gave the period 2019-2030 and "Hằng năm" milestones from 2019."""
    result = cli("import", str(write(tmp_path, "tan-lap.txt", LAW_IN_PREAMBLE)), "--format", "json")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["period"] == "2026" and report["commune"] == "xã Tân Lập"
    [task] = json.loads(cli("task", "list", "--format", "json").output)
    assert [m["due"] for m in task["milestones"]] == ["2026-12-31"]
    assert json.loads(cli("overdue", "--format", "json", today="2026-06-01").output) == []


def test_until_2030_is_a_period_from_the_document_year(cli, tmp_path):
    result = cli("import", str(write(tmp_path, "phu-loc.txt", UNTIL_2030)), "--format", "json")
    assert json.loads(result.output)[0]["period"] == "2025-2030"


def test_no_year_is_refused_asking_for_year_and_with_it_no_warning(cli, tmp_path):
    path = write(tmp_path, "ke-hoach.txt", "ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP\n\nKẾ HOẠCH\nCải cách hành chính xã Tân Lập\n")
    refused = cli("import", str(path))
    assert refused.exit_code == 2 and "--year" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert _nothing_stored(cli)
    done = cli("import", str(path), "--year", "2025")
    assert done.exit_code == 0, done.output
    assert "(2025)" in done.output
    assert "assumed" not in done.output and "Needs review" not in done.output  # nothing about the year


def test_year_from_the_date_line_is_said_unless_year_is_given(cli, tmp_path):
    path = write(tmp_path, "ke-hoach.txt", LAW_IN_PREAMBLE)
    said = cli("import", str(path), "--dry-run")
    assert "date line" in said.output
    given = cli("import", str(path), "--dry-run", "--year", "2026")
    assert given.exit_code == 0 and "date line" not in given.output


def test_no_owner_is_refused_asking_for_commune(cli, tmp_path):
    path = write(tmp_path, "ho-tro.txt", HTX)
    refused = cli("import", str(path))
    assert refused.exit_code == 2 and "--commune" in refused.output and "Htx" not in refused.output
    assert _nothing_stored(cli)
    done = cli("import", str(path), "--commune", "xã Tân Lập", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)[0]["commune"] == "xã Tân Lập"
    assert json.loads(cli("plan", "show", "--format", "json").output)["issuer"] == ""


def test_neither_year_nor_owner_is_one_line_asking_for_both(cli, tmp_path):
    result = cli("import", str(write(tmp_path, "ke-hoach.txt", "KẾ HOẠCH\nHỗ trợ hợp tác xã (HTX)\n")))
    assert result.exit_code == 2 and "--year" in result.output and "--commune" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args,words", [
    ((), "'9999' is not a plan year"),
    (("--year", "1500"), "--year: '1500'"),
    (("--year", "2030-2026"), "--year: '2030-2026'"),
])
def test_years_no_plan_can_have_are_refused(cli, tmp_path, args, words):
    path = write(tmp_path, "ke-hoach.txt", WARD.replace("năm 2026\n", "năm 9999\n"))
    result = cli("import", str(path), *args)
    assert result.exit_code == 2 and words in result.output


def test_a_department_plan_imports_under_its_department(cli, tmp_path):
    result = cli("import", str(write(tmp_path, "snv.txt", DEPARTMENT)), "--format", "json")
    assert json.loads(result.output)[0]["commune"] == "Sở Nội vụ tỉnh Lạng Sơn"
    plan = json.loads(cli("plan", "show", "--format", "json").output)
    assert (plan["issuer"], plan["number"], plan["title"]) == ("SỞ NỘI VỤ", "45/KH-SNV",
                                                               "Cải cách hành chính của Sở Nội vụ năm 2026")


def test_a_word_plan_with_its_header_in_a_layout_table(cli, tmp_path):
    """Word plans set the header block as a borderless two-column table; its cells are read as the head."""
    from docx import Document

    doc = Document()
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nPHƯỜNG HỒNG HÀ"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 03/KH-UBND"
    header.cell(1, 1).text = "Hồng Hà, ngày 02 tháng 01 năm 2026"
    for text in ("KẾ HOẠCH", "Cải cách hành chính phường Hồng Hà", "năm 2026",
                 "Căn cứ Luật Tổ chức chính quyền địa phương năm 2019;", "Phụ lục 01: Cải cách thể chế"):
        doc.add_paragraph(text)
    rows = [line.split("\t") for line in TABLE.split("\n") if "\t" in line]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / "ke-hoach.docx"
    doc.save(path)
    result = cli("import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert (report["commune"], report["period"], report["review"]) == ("phường Hồng Hà", "2026", [])
    plan = json.loads(cli("plan", "show", "--format", "json").output)
    assert (plan["issuer"], plan["number"], plan["title"]) == (
        "ỦY BAN NHÂN DÂN PHƯỜNG HỒNG HÀ", "03/KH-UBND", "Cải cách hành chính phường Hồng Hà năm 2026")


def _nothing_stored(cli) -> bool:
    """No database made on a new path, else no plan in it."""
    from pathlib import Path

    if isinstance(cli.db, Path) and not cli.db.exists():
        return True
    return cli("plan", "list", "--format", "json").output.strip() == "[]"
