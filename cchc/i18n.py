"""Message translation. Every user-facing string goes through `_`.

English is the source language; the Vietnamese catalog ships in
cchc/locale/vi/LC_MESSAGES/cchc.mo. The language is CCHC_LANG (vi|en), else
the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; on Windows the user's locale):
Vietnamese when it is vi_*, English otherwise. Typer's own words ("Usage",
"Show this message and exit.") go through the same catalog: it is installed as
the process's default gettext domain.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "cchc"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def detect_language() -> str:
    chosen = os.environ.get("CCHC_LANG", "").strip().lower()
    if chosen:
        return "vi" if chosen.startswith("vi") else "en"
    for var in _ENV_VARS:
        value = os.environ.get(var)
        if value:
            return "vi" if value.split(":")[0].lower().startswith("vi") else "en"
    if os.name == "nt":  # Windows keeps the user's locale outside the environment
        import locale

        name = (locale.getlocale()[0] or "").lower()
        return "vi" if name.startswith(("vi", "vietnam")) else "en"
    return "en"


LANGUAGE = detect_language()
_translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGE], fallback=True)
# Typer calls gettext.gettext() for its own words: point the default domain here.
_gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
_gettext.textdomain(DOMAIN)
os.environ["LANGUAGE"] = LANGUAGE if LANGUAGE == "vi" else "en"

_ = _translation.gettext
ngettext = _translation.ngettext
