"""TAB completion: installing it, and the values it offers (task ids, areas, agencies, plans…).

The protocol is typer's (bash, zsh, fish, PowerShell scripts that run `cchc`
with `_CCHC_COMPLETE=complete_<shell>`): cchc builds only the command being
completed, imports neither the ORM nor pydantic, and opens the database of
--db/CCHC_DB read-only, never creating it, only to complete a value that
lives there.
"""

from __future__ import annotations

from cchc.i18n import _


def install(ctx) -> None:
    import typer
    from typer._completion_shared import install as install_script

    shell, path = install_script(prog_name="cchc")
    print(_("{shell} completion installed in {path}").format(shell=shell, path=path))
    print(_("Completion will take effect once you restart the terminal"))
    raise typer.Exit()


def show(ctx) -> None:
    import typer
    from typer._completion_shared import _get_shell_name, get_completion_script

    print(get_completion_script(prog_name="cchc", complete_var="_CCHC_COMPLETE", shell=_get_shell_name() or ""))
    raise typer.Exit()


# -- the values TAB offers ------------------------------------------------------------------


def _lookups(ctx):
    """The database of --db (as typed on the line being completed), else CCHC_DB, else the default."""
    from pathlib import Path

    from cchc import state
    from cchc.store.actor import current_actor
    from cchc.store.lookups import Lookups

    typed = ctx.find_root().params.get("db") if ctx is not None else None
    path = Path(typed).expanduser() if typed else state.db_path()
    return Lookups(path, current_actor())


def _from_db(ctx, read) -> list[tuple[str, str]]:
    lookups = _lookups(ctx)
    try:
        return read(lookups)
    finally:
        lookups.close()


def task_ids(ctx, incomplete: str) -> list[tuple[str, str]]:
    from cchc.render.safe import one_line

    return [(tid, one_line(text)[:60]) for tid, text in _from_db(ctx, lambda db: db.tasks(incomplete.strip()))]


def plans(ctx, incomplete: str) -> list[tuple[str, str]]:
    return [(v, h) for v, h in [("all", _("every plan"))] + _from_db(ctx, lambda db: db.plans())
            if v.startswith(incomplete)]


def plan_numbers(ctx, incomplete: str) -> list[tuple[str, str]]:
    return [(v, h) for v, h in _from_db(ctx, lambda db: db.plans()) if v.startswith(incomplete)]


def agencies(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Agency names and spellings that what was typed names: words, accents optional ("van hoa"), or
    initials ("vhxh")."""
    from cchc.domain.filters import names_agency

    return [(name, help) for name, help in _from_db(ctx, lambda db: db.agencies())
            if not incomplete or names_agency(incomplete, name)]


def indicator_keys(ctx, incomplete: str) -> list[tuple[str, str]]:
    return [(k, n[:60]) for k, n in _from_db(ctx, lambda db: db.indicators()) if k.startswith(incomplete)]


def areas(ctx, incomplete: str) -> list[tuple[str, str]]:
    from cchc.domain.vocabulary import AREAS, area_label

    return [(code, area_label(code)) for code in AREAS if code.startswith(incomplete)]


def statuses(ctx, incomplete: str) -> list[tuple[str, str]]:
    from cchc.domain.vocabulary import STATUSES, status_label

    return [(code, status_label(code)) for code in STATUSES if code.startswith(incomplete)]


def levels(ctx, incomplete: str) -> list[tuple[str, str]]:
    from cchc.domain.vocabulary import LEVELS, level_label

    return [(code, level_label(code)) for code in LEVELS if code.startswith(incomplete)]


def quarters(ctx, incomplete: str) -> list[tuple[str, str]]:
    return [(q, _("quarter {n}").format(n=n)) for n, q in enumerate(("I", "II", "III", "IV"), 1)
            if q.startswith(incomplete.upper())]


def months(ctx, incomplete: str) -> list[tuple[str, str]]:
    return [(str(m), "") for m in range(1, 13) if str(m).startswith(incomplete)]
