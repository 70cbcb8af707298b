"""Which words follow each other in a document: its own phrase book.

Vietnamese words are syllables ("thực tiễn", "lĩnh vực", "nhà nước"), so
whether two pieces of text join into one phrase shows in how often their
syllables stand side by side elsewhere in the same plan, whose appendix
repeats its narrative. Pairs are counted inside lines and across the line
breaks of a paragraph, never across punctuation. A pair binds as much as it
is seen more often than its words' frequencies would make it by chance
(pointwise mutual information): "tiễn" after "thực" binds, "công" after "và"
hardly. A word that is nearly always followed by another ("thực", "của") does
not end a phrase.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from cchc.domain.text import fold

_WORD = re.compile(r"\d+(?:[.,]\d+)?\s?%|[^\W_]+(?:[-/][^\W_]+)*|[^\w\s]", re.UNICODE)
_SEEN = 5  # times a word must be seen before its habits count
_STOP = set(".,;:!?()[]\"'")
_STRONG = 5.0  # mutual information (natural log) of a pair that always binds


def _tokens(text: str) -> list[str]:
    """Folded words and punctuation; every rate is one word ("đạt 95%" is "đạt 90%"), every number another."""
    return [("0%" if t.endswith("%") else "0") if t[0].isdigit() else fold(t) for t in _WORD.findall(text)]


class WordPairs:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.words: Counter[str] = Counter()
        self.followed: Counter[str] = Counter()  # seen with a word after it
        self.ended: Counter[str] = Counter()  # seen before punctuation, or at the end of a text

    @classmethod
    def of(cls, texts: list[str]) -> "WordPairs":
        pairs = cls()
        for text in texts:
            pairs.add(text)
        return pairs

    def add(self, text: str, ends: bool = True) -> None:
        """Count the pairs of `text`; `ends` when its end is the end of a phrase (not a line of a cell)."""
        tokens = _tokens(text)
        self.words.update(t for t in tokens if t not in _STOP)
        pairs = [(a, b) for a, b in zip(tokens, tokens[1:]) if a not in _STOP and b not in _STOP]
        self.counts.update(pairs)
        self.followed.update(a for a, _b in pairs)
        self.ended.update(a for a, b in zip(tokens, tokens[1:]) if a not in _STOP and b in _STOP)
        if ends and tokens and tokens[-1] not in _STOP:
            self.ended[tokens[-1]] += 1

    def score(self, left: str, right: str) -> float:
        """How strongly the last word of `left` binds to the first of `right`: 0 (never seen
        together, or punctuation between them) to 1."""
        a, b = _tokens(left), _tokens(right)
        if not a or not b or a[-1] in _STOP or b[0] in _STOP:
            return 0.0
        together = self.counts[a[-1], b[0]]
        if not together:
            return 0.0
        total = sum(self.words.values())
        mutual = math.log(together * total / (self.words[a[-1]] * self.words[b[0]]))
        return min(1.0, max(0.0, mutual / _STRONG))

    def goes_on(self, text: str) -> float:
        """How often the last word of `text` is followed by another word (0 to 1; unseen: 0)."""
        tokens = _tokens(text)
        if not tokens or tokens[-1] in _STOP:
            return 0.0
        seen = self.followed[tokens[-1]] + self.ended[tokens[-1]]
        return self.followed[tokens[-1]] / seen if seen >= _SEEN else 0.0
