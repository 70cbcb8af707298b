"""Render a plan's task table into every layout a plan arrives in (the layout invariance test).

A `Plan` is the head of the document (issuer, title) and its items, as the
importer should read them. Each `render_*` writes the same table the way one
source would: a text export with tabs, a Markdown/pipe table, a web page copied
as one cell per line between "|" lines, a list with labels (no table), a Word
file, an Excel sheet, a CSV file; PDFs are made from the Word files by
LibreOffice (`make_pdf`), ruled and borderless, and kept in tests/fixtures/layouts/
because CI has no LibreOffice.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cchc.domain.vocabulary import AREAS

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LEVEL_NAMES = {"objective": "Mục tiêu", "task": "Nhiệm vụ", "activity": "Hoạt động"}
FIELDS = ("area", "ref", "level", "parent", "text", "product", "lead_agency", "cooperating", "deadline_text")
# Header names of the lead column, as plans write them (cchc/domain/table_columns.py).
LEAD_NAMES = ["Cơ quan chủ trì", "Chủ trì", "Đơn vị chủ trì", "Cơ quan thực hiện", "Đơn vị thực hiện",
              "Bộ phận thực hiện", "Cơ quan, đơn vị chủ trì", "Đơn vị chủ trì thực hiện", "CO QUAN CHU TRI",
              "Cơ quan được giao"]


@dataclass
class Plan:
    head: list[str]  # issuer and title lines
    items: list[dict]  # FIELDS, parent as the index of the item above
    hierarchical: bool

    @classmethod
    def of(cls, draft) -> "Plan":
        head = ["ỦY BAN NHÂN DÂN", draft.commune.upper(), "KẾ HOẠCH", draft.title]
        items = [{"area": t.area, "ref": t.ref, "level": t.level, "parent": t.parent, "text": t.text,
                  "product": t.product, "lead_agency": t.lead_agency, "cooperating": list(t.cooperating),
                  "deadline_text": t.deadline_text} for t in draft.tasks]
        return cls(head, items, any(t.level != "task" for t in draft.tasks))


def comparable(tasks) -> list[tuple]:
    """What must be equal in every layout: FIELDS, the parent by its ref."""
    out = []
    for t in tasks:
        row = t if isinstance(t, dict) else {f: getattr(t, f) for f in FIELDS}
        parent = tasks[row["parent"]] if row["parent"] is not None else None
        parent_ref = (parent["ref"] if isinstance(parent, dict) else parent.ref) if parent is not None else None
        out.append(tuple(parent_ref if f == "parent" else
                         tuple(row[f]) if f == "cooperating" else row[f] for f in FIELDS))
    return out


# -- the table, as rows of cells ----------------------------------------------------------


def header(plan: Plan, lead: str) -> list[str]:
    if plan.hierarchical:
        return ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Sản phẩm", lead, "Cơ quan phối hợp", "Thời gian hoàn thành"]
    return ["TT", "Nội dung", "Sản phẩm", lead, "Cơ quan phối hợp", "Thời gian hoàn thành"]


def marker_ref(item: dict) -> bool:
    """"Mục tiêu 2" is written in the level cell, other refs in the TT cell."""
    return item["ref"].startswith(LEVEL_NAMES[item["level"]] + " ")


def cells(plan: Plan, item: dict) -> list[str]:
    details = [item["product"], item["lead_agency"], "; ".join(item["cooperating"]), item["deadline_text"]]
    if not plan.hierarchical:
        return [item["ref"], item["text"]] + details
    levels = ["", "", ""]
    tt = "" if marker_ref(item) else item["ref"]
    text = f"{item['ref']} {item['text']}" if marker_ref(item) else item["text"]
    levels[list(LEVEL_NAMES).index(item["level"])] = text
    return [tt] + levels + details


def sections(plan: Plan):
    """(heading, items) per run of items of one area."""
    runs: list[tuple[str, list[dict]]] = []
    for item in plan.items:
        if not runs or runs[-1][1][-1]["area"] != item["area"]:
            runs.append((f"{ROMAN[len(runs) % 10]}. {AREAS[item['area']].upper()}", []))
        runs[-1][1].append(item)
    return runs


def table(plan: Plan, lead: str) -> list[list[str]]:
    """The rows: the header, then per area a heading row (one cell) and the items."""
    rows = [header(plan, lead)]
    for heading, items in sections(plan):
        rows.append([heading])
        rows += [cells(plan, item) for item in items]
    return rows


# -- text layouts -------------------------------------------------------------------------


def render_tab(plan: Plan, lead: str = LEAD_NAMES[0]) -> str:
    lines = plan.head + [""]
    for row in table(plan, lead):
        lines.append(row[0] if len(row) == 1 else "\t".join(c.replace("\n", " ") for c in row))
    return "\n".join(lines) + "\n"


def render_pipe(plan: Plan, lead: str = LEAD_NAMES[0], rule: bool = True) -> str:
    rows = table(plan, lead)
    width = len(rows[0])
    lines = plan.head + [""]
    for n, row in enumerate(rows):
        if len(row) == 1:
            row = [f"**{row[0]}**"] + [""] * (width - 1)
        lines.append("| " + " | ".join(c.replace("\n", "<br>").replace("|", "\\|") for c in row) + " |")
        if n == 0 and rule:
            lines.append("|" + "---|" * width)
    return "\n".join(lines) + "\n"


def render_cell_per_line(plan: Plan, lead: str = LEAD_NAMES[0]) -> str:
    lines = plan.head + [""]
    for row in table(plan, lead):
        lines.append("|")
        for cell in row:
            if cell:
                lines.append(cell)
            lines.append("|")
        lines.append("")
    return "\n".join(lines) + "\n"


def render_labelled(plan: Plan, lead: str = LEAD_NAMES[0]) -> str:
    """No table: each item a paragraph, its details on labelled lines below it."""
    lines = plan.head + [""]
    for heading, items in sections(plan):
        lines.append(heading)
        for item in items:
            if plan.hierarchical and marker_ref(item):
                lines.append(f"{item['ref']} {item['text']}")
            elif plan.hierarchical:
                lines += [f"{LEVEL_NAMES[item['level']]}: {item['text']}", f"- TT: {item['ref']}"]
            else:
                lines.append(f"{item['ref']} {item['text']}")
            for label, value in (("Sản phẩm", item["product"]), (lead, item["lead_agency"]),
                                 ("Cơ quan phối hợp", "; ".join(item["cooperating"])),
                                 ("Thời gian hoàn thành", item["deadline_text"])):
                if value or label == lead:
                    lines.append(f"- {label}: {value}")
        lines.append("")
    return "\n".join(lines) + "\n"


# -- PDF text: cells broken into short lines, one after another ----------------------------

# Column widths (thousandths of an em, Times) of the PDF-text rendering; each page is a little wider or
# narrower, as tables in one document are.
PDF_TEXT_WIDTHS = {"ref": 1600, "objective": 10600, "task": 9000, "activity": 8200, "text": 15000,
                   "product": 4700, "lead": 4600, "cooperating": 5600, "deadline": 4300}
LEVEL_NUMBERS = {"objective": "1", "task": "2", "activity": "3"}


def wrap(text: str, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`, as a word processor does."""
    from cchc.importers.line_widths import printed_width

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _unbreakable(paragraph.split()):
            if line and printed_width(f"{line} {word}") > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
    return lines


