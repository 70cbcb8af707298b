"""`cchc indicator …`: targets from the plan, values from the portal's counts, attainment."""

from __future__ import annotations

import json
import pytest

from backends import query
from cchc.domain.text import fold
from conftest import HOANG_SON, KY_LAC, THIEN_TAN

pytestmark = pytest.mark.backends

TODAY = "15/05/2026"  # Quý II/2026: Quý I is over


def _json(cli, *args):
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _indicators(cli, *extra) -> list[dict]:
    return _json(cli, "indicator", "list", *extra)


def _by_name(cli, start: str) -> dict:
    """The indicator whose name starts with these words (accents ignored)."""
    found = [i for i in _indicators(cli) if fold(i["name"]).startswith(fold(start))]
    assert len(found) == 1, [i["name"] for i in _indicators(cli)]
    return found[0]


def _count(db, sql: str) -> int:
    return query(db, sql)[0][0]


def _changes(db) -> list[tuple]:
    return query(db, "SELECT entity, field, old, new FROM change ORDER BY id")


def _refused(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def hs(cli):
    return cli.load(HOANG_SON)


@pytest.fixture
def payment(hs) -> str:
    """Hoàng Sơn 2026: "Tỷ lệ giao dịch thanh toán trực tuyến đạt tối thiểu từ 55% trở lên"."""
    ind = _by_name(hs, "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert (ind["comparator"], ind["target"], ind["unit"]) == (">=", 55.0, "%")
    return ind["key"]


@pytest.fixture
def plain(cli):
    """A plan whose own indicators are not used: mechanics on indicators added by hand."""
    cli.load(HOANG_SON)
    assert cli("indicator", "add", "so-hoa", "--name", "Tỷ lệ số hóa hồ sơ", "--target", "95").exit_code == 0
    assert cli("indicator", "add", "sang-kien", "--name", "Số sáng kiến", "--unit", "count", "--target", "3").exit_code == 0
    return cli


# -- recording from the portal's counts --------------------------------------


def test_counts_132_of_240_make_55_percent_and_meet_the_target(hs, payment):
    result = hs("indicator", "record", payment, "--num", "132", "--den", "240", "--period", "2026-Q1", today=TODAY)
    assert result.exit_code == 0, result.output
    assert "55%" in result.stdout and "met" in result.stdout
    ind = _by_name(hs, "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert ind["latest"] == {"value": 55.0, "period": "2026-Q1", "as_of": "2026-03-31"}
    assert ind["met"] is True
    assert ind["values"] == [{"period": "2026-Q1", "as_of": "2026-03-31", "value": 55.0, "numerator": 132.0,
                              "denominator": 240.0, "source": ""}]


@pytest.mark.parametrize("args, says", [
    (["150"], "150 is not a percentage"),
    (["--num", "5", "--den", "0"], "denominator is 0"),
    (["--num", "300", "--den", "240"], "greater than denominator"),
    (["abc"], "'abc' is not a number"),
    (["55", "--period", "2026-Q5"], "'2026-Q5' is not a period"),
    (["55", "--as-of", "31/11/2026"], "--as-of: '31/11/2026'"),
    (["--num", "132"], "both a numerator and a denominator"),
])
def test_bad_values_are_refused_and_nothing_is_written(hs, payment, args, says):
    history = _count(hs.db, "SELECT count(*) FROM change")  # what the import recorded
    line = _refused(hs("indicator", "record", payment, *args, today=TODAY))
    assert says in line
    assert _count(hs.db, "SELECT count(*) FROM indicator_value") == 0
    assert _count(hs.db, "SELECT count(*) FROM change") == history


def test_an_unknown_key_suggests_the_closest(hs, payment):
    line = _refused(hs("indicator", "record", "thanh-toan", "50", today=TODAY))
    assert line == f"cchc: no indicator 'thanh-toan'; did you mean: {payment}?"
    assert _count(hs.db, "SELECT count(*) FROM indicator_value") == 0


@pytest.mark.parametrize("typed, value", [("55,5", 55.5), ("55.5", 55.5), ("55,5%", 55.5), ("100", 100.0), ("0", 0.0)])
def test_values_as_officers_type_them(plain, typed, value):
    assert plain("indicator", "record", "so-hoa", typed, today=TODAY).exit_code == 0
    assert _by_name(plain, "Tỷ lệ số hóa")["latest"]["value"] == value


def test_a_strict_target_is_not_met_at_the_target_itself(hs):
    ind = _by_name(hs, "Tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn")  # "trên 98%"
    assert (ind["comparator"], ind["target"]) == (">", 98.0)
    hs("indicator", "record", ind["key"], "98", "--period", "2026-Q1", today=TODAY)
    ind = _by_name(hs, "Tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn")
    assert ind["met"] is False and ind["gap"] == 0.0


# -- periods -------------------------------------------------------------------


@pytest.mark.parametrize("args, period, as_of", [
    ([], "2026-Q2", "2026-05-15"),  # the quarter of today, read today
    (["--period", "2026-Q1"], "2026-Q1", "2026-03-31"),  # a past quarter: its last day
    (["--period", "Q1/2026"], "2026-Q1", "2026-03-31"),
    (["--period", "2026-4"], "2026-04", "2026-04-30"),
    (["--period", "2026"], "2026", "2026-05-15"),  # the year still runs
    (["--as-of", "20/04/2026"], "2026-04-20", "2026-04-20"),
    (["--period", "2026-Q1", "--as-of", "02/04/2026"], "2026-Q1", "2026-04-02"),
])
def test_period_and_as_of_defaults(plain, args, period, as_of):
    assert plain("indicator", "record", "so-hoa", "90", *args, today=TODAY).exit_code == 0
    assert _by_name(plain, "Tỷ lệ số hóa")["latest"] == {"value": 90.0, "period": period, "as_of": as_of}


def test_recording_the_same_period_again_replaces_the_value_in_history(plain):
    plain("indicator", "record", "so-hoa", "--num", "90", "--den", "100", "--period", "2026-Q1", today=TODAY)
    result = plain("indicator", "record", "so-hoa", "96", "--period", "2026-Q1", "--source", "Cổng DVC", today=TODAY)
    assert "replaces 90%" in result.stdout
    ind = _by_name(plain, "Tỷ lệ số hóa")
    assert [(v["value"], v["numerator"], v["source"]) for v in ind["values"]] == [(96.0, None, "Cổng DVC")]
    changes = [c for c in _changes(plain.db) if c[0] == "indicator_value"]
    assert ("indicator_value", "value", "90.0", "96.0") in changes
    assert ("indicator_value", "numerator", "90.0", None) in changes


def test_undo_restores_a_replaced_value_then_removes_the_first(plain):
    plain("indicator", "record", "so-hoa", "--num", "90", "--den", "100", "--period", "2026-Q1", today=TODAY)
    plain("indicator", "record", "so-hoa", "96", "--period", "2026-Q1", "--as-of", "02/04/2026", today=TODAY)
    assert plain("undo", "--yes").exit_code == 0
    assert _by_name(plain, "Tỷ lệ số hóa")["values"] == [
        {"period": "2026-Q1", "as_of": "2026-03-31", "value": 90.0, "numerator": 90.0, "denominator": 100.0, "source": ""}]
    assert plain("undo", "--yes").exit_code == 0
    assert _by_name(plain, "Tỷ lệ số hóa")["values"] == []


def test_undo_brings_back_a_removed_indicator_with_its_values(plain):
    plain("indicator", "record", "so-hoa", "92", "--period", "2026-Q1", today=TODAY)
    plain("indicator", "record", "so-hoa", "94", "--period", "2026-Q2", today=TODAY)
    before = _by_name(plain, "Tỷ lệ số hóa")
    assert plain("indicator", "remove", "so-hoa", "--force").exit_code == 0
    assert plain("undo", "--yes").exit_code == 0
    assert _by_name(plain, "Tỷ lệ số hóa") == before


def test_undo_of_add_and_edit(plain):
    assert plain("indicator", "edit", "so-hoa", "--target", "90", "--name", "Số hóa").exit_code == 0
    assert plain("undo", "--yes").exit_code == 0
    ind = _by_name(plain, "Tỷ lệ số hóa hồ sơ")
    assert ind["target"] == 95.0
    assert plain("undo", "--yes").exit_code == 0  # the add of sang-kien
    assert "sang-kien" not in [i["key"] for i in _indicators(plain)]


# -- list and show -----------------------------------------------------------


def test_list_shows_target_latest_gap_met_and_trend(hs, payment):
    for period, value in (("2025-Q4", "50"), ("2026-Q1", "52,5"), ("2026-Q2", "56")):
        assert hs("indicator", "record", payment, value, "--period", period, today=TODAY).exit_code == 0
    line = next(ln for ln in hs("indicator", "list", today=TODAY).stdout.splitlines() if ln.startswith(payment + " "))
    assert "≥ 55%" in line and " 56%  " in line and "2026-Q2" in line and "+1%" in line and " met " in line
    assert line.rstrip().endswith("▁▄█")  # 50 → 52.5 → 56 between their minimum and maximum
    ind = _by_name(hs, "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert [v["period"] for v in ind["values"]] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert set(ind) >= {"key", "name", "unit", "comparator", "target", "period", "latest", "met", "values"}


def test_list_unmet_keeps_only_indicators_below_target(plain):
    plain("indicator", "record", "so-hoa", "80", today=TODAY)
    plain("indicator", "record", "sang-kien", "3", today=TODAY)
    unmet = _indicators(plain, "--unmet")
    assert [i["key"] for i in unmet] == ["so-hoa"]
    assert unmet[0]["gap"] == -15.0
    assert "not met" in plain("indicator", "list", "--unmet").stdout


def test_an_indicator_without_values_is_neither_met_nor_unmet(hs, payment):
    ind = _by_name(hs, "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert ind["latest"] is None and ind["met"] is None and ind["values"] == []


def test_show_prints_the_history_and_bars_against_the_target(plain):
    plain("indicator", "record", "so-hoa", "50", "--period", "2026-Q1", today=TODAY)
    plain("indicator", "record", "so-hoa", "100", "--period", "2026-Q2", today=TODAY)
    out = plain("indicator", "show", "so-hoa", today=TODAY).stdout
    assert "Tỷ lệ số hóa hồ sơ" in out and "≥ 95%" in out
    assert "31/03/2026" in out and "15/05/2026" in out
    bars = [ln for ln in out.splitlines() if ln.startswith("2026-Q") and "█" in ln]
    assert bars[0].count("█") == 20 and "│" in bars[0]  # half of 40 columns, target marker at 95%
    assert bars[1].count("█") == 39  # full: the target marker takes the 39th column's place
    shown = _json(plain, "indicator", "show", "so-hoa")
    assert [v["value"] for v in shown["values"]] == [50.0, 100.0] and shown["met"] is True


# -- add, edit, remove ---------------------------------------------------------


def test_add_refuses_a_duplicate_key_and_a_bad_key(plain):
    assert "already exists" in _refused(plain("indicator", "add", "so-hoa", "--target", "90"))
    assert "not a valid key" in _refused(plain("indicator", "add", "Số hóa"))
    assert "not one of" in _refused(plain("indicator", "add", "x", "--target", "5", "--op", "about"))


def test_count_indicators_take_plain_numbers_not_counts(plain):
    assert plain("indicator", "record", "sang-kien", "4", today=TODAY).exit_code == 0
    assert "percentage indicator" in _refused(plain("indicator", "record", "sang-kien", "--num", "1", "--den", "2"))
    ind = _by_name(plain, "Số sáng kiến")
    assert ind["met"] is True and "≥ 3" in plain("indicator", "list").stdout


def test_edit_changes_the_target_and_records_it(plain):
    plain("indicator", "record", "so-hoa", "92", today=TODAY)
    assert plain("indicator", "edit", "so-hoa", "--target", "90", "--op", ">").exit_code == 0
    ind = _by_name(plain, "Tỷ lệ số hóa")
    assert (ind["comparator"], ind["target"], ind["met"]) == (">", 90.0, True)
    assert ("indicator", "target", "95.0", "90.0") in _changes(plain.db)
    assert ("indicator", "comparator", '">="', '">"') in _changes(plain.db)
    assert "nothing to change" in _refused(plain("indicator", "edit", "so-hoa"))


def test_remove_refuses_while_values_exist_unless_forced(plain):
    plain("indicator", "record", "so-hoa", "92", today=TODAY)
    assert "--force" in _refused(plain("indicator", "remove", "so-hoa"))
    assert plain("indicator", "remove", "so-hoa", "--force").exit_code == 0
    assert "so-hoa" not in [i["key"] for i in _indicators(plain)]
    deleted = [c for c in _changes(plain.db) if c[1] == "deleted"]
    assert [c[0] for c in deleted] == ["indicator_value", "indicator"]
    assert json.loads(deleted[1][2])["name"] == "Tỷ lệ số hóa hồ sơ"
    assert plain("indicator", "remove", "sang-kien").exit_code == 0  # no values: no --force needed


def test_keys_are_per_plan(plain):
    assert plain("import", "examples/xa-an-lao-2026.txt").exit_code == 0
    plans = _json(plain, "plan", "list")
    hoang_son = next(p["id"] for p in plans if "Hoàng Sơn" in p["commune"])
    plain("plan", "use", str(hoang_son))
    assert plain("indicator", "add", "so-hoa", "--plan", str(max(p["id"] for p in plans))).exit_code == 0
    assert [i["key"] for i in _indicators(plain, "--plan", "all")].count("so-hoa") == 2
    assert "choose one plan" in _refused(plain("indicator", "record", "so-hoa", "50", "--plan", "all"))


# -- a spreadsheet of values -----------------------------------------------------


def test_import_a_semicolon_csv_with_bom_and_vietnamese_headers(hs, payment, tmp_path):
    csv = tmp_path / "chi-tieu.csv"
    csv.write_text(f"Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Nguồn\n{payment};2026-Q1;;132;240;Cổng DVC\n"
                   f"{payment};Quý II/2026;56,5%;;;\n", encoding="utf-8-sig")
    result = hs("indicator", "import", csv, today=TODAY)
    assert result.exit_code == 0, result.output
    ind = _by_name(hs, "Tỷ lệ giao dịch thanh toán trực tuyến")
    assert [(v["period"], v["value"], v["numerator"], v["source"]) for v in ind["values"]] == [
        ("2026-Q1", 55.0, 132.0, "Cổng DVC"), ("2026-Q2", 56.5, None, "")]


def test_import_reports_every_bad_row_and_writes_nothing(plain, tmp_path):
    csv = tmp_path / "values.csv"
    csv.write_text("key,period,value,source\n"
                   "so-hoa,2026-Q1,90,ok\n"
                   "so-hoa,2026-Q2,150,\n"
                   "sohoa,2026-Q1,50,\n"
                   "so-hoa,2026-Q9,50,\n"
                   "sang-kien,2026,abc,\n"
                   "so-hoa,2026-Q1,\"91,5\",\n", encoding="utf-8")
    result = plain("indicator", "import", csv, today=TODAY)
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert [e.split(":")[2].strip() for e in errors[:-1]] == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert "did you mean: so-hoa" in errors[1]
    assert "already given on line 2" in errors[4]
    assert "nothing was imported" in errors[-1]
    assert _count(plain.db, "SELECT count(*) FROM indicator_value") == 0


def test_import_refuses_a_file_without_a_key_column(plain, tmp_path):
    csv = tmp_path / "values.csv"
    csv.write_text("name,value\nso-hoa,90\n", encoding="utf-8")
    assert "columns must include key" in _refused(plain("indicator", "import", csv))


# -- other plans -------------------------------------------------------------------


def test_ky_lac_online_payment_at_55_percent_is_15_points_short(cli):
    """Kỳ Lạc 2025: "Tỷ lệ thanh toán trực tuyến ... đạt tối thiểu 70%"."""
    assert cli("import", KY_LAC).exit_code == 0
    key = _by_name(cli, "Tỷ lệ thanh toán trực tuyến")["key"]
    assert cli("indicator", "record", key, "--num", "132", "--den", "240", "--period", "2025-Q4",
               today="10/01/2026").exit_code == 0
    ind = _by_name(cli, "Tỷ lệ thanh toán trực tuyến")
    assert (ind["target"], ind["latest"]["value"], ind["met"], ind["gap"]) == (70.0, 55.0, False, -15.0)
    assert ind["latest"]["as_of"] == "2025-12-31"


def test_thien_tan_phase_target_shows_its_years(cli):
    """Thiên Tân 2026–2030, "Giai đoạn 2028-2030: ... thanh toán trực tuyến ... đạt 80%"."""
    assert cli("import", THIEN_TAN).exit_code == 0
    ind = _by_name(cli, "Tỷ lệ thanh toán trực tuyến")
    assert (ind["target"], ind["period"]) == (80.0, "2028-2030")
    line = next(ln for ln in cli("indicator", "list").stdout.splitlines() if ln.startswith(ind["key"] + " "))
    assert "≥ 80% (2028-2030)" in line
