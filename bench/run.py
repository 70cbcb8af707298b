"""Time cchc as a user runs it: whole processes, next to Python's own floors.

    python bench/run.py [--runs 7] [--plans 200] [--clock wall|cpu] [--json out.json]
    python bench/run.py --quick          # 1 run, 3 plans, a few commands (the test)
    python bench/run.py --db URL [--commune-db URL]   # also the views on a province server (make_db.py --db URL)
    python bench/run.py --province-scale [750]       # also every plan's tasks as JSON at 750 plans: time, memory

Each round runs every case once, interleaved, so a busy machine slows all of
them alike; the table gives medians, min–max, CPU time (user + sys of the
child), its peak memory, and ratios to the floors `python -c pass`, `import
typer`, `import sqlmodel` measured in the same rounds and, where `task` is on
PATH, to Taskwarrior's equivalent on as many tasks (bench/taskwarrior.py).
Goals are judged on --clock (wall by default; cpu is steadier on a loaded
machine). Exit 0 even when a goal fails, unless --check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_db import EXAMPLES, make_db  # noqa: E402
import taskwarrior  # noqa: E402

TODAY = "2026-05-15"
IMPORT_HOANG_SON = "import xa-hoang-son-2026.txt"
FLOORS = {"python -c pass": ["-c", "pass"], "import typer": ["-c", "import typer"],
          "import sqlmodel": ["-c", "import sqlmodel"]}


@dataclass
class Case:
    name: str
    argv: list[str] | None = None  # None: built per run by `fresh`
    fresh: object = None  # callable(run number) -> argv, for imports into a new database
    tty: bool = False
    env: dict = field(default_factory=dict)  # added to the environment (e.g. a TAB completion request)
    peer: str = ""  # a Taskwarrior case: the cchc case it is the equivalent of
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # the child's peak memory, MiB
    error: str = ""


def cchc_command() -> list[str]:
    """The installed console script next to this Python, else `python -m cchc`."""
    script = Path(sys.executable).parent / ("cchc.exe" if os.name == "nt" else "cchc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cchc"]


# Started fresh (small) for each case, it forks the command and reports the command's own wall time,
# CPU time and peak memory. Linux counts a forked child's memory before exec as its own: forked from
# this script (its template databases, sqlite3), every command would show this script's size.
LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status) & 255)
"""


def run_once(case: Case, argv: list[str], env: dict, tmp: Path) -> None:
    env = {**env, **case.env}
    report = tmp / "usage.txt"
    report.unlink(missing_ok=True)
    if hasattr(os, "fork"):
        argv = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report), *argv]
    start = time.perf_counter()
    code, err = run_on_tty(argv, env) if case.tty else run_piped(argv, env)
    wall = time.perf_counter() - start
    if code != 0:
        case.error = case.error or f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}"
        return
    if report.exists():  # Linux, macOS: the command's own figures, without the launcher's start
        wall, cpu, peak = (float(x) for x in report.read_text().split())
        case.cpu.append(cpu)
        case.rss.append(peak / (1024 if sys.platform != "darwin" else 1024 * 1024))  # KiB on Linux, bytes on macOS
    case.wall.append(wall)


def run_piped(argv: list[str], env: dict) -> tuple[int, str]:
    done = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return done.returncode, done.stderr


