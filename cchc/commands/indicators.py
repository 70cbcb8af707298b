"""`cchc indicator …`: targets from the plan, values recorded from the portal's counts."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cchc.commands.filters import PLAN, OptStr
from cchc.commands.options import FORMAT
from cchc.domain.errors import NotFound, UserError
from cchc.i18n import _
from cchc.output import Col, Format, render, to_json

app = typer.Typer(help=_("Indicators (chỉ tiêu): targets, recorded values, attainment."), no_args_is_help=True)

KEY = typer.Argument(..., help=_("Indicator key (see cchc indicator list)."), metavar="KEY")
ONE_PLAN = typer.Option(None, "--plan", help=_("Plan id (default: the current plan)."), metavar="ID")


# -- reading -----------------------------------------------------------------


def _raw(session):
    """The sqlite3 connection under a write session (for the shared plain-SQL helpers)."""
    return session.connection().connection.dbapi_connection


def _one_plan(conn, plan: str | None) -> int:
    from cchc.queries import plan_ids

    ids = plan_ids(conn, plan)
    if ids is None:
        raise UserError(_("--plan: choose one plan id for this command, not 'all'"))
    return ids[0]


def _load(conn, plan: str | None, key: str | None = None) -> list[dict]:
    """Indicators of the chosen plan(s) with their values (oldest first) and attainment."""
    from cchc.indicators import summarise
    from cchc.queries import plan_ids

    ids = plan_ids(conn, plan)
    where = "" if ids is None else f"WHERE plan_id IN ({','.join('?' * len(ids))})"
    inds = conn.execute(f"SELECT * FROM indicator {where} ORDER BY plan_id, id", ids or []).fetchall()
    if key is not None and key not in {i["key"] for i in inds}:
        from cchc.indicators import unknown_key_message

        raise NotFound(unknown_key_message(key, [i["key"] for i in inds]))
    rows = []
    for ind in inds:
        if key is not None and ind["key"] != key:
            continue
        values = [_value(v) for v in conn.execute(
            """SELECT period, as_of, value, numerator, denominator, source FROM indicator_value
               WHERE indicator_id = ? ORDER BY as_of, period, id""", (ind["id"],))]
        s = summarise(ind["comparator"], ind["target"], values)
        latest = {k: s.latest[k] for k in ("value", "period", "as_of")} if s.latest else None
        rows.append({"key": ind["key"], "plan": ind["plan_id"], "name": ind["name"], "unit": ind["unit"],
                     "comparator": ind["comparator"], "target": ind["target"], "period": ind["period"],
                     "latest": latest, "met": s.met, "gap": s.gap, "values": values, "trend": s.trend,
                     "source_text": ind["source_text"]})
    return rows


def _value(row) -> dict:
    from datetime import date

    return {"period": row["period"], "as_of": date.fromisoformat(row["as_of"][:10]), "value": row["value"],
            "numerator": row["numerator"], "denominator": row["denominator"], "source": row["source"]}


def _find(session, plan_id: int, key: str):
    from sqlmodel import select

    from cchc.indicators import unknown_key_message
    from cchc.models import Indicator

    found = session.exec(select(Indicator).where(Indicator.plan_id == plan_id, Indicator.key == key)).first()
    if found is None:
        keys = list(session.exec(select(Indicator.key).where(Indicator.plan_id == plan_id)))
        raise NotFound(unknown_key_message(key, keys))
    return found


def _met_word(met: bool | None) -> str:
    return "" if met is None else _("met") if met else _("not met")


# -- list and show -----------------------------------------------------------


@app.command("list")
def list_cmd(plan: OptStr = PLAN, unmet: bool = typer.Option(False, "--unmet", help=_("Only indicators below their target.")),
             fmt: Format = FORMAT) -> None:
    """List indicators: target, latest value, gap, met or not, and the trend."""
    from cchc import db

    with db.read() as conn:
        rows = _load(conn, plan)
    if unmet:
        rows = [r for r in rows if r["met"] is False]
    if fmt == Format.json:
        print(to_json([{k: v for k, v in r.items() if k not in ("trend", "source_text")} for r in rows]))
        return
    empty = _("No indicator is below its target.") if unmet else _(
        "No indicator yet; import a plan or add one with: cchc indicator add KEY --name … --target 55")
    render([_row_cells(r) for r in rows], _list_cols(plan), fmt, row_style=_style, empty=empty)


def _list_cols(plan: str | None) -> list[Col]:
    cols = [Col("key", _("Key")), Col("name", _("Name"), wrap=True), Col("target", _("Target")),
            Col("latest", _("Latest")), Col("gap", _("Gap"), justify="right"), Col("met", _("Met")),
            Col("trend", _("Trend"))]
    if plan is not None and plan.strip().lower() == "all":
        cols.insert(0, Col("plan", _("Plan"), justify="right"))
    return cols


def _row_cells(r: dict) -> dict:
    from cchc.indicators import show_gap, show_number, target_text

    unit = "%" if r["unit"] == "%" else ""
    latest = f"{show_number(r['latest']['value'])}{unit} ({r['latest']['period']})" if r["latest"] else ""
    target = target_text(r["comparator"], r["target"], r["unit"])
    if target and r["period"]:
        target += f" ({r['period']})"
    return {"plan": r["plan"], "key": r["key"], "name": r["name"], "ok": r["met"], "trend": r["trend"],
            "target": target, "latest": latest,
            "gap": show_gap(r["gap"]), "met": _met_word(r["met"])}


def _style(row: dict) -> str | None:
    return {True: "green", False: "red"}.get(row["ok"])


@app.command("show")
def show_cmd(key: str = KEY, plan: OptStr = ONE_PLAN, fmt: Format = FORMAT) -> None:
    """Show one indicator: its values over time and a bar chart against the target."""
    from cchc import db

    with db.read() as conn:
        _one_plan(conn, plan)
        row = _load(conn, plan, key)[0]
    if fmt == Format.json:
        print(to_json({k: v for k, v in row.items() if k != "trend"}))
        return
    _print_indicator(row, fmt)


def _print_indicator(row: dict, fmt: Format) -> None:
    from cchc.indicators import met, show_number, target_text

    print(f"{row['key']} — {row['name']}")
    for label, text in ((_("Target"), target_text(row["comparator"], row["target"], row["unit"])),
                        (_("Period"), row["period"]), (_("From the plan"), row["source_text"])):
        if text:
            print(f"{label}: {text}")
    if not row["values"]:
        print(_("No value recorded yet; record one with: cchc indicator record {key} VALUE").format(key=row["key"]))
        return
    values = [{**v, "value_text": show_number(v["value"]), "numerator": show_number(v["numerator"]),
               "denominator": show_number(v["denominator"]),
               "met_text": _met_word(met(v["value"], row["comparator"], row["target"]))} for v in row["values"]]
    print()
    render(values, [Col("period", _("Period")), Col("as_of", _("As of")), Col("value_text", _("Value"), justify="right"),
                    Col("numerator", _("Num."), justify="right"), Col("denominator", _("Den."), justify="right"),
                    Col("met_text", _("Met")), Col("source", _("Source"), wrap=True)], fmt)
    print()
    _print_chart(row)


def _print_chart(row: dict) -> None:
    from cchc.indicators import bar, chart_top, met, show_number
    from cchc.output import console, is_terminal

    values = row["values"][-12:]
    top = chart_top(row["unit"], [v["value"] for v in values], row["target"])
    width = max(len(v["period"]) for v in values)
    term = console() if is_terminal() else None
    for v in values:
        line = f"{v['period']:<{width}} {bar(v['value'], top, 40, row['target'])} {show_number(v['value'])}"
        ok = met(v["value"], row["comparator"], row["target"])
        if term:
            term.print(line, style={True: "green", False: "red"}.get(ok), markup=False)
        else:
            print(line)
    if row["target"] is not None and row["target"] <= top:
        print(_("│ marks the target ({target})").format(target=show_number(row["target"])))


# -- add, edit, remove -------------------------------------------------------


@app.command("add")
def add_cmd(key: str = KEY, name: OptStr = typer.Option(None, "--name", metavar="TEXT", help=_("Indicator name (default: the key).")),
            unit: str = typer.Option("%", "--unit", metavar="UNIT", help=_("'%' or 'count' (or another unit).")),
            target: OptStr = typer.Option(None, "--target", metavar="NUMBER", help=_("Target value, e.g. 55 or 2,5.")),
            op: OptStr = typer.Option(None, "--op", metavar="OP", help=_("Comparison with the target: >=, >, <=, <, = (default >=).")),
            period: str = typer.Option("", "--period", metavar="PERIOD", help=_("Years the target applies to: 2026 or 2028-2030 (default: the plan's).")),
            plan: OptStr = ONE_PLAN) -> None:
    """Add an indicator the plan's text did not yield (or a commune's own)."""
    from cchc import db
    from cchc.history import Recorder
    from cchc.indicators import check_key, parse_comparator, parse_number, parse_target_period, target_text
    from cchc.models import Indicator

    check_key(key)
    value = None if target is None else parse_number(target, "--target")
    if op is not None and value is None:
        raise UserError(_("--op needs --target"))
    comparator = None if value is None else parse_comparator(op or ">=")
    ind = Indicator(key=key, name=(name or key).strip(), unit=unit.strip() or "%", comparator=comparator,
                    target=value, period=parse_target_period(period))
    with db.write() as session:
        ind.plan_id = _one_plan(_raw(session), plan)
        if _exists(session, ind.plan_id, key):
            raise UserError(_("indicator '{key}' already exists in plan {plan}; change it with: cchc indicator edit {key}").format(
                key=key, plan=ind.plan_id))
        session.add(ind)
        session.flush()
        Recorder(session, f"indicator add {key}").created("indicator", ind.id, None)
        text = target_text(comparator, value, ind.unit)
        plan_id = ind.plan_id
    print(_("Added indicator {key} to plan {plan}").format(key=key, plan=plan_id) + (f" ({text})" if text else "") + ".")


def _exists(session, plan_id: int, key: str) -> bool:
    from sqlmodel import select

    from cchc.models import Indicator

    return session.exec(select(Indicator.id).where(Indicator.plan_id == plan_id, Indicator.key == key)).first() is not None


@app.command("edit")
def edit_cmd(key: str = KEY, name: OptStr = typer.Option(None, "--name", metavar="TEXT", help=_("New name.")),
             unit: OptStr = typer.Option(None, "--unit", metavar="UNIT", help=_("New unit: '%' or 'count'.")),
             target: OptStr = typer.Option(None, "--target", metavar="NUMBER", help=_("New target, or 'none' to clear it.")),
             op: OptStr = typer.Option(None, "--op", metavar="OP", help=_("New comparison: >=, >, <=, <, =.")),
             period: OptStr = typer.Option(None, "--period", metavar="PERIOD", help=_("Years the target applies to: 2026, 2028-2030, or ''.")),
             plan: OptStr = ONE_PLAN) -> None:
    """Change an indicator's name, unit, target, comparison or period."""
    from cchc import db
    from cchc.history import Recorder

    if all(v is None for v in (name, unit, target, op, period)):
        raise UserError(_("nothing to change; give --name, --unit, --target, --op or --period"))
    new = _edits(name, unit, target, op, period)
    with db.write() as session:
        ind = _find(session, _one_plan(_raw(session), plan), key)
        if "target" in new and new["target"] is not None and ind.comparator is None and "comparator" not in new:
            new["comparator"] = ">="
        if new.get("target", ind.target) is None and "target" in new:
            new["comparator"] = None
        rec = Recorder(session, f"indicator edit {key}")
        for field, value in new.items():
            rec.changed("indicator", ind.id, None, field, getattr(ind, field), value)
            setattr(ind, field, value)
        session.add(ind)
        changed = rec.operation is not None
    print(_("Updated indicator {key}.").format(key=key) if changed else _("Indicator {key}: nothing changed.").format(key=key))


