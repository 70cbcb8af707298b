"""`cchc summary --format docx|html`: the meeting summary on one printable page, the same numbers as JSON."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess

import pytest

from conftest import HOANG_SON, KY_LAC

TODAY = "15/04/2026"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def hoang_son(cli):
    ok(cli("import", HOANG_SON))
    ids = {(t["area"], t["ref"].rstrip(".")): t["id"] for t in json.loads(cli("task", "list", "-f", "json").output)}
    ok(cli("done", ids[("tai-chinh", "1")], "--on", "20/03/2026", today=TODAY))
    ok(cli("done", ids[("the-che", "1")], "--on", "10/04/2026", today=TODAY))
    return cli


def _area_numbers(data: dict) -> list[list[str]]:
    keys = ("total", "done_on_time", "done_late", "in_progress", "not_started", "overdue")
    rows = [a for a in data["areas"]] + [data["totals"]]
    return [[str(r[k]) for k in keys] for r in rows]


def test_the_word_page_has_the_summary_s_numbers(hoang_son, tmp_path):
    from docx import Document

    data = json.loads(ok(hoang_son("summary", "-f", "json", today=TODAY)).output)
    out = tmp_path / "s.docx"
    assert "s.docx" in ok(hoang_son("summary", "-f", "docx", "-o", out, today=TODAY)).output
    doc = Document(str(out))
    areas = doc.tables[0]
    assert [c.text for c in areas.rows[0].cells][:3] == ["#", "Area", "Total"]
    assert [[c.text for c in row.cells[2:8]] for row in areas.rows[1:]] == _area_numbers(data)
    assert [row.cells[1].text for row in areas.rows[1:-1]] == [a["name"] for a in data["areas"]]
    texts = [p.text for p in doc.paragraphs]
    assert "as of 15/04/2026" in texts and texts.index("Areas") < texts.index("Needs review")


def test_the_html_page_goes_to_stdout_in_the_interface_s_language(hoang_son):
    page = ok(hoang_son("summary", "-f", "html", "-q", "I", today=TODAY)).output
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">") and "tasks due 01/01/2026 – 31/03/2026" in page
    assert "<td>Cải cách tài chính công</td><td>" in page


def test_long_lists_are_cut_to_fit_and_say_how_many_more(cli, tmp_path):
    ok(cli("import", KY_LAC))
    data = json.loads(ok(cli("summary", "-f", "json", today="20/12/2025")).output)
    page = ok(cli("summary", "-f", "html", today="20/12/2025")).output
    shown = len(re.findall(r"<tr><td>\d+</td>", page))
    listed = min(len(data["agencies"]), 4) + min(len(data["indicators"]), 4) + min(len(data["upcoming"]), 4) \
        + min(len(data["needs_review"]), 3) + len(data["areas"])
    assert shown == listed
    assert len(data["indicators"]) > 4 and f"… and {len(data['indicators']) - 4} more (see cchc summary)." in page
    # the indicators under target or without a value come first
    first = re.search(r"<h2>Indicators</h2>.*?<tbody>(.*?)</tbody>", page, re.S).group(1)
    assert "<td>met</td>" not in first or all(i["latest"] is not None for i in data["indicators"])


@pytest.mark.parametrize("args, words", [(("-f", "docx"), "-o FILE.docx"), (("-o", "x.docx"), "-o goes with"),
                                         (("-f", "csv"), "several tables")])
def test_bad_summary_outputs(hoang_son, args, words):
    result = hoang_son("summary", *args, today=TODAY)
    assert result.exit_code == 2 and words in result.output


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CCHC_CI"),
                    reason="LibreOffice (soffice) is not installed (CI installs it and sets CCHC_CI=1)")
def test_the_word_summary_prints_on_one_page(cli, tmp_path):
    ok(cli("import", KY_LAC))  # 105 tasks, 37 indicators: the longest plan
    out = tmp_path / "s.docx"
    ok(cli("summary", "-f", "docx", "-o", out, today="20/12/2025"))
    profile = tmp_path / "lo-profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pages = re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "s.pdf").read_bytes())
    assert len(pages) == 1
