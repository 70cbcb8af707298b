"""Agencies: one per owner and key, every spelling kept; finding, listing, merging them."""

from __future__ import annotations

from cchc.domain.errors import NotFound, UserError
from cchc.domain.records import Agency
from cchc.i18n import _
from cchc.store.dialect import Db, marks


class AgencyReads:
    db: Db

    def owners_of(self, plan_ids: list[int] | None) -> list[int] | None:
        if plan_ids is None:
            return None
        return [r[0] for r in self.db.rows(f"SELECT DISTINCT owner_id FROM plan WHERE id IN ({marks(plan_ids)})",
                                           plan_ids)]

    def agency_ids(self, query: str, plan_ids: list[int] | None = None) -> list[int]:
        """The agencies (of the plans' owners) a query names: those whose key it spells, else
        those whose name or a spelling it names (cchc.domain.filters.names_agency: words, accents
        and punctuation optional, or initials such as VHXH), single agencies before groups."""
        from cchc.domain.agencies import agency_key
        from cchc.domain.text import fold

        owners = self.owners_of(plan_ids)
        scope, params = ("", []) if owners is None else (f" AND a.owner_id IN ({marks(owners)})", owners)
        exact = self.db.rows(f"SELECT a.id FROM agency a WHERE a.key = ?{scope} ORDER BY a.id",
                             [agency_key(query), *params])
        if exact:
            return [r[0] for r in exact]
        from cchc.domain.filters import names_agency

        rows = self.db.rows(f"""SELECT a.id, a.name, a.is_group FROM agency a WHERE 1 = 1{scope}
                                UNION ALL SELECT a.id, l.alias, a.is_group FROM agency_alias l
                                JOIN agency a ON a.id = l.agency_id WHERE 1 = 1{scope}""", params + params)
        found = {(agency_id, self.db.flag(group)) for agency_id, name, group in rows if names_agency(query, name)}
        single = sorted(i for i, group in found if not group)
        return single or sorted(i for i, _group in found)

    def agencies(self) -> list[Agency]:
        """Every agency with its spellings and how many tasks it leads, most tasks first."""
        aliases: dict[int, list[str]] = {}
        for agency_id, alias in self.db.rows("SELECT agency_id, alias FROM agency_alias ORDER BY id"):
            aliases.setdefault(agency_id, []).append(alias)
        rows = self.db.rows("""SELECT a.id, a.name, a.is_group, a.owner_id,
                                      (SELECT count(*) FROM task t WHERE t.lead_agency_id = a.id AND t.removed = ?), o.name
                               FROM agency a JOIN owner o ON o.id = a.owner_id""", (False,))
        found = [Agency(i, name, self.db.flag(group), owner, led, aliases.get(i, []), commune)
                 for i, name, group, owner, led, commune in rows]
        return sorted(found, key=lambda a: (a.commune, -a.tasks_led, a.name))

    def find_agency(self, name: str, owner: int | None = None) -> Agency:
        """The agency a name, spelling or id names; among several owners' agencies, `owner`'s."""
        from cchc.domain.text import fold

        wanted = fold(name)
        every = self.agencies()
        found = [a for a in every if fold(a.name) == wanted or any(fold(s) == wanted for s in a.aliases)]
        if not found and name.strip().isdigit():
            found = [a for a in every if a.id == int(name)]
        if len({a.owner_id for a in found}) > 1 and owner is not None:
            found = [a for a in found if a.owner_id == owner]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(_("no agency named '{name}' (see cchc agency list)").format(name=name))
        raise UserError(_("'{name}' names several agencies; use the id from cchc agency list").format(name=name))


def merge(tx, source: Agency, target: Agency) -> None:
    """Merge `source` into `target`: its tasks, links and spellings move over; every change recorded."""
    from cchc.store.history import snapshot

    db, rec = tx.db, tx.rec
    if source.owner_id != target.owner_id:
        raise UserError(_("'{a}' and '{b}' belong to different communes; only one commune's agencies can be merged")
                        .format(a=source.name, b=target.name))
    rec.owner(target.owner_id)
    for (task_id,) in db.rows("SELECT id FROM task WHERE lead_agency_id = ? ORDER BY id", (source.id,)):
        db.run("UPDATE task SET lead_agency_id = ? WHERE id = ?", (target.id, task_id))
        rec.changed("task", task_id, task_id, "lead_agency_id", source.id, target.id)
    linked = {r[0] for r in db.rows("SELECT task_id FROM task_cooperation WHERE agency_id = ?", (target.id,))}
    for link_id, task_id in db.rows("SELECT id, task_id FROM task_cooperation WHERE agency_id = ? ORDER BY id",
                                    (source.id,)):
        if task_id in linked:
            rec.deleted("task_cooperation", link_id, task_id, snapshot(db, "task_cooperation", link_id))
            db.run("DELETE FROM task_cooperation WHERE id = ?", (link_id,))
        else:
            db.run("UPDATE task_cooperation SET agency_id = ? WHERE id = ?", (target.id, link_id))
            rec.changed("task_cooperation", link_id, task_id, "agency_id", source.id, target.id)
    spelled = set(target.aliases)
    for alias_id, alias in db.rows("SELECT id, alias FROM agency_alias WHERE agency_id = ? ORDER BY id", (source.id,)):
        if alias in spelled:
            rec.deleted("agency_alias", alias_id, None, snapshot(db, "agency_alias", alias_id))
            db.run("DELETE FROM agency_alias WHERE id = ?", (alias_id,))
        else:
            db.run("UPDATE agency_alias SET agency_id = ? WHERE id = ?", (target.id, alias_id))
            rec.changed("agency_alias", alias_id, None, "agency_id", source.id, target.id)
    rec.deleted("agency", source.id, None, snapshot(db, "agency", source.id))
    db.run("DELETE FROM agency WHERE id = ?", (source.id,))


class AgencyBook:
    """One owner's agencies, found by key; new agencies and spellings added as an import meets them."""

    def __init__(self, tx, owner_id: int):
        self.tx, self.owner_id = tx, owner_id
        db = tx.db
        self.by_key = {key: i for i, key in db.rows("SELECT id, key FROM agency WHERE owner_id = ?", (owner_id,))}
        self.aliases = {(a, s) for a, s in db.rows(
            "SELECT l.agency_id, l.alias FROM agency_alias l JOIN agency a ON a.id = l.agency_id WHERE a.owner_id = ?",
            (owner_id,))}

    def get(self, written: str) -> int | None:
        """The agency id for a name as written (None for no agency)."""
        from cchc.domain.agencies import agency_key, canonical_name, is_group

        if not written or written == "-":
            return None
        group = is_group(written)
        key = "group:" + agency_key(written) if group else agency_key(written)
        if not key.strip(":"):
            return None
        db, rec = self.tx.db, self.tx.rec
        agency = self.by_key.get(key)
        if agency is None:
            agency = db.insert("INSERT INTO agency (name, key, is_group, owner_id) VALUES (?, ?, ?, ?)",
                               (written if group else canonical_name(written), key, group, self.owner_id))
            rec.created("agency", agency, note="import")
            self.by_key[key] = agency
        if (agency, written) not in self.aliases:
            alias = db.insert("INSERT INTO agency_alias (agency_id, alias) VALUES (?, ?)", (agency, written))
            rec.created("agency_alias", alias, note="import")
            self.aliases.add((agency, written))
        return agency
