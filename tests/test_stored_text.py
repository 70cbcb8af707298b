"""Text is stored without control characters, whoever typed or wrote it (issue 18).

Control characters other than tab and newline, the bidirectional overrides
that make a screen show another order than the one stored, and bytes that are
not UTF-8 are cleaned where every write passes (the store's SQL seam, the
history, the plan draft it stores). Files cchc writes (xlsx, docx) scrub them
too, for databases written before. Spreadsheet exports never start a cell with
anything a spreadsheet would evaluate, full-width signs included.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest

from conftest import AN_LAO

# What may not be stored: C0 but tab and newline, DEL, C1, bidi overrides and isolates, BOM, lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
HOSTILE = "KH s\x0b\x01 12\x1b[2J\x1b]0;TITLE\x07 \u202eLTR\u202c\x00 \x9b31m dòng 1\r\ndòng 2\x7f"


def _texts(db) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text in every table, JSON history values decoded."""
    found = []
    with sqlite3.connect(db) as conn:
        conn.text_factory = lambda b: b.decode("utf-8", "surrogatepass")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            for row in cursor:
                for name, value in zip(names, row):
                    if isinstance(value, str):
                        found.append((table, name, value))
                        if table == "change" and name in ("old", "new"):
                            found.append((table, name, json.dumps(json.loads(value), ensure_ascii=False)))
    return found


def _dirty(db) -> list[tuple[str, str, str]]:
    return [t for t in _texts(db) if FORBIDDEN.search(t[2])]


@pytest.fixture
def an_lao(cli):
    assert cli("import", AN_LAO).exit_code == 0
    return cli


def test_text_typed_on_the_command_line_is_stored_clean(an_lao, db, monkeypatch, tmp_path):
    """The finding: --evidence $'KH s\\x0b\\x01 12' broke `export xlsx` and `report --format docx` for good."""
    monkeypatch.setenv("CCHC_USER", "cán bộ\x1b[31m")
    key = json.loads(an_lao("indicator", "list", "--format", "json").stdout)[0]["key"]
    for args in (["evidence", "1", HOSTILE], ["done", "2", "--on", "12/01/2026", "--evidence", HOSTILE],
                 ["note", "3", HOSTILE], ["set-due", "4", "30/06/2026", "--note", HOSTILE],
                 ["indicator", "record", key, "50", "--period", "2026-Q1", "--source", HOSTILE]):
        result = an_lao(*args, today="15/01/2026")
        assert result.exit_code == 0, (args, result.output)
    assert _dirty(db) == []
    shown = json.loads(an_lao("task", "show", "1", "--format", "json").stdout)["evidence"][0]["text"]
    assert shown == "KH s\n 12[2J]0;TITLE LTR 31m dòng 1\ndòng 2"  # line breaks kept as newlines, the rest gone
    assert an_lao("export", "xlsx", "-o", tmp_path / "ke-hoach.xlsx").exit_code == 0
    assert an_lao("report", "--quarter", "I", "--format", "docx", "-o", tmp_path / "bao-cao.docx").exit_code == 0


