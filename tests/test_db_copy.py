"""`cchc db copy --to URL`: a commune's file with a year of work joins the province.

The file: An Lão 2026 with statuses on time and late, evidence, notes, a date set for an event,
indicator values, an agency merge, an amended plan (a changed deadline: milestones replaced),
an undone command. Copied into a province database that already holds another commune (so
every id moves), as the commune's own role: `task list`, `log`, `summary`, `indicator list`
show the same, and `undo`, step by step through the merge and the amended import, does the same
on both sides.
"""

from __future__ import annotations

import json

import pytest

from backends import contents
from conftest import AN_LAO, HOANG_SON, Cli

TODAY = "30/11/2026"
ROLE = "an_lao_file"
# Fields that are ids (they differ on the server) or hold ids; everything else must be equal.
IDS = {"id", "plan", "parent", "undoes", "undone_by"}  # and every name ending in _id


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _json(result):
    return json.loads(_ok(result).stdout)


def _same(data):
    """The data without ids (and without the values of id fields in the history)."""
    if isinstance(data, list):
        return [_same(d) for d in data]
    if isinstance(data, dict):
        kept = {k: _same(v) for k, v in data.items() if k not in IDS and not k.endswith("_id")}
        if str(data.get("field", "")).endswith("_id"):
            kept.pop("old", None), kept.pop("new", None)
        if str(data.get("command", "")).startswith("undo "):  # "undo 17" names the operation by its id,
            kept["command"] = "undo"  # and runs now, on each side
            kept.pop("at", None)
        return kept
    return data


def _views(cli) -> dict:
    return {name: _same(_json(cli(*args, "--format", "json", today=TODAY))) for name, args in (
        ("tasks", ("task", "list")), ("log", ("log",)), ("summary", ("summary",)),
        ("indicators", ("indicator", "list")), ("agencies", ("agency", "list")),
        ("overdue", ("overdue",)), ("plans", ("plan", "list")))}


@pytest.fixture
def year_of_work(tmp_path) -> Cli:
    cli = Cli(tmp_path / "an-lao.db")
    _ok(cli("import", AN_LAO))
    ids = {t["ref"]: t["id"] for t in _json(cli("task", "list", "--format", "json"))}
    _ok(cli("done", ids["1"], "--on", "12/01/2026", "--evidence", "Kế hoạch số 12/KH-UBND ngày 10/01/2026", today=TODAY))
    _ok(cli("done", ids["4"], "--on", "02/04/2026", today=TODAY))
    _ok(cli("done", ids["3"], "--milestone", "1", "--on", "09/03/2026", today=TODAY))
    _ok(cli("start", ids["5"], today=TODAY))
    _ok(cli("drop", ids["6"], "--reason", "không còn phù hợp", today=TODAY))
    _ok(cli("note", ids["7"], "đang chờ Sở Nội vụ", today=TODAY))
    _ok(cli("evidence", ids["8"], "Báo cáo số 5/BC-UBND", today=TODAY))
    _ok(cli("set-due", ids["2"], "30/06/2026", today=TODAY))
    key = next(i for i in _json(cli("indicator", "list", "--format", "json")) if i["target"] is not None)["key"]
    for period, value in (("2026-Q1", "40"), ("2026-Q2", "60")):
        _ok(cli("indicator", "record", key, value, "--period", period, today=TODAY))
    _ok(cli("note", ids["9"], "ghi nhầm", today=TODAY))
    _ok(cli("undo", "--yes", today=TODAY))
    agencies = [a for a in _json(cli("agency", "list", "--format", "json")) if not a["is_group"] and a["tasks_led"]]
    _ok(cli("agency", "merge", agencies[-1]["name"], agencies[0]["name"]))
    amended = cli.db.parent / "xa-an-lao-2026-sua-doi.txt"
    amended.write_text(AN_LAO.read_text(encoding="utf-8").replace("Trước 15/01/2026", "Trước 20/01/2026"),
                       encoding="utf-8")
    _ok(cli("import", amended))
    return cli


@pytest.fixture
def province(pg, tmp_path):
    """A province database holding Hoàng Sơn already, with An Lão's commune and role added."""
    name = pg.create(pg.template(()))
    admin = Cli(pg.url(name))
    _ok(admin("province", "init"))
    _ok(admin("import", HOANG_SON))
    passwords = tmp_path / "an-lao.pgpass"
    _ok(admin("province", "add-commune", "xã An Lão", "--role", ROLE, "--password-file", passwords))
    yield admin, pg.url(name, user=ROLE) + f"&passfile={passwords}"
    pg.drop(name)


def test_the_copy_shows_the_same_and_undoes_the_same(year_of_work, province):
    admin, url = province
    copied = _ok(year_of_work("db", "copy", "--to", url))
    assert "xã An Lão" in copied.stdout and "1 plans" in copied.stdout
    server = Cli(url)
    assert _views(server) == _views(year_of_work)
    for _step in range(4):  # the amended import, the merge, the two indicator values
        for cli in (year_of_work, server):
            _ok(cli("undo", "--yes", today=TODAY))
        assert _views(server) == _views(year_of_work)


def test_copying_again_changes_nothing(year_of_work, province):
    admin, url = province
    _ok(year_of_work("db", "copy", "--to", url))
    before = contents(admin.db)
    again = _ok(year_of_work("db", "copy", "--to", url))
    assert "nothing copied" in again.stdout
    assert contents(admin.db) == before


def test_a_copy_that_fails_copies_nothing(year_of_work, province, monkeypatch):
    admin, url = province
    before = contents(admin.db)
    from cchc.store import copy

    real = copy._write

    def fails_at_the_history(db, table, rows):
        if table == "change":
            raise db.dialect.Error("connection lost")
        real(db, table, rows)

    monkeypatch.setattr(copy, "_write", fails_at_the_history)
    failed = year_of_work("db", "copy", "--to", url)
    assert failed.exit_code == 2 and failed.stderr.count("\n") == 1 and "nothing copied" in failed.stderr
    assert contents(admin.db) == before


def test_a_commune_the_province_has_not_added_is_refused(province, tmp_path, pg):
    admin, url = province
    other = Cli(tmp_path / "mu-ca.db")
    _ok(other("import", HOANG_SON.parent / "xa-mu-co-2026.txt"))
    before = contents(admin.db)
    refused = other("db", "copy", "--to", url)
    assert refused.exit_code == 2 and "add-commune" in refused.stderr and refused.stderr.count("\n") == 1
    assert contents(admin.db) == before
    after_work = Cli(tmp_path / "an-lao.db")
    _ok(after_work("import", AN_LAO))
    _ok(after_work("db", "copy", "--to", url))
    _ok(after_work("note", 1, "làm tiếp trên máy"))
    again = after_work("db", "copy", "--to", url)  # the file went on after the copy: refused, not merged
    assert again.exit_code == 2 and "nothing copied" in again.stderr
