"""`cchc config set|unset|list`: an owner's settings (who signs reports, who receives them).

Kept in the database for the owner of the plan (the current one, or --plan),
recorded in the history like any change; a config file in the user's config
folder (`config.ini`, or CCHC_CONFIG) gives values for every owner.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from cchc.commands.filters import OptStr
from cchc.commands.options import FORMAT
from cchc.i18n import _
from cchc.render.output import Col, Format, say

app = typer.Typer(help=_("Settings of the plan's commune: the signer and the recipients of its reports."),
                  no_args_is_help=True)
KEY = typer.Argument(..., help=_("signer.behalf, signer.title, signer.subtitle, signer.name, recipients or place."),
                     metavar="KEY")
ONE_PLAN = typer.Option(None, "--plan", help=_("Plan id whose commune it is (default: the current plan)."),
                        metavar="ID")


def config_path() -> Path:
    """CCHC_CONFIG, else config.ini in the user's config folder."""
    if os.environ.get("CCHC_CONFIG"):
        return Path(os.environ["CCHC_CONFIG"]).expanduser()
    return Path(typer.get_app_dir("cchc")) / "config.ini"


def file_settings() -> dict[str, str]:
    """The config file's settings ({} when there is none)."""
    from cchc.domain.errors import UserError
    from cchc.domain.settings import read_file

    path = config_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or _("not UTF-8 text")
        raise UserError(_("{file}: cannot be read ({reason})").format(file=path, reason=reason)) from None
    return read_file(text, str(path))


def _change(command: str, plan: str | None, action) -> tuple[bool, object]:
    from cchc.commands.common import store

    with store() as db:
        info = db.read.plan(db.read.one_plan_id(plan))
        return db.write(command, lambda tx: action(tx, info.owner_id)), info


@app.command("set")
def set_cmd(key: str = KEY, value: str = typer.Argument(..., help=_("The value."), metavar="VALUE"),
            plan: OptStr = ONE_PLAN) -> None:
    """Set a setting for the plan's commune (kept in the database; cchc undo reverts it)."""
    from cchc.domain.errors import UserError
    from cchc.domain.settings import check_key
    from cchc.domain.text import nfc
    from cchc.store.settings import set_setting

    name = check_key(key)
    text = "\n".join(nfc(line) for line in value.strip().splitlines())
    if not text and name != "signer.behalf":  # an empty behalf line leaves out "TM. ỦY BAN NHÂN DÂN"
        raise UserError(_("{key} cannot be empty; remove it with: cchc config unset {key}").format(key=name))
    changed, info = _change(f"config set {name}", plan, lambda tx, owner: set_setting(tx, owner, name, text))
    say((_("{key} set for {owner}.") if changed else _("{key} already had that value for {owner}; nothing changed."))
          .format(key=name, owner=info.commune or info.issuer))


@app.command("unset")
def unset_cmd(key: str = KEY, plan: OptStr = ONE_PLAN) -> None:
    """Remove a setting of the plan's commune: the config file's value or the default applies again."""
    from cchc.domain.settings import check_key
    from cchc.store.settings import unset_setting

    name = check_key(key)
    changed, info = _change(f"config unset {name}", plan, lambda tx, owner: unset_setting(tx, owner, name))
    say((_("{key} removed for {owner}.") if changed else _("{key} was not set for {owner}; nothing changed."))
          .format(key=name, owner=info.commune or info.issuer))


@app.command("list")
def list_cmd(plan: OptStr = ONE_PLAN, fmt: Format = FORMAT) -> None:
    """Every setting with the value a report uses and where it comes from (database, file, the plan, default)."""
    from cchc.commands.common import store
    from cchc.domain.report_form import defaults
    from cchc.domain.settings import KEYS
    from cchc.render.output import render

    extra = file_settings()
    with store() as db:
        info = db.read.plan(db.read.one_plan_id(plan))
        stored = db.read.settings(info.owner_id)
    builtin = defaults(info)
    rows = []
    for key, about in KEYS.items():
        source, value = next((s, v[key]) for s, v in ((_("database"), stored), (str(config_path()), extra),
                                                      (_("the plan's signature"), info.signer),
                                                      (_("default"), builtin)) if key in v)
        rows.append({"key": key, "value": value, "source": source, "about": about})
    render(rows, [Col("key", _("Setting")), Col("value", _("Value"), wrap=True), Col("source", _("From"), wrap=True),
                  Col("about", _("What it is"), wrap=True)], fmt)
