"""`cchc indicator …`: targets from the plan, values recorded from the portal's counts."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cchc.commands import values
from cchc.commands.filters import ONE_PLAN, PLAN, OptStr
from cchc.commands.params import argument
from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.render.output import Col, Format, render, say, to_json

app = typer.Typer(help=_("Indicators (chỉ tiêu): targets, recorded values, attainment."), no_args_is_help=True)

KEY = argument(values.INDICATOR, help=_("Indicator key (see cchc indicator list); a unique beginning is enough."))


# -- reading -----------------------------------------------------------------


def _load(db, plan: str | None, key: str | None = None) -> list[dict]:
    """Indicators of the chosen plan(s) with their values (oldest first) and attainment."""
    from cchc.domain.indicators import summarise
    from cchc.domain.records import to_data

    rows = []
    for ind in db.read.indicators(db.read.plan_ids(plan), key):
        s = summarise(ind.comparator, ind.target, ind.values)
        values = [{k: v for k, v in to_data(value).items() if k != "id"} for value in ind.values]
        latest = {"value": s.latest.value, "period": s.latest.period, "as_of": s.latest.as_of} if s.latest else None
        rows.append({"key": ind.key, "plan": ind.plan, "name": ind.name, "unit": ind.unit,
                     "comparator": ind.comparator, "target": ind.target, "period": ind.period,
                     "latest": latest, "met": s.met, "gap": s.gap, "values": values, "trend": s.trend,
                     "source_text": ind.source_text})
    return rows


def _find(db, plan: str | None, key: str):
    """The indicator `key` of one plan (NotFound with the closest keys otherwise)."""
    return db.read.indicators([db.read.one_plan_id(plan)], key)[0]


def _met_word(met: bool | None) -> str:
    return "" if met is None else _("met") if met else _("not met")


# -- list and show -----------------------------------------------------------


@app.command("list")
def list_cmd(plan: OptStr = PLAN, unmet: bool = typer.Option(False, "--unmet", help=_("Only indicators below their target.")),
             fmt: Format = FORMAT) -> None:
    """List indicators: target, latest value, gap, met or not, and the trend."""
    from cchc.commands.common import store

    with store() as db:
        rows = _load(db, plan)
    if unmet:
        rows = [r for r in rows if r["met"] is False]
    if fmt == Format.json:
        print(to_json([{k: v for k, v in r.items() if k not in ("trend", "source_text")} for r in rows]))
        return
    from cchc.render.output import View, emit

    empty = _("No indicator is below its target.") if unmet else _(
        "No indicator yet; import a plan or add one with: cchc indicator add KEY --name … --target 55")
    emit(View(rows, _list_cols(plan), empty=empty, row_style=_style), fmt)


def _list_cols(plan: str | None) -> list:
    """Key (what `indicator record` takes), name, target, latest value and its period, gap, met, trend.
    CSV gets the raw values (numbers with a decimal point, true/false), people the words."""
    from cchc.domain.indicators import is_percent, show_gap, show_number, target_text
    from cchc.render.columns import Column

    def unit(r) -> str:
        return "%" if is_percent(r["unit"]) else ""

    def latest(r, key):
        return r["latest"][key] if r["latest"] else None

    cols = [Column("key", _("Key"), "code"), Column("name", _("Name"), fold=True, min_width=14),
            Column("target", _("Target"), "code", words=lambda v, r: target_text(r["comparator"], v, r["unit"])
                   + (f" ({r['period']})" if v is not None and r["period"] else "")),
            Column("latest", _("Latest"), "code", value=lambda r: latest(r, "value"),
                   words=lambda v, r: "" if v is None else show_number(v) + unit(r)),
            Column("latest_period", _("Period"), "code", drop=2, value=lambda r: latest(r, "period")),
            Column("gap", _("Gap"), "number", words=lambda v, r: "" if v is None else show_gap(v) + unit(r)),
            Column("met", _("Met"), "code", drop=3, words=lambda v, _r: _met_word(v)),
            Column("trend", _("Trend"), "code", drop=4)]
    if plan is not None and plan.strip().lower() == "all":
        cols.insert(0, Column("plan", _("Plan"), "id"))
    return cols


def _style(row: dict) -> str | None:
    return {True: "green", False: "red"}.get(row["met"])


@app.command("show")
def show_cmd(key: str = KEY, plan: OptStr = ONE_PLAN, fmt: Format = FORMAT) -> None:
    """Show one indicator: its values over time and a bar chart against the target."""
    from cchc.commands.common import store

    with store() as db:
        row = _load(db, str(db.read.one_plan_id(plan)), key)[0]
    if fmt == Format.json:
        print(to_json({k: v for k, v in row.items() if k != "trend"}))
        return
    _print_indicator(row, fmt)


def _print_indicator(row: dict, fmt: Format) -> None:
    from cchc.domain.indicators import is_percent, met, show_number, target_text

    from cchc.render.safe import one_line, shown

    say(one_line(f"{row['key']} — {row['name']}"))
    for label, text in ((_("Target"), target_text(row["comparator"], row["target"], row["unit"])),
                        (_("Period"), row["period"]), (_("From the plan"), row["source_text"])):
        if text:
            say(shown(f"{label}: {text}"))
    if not row["values"]:
        say(_("No value recorded yet; record one with: cchc indicator record {key} VALUE").format(key=row["key"]))
        return
    percent = "%" if is_percent(row["unit"]) else ""
    values = [{**v, "value_text": show_number(v["value"]) + percent, "numerator": show_number(v["numerator"]),
               "denominator": show_number(v["denominator"]),
               "met_text": _met_word(met(v["value"], row["comparator"], row["target"]))} for v in row["values"]]
    print()
    render(values, [Col("period", _("Period")), Col("as_of", _("As of")), Col("value_text", _("Value"), justify="right"),
                    Col("numerator", _("Num."), justify="right"), Col("denominator", _("Den."), justify="right"),
                    Col("met_text", _("Met")), Col("source", _("Source"), wrap=True)], fmt)
    print()
    _print_chart(row)


def _print_chart(row: dict) -> None:
    from cchc.domain.indicators import bar, chart_top, is_percent, met, show_number
    from cchc.render.output import console, is_terminal

    values = row["values"][-12:]
    top = chart_top(row["unit"], [v["value"] for v in values], row["target"])
    width = max(len(v["period"]) for v in values)
    term = console() if is_terminal() else None
    for v in values:
        percent = "%" if is_percent(row["unit"]) else ""
        line = f"{v['period']:<{width}} {bar(v['value'], top, 40, row['target'])} {show_number(v['value'])}{percent}"
        ok = met(v["value"], row["comparator"], row["target"])
        if term:
            term.print(line, style={True: "green", False: "red"}.get(ok), markup=False)
        else:
            print(line)
    if row["target"] is not None and row["target"] <= top:
        percent = "%" if is_percent(row["unit"]) else ""
        say(_("│ marks the target ({target})").format(target=show_number(row["target"]) + percent))


# -- add, edit, remove -------------------------------------------------------


@app.command("add")
def add_cmd(key: str = KEY, name: OptStr = typer.Option(None, "--name", metavar=_("TEXT"), help=_("Indicator name (default: the key).")),
            unit: str = typer.Option("%", "--unit", metavar=_("UNIT"), help=_("'%' or 'count' (or another unit).")),
            target: OptStr = typer.Option(None, "--target", metavar=_("NUMBER"), help=_("Target value, e.g. 55 or 2,5.")),
            op: OptStr = typer.Option(None, "--op", metavar="OP", help=_("Comparison with the target: >=, >, <=, <, = (default >=).")),
            period: str = typer.Option("", "--period", metavar=_("PERIOD"), help=_("Years the target applies to: 2026 or 2028-2030 (default: the plan's).")),
            plan: OptStr = ONE_PLAN) -> None:
    """Add an indicator the plan's text did not yield (or a commune's own)."""
    from cchc.commands.common import store
    from cchc.domain.indicators import check_key, parse_comparator, parse_number, parse_target_period, target_text
    from cchc.store import indicators

    check_key(key)
    value = None if target is None else parse_number(target, "--target")
    if op is not None and value is None:
        raise UserError(_("--op needs --target"))
    comparator = None if value is None else parse_comparator(op or ">=")
    fields = dict(key=key, name=(name or key).strip(), unit=unit.strip() or "%", comparator=comparator, target=value,
                  period=parse_target_period(period))
    with store() as db:
        plan_id = db.read.one_plan_id(plan)
        db.write(f"indicator add {key}", lambda tx: indicators.add(tx, plan_id, **fields))
    text = target_text(comparator, value, fields["unit"])
    say(_("Added indicator {key} to plan {plan}").format(key=key, plan=plan_id) + (f" ({text})" if text else "") + ".")


@app.command("edit")
def edit_cmd(key: str = KEY, name: OptStr = typer.Option(None, "--name", metavar=_("TEXT"), help=_("New name.")),
             unit: OptStr = typer.Option(None, "--unit", metavar=_("UNIT"), help=_("New unit: '%' or 'count'.")),
             target: OptStr = typer.Option(None, "--target", metavar=_("NUMBER"), help=_("New target, or 'none' to clear it.")),
             op: OptStr = typer.Option(None, "--op", metavar="OP", help=_("New comparison: >=, >, <=, <, =.")),
             period: OptStr = typer.Option(None, "--period", metavar=_("PERIOD"), help=_("Years the target applies to: 2026, 2028-2030, or ''.")),
             plan: OptStr = ONE_PLAN) -> None:
    """Change an indicator's name, unit, target, comparison or period."""
    from cchc.commands.common import store
    from cchc.store import indicators

    if all(v is None for v in (name, unit, target, op, period)):
        raise UserError(_("nothing to change; give --name, --unit, --target, --op or --period"))
    new = _edits(name, unit, target, op, period)
    with store() as db:
        changed = db.write(f"indicator edit {key}", lambda tx: indicators.edit(tx, _find(tx, plan, key), dict(new)))
    say(_("Updated indicator {key}.").format(key=key) if changed else _("Indicator {key}: nothing changed.").format(key=key))