def test_an_imported_plan_is_stored_clean_and_re_imports_unchanged(cli, db, tmp_path):
    """The finding: control characters from a CSV import broke `export xlsx` and `report --format docx`."""
    sheet = tmp_path / "xa-ky-son-2026.csv"
    rows = [["Lĩnh vực", "TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            ["tthc", "1", "Rà soát\x1b[2J thủ tục\x01 hành chính", "Phòng\x0b Văn hóa - Xã hội", "Quý I/2026"],
            ["tthc", "2", "Niêm yết \u202ecông khai\u202c", "Văn phòng HĐND và UBND\x7f", "Tháng 6/2026"]]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    sheet.write_text(out.getvalue(), encoding="utf-8")
    assert cli("import", sheet).exit_code == 0
    assert _dirty(db) == []
    tasks = json.loads(cli("task", "list", "--format", "json").stdout)
    assert [t["text"] for t in tasks] == ["Rà soát[2J thủ tục hành chính", "Niêm yết công khai"]
    assert cli("export", "xlsx", "-o", tmp_path / "ke-hoach.xlsx").exit_code == 0
    assert cli("report", "--quarter", "I", "--format", "docx", "-o", tmp_path / "bao-cao.docx",
               today="15/04/2026").exit_code == 0
    sheet.write_text(out.getvalue() + "\n", encoding="utf-8")  # another file, the same plan: nothing to amend
    again = cli("import", sheet)
    assert again.exit_code == 0 and "changed" not in again.stdout.replace("unchanged", ""), again.stdout


def test_bytes_that_are_not_utf8_in_an_argument_are_stored_as_replacement_characters(an_lao, db):
    """Found while testing: an argument with bytes that are not UTF-8 raised UnicodeEncodeError (exit 70)."""
    import os
    import subprocess
    import sys

    argv = [os.fsencode(sys.executable), b"-m", b"cchc", b"--db", os.fsencode(db), b"note", b"1", b"Ghi ch\xff \xed\xa0\x80"]
    done = subprocess.run(argv, capture_output=True, env={**os.environ, "CCHC_LANG": "en"})
    assert done.returncode == 0, done.stderr
    notes = json.loads(an_lao("task", "show", "1", "--format", "json").stdout)["notes"]
    assert [n["text"] for n in notes] == ["Ghi ch\ufffd \ufffd\ufffd\ufffd"]
    assert _dirty(db) == []


def test_files_written_from_an_older_database_are_scrubbed(an_lao, db, tmp_path):
    """Text stored before this cchc cleaned it still exports to Word and Excel."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE task SET text = ? WHERE id = 1", ("Lập\x0b kế hoạch\x01\x1b[2J",))
        conn.execute("UPDATE task SET lead_written = ? WHERE id = 1", ("Phòng\x02 Văn hóa",))
    from openpyxl import load_workbook

    assert an_lao("export", "xlsx", "-o", tmp_path / "k.xlsx").exit_code == 0
    cells = [c.value for row in load_workbook(tmp_path / "k.xlsx")["Kế hoạch"].iter_rows() for c in row]
    assert "Lập\n kế hoạch[2J" in cells
    assert an_lao("report", "--quarter", "I", "--format", "docx", "-o", tmp_path / "b.docx").exit_code == 0


FULL_WIDTH = ["＝HYPERLINK(\"http://evil.example\")", "＋1", "－1", "＠SUM(A1)", "﹦1+1"]


def test_full_width_formula_signs_are_guarded_in_csv_and_xlsx(an_lao, tmp_path):
    """The finding: the full-width ＝ was not guarded (spreadsheets in East-Asian locales evaluate it)."""
    from openpyxl import load_workbook

    for n, text in enumerate(FULL_WIDTH, 1):
        assert an_lao("evidence", str(n), text).exit_code == 0
    assert an_lao("export", "csv", "-o", tmp_path / "k.csv").exit_code == 0
    cells = [c for row in csv.reader(io.StringIO((tmp_path / "k.csv").read_bytes().decode("utf-8-sig"))) for c in row]
    for text in FULL_WIDTH:
        assert "\u200b" + text in cells and text not in cells
    assert an_lao("export", "xlsx", "-o", tmp_path / "k.xlsx").exit_code == 0
    guarded = {c.value: c.quotePrefix for row in load_workbook(tmp_path / "k.xlsx")["Kế hoạch"].iter_rows()
               for c in row if c.value in FULL_WIDTH}
    assert guarded == dict.fromkeys(FULL_WIDTH, True)


def test_clean_text_keeps_what_a_plan_needs():
    from cchc.domain.text import clean_text

    plan = "Phòng Văn hoá – Xã hội\tQuý I/2026\n- Báo cáo: 30/11/2026 ≥ 95% “trước hạn” 👍"
    assert clean_text(plan) == plan
    assert clean_text("a\r\nb\rc\x0bd\x0ce\x85f\u2028g") == "a\nb\nc\nd\ne\nf\ng"
    assert FORBIDDEN.search(clean_text("".join(map(chr, range(0x20))) + "\x7f\x9f\u202e\ufeff\udcff")) is None
