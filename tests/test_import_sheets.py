"""`cchc import plan.xlsx|plan.csv` and `cchc template`.

An imported plan written out with the columns of cchc/domain/sheet_columns.py (the
way `cchc export xlsx|csv` will) imports into a fresh database as the same
tasks; an officer's own task list, laid out like the Word appendix, imports
like the text export.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cchc.domain import sheet_columns as sc
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN, Cli

FIELDS = ("area", "ref", "level", "text", "product", "lead_agency", "cooperating_agencies", "deadline_text")


# -- helpers ---------------------------------------------------------------------


def listed(cli, *what: str) -> list[dict]:
    result = cli(*what, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def imported(cli, path: Path, *args: str):
    result = cli("import", str(path), *args)
    assert result.exit_code == 0, result.output
    return result


def comparable(rows: list[dict]) -> list[dict]:
    refs = {r["id"]: r["ref"] for r in rows}
    return [{**{k: r[k] for k in FIELDS}, "parent": refs.get(r["parent"])} for r in rows]


def sheet_rows(cli) -> tuple[list[list[str]], list[list[str]]]:
    """(title block, task rows) of the current plan, in the columns of sheet_columns."""
    plan = listed(cli, "plan", "list")[0]
    rows = listed(cli, "task", "list")
    refs = {r["id"]: r["ref"] for r in rows}
    values = lambda r: {  # noqa: E731
        "area": r["area"], "ref": r["ref"], "level": sc.LEVELS[r["level"]], "parent": refs.get(r["parent"], ""),
        "text": r["text"], "product": r["product"], "lead": r["lead_agency"] or "",
        "cooperating": "; ".join(r["cooperating_agencies"]), "deadline": r["deadline_text"],
        "status": sc.STATUS_NAMES[r["status"]] if r["status"] != "not_started" else ""}
    title = sc.title_rows(plan["title"], plan["commune"], plan["year_start"], plan["year_end"], plan["number"])
    return title, [[values(r).get(c.key, "") for c in sc.COLUMNS] for r in rows]


def export_xlsx(cli, path: Path) -> None:
    """What `cchc export xlsx` will write: the title block, an empty row, the header, one row per task."""
    title, rows = sheet_rows(cli)
    book = Workbook()
    sheet = book.active
    for row in title + [[], sc.HEADERS] + rows:
        sheet.append(row)
    book.save(path)


def export_csv(cli, path: Path, delimiter: str, bom: bool) -> None:
    title, rows = sheet_rows(cli)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(title + [sc.HEADERS] + rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def plan_of(cli) -> tuple:
    plan = listed(cli, "plan", "list")[0]
    return plan["title"], plan["commune"], plan["number"], plan["year_start"], plan["year_end"]


# -- the cchc format: export, then import into a fresh database ---------------------


@pytest.mark.parametrize("example", [AN_LAO, HOANG_SON, MU_CO, KY_LAC, THIEN_TAN], ids=lambda p: p.stem)
def test_exported_xlsx_imports_as_the_same_plan(cli, tmp_path, example):
    imported(cli, example)
    path = tmp_path / "ke-hoach.xlsx"
    export_xlsx(cli, path)
    fresh = Cli(tmp_path / "fresh.db")
    imported(fresh, path)
    assert comparable(listed(fresh, "task", "list")) == comparable(listed(cli, "task", "list"))
    assert plan_of(fresh) == plan_of(cli)


def test_mu_co_hierarchy_survives_the_sheet(cli, tmp_path):
    imported(cli, MU_CO)
    path = tmp_path / "ke-hoach.xlsx"
    export_xlsx(cli, path)
    fresh = Cli(tmp_path / "fresh.db")
    imported(fresh, path)
    rows = listed(fresh, "task", "list")
    assert Counter(r["level"] for r in rows) == {"objective": 21, "task": 22, "activity": 26}
    ids = {r["id"]: r for r in rows}
    the_che = [r["ref"] for r in rows if r["area"] == "the-che" and r["parent"]
               and ids[r["parent"]]["ref"] == "Nhiệm vụ 3"]
    assert the_che == ["Hoạt động 4", "Hoạt động 5", "Hoạt động 6"]


@pytest.mark.parametrize("delimiter, bom", [(";", True), (",", False)])
def test_exported_csv_imports_as_the_same_plan(cli, tmp_path, delimiter, bom):
    imported(cli, HOANG_SON)
    path = tmp_path / "ke-hoach.csv"
    export_csv(cli, path, delimiter, bom)
    fresh = Cli(tmp_path / "fresh.db")
    imported(fresh, path)
    rows = listed(fresh, "task", "list")
    assert comparable(rows) == comparable(listed(cli, "task", "list"))
    compound = next(r for r in rows if r["area"] == "chi-dao" and r["ref"] == "6.")
    assert [(m["label"], m["due"]) for m in compound["milestones"]] == [
        ("Kế hoạch kiểm tra", "2026-03-31"), ("Báo cáo kết quả thực hiện", "2026-11-30")]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_cchc_export_reimports_as_the_same_plan(cli, tmp_path, kind):
    imported(cli, MU_CO)
    path = tmp_path / f"ke-hoach.{kind}"
    assert cli("export", kind, "-o", str(path)).exit_code == 0
    fresh = Cli(tmp_path / "fresh.db")
    report = json.loads(imported(fresh, path, "--format", "json").output)[0]
    assert comparable(listed(fresh, "task", "list")) == comparable(listed(cli, "task", "list"))
    assert plan_of(fresh) == plan_of(cli)
    assert not any("progress" in r["reason"] for r in report["review"])  # "Chưa thực hiện" is no progress


def test_progress_columns_are_read_but_not_applied(cli, tmp_path):
    imported(cli, AN_LAO)
    first = listed(cli, "task", "list")[0]["id"]
    assert cli("done", str(first), "--on", "10/01/2026").exit_code == 0
    path = tmp_path / "ke-hoach.xlsx"
    export_xlsx(cli, path)
    fresh = Cli(tmp_path / "fresh.db")
    report = json.loads(imported(fresh, path, "--format", "json").output)[0]
    assert {r["status"] for r in listed(fresh, "task", "list")} == {"not_started"}
    assert any("progress" in r["reason"] for r in report["review"])


# -- an officer's own sheet --------------------------------------------------------------


def an_lao_rows() -> list[list[str]]:
    """The appendix of the An Lão text export, row for row (headers repeated, sections one cell)."""
    rows = []
    for line in AN_LAO.read_text(encoding="utf-8").split("\n")[270:]:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif re.match(r"[IVX]+\. ", line):
            rows.append([line])
    return rows


def test_officers_sheet_laid_out_like_the_appendix(cli, tmp_path):
    book = Workbook()
    sheet = book.active
    for cells in an_lao_rows():
        sheet.append(cells)
        if len([c for c in cells if c.strip()]) == 1 and not cells[0].isdigit() and cells[0] != "":
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
    path = tmp_path / "xa-an-lao-2026.xlsx"
    book.save(path)
    report = json.loads(imported(cli, path, "--format", "json").output)[0]
    assert (report["commune"], report["period"]) == ("xã An Lao", "2026")  # from the file name, said so
    assert any("file name" in r["reason"] for r in report["review"])
    text = Cli(tmp_path / "text.db")
    imported(text, AN_LAO)
    assert comparable(listed(cli, "task", "list")) == comparable(listed(text, "task", "list"))


def test_english_headers_without_accents_and_an_area_column(cli, tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("Area,Ref,Noi dung,Lead agency,Deadline,Notes\n"
                    "tthc,1,Cập nhật TTHC,Trung tâm Phục vụ hành chính công,Quý I/2026,\n"
                    "chinh-quyen-so,2,Số hóa hồ sơ,Phòng Văn hóa - Xã hội,Tháng 10/2026,x\n", encoding="utf-8")
    imported(cli, path, "--year", "2026", "--commune", "xã An Lão")
    rows = listed(cli, "task", "list")
    assert [(r["area"], r["ref"], r["lead_agency"], r["milestones"][0]["due"]) for r in rows] == [
        ("tthc", "1", "Trung tâm Phục vụ hành chính công", "2026-03-31"),
        ("chinh-quyen-so", "2", "Phòng Văn hóa - Xã hội", "2026-10-31")]


def test_sheet_without_a_year_needs_one(cli, tmp_path):
    path = tmp_path / "danh-sach.csv"
    path.write_text("TT;Nội dung;Cơ quan chủ trì;Thời gian hoàn thành\nII. Cải cách thể chế\n"
                    "1;Rà soát văn bản;Văn phòng HĐND và UBND xã;Quý II\n", encoding="utf-8-sig")
    result = cli("import", str(path))
    assert result.exit_code == 2 and "--year" in result.output
    imported(cli, path, "--year", "2026", "--commune", "xã An Lão")  # nor its commune
    rows = listed(cli, "task", "list")
    assert [(r["area"], r["text"], r["milestones"][0]["due"]) for r in rows] == [
        ("the-che", "Rà soát văn bản", "2026-06-30")]


# -- template --------------------------------------------------------------------------


def test_xlsx_template_opens_and_imports_once_filled(cli, tmp_path):
    path = tmp_path / "mau.xlsx"
    result = cli("template", "--format", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames == ["Kế hoạch", "Hướng dẫn"]
    sheet = book["Kế hoạch"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Lĩnh vực")
    assert list(header) == sc.HEADERS
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert {"chi-dao", "the-che", "tthc", "bo-may", "cong-vu", "tai-chinh", "chinh-quyen-so"} <= set(guide)
    sheet["B2"], sheet["B3"] = "An Lão", "2026"  # Xã / Commune, Năm / Year
    book.save(path)
    imported(cli, path)
    rows = listed(cli, "task", "list")
    assert [len(r["milestones"]) for r in rows] == [1, 2]
    assert [(m["label"], m["due"]) for m in rows[1]["milestones"]] == [
        ("Kế hoạch kiểm tra", "2026-03-31"), ("Báo cáo kết quả", "2026-11-30")]
    assert plan_of(cli)[1:4] == ("xã An Lão", "", 2026)


def test_csv_template_is_header_then_examples(cli, tmp_path):
    path = tmp_path / "mau.csv"
    assert cli("template", "--format", "csv", "-o", str(path)).exit_code == 0
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == sc.HEADERS and len(rows) == 3
    assert cli("import", str(path)).exit_code == 2  # no year anywhere
    imported(cli, path, "--year", "2026", "--commune", "xã An Lão")
    assert len(listed(cli, "task", "list")) == 2


def test_template_does_not_overwrite(cli, tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_text("the officer's filled sheet")
    result = cli("template", "-o", str(path))
    assert result.exit_code == 2 and "--force" in result.output
    assert path.read_text() == "the officer's filled sheet"
    assert cli("template", "-o", str(path), "--force").exit_code == 0
    assert cli("template", "--format", "csv", "-o", str(tmp_path / "mau.xlsx"), "--force").exit_code == 2


# -- refusals --------------------------------------------------------------------------


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    return out.getvalue()


def crowded() -> bytes:
    """A workbook holding more files than any plan's (10,001 empty ones)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(10_001):
            archive.writestr(f"xl/media/{n}.bin", b"")
    return out.getvalue()


