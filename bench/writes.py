"""How long a commune's write waits on a province server while another commune imports its plan.

    python bench/writes.py --db postgresql://admin@/bench [--rounds 5]

On a database filled by `make_db.py --db URL` (it needs xã Hoàng Sơn), as its administrator:
adds the login roles of xã Hoàng Sơn and of one new commune per round (passwords in a temporary
folder), then, each round, starts a new commune's `cchc import` of a plan shaped like Kỳ Lạc's
(the longest write: 105 items), waits until it holds the write lock, and runs Hoàng Sơn's
officer's `cchc note` (a short write) meanwhile. It reports, as medians: how long the import held
the lock, the note's time alone and during the import, and how long the note was seen waiting
for a lock (all seen from the server, polled every 5 ms). With one lock for the province the note
waits for the import; with one lock per commune it does not (it only shares the CPU with it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KY_LAC = ROOT / "examples" / "xa-ky-lac-2025.txt"
NOTE_ROLE = "bench_writes_hoang_son"


def cchc(url: str, *args: str) -> float:
    """Run cchc as a process; its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cchc", "--db", url, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"writes: cchc {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def role_url(admin_url: str, role: str, folder: Path) -> str:
    """The administrator's URL as `role`, with its password file."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(admin_url)
    host = parts.netloc.rpartition("@")[2]
    query = "&".join(q for q in (parts.query, f"passfile={folder / role}") if q)
    return urlunsplit((parts.scheme, f"{role}@{host}", parts.path, query, ""))


def add_commune(admin_url: str, name: str, role: str, folder: Path) -> str:
    cchc(admin_url, "province", "add-commune", name, "--role", role, "--password-file", str(folder / role))
    return role_url(admin_url, role, folder)


def commune_plan(folder: Path, n: int) -> tuple[str, Path]:
    """Kỳ Lạc's plan as another commune's: the same 105 items."""
    name = f"Kỳ Tân {n}"
    text = KY_LAC.read_text(encoding="utf-8").replace("Kỳ Lạc", name).replace("KỲ LẠC", name.upper())
    path = folder / f"xa-ky-tan-{n}-2025.txt"
    path.write_text(text, encoding="utf-8")
    return f"xã {name}", path


def lock_held(admin, pid: int) -> bool:
    return admin.execute("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = %s",
                         (pid,)).fetchone() is not None


def waiting(admin, role: str) -> bool:
    """Whether a connection of `role` waits for a lock."""
    return admin.execute("SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                         "WHERE NOT l.granted AND a.usename = %s", (role,)).fetchone() is not None


def timed_write(admin, url: str, role: str, *args: str) -> tuple[float, float]:
    """Run cchc as a process: (its wall time, the time it was seen waiting for a lock)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cchc", "--db", url, *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    waited, last = 0.0, started
    while proc.poll() is None:
        now = time.perf_counter()
        if waiting(admin, role):
            waited += now - last
        last = now
        time.sleep(0.005)
    if proc.returncode != 0:
        sys.exit(f"writes: cchc {' '.join(args)} failed: {proc.stderr.read().strip()}")
    return time.perf_counter() - started, waited


def import_pid(admin, role: str) -> int | None:
    row = admin.execute("SELECT pid FROM pg_stat_activity WHERE usename = %s", (role,)).fetchone()
    return row[0] if row else None


def one_round(admin, admin_url: str, folder: Path, n: int, note_url: str, task: int) -> tuple[float, float, float]:
    """(seconds the import held the lock, seconds of the note run meanwhile, of which waiting for a lock)."""
    name, plan = commune_plan(folder, n)
    role = f"bench_ky_tan_{n}"
    url = add_commune(admin_url, name, role, folder)
    proc = subprocess.Popen([sys.executable, "-m", "cchc", "--db", url, "import", str(plan)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    pid = None
    while pid is None or not lock_held(admin, pid):
        if proc.poll() is not None:
            sys.exit(f"writes: the import ended before it was seen holding the lock: {proc.stderr.read()}")
        pid = pid or import_pid(admin, role)
        time.sleep(0.005)
    held_from = time.perf_counter()
    note, waited = timed_write(admin, note_url, NOTE_ROLE, "note", str(task), f"đôn đốc, vòng {n}")
    while lock_held(admin, pid):
        time.sleep(0.005)
    held = time.perf_counter() - held_from
    if proc.wait() != 0:
        sys.exit(f"writes: the import failed: {proc.stderr.read()}")
    return held, note, waited


def main(argv: list[str] | None = None) -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the province server's URL, as its administrator")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cchc-writes-") as tmp, psycopg.connect(args.db, autocommit=True) as admin:
        folder = Path(tmp)
        stamp = int(time.time()) % 100000
        note_url = add_commune(args.db, "xã Hoàng Sơn", NOTE_ROLE, folder)
        task = admin.execute("SELECT min(t.id) FROM task t JOIN plan p ON p.id = t.plan_id "
                             "WHERE p.commune = 'xã Hoàng Sơn'").fetchone()[0]
        alone = [cchc(note_url, "note", str(task), "đôn đốc") for _ in range(args.rounds)]
        rounds = [one_round(admin, args.db, folder, stamp * 100 + n, note_url, task) for n in range(args.rounds)]
    held, during, waited = ([r[i] * 1000 for r in rounds] for i in range(3))
    print(f"import of a Kỳ Lạc-shaped plan, the lock held: median {statistics.median(held):.0f} ms (max {max(held):.0f})")
    print(f"another commune's `cchc note`: alone {statistics.median(alone) * 1000:.0f} ms, during the import "
          f"{statistics.median(during):.0f} ms (max {max(during):.0f}), of which waiting for a lock "
          f"{statistics.median(waited):.0f} ms (max {max(waited):.0f}); {args.rounds} rounds")


if __name__ == "__main__":
    main()
