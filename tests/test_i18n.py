"""Vietnamese interface: a complete catalog, language choice, help and views in both languages."""

from __future__ import annotations

import gettext
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import AN_LAO, HOANG_SON, ROOT

LOCALE = ROOT / "cchc" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "cchc.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "cchc.mo"
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s for s in strings) and not message.fuzzy


def test_every_string_of_the_code_is_translated():
    from cchc.i18n_catalog import code_messages, command_docstrings

    catalog = _catalog()
    # an ngettext call gives two strings; the catalog files both under the singular
    plural_forms = {m.id[1] for m in catalog if isinstance(m.id, tuple)}
    missing = [m for m in code_messages() + command_docstrings() if m not in plural_forms
               and (catalog.get(m) is None or not _translated(catalog.get(m)))]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]} — run scripts/update_catalog.py and translate"


def test_translations_keep_their_placeholders():
    for message in _catalog():
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), source


def test_compiled_catalog_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalog():
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            assert compiled.gettext(message.id) == message.string, message.id


def cchc(*args, env=None):
    base = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "CCHC_TODAY": "2026-01-10"}
    return subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def plan_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("i18n") / "cchc.db"
    assert cchc("--db", str(path), "import", str(HOANG_SON)).returncode == 0
    return path


@pytest.mark.parametrize("env, words", [
    ({"CCHC_LANG": "vi"}, ["Hạn", "Chủ trì"]),
    ({"CCHC_LANG": "en"}, ["Due", "Lead"]),
    ({"LANG": "vi_VN.UTF-8"}, ["Hạn", "Chủ trì"]),
    ({"LANG": "en_US.UTF-8"}, ["Due", "Lead"]),
])
def test_due_table_speaks_the_chosen_language(plan_db, env, words):
    proc = cchc("--db", str(plan_db), "due", "--quarter", "I", env={"COLUMNS": "160", **env})
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0]
    for word in words:
        assert word in header


def test_help_explains_options_in_vietnamese():
    proc = cchc("due", "--help", env={"CCHC_LANG": "vi"})
    assert proc.returncode == 0
    assert "quý" in proc.stdout and "tháng" in proc.stdout
    assert "Show this message" not in proc.stdout


def test_unknown_task_is_reported_in_vietnamese(plan_db):
    proc = cchc("--db", str(plan_db), "done", "99999", env={"CCHC_LANG": "vi"})
    assert proc.returncode == 2
    assert "99999" in proc.stderr and "không có" in proc.stderr.lower()
    assert len(proc.stderr.strip().splitlines()) == 1


def _commands():
    from cchc.cli import app

    names = []
    for info in app.registered_commands:
        names.append([info.name])
    for group in app.registered_groups:
        names.append([group.name])
        names += [[group.name, c.name] for c in group.typer_instance.registered_commands]
    return names


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_command_help_renders(lang):
    for words in _commands():
        proc = cchc(*words, "--help", env={"CCHC_LANG": lang})
        assert proc.returncode == 0, (words, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_language_detection(monkeypatch):
    from cchc.i18n import detect_language

    for var in ("CCHC_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert detect_language() == "vi"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert detect_language() == "en"
    monkeypatch.setenv("CCHC_LANG", "vi")
    assert detect_language() == "vi"


def test_tables_name_statuses_in_vietnamese_and_json_keeps_the_codes(tmp_path):
    db = str(tmp_path / "cchc.db")
    assert cchc("--db", db, "import", str(AN_LAO)).returncode == 0
    tasks = json.loads(cchc("--db", db, "task", "list", "--area", "the-che", "--format", "json").stdout)
    repeal = next(t["id"] for t in tasks if t["text"] == "Ban hành Quyết định bãi bỏ văn bản QPPL")  # row 9
    assert cchc("--db", db, "start", str(repeal)).returncode == 0

    vi = {"CCHC_LANG": "vi", "COLUMNS": "200"}
    table = cchc("--db", db, "task", "list", "--area", "the-che", env=vi).stdout
    rows = {line.split()[0]: line for line in table.splitlines()[1:]}
    assert rows[str(repeal)].rstrip().endswith("đang thực hiện")
    assert all(line.rstrip().endswith("chưa thực hiện") for tid, line in rows.items() if tid != str(repeal))
    assert "in_progress" not in table and "not_started" not in table

    shown = cchc("--db", db, "task", "show", str(repeal), env=vi).stdout
    assert shown.splitlines()[0].endswith("(Nhiệm vụ) — đang thực hiện")
    assert "chưa thực hiện → đang thực hiện" in shown

    listed = json.loads(cchc("--db", db, "task", "list", "--area", "the-che", "--format", "json", env=vi).stdout)
    assert {t["id"]: t["status"] for t in listed} == {t["id"]: "in_progress" if t["id"] == repeal else "not_started"
                                                      for t in tasks}
    english = cchc("--db", db, "task", "list", "--area", "the-che", env={"CCHC_LANG": "en", "COLUMNS": "200"}).stdout
    assert "in progress" in english and "in_progress" not in english and "đang thực hiện" not in english
