"""Files cchc writes and reads (issue 18): one writer, one reader, no odd file hung on or replaced.

Every output (-o of exports, reports, templates, calendars; db backup; the copy
a restore keeps) is written to a temporary file in the target's folder, synced
and renamed into place; a target that is not a regular file is refused. Every
input (plans, evidence files, indicator CSVs, backups, the database itself) is
read only when it is a regular file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest

from conftest import AN_LAO, HOANG_SON, run_cchc
from full_disk import on_full_disk, sha256


@pytest.fixture
def an_lao(cli):
    assert cli("import", AN_LAO).exit_code == 0
    return cli


def _one_line(result, *words):
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, line
    for word in words:
        assert word in line, line
    return line


# -- outputs ------------------------------------------------------------------------------------

OUTPUTS = [("export", "ics", "-o"), ("export", "json", "-o"), ("export", "csv", "-o"), ("export", "xlsx", "-o"),
           ("report", "--quarter", "I", "--format", "docx", "-o"), ("template", "--force", "-o"), ("db", "backup", "--force")]


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: " ".join(c[:2]))
def test_an_output_that_is_a_fifo_or_a_link_to_a_device_is_refused_and_left_alone(an_lao, tmp_path, command):
    fifo = tmp_path / "out.xlsx"
    os.mkfifo(fifo)
    device = tmp_path / "null.xlsx"
    device.symlink_to(os.devnull)
    for target in (fifo, device):
        _one_line(an_lao(*command, target), "not a regular file", str(target))
    _one_line(an_lao(*command, os.devnull), os.devnull)  # as root, -o /dev/null itself replaced the device
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_ISCHR(os.lstat(os.devnull).st_mode)
    assert device.is_symlink() and os.readlink(device) == os.devnull and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("cchc.db", "cchc.db-wal", "cchc.db-shm", "home")) \
        == ["null.xlsx", "out.xlsx"]  # no temporary file left behind


def test_an_output_through_a_link_replaces_the_file_the_link_points_to(an_lao, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "lich.ics"
    real.write_text("old calendar")
    link = tmp_path / "lich.ics"
    link.symlink_to(real)
    assert an_lao("export", "ics", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("BEGIN:VCALENDAR")


def test_an_output_keeps_the_mode_of_the_file_it_replaces(an_lao, tmp_path):
    out = tmp_path / "ke-hoach.json"
    out.write_text("{}")
    out.chmod(0o640)
    assert an_lao("export", "json", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and json.loads(out.read_text())["tasks"]
    fresh = tmp_path / "new.json"
    assert an_lao("export", "json", "-o", fresh).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not the 0600 of a temporary file


def test_on_a_full_disk_the_previous_calendar_stays_whole(an_lao, db, tmp_path):
    """The finding: a full disk cut the calendar at 27 of 48 events, mid-line."""
    good = tmp_path / "lich.ics"
    assert an_lao("export", "ics", "-o", good, "--plan", "all").exit_code == 0
    run = on_full_disk(tmp_path, {"cchc.db": db, "lich.ics": good},
                       [["--db", "{disk}/cchc.db", "export", "ics", "-o", "{disk}/lich.ics", "--plan", "all"]])
    [export] = run["runs"]
    assert export["code"] == 2 and "lich.ics" in export["stderr"] and len(export["stderr"].splitlines()) == 1
    assert run["files"]["lich.ics"] == sha256(good)
    assert not [name for name in run["files"] if name.endswith(".part")]


# -- restore keeps every replaced database ----------------------------------------------------


def _restorable(cli, tmp_path):
    assert cli("import", AN_LAO).exit_code == 0
    backup = tmp_path / "before.db"
    assert cli("db", "backup", backup).exit_code == 0
    assert cli("import", HOANG_SON).exit_code == 0
    return backup


def _plans(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM plan").fetchone()[0]


def test_a_restore_never_overwrites_an_earlier_kept_copy(cli, db, tmp_path):
    """The finding: two restores within one second wrote the same .bak name."""
    backup = _restorable(cli, tmp_path)
    now = datetime.now()
    taken = [db.with_name(f"{db.name}.{now + timedelta(seconds=s):%Y%m%d-%H%M%S}.bak") for s in range(-1, 4)]
    for path in taken:
        path.write_bytes(b"the officer's original")
    assert cli("db", "restore", backup, "--yes").exit_code == 0
    assert all(path.read_bytes() == b"the officer's original" for path in taken)
    kept = [p for p in db.parent.glob(db.name + ".*.bak") if p not in taken]
    assert len(kept) == 1 and _plans(kept[0]) == 2 and _plans(db) == 1


def test_restores_run_at_once_each_keep_their_copy(cli, db, tmp_path):
    backup = _restorable(cli, tmp_path)
    import subprocess
    import sys

    runs = [subprocess.Popen([sys.executable, "-m", "cchc", "--db", str(db), "db", "restore", str(backup), "--yes"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(5)]
    assert [run.wait(timeout=120) for run in runs] == [0] * 5, [run.stderr.read() for run in runs]
    kept = sorted(db.parent.glob(db.name + ".*.bak"))
    assert len(kept) == 5
    counts = [_plans(path) for path in kept]  # each a whole database; which ones saw the original depends on timing
    assert set(counts) <= {1, 2} and 2 in counts  # the two-plan original is kept


# -- inputs: regular files only, never hung on --------------------------------------------------


@pytest.fixture
def odd_files(tmp_path):
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    return {"fifo": fifo, "zero": zero, "dev": "/dev/zero"}


def test_evidence_files_that_are_not_regular_files_are_refused_at_once(an_lao, db, odd_files):
    """The finding: --file /dev/zero hashed for ever, a FIFO blocked."""
    for path in odd_files.values():
        done = run_cchc("--db", str(db), "evidence", "1", "Kế hoạch số 12/KH-UBND", "--file", str(path))
        assert done.returncode == 2 and "not a regular file" in done.stderr and str(path) in done.stderr, done.stderr
        done = run_cchc("--db", str(db), "done", "1", "--file", str(path))
        assert done.returncode == 2 and "not a regular file" in done.stderr
    assert json.loads(an_lao("task", "show", "1", "--format", "json").stdout)["evidence"] == []


def test_an_evidence_file_is_recorded_with_its_hash(an_lao, tmp_path):
    scan = tmp_path / "kh-12.pdf"
    scan.write_bytes(b"%PDF-1.4 scan of the signed plan")
    assert an_lao("evidence", "1", "--file", scan).exit_code == 0
    files = json.loads(an_lao("task", "show", "1", "--format", "json").stdout)["evidence"]
    assert [(f["file_path"], f["file_sha256"]) for f in files] == [(str(scan), sha256(scan))]


def test_a_database_that_is_not_a_regular_file_is_refused_at_once(tmp_path, odd_files):
    """The finding: --db on a FIFO hung; --db /dev/null gave a two-line internal error and made /dev/null-journal."""
    null = tmp_path / "null.db"
    null.symlink_to(os.devnull)
    for path in (odd_files["fifo"], null, odd_files["zero"]):
        done = run_cchc("--db", str(path), "due")
        assert done.returncode == 2 and "not a regular file" in done.stderr and len(done.stderr.splitlines()) == 1, \
            done.stderr
    assert not os.path.exists(os.devnull + "-journal")


def test_other_inputs_that_are_not_regular_files_are_refused_at_once(an_lao, db, odd_files):
    for args in (["indicator", "import", str(odd_files["fifo"])], ["indicator", "import", str(odd_files["zero"])],
                 ["db", "restore", str(odd_files["fifo"]), "--yes"], ["db", "restore", "/dev/zero", "--yes"]):
        done = run_cchc("--db", str(db), *args)
        assert done.returncode == 2 and "not a regular file" in done.stderr, (args, done.stderr)