def run_on_tty(argv: list[str], env: dict) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal (rich tables, colours), draining it."""
    import pty

    master, slave = pty.openpty()
    os.set_blocking(master, True)
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    done = subprocess.run(argv, env={**env, "COLUMNS": "160"}, cwd=ROOT, stdout=slave, stderr=subprocess.PIPE, text=True)
    os.close(slave)
    drain.join(5)
    os.close(master)
    return done.returncode, done.stderr


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def bench_env(tmp: Path) -> dict:
    """The user's environment, with compiled bytecode cached as after `pip install`.

    PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every run
    recompile cchc from source; a private cache keeps the repo untouched."""
    env = {**os.environ, "CCHC_TODAY": TODAY, "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    for name in ("CCHC_DB", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def has_command(cchc: list[str], name: str, env: dict) -> bool:
    done = subprocess.run(cchc + [name, "--help"], env=env, cwd=ROOT, capture_output=True, text=True)
    return done.returncode == 0


def build_cases(cchc: list[str], one: Path, many: Path, plans: int, quick: bool, tmp: Path, env: dict) -> tuple[list[Case], list[str]]:
    notes = []
    cases = [Case(name, [sys.executable, *args]) for name, args in FLOORS.items()]
    if not quick:  # what a view would pay to read through the ORM instead of sqlite3
        cases.append(Case("import cchc.models (ORM)", [sys.executable, "-c", "import cchc.models"]))
    cases.append(Case("cchc --help", cchc + ["--help"]))
    cases.append(Case("TAB: cchc du<TAB>", cchc, env={"_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc du",
                                                       "COMP_CWORD": "1"}))
    if not quick:
        cases.append(Case("TAB: cchc done <TAB> [1 plan]", cchc, env={
            "_CCHC_COMPLETE": "complete_bash", "COMP_WORDS": "cchc done ", "COMP_CWORD": "2", "CCHC_DB": str(one)}))
    views = [("due --quarter I", ["due", "--quarter", "I"]), ("overdue", ["overdue"]), ("summary", ["summary"]),
             ("task list --format json", ["task", "list", "--format", "json"])]
    if not has_command(cchc, "summary", env):
        views = [v for v in views if v[0] != "summary"]
        notes.append("summary: skipped, `cchc summary` does not exist yet")
    for label, args in views:
        for db, size in ((one, 1), (many, plans)):
            if quick and size == 1 and label != "due --quarter I":
                continue
            cases.append(Case(f"{label} [{size} plan{'s' * (size > 1)}]", cchc + ["--db", str(db), *args]))
    for db, size in ((one, 1), (many, plans)):
        task = current_task(db)
        for label, args in (("task show", ["task", "show", str(task)]), ("log --task", ["log", "--task", str(task)])):
            if not (quick and size == 1):
                cases.append(Case(f"{label} [{size} plan{'s' * (size > 1)}]", cchc + ["--db", str(db), *args]))
    if not quick:
        cases.append(Case("log [1 plan]", cchc + ["--db", str(one), "log"]))
        cases.append(Case("changes --since [1 plan]", cchc + ["--db", str(one), "changes", "--since", "01/01/2026"]))
        cases.append(Case("report -q I [1 plan]", cchc + ["--db", str(one), "report", "-q", "I", "-f", "markdown"]))
        cases.append(Case("report -q I -o .docx [1 plan]", cchc + ["--db", str(one), "report", "-q", "I", "-o",
                                                                   str(tmp / "report.docx")]))
    cases.append(Case("done ID [1 plan]", fresh=lambda n: cchc + [
        "--db", str(copy_db(one, tmp / f"done-{n}.db")), "done", str(current_task(one)), "--on", TODAY]))
    if not quick and os.name != "nt":
        cases.append(Case("due --quarter I [1 plan, terminal]", cchc + ["--db", str(one), "due", "--quarter", "I"], tty=True))
    for example in EXAMPLES[:1] if quick else EXAMPLES:
        path = ROOT / "examples" / example
        cases.append(Case(f"import {example}", fresh=lambda n, p=path: cchc + [
            "--db", str(tmp / f"import-{p.stem}-{n}.db"), "import", str(p)]))
    return cases, notes


def taskwarrior_cases(tw: "taskwarrior.Taskwarrior | None") -> list[Case]:
    """Taskwarrior's equivalent of each cchc case it has one for, on as many tasks as the 1-plan database."""
    if tw is None:
        return []
    return [Case(f"Taskwarrior: {label}", argv if isinstance(argv, list) else None,
                 fresh=None if isinstance(argv, list) else argv, env=tw.env, peer=peer)
            for peer, label, argv in tw.equivalents()]


