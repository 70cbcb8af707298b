"""The plan's own signature block: read from the document, the default signer of its reports."""

from __future__ import annotations

import json

import pytest

from cchc.importers.signature import find_signer
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, THIEN_TAN

DEPUTY = {"signer.behalf": "TM. ỦY BAN NHÂN DÂN", "signer.title": "KT. CHỦ TỊCH", "signer.subtitle": "PHÓ CHỦ TỊCH"}


@pytest.mark.parametrize("plan, expected", [
    (HOANG_SON, {**DEPUTY, "signer.name": "Lê Hùng Tuyên"}),
    (THIEN_TAN, {**DEPUTY, "signer.name": "Tô Văn Quyền"}),
    # Kỳ Lạc's name stands after a long signing space of blank lines
    (KY_LAC, {"signer.behalf": "TM. ỦY BAN NHÂN DÂN", "signer.title": "CHỦ TỊCH", "signer.name": "Nguyễn Anh Ngọc"}),
    # An Lão's plan comes with its decision: the decision's signature is the committee's
    (AN_LAO, {"signer.title": "CHỦ TỊCH", "signer.name": "Đinh Thành Đồng"}),
    (MU_CO, {}),  # an appendix alone: no signature
])
def test_signature_of_the_seeds(plan, expected):
    assert find_signer(plan.read_text(encoding="utf-8").splitlines()) == expected


@pytest.mark.parametrize("lines, expected", [
    # PDF text: the whole block on one line, then "(Đã ký)" in the signing space
    (["Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "", "(Đã ký)", "", "Nguyễn Văn An"],
     {**DEPUTY, "signer.name": "Nguyễn Văn An"}),
    # a department's plan: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, Markdown bold
    (["**Nơi nhận:**", "- Lưu: VT.", "**KT. GIÁM ĐỐC**", "**PHÓ GIÁM ĐỐC**", "", "", "**Trần Thị Bình**"],
     {"signer.title": "KT. GIÁM ĐỐC", "signer.subtitle": "PHÓ GIÁM ĐỐC", "signer.name": "Trần Thị Bình"}),
    # signed but the name left out: the titles only
    (["Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Phụ lục"],
     {"signer.behalf": "TM. ỦY BAN NHÂN DÂN", "signer.title": "CHỦ TỊCH"}),
    # capitals in the body ("CÔNG TÁC CHỈ ĐẠO") are not a signature
    (["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "Nội dung"], {}),
])
def test_signature_in_other_layouts(lines, expected):
    assert find_signer(lines) == expected


def _settings(cli) -> dict:
    return {row["key"]: row for row in json.loads(cli("config", "list", "--format", "json").stdout)}


def test_import_makes_the_plan_signer_the_default_and_keeps_the_officers_choice(cli, tmp_path):
    assert cli("import", HOANG_SON).exit_code == 0
    found = _settings(cli)
    assert found["signer.title"]["value"] == "KT. CHỦ TỊCH"
    assert found["signer.name"]["value"] == "Lê Hùng Tuyên"
    # the officer's own choice is kept by the next import of the same commune's plan
    assert cli("config", "set", "signer.name", "Nguyễn Thị Hoa").exit_code == 0
    amended = tmp_path / "xa-hoang-son-2026.txt"
    amended.write_text(HOANG_SON.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cli("import", amended).exit_code == 0
    assert _settings(cli)["signer.name"]["value"] == "Nguyễn Thị Hoa"


def test_undoing_the_import_removes_the_signer_it_read(cli):
    import sqlite3

    assert cli("import", HOANG_SON).exit_code == 0
    assert cli("undo", "--yes").exit_code == 0
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT count(*) FROM setting").fetchone()[0] == 0
