"""The one table pipeline on layouts and headers outside the seeds (issue 15), and the file reader (issue 18)."""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

from cchc.domain.table_columns import column_of
from cchc.files import regular_file
from cchc.importers.readers import read_plan
from cchc.domain.errors import ImportRefused, UserError
from conftest import ROOT, Cli

HEAD = "ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nKẾ HOẠCH\nCải cách hành chính xã Tân Hòa năm 2026\n\n"


def draft_of(tmp_path: Path, text: str, name: str = "ke-hoach.md"):
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return read_plan(path)[0]


def fields(task) -> tuple:
    return (task.area, task.ref, task.text, task.lead_agency, task.cooperating, task.deadline_text, task.product)


def tasks_json(cli) -> list[dict]:
    result = cli("task", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# -- header names by meaning ----------------------------------------------------------------


@pytest.mark.parametrize("header, field", [
    ("Cơ quan thực hiện", "lead"), ("Đơn vị thực hiện", "lead"), ("Bộ phận thực hiện", "lead"),
    ("Đơn vị chủ trì thực hiện", "lead"), ("Cơ quan, đơn vị chủ trì", "lead"), ("(4) Chủ trì", "lead"),
    ("don vi thuc hien", "lead"), ("Cơ quan phối hợp", "cooperating"), ("Đơn vị phối hợp thực hiện", "cooperating"),
    ("Thời gian thực hiện/ hoàn thành", "deadline"), ("Thời hạn", "deadline"), ("Tiến độ hoàn thành", "deadline"),
    ("Nội dung công việc", "text"), ("Tên nhiệm vụ", "text"), ("Sản phẩm đầu ra", "product"),
    ("Kết quả yêu cầu", "product"), ("Hình thức văn bản", "product"), ("Kết quả/Sản phẩm", "product"),
    ("8- Kinh phí", "budget"), ("STT", "ref"), ("Tiến độ", "progress"), ("Kết quả hiện nay", "progress"),
    ("Tình hình thực hiện", "progress"), ("Ghi chú", None), ("Nhiệm vụ 2", None), ("Phòng Kinh tế", None),
])
def test_header_names_by_meaning(header, field):
    assert column_of(header) == field


# -- text layouts ---------------------------------------------------------------------------


PIPE = """| TT | Nội dung | Cơ quan thực hiện | Cơ quan phối hợp | Thời gian hoàn thành |
{rule}| **I. CẢI CÁCH THỂ CHẾ** | | | | |
| 1. | Xây dựng quy chế làm việc | Văn phòng HĐND và UBND | Các phòng chuyên môn | Tháng 4/2026 |
| 2. | Rà soát văn bản \\| QPPL | Văn phòng HĐND và UBND | | Quý II/2026 |
| **II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH** | | | | |
| 1. | Công khai TTHC | Trung tâm Phục vụ hành chính công | | Thường xuyên<br>- Báo cáo: Quý IV/2026 |
"""


@pytest.mark.parametrize("rule", ["|---|---|---|---|---|\n", "|:--|:-:|---|---|--:|\n", ""])
def test_pipe_tables_with_or_without_the_rule_row(tmp_path, rule):
    tasks = draft_of(tmp_path, PIPE.format(rule=rule)).tasks
    assert [fields(t) for t in tasks] == [
        ("the-che", "1.", "Xây dựng quy chế làm việc", "Văn phòng HĐND và UBND", ["Các phòng chuyên môn"],
         "Tháng 4/2026", ""),
        ("the-che", "2.", "Rà soát văn bản | QPPL", "Văn phòng HĐND và UBND", [], "Quý II/2026", ""),
        ("tthc", "1.", "Công khai TTHC", "Trung tâm Phục vụ hành chính công", [],
         "Thường xuyên\n- Báo cáo: Quý IV/2026", ""),
    ]


def test_one_cell_per_line_rows_run_together_are_cut_by_the_header(tmp_path):
    cells = ["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian", "1", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội",
             "Quý I/2026", "2", "Kiểm tra CCHC", "Phòng Văn hóa - Xã hội", "Tháng 10/2026"]
    text = "II. CẢI CÁCH THỂ CHẾ\n\n|\n" + "\n|\n".join(cells) + "\n|\n"
    tasks = draft_of(tmp_path, text).tasks
    assert [(t.ref, t.text, t.lead_agency, t.deadline_text) for t in tasks] == [
        ("1", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội", "Quý I/2026"),
        ("2", "Kiểm tra CCHC", "Phòng Văn hóa - Xã hội", "Tháng 10/2026")]


TAB = "TT\tNội dung thực hiện\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"


def test_sections_fillers_and_a_header_repeated_without_its_tt_cell(tmp_path):
    text = "\n".join([
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", TAB,
        "A\tNHIỆM VỤ TRỌNG TÂM\t\t\t\t",
        "1.\tBan hành kế hoạch\tKế hoạch\tPhòng Văn hóa - Xã hội\tCác phòng chuyên môn\tQuý I/2026",
        "Nội dung thực hiện\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",  # a page later
        "2.\tKiểm tra\tBáo cáo\tPhòng Văn hóa - Xã hội\tVăn phòng HĐND và UBND\tTháng 10/2026",
        "…\t……\t……\t……\t……\t……", "\t.......\t\t\t\t",
        "IV.\t\t\t\t\t", "B\tCẢI CÁCH THỂ CHẾ\t\t\t\t",
        "1.\tRà soát\tBáo cáo\tVăn phòng HĐND và UBND\t\tQuý II/2026"])
    tasks = draft_of(tmp_path, text, "ke-hoach.txt").tasks
    assert [fields(t) for t in tasks] == [
        ("chi-dao", "1.", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội", ["Các phòng chuyên môn"], "Quý I/2026",
         "Kế hoạch"),
        ("chi-dao", "2.", "Kiểm tra", "Phòng Văn hóa - Xã hội", ["Văn phòng HĐND và UBND"], "Tháng 10/2026", "Báo cáo"),
        ("the-che", "1.", "Rà soát", "Văn phòng HĐND và UBND", [], "Quý II/2026", "Báo cáo"),
    ]


LABELLED = """I. CẢI CÁCH THỂ CHẾ
1. Rà soát, hệ thống hóa văn bản quy phạm pháp luật
của HĐND, UBND xã.
- Cơ quan chủ
trì: Văn phòng HĐND và UBND
- Đơn vị phối hợp: Các phòng chuyên môn
- Thời gian thực hiện: - Kế hoạch: Quý I/2026.
- Báo cáo kết quả: Tháng 11/2026.
2. Kiểm tra việc thi hành pháp luật
Đơn vị chủ trì thực hiện: Phòng Văn hóa - Xã hội
Thời gian thực hiện: Trong năm 2026

Ghi chú: số liệu cập nhật hằng quý.
"""


def test_labelled_list_without_a_table(tmp_path):
    tasks = draft_of(tmp_path, LABELLED).tasks
    assert [fields(t) for t in tasks] == [
        ("the-che", "1.", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của HĐND, UBND xã.",
         "Văn phòng HĐND và UBND", ["Các phòng chuyên môn"],
         "- Kế hoạch: Quý I/2026.\n- Báo cáo kết quả: Tháng 11/2026.", ""),
        ("the-che", "2.", "Kiểm tra việc thi hành pháp luật", "Phòng Văn hóa - Xã hội", [], "Trong năm 2026", ""),
    ]


GROUPED = """III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
1. Trung tâm Phục vụ hành chính công
- Công khai thủ tục hành chính trên Cổng dịch vụ công.
- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.
2. Phòng Văn hóa - Xã hội:
a) Khảo sát mức độ hài lòng của người dân.
b) Báo cáo kết quả kiểm soát thủ tục hành chính hằng quý.
"""


def test_tasks_grouped_under_their_lead_agency(tmp_path):
    tasks = draft_of(tmp_path, GROUPED).tasks
    assert [(t.area, t.ref, t.text, t.lead_agency) for t in tasks] == [
        ("tthc", "1.1", "Công khai thủ tục hành chính trên Cổng dịch vụ công.", "Trung tâm Phục vụ hành chính công"),
        ("tthc", "1.2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.", "Trung tâm Phục vụ hành chính công"),
        ("tthc", "a)", "Khảo sát mức độ hài lòng của người dân.", "Phòng Văn hóa - Xã hội"),
        ("tthc", "b)", "Báo cáo kết quả kiểm soát thủ tục hành chính hằng quý.", "Phòng Văn hóa - Xã hội"),
    ]


def test_numbered_prose_is_not_a_task_list(tmp_path):
    prose = "II. MỤC TIÊU\n1. Nâng cao chất lượng cải cách hành chính.\n2. Phấn đấu 100% hồ sơ đúng hạn.\n"
    assert draft_of(tmp_path, prose).tasks == []


# -- what the officer is told ---------------------------------------------------------------


def test_a_table_without_a_lead_column_imports_says_so_first_and_flags_every_task(cli, tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(HEAD + "| TT | Nội dung | Thời gian | Tiến độ | Kết quả hiện nay |\n|---|---|---|---|---|\n"
                    "| **I. CẢI CÁCH THỂ CHẾ** | | | | |\n| 1 | Rà soát văn bản | Quý I/2026 | Đang làm | 50% |\n"
                    "| 2 | Kiểm tra | Quý II/2026 | | |\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "no lead-agency column" in lines[0] or "no lead-agency column" in lines[1]
    assert any("columns that report progress were not read: Tiến độ, Kết quả hiện nay" in line for line in lines[:2])
    rows = tasks_json(cli)
    assert [(r["text"], r["deadline_text"]) for r in rows] == [("Rà soát văn bản", "Quý I/2026"), ("Kiểm tra", "Quý II/2026")]
    assert all(m["needs_review"] and "no lead agency" in m["review_reason"] for r in rows for m in r["milestones"])
    report = json.loads(cli("import", str(path), "--dry-run", "--format", "json").output)[0]
    assert len(report["notices"]) == 2


def test_an_empty_lead_cell_is_flagged(tmp_path):
    tasks = draft_of(tmp_path, "\n".join(["I. CẢI CÁCH THỂ CHẾ", TAB, "1.\tRà soát\t\t\t\tQuý I/2026"]), "k.txt").tasks
    assert tasks[0].review == ["no lead agency found"]


@pytest.mark.parametrize("text, seen", [
    ("| Họ tên | Chức vụ | Điện thoại |\n|---|---|---|\n| Nguyễn Văn A | Chủ tịch | 0912 |\n\n"
     "Danh sách\tĐịa chỉ\nThôn 1\tXóm Đông\n",
     "2 tables, first rows: Họ tên | Chức vụ | Điện thoại; Danh sách | Địa chỉ; none has a task column"),
    ("Kính gửi các phòng chuyên môn.\nĐề nghị báo cáo.\n", "no table and no task list with labels"),
    ("TT\tNội dung\tCơ quan chủ trì\n…\t……\t……\n", "a task table (TT | Nội dung | Cơ quan chủ trì) with no task in it"),
])
def test_nothing_to_import_is_refused_saying_what_was_seen(cli, db, tmp_path, text, seen):
    cli("db", "init")
    before = db.read_bytes()
    path = tmp_path / "cong-van.md"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert seen in result.output and len(result.output.strip().splitlines()) == 1
    assert db.read_bytes() == before


# -- merged cells -----------------------------------------------------------------------------


def merged_docx(path: Path) -> None:
    """A hierarchical Word table whose lead and deadline cells are merged down over two activities."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính xã Tân Hòa năm 2026")
    table = doc.add_table(rows=0, cols=6)
    for cells in (["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian hoàn thành"],
                  ["II. CẢI CÁCH THỂ CHẾ"] + [""] * 5,
                  ["1", "Mục tiêu 1 Văn bản đúng quy định", "Nhiệm vụ 1 Rà soát", "Hoạt động 1 Thu thập",
                   "Văn phòng HĐND và UBND", "Trong năm"],
                  ["", "", "", "Hoạt động 2 Kiểm tra", "", ""],
                  ["", "", "", "Hoạt động 3 Báo cáo", "", ""]):
        row = table.add_row()
        for cell, text in zip(row.cells, cells):
            cell.text = text
    table.cell(1, 0).merge(table.cell(1, 5))
    table.cell(2, 4).merge(table.cell(3, 4))  # lead over activities 1-2
    table.cell(2, 5).merge(table.cell(3, 5))
    doc.save(path)


def test_a_word_merge_is_proof_an_empty_text_cell_is_not(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    merged_docx(path)
    by_ref = {t.ref: t for t in read_plan(path)[0].tasks}
    assert (by_ref["Hoạt động 2"].lead_agency, by_ref["Hoạt động 2"].deadline_text) == ("Văn phòng HĐND và UBND", "Trong năm")
    assert not by_ref["Hoạt động 2"].review
    assert (by_ref["Hoạt động 3"].lead_agency, by_ref["Hoạt động 3"].deadline_text) == ("", "")
    assert by_ref["Hoạt động 3"].review == ["no lead agency found"]


# -- the file reader ---------------------------------------------------------------------------


def test_regular_files_only_nothing_opened_or_hung_on(cli, tmp_path):
    fifo = tmp_path / "ke-hoach.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    for path, message in ((fifo, "not a regular file"), (zero, "not a regular file"), (folder, "is a folder")):
        result = cli("import", str(path))
        assert result.exit_code == 2 and message in result.output
        with pytest.raises(UserError, match=message):
            regular_file(path)
    assert regular_file(Path(__file__)).st_size > 0


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _noise(n: int) -> str:
    return "".join(random.Random(n).choices("abcdefghiklmnopqrstuvxy ", k=12))


def _refused_by_import(cli, db, path: Path, *words: str) -> None:
    """`cchc import PATH` into a database holding An Lão: one line naming the limit, exit 2, nothing changed."""
    import sqlite3

    from conftest import AN_LAO

    assert cli("import", AN_LAO).exit_code == 0

    def contents():
        with sqlite3.connect(db) as conn:
            return list(conn.iterdump())

    before = contents()
    result = cli("import", path)
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and str(path) in line, line
    for word in words:
        assert word in line, line
    assert contents() == before


def test_a_word_file_of_100000_rows_is_refused_before_it_is_read(cli, db, tmp_path):
    """The finding: a 647 KB docx of 100,000 rows, inside the zip limits, imported 100,000 tasks in 250 s."""
    row = "<w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>"
    body = "".join(row.format(_noise(n)) for n in range(100_000))
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>'
           f"{body}</w:tbl></w:body></w:document>").encode()
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(_zip({"word/document.xml": xml}))
    assert path.stat().st_size < 20 * 2**20
    _refused_by_import(cli, db, path, "more than 10000 table rows")


def test_a_sheet_of_400000_rows_is_refused_before_it_is_read(cli, db, tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{_noise(n)}</t></is></c></row>' for n in range(1, 400_001))
    xml = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(_zip({"xl/worksheets/sheet1.xml": xml.encode()}))
    _refused_by_import(cli, db, path, "more than 10000 table rows")


def test_a_csv_of_more_than_10000_rows_is_refused(cli, db, tmp_path):
    path = tmp_path / "xa-ky-son-2026.csv"
    path.write_text("Lĩnh vực,TT,Nội dung,Cơ quan chủ trì,Thời gian hoàn thành\n"
                    + "".join(f"tthc,{n},Rà soát {n},Văn phòng,Quý I/2026\n" for n in range(10_001)), encoding="utf-8")
    _refused_by_import(cli, db, path, "more than 10000 table rows")


@pytest.mark.parametrize("name, limit", [("ke-hoach.txt", "2.0 MB"), ("ke-hoach.csv", "2.0 MB"), ("ke-hoach.docx", "20.0 MB"),
                                         ("ke-hoach.xlsx", "20.0 MB"), ("ke-hoach.pdf", "30.0 MB")])
def test_size_caps_per_format_name_the_limit(cli, db, tmp_path, name, limit):
    big = tmp_path / name
    with big.open("wb") as handle:  # sparse: the size is refused before a byte is read
        handle.truncate(int(float(limit.split()[0]) * 2**20) + 1)
    _refused_by_import(cli, db, big, f"limit of {limit}")


def test_xml_entities_in_a_word_file_are_refused_not_dropped(cli, db, tmp_path):
    """The finding: entities were dropped silently and tasks imported with empty text."""
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY t "Rà soát văn bản">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc>"
           "</w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>&t;</w:t></w:r></w:p></w:tc>"
           "</w:tr></w:tbl></w:body></w:document>").encode()
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(_zip({"word/document.xml": xml}))
    with pytest.raises(ImportRefused, match="XML entities"):
        read_plan(path)
    _refused_by_import(cli, db, path, "XML entities")


def test_a_scanned_or_damaged_pdf_is_refused_in_one_line(cli, tmp_path):
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(_blank_pdf())
    damaged = tmp_path / "broken.pdf"
    damaged.write_bytes(b"%PDF-1.4\n%%EOF garbage")
    for path, message in ((scanned, "scanned PDF with no text layer"), (damaged, "damaged")):
        result = cli("import", str(path))
        assert result.exit_code == 2 and message in result.output
        assert len(result.output.strip().splitlines()) == 1


def _blank_pdf() -> bytes:
    """A one-page PDF with no text at all (what a scanner without OCR gives, minus the image)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length 0 >>\nstream\n\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_document_text_in_messages_carries_no_terminal_escapes():
    from cchc.importers.blocks import Row
    from cchc.importers.pipeline import read_tables, seen

    table = [Row(1, ["Họ tên\x1b]0;TITLE\x07", "Chức vụ\x1b[2J"], table=0), Row(2, ["A", "B"], table=0)]
    said = seen(table)
    assert "Họ tên" in said and "\x1b" not in said and "\x07" not in said
    no_lead = [Row(1, ["TT", "Nội dung", "Thời gian \x1b[2J", "Tiến độ"], table=0), Row(2, ["1", "Rà soát", "Quý I/2026", ""])]
    notices = read_tables(no_lead).notices
    assert len(notices) == 2 and not any("\x1b" in n for n in notices)


def test_a_header_of_two_rows_takes_the_sub_columns(tmp_path):
    text = "\n".join([
        "I. CẢI CÁCH THỂ CHẾ",
        "TT\tNội dung\tCơ quan thực hiện\t\tThời gian\t\tSản phẩm",
        "\t\tChủ trì\tPhối hợp\tBắt đầu\tHoàn thành\t",
        "1\tRà soát văn bản\tVăn phòng HĐND và UBND\tCác phòng chuyên môn\tTháng 1/2026\tQuý II/2026\tBáo cáo",
        "TT\tNội dung\tThời gian bắt đầu\tThời gian hoàn thành\tĐơn vị chủ trì",
        "2\tKiểm tra\tTháng 3/2026\tTháng 10/2026\tPhòng Văn hóa - Xã hội"])
    tasks = draft_of(tmp_path, text, "k.txt").tasks
    assert [fields(t) for t in tasks] == [
        ("the-che", "1", "Rà soát văn bản", "Văn phòng HĐND và UBND", ["Các phòng chuyên môn"], "Quý II/2026", "Báo cáo"),
        ("the-che", "2", "Kiểm tra", "Phòng Văn hóa - Xã hội", [], "Tháng 10/2026", ""),
    ]


def test_a_word_header_of_two_rows_with_merged_cells(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính xã Tân Hòa năm 2026")
    table = doc.add_table(rows=4, cols=6)
    for r, cells in enumerate((["TT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian hoàn thành", "Ghi chú"],
                               ["", "", "Chủ trì", "Phối hợp", "", ""],
                               ["III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", "", ""],
                               ["1", "Công khai TTHC", "Trung tâm Phục vụ hành chính công", "Các phòng", "Quý I/2026", ""])):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4, 5):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(2, 0).merge(table.cell(2, 5))
    path = tmp_path / "ke-hoach.docx"
    doc.save(path)
    tasks = read_plan(path)[0].tasks
    assert [fields(t) for t in tasks] == [
        ("tthc", "1", "Công khai TTHC", "Trung tâm Phục vụ hành chính công", ["Các phòng"], "Quý I/2026", "")]


def test_sections_numbered_like_tasks_and_agencies_in_one_cell(tmp_path):
    text = "\n".join([
        "TT\tNội dung\tCơ quan thực hiện\tThời hạn",
        "1\tCẢI CÁCH THỂ CHẾ\t\t",
        "1.1\tRà soát văn bản\tChủ trì: Văn phòng HĐND và UBND. Phối hợp: Các phòng chuyên môn\tQuý I/2026",
        "2\tCải cách thủ tục hành chính\t\t",
        "2.1\tKiểm tra việc cải cách thủ tục hành chính\t\t",
        "2.2\tCông khai TTHC\tTrung tâm Phục vụ hành chính công\tThường xuyên"])
    tasks = draft_of(tmp_path, text, "k.txt").tasks
    assert [fields(t) for t in tasks] == [
        ("the-che", "1.1", "Rà soát văn bản", "Văn phòng HĐND và UBND", ["Các phòng chuyên môn"], "Quý I/2026", ""),
        ("tthc", "2.1", "Kiểm tra việc cải cách thủ tục hành chính", "", [], "", ""),
        ("tthc", "2.2", "Công khai TTHC", "Trung tâm Phục vụ hành chính công", [], "Thường xuyên", ""),
    ]


# -- every document the tests hold ------------------------------------------------------------

_DOCUMENTS = sorted(p for folder in (ROOT / "examples", ROOT / "tests" / "fixtures", ROOT / "tests" / "fuzz_regressions")
                    for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".docx", ".xlsx", ".csv", ".pdf"))


@pytest.mark.parametrize("path", _DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_document_in_the_tests_imports_as_nothing(tmp_path, path):
    """Either tasks or indicators are read, or the import is refused (exit 2): never 'imported, total 0'."""
    result = Cli(tmp_path / "c.db")("import", path, "--dry-run", "--format", "json")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        [report] = json.loads(result.stdout)
        assert sum(report["tasks"].values()) + report["indicators"] > 0, path
