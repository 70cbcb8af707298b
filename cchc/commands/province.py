"""`cchc province`: a province database on PostgreSQL (roles, row-level security) and its
roll-up views: one row per commune, overdue milestones across communes."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from cchc.commands.filters import OptStr
from cchc.commands.options import FORMAT
from cchc.i18n import _
from cchc.render.output import Col, Format, render, say, to_json

app = typer.Typer(help=_("A province database on PostgreSQL: set-up, communes, roll-up views."),
                  no_args_is_help=True)

PASSWORD_FILE = typer.Option(
    None, "--password-file", metavar="FILE",
    help=_("The role's password as a pgpass line: read from FILE if it exists, else generated and written "
           "there (mode 600)."))
ROLE = typer.Option(..., "--role", metavar="ROLE", help=_("The login role to create (e.g. xa_hoang_son)."))


def _password(path: Path | None, role: str) -> str | None:
    """The password a pgpass line in `path` holds, or a new one written there; None: no password."""
    from cchc.domain.errors import UserError

    if path is None:
        return None
    if path.exists():
        try:
            line = path.read_text(encoding="utf-8").strip().splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise UserError(_("{path}: cannot read a password ({err})").format(path=path, err=exc)) from None
        fields = line.split(":")
        return fields[-1] if len(fields) == 5 else line
    import os
    import secrets

    password = secrets.token_urlsafe(18)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"*:*:*:{role}:{password}\n")
    except OSError as exc:
        raise UserError(_("{path}: cannot write the password ({err})").format(path=path, err=exc.strerror)) from None
    return password


def _province_store():
    """The store of --db, which must be a PostgreSQL server: a file path is refused before it is opened."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.errors import UserError

    if "://" not in str(state.db_path()):
        raise UserError(_("{db}: a province database is a PostgreSQL one (--db postgresql://…)")
                        .format(db=state.shown_db()))
    return store()


@app.command("init")
def init_cmd() -> None:
    """Make the database a province's: the schema, the roles cchc_commune and cchc_province, grants and
    row-level security (run by the administrator; safe to run again)."""
    from cchc import state
    from cchc.store import province

    with _province_store() as db:
        province.init(db)
    say(_("{db} is a province database: communes' roles see only their own commune, "
            "cchc_province reads all.").format(db=state.shown_db()))
    say(_("Next: cchc province add-commune NAME --role ROLE --password-file FILE"))


@app.command("add-commune")
def add_commune_cmd(
    name: str = typer.Argument(..., help=_("The commune as its plans name it (e.g. \"xã Hoàng Sơn\").")),
    role: str = ROLE, password_file: Optional[Path] = PASSWORD_FILE,
) -> None:
    """Add a commune and its login role: the role reads and changes that commune's data only."""
    from cchc.store import province
    from cchc.store.rls import check_role_name

    check_role_name(role)
    password = _password(password_file, role)
    with _province_store() as db:
        owner, created = province.add_commune(db, name, role, password)
    text = _("Role {role} created for {name} (commune {id}).") if created else \
        _("Role {role} now works for {name} (commune {id}).")
    say(text.format(role=role, name=name, id=owner))
    if password_file:
        say(_("Its password is in {path}: give it to the commune's officer (see the README).").format(path=password_file))


@app.command("add-reader")
def add_reader_cmd(
    role: str = typer.Argument(..., help=_("The login role to create (e.g. so_noi_vu).")),
    password_file: Optional[Path] = PASSWORD_FILE,
) -> None:
    """Add a login role of the province (Sở Nội vụ): it reads every commune and writes nothing."""
    from cchc.store import province
    from cchc.store.rls import check_role_name

    check_role_name(role)
    password = _password(password_file, role)
    with _province_store() as db:
        created = province.add_reader(db, role, password)
    say((_("Role {role} created: it reads every commune.") if created else
           _("Role {role} now reads every commune.")).format(role=role))


