"""The quarterly report as a Word document (python-docx), laid out as administrative documents are:
A4, Times New Roman 13 (tables 12), margins 2 cm top and bottom, 3 cm left, 2 cm right.

python-docx is imported inside the functions: this module is loaded only by `cchc report`.
"""

from __future__ import annotations

import io

from cchc.domain.report import Heading, Item, Masthead, Para, Report, Signature, Table, Title
from cchc.domain.text import clean_text

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12


def render(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    _page(doc)
    _styles(doc)
    doc.core_properties.title = report.title
    doc.core_properties.language = "vi-VN"
    for block in report.blocks:
        _BLOCKS[type(block)](doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    from docx.shared import Cm

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)


def _styles(doc) -> None:
    """Times New Roman on Normal for every script (ascii, hAnsi, east-asian, complex) and Vietnamese proofing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.15


def _para(container, text: str = "", **style):
    return _fill(container.add_paragraph(), text, **style)


def _fill(p, text: str, *, bold=False, italic=False, size=None, align=None, indent=True):
    """Write `text` into paragraph `p`; align None: justified with a first-line indent."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if text:
        run = p.add_run(clean_text(text))  # text stored by an older cchc may hold characters Word forbids
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, None: WD_ALIGN_PARAGRAPH.JUSTIFY,
                   "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    if indent and align is None:
        p.paragraph_format.first_line_indent = Cm(1)
    return p


def _lines(cell, lines: list[str], styles) -> None:
    """One paragraph per line in a table cell; styles(index) gives each line's style."""
    for index, line in enumerate(lines):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _fill(p, line, **styles(index)).paragraph_format.space_after = 0


def _widths(table, widths_cm) -> None:
    """Fixed column widths: the grid (LibreOffice reads it) and every cell (Word reads those)."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _borderless(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    _widths(table, widths_cm)
    return table.rows[0].cells


def _masthead(doc, block: Masthead) -> None:
    left, right = _borderless(doc, (6.0, 10.0))
    _lines(left, block.left, lambda i: {"bold": i < block.bold_left, "size": TABLE_PT, "align": "center"})
    last = len(block.right) - 1
    _lines(right, block.right, lambda i: {"bold": i < block.bold_right, "italic": i == last,
                                          "size": TABLE_PT if i == 0 else BODY_PT, "align": "center"})
    _para(doc, indent=False)


def _title(doc, block: Title) -> None:
    for index, line in enumerate(block.lines):
        p = _para(doc, line, bold=True, size=14 if index == 0 else BODY_PT, align="center")
        p.paragraph_format.space_after = 0
    _para(doc, indent=False)


def _heading(doc, block: Heading) -> None:
    p = _para(doc, block.text, bold=True, italic=block.level == 3)
    p.paragraph_format.keep_with_next = True


def _text(doc, block: Para) -> None:
    _para(doc, block.text, italic=block.italic)


def _item(doc, block: Item) -> None:
    _para(doc, "- " + block.text)


def _table(doc, block: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins: eight number columns fit 16 cm
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "45")  # twentieths of a point: 0.08 cm
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)
    if block.widths:
        _widths(table, block.widths)
    flag = OxmlElement("w:tblHeader")  # the header row repeats on each page
    flag.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(flag)
    for index, values in enumerate([block.header] + block.rows):
        bold = index == 0 or (block.total_row and index == len(block.rows))
        for col, (cell, value) in enumerate(zip(table.rows[index].cells, values)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            text_column = col == 1 and index > 0  # names left, numbers and headers centred
            _fill(cell.paragraphs[0], value, bold=bold, size=TABLE_PT,
                  align="left" if text_column else "center").paragraph_format.space_after = 0
    _para(doc, indent=False)


def _signature(doc, block: Signature) -> None:
    left, right = _borderless(doc, (8, 8))
    _lines(left, block.left, lambda i: {"bold": i == 0, "italic": i == 0, "size": 12 if i == 0 else 11,
                                        "align": "left"})
    _lines(right, block.right, lambda i: {"bold": True, "align": "center"})


_BLOCKS = {Masthead: _masthead, Title: _title, Heading: _heading, Para: _text, Item: _item, Table: _table,
           Signature: _signature}
