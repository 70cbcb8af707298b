"""The filter options every view shares: --plan, --area, --agency, --status, --search, --level."""

from __future__ import annotations

from typing import Optional

from cchc.commands import values
from cchc.commands.params import option
from cchc.i18n import _

PLAN = option(values.PLAN, "--plan", help=_("Plan id or 'all' (default: the current plan)."))
ONE_PLAN = option(values.ONE_PLAN, "--plan", help=_("Plan id (default: the current plan)."))
AREA = option(values.AREA, "--area", help=_("Area code (chi-dao, the-che, tthc, bo-may, cong-vu, tai-chinh, chinh-quyen-so)."))
AGENCY = option(values.AGENCY, "--agency", help=_("Lead agency, any spelling, accents optional (\"van hoa\")."))
STATUS = option(values.STATUS, "--status", help=_("not_started, in_progress, done or dropped (Vietnamese names too)."))
SEARCH = option(values.TEXT, "--search", help=_("Text to look for in the task, accents and case ignored."))
LEVEL = option(values.LEVEL, "--level", help=_("objective, task or activity."))

OptStr = Optional[str]