def province_cases(cchc: list[str], one: Path, province: Path, plans: int) -> list[Case]:
    """Every plan's tasks as JSON: the listing that must stream (memory and time not growing with plans)."""
    args = ["task", "list", "--plan", "all", "--format", "json"]
    return [Case(f"task list --plan all --format json [{size} plan{'s' * (size > 1)}]", cchc + ["--db", str(db), *args])
            for db, size in ((one, 1), (province, plans))]


def current_task(db) -> int:
    """A task of the plan the views show (the last Hoang Son clone): the first one not yet done."""
    from cchc.store import open_store

    with open_store(db) as store:
        return store.db.value("SELECT min(t.id) FROM task t WHERE t.status != 'done' AND t.plan_id = "
                              "(SELECT max(id) FROM plan WHERE commune = 'xã Hoàng Sơn')")


PROVINCE_VIEWS = [("province summary", ["province", "summary"]), ("province summary --quarter I",
                  ["province", "summary", "--quarter", "I"]), ("province overdue --format json",
                  ["province", "overdue", "--format", "json"])]
COMMUNE_VIEWS = [("due --quarter I", ["due", "--quarter", "I"]), ("overdue", ["overdue"]), ("summary", ["summary"]),
                 ("task list --format json", ["task", "list", "--format", "json"])]


def server_cases(cchc: list[str], many: Path, server: str, commune: str | None, plans: int) -> list[Case]:
    """The province views on the file and on the server; the commune views on the server (as the
    administrator, and through row-level security as the commune's role)."""
    cases = []
    for label, args in PROVINCE_VIEWS:
        cases.append(Case(f"{label} [{plans} plans, sqlite]", cchc + ["--db", str(many), *args]))
        cases.append(Case(f"{label} [{plans} plans, postgresql]", cchc + ["--db", server, *args]))
    for who, url in (("postgresql", server), ("postgresql, commune role", commune)):
        if url is None:
            continue
        task = current_task(url)
        for label, args in [*COMMUNE_VIEWS, ("task show", ["task", "show", str(task)])]:
            cases.append(Case(f"{label} [{plans} plans, {who}]", cchc + ["--db", url, *args]))
    return cases


def copy_db(source: Path, target: Path) -> Path:
    """A private copy for a command that writes (made before the timer starts)."""
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def measure(cases: list[Case], runs: int, env: dict, tmp: Path, warm_up: bool = True) -> None:
    for case in cases if warm_up else []:  # page cache, .pyc files
        run_once(Case(case.name, tty=case.tty, env=case.env), case.argv or case.fresh("warm-up"), env, tmp)
    for n in range(runs):
        for case in cases:
            run_once(case, case.argv or case.fresh(n), env, tmp)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(cases: list[Case], clock: str) -> dict:
    by_name = {c.name: c for c in cases}
    floor = {name: median(getattr(by_name[name], clock)) for name in FLOORS}
    peers = {c.peer: median(getattr(c, clock)) for c in cases if c.peer}
    rows = []
    for c in cases:
        m = median(getattr(c, clock))
        rows.append({"case": c.name, "peak_mib": round(max(c.rss), 1) if c.rss else None,
                     "x_taskwarrior": ratio(m, peers.get(c.name, float("nan"))), "median_ms": ms(median(c.wall)), "min_ms": ms(min(c.wall, default=float("nan"))),
                     "max_ms": ms(max(c.wall, default=float("nan"))), "cpu_ms": ms(median(c.cpu)), "runs": len(c.wall),
                     "x_pass": ratio(m, floor["python -c pass"]), "x_typer": ratio(m, floor["import typer"]),
                     "x_sqlmodel": ratio(m, floor["import sqlmodel"]), "error": c.error})
    return {"rows": rows, "floor": floor}


