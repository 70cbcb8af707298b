"""Databases in a bad place (issue 18): read-only, on a full disk, damaged.

An officer must still see her plan when the file, its folder or the disk cannot
be written; `db check` names what is damaged, and `db recover` saves every row
that can still be read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from contextlib import contextmanager

import pytest

from conftest import AN_LAO, HOANG_SON
from full_disk import on_full_disk, sha256

READS = [["due", "--all", "--format", "json"], ["task", "list", "--format", "json"], ["task", "show", "1"],
         ["summary"], ["overdue"], ["agenda"], ["log"], ["plan", "list"], ["indicator", "list"], ["agency", "list"],
         ["changes", "--since", "01/01/2026"], ["db", "status"], ["db", "check"]]
WRITES = [["note", "1", "ghi chú"], ["done", "1", "--on", "12/01/2026"], ["import", str(HOANG_SON)], ["undo", "--yes"]]


@pytest.fixture
def an_lao_written(cli, db):
    assert cli("import", AN_LAO).exit_code == 0
    assert cli("note", "1", "Đã trình ký").exit_code == 0
    return db


@pytest.fixture
def an_lao(an_lao_written):
    """As a file upgraded from schema 0003 and read since: no task's JSON stored yet, so each text is
    in the file once, where the tests below damage it."""
    conn = sqlite3.connect(an_lao_written)
    with conn:
        conn.execute("UPDATE task SET json_text = NULL")
    conn.close()
    return an_lao_written


def _closed(db) -> None:
    """As after the last command: the journal checkpointed into the file, -wal and -shm removed."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert not [s for s in ("-wal", "-shm") if os.path.exists(f"{db}{s}")]


