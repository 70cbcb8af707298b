"""`cchc report`: the quarterly report in Word, Markdown and HTML, on Hoàng Sơn 2026.

Counts are read by hand from the plan's appendices (see tests/test_summary.py);
"today" is 15/04/2026, with tài chính 1 done on time (20/03) and thể chế 1 done
late (10/04).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import HOANG_SON

TODAY = "15/04/2026"
EVIDENCE = "Quyết định số 15/QĐ-UBND ngày 20/03/2026"
# STT, Lĩnh vực, Tổng số, đúng hạn, trễ hạn, đang thực hiện, chưa thực hiện, quá hạn
AREA_ROWS = [
    ["1", "Công tác chỉ đạo, điều hành", "6", "0", "0", "0", "6", "5"],
    ["2", "Cải cách thể chế", "4", "0", "1", "0", "3", "1"],
    ["3", "Cải cách thủ tục hành chính", "10", "0", "0", "0", "10", "0"],
    ["4", "Cải cách tổ chức bộ máy", "7", "0", "0", "0", "7", "0"],
    ["5", "Cải cách chế độ công vụ", "5", "0", "0", "0", "5", "1"],
    ["6", "Cải cách tài chính công", "8", "1", "0", "0", "7", "2"],
    ["7", "Xây dựng, phát triển chính quyền điện tử, chính quyền số", "14", "0", "0", "0", "14", "0"],
    ["", "Tổng cộng", "54", "1", "1", "0", "52", "9"],
]
HEADER = ["STT", "Lĩnh vực", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Đang thực hiện",
          "Chưa thực hiện", "Quá hạn"]


@pytest.fixture
def hoang_son(cli):
    assert cli("import", HOANG_SON).exit_code == 0
    import json

    ids = {(t["area"], t["ref"].rstrip(".")): t["id"] for t in json.loads(cli("task", "list", "-f", "json").output)}
    assert cli("done", ids[("tai-chinh", "1")], "--on", "20/03/2026", "-e", EVIDENCE, today=TODAY).exit_code == 0
    assert cli("done", ids[("the-che", "1")], "--on", "10/04/2026", today=TODAY).exit_code == 0
    assert cli("indicator", "record", "ty-le-giao-dich-thanh-toan", "56,5", "--period", "2026-Q1",
               "--as-of", "31/03/2026", today=TODAY).exit_code == 0
    return cli


def _docx(path):
    from docx import Document

    return Document(str(path))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _table(doc, first_header: str, second: str):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first_header, second])


def test_docx_report(hoang_son, tmp_path):
    out = tmp_path / "r.docx"
    result = hoang_son("report", "--quarter", "I", "--format", "docx", "-o", out, today=TODAY)
    assert result.exit_code == 0, result.output
    doc = _docx(out)
    text = _all_text(doc)
    for words in ("ỦY BAN NHÂN DÂN", "XÃ HOÀNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "/BC-UBND", "Hoàng Sơn, ngày", "năm 2026", "BÁO CÁO",
                  "Kết quả thực hiện công tác cải cách hành chính Quý I năm 2026", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                  "II. KẾT QUẢ THỰC HIỆN", "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                  "IV. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2026"):
        assert words in text, words
    table = _table(doc, "STT", "Lĩnh vực")
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == AREA_ROWS


def test_docx_content_of_the_quarter(hoang_son, tmp_path):
    out = tmp_path / "r.docx"
    assert hoang_son("report", "-q", "I", "-o", out, today=TODAY).exit_code == 0  # docx from the file name
    text = _all_text(_docx(out))
    # completed in Quý I with its evidence: tài chính 1; thể chế 1 was finished in April
    assert "Xây dựng Kế hoạch đầu tư công giai đoạn 2026 - 2030. Hoàn thành ngày 20/03/2026, đúng hạn" in text
    assert EVIDENCE in text
    assert "Hoàn thành ngày 10/04/2026" not in text
    # outstanding: thể chế 3, "Kế hoạch của UBND xã: Chậm nhất trong Quý I/2026", lead Văn phòng as the plan
    # writes it (issue 16: agencies are shown as written; the canonical name only matches and groups)
    assert "Kế hoạch của UBND xã: hạn 31/03/2026, quá hạn 15 ngày. Cơ quan chủ trì: Văn phòng HĐND&UBND." in text
    # next quarter: chính quyền số 10 "Quý II/2026"
    assert "không giấy tờ – hạn 30/06/2026. Cơ quan chủ trì: Phòng Văn hóa - Xã hội." in text
    indicators = _table(_docx(out), "STT", "Chỉ tiêu")
    payments = next([c.text for c in row.cells] for row in indicators.rows
                    if row.cells[1].text == "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert payments[2:] == ["≥ 55%", "56,5%", "Đạt"]


def test_docx_page_and_fonts(hoang_son, tmp_path):
    from docx.oxml.ns import qn

    out = tmp_path / "r.docx"
    assert hoang_son("report", "-q", "I", "-f", "docx", "-o", out, today=TODAY).exit_code == 0
    doc = _docx(out)
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == round(section.bottom_margin.cm, 1) == 2.0
    assert round(section.left_margin.cm, 1) == 3.0 and 1.5 <= round(section.right_margin.cm, 1) <= 2.0
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_markdown_to_stdout(hoang_son):
    result = hoang_son("report", "--quarter", "I", "--format", "markdown", today=TODAY)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "| " + " | ".join(HEADER) + " |" in lines
    assert "| 2 | Cải cách thể chế | 4 | 0 | 1 | 0 | 3 | 1 |" in lines
    assert "|  | **Tổng cộng** | **54** | **1** | **1** | **0** | **52** | **9** |" in lines
    assert "# BÁO CÁO" in lines and "## I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in lines
    assert "**Kết quả thực hiện công tác cải cách hành chính Quý I năm 2026**" in lines


def test_html_file(hoang_son, tmp_path):
    out = tmp_path / "r.html"
    assert hoang_son("report", "-q", "I", "-o", out, today=TODAY).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<td>Cải cách thể chế</td><td>4</td><td>0</td><td>1</td>" in page
    assert "Quý I năm 2026" in page and "Times New Roman" in page


def test_fourth_quarter_looks_at_the_next_year(hoang_son):
    result = hoang_son("report", "-q", "IV", "-f", "markdown", today="20/12/2026")
    assert result.exit_code == 0
    assert "## IV. NHIỆM VỤ TRỌNG TÂM QUÝ I NĂM 2027" in result.output


def test_report_errors(hoang_son, tmp_path):
    assert hoang_son("report", "-q", "I", "-f", "docx", today=TODAY).exit_code == 2  # docx needs -o
    assert hoang_son("report", "-q", "V", today=TODAY).exit_code == 2
    assert hoang_son("report", "-q", "I", "--year", "20x6", today=TODAY).exit_code == 2
    missing = tmp_path / "no-such-folder" / "r.docx"
    result = hoang_son("report", "-q", "I", "-o", missing, today=TODAY)
    assert result.exit_code == 2 and not missing.exists()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_docx_to_pdf(hoang_son, tmp_path):
    out = tmp_path / "r.docx"
    assert hoang_son("report", "-q", "I", "-o", out, today=TODAY).exit_code == 0
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a running LibreOffice
    done = subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "r.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
