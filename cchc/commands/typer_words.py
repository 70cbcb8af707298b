"""Typer's own English words that do not go through gettext, in the officer's language.

Typer (0.2x) vendors click as typer._click and writes some words literally:
"Usage:", "Show this message and exit.", "Error:", "Try 'cchc due -h' for
help.", "Missing argument 'ID'.", "No such option: …", "Invalid value for …".
(Its "Options", "Arguments", "Commands", "No such command" already go through
gettext, into cchc's catalog: see cchc.i18n.) `install()` routes the literal
ones through `_` when the language is not English; English is left untouched.
If typer changes its internals, the words simply stay in English.
"""

from __future__ import annotations

import re
from typing import Callable

from cchc.i18n import LANGUAGE, _

_HELP = "Show this message and exit."


def _missing(m: re.Match) -> str:
    words = {"argument": _("Missing argument {name}."), "option": _("Missing option {name}."),
             "parameter": _("Missing parameter {name}.")}
    return words[m["type"]].format(name=m["name"] or "") + (m["rest"] or "")


def _reason(text: str) -> str:
    """The common reasons typer gives for a bad value."""
    m = re.fullmatch(r"Value error, (?P<value>'.*?') is not one of (?P<choices>.*?)\.?", text)
    if m:
        return _("{value} is not one of {choices}").format(value=m["value"], choices=m["choices"])
    if text.startswith("Input should be a valid integer"):
        return _("a whole number is expected")
    if text.startswith("Input should be a valid number"):
        return _("a number is expected")
    return text


_MESSAGES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"Missing (?P<type>argument|option|parameter)(?: (?P<name>.+?))?\.(?P<rest> .*)?", re.S), _missing),
    (re.compile(r"Invalid value for (?P<name>.+?): (?P<reason>.*)", re.S),
     lambda m: _("Invalid value for {name}: {reason}").format(name=m["name"], reason=_reason(m["reason"]))),
    (re.compile(r"Invalid value: (?P<reason>.*)", re.S),
     lambda m: _("Invalid value: {reason}").format(reason=_reason(m["reason"]))),
    (re.compile(r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)"),
     lambda m: _("No such option: {name} (possible options: {options})").format(name=m["name"], options=m["options"])),
    (re.compile(r"No such option: (?P<name>.+)"), lambda m: _("No such option: {name}").format(name=m["name"])),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"),
     lambda m: _("Got unexpected extra arguments ({args})").format(args=m["args"])),
    (re.compile(r"Option (?P<name>'.+?') requires an argument\."),
     lambda m: _("Option {name} requires an argument.").format(name=m["name"])),
    (re.compile(r"Option (?P<name>'.+?') requires (?P<n>\d+) arguments\."),
     lambda m: _("Option {name} requires {n} arguments.").format(name=m["name"], n=m["n"])),
    (re.compile(r"Option (?P<name>'.+?') does not take a value\."),
     lambda m: _("Option {name} does not take a value.").format(name=m["name"])),
    (re.compile(r"(?P<message>.+?)\.? Did you mean (?P<names>.+)\?", re.S),
     lambda m: _translate(m["message"]) + ". " + _("Did you mean {names}?").format(names=m["names"])),
]


def _translate(message: str) -> str:
    for pattern, words in _MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return words(m)
    return message


def _show_usage_error(self, file=None) -> None:
    """One line, like every other cchc error: what is wrong and where to look."""
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    message = "cchc: " + _translate(self.format_message())
    if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
        message += " " + _("(see {command} {option})").format(
            command=self.ctx.command_path, option=self.ctx.help_option_names[0])
    echo(message, file=file or get_text_stderr())


def install() -> None:
    """Usage errors in one line; typer's literal words translated (not in English)."""
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:
        return
    exceptions.UsageError.show = _show_usage_error
    if LANGUAGE == "en":
        return
    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    get_help_option = core.Command.get_help_option

    def translated_help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None and getattr(option, "help", None) == _HELP:
            option.help = _("Show this message and exit.")
        return option

    formatting.HelpFormatter.write_usage = translated_usage
    core.Command.get_help_option = translated_help_option
    _translate_completion_help()


def _translate_completion_help() -> None:
    """--install-completion / --show-completion: typer keeps their help in function defaults."""
    try:
        from typer import completion
    except ImportError:
        return
    words = {
        "Install completion for the current shell.": _("Install completion for the current shell."),
        "Show completion for the current shell, to copy it or customize the installation.":
            _("Show completion for the current shell, to copy it or customize the installation."),
        "Install completion for the specified shell.": _("Install completion for the specified shell."),
        "Show completion for the specified shell, to copy it or customize the installation.":
            _("Show completion for the specified shell, to copy it or customize the installation."),
    }
    for name in ("_install_completion_placeholder_function", "_install_completion_no_auto_placeholder_function"):
        for info in getattr(getattr(completion, name, None), "__defaults__", None) or ():
            if getattr(info, "help", None) in words:
                info.help = words[info.help]
