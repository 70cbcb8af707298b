"""`cchc template`: an empty plan spreadsheet with the columns of cchc/domain/sheet_columns.py."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from cchc.i18n import _
from cchc.render.output import say


class SheetFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


def template_cmd(
    output: Path = typer.Option(..., "--output", "-o", help=_("The file to write (.xlsx or .csv)."), metavar=_("FILE")),
    fmt: Optional[SheetFormat] = typer.Option(None, "--format", "-f", case_sensitive=False,
                                              help=_("xlsx or csv (default: from the file name, else xlsx).")),
    delimiter: str = typer.Option(",", "--delimiter", help=_("CSV only: ',' or ';' (Excel in Vietnamese uses ';')."),
                                  metavar="CHAR"),
    force: bool = typer.Option(False, "--force", help=_("Replace FILE if it exists.")),
) -> None:
    """Write an empty plan spreadsheet to fill in and import: the columns, two example rows, the area codes."""
    from cchc.domain.errors import UserError

    kind = fmt.value if fmt else ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    if output.suffix.lower() != f".{kind}":
        raise UserError(_("-o {path}: a {kind} template needs a file name ending in .{kind}").format(path=output, kind=kind))
    if delimiter not in (",", ";"):
        raise UserError(_("--delimiter: '{value}' is not ',' or ';'").format(value=delimiter))
    if output.exists() and not force:
        raise UserError(_("{path}: already exists; use --force to replace it").format(path=output))
    data = xlsx_template() if kind == "xlsx" else csv_template(delimiter).encode("utf-8-sig")
    from cchc.files import write_file

    write_file(output, data)
    say(_("Wrote the {kind} template to {path}; fill it in, then: cchc import {path}").format(kind=kind, path=output))


def csv_template(delimiter: str) -> str:
    """Header and the example rows; no title block (explanations are in the README)."""
    import csv
    import io

    from cchc.domain import sheet_columns as sc

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(sc.HEADERS)
    writer.writerows([example.get(c.key, "") for c in sc.COLUMNS] for example in sc.EXAMPLES)
    return out.getvalue()


def xlsx_template() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    _plan_sheet(book.active)
    _guide_sheet(book.create_sheet("Hướng dẫn"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plan_sheet(sheet) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from cchc.domain import sheet_columns as sc
    from cchc.domain.vocabulary import AREAS

    sheet.title = "Kế hoạch"
    for key, vi, en in sc.TITLE_FIELDS:  # label in A, the officer's value in B
        sheet.append([sc.title_label(key), ""])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append(sc.HEADERS)
    header = sheet.max_row
    for index, column in enumerate(sc.COLUMNS, 1):
        cell = sheet.cell(header, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(f"{column.en}: {column.help}", "cchc", width=320, height=120)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 45 if column.key in ("text", "deadline", "product") else 18
    for example in sc.EXAMPLES:
        sheet.append([example.get(c.key, "") for c in sc.COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    last = header + 1000
    for key, values in (("area", list(AREAS)), ("level", list(sc.LEVELS.values()))):
        letter = get_column_letter(list(sc.BY_KEY).index(key) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        rule.add(f"{letter}{header + 1}:{letter}{last}")
        sheet.add_data_validation(rule)
    ref = get_column_letter(list(sc.BY_KEY).index("ref") + 1)
    for row in range(header + 1, last + 1):  # TT as text: Excel would turn "2.10" into 2.1
        sheet[f"{ref}{row}"].number_format = "@"


def _guide_sheet(sheet) -> None:
    from openpyxl.styles import Alignment, Font

    from cchc.domain import sheet_columns as sc
    from cchc.domain.vocabulary import AREAS

    def heading(*cells: str) -> None:
        sheet.append(list(cells))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)

    heading("Cột", "Column", "Giải thích / Explanation")
    for column in sc.COLUMNS:
        note = column.help + (" " + _("(required)") if column.required else "")
        sheet.append([column.vi, column.en, note])
    sheet.append([])
    heading("Mã lĩnh vực", "Area code", "Lĩnh vực")
    for code, name in AREAS.items():
        sheet.append([code, code, name])
    sheet.append([])
    heading("Cấp", "Level", "")
    for code, name in sc.LEVELS.items():
        sheet.append([name, code, ""])
    sheet.append([])
    heading("Trạng thái", "Status", "")
    for code, name in sc.STATUS_NAMES.items():
        sheet.append([name, code, ""])
    sheet.append([])
    heading("Khối tiêu đề", "Title block", "")
    sheet.append([", ".join(sc.title_label(k) for k, _vi, _en in sc.TITLE_FIELDS), "",
                  _("Above the header, one row each: the label in column A, the value in column B. "
                    "Without them the import takes the commune and year from the file name "
                    "(xa-an-lao-2026.xlsx), or from --commune and --year.")])
    for width, letter in ((28, "A"), (22, "B"), (100, "C")):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
