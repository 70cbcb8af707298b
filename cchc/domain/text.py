"""Text normalisation for Vietnamese as plans and officers really write it."""

from __future__ import annotations

import dataclasses
import functools
import html
import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_TAG = re.compile(r"<[^<>]*>")  # not [^>]: a run of unclosed "<" would take quadratic time
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")


def nfc(text: str) -> str:
    """NFC-normalise, unify dashes and collapse runs of spaces."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return _SPACE.sub(" ", text).strip()


def strip_html(text: str) -> str:
    """Remove HTML debris (`<ul style=...>`, `<p>`) and entities left by exports."""
    return html.unescape(_TAG.sub(" ", text))


_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")  # combining marks of Vietnamese (most Latin) in NFD


@functools.lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: 'Phòng Văn hoá' -> 'phong van hoa'.
    Cached: plan reading folds the same lines many times over."""
    text = _MARKS.sub("", unicodedata.normalize("NFD", nfc(text).lower()).replace("\u0111", "d"))
    if not text.isascii():  # other scripts' marks
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip()


def slug(text: str, max_words: int = 6) -> str:
    """A short ASCII key: 'Tỷ lệ thanh toán trực tuyến' -> 'ty-le-thanh-toan-truc-tuyen'."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words[:max_words])


_LEADING_BULLET = re.compile(r"^\s*[-+•*]\s*")
_TRAILING_MARKS = re.compile(r"[\s.;,:]+$")


def as_written(text: str) -> str:
    """A name as the plan wrote it, tidied only typographically: HTML debris, a list
    bullet and trailing punctuation removed, dashes and spaces unified. Words, case
    and abbreviations are kept ("Phòng VHXH", "Cơ quan, đơn vị có liên quan")."""
    return _TRAILING_MARKS.sub("", _LEADING_BULLET.sub("", nfc(strip_html(text or ""))))


# What stored text never holds: control characters but tab and newline (C0, DEL, C1), the
# bidirectional marks, overrides and isolates that make a screen show another order than
# the one stored, a byte-order mark, and lone surrogates (bytes of an argument that were
# not UTF-8). Line breaks of every kind become "\n".
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
                      "\ufeff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as cchc stores it: line breaks as "\n", undecodable bytes as U+FFFD, no other control."""
    if _UNCLEAN.search(text) is None:
        return text
    return _CONTROLS.sub("", _SURROGATES.sub("\ufffd", _LINE_BREAKS.sub("\n", text)))


def clean_value(value):
    """clean_text on every text inside `value` (lists, tuples, dicts, dataclasses), as a copy."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        items = [clean_value(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: clean_value(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
