"""Indicators and their recorded values: the one loader, and the writes."""

from __future__ import annotations

from datetime import date

from cchc.domain.errors import NotFound, UserError
from cchc.domain.records import Indicator, IndicatorValue
from cchc.i18n import _
from cchc.store.dialect import Db, marks

_COLUMNS = "i.id, i.plan_id, i.key, i.name, i.unit, i.comparator, i.target, i.period, i.source_text"


class IndicatorReads:
    db: Db

    def indicators(self, plan_ids: list[int] | None, key: str | None = None,
                   until: date | None = None) -> list[Indicator]:
        """Indicators of the plans (None: all) with their values recorded as of `until`, oldest
        first; with `key`, that one indicator (NotFound with the closest keys otherwise)."""
        where, params = ("", []) if plan_ids is None else (f" WHERE i.plan_id IN ({marks(plan_ids)})", list(plan_ids))
        found = [Indicator(*r) for r in self.db.rows(f"SELECT {_COLUMNS} FROM indicator i{where} "
                                                      "ORDER BY i.plan_id, i.id", params)]
        if key is not None:
            chosen = [i for i in found if i.key == key] or [i for i in found if i.key.startswith(key)]
            if len({i.key for i in chosen}) > 1:
                raise NotFound(_("'{key}' begins {n} indicator keys: {keys}; type more of it").format(
                    key=key, n=len(chosen), keys=", ".join(i.key for i in chosen)))
            if not chosen:
                from cchc.domain.indicators import unknown_key_message

                raise NotFound(unknown_key_message(key, [i.key for i in found]))
            found = chosen
        by_id = {i.id: i for i in found}
        day = self.db.day
        for row in self.db.rows(
                f"""SELECT v.indicator_id, v.id, v.period, v.as_of, v.value, v.numerator, v.denominator, v.source
                    FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id{where}
                    ORDER BY v.indicator_id, v.as_of, v.period, v.id""", params):
            value = IndicatorValue(row[1], row[2], day(row[3]), *row[4:])
            if row[0] in by_id and (until is None or value.as_of <= until):
                by_id[row[0]].values.append(value)
        return found


# -- writes ----------------------------------------------------------------------

_FIELDS = ("name", "unit", "comparator", "target", "period")


def add(tx, plan_id: int, key: str, name: str, unit: str, comparator: str | None, target: float | None,
        period: str) -> int:
    db = tx.db
    if db.one("SELECT 1 FROM indicator WHERE plan_id = ? AND key = ?", (plan_id, key)):
        raise UserError(_("indicator '{key}' already exists in plan {plan}; change it with: cchc indicator edit {key}")
                        .format(key=key, plan=plan_id))
    new = db.insert("INSERT INTO indicator (plan_id, key, name, unit, comparator, target, period, source_text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, '')", (plan_id, key, name, unit, comparator, target, period))
    tx.rec.created("indicator", new)
    tx.rec.owner(tx.read.plan_owner(plan_id))
    return new


def edit(tx, indicator: Indicator, new: dict) -> bool:
    """Change the given fields; a target without a comparison gets >=, no target none."""
    if "target" in new and new["target"] is not None and indicator.comparator is None and "comparator" not in new:
        new["comparator"] = ">="
    if "target" in new and new["target"] is None:
        new["comparator"] = None
    changed = False
    for field, value in new.items():
        if field in _FIELDS and getattr(indicator, field) != value:
            tx.db.run(f"UPDATE indicator SET {field} = ? WHERE id = ?", (value, indicator.id))
            tx.rec.changed("indicator", indicator.id, None, field, getattr(indicator, field), value)
            changed = True
    tx.rec.owner(tx.read.plan_owner(indicator.plan))
    return changed


class HasValues(UserError):
    """An indicator that still has recorded values, removed without its values."""

    def __init__(self, key: str, n: int):
        super().__init__(_("indicator '{key}' has {n} recorded values").format(key=key, n=n))
        self.key, self.n = key, n


def remove(tx, indicator: Indicator, with_values: bool) -> int:
    """Remove an indicator (and, with_values, its values); how many values went with it."""
    from cchc.store.history import snapshot

    db, rec = tx.db, tx.rec
    values = [r[0] for r in db.rows("SELECT id FROM indicator_value WHERE indicator_id = ? ORDER BY id", (indicator.id,))]
    if values and not with_values:
        raise HasValues(indicator.key, len(values))
    for value_id in values:  # values first, so undo (newest change first) restores the indicator before them
        rec.deleted("indicator_value", value_id, None, snapshot(db, "indicator_value", value_id))
        db.run("DELETE FROM indicator_value WHERE id = ?", (value_id,))
    rec.deleted("indicator", indicator.id, None, snapshot(db, "indicator", indicator.id))
    db.run("DELETE FROM indicator WHERE id = ?", (indicator.id,))
    rec.owner(tx.read.plan_owner(indicator.plan))
    return len(values)


def record(tx, indicator: Indicator, fields: dict) -> float | None:
    """Insert the value, or replace the one of the same period; returns the replaced value."""
    db, rec = tx.db, tx.rec
    rec.owner(tx.read.plan_owner(indicator.plan))
    row = db.dicts("SELECT * FROM indicator_value WHERE indicator_id = ? AND period = ?",
                   (indicator.id, fields["period"]))
    if not row:
        names = ", ".join(["indicator_id", "recorded_at", *fields])
        new = db.insert(f"INSERT INTO indicator_value ({names}) VALUES ({', '.join('?' * (len(fields) + 2))})",
                        [indicator.id, rec.when, *fields.values()])
        rec.created("indicator_value", new)
        return None
    old = row[0]
    changes = {**fields, "recorded_at": rec.when}
    for field, value in changes.items():
        stored = db.day(old[field]) if field == "as_of" else db.stamp(old[field]) if field == "recorded_at" else old[field]
        rec.changed("indicator_value", old["id"], None, field, stored, value)
    db.run(f"UPDATE indicator_value SET {', '.join(f'{f} = ?' for f in changes)} WHERE id = ?",
           [*changes.values(), old["id"]])
    return old["value"]
