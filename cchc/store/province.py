"""A province database: setting it up (cchc/store/rls.py holds the SQL) and what the province
views read. Setting up needs a PostgreSQL store opened by an administrator (a role that may
create roles); the reads work on any store, each role seeing what its policies let it see."""

from __future__ import annotations

from cchc.domain.errors import UserError
from cchc.i18n import _
from cchc.store.dialect import Db, shown_target


def _server(store):
    if store.dialect.name != "postgresql":
        raise UserError(_("{db}: a province database is a PostgreSQL one (--db postgresql://…)")
                        .format(db=shown_target(store.path)))
    return store.db.conn


def _admin(store, work):
    """Run an administrator's step, its errors as one line."""
    conn = _server(store)
    try:
        return work(conn)
    except store.dialect.Error as exc:
        raise UserError(f"{shown_target(store.path)}: {store.dialect.describe(exc)}") from None


def init(store) -> None:
    from cchc.store import rls

    _admin(store, rls.init)


def _province(conn) -> None:
    from cchc.store import rls

    if not rls.is_province(conn):
        raise UserError(_("not a province database yet: run cchc province init first"))


def add_commune(store, name: str, role: str, password: str | None) -> tuple[int, bool]:
    from cchc.store import rls

    rls.check_role_name(role)

    def work(conn):
        _province(conn)
        return rls.add_commune(conn, name, role, password)

    return _admin(store, work)


def add_reader(store, role: str, password: str | None) -> bool:
    from cchc.store import rls

    rls.check_role_name(role)

    def work(conn):
        _province(conn)
        return rls.add_reader(conn, role, password)

    return _admin(store, work)


class ProvinceReads:
    db: Db

    def owners(self) -> list[tuple[int, str]]:
        """The communes (owners) this role may see, by name."""
        return [(i, name) for i, name in self.db.rows("SELECT id, name FROM owner ORDER BY name, id")]
