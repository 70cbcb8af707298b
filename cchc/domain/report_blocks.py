"""The blocks a report is made of: what the renderers (cchc/render/report_docx.py, report_text.py) lay out.

The parts of an administrative document (Nghị định 30/2020/NĐ-CP) are blocks
of their own, so every renderer draws them: the masthead with its rules, the
title with the rule under it, the signature block with room for the signature
and Nơi nhận. A `Blank` is a line left for the officer to fill in, drawn so
that it cannot be mistaken for text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """Text a renderer may write: control characters (terminal escapes, bells, what XML forbids) as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


@dataclass
class Masthead:
    left: list[str]  # the issuer (its first `bold_left` lines, with a rule under them), then "Số: …"
    right: list[str]  # the national motto (its first `bold_right` lines, ruled), then place and date
    bold_left: int = 2
    bold_right: int = 2


@dataclass
class Title:
    lines: list[str]  # the kind of document (BÁO CÁO), then its subject; a short rule under the last


@dataclass
class Heading:
    text: str
    level: int = 1  # nesting: 1 under the title, 2 under a level 1, 3 under a level 2
    italic: bool = False  # a), b) … sub-headings


@dataclass
class Para:
    text: str
    italic: bool = False


@dataclass
class Item:
    text: str


@dataclass
class Blank:
    """A line left for the officer to write: nothing was recorded for it."""

    hint: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    total_row: bool = False  # the last row is a total (bold)
    widths: list[float] = field(default_factory=list)  # cm, for Word (16 cm between the margins)


@dataclass
class Signature:
    recipients: list[str]  # Nơi nhận, one line each
    authority: list[str]  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    name: str = ""  # under the room left for the signature; "" leaves a line to fill


Block = Masthead | Title | Heading | Para | Item | Blank | Table | Signature


@dataclass
class Report:
    title: str
    blocks: list[Block]
    page_numbers: bool = True  # from the second page on, at the top (Nghị định 30)
    language: str = "vi"
    compact: bool = False  # smaller type: a one-page sheet