@contextmanager
def read_only(*paths):
    """Files and folders nobody may write, root included (chattr +i), else by permissions."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot make files immutable here: {done.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    modes = {p: os.stat(p).st_mode for p in paths}
    for p in paths:
        os.chmod(p, 0o555 if os.path.isdir(p) else 0o444)
    try:
        yield
    finally:
        for p, mode in modes.items():
            os.chmod(p, mode)


def _reads_and_refused_writes(cli, db):
    shown = {}
    for args in READS:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        shown[args[0]] = result.stdout
    assert "Đã trình ký" in shown["task"]
    for args in WRITES:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "read-only" in result.stderr, result.stderr
    return shown


@pytest.mark.parametrize("where", ["file", "folder", "both"])
def test_a_read_only_database_is_shown_and_not_changed(cli, an_lao, tmp_path, where):
    """The finding: a read-only file or folder blocked reads too ("attempt to write a readonly database")."""
    _closed(an_lao)
    expected = cli("due", "--all", "--format", "json").stdout
    _closed(an_lao)
    before = sha256(an_lao)
    paths = {"file": [an_lao], "folder": [tmp_path], "both": [an_lao, tmp_path]}[where]
    with read_only(*paths):
        shown = _reads_and_refused_writes(cli, an_lao)
    assert shown["due"] == expected
    assert sha256(an_lao) == before


def test_changes_still_in_the_journal_are_shown_from_a_read_only_folder(cli, an_lao, tmp_path):
    """A read-only copy must not hide the commands whose changes are still in cchc.db-wal."""
    holder = sqlite3.connect(an_lao)  # keeps the journal from being checkpointed and removed
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT count(*) FROM task").fetchone()
    assert cli("note", "2", "Còn trong nhật ký").exit_code == 0
    assert os.path.getsize(f"{an_lao}-wal") > 0
    with read_only(tmp_path):
        result = cli("task", "show", "2")
        assert result.exit_code == 0, result.output
        assert "Còn trong nhật ký" in result.stdout
    holder.close()


def test_on_a_full_disk_reads_work_and_writes_fail_in_one_line(cli, an_lao, tmp_path):
    """The finding: a 100% full disk blocked every command, reads included."""
    _closed(an_lao)
    expected = {tuple(args): cli(*args).stdout for args in READS[:3]}
    _closed(an_lao)
    run = on_full_disk(tmp_path, {"cchc.db": an_lao}, [["--db", "{disk}/cchc.db", *args] for args in READS + WRITES])
    for args, done in zip(READS + WRITES, run["runs"]):
        if args in WRITES:
            assert done["code"] == 2 and len(done["stderr"].strip().splitlines()) == 1, (args, done)
            assert "full" in done["stderr"] or "read-only" in done["stderr"], (args, done)
        else:
            assert done["code"] == 0, (args, done)
            if tuple(args) in expected:
                assert done["stdout"] == expected[tuple(args)]
    assert run["files"]["cchc.db"] == sha256(an_lao)


# -- damaged files ------------------------------------------------------------------------------


def _task_texts(db) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, text FROM task"))


def _offset_of(db, text: str) -> int:
    data = db.read_bytes()
    at = data.find(text.encode("utf-8"))
    assert at > 0 and data.find(text.encode("utf-8"), at + 1) == -1, "the text must be stored once"
    return at


def _damage(db, at: int, n: int) -> None:
    data = bytearray(db.read_bytes())
    for i in range(at, at + n):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def test_damaged_text_is_shown_and_named_by_db_check(cli, an_lao):
    """The finding: 64 flipped bytes made `task list` exit 70 ("Could not decode to UTF-8") while
    `db check` found no problem."""
    _closed(an_lao)
    texts = _task_texts(an_lao)
    _damage(an_lao, _offset_of(an_lao, texts[5]) + 4, 64)
    listing = cli("task", "list", "--format", "json")
    assert listing.exit_code == 0, listing.output
    shown = {t["id"]: t["text"] for t in json.loads(listing.stdout)}
    assert "\ufffd" in shown[5] and {k: v for k, v in shown.items() if k != 5} == {k: v for k, v in texts.items() if k != 5}
    check = cli("db", "check", "--format", "json")
    assert check.exit_code == 1
    assert [p["detail"] for p in json.loads(check.stdout)["problems"] if p["check"] == "text"] == \
        ["task 5: text holds bytes that are not UTF-8 (damaged; shown as �)"]


def test_damaged_stored_json_is_named_by_db_check_and_recovered(cli, an_lao_written, tmp_path):
    """A task's JSON is stored beside its rows (cchc/store/task_json.py) and listed as stored: damage
    there is named by `db check`, and `db recover` lists the task from its rows again."""
    _closed(an_lao_written)
    text = _task_texts(an_lao_written)[5]
    data = an_lao_written.read_bytes()
    at = data.find(b'"text":' + json.dumps(text, ensure_ascii=False).encode("utf-8"))
    assert at > 0
    _damage(an_lao_written, at + 12, 8)
    assert cli("task", "list", "--format", "json").exit_code == 0
    check = cli("db", "check", "--format", "json")
    assert check.exit_code == 1
    assert [p["detail"] for p in json.loads(check.stdout)["problems"] if p["check"] == "text"] == \
        ["task 5: json_text holds bytes that are not UTF-8 (damaged; shown as �)"]
    saved = tmp_path / "saved.db"
    assert cli("db", "recover", saved).exit_code == 0
    listing = cli("--db", saved, "task", "list", "--format", "json")
    assert listing.exit_code == 0 and [t["text"] for t in json.loads(listing.stdout) if t["id"] == 5] == [text]


def _page_of(db, text: str) -> int:
    page_size = int.from_bytes(db.read_bytes()[16:18], "big")
    return _offset_of(db, text) // page_size * page_size


@pytest.fixture
def damaged(cli, an_lao):
    """An Lão with a page of its tasks damaged: 200 bytes flipped from the start of the page."""
    _closed(an_lao)
    texts = _task_texts(an_lao)
    _damage(an_lao, _page_of(an_lao, texts[max(texts)]), 200)
    return an_lao, texts


def test_every_command_on_a_damaged_file_says_so_in_one_line(cli, damaged):
    for args in (["task", "list"], ["due", "--all"], ["summary"], ["export", "json", "-o", "x.json"]):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and "damaged" in line and "cchc db recover" in line, line


def test_db_check_names_what_is_damaged(cli, damaged):
    """The finding: `db check` refused a damaged file like every other command."""
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["damaged"] is True
    assert "task" in {p["table"] for p in report["problems"] if p["check"] == "unreadable"}
    plain = cli("db", "check")
    assert plain.exit_code == 1 and "task" in plain.stdout and "cchc db recover" in plain.stdout


def test_db_backup_of_a_damaged_file_keeps_what_is_left(cli, damaged, tmp_path):
    """The finding: `db backup` refused a damaged file, so what was left could not be saved."""
    db, texts = damaged
    before = sha256(db)
    copy = tmp_path / "copy.db"
    result = cli("db", "backup", copy)
    assert result.exit_code == 0, result.output
    assert sha256(db) == before  # the damaged file is never written
    cli.db = copy
    check = cli("db", "check", "--format", "json")
    assert check.exit_code == 1 and "task" in {p["table"] for p in json.loads(check.stdout)["problems"]
                                                 if p["check"] == "unreadable"}
    assert cli("db", "recover", tmp_path / "saved.db").exit_code == 0
    assert 0 < len(_task_texts(tmp_path / "saved.db")) < len(texts)


def test_db_backup_of_a_truncated_file_says_what_to_do_in_one_line(cli, an_lao, tmp_path):
    _closed(an_lao)
    data = an_lao.read_bytes()
    an_lao.write_bytes(data[:len(data) // 2])
    result = cli("db", "backup", tmp_path / "copy.db")
    assert result.exit_code == 2 and not (tmp_path / "copy.db").exists()
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "damaged" in line and "cchc db recover" in line, line


def test_db_recover_saves_every_readable_row_into_a_new_database(cli, damaged, tmp_path):
    db, texts = damaged
    target = tmp_path / "saved.db"
    result = cli("db", "recover", target)
    assert result.exit_code == 0, result.output
    assert "task" in result.stdout and str(target) in result.stdout
    saved = _task_texts(target)
    assert 0 < len(saved) < len(texts)  # the rows of the damaged page are lost, all others saved
    assert all(texts[i] == text for i, text in saved.items())
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM note").fetchone()[0] == 1
    cli.db = target
    assert cli("task", "list").exit_code == 0
    assert len(json.loads(cli("task", "list", "--format", "json").stdout)) == len(saved)
    again = cli("db", "recover", target)  # never over an existing file
    assert again.exit_code == 2 and "exists" in again.stderr
    cli.db = db  # back to work: the saved rows replace the damaged file, which is kept
    assert cli("db", "restore", target, "--yes").exit_code == 0
    assert len(json.loads(cli("task", "list", "--format", "json").stdout)) == len(saved)
    [kept] = db.parent.glob(db.name + ".*.bak")
    assert sha256(kept) != sha256(target)


def test_db_recover_saves_the_first_half_of_a_truncated_file(cli, an_lao, tmp_path):
    _closed(an_lao)
    texts = _task_texts(an_lao)
    data = an_lao.read_bytes()
    an_lao.write_bytes(data[:len(data) // 2])
    check = cli("db", "check")
    assert check.exit_code == 1 and "cchc db recover" in check.stdout, check.output
    result = cli("db", "recover", tmp_path / "saved.db")
    assert result.exit_code == 0, result.output
    saved = _task_texts(tmp_path / "saved.db")
    assert all(texts[i] == text for i, text in saved.items())
    cli.db = tmp_path / "saved.db"  # a whole cchc database: tables whose entry was lost are made again, empty
    assert cli("db", "check").exit_code == 0
    assert [p["commune"] for p in json.loads(cli("plan", "list", "--format", "json").stdout)] == ["xã An Lão"]


def test_db_recover_of_a_sound_file_copies_it_whole(cli, an_lao, tmp_path):
    _closed(an_lao)
    result = cli("db", "recover", tmp_path / "copy.db")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(an_lao) as old, sqlite3.connect(tmp_path / "copy.db") as new:
        for table in [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]:
            assert sorted(old.execute(f'SELECT * FROM "{table}"')) == sorted(new.execute(f'SELECT * FROM "{table}"'))
    cli.db = tmp_path / "copy.db"
    assert cli("db", "check").exit_code == 0


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.99])
def test_damage_anywhere_never_crashes_a_command(cli, an_lao, tmp_path, fraction):
    """200 bytes flipped at any place: every command answers, or refuses in one line; a recovery is sound."""
    _closed(an_lao)
    size = an_lao.stat().st_size
    _damage(an_lao, min(int(size * fraction), size - 200), 200)
    for args in (["task", "list", "--format", "json"], ["due", "--all"], ["summary"], ["task", "show", "3"]):
        result = cli(*args)
        assert result.exit_code in (0, 2), (args, result.output)
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert cli("db", "check").exit_code in (0, 1, 2)
    recovered = cli("db", "recover", tmp_path / "saved.db")
    assert recovered.exit_code in (0, 2), recovered.output
    if recovered.exit_code == 0:
        with sqlite3.connect(tmp_path / "saved.db") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_value_a_sound_database_cannot_hold_fails_in_one_line(cli, an_lao):
    """Found by damaging bytes at random: a status read as 'not_�tarted' made `summary` raise KeyError."""
    with sqlite3.connect(an_lao) as conn:
        conn.execute("UPDATE task SET status = 'not_\ufffdtarted' WHERE id = 3")
    for args in (["summary"], ["task", "list"], ["due", "--all"], ["overdue"], ["report", "--quarter", "I"]):
        result = cli(*args)
        assert result.exit_code in (0, 2), (args, result.output)
        if result.exit_code == 2:
            line = result.stderr.strip()
            assert len(line.splitlines()) == 1 and "unknown status" in line and "cchc db check" in line, line
    assert cli("summary").exit_code == 2


def test_the_page_reader_reads_what_sqlite_reads(cli, an_lao, tmp_path):
    """The reader used when SQLite cannot open a file follows the file format: on sound files it finds
    every row SQLite finds, long values on overflow pages, every kind of value and negative rowids included."""
    import random

    from cchc.store.sqlite_damage import PageSource, columns_of

    varied = tmp_path / "varied.db"
    rnd = random.Random(18)
    with sqlite3.connect(varied) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB, f REAL, n INTEGER, z)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [
            (i * 7 - 100, "Phòng Văn hóa " * rnd.randrange(0, 3000), rnd.randbytes(rnd.randrange(0, 9000)),
             rnd.random() * 1e10, rnd.randrange(-2**63, 2**63), rnd.choice([None, 0, 1, 255, -70000, 2**40]))
            for i in range(200)])
    _closed(an_lao)
    for path in (an_lao, varied):
        source = PageSource(path, "test")
        with sqlite3.connect(path) as conn:
            assert {t for t, _root, _sql in source.tables} == {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table, _root, _sql in source.tables:
                rows = sorted(tuple(r[1:]) for r in source.rows(table, columns_of(conn, table)))
                assert rows == sorted(conn.execute(f'SELECT * FROM "{table}"')), table
