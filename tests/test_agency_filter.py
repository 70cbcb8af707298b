"""`--agency` takes what an officer types: words without accents, any dash or "&", or the initials."""

from __future__ import annotations

import json

import pytest

from cchc.domain.filters import names_agency
from conftest import HOANG_SON

VAN_HOA = "Phòng Văn hóa - Xã hội"


@pytest.mark.parametrize("typed, name", [
    ("vhxh", VAN_HOA), ("VH-XH", "Phòng Văn hoá – Xã hội"), ("Phòng VHXH", VAN_HOA), ("phong vh-xh", VAN_HOA),
    ("van hoa", VAN_HOA), ("VĂN HÓA", "Phòng Văn hoá-Xã hội"), ("TTPVHCC", "Trung tâm Phục vụ hành chính công xã"),
    ("TTPVHCC", "Trung tâm phục vụ HCC"), ("HĐND-UBND", "Văn phòng HĐND&UBND xã"),
    ("hdnd & ubnd", "Văn phòng HĐND-UBND"), ("KT", "Phòng Kinh tế"), ("TCKH", "Phòng Tài chính - Kế hoạch"),
    ("ubnd xa", "UBND xã Hoàng Sơn"), ("CAX", "Công an xã"),
])
def test_what_an_officer_types_names_the_agency(typed, name):
    assert names_agency(typed, name)


@pytest.mark.parametrize("typed, name", [
    ("vhxh", "Văn phòng HĐND&UBND xã"), ("KT", VAN_HOA), ("TTPVHCC", "Trung tâm Cung ứng dịch vụ công"),
    ("", VAN_HOA), ("xh vh", VAN_HOA), ("TCKH", "Phòng Kinh tế"),
])
def test_other_agencies_are_not_named(typed, name):
    assert not names_agency(typed, name)


def test_the_views_find_an_agency_by_its_initials(cli):
    assert cli("import", HOANG_SON).exit_code == 0
    words = json.loads(cli("due", "--quarter", "I", "--agency", "van hoa", "--format", "json", today="2026-01-10").output)
    assert words and {r["lead_agency"] for r in words} == {VAN_HOA}
    for typed in ("vhxh", "VH-XH", "Phòng VHXH"):
        rows = json.loads(cli("due", "--quarter", "I", "--agency", typed, "--format", "json", today="2026-01-10").output)
        assert rows == words, typed
    tasks = json.loads(cli("task", "list", "--agency", "HĐND-UBND", "--format", "json").output)
    assert tasks and all("HĐND" in t["lead_agency"] and "UBND" in t["lead_agency"] for t in tasks)


def test_agency_list_of_several_communes_names_each_agencys_commune(cli):
    """Found on a province's file: two "Phòng Văn hóa - Xã hội" side by side, with nothing to tell whose."""
    from conftest import AN_LAO

    cli.load(HOANG_SON, AN_LAO)
    rows = json.loads(cli("agency", "list", "--format", "json").stdout)
    assert {a["commune"] for a in rows} == {"xã Hoàng Sơn", "xã An Lão"}
    van_hoa = [a["commune"] for a in rows if a["name"] == VAN_HOA]
    assert sorted(van_hoa) == ["xã An Lão", "xã Hoàng Sơn"]
    shown = cli("agency", "list").stdout.splitlines()
    assert shown[0].split()[0] == "Commune"
    assert all(line.startswith(("xã Hoàng Sơn", "xã An Lão")) for line in shown[1:])
    assert [line.startswith("xã An Lão") for line in shown[1:]] == sorted(
        (line.startswith("xã An Lão") for line in shown[1:]), reverse=True)  # one commune's agencies together


def test_agency_list_of_one_commune_has_no_commune_column(cli):
    cli.load(HOANG_SON)
    assert cli("agency", "list").stdout.split()[0] == "ID"
