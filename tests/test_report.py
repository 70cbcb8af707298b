"""`cchc report` on Hoàng Sơn 2026 after a scripted first half of work, counted as of the period's end.

Every step is run on its own day (`--today`), so the history holds what was
recorded when. The expected numbers and sections are worked out by hand from
the plan's appendices (Phụ lục 01–07, 54 tasks, one row each) and the script:

* chỉ đạo 1: milestone 1 (Kế hoạch CCHC, due 05/01) done 04/01 with evidence;
  its quarterly reports (31/03, 30/06, …) stay open: in progress.
* chính quyền số 1 (an event "Theo kế hoạch của Tỉnh ủy") dated 15/02 on 01/02,
  never done: 44 days late on 31/03.
* thủ tục 3 (ongoing) started 05/03; thủ tục 1 (ongoing): evidence 15/03 and a
  note 16/03; thủ tục 2 (ongoing): evidence recorded 20/04 of a document of 20/04.
* tài chính 7 (Quý I/2026) done 10/03, then undone: never happened.
* tài chính 1 (Quý I/2026) done 20/03, on time, with evidence.
* bộ máy 3 (an event "Theo hướng dẫn của Bộ Nội vụ") dropped 25/03 with a reason.
* notes on the plan: ưu điểm 28/03, nguyên nhân 29/03, đề xuất 30/03; tồn tại on
  chỉ đạo 4, 28/03; another tồn tại on the plan 12/05.
* the online-payment rate (target ≥ 55%): 52 for 2026-03 (31/03), 57,5 for 2026-05.
* tài chính 6 (Quý I/2026) done on 28/03, recorded on 02/04 with its evidence.
* thể chế 1 (Kế hoạch kiểm tra: quý I/2026; Báo cáo: an event) done 10/04:
  both milestones closed, 10 days late.
* công vụ 2 (Triển khai: Quý I/2026) dropped 05/05 with a reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import HOANG_SON, MU_CO, Cli

Q1_MADE = "10/06/2026"
H1_MADE = "05/07/2026"
EVIDENCE_TC1 = "Quyết định số 15/QĐ-UBND ngày 20/03/2026"
EVIDENCE_TC6 = "Tờ trình số 20/TTr-UBND ngày 28/03/2026"
EVIDENCE_TT1 = "Thông báo số 5/TB-UBND ngày 15/03/2026"
EVIDENCE_TT2 = "Báo cáo số 30/BC-UBND ngày 20/04/2026"
NOTE_TT1 = "Đã công khai 120 TTHC trên Cổng dịch vụ công"
DROP_BM3 = "Tỉnh chưa ban hành hướng dẫn sắp xếp thôn"
DROP_CV2 = "Lồng ghép vào nhiệm vụ đánh giá cán bộ"
STRENGTH, CAUSE = "Lãnh đạo UBND xã quan tâm chỉ đạo sát sao", "Thiếu cán bộ chuyên trách CCHC"
PROPOSAL = "Đề nghị Sở Nội vụ tập huấn nghiệp vụ CCHC"
SHORTCOMING_CD4, SHORTCOMING_MAY = "Chưa tổ chức được hội nghị đối thoại với doanh nghiệp", "Tỷ lệ thanh toán còn thấp"
AREA_NAMES = ["Công tác chỉ đạo, điều hành", "Cải cách thể chế", "Cải cách thủ tục hành chính",
              "Cải cách tổ chức bộ máy", "Cải cách chế độ công vụ", "Cải cách tài chính công",
              "Xây dựng, phát triển chính quyền điện tử, chính quyền số"]
HEADER = ["STT", "Lĩnh vực", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Đang thực hiện",
          "Chưa thực hiện", "Quá hạn", "Không thực hiện"]
# As of 31/03: done on time tài chính 1 and 6; in progress chỉ đạo 1, thủ tục 3; dropped bộ máy 3;
# late (due before 31/03, open) only chính quyền số 1 — the quarter's own deadlines fall on 31/03 itself.
Q1_ROWS = [[6, 0, 0, 1, 5, 0, 0], [4, 0, 0, 0, 4, 0, 0], [10, 0, 0, 1, 9, 0, 0], [7, 0, 0, 0, 6, 0, 1],
           [5, 0, 0, 0, 5, 0, 0], [8, 2, 0, 0, 6, 0, 0], [14, 0, 0, 0, 14, 1, 0]]
Q1_TOTAL = [54, 2, 0, 2, 49, 1, 1]
# As of 30/06: thể chế 1 done late; công vụ 2 dropped; late: chỉ đạo 1, 2, 4, 5, 6 (31/03 reports, plan),
# thể chế 3 (Kế hoạch: quý I), tài chính 7 (Quý I), chính quyền số 1.
H1_ROWS = [[6, 0, 0, 1, 5, 5, 0], [4, 0, 1, 0, 3, 1, 0], [10, 0, 0, 1, 9, 0, 0], [7, 0, 0, 0, 6, 0, 1],
           [5, 0, 0, 0, 4, 0, 1], [8, 2, 0, 0, 6, 1, 0], [14, 0, 0, 0, 14, 1, 0]]
H1_TOTAL = [54, 2, 1, 2, 47, 8, 2]
DONE, DUE, ONGOING, NOT_DUE, UNDATED, DROPPED = ("Nhiệm vụ hoàn thành trong kỳ", "Nhiệm vụ đến hạn chưa hoàn thành",
                                                 "Nhiệm vụ thường xuyên", "Nhiệm vụ chưa đến hạn",
                                                 "Nhiệm vụ chưa xác định thời hạn", "Nhiệm vụ không thực hiện")
# Where each task stands as of 31/03 (area, ref) -> section; every other task of the plan is ongoing.
Q1_SECTIONS = {
    ("chi-dao", "1"): DUE, ("chi-dao", "2"): DUE, ("chi-dao", "3"): NOT_DUE, ("chi-dao", "4"): DUE,
    ("chi-dao", "5"): DUE, ("chi-dao", "6"): DUE, ("the-che", "1"): DUE, ("the-che", "3"): DUE,
    ("bo-may", "3"): DROPPED, ("cong-vu", "2"): DUE, ("cong-vu", "5"): NOT_DUE, ("tai-chinh", "1"): DONE,
    ("tai-chinh", "3"): NOT_DUE, ("tai-chinh", "6"): DONE, ("tai-chinh", "7"): DUE, ("chinh-quyen-so", "1"): DUE,
    ("chinh-quyen-so", "4"): UNDATED, ("chinh-quyen-so", "10"): NOT_DUE, ("chinh-quyen-so", "11"): NOT_DUE,
    ("chinh-quyen-so", "12"): NOT_DUE,
}
H1_CHANGED = {("the-che", "1"): DONE, ("cong-vu", "2"): DROPPED, ("chinh-quyen-so", "10"): DUE}


def ok(result):
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def worked(cli):
    """Hoàng Sơn with the first half of 2026 recorded as the module notes say, each step on its day."""
    ok(cli("import", HOANG_SON))
    tasks = json.loads(cli("task", "list", "-f", "json").output)
    ids = {(t["area"], t["ref"].rstrip(".")): t["id"] for t in tasks}
    cli.tasks, cli.ids = tasks, ids

    def on(day, *args):
        return ok(cli(*[str(a) for a in args], today=day))

    on("04/01/2026", "done", ids[("chi-dao", "1")], "--milestone", 1, "--on", "04/01/2026",
       "-e", "Kế hoạch số 12/KH-UBND ngày 04/01/2026")
    on("01/02/2026", "set-due", ids[("chinh-quyen-so", "1")], "15/02/2026")
    on("05/03/2026", "start", ids[("tthc", "3")])
    on("10/03/2026", "done", ids[("tai-chinh", "7")], "--on", "10/03/2026")
    on("10/03/2026", "undo", "--yes")
    on("15/03/2026", "evidence", ids[("tthc", "1")], EVIDENCE_TT1)
    on("16/03/2026", "note", ids[("tthc", "1")], NOTE_TT1)
    on("20/03/2026", "done", ids[("tai-chinh", "1")], "--on", "20/03/2026", "-e", EVIDENCE_TC1)
    on("25/03/2026", "drop", ids[("bo-may", "3")], "--reason", DROP_BM3)
    on("28/03/2026", "note", "--kind", "uu-diem", STRENGTH)
    on("28/03/2026", "note", ids[("chi-dao", "4")], "--kind", "ton-tai", SHORTCOMING_CD4)
    on("29/03/2026", "note", "--kind", "nguyên nhân", CAUSE)
    on("30/03/2026", "note", "-k", "proposal", PROPOSAL)
    on("31/03/2026", "indicator", "record", "ty-le-giao-dich-thanh-toan", "52", "--period", "2026-03")
    on("02/04/2026", "done", ids[("tai-chinh", "6")], "--on", "28/03/2026", "-e", EVIDENCE_TC6)
    on("10/04/2026", "done", ids[("the-che", "1")], "--on", "10/04/2026")
    on("20/04/2026", "evidence", ids[("tthc", "2")], EVIDENCE_TT2)
    on("05/05/2026", "drop", ids[("cong-vu", "2")], "--reason", DROP_CV2)
    on("12/05/2026", "note", "--kind", "ton-tai", SHORTCOMING_MAY)
    on("31/05/2026", "indicator", "record", "ty-le-giao-dich-thanh-toan", "57,5", "--period", "2026-05")
    return cli


def _docx(path):
    from docx import Document

    return Document(str(path))


def _report(cli, tmp_path, *args, today):
    out = tmp_path / "r.docx"
    ok(cli("report", *args, "-o", out, today=today))
    return _docx(out)


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _table(doc, first: str, second: str):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first, second])


def _sections(doc) -> dict[str, list[tuple[str, str]]]:
    """The task lines of sections I and II: area name -> [(section, line)], read off the document."""
    found: dict[str, list[tuple[str, str]]] = {}
    area, part, inside = None, None, False
    for text in _texts(doc):
        if text.startswith("I. CÔNG TÁC CHỈ ĐẠO"):
            area, inside = AREA_NAMES[0], True
        elif text.startswith("III. "):
            break
        elif inside and re.match(r"\d+\. ", text):
            area = text.split(". ", 1)[1]
        elif inside and re.match(r"[a-hđ]\) ", text):
            part = text[3:].rstrip(":")
        elif inside and text.startswith("- "):
            found.setdefault(area, []).append((part, text[2:]))
    return found


def _where(cli, sections: dict) -> dict[tuple[str, str], list[str]]:
    """(area, ref) -> the sections its task's line is in: matched by the task's text, in its own area."""
    names = dict(zip(["chi-dao", "the-che", "tthc", "bo-may", "cong-vu", "tai-chinh", "chinh-quyen-so"], AREA_NAMES))
    placed = {}
    for task in cli.tasks:
        text = " ".join(task["text"].split()).rstrip(" .;")
        lines = sections.get(names[task["area"]], [])
        placed[(task["area"], task["ref"].rstrip("."))] = [part for part, line in lines
                                                           if line.startswith((text + ".", text + " –"))]
    return placed


def _line(doc, start: str) -> str:
    return next(t for t in _texts(doc) if t.startswith("- " + start))


def _numbers(table) -> list[list[int]]:
    return [[int(c.text) for c in row.cells[2:]] for row in table.rows[1:]]


# -- the first quarter, made on 10/06 ------------------------------------------------------------


def test_the_first_quarter_counts_as_of_31_march(worked, tmp_path):
    doc = _report(worked, tmp_path, "--quarter", "I", today=Q1_MADE)
    text = "\n".join(_texts(doc))
    assert "tính đến ngày 31/03/2026" in text and "10/06/2026" not in text
    table = _table(doc, "STT", "Lĩnh vực")
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert [row.cells[1].text for row in table.rows[1:]] == AREA_NAMES + ["Tổng cộng"]
    assert _numbers(table) == Q1_ROWS + [Q1_TOTAL]
    masthead = [c.text for c in doc.tables[0].rows[0].cells]
    assert "Hoàng Sơn, ngày 10 tháng 6 năm 2026" in masthead[1]  # the date line: the day it is made


def test_every_task_appears_once_in_its_section_as_of_31_march(worked, tmp_path):
    placed = _where(worked, _sections(_report(worked, tmp_path, "-q", "1", today=Q1_MADE)))
    assert len(placed) == 54
    assert {key: parts for key, parts in placed.items() if parts != [Q1_SECTIONS.get(key, ONGOING)]} == {}


def test_the_quarter_lines_say_what_stood_on_31_march(worked, tmp_path):
    doc = _report(worked, tmp_path, "-q", "I", today=Q1_MADE)
    # done in the quarter, with evidence; tài chính 6 recorded on 02/04 but done on 28/03
    assert _line(doc, "Xây dựng Kế hoạch đầu tư công giai đoạn 2026 - 2030.") == (
        f"- Xây dựng Kế hoạch đầu tư công giai đoạn 2026 - 2030. Hoàn thành ngày 20/03/2026, đúng hạn. "
        f"Tài liệu kiểm chứng: {EVIDENCE_TC1}.")
    assert f"Hoàn thành ngày 28/03/2026, đúng hạn. Tài liệu kiểm chứng: {EVIDENCE_TC6}." in _line(doc, "Tham mưu cho UBND xã, HĐND")
    # late: the event given a date; thể chế 1 was done only on 10/04
    assert _line(doc, "Triển khai thực hiện có hiệu quả Nghị quyết số 57").endswith(
        "– hạn 15/02/2026, quá hạn 44 ngày. Cơ quan chủ trì: Phòng Văn hóa - Xã hội.")
    assert "Kế hoạch kiểm tra, rà soát văn bản QPPL: hạn 31/03/2026. Cơ quan chủ trì" in _line(doc, "Ban hành và tổ chức")
    # part of chỉ đạo 1 done in the quarter, with its evidence, while its quarterly report is due
    assert ("Báo cáo kết quả thực hiện của các cơ quan, đơn vị: hạn 31/03/2026. Đã hoàn thành: Kế hoạch cải cách "
            "hành chính năm UBND xã ngày 04/01/2026 (đúng hạn). Tài liệu kiểm chứng: Kế hoạch số 12/KH-UBND ngày "
            "04/01/2026.") in _line(doc, "UBND xã xây dựng Kế hoạch")
    # ongoing: what was recorded in the quarter; thủ tục 2's evidence came in April
    assert _line(doc, "Tiếp tục thực hiện công khai").endswith(
        f"Ghi nhận trong kỳ: {NOTE_TT1}. Tài liệu kiểm chứng: {EVIDENCE_TT1}.")
    assert _line(doc, "Triển khai thực hiện tốt mô hình").endswith("Trong kỳ chưa ghi nhận kết quả.")
    assert _line(doc, "Nghiên cứu, xây dựng đề án").endswith(f"Lý do không thực hiện: {DROP_BM3}.")
    text = "\n".join(_texts(doc))
    assert EVIDENCE_TT2 not in text and DROP_CV2 not in text


def test_the_quarter_takes_the_indicator_value_and_the_notes_of_its_days(worked, tmp_path):
    doc = _report(worked, tmp_path, "-q", "I", today=Q1_MADE)
    payments = next([c.text for c in row.cells] for row in _table(doc, "STT", "Chỉ tiêu").rows
                    if row.cells[1].text == "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert payments[2:] == ["≥ 55%", "52%", "Chưa đạt"]
    text = _texts(doc)
    assessment = text[text.index("IV. ĐÁNH GIÁ CHUNG"):text.index("VI. ĐỀ XUẤT, KIẾN NGHỊ") + 2]
    assert assessment[:7] == ["IV. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", f"- {STRENGTH}.", "2. Tồn tại, hạn chế",
                              f"- {SHORTCOMING_CD4} (Công tác chỉ đạo, điều hành, nhiệm vụ 4).", "3. Nguyên nhân",
                              f"- {CAUSE}."]
    assert assessment[-2:] == ["VI. ĐỀ XUẤT, KIẾN NGHỊ", f"- {PROPOSAL}."]
    assert SHORTCOMING_MAY not in "\n".join(text)


def test_late_and_next_quarter_tasks_are_carried_into_the_next_quarter(worked, tmp_path):
    text = _texts(_report(worked, tmp_path, "-q", "I", today=Q1_MADE))
    start = text.index("V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2026")
    carried = text[start + 1:text.index("VI. ĐỀ XUẤT, KIẾN NGHỊ")]
    # open on 31/03 with a milestone due by 30/06: chỉ đạo 1, 2, 4, 5, 6; thể chế 1, 3; công vụ 2;
    # tài chính 7; chính quyền số 1 (late) and 10 (Quý II), in the areas' order; then the 34 ongoing tasks
    firsts = [line[2:40] for line in carried]
    assert len(carried) == 12 and carried[-1] == "- Tiếp tục thực hiện 34 nhiệm vụ thường xuyên theo Kế hoạch."
    assert firsts[0].startswith("UBND xã xây dựng") and firsts[5].startswith("Ban hành và tổ chức")
    assert [line.startswith("- Xây dựng Kế hoạch đầu tư công") for line in carried] == [False] * 12
    assert "hạn 30/06/2026. Cơ quan chủ trì" in carried[10] and "quá hạn 44 ngày" in carried[9]


# -- the first half, made on 05/07 ---------------------------------------------------------------


def test_the_six_month_report_counts_as_of_30_june(worked, tmp_path):
    doc = _report(worked, tmp_path, "--half", "1", today=H1_MADE)
    text = "\n".join(_texts(doc))
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026" in text
    assert "tính đến ngày 30/06/2026" in text and "V. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026" in text
    assert _numbers(_table(doc, "STT", "Lĩnh vực")) == H1_ROWS + [H1_TOTAL]
    placed = _where(worked, _sections(doc))
    expected = {**Q1_SECTIONS, **H1_CHANGED}
    assert {key: parts for key, parts in placed.items() if parts != [expected.get(key, ONGOING)]} == {}
    assert _line(doc, "Ban hành và tổ chức").endswith("Hoàn thành ngày 10/04/2026, trễ hạn 10 ngày. "
                                                       "Tài liệu kiểm chứng: chưa cập nhật.")
    assert _line(doc, "Triển khai thực hiện tốt mô hình").endswith(f"Tài liệu kiểm chứng: {EVIDENCE_TT2}.")
    assert SHORTCOMING_MAY in text and DROP_CV2 in text
    payments = next([c.text for c in row.cells] for row in _table(doc, "STT", "Chỉ tiêu").rows
                    if row.cells[1].text == "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert payments[3:] == ["57,5%", "Đạt"]


def test_the_same_report_made_later_or_earlier_reads_the_same_days(worked, tmp_path):
    """Made on 10/06 or on 05/07, the Q1 report is the same; --as-of 20/03 counts only up to then."""
    early = _docx_text(worked, tmp_path, "-q", "I", today=Q1_MADE)
    late = _docx_text(worked, tmp_path, "-q", "I", today=H1_MADE)
    assert early.replace("ngày 10 tháng 6", "ngày 05 tháng 7") == late
    doc = _report(worked, tmp_path, "-q", "I", "--as-of", "20/03/2026", today=Q1_MADE)
    assert _numbers(_table(doc, "STT", "Lĩnh vực"))[-1] == [54, 1, 0, 2, 51, 1]  # before 28/03 and the drop


def _docx_text(cli, tmp_path, *args, today):
    return "\n".join(_texts(_report(cli, tmp_path, *args, today=today)))


# -- other periods and bad options ---------------------------------------------------------------


@pytest.mark.parametrize("args, name, following, as_of", [
    (("--half", "2"), "6 tháng cuối năm 2026", "6 THÁNG ĐẦU NĂM 2027", "31/12/2026"),
    (("--months", "9"), "9 tháng năm 2026", "QUÝ IV NĂM 2026", "30/09/2026"),
    (("--year", "2026"), "năm 2026", "NĂM 2027", "31/12/2026"),
    (("--months", "12"), "năm 2026", "NĂM 2027", "31/12/2026"),
    (("--months", "6"), "6 tháng đầu năm 2026", "6 THÁNG CUỐI NĂM 2026", "30/06/2026"),
    (("-q", "IV"), "quý IV năm 2026", "QUÝ I NĂM 2027", "31/12/2026"),
])
def test_each_period_has_its_name_its_end_and_its_next_period(cli, args, name, following, as_of):
    ok(cli("import", HOANG_SON))
    page = ok(cli("report", *args, "-f", "markdown", today="15/01/2027")).output
    assert f"**Kết quả thực hiện công tác cải cách hành chính {name}**" in page.splitlines()
    assert f"## V. PHƯƠNG HƯỚNG, NHIỆM VỤ {following}" in page.splitlines()
    assert f"(tính đến ngày {as_of})" in page


def test_a_running_period_is_counted_as_of_today(cli):
    ok(cli("import", HOANG_SON))
    page = ok(cli("report", "--months", "9", "-f", "markdown", today="14/08/2026")).output
    assert "(tính đến ngày 14/08/2026)" in page and "ngày 14 tháng 8 năm 2026" in page


@pytest.mark.parametrize("args, words", [
    (("--half", "3"), "--half"), (("--months", "7"), "--months"), (("-q", "V"), "quarter"),
    (("-q", "I", "--half", "1"), "cannot be combined"), (("--year", "20x6"), "--year"),
    (("--year", "2030"), "outside"), (("-q", "I", "--as-of", "15/04/2026"), "outside the period"),
    (("-q", "II", "--as-of", "30/06/2026"), "after today"), (("-q", "III",), "has not begun"),
    (("-q", "I", "--as-of", "31/02/2026"), "--as-of"), (("-q", "I", "-f", "docx"), "-o FILE.docx"),
])
def test_bad_report_options_are_one_line_and_exit_2(cli, args, words):
    ok(cli("import", HOANG_SON))
    result = cli("report", *args, today="10/06/2026")
    assert result.exit_code == 2 and words in result.output and len(result.output.strip().splitlines()) == 1


def test_a_report_that_cannot_be_written_leaves_nothing(cli, tmp_path):
    ok(cli("import", HOANG_SON))
    missing = tmp_path / "no-such-folder" / "r.docx"
    result = cli("report", "-q", "I", "-o", missing, today="10/06/2026")
    assert result.exit_code == 2 and not missing.exists()


# -- the form (Nghị định 30) ---------------------------------------------------------------------


def _bottom_ruled(paragraphs) -> int:
    from docx.oxml.ns import qn

    return sum(1 for p in paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None)


def test_the_word_report_has_the_parts_of_an_administrative_document(worked, tmp_path):
    from docx.oxml.ns import qn

    ok(worked("config", "set", "signer.title", "KT. CHỦ TỊCH"))
    ok(worked("config", "set", "signer.subtitle", "Phó Chủ tịch"))
    ok(worked("config", "set", "signer.name", "Lê Hùng Tuyên"))
    ok(worked("config", "set", "recipients", "Sở Nội vụ tỉnh Thanh Hóa (b/c)\nChủ tịch UBND xã (b/c)\nLưu: VT, VH-XH"))
    doc = _report(worked, tmp_path, "-q", "I", today=Q1_MADE)
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 1), round(section.top_margin.cm, 1)) == (3.0, 2.0)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    # page numbers: a PAGE field at the top of every page but the first
    assert section.different_first_page_header_footer
    header = section.header._element
    assert [i.text.strip() for i in header.iter(qn("w:instrText"))] == ["PAGE"]
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    # masthead: issuer and motto, each with a rule under it; number line; place and date
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ỦY BAN NHÂN DÂN", "XÃ HOÀNG SƠN", "", "Số:        /BC-UBND"]
    assert [p.text for p in right.paragraphs] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                                  "", "Hoàng Sơn, ngày 10 tháng 6 năm 2026"]
    assert _bottom_ruled(left.paragraphs) == _bottom_ruled(right.paragraphs) == 1  # under the names: the third lines
    assert _bottom_ruled([left.paragraphs[2], right.paragraphs[2]]) == 2
    title = _texts(doc).index("BÁO CÁO")
    assert _bottom_ruled(doc.paragraphs[title + 2:title + 3]) == 1  # the rule under the subject
    # signature: Nơi nhận beside the signer, room to sign, the name
    recipients, signer = doc.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Sở Nội vụ tỉnh Thanh Hóa (b/c);",
                                                       "- Chủ tịch UBND xã (b/c);", "- Lưu: VT, VH-XH."]
    lines = [p.text for p in signer.paragraphs]
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[3:] == ["", "", "", "", "Lê Hùng Tuyên"]


def test_the_signer_is_the_plans_else_the_chairman_with_a_line_for_the_name(cli, tmp_path):
    ok(cli("import", HOANG_SON))
    doc = _report(cli, tmp_path, "-q", "I", today=Q1_MADE)
    recipients, signer = doc.tables[-1].rows[0].cells
    texts = [p.text for p in signer.paragraphs]
    assert texts[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and texts[-1] == "Lê Hùng Tuyên"
    assert "Trên đây là báo cáo" in doc.paragraphs[-2].text  # kept on the page of the signature
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[-2:])
    unsigned = tmp_path / "xa-hoang-son-2026.txt"  # the same plan without its signature block
    text = HOANG_SON.read_text(encoding="utf-8")
    unsigned.write_text(text[:text.index("Nơi nhận")], encoding="utf-8")
    other = Cli(tmp_path / "other.db")
    ok(other("import", unsigned))
    doc = _report(other, tmp_path, "-q", "I", today=Q1_MADE)
    recipients, signer = doc.tables[-1].rows[0].cells
    assert [p.text for p in signer.paragraphs][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert set(signer.paragraphs[-1].text) == {"…"}
    assert recipients.paragraphs[0].text == "Nơi nhận:" and recipients.paragraphs[-1].text == "- Lưu: VT."


def test_nothing_recorded_leaves_marked_blanks_never_text(cli, tmp_path):
    from docx.enum.text import WD_COLOR_INDEX

    ok(cli("import", HOANG_SON))
    doc = _report(cli, tmp_path, "-q", "I", today=Q1_MADE)
    text = _texts(doc)
    blanks = [p for p in doc.paragraphs if p.text.startswith("…") and "cán bộ bổ sung" in p.text]
    assert len(blanks) == 4  # ưu điểm, tồn tại, nguyên nhân, đề xuất
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in blanks for run in p.runs)
    for heading in ("1. Ưu điểm", "2. Tồn tại, hạn chế", "3. Nguyên nhân", "VI. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert text[text.index(heading) + 1].startswith("…")
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    assert page.count("*(Chưa có nội dung được ghi nhận trong kỳ; cán bộ bổ sung trước khi trình ký)*") == 4


# -- Markdown and HTML ---------------------------------------------------------------------------


def _levels(lines: list[str], mark: str) -> list[int]:
    return [len(m.group(1)) for line in lines if (m := re.match(mark, line))]


def test_markdown_and_html_carry_the_word_report_s_content(worked, tmp_path):
    from html import unescape

    doc = _report(worked, tmp_path, "-q", "I", today=Q1_MADE)
    page = ok(worked("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    out = tmp_path / "r.html"
    ok(worked("report", "-q", "I", "-o", out, today=Q1_MADE))
    html = unescape(re.sub(r"<[^>]+>", "\n", out.read_text(encoding="utf-8")))
    plain_md = re.sub(r"\\(.)", r"\1", page)
    for text in [t for t in _texts(doc) if t.strip() and not set(t) <= {"…"}]:
        assert text.lstrip("- ") in plain_md, text
        assert text.lstrip("- ") in html, text
    levels = _levels(page.splitlines(), r"^(#+) ")
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    tags = [int(n) for n in re.findall(r"<h(\d)>", out.read_text(encoding="utf-8"))]
    assert tags[0] == 1 and all(b <= a + 1 for a, b in zip(tags, tags[1:]))


def test_plan_text_is_data_in_markdown_and_html(cli, tmp_path):
    plan = tmp_path / "xa-thu-2026.txt"
    plan.write_text(HOANG_SON.read_text(encoding="utf-8").replace(
        "Xây dựng Kế hoạch đầu tư công", "# Xây dựng *Kế hoạch* [đầu tư](x) a < b_c công"), encoding="utf-8")
    ok(cli("import", plan))
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    assert "- \\# Xây dựng \\*Kế hoạch\\* \\[đầu tư\\](x) a \\< b\\_c công giai đoạn" in page
    out = tmp_path / "r.html"
    ok(cli("report", "-q", "I", "-o", out, today=Q1_MADE))
    assert "<li># Xây dựng *Kế hoạch* [đầu tư](x) a &lt; b_c công giai đoạn" in out.read_text(encoding="utf-8")


def test_control_characters_recorded_by_hand_never_reach_the_outputs(cli, tmp_path):
    ok(cli("import", HOANG_SON))
    task = json.loads(ok(cli("task", "list", "-f", "json")).output)[0]["id"]
    ok(cli("note", task, "Đã xong \x1b[31mđỏ\x07", today="20/03/2026"))
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    # the control characters go when the note is stored; what is left is data (the bracket escaped in Markdown)
    assert "\x1b" not in page and "\x07" not in page and "Đã xong \\[31mđỏ" in page
    for name in ("r.docx", "r.html"):
        ok(cli("report", "-q", "I", "-o", tmp_path / name, today=Q1_MADE))
    assert "Đã xong [31mđỏ" in "\n".join(_texts(_docx(tmp_path / "r.docx")))
    assert "\x1b" not in (tmp_path / "r.html").read_text(encoding="utf-8")


# -- the plan's own title ------------------------------------------------------------------------


def test_mu_co_s_report_names_the_plan_by_its_own_title(cli):
    ok(cli("import", MU_CO))
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    intro = next(line for line in page.splitlines() if line.startswith("Thực hiện Kế hoạch"))
    assert intro.startswith("Thực hiện Kế hoạch “CÁC NHIỆM VỤ TRỌNG TÂM TRIỂN KHAI THỰC HIỆN CẢI CÁCH HÀNH CHÍNH "
                            "TRONG NĂM 2026” của Ủy ban nhân dân xã Mù Cỏ, Ủy ban nhân dân xã Mù Cỏ báo cáo")
    assert "| **ỦY BAN NHÂN DÂN**<br>**XÃ MÙ CỎ**" in page


def test_hoang_son_s_report_keeps_the_title_s_case(cli):
    ok(cli("import", HOANG_SON))
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=Q1_MADE)).output
    assert ("Thực hiện Kế hoạch “Cải cách hành chính trên địa bàn Xã Hoàng Sơn năm 2026” của UBND xã Hoàng Sơn, "
            "UBND xã Hoàng Sơn báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026") in page


# -- LibreOffice ---------------------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# CI installs LibreOffice and sets CCHC_CI=1: there the test runs (and fails without it), never skipped.
@pytest.mark.skipif(_soffice() is None and not os.environ.get("CCHC_CI"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_lays_the_report_out_on_numbered_pages(worked, tmp_path):
    out = tmp_path / "r.docx"
    ok(worked("report", "-q", "I", "-o", out, today=Q1_MADE))
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a running LibreOffice
    done = subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2  # a report of 54 tasks runs over several pages
