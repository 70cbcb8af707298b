"""Text normalisation for Vietnamese as plans and officers really write it."""

from __future__ import annotations

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


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: 'Phòng Văn hoá' -> 'phong van hoa'."""
    text = unicodedata.normalize("NFD", nfc(text).lower()).replace("\u0111", "d")
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
