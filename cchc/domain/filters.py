"""What a view asks for: the shared task filters and a milestone date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class Filters:
    plan: str | None = None  # an id, "all", or None for the current plan
    area: str | None = None
    agency: str | None = None
    status: str | None = None
    search: str | None = None
    level: str | None = None


@dataclass
class Query:
    """Which milestones a view wants, on top of the shared task filters."""

    start: date | None = None  # None: no lower bound
    end: date | None = None  # None: no upper bound (inclusive otherwise)
    before: date | None = None  # strictly before (overdue)
    include_done: bool = False
    include_undated: bool = False


def matches_search(search: str | None, *texts: str | None) -> bool:
    """The search text in any of the texts, accents and case ignored."""
    if not search:
        return True
    from cchc.domain.text import fold

    return fold(search) in fold(" ".join(t or "" for t in texts))


# Words that say what kind of body an agency is, left out of its initials: "Phòng VHXH", "TTPVHCC".
_KIND_WORDS = ("phong", "van phong", "trung tam", "ban", "uy ban nhan dan", "ubnd", "cong an", "ban chi huy")


_PLACE_WORDS = ("xa", "phuong", "huyen", "tinh")


def _compact(folded: str) -> str:
    return "".join(ch for ch in folded if ch.isalnum())


def _initials(name: str) -> set[str]:
    """The abbreviations a name is written as: every word's first letter ("ttpvhcc"; a word already in
    capitals, "HCC", whole), and the same after the word saying what kind of body it is ("vhxh" of
    "Phòng Văn hóa - Xã hội")."""
    import re

    from cchc.domain.text import fold

    words = [(fold(w), w.isupper() and len(w) > 1) for w in re.split(r"[\W_]+", name) if w]
    found = set()
    for kept in (words, words[:-1] if words and words[-1][0] in _PLACE_WORDS else words):  # "… xã" or not
        letters = [w if whole else w[0] for w, whole in kept]
        folded = " ".join(w for w, _whole in kept)
        found.add("".join(letters))
        found.update("".join(letters[len(kind.split()):]) for kind in _KIND_WORDS if folded.startswith(kind + " "))
    return {f for f in found if len(f) >= 2}


def names_agency(query: str, name: str) -> bool:
    """Does what an officer typed name this agency? Its words, accents and case ignored ("van hoa"),
    its punctuation ignored ("HĐND-UBND" for "HĐND&UBND"), or its initials ("VHXH", "VH-XH", "TTPVHCC",
    "Phòng VHXH")."""
    from cchc.domain.text import fold

    typed, written = fold(query), fold(name)
    if not typed:
        return False
    if typed in written or (_compact(typed) and _compact(typed) in _compact(written)):
        return True
    wanted = {_compact(typed)} | {_compact(t) for t in _strip_kind(typed)}
    return bool(wanted & _initials(name))


def _strip_kind(folded: str) -> list[str]:
    return [folded[len(kind) + 1:] for kind in _KIND_WORDS if folded.startswith(kind + " ")]