def _edits(name, unit, target, op, period) -> dict:
    from cchc.indicators import parse_comparator, parse_number, parse_target_period

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
    from sqlmodel import select

    from cchc import db
    from cchc.history import Recorder
    from cchc.models import IndicatorValue

    with db.write() as session:
        ind = _find(session, _one_plan(_raw(session), plan), key)
        values = list(session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id)))
        if values and not force:
            raise UserError(_("indicator '{key}' has {n} recorded values; add --force to remove them too").format(
                key=key, n=len(values)))
        rec = Recorder(session, f"indicator remove {key}")
        for v in values:  # values first, so undo (newest change first) restores the indicator before them
            _deleted(rec, "indicator_value", v)
        session.flush()  # no ORM relationship orders these deletes for us
        _deleted(rec, "indicator", ind)
    print(_("Removed indicator {key} and {n} values.").format(key=key, n=len(values)))


def _deleted(rec, entity: str, row) -> None:
    """A deleted row, kept whole as JSON in `old` so undo can insert it again."""
    rec.changed(entity, row.id, None, "deleted", row.model_dump(mode="json"), None)
    rec.session.delete(row)


# -- record and import -------------------------------------------------------


@app.command("record")
def record_cmd(key: str = KEY, value: OptStr = typer.Argument(None, help=_("The value: 55, 55,5 or 55,5%."), metavar="VALUE"),
               num: OptStr = typer.Option(None, "--num", metavar="NUMBER", help=_("Numerator read off the portal (e.g. 132 online payments).")),
               den: OptStr = typer.Option(None, "--den", metavar="NUMBER", help=_("Denominator (e.g. 240 transactions); value = num/den in %.")),
               period: OptStr = typer.Option(None, "--period", metavar="PERIOD", help=_("2026-Q1, 2026-03 or 2026 (default: the quarter of today).")),
               as_of: OptStr = typer.Option(None, "--as-of", metavar="DATE", help=_("Date the value was read (dd/mm/yyyy).")),
               source: str = typer.Option("", "--source", metavar="TEXT", help=_("Where the value comes from.")),
               plan: OptStr = ONE_PLAN) -> None:
    """Record a value for a period; a second value for the same period replaces the first."""
    from cchc import db, state
    from cchc.domain.dates import parse_user_date
    from cchc.history import Recorder
    from cchc.indicators import measured, resolve_period

    when = parse_user_date(as_of, "--as-of") if as_of else None
    period, when = resolve_period(period, when, state.today())
    with db.write() as session:
        ind = _find(session, _one_plan(_raw(session), plan), key)
        amount, n, d = measured(ind.unit, key, value, num, den)
        rec = Recorder(session, f"indicator record {key} {period}")
        old = _store_value(session, rec, ind, dict(period=period, as_of=when, value=amount, numerator=n,
                                                   denominator=d, source=source.strip()))
        message = _recorded_message(ind, period, when, amount, old)
    print(message)


