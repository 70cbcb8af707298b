"""Text from documents and the database, made safe to show: it is data, never terminal control or markup.

Stored text may hold anything a plan, a CSV or a command line carried: ESC and
OSC sequences (`\\x1b[2J`, `\\x1b]0;TITLE\\x07`), other control characters,
carriage returns, and rich markup (`[red]`, `[link=…]`, `[/]`). Every
rendering for people passes text through `shown` (multi-line cells) or
`one_line` (titles, headings, one-line fields): control characters become
visible escapes (`\\x1b`), so nothing reaches the terminal as a command. Markup
is never interpreted because rich is only ever given `Text` objects
(cchc.render.output), never markup strings.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode line/paragraph separators and
# bidirectional overrides that reorder what the terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """Text as a person may see it: newlines kept (a carriage return is one), controls escaped."""
    if text is None:
        return ""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_escape, value.replace("\t", " "))


def one_line(text: object) -> str:
    """Text on one line: line breaks become spaces, controls escaped."""
    if text is None:
        return ""
    return shown(_BREAKS.sub(" ", str(text)))