def ms(seconds: float) -> float | None:
    return None if seconds != seconds else round(seconds * 1000)


def seconds(value: float) -> float | None:
    return None if value != value else round(value, 2)


def ratio(a: float, b: float) -> float | None:
    return None if not b or a != a or b != b else round(a / b, 2)


def goals(cases: list[Case], clock: str, plans: int, build_seconds: float | None, province: int | None) -> list[dict]:
    by = {c.name: median(getattr(c, clock)) for c in cases}
    nan = float("nan")
    many = f"due --quarter I [{plans} plans]"
    typer = by["import typer"]
    views = [f"{v} [{plans} plans]" for v in ("due --quarter I", "overdue", "summary", "task list --format json",
                                              "task show", "log --task")]
    slowest = max((by[v] for v in views if v in by), default=float("nan"))
    checks = [
        ("cchc --help <= 1.3 x import typer", ratio(by["cchc --help"], typer), 1.3),
        ("TAB (cchc du<TAB>) <= 1.3 x import typer", ratio(by["TAB: cchc du<TAB>"], typer), 1.3),
        ("slowest of due, overdue, summary, task list, task show, log <= 2.0 x import typer", ratio(slowest, typer), 2.0),
        ("due --quarter I [1 plan] <= 1.2 x import sqlmodel", ratio(by.get("due --quarter I [1 plan]", float("nan")), by["import sqlmodel"]), 1.2),
        (f"due [{plans} plans] <= 1.3 x due [1 plan]", ratio(by.get(many, float("nan")), by.get("due --quarter I [1 plan]", float("nan"))), 1.3),
        (f"task show [{plans} plans] <= 1.2 x due", ratio(by.get(f"task show [{plans} plans]", float("nan")), by.get(many, float("nan"))), 1.2),
        (f"log --task [{plans} plans] <= 1.2 x due", ratio(by.get(f"log --task [{plans} plans]", float("nan")), by.get(many, float("nan"))), 1.2),
        ("done ID [1 plan] <= 2.5 x import typer", ratio(by.get("done ID [1 plan]", nan), typer), 2.5),
        ("import Hoàng Sơn into a new database <= 6 x import typer", ratio(by[IMPORT_HOANG_SON], typer), 6.0),
        ("import Hoàng Sơn <= 2 s", seconds(by[IMPORT_HOANG_SON]), 2.0),
        (f"build the {plans}-plan database <= 120 s", build_seconds, 120.0),
    ]
    if province:
        listing = "task list --plan all --format json [{}]"
        big = next(c for c in cases if c.name == listing.format(f"{province} plans"))
        checks += [
            (f"{listing.format(f'{province} plans')}: peak memory <= 80 MiB", round(max(big.rss), 1) if big.rss else None, 80.0),
            (f"{listing.format(f'{province} plans')} <= 3 x 1 plan", ratio(by[big.name], by[listing.format("1 plan")]), 3.0),
        ]
    return [{"goal": g, "value": v, "limit": lim, "ok": None if v is None else v <= lim} for g, v, lim in checks]


def print_table(result: dict, clock: str) -> None:
    head = ("case", "median ms", "min-max ms", "cpu ms", "peak MiB", "x pass", "x typer", "x sqlmodel", "x Taskwarrior")
    lines = [head]
    for r in result["rows"]:
        if r["error"]:
            lines.append((r["case"], "FAILED: " + r["error"], *[""] * (len(head) - 2)))
            continue
        lines.append((r["case"], str(r["median_ms"]), f"{r['min_ms']}-{r['max_ms']}", _cell(r["cpu_ms"]), _cell(r["peak_mib"]),
                      *(_cell(r[k], "{:.2f}") for k in ("x_pass", "x_typer", "x_sqlmodel", "x_taskwarrior"))))
    widths = [max(len(line[i]) for line in lines if not line[1].startswith("FAILED") or i == 0) for i in range(len(head))]
    for line in lines:
        if line[1].startswith("FAILED"):
            print(f"{line[0]:<{widths[0]}}  {line[1]}")
            continue
        print("  ".join(line[0].ljust(widths[0]) if i == 0 else line[i].rjust(widths[i]) for i in range(len(head))))
    print(f"(ratios of {clock} medians)")


