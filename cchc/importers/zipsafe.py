"""Checks on a .docx/.xlsx container before any parser opens it.

Both formats are zip files. A password-protected one is an OLE container
instead; a damaged one is not a readable zip; a "zip bomb" declares far more
data than a plan can hold. The central directory lists every member's sizes,
so all of this is decided before a byte is decompressed (zipfile never
inflates a member past its declared size, so the declared sizes are a bound).
"""

from __future__ import annotations

import io
import zipfile

from cchc.domain.errors import ImportRefused
from cchc.i18n import _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TOTAL = 100 * 2**20  # uncompressed bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, per member
RATIO_FLOOR = 2**20  # a member smaller than this cannot hurt, whatever its ratio
MAX_MEMBERS = 10_000

_PROGRAM = {".docx": "Word", ".xlsx": "Excel"}


def check(data: bytes, name: str, suffix: str) -> None:
    """ImportRefused unless `data` is a sane .docx or .xlsx (`suffix`) container."""
    program = _PROGRAM[suffix]
    if data.startswith(OLE_MAGIC):
        raise ImportRefused(_("{name}: password-protected, or an old {program} 97-2003 file renamed {suffix}; "
                              "remove the password or save it again as {suffix}")
                            .format(name=name, program=program, suffix=suffix))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise damaged(name, suffix) from None
    check_sizes(infos, name)
    if "[Content_Types].xml" not in {info.filename for info in infos}:
        raise damaged(name, suffix)


def damaged(name: str, suffix: str) -> ImportRefused:
    """A file the parser cannot read: truncated, not a zip, or another format renamed."""
    return ImportRefused(_("{name}: damaged, or not really a {suffix} file; open it in {program} and save it again")
                         .format(name=name, program=_PROGRAM[suffix], suffix=suffix))


def check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused(_("{name}: holds {n} files inside (the limit is {limit}); not a plan document")
                            .format(name=name, n=len(infos), limit=MAX_MEMBERS))
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL:
        raise ImportRefused(_("{name}: would unpack to {size} MB (the limit is {limit} MB); not a plan document")
                            .format(name=name, size=total // 2**20, limit=MAX_TOTAL // 2**20))
    for info in infos:
        if info.file_size >= RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(_("{name}: '{member}' is compressed more than {ratio} times (a zip bomb?); refused")
                                .format(name=name, member=info.filename, ratio=MAX_RATIO))
