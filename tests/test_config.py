"""`cchc config` (an owner's settings: the signer and recipients of its reports) and `cchc note --kind`."""

from __future__ import annotations

import json

import pytest

from conftest import AN_LAO, HOANG_SON

TODAY = "10/06/2026"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def _settings(cli, *args) -> dict[str, tuple[str, str]]:
    rows = json.loads(ok(cli("config", "list", "-f", "json", *args)).output)
    return {r["key"]: (r["value"], r["source"]) for r in rows}


@pytest.fixture
def two_communes(cli):
    ok(cli("import", AN_LAO))
    ok(cli("import", HOANG_SON))  # the current plan: plan 2
    return cli


def test_settings_are_kept_per_commune_and_listed_with_their_source(two_communes):
    cli = two_communes
    ok(cli("config", "set", "signer.title", "CHỦ TỊCH"))
    ok(cli("config", "set", "signer.name", "Nguyễn Văn Bình", "--plan", "1"))
    hoang_son, an_lao = _settings(cli), _settings(cli, "--plan", "1")
    assert hoang_son["signer.title"] == ("CHỦ TỊCH", "database")
    # what the officer did not set comes from the plan's own signature block, else the default
    assert hoang_son["signer.name"] == ("Lê Hùng Tuyên", "the plan's signature")
    assert an_lao["signer.name"] == ("Nguyễn Văn Bình", "database")
    assert an_lao["signer.title"] == ("CHỦ TỊCH", "the plan's signature")
    assert an_lao["signer.subtitle"] == ("", "default")
    assert hoang_son["place"] == ("Hoàng Sơn", "default")
    assert list(hoang_son) == ["signer.behalf", "signer.title", "signer.subtitle", "signer.name", "recipients", "place"]


def test_a_setting_is_a_recorded_change_that_undo_reverts(two_communes):
    cli = two_communes
    ok(cli("config", "set", "signer.title", "KT. CHỦ TỊCH"))
    ok(cli("config", "set", "signer.title", "CHỦ TỊCH"))
    assert "already had that value" in ok(cli("config", "set", "signer.title", "CHỦ TỊCH")).output
    ok(cli("undo", "--yes"))
    assert _settings(cli)["signer.title"] == ("KT. CHỦ TỊCH", "database")
    ok(cli("config", "unset", "signer.title"))
    assert _settings(cli)["signer.title"] == ("KT. CHỦ TỊCH", "the plan's signature")
    assert "was not set" in ok(cli("config", "unset", "signer.title")).output
    ok(cli("undo", "--yes"))
    assert _settings(cli)["signer.title"] == ("KT. CHỦ TỊCH", "database")
    log = ok(cli("log")).output
    assert "config set signer.title" in log and "config unset signer.title" in log


def test_the_config_file_gives_values_the_database_overrides(two_communes, tmp_path, monkeypatch):
    cli = two_communes
    path = tmp_path / "config.ini"
    path.write_text("[cchc]\nsigner.name = Lê Hùng Tuyên\nrecipients =\n  Sở Nội vụ (b/c)\n  Lưu: VT, VH-XH\n",
                    encoding="utf-8")
    monkeypatch.setenv("CCHC_CONFIG", str(path))
    ok(cli("config", "set", "signer.name", "Nguyễn Văn An", "--plan", "1"))
    assert _settings(cli)["signer.name"] == ("Lê Hùng Tuyên", str(path))
    assert _settings(cli, "--plan", "1")["signer.name"] == ("Nguyễn Văn An", "database")
    page = ok(cli("report", "-q", "I", "-f", "markdown", today=TODAY)).output
    assert "**Lê Hùng Tuyên**" in page and "\\- Sở Nội vụ (b/c);<br>\\- Lưu: VT, VH-XH." in page


@pytest.mark.parametrize("text, words", [("signer.title = X\n", "not a settings file"),
                                         ("[cchc]\nsigner.titel = X\n", "unknown setting 'signer.titel'")])
def test_a_bad_config_file_is_one_line_naming_it(two_communes, tmp_path, monkeypatch, text, words):
    path = tmp_path / "config.ini"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CCHC_CONFIG", str(path))
    for args in (("config", "list"), ("report", "-q", "I")):
        result = two_communes(*args, today=TODAY)
        assert result.exit_code == 2 and str(path) in result.output and words in result.output
        assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args, words", [
    (("config", "set", "signer.nam", "X"), "unknown setting 'signer.nam'"),
    (("config", "set", "signer.name", "  "), "cannot be empty"),
    (("config", "unset", "colour"), "unknown setting"),
    (("config", "set", "place", "X", "--plan", "9"), "no plan with id 9"),
])
def test_bad_settings_change_nothing(two_communes, args, words):
    before = _settings(two_communes)
    result = two_communes(*args)
    assert result.exit_code == 2 and words in result.output
    assert _settings(two_communes) == before


def test_config_needs_a_plan(cli):
    cli("db", "init")
    result = cli("config", "list")
    assert result.exit_code == 2 and "no plan imported yet" in result.output


# -- notes with a kind ---------------------------------------------------------------------------


def test_notes_take_a_kind_by_code_or_name_on_a_task_or_on_the_plan(two_communes):
    cli = two_communes
    task = json.loads(ok(cli("task", "list", "-f", "json")).output)[0]["id"]
    ok(cli("note", task, "--kind", "Tồn tại", "Chậm tiến độ"))
    ok(cli("note", task, "Ghi chú thường"))
    assert "plan 2" in ok(cli("note", "-k", "strength", "Chỉ đạo sát sao")).output
    assert "plan 1" in ok(cli("note", "--plan", "1", "--kind", "de-xuat", "Đề nghị bổ sung kinh phí")).output
    shown = json.loads(ok(cli("task", "show", task, "-f", "json")).output)["notes"]
    assert [(n["text"], n["kind"]) for n in shown] == [("Chậm tiến độ", "ton-tai"), ("Ghi chú thường", "")]
    log = ok(cli("log")).output
    assert f"note {task} --kind ton-tai" in log and "note --plan 1 --kind de-xuat" in log


@pytest.mark.parametrize("args, words", [
    (("note", "5"), "give the note's text"), (("note", "1", "x", "y"), "unexpected extra argument"),
    (("note", "1", "x", "--kind", "khen"), "unknown note kind 'khen'"), (("note", "  "), "cannot be empty"),
    (("note", "1", "x", "--plan", "1"), "--plan goes with a note on the plan"),
])
def test_bad_notes_change_nothing(two_communes, args, words):
    before = ok(two_communes("log", "-f", "json")).output
    result = two_communes(*args)
    assert result.exit_code == 2 and words in result.output
    assert ok(two_communes("log", "-f", "json")).output == before