def _unbreakable(words: list[str]) -> list[str]:
    """Words no line breaks between: a list marker and its word ("- Báo"), "HĐND- UBND" (the text could
    not show the space after a hyphen at a line's end)."""
    out: list[str] = []
    for word in words:
        if out and (out[-1] == "-" or out[-1].endswith("-")):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def numbered(plan: Plan) -> Plan:
    """The plan numbered as a PDF table numbers its columns: "1.n" objectives, "2.n" tasks, "3.n" activities,
    counted per section (one-level plans keep their numbers)."""
    if not plan.hierarchical:
        return plan
    counters: dict[tuple[str, str], int] = {}
    items = []
    for item in plan.items:
        key = (item["area"], item["level"])
        counters[key] = counters.get(key, 0) + 1
        items.append({**item, "ref": f"{LEVEL_NUMBERS[item['level']]}.{counters[key]}"})
    return Plan(plan.head, items, True)


def pdf_text_columns(plan: Plan, lead: str, order: list[str] | None = None) -> list[tuple[str, str]]:
    """(field, header name) of each column; `order` puts the detail columns in another order."""
    if plan.hierarchical:
        names = [("ref", "TT"), ("objective", "Mục tiêu"), ("task", "Nhiệm vụ"), ("activity", "Hoạt động")]
        names = [("ref", "TT")] + [(k, f"{n}- {name}") for n, (k, name) in enumerate(names[1:], start=1)]
    else:
        names = [("ref", "TT"), ("text", "Nội dung")]
    details = {"product": "Sản phẩm", "lead": lead, "cooperating": "Cơ quan phối hợp",
               "deadline": "Thời gian hoàn thành"}
    for key in order or list(details):
        number = f"{len(names)}- " if plan.hierarchical else ""
        names.append((key, number + details[key]))
    return names