def workbook(*rows: list[str]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def no_deadline_sheet() -> bytes:
    return workbook(["TT", "Nội dung", "Sản phẩm", "Cơ quan chủ trì"], ["1", "Ban hành Kế hoạch", "Kế hoạch", "UBND xã"])


@pytest.mark.parametrize("name, data, message", [
    ("ke-hoach-2026.xlsx", no_deadline_sheet(), "lacks the columns Thời gian hoàn thành (Deadline)"),
    ("ke-hoach-2026.csv", "TT,Cơ quan chủ trì,Thời gian hoàn thành\n1,UBND xã,Quý I/2026\n".encode(), "no header row"),
    ("ke-hoach-2026.csv", "Nội dung,Ghi chú\nBan hành,\n".encode(), "no header row"),
    ("ke-hoach-2026.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .xlsx"),
    ("ke-hoach-2026.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected"),
    ("ke-hoach-2026.xlsx", no_deadline_sheet()[:2000], "damaged"),
    ("ke-hoach-2026.xlsx", bomb(), "zip bomb"),
    ("ke-hoach-2026.xlsx", crowded(), "holds 10002 files inside (the limit is 10000)"),
    ("ke-hoach-2026.csv", "TT,Nội dung\n".encode("utf-16"), "not UTF-8"),
    ("ke-hoach-2026.ods", b"PK\x03\x04", "unsupported file type"),
])
def test_bad_sheets_are_refused(cli, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not Path(str(cli.db)).exists()  # nothing written, not even an empty database


# A sheet without a lead column, in the cchc format (Cấp) and as an officer's own table.
NO_LEAD_SHEETS = {
    "cchc": [["Lĩnh vực", "TT", "Cấp", "Cha", "Nội dung", "Sản phẩm", "Thời gian hoàn thành"],
             ["the-che", "1", "Nhiệm vụ", "", "Rà soát văn bản QPPL", "Báo cáo", "Quý I/2026"],
             ["the-che", "1.1", "Hoạt động", "1", "Lập danh mục văn bản", "Danh mục", "Tháng 2/2026"]],
    "officer": [["TT", "Nội dung công việc", "Kết quả", "Thời hạn", "Ghi chú"],
                ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],
                ["1", "Rà soát văn bản QPPL", "Báo cáo", "Quý I/2026", ""],
                ["2", "Lập danh mục văn bản", "Danh mục", "Tháng 2/2026", ""]],
}


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("layout", list(NO_LEAD_SHEETS))
def test_a_sheet_without_a_lead_column_imports_says_so_first_and_flags_every_task(cli, tmp_path, layout, suffix):
    rows = NO_LEAD_SHEETS[layout]
    path = tmp_path / f"ke-hoach-2026.{suffix}"
    if suffix == "xlsx":
        path.write_bytes(workbook(*rows))
    else:
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    result = imported(cli, path, "--commune", "xã An Lão")
    assert "no lead-agency column" in result.output.splitlines()[0]
    got = listed(cli, "task", "list")
    assert [(r["area"], r["text"], r["deadline_text"], r["lead_agency"]) for r in got] == [
        ("the-che", "Rà soát văn bản QPPL", "Quý I/2026", None), ("the-che", "Lập danh mục văn bản", "Tháng 2/2026", None)]
    assert all(m["needs_review"] and "no lead agency" in m["review_reason"] for r in got for m in r["milestones"])


def test_readme_explains_every_column():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for column in sc.COLUMNS:
        assert f"| {column.vi}" in readme and f"| {column.en} |" in readme


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_text_after_the_last_column_read_is_named_not_lost_silently(cli, tmp_path, suffix):
    """Found reading the limits: a sheet's cells after column 64 were dropped without a word."""
    cli.load(HOANG_SON)
    title, rows = sheet_rows(cli)
    far = 70  # a note typed far to the right of two task rows
    for row in rows[3:5]:
        row += [""] * (far - len(row)) + ["ghi chú bên lề"]
    fresh = Cli(tmp_path / "fresh.db")
    path = tmp_path / f"plan{suffix}"
    if suffix == ".xlsx":
        book = Workbook()
        for row in title + [[], sc.HEADERS] + rows:
            book.active.append(row)
        book.save(path)
    else:
        out = io.StringIO()
        csv.writer(out).writerows(title + [sc.HEADERS] + rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    result = imported(fresh, path)
    assert "2 rows have text after column 64, which is not read" in result.output
    assert len(listed(fresh, "task", "list")) == len(rows)
