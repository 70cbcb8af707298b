"""`cchc export json|csv|xlsx`: a plan's data out, and back in with `cchc import`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cchc.cli import app
from conftest import HOANG_SON, KY_LAC

pytestmark = pytest.mark.backends

TODAY = "15/04/2026"
EVIDENCE = "Quyết định số 15/QĐ-UBND ngày 20/03/2026"
FORMULA = "=HYPERLINK(\"http://example.com\",\"bấm vào\")"
# Thể chế 1 of Hoàng Sơn, as written in its deadline cell
THE_CHE_1_DEADLINE = ("- Kế hoạch kiểm tra, rà soát văn bản QPPL: chậm nhất trong Quý I/2026. - Báo cáo kết quả rà "
                      "soát: thực hiện theo quy định về công tác thống kê, báo cáo của tỉnh.")


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _ids(cli) -> dict:
    return {(t["area"], t["ref"].rstrip(".")): t["id"] for t in _json(cli("task", "list", "-f", "json"))}


@pytest.fixture
def hoang_son(cli):
    cli.load(HOANG_SON)
    ids = _ids(cli)
    assert cli("done", ids[("tai-chinh", "1")], "--on", "20/03/2026", "-e", EVIDENCE, today=TODAY).exit_code == 0
    assert cli("evidence", ids[("the-che", "3")], FORMULA, today=TODAY).exit_code == 0
    assert cli("indicator", "record", "ty-le-giao-dich-thanh-toan", "--num", "132", "--den", "240", "--period",
               "2026-Q1", "--as-of", "31/03/2026", "--source", "Cổng DVC", today=TODAY).exit_code == 0
    return cli


def _fresh(tmp_path, name: str):
    runner = CliRunner()
    db = tmp_path / name

    def run(*args):
        return runner.invoke(app, ["--db", str(db), *map(str, args)], catch_exceptions=False)
    return run


def _plan_items(run) -> list[tuple]:
    tasks = _json(run("task", "list", "--format", "json"))
    refs = {t["id"]: t["ref"] for t in tasks}
    return [(t["area"], t["ref"], t["level"], refs.get(t["parent"]), t["text"], t["product"], t["lead_agency"],
             t["cooperating_agencies"], t["deadline_text"]) for t in tasks]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exported_plan_imports_again(hoang_son, tmp_path, fmt):
    out = tmp_path / f"xa-hoang-son.{fmt}"
    result = hoang_son("export", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert "54 tasks" in result.output
    fresh = _fresh(tmp_path, f"fresh-{fmt}.db")
    imported = fresh("import", out)
    assert imported.exit_code == 0, imported.output
    assert _plan_items(fresh) == _plan_items(hoang_son)
    items = _plan_items(fresh)
    assert len(items) == 54 and items[0][8] == THE_CHE_1_DEADLINE
    plan = _json(fresh("plan", "list", "--format", "json"))[0]
    assert (plan["commune"], plan["year_start"], plan["year_end"]) == ("xã Hoàng Sơn", 2026, 2026)
    assert plan["title"] == "Cải cách hành chính trên địa bàn Xã Hoàng Sơn năm 2026"


def test_hierarchical_plan_round_trip(cli, tmp_path):
    assert cli("import", KY_LAC).exit_code == 0
    out = tmp_path / "ky-lac.xlsx"
    assert cli("export", "xlsx", "-o", out).exit_code == 0
    fresh = _fresh(tmp_path, "fresh.db")
    assert fresh("import", out).exit_code == 0
    items = _plan_items(fresh)
    assert items == _plan_items(cli)
    assert {level for _a, _r, level, *_rest in items} == {"objective", "task", "activity"}
    assert all(parent is not None for _a, _r, level, parent, *_rest in items if level == "activity")


def _csv_cells(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_no_cell_a_spreadsheet_would_evaluate(hoang_son, tmp_path):
    out = tmp_path / "plan.csv"
    assert hoang_son("export", "csv", "-o", out).exit_code == 0
    rows = _csv_cells(out)
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    guarded = [c for c in cells if c.startswith("\u200b")]
    # the deadline of thể chế 1 ("- Kế hoạch…") and the evidence typed as a formula, at least
    assert "\u200b" + THE_CHE_1_DEADLINE in guarded and "\u200b" + FORMULA in guarded
    header = rows.index(next(r for r in rows if r[:2] == ["Lĩnh vực", "TT"]))
    assert rows[header] == ["Lĩnh vực", "TT", "Cấp", "Cha", "Nội dung", "Sản phẩm", "Cơ quan chủ trì",
                            "Cơ quan phối hợp", "Thời gian hoàn thành", "Kinh phí", "Trạng thái", "Ngày hoàn thành",
                            "Tài liệu kiểm chứng"]
    tai_chinh_1 = next(r for r in rows[header:] if r[:2] == ["tai-chinh", "1."])
    assert tai_chinh_1[10:] == ["Hoàn thành", "20/03/2026", EVIDENCE]


def test_semicolon_csv(hoang_son, tmp_path):
    out = tmp_path / "plan.csv"
    assert hoang_son("export", "csv", "-o", out, "--delimiter", ";").exit_code == 0
    assert "Lĩnh vực;TT;Cấp" in out.read_bytes().decode("utf-8-sig")
    assert hoang_son("export", "csv", "-o", out, "--delimiter", "|").exit_code == 2


def test_xlsx_cells_are_text_never_formulas(hoang_son, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert hoang_son("export", "xlsx", "-o", out).exit_code == 0
    book = load_workbook(out)  # formulas would load as formulas here, not values
    assert book.sheetnames == ["Kế hoạch", "Mốc thời gian", "Chỉ tiêu"]
    cells = [c for row in book["Kế hoạch"].iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    deadline = next(c for c in cells if c.value == THE_CHE_1_DEADLINE)  # unchanged: nothing added
    evidence = next(c for c in cells if c.value == FORMULA)
    assert deadline.data_type == evidence.data_type == "s"
    assert deadline.quotePrefix and evidence.quotePrefix  # Excel keeps them text when edited


def test_xlsx_indicator_sheet(hoang_son, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert hoang_son("export", "xlsx", "-o", out).exit_code == 0
    rows = list(load_workbook(out)["Chỉ tiêu"].iter_rows(values_only=True))
    assert rows[0] == ("Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu đề ra", "Kỳ", "Ngày", "Giá trị",
                       "Tử số", "Mẫu số", "Nguồn", "Đánh giá")
    payments = next(r for r in rows if r[0] == "ty-le-giao-dich-thanh-toan")
    # 132 of 240 online payments = 55%, target ≥ 55% (Hoàng Sơn 2026)
    assert payments[3:] == ("≥ 55%", "2026-Q1", "31/03/2026", 55.0, 132.0, 240.0, "Cổng DVC", "Đạt")
    # the five indicators of the plan, one row each (only one has a value)
    assert len(rows) == 1 + 5


def test_xlsx_milestone_sheet_has_every_milestone_with_its_task_id(hoang_son, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert hoang_son("export", "xlsx", "-o", out).exit_code == 0
    rows = list(load_workbook(out)["Mốc thời gian"].iter_rows(values_only=True))
    assert rows[0][:5] == ("ID", "Lĩnh vực", "TT", "Công việc", "Mốc số")
    tasks = json.loads(hoang_son("task", "list", "--format", "json").output)
    expected = [(t["id"], n, m["due"], m["done_on"]) for t in tasks for n, m in enumerate(t["milestones"], 1)]
    day = lambda iso: f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else None  # noqa: E731
    assert [(r[0], r[4], r[7], r[8]) for r in rows[1:]] == [(i, n, day(d), day(o)) for i, n, d, o in expected]
    done = next(r for r in rows[1:] if r[1] == "tai-chinh" and r[2] == "1.")
    assert done[8:11] == ("20/03/2026", "đúng hạn", EVIDENCE)
    assert hoang_son("import", out).exit_code == 0  # the export still imports: the extra sheet is not read as a plan


def test_json_export(hoang_son, tmp_path):
    out = tmp_path / "plan.json"
    assert hoang_son("export", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"plan", "tasks", "indicators"}
    assert data["plan"]["commune"] == "xã Hoàng Sơn" and len(data["tasks"]) == 54
    tai_chinh_1 = next(t for t in data["tasks"] if (t["area"], t["ref"]) == ("tai-chinh", "1."))
    assert tai_chinh_1["status"] == "done"
    assert [(m["kind"], m["due"], m["done_on"], m["on_time"]) for m in tai_chinh_1["milestones"]] == [
        ("quarter", "2026-03-31", "2026-03-20", True)]
    assert [e["text"] for e in tai_chinh_1["evidence"]] == [EVIDENCE]
    payments = next(i for i in data["indicators"] if i["key"] == "ty-le-giao-dich-thanh-toan")
    assert [(v["period"], v["value"], v["met"]) for v in payments["values"]] == [("2026-Q1", 55.0, True)]


def test_export_errors(hoang_son, tmp_path):
    assert hoang_son("export", "json", "-o", tmp_path / "a.json", "--plan", "all").exit_code == 2
    assert hoang_son("export", "xlsx", "-o", tmp_path / "a.xlsx", "--plan", "7").exit_code == 2
    missing = tmp_path / "no-such-folder" / "a.csv"
    assert hoang_son("export", "csv", "-o", missing).exit_code == 2 and not missing.exists()
