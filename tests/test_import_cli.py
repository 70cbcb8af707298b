"""`cchc import` on the five real plans, through the CLI, into a temporary database."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from backends import fingerprint, query
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN

pytestmark = pytest.mark.backends


def tasks(cli, *args):
    result = cli("task", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def imported(cli, path, *args):
    result = cli("import", str(path), *args)
    assert result.exit_code == 0, result.output
    return result


def test_hoang_son_tasks_per_area(cli):
    imported(cli, HOANG_SON)
    rows = tasks(cli)
    assert len(rows) == 54
    assert Counter(r["area"] for r in rows) == {
        "chi-dao": 6, "the-che": 4, "tthc": 10, "bo-may": 7, "cong-vu": 5, "tai-chinh": 8, "chinh-quyen-so": 14}


def test_an_lao_tasks_per_area(cli):
    imported(cli, AN_LAO)
    rows = tasks(cli)
    assert Counter(r["area"] for r in rows) == {
        "chi-dao": 6, "the-che": 5, "tthc": 7, "bo-may": 4, "cong-vu": 2, "tai-chinh": 2, "chinh-quyen-so": 6}


def test_mu_co_levels_and_parents(cli):
    imported(cli, MU_CO)
    rows = tasks(cli)
    assert Counter(r["level"] for r in rows) == {"objective": 21, "task": 22, "activity": 26}
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        if row["level"] == "activity":
            assert by_id[row["parent"]]["level"] in ("task", "objective")
    # the event deadline of the PAR-index plan needs a date from the officer
    event = [m for r in rows for m in r["milestones"] if m["kind"] == "event"]
    assert event and all(m["due"] is None for m in event)


def test_ky_lac_activities_in_their_areas(cli):
    imported(cli, KY_LAC)
    rows = tasks(cli)
    activities = [r for r in rows if r["level"] == "activity"]
    assert len(activities) >= 38
    assert len({r["area"] for r in activities}) >= 6


def test_thien_tan_five_year_plan(cli):
    imported(cli, THIEN_TAN)
    plans = json.loads(cli("plan", "list", "--format", "json").output)
    assert (plans[0]["year_start"], plans[0]["year_end"]) == (2026, 2030)
    rows = tasks(cli)
    assert len(rows) >= 25
    assert len({r["area"] for r in rows}) >= 6


def test_impossible_date_is_proposed_and_flagged(cli):
    result = imported(cli, HOANG_SON)
    assert "31/11/2026" in result.output  # listed under review
    flagged = [m for r in tasks(cli) for m in r["milestones"] if m["due"] == "2026-11-30" and m["needs_review"]]
    assert len(flagged) == 1
    assert "31/11/2026" in flagged[0]["review_reason"]


def test_compound_deadline_gives_labelled_milestones(cli):
    imported(cli, HOANG_SON)
    rows = [r for r in tasks(cli) if "Kế hoạch kiểm tra: quý I/2026" in r["deadline_text"]]
    assert rows
    labels = {(m["label"], m["due"]) for m in rows[0]["milestones"]}
    assert ("Kế hoạch kiểm tra", "2026-03-31") in labels
    assert ("Báo cáo kết quả thực hiện", "2026-11-30") in labels


def test_each_commune_has_its_own_agencies_and_plans_of_one_commune_share_them(cli, tmp_path):
    """Issue 16: agencies are per owner. Hoàng Sơn's and An Lão's "Phòng Văn hóa - Xã hội" are two
    agencies; an amended or later plan of Hoàng Sơn uses Hoàng Sơn's, however it spells it."""
    imported(cli, HOANG_SON)
    imported(cli, AN_LAO)
    agencies = json.loads(cli("agency", "list", "--format", "json").output)
    van_hoa = [a for a in agencies if a["name"] == "Phòng Văn hóa - Xã hội"]
    assert len(van_hoa) == 2 and len({a["owner_id"] for a in van_hoa}) == 2
    plans_led = {r["plan"] for r in tasks(cli, "--plan", "all") if r["lead_agency"] == "Phòng Văn hóa - Xã hội"}
    assert len(plans_led) == 2
    owner = {p["commune"]: p["owner_id"] for p in json.loads(cli("plan", "list", "--format", "json").output)}
    hoang_son = next(a for a in van_hoa if a["owner_id"] == owner["xã Hoàng Sơn"])
    next_year = tmp_path / "xa-hoang-son-2027.txt"
    next_year.write_text(HOANG_SON.read_text(encoding="utf-8").replace("2026", "2027")
                         .replace("Phòng Văn hóa – Xã hội", "Phòng VHXH"), encoding="utf-8")
    imported(cli, next_year)
    after = json.loads(cli("agency", "list", "--format", "json").output)
    assert len([a for a in after if a["name"] == "Phòng Văn hóa - Xã hội"]) == 2  # no third one
    shared = next(a for a in after if a["id"] == hoang_son["id"])
    assert "Phòng VHXH" in shared["aliases"] and shared["tasks_led"] > hoang_son["tasks_led"]


def test_groups_are_not_merged_into_one_agency(cli):
    imported(cli, HOANG_SON)
    agencies = json.loads(cli("agency", "list", "--format", "json").output)
    groups = {a["name"] for a in agencies if a["is_group"]}
    assert "Các phòng chuyên môn" in groups
    assert not any(a["name"] == "Các phòng chuyên môn" and not a["is_group"] for a in agencies)


def test_reimport_changes_nothing(cli, db):
    imported(cli, AN_LAO)
    before = fingerprint(db)
    again = imported(cli, AN_LAO)
    assert "nothing changed" in again.output
    assert fingerprint(db) == before


