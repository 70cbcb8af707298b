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


def test_the_plans_signer_signs_its_reports_unless_the_officer_says_otherwise(cli, tmp_path):
    assert cli("import", HOANG_SON).exit_code == 0
    found = _settings(cli)
    assert found["signer.title"]["value"] == "KT. CHỦ TỊCH" and found["signer.name"]["value"] == "Lê Hùng Tuyên"
    assert found["signer.name"]["source"] == "the plan's signature"
    assert found["recipients"]["source"] == "default"  # the plan has its own Nơi nhận, not the report's
    page = cli("report", "-q", "I", "-f", "markdown", today="05/04/2026").stdout
    assert "**KT. CHỦ TỊCH**<br>**PHÓ CHỦ TỊCH**" in page and "**Lê Hùng Tuyên**" in page
    # the officer's setting comes first, and stays when a new version of the plan is imported
    assert cli("config", "set", "signer.name", "Nguyễn Thị Hoa").exit_code == 0
    amended = tmp_path / "xa-hoang-son-2026.txt"
    amended.write_text(HOANG_SON.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cli("import", amended).exit_code == 0
    assert _settings(cli)["signer.name"]["value"] == "Nguyễn Thị Hoa"
    assert "**Nguyễn Thị Hoa**" in cli("report", "-q", "I", "-f", "markdown", today="05/04/2026").stdout
    # unset, the plan's signer again
    assert cli("config", "unset", "signer.name").exit_code == 0
    assert _settings(cli)["signer.name"]["value"] == "Lê Hùng Tuyên"


def test_a_plan_without_a_signature_keeps_the_default_signer(cli):
    assert cli("import", MU_CO).exit_code == 0
    found = _settings(cli)
    assert found["signer.title"] == {**found["signer.title"], "value": "CHỦ TỊCH", "source": "default"}
    assert found["signer.name"]["value"] == ""