def _bands(plan: Plan) -> list[list[tuple[str, str, dict]]]:
    """The table as bands: the cells printed one after another for each deepest item, (field, text, item).

    A band holds the item's own cell, its details, and the cells of the items above it that begin with it
    (an objective's cell is printed with its first task's first activity)."""
    items = plan.items
    children = {i: [k for k, other in enumerate(items) if other["parent"] == i] for i in range(len(items))}
    bands, pending = [], []
    for index, item in enumerate(items):
        key = item["level"] if plan.hierarchical else "text"
        prefix = f"{item['ref']}. " if plan.hierarchical else ""
        pending.append((key, prefix + item["text"], item))
        if children[index]:
            continue
        details = {"product": item["product"], "lead": item["lead_agency"],
                   "cooperating": "; ".join(item["cooperating"]), "deadline": item["deadline_text"]}
        bands.append(pending + [(k, v, item) for k, v in details.items()])
        pending = []
    return bands


def render_pdf_text(plan: Plan, lead: str = LEAD_NAMES[0], breaks: tuple[int, ...] = (), rows_per_page: int = 0,
                    order: list[str] | None = None) -> str:
    """The table as a PDF's text comes out: every cell broken at its column width, cells one after another
    (column by column), the header printed again at each page. A page ends inside the band of each index
    in `breaks` (after two lines of it), and after every `rows_per_page` bands. After a header the cells a
    break cut go on in column order, a cell's last line and the next cell's first on one line when the first
    is a one-line rest (as Kỳ Lạc's text shows them)."""
    columns = pdf_text_columns(plan, lead, order)
    position = {key: n for n, (key, _name) in enumerate(columns)}
    page = 0

    def widths() -> dict[str, float]:
        return {k: w * (1 + 0.06 * (page % 3 - 1)) for k, w in PDF_TEXT_WIDTHS.items()}

    def header() -> list[str]:
        out: list[str] = []
        for key, name in columns:
            wrapped = wrap(name, widths()[key if key in PDF_TEXT_WIDTHS else "lead"])
            if out and len(wrapped) == 1 and len(out[-1].split()) <= 3 and not out[-1].startswith("TT"):
                out[-1] += " " + wrapped[0]  # two short header cells on one line ("5- Chủ trì 6- Phối hợp")
            else:
                out += wrapped
        return out

    lines = plan.head + [""] + header()
    section, row = None, 0
    for number, band in enumerate(_bands(plan)):
        area = band[-1][2]["area"]
        if area != section:
            section, row = area, (row if plan.hierarchical else 0)
            lines.append(f"{ROMAN[list(AREAS).index(area)]}. {AREAS[area].upper()}")
        first = band[0][2]
        if plan.hierarchical and first["level"] == "objective":
            row += 1
            lines.append(str(row))
        elif not plan.hierarchical:
            lines.append(first["ref"])
        cells = [(key, wrap(text, widths()[key])) for key, text, _item in sorted(band, key=lambda c: position[c[0]])
                 if text]
        if number in breaks:
            lines += [part for _key, parts in cells for part in parts[:2]]
            page += 1
            lines += header()
            rest = [parts[2:] for _key, parts in cells if len(parts) > 2]
            lines += _tails(rest)
        else:
            lines += [part for _key, parts in cells for part in parts]
        if rows_per_page and (number + 1) % rows_per_page == 0:
            page += 1
            lines += header()
    return "\n\n".join(lines) + "\n"


