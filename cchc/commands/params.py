"""Parameters reach the commands as plain values, converted here without pydantic.

Typer 0.29 converts every non-flag parameter through a pydantic TypeAdapter,
which costs more than the rest of a view. A command built by cchc
(cchc.commands.common) gives each of its parameters a `Conversion` instead:
str, int, float, bool, Path, Enum choices and lists of them, and the value
kinds of cchc (`Kind`, cchc.commands.values) declared with typer's own
`parser=`. Anything else falls back to typer's conversion. Error messages stay one line
(BadParameter, shown by cchc.commands.typer_words).

Typer is pinned to the range this is tested with (pyproject.toml);
tests/test_bench.py fails if a view, `--help` or TAB imports pydantic.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import PurePath
from typing import Any, Callable

from typer import BadParameter

from cchc.i18n import _

TEXT_MARK = "\x00"  # never in a real argument: argv strings cannot hold NUL


class Kind:
    """A kind of value on the command line: its metavar and how TAB completes it.

    `convert` checks and normalises the text (None: kept as typed, the command
    parses it with the domain); `complete(ctx, incomplete)` gives (value, help)
    pairs. Declared with typer's `parser=` (see `option` and `argument`);
    `install` hands the completion to the parameter.
    """

    def __init__(self, metavar: str, complete: Callable | None = None, convert: Callable[[str], Any] | None = None):
        self.metavar = metavar
        self._complete = complete
        self._convert = convert

    def __call__(self, value: Any) -> Any:
        return self._convert(value) if self._convert and isinstance(value, str) else value

    def completions(self, ctx, incomplete: str) -> list:
        """(value, help) pairs for TAB; values need not begin with what was typed (accents, case)."""
        if self._complete is None:
            return []
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(value, help=help or None) for value, help in self._complete(ctx, incomplete or "")]


def option(kind: Kind, *decls: str, default: Any = None, help: str = ""):
    import typer

    return typer.Option(default, *decls, parser=kind, metavar=kind.metavar, help=help)


def argument(kind: Kind, *, default: Any = ..., help: str = ""):
    import typer

    return typer.Argument(default, parser=kind, metavar=kind.metavar, help=help)


# -- conversion -----------------------------------------------------------------------------


class Conversion:
    """What typer's runtime parameter does, for the types cchc uses, without pydantic."""

    def __init__(self, param):
        from typing import get_args, get_origin

        descriptor = param.type_descriptor
        self.info = descriptor.parameter_info
        annotation = descriptor.annotation
        self.many = get_origin(annotation) in (list, tuple)
        self.type = get_args(annotation)[0] if self.many else annotation
        self.fallback = None
        if self.info.parser is None and not _plain(self.type):
            from typer._coercion import build_runtime_param  # pydantic: only for types cchc does not use

            self.fallback = build_runtime_param(descriptor)

    def coerce(self, value: Any, param, ctx) -> Any:
        if self.fallback is not None:
            return self.fallback.coerce(value, param, ctx)
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        try:
            if self.many:
                return [self.one(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
            return self.one(value)
        except BadParameter as exc:
            exc.ctx, exc.param = ctx, param
            raise
        except (ValueError, TypeError) as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None
        except Exception as exc:  # a domain error (UserError) from a parser: one line, its own words
            if hasattr(exc, "format_message") and hasattr(exc, "field"):
                raise BadParameter(exc.message, ctx=ctx, param=param) from None
            raise

    def one(self, value: Any) -> Any:
        if isinstance(value, bytes):
            value = os.fsdecode(value)
        if isinstance(value, str) and value.startswith(TEXT_MARK):
            value = value[1:]
        if self.info.parser is not None:
            return self.info.parser(value)
        kind = self.type
        if isinstance(kind, type) and isinstance(value, kind) and kind is not bool:
            return value
        if kind is str:
            return str(value)
        if kind is bool:
            return _boolean(value)
        if kind is int:
            return _number(int, value, _("'{value}' is not a whole number"))
        if kind is float:
            return _number(float, value, _("'{value}' is not a number"))
        if isinstance(kind, type) and issubclass(kind, Enum):
            return _choice(kind, value, self.info.case_sensitive)
        return kind(os.fspath(value))  # a path


def _plain(kind: Any) -> bool:
    return kind in (str, int, float, bool) or (isinstance(kind, type) and issubclass(kind, (Enum, PurePath)))


def _number(kind: type, value: Any, message: str):
    try:
        return kind(str(value).strip())
    except ValueError:
        raise BadParameter(message.format(value=value)) from None


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on", ""):
        return text != ""
    if text in ("0", "false", "f", "no", "n", "off"):
        return False
    raise BadParameter(_("'{value}' is not yes or no").format(value=value))


def _choice(kind: type[Enum], value: Any, case_sensitive: bool):
    text = str(value) if case_sensitive else str(value).casefold()
    for member in kind:
        if (member.value if case_sensitive else str(member.value).casefold()) == text:
            return member
    choices = ", ".join(f"'{m.value}'" for m in kind)
    raise BadParameter(_("'{value}' is not one of {choices}").format(value=value, choices=choices))


def install(params: list) -> list:
    """Give each parameter cchc's conversion (and its kind's completion); returns them."""
    from typer.core import _TyperParameter

    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", None) is None:
            param._runtime_param = Conversion(param)
            kind = param.type_descriptor.parameter_info.parser
            if isinstance(kind, Kind) and kind._complete is not None and param._custom_shell_complete is None:
                param._custom_shell_complete = lambda ctx, _param, incomplete, kind=kind: kind.completions(ctx, incomplete)
    return params

