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

from conftest import AN_LAO, HOANG_SON, run_cchc
from full_disk import on_full_disk, sha256

READS = [["due", "--all", "--format", "json"], ["task", "list", "--format", "json"], ["task", "show", "1"],
         ["summary"], ["overdue"], ["agenda"], ["log"], ["plan", "list"], ["indicator", "list"], ["agency", "list"],
         ["changes", "--since", "01/01/2026"], ["db", "status"], ["db", "check"]]
WRITES = [["note", "1", "ghi chú"], ["done", "1", "--on", "12/01/2026"], ["import", str(HOANG_SON)], ["undo", "--yes"]]


@pytest.fixture
def an_lao(cli, db):
    assert cli("import", AN_LAO).exit_code == 0
    assert cli("note", "1", "Đã trình ký").exit_code == 0
    return db


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
