"""Fuzzing the importer: whatever file an officer picks, cchc imports it or refuses it in one line.

"Clean" means: `read_plan` returns a draft whose tasks are well formed, or
raises UserError (ImportRefused); the import service then stores it so that
`cchc db check` finds nothing wrong, or refuses it. Never another exception,
never a reader's failure swallowed into a warning, never exit codes other than
0 or 2. Inputs: random text and bytes, the real plans mutated (rows shuffled,
cells cut, tabs removed, lines duplicated, re-encoded, bytes flipped), Word and
Excel files built from them with their XML mangled, and a 10 MB plan.
Failing examples found are kept in tests/fuzz_regressions/ (see REGRESSIONS).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st

from cchc import state
from cchc.domain.vocabulary import AREAS
from cchc.domain.deadlines import parse_deadline
from cchc.domain.errors import UserError
from cchc.importers.draft import PlanDraft
from cchc.importers.readers import read_plan
from cchc.importers.service import Overrides, import_file
from cchc.store import open_store
from conftest import AN_LAO, HOANG_SON, KY_LAC, MU_CO, ROOT, THIEN_TAN, Cli, run_cchc

EXAMPLE_PLANS = (HOANG_SON, AN_LAO, MU_CO, KY_LAC, THIEN_TAN)
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"
SCALE = int(os.environ.get("CCHC_FUZZ_SCALE", "1"))  # e.g. 40 for a long hunt before a release
FUZZ = settings(max_examples=25 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
LEVELS = {"objective", "task", "activity"}


@lru_cache(maxsize=None)
def plan_lines(name: str) -> tuple[str, ...]:
    return tuple((ROOT / "examples" / name).read_text(encoding="utf-8").split("\n"))


# -- what "clean" means ---------------------------------------------------------------


def check_draft(draft: PlanDraft) -> None:
    for index, task in enumerate(draft.tasks):
        assert task.area in AREAS and task.level in LEVELS, task
        assert task.parent is None or 0 <= task.parent < index, task
        for text in (task.text, task.ref, task.deadline_text, task.lead_agency, *task.cooperating):
            text.encode("utf-8")  # no lone surrogates: it must print and store
    for warning in draft.warnings:
        assert "reader failed" not in warning.reason, warning  # a crash turned into a warning


def tally(outcome: str) -> str:
    """Counted in `pytest --hypothesis-show-statistics`, to see what the fuzzing reached."""
    if currently_in_test_context():
        event(outcome)
    return outcome


def read_outcome(path: Path) -> str:
    """'draft' or 'refused'; any other exception fails the test."""
    try:
        draft, _ = read_plan(path)
    except UserError as exc:
        assert "\n" not in exc.format_message().strip()
        return tally("refused: " + exc.format_message().split(": ", 1)[-1][:40])
    check_draft(draft)
    return tally(f"draft with {'some' if draft.tasks else 'no'} tasks")


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """A database at the current schema, copied for each example (creating one is slow)."""
    path = tmp_path_factory.mktemp("fuzz") / "empty.db"
    assert Cli(path)("db", "init").exit_code == 0
    return path


def import_outcome(path: Path, empty_db: Path, year: str | None = None) -> str:
    """'imported' or 'refused' through the import service, and `db check` clean afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "fuzz.db"
        shutil.copy(empty_db, db)
        saved, state.STATE.db = state.STATE.db, str(db)
        try:
            import_file(path, Overrides.parse(year, None, None))
            outcome = tally("imported")
        except UserError as exc:
            assert "\n" not in exc.format_message().strip()
            outcome = "refused"
            tally("refused: " + exc.format_message().split(": ", 1)[-1][:40])
        finally:
            state.STATE.db = saved
        with open_store(db) as store:
            assert store.read.problems() == []
    return outcome


def write(folder: Path, data: bytes, suffix: str = ".txt") -> Path:
    path = folder / f"plan{suffix}"
    path.write_bytes(data)
    return path


# -- mutations of the real plans ------------------------------------------------------


def _span(draw, lines: list) -> tuple[int, int]:
    start = draw(st.integers(0, max(len(lines) - 1, 0)))
    return start, min(len(lines), start + draw(st.integers(1, 40)))


def shuffle_rows(draw, lines):
    a, b = _span(draw, lines)
    return lines[:a] + draw(st.permutations(lines[a:b])) + lines[b:]


def duplicate_lines(draw, lines):
    a, b = _span(draw, lines)
    return lines[:b] + lines[a:b] + lines[b:]