def _edits(name, unit, target, op, period) -> dict:
    from cchc.domain.indicators import parse_comparator, parse_number, parse_target_period

    new: dict = {}
    if name is not None:
        new["name"] = name.strip()
    if unit is not None:
        new["unit"] = unit.strip() or "%"
    if target is not None:
        new["target"] = None if target.strip().lower() in ("none", "-", "") else parse_number(target, "--target")
    if op is not None:
        new["comparator"] = parse_comparator(op)
    if period is not None:
        new["period"] = parse_target_period(period)
    return new


@app.command("remove")
def remove_cmd(key: str = KEY, force: bool = typer.Option(False, "--force", help=_("Also remove its recorded values.")),
               plan: OptStr = ONE_PLAN) -> None:
    """Remove an indicator (refused while it has values, unless --force)."""
    from cchc.commands.common import store
    from cchc.store import indicators

    with store() as db:
        try:
            n = db.write(f"indicator remove {key}", lambda tx: indicators.remove(tx, _find(tx, plan, key), force))
        except indicators.HasValues as exc:
            raise UserError(_("indicator '{key}' has {n} recorded values; add --force to remove them too").format(
                key=exc.key, n=exc.n)) from None
    say(_("Removed indicator {key} and {n} values.").format(key=key, n=n))


