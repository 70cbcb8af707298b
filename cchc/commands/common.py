"""What every command shares: the store of --db, the command classes, and domain errors as one line.

`CchcGroup` builds a command only when it is invoked, completed or asked for
help (`cchc --help` lists the registry's short help and imports no command
module); `CchcCommand` gives each parameter cchc's conversion
(cchc.commands.params) and lets free text begin with "-".
"""

from __future__ import annotations

import re
import sys
from typing import Any, Iterator, Mapping

from typer.core import TyperCommand, TyperGroup

from cchc.i18n import _

_OPTION_LIKE = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*(=.*)?", re.S)


def store(create: bool = False):
    """The store of --db (else CCHC_DB, else the user data folder), opened on first use.

    Only commands that make a database (import, db init, db restore) pass create=True: any
    other command on a path where no database exists refuses and creates nothing."""
    from cchc import state
    from cchc.store import open_store

    path = state.db_path()
    if not create and "://" not in str(path) and not path.exists():
        from cchc.domain.errors import UserError

        raise UserError(_("{path}: no database there (check --db or CCHC_DB); cchc import FILE or cchc db init "
                          "creates one").format(path=path))
    opened = open_store(path)
    opened.clock = state.now  # history is recorded on the injectable today
    return opened


def error_line(exc) -> str:
    from cchc.render.safe import one_line

    return f"cchc: {one_line(exc.format_message())}"


# -- free text that begins with "-" --------------------------------------------------------


def is_free_text(arg: str) -> bool:
    """'- gọi điện', '-5%', '-• Báo cáo': a dash and then what no option name is. Options, "--" and "-" stay."""
    return len(arg) > 1 and arg[0] == "-" and arg != "--" and not _OPTION_LIKE.fullmatch(arg)


def _unmark(value: Any) -> Any:
    import os

    from cchc.commands.params import TEXT_MARK

    if isinstance(value, str):
        return value[1:] if value.startswith(TEXT_MARK) else value
    if isinstance(value, (list, tuple)):
        return type(value)(_unmark(v) for v in value)
    if isinstance(value, os.PathLike):
        return type(value)(_unmark(os.fspath(value)))
    return value


class CchcCommand(TyperCommand):
    """A cchc command: parameters converted without pydantic; text arguments may begin with "-".

    Click takes every argument that begins with "-" for an option. One that
    cannot be an option name (a dash and a space, a digit, a non-ASCII letter…)
    is text: it is hidden from the option parser behind a NUL and handed back,
    unmarked, to the parameters. A mistyped option (`--evidnce`) is still an
    unknown option, never text.
    """

    def __init__(self, *args, **kwargs):
        kwargs["options_metavar"] = _("[OPTIONS]")
        super().__init__(*args, **kwargs)
        if any(p.name == "fmt" for p in self.params):  # a listing: --format …, and --bom for Excel
            self.params.insert([p.name for p in self.params].index("fmt") + 1, _bom_option())

    def get_params(self, ctx) -> list:
        from cchc.commands import params

        return params.install(super().get_params(ctx))

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        from cchc.commands.params import TEXT_MARK

        try:
            rest = super().parse_args(ctx, [TEXT_MARK + a if is_free_text(a) else a for a in args])
        except Exception as exc:  # click's UsageError and kin quote the argument, escaped
            if isinstance(getattr(exc, "message", None), str):
                exc.message = exc.message.replace("\\x00", "").replace(TEXT_MARK, "")
            raise
        ctx.params = {name: _unmark(value) for name, value in ctx.params.items()}
        ctx.args = _unmark(list(rest))
        return ctx.args

    def format_options(self, ctx, formatter) -> None:
        format_parameters(self, ctx, formatter)


def _bom_option():
    """--bom: CSV and TSV on stdout begin with a byte-order mark, so that Excel reads the accents.
    (`cchc export csv` writes a file for Excel: it always has one.)"""
    from typer._coercion import bool_flag_type_descriptor
    from typer.core import TyperOption

    def remember(ctx, param, value):
        from cchc import state

        state.STATE.bom = bool(value)

    return TyperOption(param_decls=["bom", "--bom"], type_descriptor=bool_flag_type_descriptor(), is_flag=True,
                       default=False, expose_value=False, callback=remember,
                       help=_("With --format csv or tsv: begin with a byte-order mark, for Excel."))


