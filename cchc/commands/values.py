"""The kinds of value cchc's commands take, with their metavars (in the officer's language) and TAB.

A command declares a parameter with `option(KIND, "--name", help=…)` or
`argument(KIND, help=…)` (cchc.commands.params). The commands still parse the
values with the domain (cchc.domain.periods, dates, vocabulary…), where their
rules live once.
"""

from __future__ import annotations

from cchc.commands.params import Kind
from cchc.i18n import _


def _lazy(name: str):
    """A completion function of cchc.commands.completion, imported only on TAB."""
    def complete(ctx, incomplete):
        from cchc.commands import completion

        return getattr(completion, name)(ctx, incomplete)

    return complete


def _task_number(text: str) -> int:
    from cchc.domain.errors import UserError

    if not text.strip().isdigit() or len(text.strip()) > 18:
        raise UserError(_("'{id}' is not a task id (see cchc task list)").format(id=text))
    return int(text)


def _plan_number(text: str) -> int:
    from cchc.domain.errors import UserError

    if not text.strip().isdigit():
        raise UserError(_("'{id}' is not a plan id (see cchc plan list)").format(id=text))
    return int(text)


TASK_ID = Kind(_("ID"), _lazy("task_ids"))  # kept as typed: several ids are parsed together
TASK_NUMBER = Kind(_("ID"), _lazy("task_ids"), _task_number)
PLAN = Kind(_("ID|all"), _lazy("plans"))
ONE_PLAN = Kind(_("ID"), _lazy("plans"))
PLAN_NUMBER = Kind(_("ID"), _lazy("plan_numbers"), _plan_number)  # one plan, by its id only
AREA = Kind(_("AREA"), _lazy("areas"))
AGENCY = Kind(_("AGENCY"), _lazy("agencies"))
STATUS = Kind(_("STATUS"), _lazy("statuses"))
LEVEL = Kind(_("LEVEL"), _lazy("levels"))
QUARTER = Kind(_("QUARTER"), _lazy("quarters"))
MONTH = Kind(_("MONTH"), _lazy("months"))
INDICATOR = Kind(_("KEY"), _lazy("indicator_keys"))
DATE = Kind(_("DATE"))
TEXT = Kind(_("TEXT"))  # free text; like every argument it may begin with "-" (cchc.commands.common)
