"""The daily screens on a real terminal: every width, both languages, the right numbers.

Each view runs as a separate process on a pseudo-terminal of 80, 100, 120 and
200 columns, in English and in Vietnamese, on Hoàng Sơn with work recorded.
Every line fits the width, and every id, number and date in the table equals
the JSON value of that row.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading

import pytest

from conftest import HOANG_SON, ROOT

TODAY = "2026-05-15"
WIDTHS = (80, 100, 120, 200)
LANGS = ("en", "vi")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def _on_terminal(db, width: int, lang: str, *args: str, colours: bool = False) -> str:
    """stdout of `cchc --db DB --today TODAY ARGS` on a pseudo-terminal of `width` columns, colours removed
    (kept with colours=True)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    chunks: list[bytes] = []

    def drain():
        try:
            while data := os.read(master, 65536):
                chunks.append(data)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, "CCHC_LANG": lang, "COLUMNS": str(width), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-m", "cchc", "--db", str(db), "--today", TODAY, *args], stdout=slave,
                          stderr=subprocess.PIPE, env=env, cwd=ROOT, timeout=120)
    os.close(slave)
    reader.join(10)
    os.close(master)
    assert done.returncode == 0, done.stderr.decode()
    screen = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return screen if colours else SGR.sub("", screen)


