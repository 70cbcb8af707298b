"""Report blocks (cchc/domain/report_blocks.py) as Markdown or as a standalone HTML page.

Both carry what the Word document carries. The title is the first-level
heading and a heading of level n is n + 1 (`##` for I., II.), so none is
skipped. Text from documents is data: Markdown's marks in it are escaped,
HTML is escaped.
"""

from __future__ import annotations

import re
from html import escape as _escape

from cchc.domain.report_blocks import Blank, Heading, Item, Masthead, Para, Report, Signature, Table, Title, plain

_MD_MARKS = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_BULLET = re.compile(r"^(\s*)([-+=])(?=\s)")  # a list item or a setext heading underline
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s)")  # an ordered list item
SIGN_SPACE = "<br>" * 4


def escape(text: str) -> str:
    return _escape(plain(text))


def md(text: str, line_start: bool = True) -> str:
    """Plain text safe inside Markdown: marks escaped, and a leading list mark where a line starts with it."""
    escaped = _MD_MARKS.sub(r"\\\1", plain(text))
    if line_start:
        escaped = _MD_NUMBERED.sub(r"\1\\\2", _MD_BULLET.sub(r"\1\\\2", escaped))
    return escaped.replace("\n", "<br>")


def md_table(header: list[str], rows: list[list[str]], bold_last: bool = False) -> str:
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    for index, row in enumerate(rows):
        bold = bold_last and index == len(rows) - 1
        lines.append("| " + " | ".join(f"**{md(c)}**" if bold and c else md(c) for c in row) + " |")
    return "\n".join(lines)


def _md_masthead(block: Masthead) -> str:
    def side(lines: list[str], bold: int) -> tuple[str, str]:
        return ("<br>".join(f"**{md(line)}**" for line in lines[:bold]) + "<br>―――――",
                "<br>".join(md(line) for line in lines[bold:] if line))

    (left_head, left_rest), (right_head, right_rest) = side(block.left, block.bold_left), side(block.right,
                                                                                              block.bold_right)
    return "| " + left_head + " | " + right_head + " |\n|---|---|\n| " + left_rest + " | " + (
        f"*{right_rest}*" if right_rest else "") + " |"


def _md_block(block) -> str:
    if isinstance(block, Masthead):
        return _md_masthead(block)
    if isinstance(block, Title):
        return "\n\n".join([f"# {md(block.lines[0])}"] + [f"**{md(line)}**" for line in block.lines[1:]])
    if isinstance(block, Heading):
        text = md(block.text, line_start=False)
        return "#" * (block.level + 1) + " " + (f"*{text}*" if block.italic else text)
    if isinstance(block, Para):
        return f"*{md(block.text)}*" if block.italic else md(block.text)
    if isinstance(block, Item):
        return f"- {md(block.text)}"
    if isinstance(block, Blank):
        return f"{'…' * 30} *({md(block.hint)})*"
    if isinstance(block, Table):
        return md_table(block.header, block.rows, block.total_row)
    if isinstance(block, Signature):
        recipients = "<br>".join(md(line) for line in block.recipients[1:])
        return (f"***{md(block.recipients[0])}***<br>{recipients}\n\n"
                + "<br>".join(f"**{md(line)}**" for line in block.authority) + SIGN_SPACE
                + f"**{md(block.name) or '…' * 20}**")
    raise TypeError(type(block).__name__)


def markdown(report: Report) -> str:
    parts: list[str] = []
    previous = None
    for block in report.blocks:
        if parts:  # consecutive items form one list
            parts.append("\n" if isinstance(block, Item) and isinstance(previous, Item) else "\n\n")
        parts.append(_md_block(block))
        previous = block
    return "".join(parts) + "\n"


# -- HTML ---------------------------------------------------------------------

_CSS = """body { font-family: "Times New Roman", serif; font-size: 13pt; max-width: 17cm; margin: 2cm auto; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
p.center, td p { text-align: center; text-indent: 0; margin: 0; }
p.left { text-align: left; text-indent: 0; margin: 0; }
p.blank { background: #ff0; }
hr.rule { width: 35%; border: 0; border-top: 1px solid #000; margin: 2pt auto 4pt; }
td:last-child hr.rule { width: 62%; }
h1 { font-size: 14pt; text-align: center; margin: 12pt 0 0; }
h2, h3, h4 { font-size: 13pt; margin: 6pt 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 12pt; }
table.grid td, table.grid th { border: 1px solid #000; padding: 2pt 4pt; }
table.grid td:nth-child(2) { text-align: left; }
table.grid td { text-align: center; }
tr.total td { font-weight: bold; }
table.plain td { vertical-align: top; width: 50%; }
ul { list-style: none; padding-left: 1cm; margin: 0 0 6pt; }
li { text-align: justify; margin-bottom: 4pt; }
li::before { content: "- "; }
.signing { height: 4.5em; }"""
_RULE = '<hr class="rule">'


def _centred(lines: list[str], tag: str = "") -> str:
    wrap = (lambda t: f"<{tag}>{t}</{tag}>") if tag else (lambda t: t)
    return "".join(f'<p class="center">{wrap(escape(line)) if line else "&nbsp;"}</p>' for line in lines)


def _html_block(block) -> str:
    if isinstance(block, Masthead):
        return ('<table class="plain"><tr><td>' + _centred(block.left[:block.bold_left], "b") + _RULE
                + _centred(block.left[block.bold_left:]) + "</td><td>" + _centred(block.right[:block.bold_right], "b")
                + _RULE + _centred(block.right[block.bold_right:], "i") + "</td></tr></table>")
    if isinstance(block, Title):
        return (f"<h1>{escape(block.lines[0])}</h1>" + _centred(block.lines[1:], "b") + _RULE)
    if isinstance(block, Heading):
        text = f"<i>{escape(block.text)}</i>" if block.italic else escape(block.text)
        return f"<h{block.level + 1}>{text}</h{block.level + 1}>"
    if isinstance(block, Para):
        return f"<p><i>{escape(block.text)}</i></p>" if block.italic else f"<p>{escape(block.text)}</p>"
    if isinstance(block, Item):
        return f"<li>{escape(block.text)}</li>"
    if isinstance(block, Blank):
        return f'<p class="blank">{"…" * 30} <i>({escape(block.hint)})</i></p>'
    if isinstance(block, Table):
        head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
        body = "".join(
            ('<tr class="total">' if block.total_row and i == len(block.rows) - 1 else "<tr>")
            + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for i, row in enumerate(block.rows))
        return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    if isinstance(block, Signature):
        left = f'<p class="left"><b><i>{escape(block.recipients[0])}</i></b></p>' + "".join(
            f'<p class="left">{escape(line)}</p>' for line in block.recipients[1:])
        return (f'<table class="plain"><tr><td>{left}</td><td>' + _centred(block.authority, "b")
                + '<div class="signing"></div>' + _centred([block.name or "…" * 20], "b") + "</td></tr></table>")
    raise TypeError(type(block).__name__)


def html(report: Report) -> str:
    body: list[str] = []
    in_list = False
    for block in report.blocks:
        if isinstance(block, Item) != in_list:
            body.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        body.append(_html_block(block))
    if in_list:
        body.append("</ul>")
    return (f"<!DOCTYPE html>\n<html lang=\"{report.language}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(report.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
