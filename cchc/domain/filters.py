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