def format_parameters(command, ctx, formatter) -> None:
    """Arguments and options with their metavars (ID, DATE…), never typer's `<list[str]>`."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            arguments.append((name + ("..." if param.nargs == -1 and "..." not in name else ""), record[1]))
        else:
            options.append(record)
    if arguments:
        with formatter.section(_("Arguments")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Options")):
            formatter.write_dl(options)


# -- the group: commands built on demand ---------------------------------------------------


class LazyCommands(Mapping):
    """name -> click command, built from the registry the first time it is looked up."""

    def __init__(self, registry: list[tuple[str, Any, str]]):
        self._specs = {name: target for name, target, _short in registry}
        self.short_help = {name: short for name, _target, short in registry}
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            self._built[name] = build_command(name, self._specs[name])
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs


def _target(spec: Any) -> Any:
    """'cchc.commands.views:due_cmd' -> the function (or typer app); anything else is the target itself."""
    if not isinstance(spec, str):
        return spec
    import importlib

    module, _sep, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def build_command(name: str, spec: Any):
    """The click command of one registry entry, with cchc's classes, translated help and conversions."""
    import typer
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    target = _target(spec)
    if isinstance(target, typer.Typer):
        for info in target.registered_commands:
            _prepare(info)
        target.info.cls = SubGroup
        return get_group_from_info(TyperInfo(target, name=name), pretty_exceptions_short=False,
                                   suggest_commands=True, rich_markup_mode=None)
    info = CommandInfo(name=name, callback=target, cls=getattr(target, "command_class", None))
    _prepare(info)
    return get_command_from_info(info, pretty_exceptions_short=False, rich_markup_mode=None)


def _prepare(info) -> None:
    import inspect

    if info.cls in (None, TyperCommand):  # typer's default: cchc's own (a command's own class stays)
        info.cls = CchcCommand
    if info.help is None and info.callback.__doc__:
        info.help = _(inspect.getdoc(info.callback))


def _translated_metavars(group) -> None:
    group.options_metavar = _("[OPTIONS]")
    group.subcommand_metavar = _("COMMAND [ARGS]...")


class SubGroup(TyperGroup):
    """A group of subcommands (`cchc task …`): its words translated, its parameters converted."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        _translated_metavars(self)

    def get_params(self, ctx) -> list:
        from cchc.commands import params

        return params.install(super().get_params(ctx))

    def format_options(self, ctx, formatter) -> None:
        format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)


class CchcGroup(SubGroup):
    """The `cchc` command group: commands from `registry`, built when needed; a domain error becomes
    one line on stderr and exit code 2."""

    registry: list[tuple[str, Any, str]] = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.commands = LazyCommands(self.registry)

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx, formatter) -> None:
        """The registry's short help: listing the commands builds none of them."""
        rows = [(name, short) for name, short in self.commands.short_help.items()]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def shell_complete(self, ctx, incomplete: str) -> list:
        from typer._click.shell_completion import CompletionItem

        names = [CompletionItem(name, help=short) for name, short in self.commands.short_help.items()
                 if name.startswith(incomplete)]
        return names + super(TyperGroup, self).shell_complete(ctx, incomplete)

    def _main_shell_completion(self, ctx_args, prog_name: str, complete_var: str | None = None) -> None:
        import os

        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx):
        from cchc.domain.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as exc:
            print(error_line(exc), file=sys.stderr)
            ctx.exit(2)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError, OverflowError):
            line = damage_behind()
            if line is None:
                raise
            print(f"cchc: {line}", file=sys.stderr)
            ctx.exit(2)


def damage_behind() -> str | None:
    """A value a sound database cannot hold (a status damaged on the disk) fails the code that reads it:
    when `db check` finds problems in the database, the failure is reported as theirs, in one line."""
    import os

    from cchc import state
    from cchc.i18n import _
    from cchc.store import open_store, problems

    path = state.db_path()
    if os.environ.get("CCHC_DEBUG") or not path.is_file():
        return None
    try:
        found, _damaged = problems(open_store(path))
    except Exception:  # noqa: BLE001 — the original failure is what the officer sees then
        return None
    if not found:
        return None
    return _("{path}: a command failed on a value the database should not hold ({problem}); "
             "cchc db check lists every problem").format(path=path, problem=found[0].detail)
