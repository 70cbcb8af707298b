"""`cchc export …`: the plan's data in other formats (one subcommand per format)."""

from __future__ import annotations

import typer

from cchc.commands import calendar, data_export
from cchc.i18n import _

app = typer.Typer(help=_("Export the plan to other formats."), no_args_is_help=True)

app.command("ics")(calendar.ics_cmd)
for _name in ("json", "csv", "xlsx"):
    app.command(_name)(getattr(data_export, f"{_name}_cmd"))
