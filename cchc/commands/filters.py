"""The filter options every view shares: --plan, --area, --agency, --status, --search."""

from __future__ import annotations

from typing import Optional

import typer

from cchc.i18n import _

PLAN = typer.Option(None, "--plan", help=_("Plan id or 'all' (default: the current plan)."), metavar="ID|all")
AREA = typer.Option(None, "--area", metavar="CODE", help=_("Area code (chi-dao, the-che, tthc, bo-may, cong-vu, tai-chinh, chinh-quyen-so)."))
AGENCY = typer.Option(None, "--agency", metavar="NAME", help=_("Lead agency, any spelling, accents optional (\"van hoa\")."))
STATUS = typer.Option(None, "--status", metavar="STATUS", help=_("not_started, in_progress, done or dropped (Vietnamese names too)."))
SEARCH = typer.Option(None, "--search", metavar="TEXT", help=_("Text to look for in the task, accents and case ignored."))
LEVEL = typer.Option(None, "--level", metavar="LEVEL", help=_("objective, task or activity."))

OptStr = Optional[str]
