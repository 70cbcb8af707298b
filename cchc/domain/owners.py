"""Who issued a plan: the commune or unit, as issued, and a key that matches its spellings.

"xã Hoàng Sơn", "Xã Hoàng Sơn", "UBND xã Hoàng Sơn" and "Ủy ban nhân dân xã
Hoàng Sơn" are one owner; "xã Hoàng Sơn" and "phường Hoàng Sơn" are two.
Plans of one owner (an amended plan, next year's) share its agencies.
"""

from __future__ import annotations

import re

from cchc.domain.text import fold, nfc

_ISSUER = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+")


def owner_key(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()
    return _ISSUER.sub("", words)


def owner_name(name: str) -> str:
    return nfc(name)
