"""Report blocks as a Word document (python-docx), laid out as Nghị định 30/2020/NĐ-CP asks:
A4, Times New Roman 13 (tables 12), margins 2 cm top and bottom, 3 cm left, 2 cm right; page
numbers centred at the top from the second page; a rule under the issuer's name, the motto and the
title; the signature block with room to sign and Nơi nhận beside it.

python-docx is imported inside the functions: this module is loaded only by commands that write Word.
"""

from __future__ import annotations

import io

from cchc.domain.report_blocks import Blank, Heading, Item, Masthead, Para, Report, Signature, Table, Title, plain
from cchc.domain.text import clean_text

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
SIGNING_LINES = 4  # empty lines left for the signature and the seal


def render(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    _page(doc)
    _styles(doc)
    if report.page_numbers:
        _page_numbers(doc)
    doc.core_properties.title = plain(report.title)
    doc.core_properties.language = "vi-VN" if report.language == "vi" else report.language
    for block in report.blocks:
        _BLOCKS[type(block)](doc, block)
    if report.compact:
        _compact(doc)
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


def _compact(doc) -> None:
    """Smaller type, spacing and margins, so that a summary fits on one page: body 11 pt, tables 10 pt."""
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after, normal.paragraph_format.line_spacing = Pt(2), 1.0
    for p in doc.paragraphs:
        if not p.text:  # the space after a table, the rule under the title
            p.paragraph_format.line_spacing = Pt(4)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10)


def _page_numbers(doc) -> None:
    """A PAGE field centred in the top margin of every page but the first (whose header stays empty)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = _fill(section.header.paragraphs[0], "", align="center")
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _para(container, text: str = "", **style):
    return _fill(container.add_paragraph(), text, **style)


def _fill(p, text: str, *, bold=False, italic=False, size=None, align=None, indent=True):
    """Write `text` into paragraph `p`; align None: justified with a first-line indent."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if text:
        run = p.add_run(clean_text(plain(text)))  # text stored by an older cchc may hold characters Word forbids
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, None: WD_ALIGN_PARAGRAPH.JUSTIFY,
                   "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    if indent and align is None:
        p.paragraph_format.first_line_indent = Cm(1)
    return p


def _rule(container, width_cm: float, length_cm: float) -> None:
    """A short centred horizontal rule: an empty paragraph indented to `length_cm` with a bottom border."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(max(0.0, (width_cm - length_cm) / 2))
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(4), Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def _lines(cell, lines: list[str], styles, first: bool = True) -> None:
    """One paragraph per line in a table cell; styles(index) gives each line's style."""
    for index, line in enumerate(lines):
        p = cell.paragraphs[0] if first and index == 0 else cell.add_paragraph()
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


MASTHEAD_CM = (6.0, 10.0)


def _masthead(doc, block: Masthead) -> None:
    """The issuer (bold, ruled) over the number; the motto (bold, ruled) over place and date (italic)."""
    left, right = _borderless(doc, MASTHEAD_CM)
    bold = block.left[:block.bold_left]
    _lines(left, bold, lambda i: {"bold": True, "size": TABLE_PT, "align": "center"})
    _rule(left, MASTHEAD_CM[0], 2.2)
    _lines(left, block.left[block.bold_left:], lambda i: {"size": BODY_PT, "align": "center"}, first=False)
    motto = block.right[:block.bold_right]
    _lines(right, motto, lambda i: {"bold": True, "size": TABLE_PT if i == 0 else BODY_PT, "align": "center"})
    _rule(right, MASTHEAD_CM[1], 6.2)
    _lines(right, block.right[block.bold_right:], lambda i: {"italic": True, "size": BODY_PT, "align": "center"},
           first=False)
    _para(doc, indent=False)


def _title(doc, block: Title) -> None:
    for index, line in enumerate(block.lines):
        p = _para(doc, line, bold=True, size=14 if index == 0 else BODY_PT, align="center")
        p.paragraph_format.space_after = 0
        if index == 0:
            _outline(p, 0)
    _rule(doc, 16.0, 5.0)


def _outline(p, level: int) -> None:
    """The paragraph's level in the document outline (Word's navigation pane), 0 for the title."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    p._p.get_or_add_pPr().append(element)


def _heading(doc, block: Heading) -> None:
    p = _para(doc, block.text, bold=True, italic=block.italic)
    p.paragraph_format.keep_with_next = True
    _outline(p, block.level)


def _text(doc, block: Para) -> None:
    _para(doc, block.text, italic=block.italic)


def _item(doc, block: Item) -> None:
    _para(doc, "- " + block.text)


def _blank(doc, block: Blank) -> None:
    """A dotted line to write on, with its hint in italics, highlighted so that it is filled before signing."""
    from docx.enum.text import WD_COLOR_INDEX

    p = _para(doc, "…" * 28 + " ")
    hint = p.add_run(f"({plain(block.hint)})")
    hint.italic = True
    for run in p.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


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
    """Nơi nhận on the left; on the right the authority, room to sign, and the signer's name (or a line),
    kept on one page."""
    from docx.oxml import OxmlElement

    _para(doc, indent=False)
    for closing in doc.paragraphs[-2:]:  # the closing sentence stays on the page of the signature
        closing.paragraph_format.keep_with_next = True
    left, right = _borderless(doc, (7.0, 9.0))
    left._tc.getparent().get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _lines(left, block.recipients, lambda i: {"bold": i == 0, "italic": i == 0, "size": 12 if i == 0 else 11,
                                              "align": "left"})
    _lines(right, block.authority, lambda i: {"bold": True, "size": BODY_PT, "align": "center"})
    _lines(right, [""] * SIGNING_LINES + [block.name or "…" * 15], lambda i: {"bold": True, "align": "center"},
           first=False)


_BLOCKS = {Masthead: _masthead, Title: _title, Heading: _heading, Para: _text, Item: _item, Blank: _blank,
           Table: _table, Signature: _signature}