def _json(db, *args: str):
    done = subprocess.run([sys.executable, "-m", "cchc", "--db", str(db), "--today", TODAY, *args, "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, "CCHC_LANG": "en"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _cli(db, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "cchc", "--db", str(db), "--today", TODAY, *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, (args, done.stderr)


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    """Hoàng Sơn with work recorded: tasks done on time and late, started, dropped; notes, evidence, values."""
    db = tmp_path_factory.mktemp("screens") / "hs.db"
    _cli(db, "import", str(HOANG_SON))
    tasks = _json(db, "task", "list")
    first = [t["id"] for t in tasks[:6]]
    _cli(db, "done", str(first[0]), "--on", "04/01/2026", "--evidence", "Kế hoạch số 12/KH-UBND ngày 03/01/2026")
    _cli(db, "done", str(first[1]), "--on", "20/04/2026")
    _cli(db, "start", str(first[2]), str(first[3]))
    _cli(db, "drop", str(first[4]), "--reason", "- không còn phù hợp")
    _cli(db, "note", str(first[5]), "- gọi điện nhắc lần 2")
    key = _json(db, "indicator", "list")[0]["key"]
    _cli(db, "indicator", "record", key, "52,5", "--period", "2026-Q1")
    return db


def _cells(line: str) -> list[str]:
    """The cells of a table line: between rules in a boxed table, between spaces in a compact one."""
    if line.startswith(("│", "┃")):
        return [c.strip() for c in line.strip().strip("│┃").replace("┃", "│").split("│")]
    return line.split()


def _table_rows(screen: str, columns: int) -> list[list[str]]:
    """The first line of each row of a table, header first: a row's first line has its first cell filled
    (ids are right-justified, so in a compact table that cell is as wide as the header's first word)."""
    rows, first = [], None
    for line in screen.splitlines():
        if not line.strip() or line[0] in "╭╰┏┡└┗━─":
            continue
        if not line.startswith(("│", "┃")):
            first = first or len(line.split()[0])
            if not line[:first].strip():
                continue
        cells = _cells(line)
        if len(cells) >= columns and cells[0]:
            rows.append(cells)
    return rows


def _widths_fit(screen: str, width: int) -> None:
    from cchc.render.layout import text_width

    for line in screen.splitlines():
        assert text_width(line) <= width, (width, line)


def _day(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_due_and_overdue_show_the_ids_and_dates_of_their_json(worked, width, lang):
    for args in (("due", "--quarter", "I", "--all"), ("overdue",)):
        screen = _on_terminal(worked, width, lang, *args)
        _widths_fit(screen, width)
        expected = [[str(r["task_id"]), str(r["milestone"]), _day(r["due"])] for r in _json(worked, *args)]
        rows = [cells[:3] for cells in _table_rows(screen, 4)[1:]]  # the header row first
        assert rows == expected, (args, width, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_task_list_shows_every_id_and_status(worked, width, lang):
    screen = _on_terminal(worked, width, lang, "task", "list")
    _widths_fit(screen, width)
    tasks = _json(worked, "task", "list")
    rows = _table_rows(screen, 4)[1:]
    assert [r[0] for r in rows] == [str(t["id"]) for t in tasks]
    from cchc.domain.vocabulary import STATUS_NAMES

    words = {code: names[lang == "vi"] for code, names in STATUS_NAMES.items()}
    assert [r[-1] for r in rows] == [words[t["status"]] for t in tasks]


@pytest.mark.parametrize("width", (80, 120))
def test_a_long_task_text_takes_four_lines_at_most_and_says_it_goes_on(worked, width):
    """Found at 80 columns: one task's text folded over 18 lines, so a screen showed two tasks."""
    screen = _on_terminal(worked, width, "vi", "task", "list")
    _widths_fit(screen, width)
    tasks = {str(t["id"]): t["text"] for t in _json(worked, "task", "list")}
    texts: dict[str, list[str]] = {}
    current = None
    for line in screen.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) > 3:
            current = cells[0] or current
            texts.setdefault(current, []).append(cells[3])
    assert set(texts) == set(tasks)
    for tid, lines in texts.items():
        lines = [line for line in lines if line]
        assert len(lines) <= 4, (tid, lines)
        shown = " ".join(lines)
        whole = " ".join(tasks[tid].split())
        if shown.endswith("…"):
            assert whole.startswith(shown[:-1].rstrip(" ,;:")) and len(shown) - 1 < len(whole), (tid, shown)
        else:
            assert shown == whole, (tid, shown)
    assert any(" ".join(lines).endswith("…") for lines in texts.values())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_summary_counts_are_whole_at_any_width(worked, width, lang):
    screen = _on_terminal(worked, width, lang, "summary")
    _widths_fit(screen, width)
    data = _json(worked, "summary")
    counted = {}
    for line in screen.splitlines():
        cells = [c for c in _cells(line.strip().strip("│").strip()) if c != ""]
        if cells and cells[0] in {a["area"] for a in data["areas"]} and len(cells) > 8:
            counted[cells[0]] = cells
    assert set(counted) == {a["area"] for a in data["areas"]}
    for area in data["areas"]:
        numbers = [c for c in counted[area["area"]] if re.fullmatch(r"\d+", c)]
        assert numbers == [str(area[k]) for k in ("total", "done_on_time", "done_late", "in_progress", "not_started",
                                                   "overdue", "dropped")], (area["area"], width, lang)
        pct = area["pct_done"]
        if pct is not None:
            assert any(c.endswith("%") and c[:-1].replace(",", ".") == f"{round(pct, 2):g}" for c in counted[area["area"]])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_task_show_log_and_indicators_keep_numbers_and_dates_whole(worked, width, lang):
    task = _json(worked, "task", "list")[0]
    screen = _on_terminal(worked, width, lang, "task", "show", str(task["id"]))
    _widths_fit(screen, width)
    rows = _table_rows(screen, 5)
    numbered = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in numbered] == [str(n) for n in range(1, len(task["milestones"]) + 1)]
    for row, milestone in zip(numbered, task["milestones"]):
        assert _day(milestone["due"]) in row and (not milestone["done_on"] or _day(milestone["done_on"]) in row)

    screen = _on_terminal(worked, width, lang, "log")
    _widths_fit(screen, width)
    ops = [str(c["operation_id"]) for c in _json(worked, "log")]
    assert [r[1] for r in _table_rows(screen, 4)[1:]] == ops

    screen = _on_terminal(worked, width, lang, "indicator", "list")
    _widths_fit(screen, width)
    recorded = next(i for i in _json(worked, "indicator", "list") if i["latest"])
    row = next(r for r in _table_rows(screen, 3) if r[0] == recorded["key"])
    latest = f"{recorded['latest']['value']:g}".replace(".", "," if lang == "vi" else ".") + "%"
    assert latest in row


def test_narrow_terminals_drop_the_box_then_stack_rows_instead_of_cutting(worked):
    rows = _json(worked, "due", "--quarter", "I", "--all")
    screen = _on_terminal(worked, 40, "en", "due", "--quarter", "I", "--all")
    _widths_fit(screen, 40)
    assert "│" not in screen  # no room for rules: one space between columns
    assert [r[:3] for r in _table_rows(screen, 3)[1:]] == [[str(r["task_id"]), str(r["milestone"]), _day(r["due"])]
                                                          for r in rows]
    screen = _on_terminal(worked, 28, "en", "due", "--quarter", "I", "--all")
    _widths_fit(screen, 28)
    for row in rows:
        assert re.search(rf"^ID\s+{row['task_id']}\s*$", screen, re.M)
        assert re.search(rf"^Due\s+{_day(row['due'])}\s*$", screen, re.M)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (80, 120))
def test_every_other_view_fits_the_width(worked, width, lang):
    """(`remind` is left out: its message is for pasting, so its lines are not broken at the window's edge.)"""
    key = _json(worked, "indicator", "list")[0]["key"]
    for args in (("agenda",), ("plan", "list"), ("plan", "show"), ("agency", "list"),
                 ("indicator", "show", key), ("changes", "--since", "01/01/2026"), ("db", "status"),
                 ("deadline", "- Kế hoạch kiểm tra: quý I/2026. - Báo cáo kết quả thực hiện: tháng 11/2026."),
                 ("--help",), ("done", "--help")):
        _widths_fit(_on_terminal(worked, width, lang, *args), width)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_agenda_shows_every_count_id_and_date_of_its_json(worked, width, lang):
    """Found at 80 columns: the counts per area of a month were cut at the edge ("chi-dao 6  the-…")."""
    for args in (("agenda",), ("agenda", "--by", "quarter")):
        screen = _on_terminal(worked, width, lang, *args)
        _widths_fit(screen, width)
        buckets = _json(worked, *args)
        shown_items = re.findall(r"^  (\d\d/\d\d/\d{4})  \[(\d+) #(\d+)\]", screen, re.M)
        assert shown_items == [(_day(r["due"]), str(r["task_id"]), str(r["milestone"]))
                               for b in buckets for r in b["items"]], (args, width, lang)
        counts = [line for line in screen.splitlines() if not line.startswith("  ") or line.startswith("   ")]
        shown_areas = re.findall(r"(?:^|  )([a-z]+(?:-[a-z]+)*) (\d+)(?=  |$)", "\n".join(counts), re.M)
        assert shown_areas == [(code, str(n)) for b in buckets for code, n in b["areas"].items() if n], (args, width)


@pytest.mark.parametrize("lang", LANGS)
def test_log_names_every_field_in_words(tmp_path, lang):
    """Found at 80 columns: `current_plan.plan_id` shown as the field of `plan use`, and an empty box for the undone mark."""
    db = tmp_path / "two.db"
    _cli(db, "import", str(HOANG_SON), str(ROOT / "examples" / "xa-an-lao-2026.txt"))
    _cli(db, "plan", "use", "1")
    _cli(db, "agency", "merge", "Phòng Kinh tế", "Văn phòng HĐND và UBND")
    screen = _on_terminal(db, 80, lang, "log")
    _widths_fit(screen, 80)
    assert not re.search(r"[a-z]+_[a-z_]*\.|\.[a-z]+_[a-z]+|_id\b", screen), screen
    assert {"en": "current plan", "vi": "kế hoạch hiện hành"}[lang] in screen
    assert "┃  ┃" not in screen and "│  │" not in screen


@pytest.mark.parametrize("width", (80, 120))
def test_log_strikes_through_what_was_undone_at_any_width(tmp_path, width):
    """Found at 80 columns: the "undone by N" column had no room, so a change undone since looked as if it held."""
    db = tmp_path / "undone.db"
    _cli(db, "import", str(HOANG_SON))
    _cli(db, "done", "5", "-e", "Báo cáo số 3")
    _cli(db, "undo", "--yes")
    lines = [line for line in _on_terminal(db, width, "en", "log", "--task", "5", colours=True).splitlines()
             if re.search(r"│\S*\s*\S*\d\d/\d\d/\d{4} \d\d:\d\d", SGR.sub("", line))]
    struck = {SGR.sub("", line).split("│")[2].strip(): "\x1b[2;9m" in line for line in lines}
    assert struck == {"2": True, "3": False}, lines


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_show_gives_each_value_with_its_unit(worked, lang):
    """Found at 80 columns: `indicator show` gave "56" where `indicator list` gave "56%"."""
    recorded = next(i for i in _json(worked, "indicator", "list") if i["latest"])
    screen = _on_terminal(worked, 80, lang, "indicator", "show", recorded["key"])
    _widths_fit(screen, 80)
    shown = f"{recorded['latest']['value']:g}".replace(".", "," if lang == "vi" else ".") + "%"
    row = next(r for r in _table_rows(screen, 4) if r[0] == recorded["latest"]["period"])
    assert shown in row, row
    assert re.search(rf"^{re.escape(recorded['latest']['period'])} .* {re.escape(shown)}$", screen, re.M)  # the chart
