"""Which reader a file needs, by its extension. Every reader returns a PlanDraft."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cchc.domain.errors import ImportRefused
from cchc.i18n import _
from cchc.importers.draft import PlanDraft

MAX_BYTES = 50 * 1024 * 1024
# Plain text holds no images: the example plans are 17-57 KB. Reading and storing
# take about 10 s per MB, so a bigger text file is refused rather than imported
# for minutes (a 10 MB one took 1.5 min, as 19 500 tasks).
MAX_TEXT_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
LEGACY = {".doc": ".docx", ".xls": ".xlsx"}


def read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise ImportRefused(_("{path}: is a folder, not a plan file").format(path=path))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportRefused(_("{path}: is larger than {mb} MB; not a plan").format(path=path, mb=MAX_BYTES // 2**20))
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise ImportRefused(_("{path}: cannot be read ({err})").format(path=path, err=exc.strerror)) from None


def read_plan(path: Path) -> tuple[PlanDraft, str]:
    """The plan draft of a file and the SHA-256 of its bytes."""
    suffix = path.suffix.lower()
    if suffix in LEGACY:
        raise ImportRefused(_("{path}: old {old} format; open it and save it as {new}").format(path=path, old=suffix, new=LEGACY[suffix]))
    data = read_bytes(path)
    if len(data) > MAX_TEXT_BYTES and (suffix in TEXT_SUFFIXES or suffix == ".csv"):
        raise ImportRefused(_("{path}: {mb} MB of text is far more than one plan (at most {limit} MB); is it the right file?")
                            .format(path=path, mb=round(len(data) / 2**20, 1), limit=MAX_TEXT_BYTES // 2**20))
    sha = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        from cchc.importers.decode import decode
        from cchc.importers.plan_text import parse_plan_text

        return parse_plan_text(decode(data, str(path))), sha
    if suffix == ".docx":
        from cchc.importers.docx_reader import read_docx

        return read_docx(data, str(path)), sha
    if suffix in (".xlsx", ".csv"):
        from cchc.importers.sheet_reader import read_csv, read_xlsx

        return (read_xlsx if suffix == ".xlsx" else read_csv)(data, str(path)), sha
    raise ImportRefused(_("{path}: unsupported file type '{suffix}' (use .txt, .docx, .xlsx or .csv)").format(path=path, suffix=suffix))
