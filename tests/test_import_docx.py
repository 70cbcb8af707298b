"""`cchc import plan.docx`: Word plans built from the real text exports import to the same tasks.

Each test writes a Word file with python-docx from the raw tab lines of an
example plan (merged cells, rows continued after a page break, cells of
several paragraphs or bullets, a nested table) and compares the import with
`cchc import` of the text export in another database.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from conftest import AN_LAO, HOANG_SON, MU_CO, Cli, run_cchc

FIELDS = ("area", "ref", "level", "text", "product", "lead_agency", "cooperating_agencies", "deadline_text")


# -- helpers ---------------------------------------------------------------------


def tasks(cli) -> list[dict]:
    result = cli("task", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def imported(cli, path: Path) -> list[dict]:
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    return tasks(cli)


def no_plan(cli) -> bool:
    """Nothing was stored: no database made on a new path, else no plan in it."""
    if isinstance(cli.db, Path) and not cli.db.exists():
        return True
    result = cli("plan", "list", "--format", "json")
    return result.exit_code == 0 and json.loads(result.output) == []


def from_text_export(tmp_path: Path, example: Path) -> list[dict]:
    return imported(Cli(tmp_path / "text.db"), example)


def comparable(rows: list[dict]) -> list[dict]:
    refs = {r["id"]: r["ref"] for r in rows}
    return [{**{k: r[k] for k in FIELDS}, "parent": refs.get(r["parent"])} for r in rows]


def export_lines(example: Path) -> tuple[list[str], list[list[str]]]:
    """(paragraphs before the appendix, appendix rows) from the raw lines of a text export."""
    lines = example.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if "\t" in line)
    head = [line for line in lines[:start] if line.strip()]
    rows = []
    for line in lines[start:]:
        if "\t" in line:
            rows.append([re.sub(r"<[^>]+>", " ", cell).strip() for cell in line.split("\t")])
        elif re.match(r"[IVX]+\. ", line):  # a section heading printed outside the table
            rows.append([line])
    return head, rows


def is_section(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and not cells[0].isdigit() and not any(cells[2:])


def fill(cell, text: str, bullets: bool = False) -> None:
    """Cell text; with `bullets`, each "- part" becomes a List Bullet paragraph."""
    parts = re.split(r"\s+(?=- )", text) if bullets else [text]
    cell.text = ""
    for i, part in enumerate(parts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if bullets and part.startswith("- "):
            paragraph.style = "List Bullet"
            part = part[2:]
        paragraph.text = part


def merged_row(table, text: str) -> None:
    row = table.add_row()
    cell = row.cells[0].merge(row.cells[-1])
    cell.text = text


def half(text: str) -> tuple[str, str]:
    cut = text.index(" ", len(text) // 2)
    return text[:cut], text[cut + 1:]


def vmerge_count(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode().count("<w:vMerge")


# -- An Lão: one table ---------------------------------------------------------------


def an_lao_docx(path: Path) -> None:
    """The appendix as ONE Word table: sections merged across the row, headers repeated,
    row 12 continued after a page break, row 25's text in two paragraphs, row 2's
    product in a nested table, the lead agency of rows 1-4 merged down."""
    head, rows = export_lines(AN_LAO)
    doc = Document()
    for line in head:
        doc.add_paragraph(line)
    table = doc.add_table(rows=0, cols=6)
    numbered: dict[str, int] = {}
    for cells in rows:
        if is_section(cells):
            merged_row(table, cells[0])
            continue
        cells = cells + [""] * (6 - len(cells))
        if cells[0] == "12":
            first, rest = half(cells[1])
            cells = [cells[0], first] + cells[2:]
        row = table.add_row()
        numbered[cells[0]] = len(table.rows) - 1
        for cell, text in zip(row.cells, cells):
            cell.text = text
        if cells[0] == "12":
            table.add_row().cells[1].text = rest
        if cells[0] == "25":
            first, second = half(cells[1])
            row.cells[1].text = first
            row.cells[1].add_paragraph(second)
        if cells[0] == "2":
            row.cells[5].text = ""
            nested = row.cells[5].add_table(rows=2, cols=1)
            nested.cell(0, 0).text, nested.cell(1, 0).text = "Kế hoạch,", "Báo cáo của UBND xã"
    for ref in ("2", "3", "4"):
        table.cell(numbered[ref], 2).text = ""
    table.cell(numbered["1"], 2).merge(table.cell(numbered["4"], 2))
    doc.save(path)


def test_an_lao_one_word_table_imports_like_the_text_export(cli, tmp_path):
    path = tmp_path / "xa-an-lao-2026.docx"
    an_lao_docx(path)
    assert vmerge_count(path) == 4
    rows = imported(cli, path)
    assert len(rows) == 32
    assert Counter(r["area"] for r in rows) == {
        "chi-dao": 6, "the-che": 5, "tthc": 7, "bo-may": 4, "cong-vu": 2, "tai-chinh": 2, "chinh-quyen-so": 6}
    assert [r["ref"] for r in rows] == [str(n) for n in range(1, 33)]
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref["19"]["lead_agency"] == "Các phòng, ban, ngành, Trung tâm Phục vụ hành chính công"
    assert by_ref["2"]["product"] == "Kế hoạch, Báo cáo của UBND xã"
    assert {by_ref[n]["lead_agency"] for n in "1234"} == {"Phòng Văn hóa - Xã hội"}
    assert by_ref["3"]["deadline_text"] == "Trước ngày mùng 10 của tháng cuối quý"
    assert comparable(rows) == comparable(from_text_export(tmp_path, AN_LAO))
    plan = json.loads(cli("plan", "list", "--format", "json").output)[0]
    assert (plan["commune"], plan["year_start"], plan["year_end"]) == ("xã An Lão", 2026, 2026)


# -- Mù Cỏ: a Nhiệm vụ merged down over its activities ------------------------------


def mu_co_docx(path: Path) -> None:
    """Hierarchical table; a Nhiệm vụ cell is merged down over the rows of its
    Hoạt động (the text export leaves those cells empty); headers not repeated."""
    head, rows = export_lines(MU_CO)
    doc = Document()
    for line in head:
        doc.add_paragraph(line)
    table = doc.add_table(rows=0, cols=8)
    top = None  # the row holding the Nhiệm vụ the rows below belong to
    for cells in rows:
        if cells[0] == "STT" and len(table.rows):
            continue
        if is_section(cells):
            merged_row(table, " ".join(c for c in cells if c))
            top = None
            continue
        cells = cells + [""] * (8 - len(cells))
        row = table.add_row()
        for cell, text in zip(row.cells, cells):
            cell.text = text
        if cells[2]:
            top = len(table.rows) - 1
        elif cells[0]:
            top = None
        elif top is not None:
            table.cell(top, 2).merge(table.cell(len(table.rows) - 1, 2))
    doc.save(path)


def test_mu_co_task_merged_down_over_its_activities(cli, tmp_path):
    path = tmp_path / "xa-mu-co-2026.docx"
    mu_co_docx(path)
    assert vmerge_count(path) >= 4
    rows = imported(cli, path)
    assert Counter(r["level"] for r in rows) == {"objective": 21, "task": 22, "activity": 26}
    ids = {r["id"]: r for r in rows}
    the_che = [r for r in rows if r["area"] == "the-che"]
    under_task_3 = [r["ref"] for r in the_che if r["parent"] and ids[r["parent"]]["ref"] == "Nhiệm vụ 3"]
    assert under_task_3 == ["Hoạt động 4", "Hoạt động 5", "Hoạt động 6"]
    activity_5 = next(r for r in the_che if r["ref"] == "Hoạt động 5")
    assert activity_5["text"] == "Thực hiện công tác kiểm tra tình hình thi hành pháp luật"
    assert comparable(rows) == comparable(from_text_export(tmp_path, MU_CO))


# -- Hoàng Sơn: headings in paragraphs, compound deadlines as bullet lists --------------


def hoang_son_docx(path: Path) -> None:
    """Each 'Phụ lục số 0X' a paragraph followed by its own table; deadline and
    cooperating cells as bullet lists, one part per paragraph."""
    lines = HOANG_SON.read_text(encoding="utf-8").split("\n")
    doc = Document()
    table = None
    for line in lines:
        if "\t" not in line:
            if line.strip():
                doc.add_paragraph(line)
                table = None
            continue
        cells = [re.sub(r"<[^>]+>", " ", cell).strip() for cell in line.split("\t")]
        if table is None:
            table = doc.add_table(rows=0, cols=6)
        row = table.add_row()
        for index, (cell, text) in enumerate(zip(row.cells, cells)):
            fill(cell, text, bullets=index in (4, 5) and cells[0] != "TT")
    doc.save(path)


def milestones(rows: list[dict]) -> list[list[tuple]]:
    return [[(m["label"], m["kind"], m["due"]) for m in r["milestones"]] for r in rows]


def test_hoang_son_compound_deadlines_keep_their_parts(cli, tmp_path):
    path = tmp_path / "xa-hoang-son-2026.docx"
    hoang_son_docx(path)
    rows = imported(cli, path)
    text_rows = from_text_export(tmp_path, HOANG_SON)
    assert len(rows) == 54
    check = next(r for r in rows if r["area"] == "chi-dao" and r["ref"] == "6.")
    assert check["deadline_text"] == "- Kế hoạch kiểm tra: quý I/2026.\n- Báo cáo kết quả thực hiện: tháng 11/2026."
    assert [(m["label"], m["due"]) for m in check["milestones"]] == [
        ("Kế hoạch kiểm tra", "2026-03-31"), ("Báo cáo kết quả thực hiện", "2026-11-30")]
    assert milestones(rows) == milestones(text_rows)
    flat = [{**r, "deadline_text": r["deadline_text"].replace("\n", " ")} for r in comparable(rows)]
    assert flat == comparable(text_rows)


# -- refusals --------------------------------------------------------------------------


def docx_bytes() -> bytes:
    out = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Kế hoạch cải cách hành chính xã An Lão năm 2026")
    doc.save(out)
    return out.getvalue()


def bomb(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, b"\0" * (20 * 2**20))  # 20 MB of zeros: about 20 KB compressed
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
    ("ke-hoach.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected"),
    ("ke-hoach.docx", docx_bytes()[:3000], "damaged"),
    ("ke-hoach.docx", b"not a zip at all", "damaged"),
    ("ke-hoach.docx", xlsx_bytes(), "not really a .docx"),
    ("ke-hoach.docx", bomb("word/document.xml"), "zip bomb"),
])
def test_bad_word_files_are_refused(cli, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert no_plan(cli)


def test_too_large_unpacked_is_refused(cli, tmp_path, monkeypatch):
    from cchc.importers import zipsafe

    monkeypatch.setattr(zipsafe, "MAX_TOTAL", 10_000)  # a real plan unpacks to more than that
    path = tmp_path / "xa-an-lao-2026.docx"
    an_lao_docx(path)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "would unpack to" in result.output
    assert no_plan(cli)


def test_legacy_and_corrupt_files_exit_2_in_one_line(tmp_path):
    old = tmp_path / "ke-hoach.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    broken = tmp_path / "ke-hoach.docx"
    broken.write_bytes(docx_bytes()[:3000])
    for path, message in ((old, "save it as .docx"), (broken, "damaged")):
        result = run_cchc("--db", str(tmp_path / "x.db"), "import", str(path))
        assert result.returncode == 2
        assert message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