_SUMMARY_COLS = [Col("commune", _("Commune")), Col("plans", _("Plans"), justify="right"),
                 Col("tasks", _("Tasks"), justify="right"), Col("done_on_time", _("On time"), justify="right"),
                 Col("done_late", _("Late"), justify="right"), Col("overdue", _("Overdue"), justify="right"),
                 Col("in_progress", _("In progress"), justify="right"),
                 Col("not_started", _("Not started"), justify="right"),
                 Col("pct_on_time", _("On time, %"), justify="right"),
                 Col("indicators_met", _("Ind. met"), justify="right"),
                 Col("indicators_under", _("Ind. under"), justify="right")]


@app.command("summary")
def summary_cmd(
    quarter: OptStr = typer.Option(None, "--quarter", "-q", help=_("Quarter I-IV or 1-4 (of --year)."),
                                   metavar="I..IV"),
    year: OptStr = typer.Option(None, "--year", help=_("The year (default: today's)."), metavar="YYYY"),
    sort: str = typer.Option("behind", "--sort", metavar="|".join(("behind", "name", "overdue", "pct", "late")),
                             help=_("Order: most behind first (default), by name, overdue, share on time, late.")),
    fmt: Format = FORMAT,
) -> None:
    """One row per commune: tasks due in the year (or quarter) done on time, late, overdue, in progress,
    the share on time, indicators met and under target; the most behind first."""
    from dataclasses import asdict

    from cchc import state
    from cchc.domain.errors import UserError
    from cchc.domain.filters import Filters
    from cchc.domain.periods import Range, parse_quarter, parse_year, quarter_range
    from cchc.domain.province import SORTS, rollup

    if sort not in SORTS:
        raise UserError(_("--sort: '{value}' is not one of {choices}").format(value=sort, choices=", ".join(SORTS)))
    today = state.today()
    chosen_year = parse_year(year) if year else today.year
    span = quarter_range(chosen_year, parse_quarter(quarter)) if quarter else \
        Range(today.replace(year=chosen_year, month=1, day=1), today.replace(year=chosen_year, month=12, day=31))
    from cchc.commands.common import store

    with store() as db:
        rows = rollup(db.read.owners(), db.read.plans(), db.read.tasks(Filters(plan="all")),
                      db.read.indicators(None, until=today), span, chosen_year, today, sort)
    data = [asdict(r) for r in rows]
    if fmt == Format.json:
        print(to_json(data))
        return
    render(data, _SUMMARY_COLS, fmt, empty=_("No commune in this database yet."))


_OVERDUE_COLS = [Col("commune", _("Commune")), Col("due", _("Due")), Col("when", _("When")), Col("area", _("Area")),
                 Col("ref", _("Ref")), Col("text", _("Task"), wrap=True), Col("label", _("Milestone"), wrap=True),
                 Col("lead_agency", _("Lead")), Col("status", _("Status"))]


@app.command("overdue")
def overdue_cmd(fmt: Format = FORMAT) -> None:
    """Open milestones past due in every commune, grouped by commune, the commune with most first."""
    from cchc import state
    from cchc.domain.deadline_views import as_of
    from cchc.domain.filters import Filters, Query
    from cchc.domain.province import by_commune
    from cchc.domain.records import to_data
    from cchc.domain.vocabulary import status_label

    today = state.today()
    from cchc.commands.common import store

    with store() as db:
        owners = dict(db.read.owners())
        plan_owner = {p.id: p.owner_id for p in db.read.plans()}
        items = as_of(db.read.due_items(Filters(plan="all"), Query(before=today)), today)
    groups = by_commune(items, plan_owner, owners)
    if fmt == Format.json:
        print(to_json(groups))
        return
    from cchc.domain.deadline_views import when_words

    rows = [{"commune": g["commune"], **to_data(r), "when": when_words(r.days_left, r.kind),
             "status": status_label(r.status)} for g in groups for r in g["items"]]  # most late first
    render(rows, _OVERDUE_COLS, fmt, empty=_("Nothing is overdue."))