def _tails(rests: list[list[str]]) -> list[str]:
    out: list[str] = []
    joined = False
    for rest in rests:
        if joined and out:
            out[-1] += " " + rest[0]
            rest = rest[1:]
        out += rest
        joined = len(rest) == 1
    return out


# -- files --------------------------------------------------------------------------------


def render_docx(plan: Plan, path: Path, lead: str = LEAD_NAMES[0], borderless: bool = False) -> Path:
    """The plan as a Word file; `borderless`: a table with no ruling lines (as some document systems print)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = Document()
    doc.styles["Normal"].font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    for line in plan.head:
        doc.add_paragraph(line)
    rows = table(plan, lead)
    width = len(rows[0])
    grid = doc.add_table(rows=0, cols=width)
    if not borderless:
        grid.style = "Table Grid"
    grid.autofit = False
    widths = [1.2, 4.5, 4.5, 4.5, 3, 3, 3, 3] if plan.hierarchical else [1.2, 9, 4, 3.5, 4, 4]
    for n, row in enumerate(rows):
        cells_ = grid.add_row().cells
        for cell, cm in zip(cells_, widths):
            cell.width = Cm(cm)
        if len(row) == 1:
            merged = cells_[0].merge(cells_[-1])
            merged.text = row[0]
            continue
        for cell, text in zip(cells_, row):
            parts = text.split("\n")
            cell.text = parts[0]
            for part in parts[1:]:
                cell.add_paragraph(part)
        if n == 0:  # repeated at the top of every page
            flag = OxmlElement("w:tblHeader")
            grid.rows[0]._tr.get_or_add_trPr().append(flag)
    doc.save(path)
    return path


def sheet_rows(plan: Plan, lead: str) -> list[list[str]]:
    return [[line] for line in plan.head] + [[]] + table(plan, lead)


def render_xlsx(plan: Plan, path: Path, lead: str = LEAD_NAMES[0]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in sheet_rows(plan, lead):
        book.active.append(row)
    book.save(path)
    return path


def render_csv(plan: Plan, path: Path, lead: str = LEAD_NAMES[0]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(sheet_rows(plan, lead))
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def make_pdf(docx: Path, folder: Path) -> Path:
    """A PDF of `docx`, printed by LibreOffice (as an officer's "Save as PDF" would)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise RuntimeError("LibreOffice is needed to make the PDF fixtures (apt-get install libreoffice-writer)")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return folder / (docx.stem + ".pdf")


def slug(name: str) -> str:
    from cchc.domain.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


# -- the PDF fixtures ---------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"
PDF_LEADS = (LEAD_NAMES[0], "Đơn vị thực hiện")  # one PDF per plan and lead-column name


def pdf_name(stem: str, lead: str, borderless: bool = False) -> str:
    name = stem if lead == LEAD_NAMES[0] else f"{stem}-{slug(lead)}"
    return f"{name}-borderless.pdf" if borderless else f"{name}.pdf"


def write_pdf_fixtures(examples: Path) -> None:
    """tests/fixtures/layouts/<plan>.pdf and the items it was made from (<plan>.json)."""
    import json
    import tempfile

    from cchc.importers.readers import read_plan

    FIXTURES.mkdir(parents=True, exist_ok=True)
    for example in sorted(examples.glob("*.txt")):
        plan = Plan.of(read_plan(example)[0])
        made_from = FIXTURES / f"{example.stem}.json"
        current = made_from.exists() and json.loads(made_from.read_text(encoding="utf-8"))["items"] == plan.items
        for lead, borderless in [(lead, False) for lead in PDF_LEADS] + [(LEAD_NAMES[0], True)]:
            pdf = FIXTURES / pdf_name(example.stem, lead, borderless)
            if current and pdf.exists():
                continue  # up to date (printing it again only changes its dates)
            with tempfile.TemporaryDirectory() as folder:
                docx = render_docx(plan, Path(folder) / f"{example.stem}.docx", lead, borderless)
                shutil.copy(make_pdf(docx, Path(folder)), pdf)
        (FIXTURES / f"{example.stem}.json").write_text(
            json.dumps({"head": plan.head, "hierarchical": plan.hierarchical, "items": plan.items},
                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python tests/layouts.py: make the PDF fixtures again (needs LibreOffice)
    write_pdf_fixtures(Path(__file__).resolve().parent.parent / "examples")