def delete_lines(draw, lines):
    a, b = _span(draw, lines)
    return lines[:a] + lines[b:]


def _table_line(draw, lines) -> int | None:
    rows = [i for i, line in enumerate(lines) if "\t" in line]
    return draw(st.sampled_from(rows)) if rows else None


def cut_cell(draw, lines):
    i = _table_line(draw, lines)
    if i is None:
        return lines
    cells = lines[i].split("\t")
    k = draw(st.integers(0, len(cells) - 1))
    how = draw(st.sampled_from(["drop", "truncate", "empty"]))
    if how == "drop":
        del cells[k]
    else:
        cells[k] = cells[k][:draw(st.integers(0, len(cells[k])))] if how == "truncate" else ""
    return lines[:i] + ["\t".join(cells)] + lines[i + 1:]


DEADLINE_WORDS = ["Trước ngày", "trước", "Quý", "quý", "I", "II", "III", "IV", "V", "tháng", "năm", "Năm",
                  "hằng năm", "hàng quý", "Định kỳ", "Thường xuyên", "-", ":", ",", ";", ".", "/", "và",
                  "của tháng cuối quý", "06 tháng đầu năm", "cuối năm", "Trước tháng", "chậm nhất ngày", "mùng",
                  "Cả năm", "Trong năm", "giai đoạn", "Sau khi", "Theo yêu cầu", "\n- ", "Báo cáo:", "Kế hoạch kiểm tra:"]
deadline_phrases = st.lists(
    st.one_of(st.sampled_from(DEADLINE_WORDS), st.integers(0, 99999).map(str),
              st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(0, 3000))
              .map(lambda t: f"{t[0]:02d}/{t[1]:02d}/{t[2]}")),
    max_size=12).map(" ".join)
cell_texts = st.one_of(st.text(max_size=60), deadline_phrases)


def replace_cell(draw, lines):
    i = _table_line(draw, lines)
    if i is None:
        return lines
    cells = lines[i].split("\t")
    cells[draw(st.integers(0, len(cells) - 1))] = draw(cell_texts).replace("\t", " ").replace("\n", " ")
    return lines[:i] + ["\t".join(cells)] + lines[i + 1:]


def remove_tabs(draw, lines):
    if draw(st.booleans()):
        return [line.replace("\t", draw(st.sampled_from(["", " ", "  "]))) for line in lines]
    i = _table_line(draw, lines)
    return lines if i is None else lines[:i] + [lines[i].replace("\t", " ")] + lines[i + 1:]


def insert_text(draw, lines):
    i = draw(st.integers(0, len(lines)))
    return lines[:i] + draw(st.text(max_size=200)).split("\n") + lines[i:]


def retitle(draw, lines):
    """The plan's year or period as typed by someone in a hurry."""
    year = draw(st.one_of(st.integers(0, 9999).map(lambda y: f"{y:04d}"), st.integers(0, 99999).map(str),
                          st.tuples(st.integers(0, 9999), st.integers(0, 9999)).map(lambda t: f"{t[0]} - {t[1]}")))
    text = "\n".join(lines)
    for old in ("năm 2026", "năm 2025", "2026 - 2030", "2026-2030"):
        text = text.replace(old, old.split()[0] + " " + year if old.startswith("năm") else year, 1)
    return text.split("\n")


def truncate(draw, lines):
    text = "\n".join(lines)
    return text[:draw(st.integers(0, len(text)))].split("\n")


MUTATIONS = [retitle, shuffle_rows, duplicate_lines, delete_lines, cut_cell, replace_cell, remove_tabs, insert_text, truncate]
ENCODINGS = ["utf-8"] * 8 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1", "nfd", "crlf", "cr"]


def encode(text: str, how: str) -> bytes:
    if how == "nfd":
        return unicodedata.normalize("NFD", text).encode("utf-8")
    if how in ("crlf", "cr"):
        return text.replace("\n", "\r\n" if how == "crlf" else "\r").encode("utf-8")
    return text.encode(how, errors="surrogatepass" if how.startswith("utf") else "replace")


@st.composite
def mutated_lines(draw, name: str | None = None) -> list[str]:
    lines = list(plan_lines(name or draw(st.sampled_from([p.name for p in EXAMPLE_PLANS]))))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), max_size=4)):
        lines = mutation(draw, lines)
    return lines


def flip_bytes(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2, 3])) if out else 0):
        out[draw(st.integers(0, len(out) - 1))] ^= draw(st.integers(1, 255))
    return bytes(out)


