"""Plans: which exist, which one is the actor's current plan, choosing it."""

from __future__ import annotations

from cchc.domain.errors import NotFound, UserError
from cchc.domain.records import Plan
from cchc.i18n import _
from cchc.store.dialect import Db

_PLAN = """SELECT p.id, p.title, p.commune, p.number, p.issuer, p.year_start, p.year_end, p.source_name,
                  p.imported_at, p.owner_id,
                  (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND t.removed = ?) AS tasks,
                  p.signer_behalf, p.signer_title, p.signer_subtitle, p.signer_name
           FROM plan p"""
SIGNER_KEYS = ("signer.behalf", "signer.title", "signer.subtitle", "signer.name")  # the plan's signer_* columns


class PlanReads:
    db: Db
    actor: str
    role: str

    def current_plan_id(self) -> int | None:
        """The actor's current plan, else the last one imported."""
        found = self.db.value("SELECT c.plan_id FROM current_plan c WHERE c.actor = ? AND c.role = ?",
                              (self.actor, self.role))
        return found if found is not None else self.db.value("SELECT max(id) FROM plan")

    def plan_ids(self, plan: str | None) -> list[int] | None:
        """The plans a view covers: None means all plans."""
        if plan is not None and plan.strip().lower() == "all":
            return None
        if plan is None:
            current = self.current_plan_id()
            if current is None:
                raise UserError(_("no plan imported yet; run: cchc import FILE"))
            return [current]
        if not plan.strip().isdigit() or len(plan.strip()) > 18:
            raise UserError(_("'{plan}' is not a plan id (see cchc plan list) or 'all'").format(plan=plan), field="plan")
        if self.db.one("SELECT 1 FROM plan WHERE id = ?", (int(plan),)) is None:
            raise NotFound(_("no plan with id {id} (see cchc plan list)").format(id=plan))
        return [int(plan)]

    def one_plan_id(self, plan: str | None) -> int:
        ids = self.plan_ids(plan)
        if ids is None:
            raise UserError(_("choose one plan id for this command, not 'all'"), field="plan")
        return ids[0]

    def _plan(self, row) -> Plan:
        signer = {key: value for key, value in zip(SIGNER_KEYS, row[11:15]) if value}
        return Plan(*row[:8], self.db.stamp(row[8]), row[9], row[10], signer)

    def plans(self) -> list[Plan]:
        return [self._plan(r) for r in self.db.rows(_PLAN + " ORDER BY p.id", (False,))]

    def plan(self, plan_id: int) -> Plan:
        row = self.db.one(_PLAN + " WHERE p.id = ?", (False, plan_id))
        if row is None:
            raise NotFound(_("no plan with id {id} (see cchc plan list)").format(id=plan_id))
        return self._plan(row)

    def area_counts(self, plan_id: int) -> dict[str, tuple[int, int]]:
        """area code -> (tasks, done tasks) of a plan, removed tasks left out."""
        return {area: (n, done) for area, n, done in self.db.rows(
            """SELECT area_code, count(*), sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END) FROM task
               WHERE plan_id = ? AND removed = ? GROUP BY area_code""", (plan_id, False))}

    def plan_owner(self, plan_id: int) -> int:
        return self.db.value("SELECT owner_id FROM plan WHERE id = ?", (plan_id,))


def use_plan(tx, plan_id: int) -> bool:
    """Make `plan_id` the actor's current plan; False when it already was."""
    tx.read.plan(plan_id)
    return set_current(tx, plan_id)


def set_current(tx, plan_id: int, note: str = "") -> bool:
    db, rec = tx.db, tx.rec
    row = db.one("SELECT id, plan_id FROM current_plan WHERE actor = ? AND role = ?", (tx.actor, tx.role))
    if row is None:
        new = db.insert("INSERT INTO current_plan (actor, plan_id, role) VALUES (?, ?, ?)",
                        (tx.actor, plan_id, tx.role))
        rec.created("current_plan", new, note=note)
    elif row[1] != plan_id:
        db.run("UPDATE current_plan SET plan_id = ? WHERE id = ?", (plan_id, row[0]))
        rec.changed("current_plan", row[0], None, "plan_id", row[1], plan_id, note=note)
    else:
        return False
    rec.owner(tx.read.plan_owner(plan_id))
    return True
