"""Every plan file is read here: regular files only, a size cap per format, then its reader.

Each reader turns its document into blocks (cchc/importers/blocks.py); what
follows the blocks is shared (cchc/importers/pipeline.py). The limits below are
far above any real plan (the example plans are 17-57 KB of text, 54 tasks) and
far below what would keep an import busy for minutes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cchc.domain.errors import ImportRefused, UserError
from cchc.i18n import _
from cchc.files import MB, read_regular
from cchc.importers.draft import PlanDraft

# Bytes on disk, per format. Plain text holds no images: reading and storing take
# about 10 s per MB of text, so a bigger text file is refused rather than imported
# for minutes (a 10 MB one took 1.5 min, as 19 500 tasks).
MAX_BYTES = {"text": 2 * MB, "csv": 2 * MB, "docx": 20 * MB, "xlsx": 20 * MB, "pdf": 30 * MB}
# Table rows and cells in one document (a plan has a few hundred rows).
MAX_ROWS = 10_000
MAX_CELLS = 100_000
MAX_PDF_PAGES = 300
FORMATS = {".txt": "text", ".text": "text", ".md": "text", "": "text", ".csv": "csv",
           ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf"}
LEGACY = {".doc": ".docx", ".xls": ".xlsx"}


def check_rows(name: str, rows: int, cells: int) -> None:
    """ImportRefused when a document holds more table rows or cells than any plan."""
    if rows > MAX_ROWS:
        raise ImportRefused(_("{name}: more than {limit} table rows; a plan has a few hundred (refused)")
                            .format(name=name, limit=MAX_ROWS))
    if cells > MAX_CELLS:
        raise ImportRefused(_("{name}: more than {limit} table cells; a plan has a few thousand (refused)")
                            .format(name=name, limit=MAX_CELLS))


def read_plan(path: Path) -> tuple[PlanDraft, str]:
    """The plan draft of a file and the SHA-256 of its bytes."""
    suffix = path.suffix.lower()
    if suffix in LEGACY:
        raise ImportRefused(_("{path}: old {old} format; open it and save it as {new}").format(path=path, old=suffix, new=LEGACY[suffix]))
    kind = FORMATS.get(suffix)
    if kind is None:
        raise ImportRefused(_("{path}: unsupported file type '{suffix}' (use .txt, .md, .docx, .xlsx, .csv or .pdf)")
                            .format(path=path, suffix=suffix))
    try:
        data = read_regular(path, MAX_BYTES[kind])
    except ImportRefused:
        raise
    except UserError as exc:
        raise ImportRefused(exc.message) from None
    return _read(kind, data, str(path)), hashlib.sha256(data).hexdigest()


def _read(kind: str, data: bytes, name: str) -> PlanDraft:
    if kind == "text":
        from cchc.importers.decode import decode
        from cchc.importers.plan_text import parse_plan_text

        return parse_plan_text(decode(data, name), name)
    if kind == "docx":
        from cchc.importers.docx_reader import read_docx

        return read_docx(data, name)
    if kind == "pdf":
        from cchc.importers.pdf_reader import read_pdf

        return read_pdf(data, name)
    from cchc.importers.sheet_reader import read_csv, read_xlsx

    return (read_xlsx if kind == "xlsx" else read_csv)(data, name)