@st.composite
def mutated_plans(draw, name: str | None = None) -> bytes:
    """A real plan, mutated, encoded some way, maybe with bytes flipped."""
    data = encode("\n".join(draw(mutated_lines(name))), draw(st.sampled_from(ENCODINGS)))
    return flip_bytes(draw, data)


# -- text exports -------------------------------------------------------------------


@FUZZ
@given(text=st.text(max_size=3000))
def test_random_text_is_a_draft_or_refused(tmp_path, text):
    read_outcome(write(tmp_path, text.encode("utf-8", errors="surrogatepass")))


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", "", ".csv", ".docx", ".xlsx"]))
def test_random_bytes_are_a_draft_or_refused(tmp_path, data, suffix):
    read_outcome(write(tmp_path, data, suffix))


@settings(FUZZ, max_examples=60 * SCALE)
@given(data=mutated_plans())
def test_mutated_plans_are_a_draft_or_refused(tmp_path, data):
    read_outcome(write(tmp_path, data))


@settings(FUZZ, max_examples=40 * SCALE)
@example(data=HOANG_SON.read_bytes(), year="9999")  # found: parse_deadline's ValueError escaped the import
@example(data=HOANG_SON.read_bytes(), year="0000")  # found: --year 0000 was silently ignored
@given(data=mutated_plans(), year=st.sampled_from([None, None, None, "2026", "2026-2030", "0000", "1000", "9999"]))
def test_mutated_plans_import_cleanly(tmp_path, empty_db, data, year):
    import_outcome(write(tmp_path, data), empty_db, year)


@pytest.fixture(scope="module")
def imported_db(empty_db) -> dict[str, Path]:
    """Per example plan, a database holding it as imported (copied for each example)."""
    dbs = {}
    for plan in EXAMPLE_PLANS:
        dbs[plan.name] = empty_db.with_name(f"{plan.stem}.db")
        shutil.copy(empty_db, dbs[plan.name])
        assert Cli(dbs[plan.name])("import", str(plan)).exit_code == 0
    return dbs


@FUZZ
@given(data=st.data(), name=st.sampled_from([p.name for p in EXAMPLE_PLANS]))
def test_mutated_plans_amend_the_imported_plan_cleanly(tmp_path, imported_db, data, name):
    """The same commune and year again: tasks matched, changed, added or removed — or refused."""
    import_outcome(write(tmp_path, data.draw(mutated_plans(name))), imported_db[name])


@settings(FUZZ, max_examples=150 * SCALE)
@given(text=cell_texts, period=st.one_of(st.integers(1000, 9000),
                                         st.tuples(st.integers(1000, 8990), st.integers(0, 10))
                                         .map(lambda t: (t[0], t[0] + t[1]))))
def test_any_deadline_cell_gives_milestones(text, period):
    for m in parse_deadline(text, period):
        assert m.kind in ("ongoing", "event", "unspecified") or m.due is not None or m.needs_review, m
        assert m.start is None or m.due is None or m.start <= m.due, m


def repeated_appendix(folder: Path, size: int) -> Path:
    """Hoàng Sơn with its appendix repeated until the file holds `size` bytes."""
    lines = plan_lines(HOANG_SON.name)
    start = next(i for i, line in enumerate(lines) if line.startswith("Phụ lục"))
    head, appendix = "\n".join(lines[:start]), "\n" + "\n".join(lines[start:])
    copies = (size - len(head.encode())) // len(appendix.encode()) + 1
    path = write(folder, (head + appendix * copies).encode("utf-8"))
    assert path.stat().st_size >= size
    return path


def test_a_10_mb_plan_completes(tmp_path, empty_db):
    """Imported or refused, but the command ends (it took 1.5 min to import 19 500 tasks; now refused)."""
    assert import_outcome(repeated_appendix(tmp_path, 10 * 2**20), empty_db) in ("imported", "refused")


def test_a_1_mb_plan_imports(tmp_path, empty_db):
    """Half the size limit for text: 20 copies of the appendix, each task with its own review flag."""
    assert import_outcome(repeated_appendix(tmp_path, 2**20), empty_db) == "imported"


# -- Word, Excel and CSV ------------------------------------------------------------


def _table_rows(lines) -> list[list[str]]:
    return [line.split("\t") for line in lines if "\t" in line]


@lru_cache(maxsize=None)
def docx_of(name: str) -> bytes:
    """A Word file: the plan's prose as paragraphs, its appendix as one table."""
    from docx import Document

    lines = plan_lines(name)
    doc = Document()
    for line in lines:
        if "\t" not in line and line.strip():
            doc.add_paragraph(line)
    rows = _table_rows(lines)
    table = doc.add_table(rows=len(rows), cols=max(map(len, rows)))
    for row, cells in zip(table.rows, rows):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@lru_cache(maxsize=None)
