"""Bytes of a text export -> str: UTF-8 or UTF-16 only, NFC, "\\n" line endings."""

from __future__ import annotations

import codecs
import re
import unicodedata

from cchc.domain.errors import ImportRefused
from cchc.i18n import _

_NOT_TEXT = {
    b"%PDF": _("a PDF file"),
    b"PK\x03\x04": _("a Word/Excel (.docx/.xlsx) file"),
    b"\xd0\xcf\x11\xe0": _("an old Word/Excel (.doc/.xls) file"),
}
_UTF32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> str:
    """The text of `data`, or ImportRefused saying why it cannot be read."""
    for magic, what in _NOT_TEXT.items():
        if data.startswith(magic):
            raise ImportRefused(_("{name}: {what}, not a text export; save it as text (UTF-8) first")
                                .format(name=name, what=what))
    if data.startswith(_UTF32):
        raise ImportRefused(_("{name}: UTF-32 text is not supported; save it as UTF-8").format(name=name))
    if data.startswith(_UTF16):
        text = _decode(data, "utf-16", name)
    elif b"\x00" in data:
        raise ImportRefused(_("{name}: a binary file (NUL bytes), not a text export; "
                              "UTF-16 needs a byte-order mark").format(name=name))
    else:
        text = _decode(data, "utf-8-sig", name)
    if _CONTROL.search(text):
        raise ImportRefused(_("{name}: contains binary control characters, not a text export").format(name=name))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    if encoding == "utf-16":
        raise ImportRefused(_("{name}: broken UTF-16 text; save it again as UTF-8").format(name=name))
    raise ImportRefused(_("{name}: not UTF-8 text: {why}").format(name=name, why=_guess_legacy(data)))


def _guess_legacy(data: bytes) -> str:
    high = sum(1 for b in data if b >= 0x80)
    letters = sum(1 for b in data if 0x61 <= (b | 0x20) <= 0x7A)
    if letters and high <= letters:  # Vietnamese in a legacy font: mostly ASCII with 8-bit marks
        return _("it looks like an old TCVN3/VNI-encoded file; convert it to Unicode (UTF-8)")
    return _("unknown encoding (an old TCVN3/VNI font encoding?); convert it to Unicode (UTF-8)")