def _cell(value, form: str = "{}") -> str:
    return "-" if value is None else form.format(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 run, 3 plans, a subset of commands (proves it works)")
    parser.add_argument("--runs", type=int, help="rounds per case (default 7; 1 with --quick)")
    parser.add_argument("--plans", type=int, help="plans in the large database (default 200; 3 with --quick)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="what the goals are judged on")
    parser.add_argument("--template", type=Path, help="reuse imported examples (see make_db.py --save-template)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--db", help="a province server filled by make_db.py --db URL with --plans: its views too")
    parser.add_argument("--commune-db", help="the same server as the commune's role (make_db.py --commune-role)")
    parser.add_argument("--province-scale", type=int, nargs="?", const=750, metavar="PLANS",
                        help="also time `task list --plan all --format json` and its peak memory at PLANS plans (750)")
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip Taskwarrior's equivalents even if installed")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 7)
    plans = args.plans or (3 if args.quick else 200)
    if plans < 2 or runs < 1 or (args.province_scale is not None and args.province_scale < 2):
        parser.error("--plans and --province-scale must be at least 2 and --runs at least 1")
    cchc = cchc_command()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = bench_env(tmp)
        template = args.template or tmp / "template.db"
        built = make_db(plans, tmp / "many.db", _date(TODAY), args.template, None if args.template else template)
        build_seconds = None if args.template else built["seconds"]
        one = tmp / "one.db"
        make_db(1, one, _date(TODAY), template)
        print(f"cchc: {' '.join(cchc)}; {runs} run(s); today {TODAY}; {plans}-plan database built in "
              f"{built['seconds']} s{' (template reused)' if args.template else ''}")
        cases, notes = build_cases(cchc, one, tmp / "many.db", plans, args.quick, tmp, env)
        if args.province_scale:
            scale = make_db(args.province_scale, tmp / "province.db", _date(TODAY), template)
            print(f"{args.province_scale}-plan database built in {scale['seconds']} s (from the imported examples)")
            notes.append(f"{args.province_scale}-plan database built in {scale['seconds']} s")
            cases += province_cases(cchc, one, tmp / "province.db", args.province_scale)
        tw_exe = None if args.no_taskwarrior else taskwarrior.executable()
        tw = tw_exe and taskwarrior.Taskwarrior(tw_exe, one, tmp, _date(TODAY), current_task(one))
        cases += taskwarrior_cases(tw or None)
        notes.append(f"Taskwarrior {tw.version}: {tw.size} tasks" if tw else "Taskwarrior: not run (" + (
            "--no-taskwarrior)" if args.no_taskwarrior else "`task` not on PATH)"))
        if args.db:
            cases += server_cases(cchc, tmp / "many.db", args.db, args.commune_db, plans)
        measure(cases, runs, env, tmp, warm_up=not args.quick)
    result = report(cases, args.clock)
    result["goals"] = goals(cases, args.clock, plans, build_seconds, args.province_scale)
    result.update({"runs": runs, "plans": plans, "clock": args.clock, "notes": notes, "python": sys.version.split()[0]})
    print_table(result, args.clock)
    for note in notes:
        print("note:", note)
    print("\ngoals" + (" (--quick: too few runs to mean anything)" if args.quick else ""))
    for g in result["goals"]:
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[g["ok"]]
        print(f"  {verdict:4}  {g['goal']}: {g['value'] if g['value'] is not None else '-'}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    failed = any(c.error for c in cases) or (args.check and any(g["ok"] is False for g in result["goals"]))
    return 1 if failed else 0


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


if __name__ == "__main__":
    sys.exit(main())
