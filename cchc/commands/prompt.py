"""Asking before a change that a script should confirm with --yes."""

from __future__ import annotations

import os
import sys

from cchc.domain.errors import UserError
from cchc.i18n import _


def confirm(question: str) -> None:
    """Ask on a terminal; refuse (exit 2) without one or when the answer is no."""
    if not sys.stdin.isatty():
        raise UserError(_("{q} — no terminal to ask on; add --yes to confirm").format(q=question))
    from cchc.render.safe import shown

    answer = _ask(shown(question) + " " + _("[y/N]") + " ").strip().lower()
    if answer not in ("y", "yes", "c", "co", "có"):
        raise UserError(_("cancelled; nothing changed"))


def _ask(prompt: str) -> str:
    """The answer line ("" at end of input). Ctrl-C always ends the wait: input() misses a Ctrl-C
    that lands between writing the prompt and starting to read (the read then blocks for ever),
    so the prompt is written first and the terminal is polled, Python seeing signals between polls."""
    if os.name == "nt":  # select() does not take a console; Windows delivers Ctrl-C to input() itself
        return input(prompt)
    import select

    sys.stdout.write(prompt)
    sys.stdout.flush()
    while not select.select([sys.stdin], [], [], 0.2)[0]:
        pass
    return sys.stdin.readline()