def test_dry_run_writes_nothing(cli, db):
    cli("db", "init")
    before = fingerprint(db)
    result = imported(cli, HOANG_SON, "--dry-run")
    assert "54" in result.output
    assert fingerprint(db) == before
    assert cli("plan", "list", "--format", "json").output.strip() == "[]"


def test_failing_import_leaves_database_byte_for_byte(cli, db, tmp_path):
    imported(cli, AN_LAO)
    before = fingerprint(db)
    empty = tmp_path / "letter.txt"
    empty.write_text("Kính gửi: UBND xã\nNội dung công văn không có bảng nhiệm vụ.\n", encoding="utf-8")
    result = cli("import", str(empty))
    assert result.exit_code == 2
    assert "letter.txt" in result.output and "no task table" in result.output
    assert fingerprint(db) == before


@pytest.mark.parametrize("data, message", [
    (b"K\xd5 ho\xb9ch c\xb6i c\xb8ch h\xb5nh ch\xddnh n\xa8m 2026\n", "TCVN3"),
    (b"\x00\x01\x02binary", ""),
])
def test_unreadable_encodings_are_refused(cli, tmp_path, data, message):
    path = tmp_path / "old.txt"
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_file_and_unknown_type(cli, tmp_path):
    assert cli("import", str(tmp_path / "nope.txt")).exit_code == 2
    odd = tmp_path / "plan.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = cli("import", str(odd))
    assert result.exit_code == 2 and ".pdf" in result.output


def test_amended_plan_keeps_status_and_reports_the_diff(cli, tmp_path):
    imported(cli, AN_LAO)
    rows = tasks(cli)
    first, dropped_row = rows[0], rows[-1]
    assert cli("--today", "2026-01-12", "task", "show", str(first["id"])).exit_code == 0
    _set_status(cli, first["id"], "in_progress")
    text = AN_LAO.read_text(encoding="utf-8")
    lines = text.splitlines()
    vanished = next(i for i, line in enumerate(lines) if line.startswith(dropped_row["ref"].rstrip(".") + "\t")
                    and dropped_row["text"][:30] in line)
    del lines[vanished]
    amended = tmp_path / "an-lao-amended.txt"
    amended.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = imported(cli, amended)
    assert "updated plan" in result.output
    assert f"- {dropped_row['area']} {dropped_row['ref']}" in result.output
    after = tasks(cli)
    assert len(after) == len(rows) - 1
    kept = next(r for r in after if r["id"] == first["id"])
    assert kept["status"] == "in_progress"
    assert len(json.loads(cli("plan", "list", "--format", "json").output)) == 1


def _set_status(cli, task_id, status):
    """Set a status straight in the database (the tracking commands have their own tests)."""
    query(cli.db, "UPDATE task SET status = ? WHERE id = ?", (status, task_id))


def test_plan_list_json_fields(cli):
    imported(cli, HOANG_SON)
    plans = json.loads(cli("plan", "list", "--format", "json").output)
    assert set(plans[0]) >= {"id", "title", "commune", "number", "year_start", "year_end", "tasks"}
    assert plans[0]["tasks"] == 54
    assert "Hoàng Sơn" in plans[0]["commune"]


def test_task_list_json_fields_and_filters(cli):
    imported(cli, HOANG_SON)
    rows = tasks(cli)
    assert set(rows[0]) == {"id", "plan", "area", "ref", "level", "parent", "text", "product", "lead_agency",
                            "cooperating_agencies", "deadline_text", "status", "milestones"}
    assert set(rows[0]["milestones"][0]) == {"id", "label", "kind", "due", "start", "needs_review",
                                             "review_reason", "done_on", "on_time", "evidence"}
    assert len(tasks(cli, "--area", "the-che")) == 4
    assert all("Văn hóa" in r["lead_agency"] for r in tasks(cli, "--agency", "van hoa"))
    assert tasks(cli, "--search", "ISO 9001")  # accents and case ignored
    assert tasks(cli, "--search", "so hoa ho so") == tasks(cli, "--search", "SỐ HÓA HỒ SƠ")


def test_agency_merge(cli):
    imported(cli, HOANG_SON)
    agencies = json.loads(cli("agency", "list", "--format", "json").output)
    kinh_te = next(a for a in agencies if a["name"] == "Phòng Kinh tế")
    other = next(a for a in agencies if not a["is_group"] and a["id"] != kinh_te["id"] and a["tasks_led"])
    result = cli("agency", "merge", other["name"], "Phòng Kinh tế")
    assert result.exit_code == 0, result.output
    after = json.loads(cli("agency", "list", "--format", "json").output)
    merged = next(a for a in after if a["name"] == "Phòng Kinh tế")
    assert merged["tasks_led"] == kinh_te["tasks_led"] + other["tasks_led"]
    assert cli("agency", "merge", "Không có", "Phòng Kinh tế").exit_code == 2


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_refused_or_dry_run_import_on_a_new_path_leaves_no_database(tmp_path, dry_run):
    from conftest import Cli

    bad = tmp_path / "cong-van.txt"
    bad.write_text("Kính gửi các phòng chuyên môn.\nĐề nghị báo cáo.\n", encoding="utf-8")
    db = tmp_path / "new.db"
    cli = Cli(db)
    assert cli("import", bad).exit_code == 2
    good = cli("import", HOANG_SON, "--dry-run") if dry_run else None
    assert good is None or good.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cong-van.txt"]
    assert cli("import", HOANG_SON).exit_code == 0 and db.exists()  # a real import keeps it
