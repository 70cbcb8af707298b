"""The messages the Vietnamese catalog must cover (used by the catalog script and tests).

Babel extracts `_()` strings; command help comes from docstrings, which it does
not see, so they are collected here from the command tree.
"""

from __future__ import annotations

import inspect
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def command_docstrings() -> list[str]:
    """The help text (docstring) of every command and sub-app callback."""
    from cchc.cli import app

    found: list[str] = []

    def walk(typer_app) -> None:
        for info in typer_app.registered_commands:
            doc = inspect.getdoc(info.callback)
            if doc:
                found.append(doc)
        for group in typer_app.registered_groups:
            walk(group.typer_instance)

    walk(app)
    return sorted(set(found))


def code_messages() -> list[str]:
    """Every `_()` / ngettext string in cchc's own code."""
    from babel.messages.extract import extract_from_dir

    messages: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
    ):
        if isinstance(message, tuple):
            messages.update(m for m in message if m)
        elif message:
            messages.add(message)
    return sorted(messages)
