"""Asking before a change that a script should confirm with --yes."""

from __future__ import annotations

import sys

from cchc.domain.errors import UserError
from cchc.i18n import _


def confirm(question: str) -> None:
    """Ask on a terminal; refuse (exit 2) without one or when the answer is no."""
    if not sys.stdin.isatty():
        raise UserError(_("{q} — no terminal to ask on; add --yes to confirm").format(q=question))
    # Not input(): it writes the prompt and waits in C, so a Ctrl-C pressed as the prompt appears
    # is only seen after the next Enter. Here the wait is a read that the signal interrupts.
    from cchc.render.safe import shown

    sys.stdout.write(shown(question) + " " + _("[y/N]") + " ")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes", "c", "co", "có"):
        raise UserError(_("cancelled; nothing changed"))