def xlsx_of(name: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    lines = plan_lines(name)
    title = next((line for line in lines[:20] if "năm" in line.lower()), "")
    sheet.append(["KẾ HOẠCH"])
    sheet.append([title])
    for cells in _table_rows(lines):
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def mangled_zips(draw, build, part: str) -> bytes:
    """The built file with one XML part cut, flipped or spliced; the zip itself stays valid."""
    original = build(draw(st.sampled_from([HOANG_SON.name, MU_CO.name, AN_LAO.name])))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        victim = draw(st.sampled_from([part] * 3 + names))
        for member in names:
            data = src.read(member)
            if member == victim:
                data = draw(st.sampled_from([_cut, _flip, _splice, _drop]))(draw, data)
                if data is None:
                    continue
            dst.writestr(member, data)
    return out.getvalue()


def _cut(draw, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


def _flip(draw, data: bytes) -> bytes:
    return flip_bytes(draw, data)


def _splice(draw, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.one_of(st.binary(max_size=40), st.text(max_size=40).map(str.encode),
                                      st.sampled_from([b"<w:tr>", b"</w:tc>", b"<c r=\"ZZZ99999999\"/>", b"&#0;",
                                                       b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>"]))) + data[at:]


def _drop(draw, data: bytes) -> None:
    return None


@FUZZ
@given(data=mangled_zips(docx_of, "word/document.xml"))
def test_mangled_word_files_are_a_draft_or_refused(tmp_path, data):
    read_outcome(write(tmp_path, data, ".docx"))


@FUZZ
@given(data=mangled_zips(xlsx_of, "xl/worksheets/sheet1.xml"))
def test_mangled_excel_files_are_a_draft_or_refused(tmp_path, data):
    read_outcome(write(tmp_path, data, ".xlsx"))


@FUZZ
@given(lines=mutated_lines(), delimiter=st.sampled_from([",", ";", "\t"]),
       how=st.sampled_from(["utf-8", "utf-8-sig", "cp1258", "utf-16"]))
def test_mutated_csv_files_are_a_draft_or_refused(tmp_path, lines, delimiter, how):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerows([["KẾ HOẠCH"], ["Cải cách hành chính xã Mù Cỏ năm 2026"]])  # the header must come early
    writer.writerows(_table_rows(lines) or [line.split("\t") for line in lines])
    read_outcome(write(tmp_path, encode(out.getvalue(), how), ".csv"))


# -- through the command line ----------------------------------------------------------


@settings(FUZZ, max_examples=15 * SCALE)
@given(data=mutated_plans())
def test_import_command_exits_0_or_2_and_db_check_passes(tmp_path, empty_db, data):
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "cli.db"
        shutil.copy(empty_db, db)
        cli = Cli(db)
        result = cli("import", str(write(Path(folder), data)))
        assert result.exit_code in (0, 2), result.output
        assert cli("db", "check").exit_code == 0


MANGLED = {
    "truncated-mid-table": lambda lines: "\n".join(lines)[:len("\n".join(lines)) * 2 // 3].encode(),
    "utf-16-le-no-bom": lambda lines: "\n".join(lines).encode("utf-16-le"),
    "cp1258": lambda lines: "\n".join(lines).encode("cp1258", errors="replace"),
    "no-tabs": lambda lines: "\n".join(lines).replace("\t", " ").encode(),
    "rows-reversed": lambda lines: "\n".join(lines[:200] + lines[:199:-1]).encode(),
}


@pytest.mark.parametrize("how", sorted(MANGLED))
def test_cchc_process_exits_0_or_2_on_a_mangled_plan(tmp_path, how):
    path = write(tmp_path, MANGLED[how](list(plan_lines(HOANG_SON.name))))
    db = str(tmp_path / "p.db")
    result = run_cchc("--db", db, "import", str(path))
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.returncode == 2:  # refused: nothing stored, not even an empty database
        assert not os.path.exists(db)
    else:
        assert run_cchc("--db", db, "db", "check").returncode == 0


# -- kept failing examples --------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.*")), ids=lambda p: p.name)
def test_kept_fuzz_failures_import_cleanly(tmp_path, empty_db, path):
    """Inputs that once crashed the importer; each file's name says what it was."""
    read_outcome(path)
    import_outcome(path, empty_db)
