"""Options shared by many commands."""

from __future__ import annotations

import typer

from cchc.i18n import _
from cchc.render.output import Format

FORMAT = typer.Option(Format.table, "--format", "-f", help=_("Output format."), case_sensitive=False,
                      metavar="table|json|csv|tsv|markdown")