# -- record and import -------------------------------------------------------


@app.command("record")
def record_cmd(key: str = KEY, value: OptStr = typer.Argument(None, help=_("The value: 55, 55,5 or 55,5%."), metavar=_("VALUE")),
               num: OptStr = typer.Option(None, "--num", metavar=_("NUMBER"), help=_("Numerator read off the portal (e.g. 132 online payments).")),
               den: OptStr = typer.Option(None, "--den", metavar=_("NUMBER"), help=_("Denominator (e.g. 240 transactions); value = num/den in %.")),
               period: OptStr = typer.Option(None, "--period", metavar=_("PERIOD"), help=_("2026-Q1, 2026-03 or 2026 (default: the quarter of today).")),
               as_of: OptStr = typer.Option(None, "--as-of", metavar=_("DATE"), help=_("Date the value was read (dd/mm/yyyy).")),
               source: str = typer.Option("", "--source", metavar=_("TEXT"), help=_("Where the value comes from.")),
               plan: OptStr = ONE_PLAN) -> None:
    """Record a value for a period; a second value for the same period replaces the first."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.dates import parse_user_date
    from cchc.domain.indicators import measured, resolve_period
    from cchc.store import indicators

    when = parse_user_date(as_of, "--as-of") if as_of else None
    period, when = resolve_period(period, when, state.today())

    def work(tx):
        ind = _find(tx, plan, key)
        amount, n, d = measured(ind.unit, key, value, num, den)
        old = indicators.record(tx, ind, dict(period=period, as_of=when, value=amount, numerator=n, denominator=d,
                                              source=source.strip()))
        return _recorded_message(ind, period, when, amount, old)

    with store() as db:
        message = db.write(f"indicator record {key} {period}", work)
    say(message)


def _recorded_message(ind, period: str, as_of, value: float, old: float | None) -> str:
    from cchc.domain.dates import format_date as show_date
    from cchc.domain.indicators import met, show_number, target_text

    unit = "%" if ind.unit == "%" else ""
    text = _("{key} {period}: {value}{unit} as of {as_of}").format(
        key=ind.key, period=period, value=show_number(value), unit=unit, as_of=show_date(as_of))
    if old is not None:
        text += " " + _("(replaces {old}{unit})").format(old=show_number(old), unit=unit)
    ok = met(value, ind.comparator, ind.target)
    if ok is not None:
        text += " — " + _met_word(ok) + " " + _("(target {target})").format(
            target=target_text(ind.comparator, ind.target, ind.unit))
    return text


@app.command("import")
def import_cmd(file: Path = typer.Argument(..., help=_("CSV file: key, period, value (or num, den), source."), metavar=_("FILE.csv")),
               plan: OptStr = ONE_PLAN) -> None:
    """Import values kept in a spreadsheet (CSV, comma or semicolon); all rows or none."""
    from cchc import state
    from cchc.commands.common import store
    from cchc.domain.indicators import read_values_csv
    from cchc.store import indicators

    rows = read_values_csv(_read_text(file))
    with store() as db:
        inds = {i.key: i for i in db.read.indicators([db.read.one_plan_id(plan)])}
        checked, errors = _check_rows(inds, rows, state.today())
        if errors:
            for error in errors:
                print(f"cchc: {file.name}: {error}", file=sys.stderr)
            raise UserError(_("{file}: {n} bad rows; nothing was imported").format(file=file.name, n=len(errors)))
        replaced = db.write(f"indicator import {file.name}", lambda tx: sum(
            indicators.record(tx, ind, fields) is not None for ind, fields in checked))
    say(_("{file}: {n} values recorded ({replaced} replaced).").format(file=file.name, n=len(checked), replaced=replaced))


def _read_text(file: Path) -> str:
    from cchc.importers.readers import MAX_BYTES, read_regular

    data = read_regular(file, MAX_BYTES["csv"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{file}: is not UTF-8 text; in Excel use Save As → 'CSV UTF-8'").format(file=file)) from None


def _check_rows(inds: dict, rows: list[dict], today) -> tuple[list, list[str]]:
    """(indicator, value fields) per good row, and one message per bad row."""
    from cchc.domain.dates import parse_user_date
    from cchc.domain.indicators import measured, resolve_period, unknown_key_message

    checked, errors, seen = [], [], {}
    for row in rows:
        where = _("line {n}").format(n=row["line"])
        try:
            ind = inds.get(row.get("key", ""))
            if ind is None:
                raise NotFound(unknown_key_message(row.get("key", ""), list(inds)))
            when = parse_user_date(row["as_of"], where) if "as_of" in row else None
            period, when = resolve_period(row.get("period"), when, today, what=where)
            if (ind.key, period) in seen:
                raise UserError(_("{key} {period} already given on line {n}").format(key=ind.key, period=period, n=seen[(ind.key, period)]))
            seen[(ind.key, period)] = row["line"]
            amount, n, d = measured(ind.unit, where, row.get("value"), row.get("num"), row.get("den"))
        except UserError as exc:
            message = exc.format_message()
            errors.append(message if message.startswith(where) else f"{where}: {message}")
            continue
        checked.append((ind, dict(period=period, as_of=when, value=amount, numerator=n, denominator=d,
                                  source=row.get("source", ""))))
    return checked, errors