def _store_value(session, rec, ind, fields: dict):
    """Insert the value, or replace the one of the same period; returns the replaced value."""
    from datetime import datetime

    from sqlmodel import select

    from cchc.models import IndicatorValue

    row = session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id,
                                                    IndicatorValue.period == fields["period"])).first()
    if row is None:
        row = IndicatorValue(indicator_id=ind.id, **fields)
        session.add(row)
        session.flush()
        rec.created("indicator_value", row.id, None)
        return None
    old = row.value
    for field, new in {**fields, "recorded_at": datetime.now().replace(microsecond=0)}.items():
        rec.changed("indicator_value", row.id, None, field, getattr(row, field), new)
        setattr(row, field, new)
    session.add(row)
    return old


def _recorded_message(ind, period: str, as_of, value: float, old: float | None) -> str:
    from cchc.domain.dates import show_date
    from cchc.indicators import met, show_number, target_text

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
def import_cmd(file: Path = typer.Argument(..., help=_("CSV file: key, period, value (or num, den), source."), metavar="FILE.csv"),
               plan: OptStr = ONE_PLAN) -> None:
    """Import values kept in a spreadsheet (CSV, comma or semicolon); all rows or none."""
    from cchc import db, state
    from cchc.history import Recorder
    from cchc.indicators import read_values_csv

    rows = read_values_csv(_read_text(file))
    with db.write() as session:
        plan_id = _one_plan(_raw(session), plan)
        checked, errors = _check_rows(session, plan_id, rows, state.today())
        if errors:
            for error in errors:
                print(f"cchc: {file.name}: {error}", file=sys.stderr)
            raise UserError(_("{file}: {n} bad rows; nothing was imported").format(file=file.name, n=len(errors)))
        rec = Recorder(session, f"indicator import {file.name}")
        replaced = sum(_store_value(session, rec, ind, fields) is not None for ind, fields in checked)
    print(_("{file}: {n} values recorded ({replaced} replaced).").format(file=file.name, n=len(checked), replaced=replaced))


def _read_text(file: Path) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UserError(_("{file}: cannot be read ({reason})").format(file=file, reason=exc.strerror)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{file}: is not UTF-8 text; in Excel use Save As → 'CSV UTF-8'").format(file=file)) from None


def _check_rows(session, plan_id: int, rows: list[dict], today) -> tuple[list, list[str]]:
    """(indicator, value fields) per good row, and one message per bad row."""
    from sqlmodel import select

    from cchc.domain.dates import parse_user_date
    from cchc.indicators import measured, resolve_period, unknown_key_message
    from cchc.models import Indicator

    inds = {i.key: i for i in session.exec(select(Indicator).where(Indicator.plan_id == plan_id))}
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
