"""The quarterly report (cchc/domain/report.py blocks) as Markdown or as a standalone HTML page."""

from __future__ import annotations

from html import escape

from cchc.domain.report import Heading, Item, Masthead, Para, Report, Signature, Table, Title


# -- Markdown -----------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def md_table(header: list[str], rows: list[list[str]], bold_last: bool = False) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    for index, row in enumerate(rows):
        bold = bold_last and index == len(rows) - 1
        lines.append("| " + " | ".join(f"**{_md_cell(c)}**" if bold and c else _md_cell(c) for c in row) + " |")
    return "\n".join(lines)


def _md_block(block) -> str:
    if isinstance(block, Masthead):
        def side(lines: list[str], bold: int) -> tuple[str, str]:
            head = "<br>".join(f"**{line}**" for line in lines[:bold])
            return head, "<br>".join(line for line in lines[bold:] if line)

        (left_head, left_rest), (right_head, right_rest) = (side(block.left, block.bold_left),
                                                            side(block.right, block.bold_right))
        return md_table([left_head, right_head], [[left_rest, f"*{right_rest}*" if right_rest else ""]])
    if isinstance(block, Title):
        return "\n\n".join([f"# {block.lines[0]}"] + [f"**{line}**" for line in block.lines[1:]])
    if isinstance(block, Heading):
        return {1: "## ", 2: "### "}.get(block.level, "#### ") + block.text
    if isinstance(block, Para):
        return f"*{block.text}*" if block.italic else block.text
    if isinstance(block, Item):
        return f"- {block.text}"
    if isinstance(block, Table):
        return md_table(block.header, block.rows, block.total_row)
    if isinstance(block, Signature):
        return (f"**{block.left[0]}**\n" + "\n".join(block.left[1:]) + "\n\n"
                + "<br>".join(f"**{line}**" for line in block.right))
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
h1 { font-size: 14pt; text-align: center; margin: 12pt 0 0; }
h2, h3, h4 { font-size: 13pt; margin: 6pt 0; }
h4 { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 12pt; }
table.grid td, table.grid th { border: 1px solid #000; padding: 2pt 4pt; }
table.grid td:nth-child(2) { text-align: left; }
table.grid td { text-align: center; }
tr.total td { font-weight: bold; }
table.plain td { vertical-align: top; width: 50%; }
ul { list-style: none; padding-left: 1cm; margin: 0 0 6pt; }
li { text-align: justify; margin-bottom: 4pt; }
li::before { content: "- "; }"""


def _lines_html(lines: list[str], bold: int, italic_last: bool = False) -> str:
    out = []
    for index, line in enumerate(lines):
        text = escape(line) or "&nbsp;"
        if index < bold:
            text = f"<b>{text}</b>"
        if italic_last and index == len(lines) - 1:
            text = f"<i>{text}</i>"
        out.append(f'<p class="center">{text}</p>')
    return "".join(out)


def _html_block(block) -> str:
    if isinstance(block, Masthead):
        return ('<table class="plain"><tr><td>' + _lines_html(block.left, block.bold_left) + "</td><td>"
                + _lines_html(block.right, block.bold_right, italic_last=True) + "</td></tr></table>")
    if isinstance(block, Title):
        return f"<h1>{escape(block.lines[0])}</h1>" + "".join(
            f'<p class="center"><b>{escape(line)}</b></p>' for line in block.lines[1:])
    if isinstance(block, Heading):
        tag = {1: "h2", 2: "h3"}.get(block.level, "h4")
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Para):
        return f"<p><i>{escape(block.text)}</i></p>" if block.italic else f"<p>{escape(block.text)}</p>"
    if isinstance(block, Item):
        return f"<li>{escape(block.text)}</li>"
    if isinstance(block, Table):
        head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
        body = "".join(
            ('<tr class="total">' if block.total_row and i == len(block.rows) - 1 else "<tr>")
            + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for i, row in enumerate(block.rows))
        return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    if isinstance(block, Signature):
        left = "".join(f"<p style='text-align:left;text-indent:0;margin:0'>{'<b><i>' if i == 0 else ''}"
                       f"{escape(line)}{'</i></b>' if i == 0 else ''}</p>" for i, line in enumerate(block.left))
        return (f'<table class="plain"><tr><td>{left}</td><td>'
                + _lines_html(block.right, len(block.right)) + "</td></tr></table>")
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
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(report.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
