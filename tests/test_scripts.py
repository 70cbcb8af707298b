"""Scripts that tell the truth: the README's cron script, missing databases, pipes, CSV for Excel."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AN_LAO, EXAMPLES, HOANG_SON, ROOT, run_cchc

CCHC = Path(sys.executable).parent / "cchc"


def _cron_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"<!-- cron-script -->\n```sh\n(.*?)```", readme, re.S)[1]


@pytest.fixture
def cron(tmp_path):
    """The README's cron script, with `mail` replaced by a program that records each mail, under cron's bare PATH."""
    script = tmp_path / "cchc-overdue.sh"
    script.write_text(_cron_script(), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    outbox = tmp_path / "outbox"
    mail = bin_dir / "mail"
    mail.write_text(f'#!/bin/sh\n{{ printf "SUBJECT %s\\n" "$2"; cat; printf "\\n--END--\\n"; }} >> "{outbox}"\n')
    mail.chmod(0o755)

    def run(db: Path, cchc: Path = CCHC, today: str = "2026-05-15") -> list[str]:
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "CCHC": str(cchc), "CCHC_DB": str(db),
               "CCHC_TODAY": today, "TO": "officer@example.vn", "CCHC_LANG": "en"}
        done = subprocess.run(["/bin/sh", str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        mails = outbox.read_text(encoding="utf-8").split("--END--\n")[:-1] if outbox.exists() else []
        outbox.unlink(missing_ok=True)
        return mails

    return run


@pytest.fixture
def hoang_son_db(tmp_path) -> Path:
    db = tmp_path / "hs.db"
    assert run_cchc("--db", str(db), "import", str(HOANG_SON)).returncode == 0
    return db


@pytest.mark.skipif(not CCHC.exists(), reason="needs the installed console script next to this Python")
def test_cron_mails_only_when_something_is_overdue(cron, hoang_son_db):
    [mail] = cron(hoang_son_db)
    assert mail.startswith("SUBJECT CCHC: việc quá hạn\n")
    overdue = json.loads(run_cchc("--db", str(hoang_son_db), "--today", "2026-05-15", "overdue", "--format",
                                  "json").stdout)
    assert overdue and all(f"| {row['task_id']} " in mail for row in overdue)  # a readable table, ids first
    assert cron(hoang_son_db, today="2025-12-01") == []  # nothing late yet: no mail


@pytest.mark.skipif(not CCHC.exists(), reason="needs the installed console script next to this Python")
def test_cron_tells_a_failing_cchc_from_an_overdue_list(cron, tmp_path):
    missing = tmp_path / "hs.bd"  # a typo in the path
    [mail] = cron(missing)
    assert mail.startswith("SUBJECT CCHC: lỗi khi kiểm tra việc quá hạn\n")
    assert "no database there" in mail and str(missing) in mail
    assert not missing.exists()
    [mail] = cron(missing, cchc=tmp_path / "not-installed" / "cchc")
    assert mail.startswith("SUBJECT CCHC: lỗi khi kiểm tra việc quá hạn\n") and "not found" in mail


@pytest.mark.parametrize("command", [("due",), ("overdue", "--check"), ("agenda",), ("task", "list"), ("summary",),
                                     ("plan", "list"), ("log",), ("db", "status"), ("db", "check"), ("done", "1"),
                                     ("note", "1", "x"), ("indicator", "list")], ids=" ".join)
def test_a_command_on_a_missing_database_refuses_and_creates_nothing(tmp_path, command):
    db = tmp_path / "typo.bd"
    proc = run_cchc("--db", str(db), *command)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and str(db) in proc.stderr
    assert not db.exists() and not list(tmp_path.iterdir())


def test_only_import_and_db_init_create_a_database(tmp_path):
    assert run_cchc("--db", str(tmp_path / "a.db"), "db", "init").returncode == 0
    assert run_cchc("--db", str(tmp_path / "a.db"), "plan", "list").returncode == 0
    assert run_cchc("--db", str(tmp_path / "b.db"), "import", str(AN_LAO)).returncode == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"a.db", "b.db"}


def test_a_pipe_closed_early_is_silent(tmp_path):
    db = tmp_path / "all.db"
    assert run_cchc("--db", str(db), "import", *map(str, sorted(EXAMPLES.glob("*.txt")))).returncode == 0
    for args in (["task", "list", "--plan", "all", "--format", "json"], ["task", "list", "--plan", "all"]):
        shell = f'"{sys.executable}" -m cchc --db "{db}" {" ".join(args)} | head -c 20 > /dev/null'
        done = subprocess.run(["/bin/sh", "-c", shell], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.stderr == "", args


def test_csv_has_a_byte_order_mark_only_when_asked_and_keeps_codes_in_both_languages(hoang_son_db):
    plain = run_cchc("--db", str(hoang_son_db), "task", "list", "--format", "csv", env={"CCHC_LANG": "vi"})
    assert not plain.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert set(rows[0]) == {"id", "area", "ref", "text", "lead_agency", "deadline_text", "status"}
    assert {r["status"] for r in rows} == {"not_started"}
    english = run_cchc("--db", str(hoang_son_db), "task", "list", "--format", "csv", env={"CCHC_LANG": "en"})
    assert english.stdout == plain.stdout  # the same data whatever the language
    excel = run_cchc("--db", str(hoang_son_db), "task", "list", "--format", "csv", "--bom")
    assert excel.stdout == "\ufeff" + plain.stdout


def test_free_text_may_begin_with_a_dash_everywhere(hoang_son_db):
    db = str(hoang_son_db)
    assert run_cchc("--db", db, "note", "49", "- gọi điện nhắc lần 2").returncode == 0
    assert run_cchc("--db", db, "evidence", "49", "-KH số 12").returncode == 0
    assert run_cchc("--db", db, "drop", "50", "--reason", "- không còn phù hợp").returncode == 0
    shown = json.loads(run_cchc("--db", db, "task", "show", "49", "--format", "json").stdout)
    assert [n["text"] for n in shown["notes"]] == ["- gọi điện nhắc lần 2"]
    assert [e["text"] for e in shown["evidence"]] == ["-KH số 12"]
    typo = run_cchc("--db", db, "note", "49", "--evidnce", "x")  # a mistyped option is never taken for text
    assert typo.returncode == 2 and "--evidnce" in typo.stderr
    assert json.loads(run_cchc("--db", db, "task", "show", "49", "--format", "json").stdout)["notes"] == shown["notes"]


def test_ctrl_c_at_a_question_is_silent_and_changes_nothing(hoang_son_db):
    """Ctrl-C while `undo` asks: exit 130, nothing more on the terminal, nothing undone."""
    import pty
    import select
    import signal

    assert run_cchc("--db", str(hoang_son_db), "start", "49").returncode == 0
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cchc", "--db", str(hoang_son_db), "undo"], stdin=slave,
                            stdout=slave, stderr=slave, cwd=ROOT,  # Ctrl-C works even if this run ignores it:
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(slave)

    def read() -> bytes:
        ready, _w, _x = select.select([master], [], [], 60)
        try:
            return os.read(master, 4096) if ready else b""
        except OSError:  # the other end closed
            return b""

    seen = b""
    while b"[y/N]" not in seen:  # wait for the question, however long the start takes
        chunk = read()
        assert chunk, seen
        seen += chunk
    _asleep_in_read(proc.pid)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    rest = b""
    while chunk := read():
        rest += chunk
    os.close(master)
    assert rest.strip() == b"", rest
    shown = json.loads(run_cchc("--db", str(hoang_son_db), "task", "show", "49", "--format", "json").stdout)
    assert shown["status"] == "in_progress"


def _asleep_in_read(pid: int) -> None:
    """Wait until the process sleeps in its read of the answer, as when an officer presses Ctrl-C.

    A SIGINT sent between the prompt's write and the read() system call is handled before the read
    begins, and the read then waits for a key (input()'s C loop only checks signals on EINTR)."""
    import time

    stat = Path(f"/proc/{pid}/stat")
    for _ in range(600):
        if not stat.exists():
            time.sleep(0.5)
            return
        if stat.read_text().rsplit(")", 1)[1].split()[0] == "S":
            return
        time.sleep(0.05)
