"""Stored text is data on the screen: never markup, never terminal control (issue 18: 9, 13, 14).

Random text built from rich markup (`[red]`, `[/]`, `[link=…]`), escape and OSC
sequences, C1 controls, CR/LF and bidirectional overrides is written into every
text field a view shows (task text, product, lead agency as written, milestone
label and evidence, agency name, plan title and commune, indicator name, notes,
change notes), then every view is rendered on a terminal console and piped.
Nothing may raise; no byte of the output may be ESC except the colours cchc
itself asks rich for; no carriage return; and markup is shown, not interpreted:
every "[" of the stored text reaches the screen of `task show`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HOANG_SON, Cli

SCALE = int(os.environ.get("CCHC_FUZZ_SCALE", "1"))
TODAY = "15/05/2026"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours and bold cchc asks rich for
PIECES = ["[red]", "[/red]", "[/]", "[bold]", "[link=http://evil.example]", "[/link]", "[[", "]", "\\[", ":warning:",
          "\x1b[2J", "\x1b]0;TITLE\x07", "\x1b]8;;http://evil.example\x1b\\", "\x9b31m", "\x07", "\x08", "\x00",
          "\x7f", "\r", "\n", "\r\n", "\t", "\u202e", "\u2028", "- ", "Phòng Văn hóa", "Quý I/2026", " "]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=12).map("".join)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("safety") / "hs.db"
    cli = Cli(db)
    assert cli("import", HOANG_SON).exit_code == 0
    assert cli("done", "1", "--on", "04/01/2026", "--evidence", "KH 1", today=TODAY).exit_code == 0
    assert cli("indicator", "record", "ty-le-giao-dich-thanh-toan", "52", "--period", "2026-Q1", today=TODAY).exit_code == 0
    return db


def _inject(db: Path, text: str) -> None:
    """`text` into every text field the views show, as a damaged or hostile file could have stored it."""
    conn = sqlite3.connect(db)
    try:
        tasks = "(SELECT id FROM task ORDER BY id LIMIT 4)"
        conn.execute(f"UPDATE task SET text = ?, product = ?, lead_written = ?, ref = ? WHERE id IN {tasks}",
                     (text, text, text, text))
        conn.execute(f"UPDATE milestone SET label = ?, evidence = ?, review_reason = ? WHERE task_id IN {tasks}",
                     (text, text, text))
        conn.execute("UPDATE agency SET name = ? WHERE id = (SELECT min(id) FROM agency)", (text,))
        conn.execute("UPDATE plan SET title = ?, commune = ?", (text, text))
        conn.execute("UPDATE indicator SET name = ?", (text,))
        conn.execute("UPDATE evidence SET text = ?", (text,))
        conn.execute("UPDATE change SET note = ?", (text,))
        conn.execute("INSERT INTO note (task_id, text, created_at, plan_id, kind) VALUES (1, ?, '2026-05-01 08:00:00', 1, '')",
                     (text,))
        conn.commit()
    finally:
        conn.close()


VIEWS = [("due", "--all", "--include-undated", "--quarter", "I"), ("overdue",), ("agenda",), ("remind",),
         ("task", "list"), ("task", "show", "1"), ("summary",), ("log",), ("changes", "--since", "01/01/2026"),
         ("plan", "list"), ("plan", "show"), ("indicator", "list"), ("indicator", "show", "ty-le-giao-dich-thanh-toan"),
         ("agency", "list")]


def _views(cli: Cli, text: str) -> dict[tuple, str]:
    out = {}
    for view in VIEWS + [("deadline", text or "x")]:
        result = cli(*view, today=TODAY)
        assert result.exit_code == 0, (view, result.output)
        out[view] = result.output
    return out


def _check(outputs: dict[tuple, str], text: str, terminal: bool) -> None:
    for view, output in outputs.items():
        bare = SGR.sub("", output) if terminal else output
        assert "\x1b" not in bare and "\x9b" not in bare, (view, output[:300])
        assert "\r" not in bare and "\x07" not in bare and "\x00" not in bare, view
        assert "\u202e" not in bare, view
        if not terminal:
            assert bare == output  # piped: no colour either
    screen = SGR.sub("", outputs[("task", "show", "1")])
    assert screen.count("[") >= text.count("[") + 1, (text, screen[:400])  # + the "[1]" of the heading


def _as_terminal(patch, width: int) -> None:
    """cchc's own console, as on a colour terminal of `width` columns (rich reads these variables)."""
    import cchc.render.output

    patch.setattr(cchc.render.output, "is_terminal", lambda: True)
    for name, value in (("TTY_COMPATIBLE", "1"), ("COLORTERM", "truecolor"), ("TERM", "xterm-256color"),
                        ("COLUMNS", str(width))):
        patch.setenv(name, value)
    patch.delenv("NO_COLOR", raising=False)


@settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXTS)
def test_any_stored_text_renders_as_text_on_a_terminal(template, monkeypatch, text):
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "hs.db"
        shutil.copy(template, db)
        _inject(db, text)
        with monkeypatch.context() as patch:
            _as_terminal(patch, 100)
            _check(_views(Cli(db), text), text, terminal=True)
        _check(_views(Cli(db), text), text, terminal=False)


def test_markup_in_a_note_typed_at_the_prompt_is_shown_as_typed(cli, monkeypatch):
    """The cases of the issue: `[/]` crashed the views; `[red]Phòng[/red]` turned red."""
    from rich.console import Console

    import cchc.render.output

    assert cli("import", HOANG_SON).exit_code == 0
    for text in ("[/]", "[red]Phòng[/red]", "[link=http://evil.example]bấm[/link]", "\x1b[2J\x1b]0;TITLE\x07"):
        assert cli("note", "1", text).exit_code == 0
    monkeypatch.setattr(cchc.render.output, "is_terminal", lambda: True)
    monkeypatch.setattr(cchc.render.output, "console", lambda: Console(force_terminal=True, color_system="standard",
                                                                       width=120))
    shown = cli("task", "show", "1").output
    assert "[/]" in shown and "[red]Phòng[/red]" in shown and "[link=http://evil.example]bấm[/link]" in shown
    assert "\x1b[31m" not in shown and "\x1b]" not in shown and "\x1b[2J" not in shown


def test_a_title_with_line_breaks_stays_on_its_line(cli, db):
    assert cli("import", HOANG_SON).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE plan SET title = ?", ("Kế hoạch\r\nCCHC\rnăm 2026",))
    conn.commit()
    conn.close()
    for view in (("plan", "list"), ("plan", "show"), ("summary",)):
        output = cli(*view, today=TODAY).output
        assert "\r" not in output
        assert "Kế hoạch CCHC năm 2026" in output, view


# The texts of the findings, each through every view: the property test above draws at random and may miss one.
FINDINGS = {
    "9 markup that crashed": "Rà soát [/] thủ tục [/red]",
    "13 escape and OSC": "Phòng\x1b[2J Văn hóa\x1b]0;TITLE\x07 \x9b31m",
    "14 hidden link": "[link=http://evil.example]Báo cáo[/link]",
    "14 colour": "[red]Phòng[/red] Tư pháp",
    "14 line breaks": "Kế hoạch\r\nCCHC\rnăm 2026",
}


@pytest.mark.parametrize("text", FINDINGS.values(), ids=FINDINGS.keys())
def test_each_finding_s_text_renders_as_text_in_every_view(template, tmp_path, monkeypatch, text):
    db = tmp_path / "hs.db"
    shutil.copy(template, db)
    _inject(db, text)
    with monkeypatch.context() as patch:
        _as_terminal(patch, 120)
        terminal = _views(Cli(db), text)
        _check(terminal, text, terminal=True)
    _check(_views(Cli(db), text), text, terminal=False)
    shown = SGR.sub("", terminal[("task", "show", "1")])
    if text.isprintable():  # markup shown as typed, not interpreted (task 1's text, on one line at 120 columns)
        assert text in shown
    else:  # control characters shown as their escapes
        assert "\\x1b[2J" in shown or "\\r" not in text
    assert "evil.example" not in "".join(terminal.values()).replace("[link=http://evil.example]", "")


def test_a_title_given_on_the_command_line_is_stored_on_one_line_without_control(cli, tmp_path):
    """The finding: ESC/OSC and a CR/LF in `import --title` reached the terminal raw, across lines."""
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(HOANG_SON.read_text(encoding="utf-8"), encoding="utf-8")
    title = "Kế hoạch\r\nCCHC\x1b]0;TITLE\x07 năm 2026\x1b[2J"
    assert cli("import", plan, "--title", title).exit_code == 0
    for view in (("plan", "list"), ("plan", "show"), ("summary",)):
        output = cli(*view, today=TODAY).output
        assert "\x1b" not in output and "\r" not in output and "\x07" not in output, view
        assert "Kế hoạch CCHC]0;TITLE năm 2026[2J" in output, view  # one line, the controls gone
    [stored] = json.loads(cli("plan", "list", "--format", "json").output)
    assert stored["title"] == "Kế hoạch\nCCHC]0;TITLE năm 2026[2J"  # stored clean: the line break as a newline
