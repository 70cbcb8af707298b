"""A province database on PostgreSQL: the roles, grants and row-level security that keep each
commune's data its own (PostgreSQL-only SQL).

Two group roles: `cchc_commune` (every commune's login role is a member) and `cchc_province`
(readers of the Sở Nội vụ). The table `commune_role` (cchc/models.py) maps a login role to its
owner (the commune); `cchc_owner()` is the owner of the role that is connected. Every table that holds a commune's
data has a policy: an owner's rows (plan, agency, setting, operation) by `owner_id`, the rows
under them through their parent (task through plan, milestone through task, change through
operation…), so a commune's role reads, inserts, changes and deletes only its own rows. The
province role reads every row and has no write grant. The database enforces this, whatever the
client: cchc's own filters are not what isolates communes.

Each commune keeps its actors' current plans apart: `current_plan` holds the login role, unique
with the actor, so two communes' officers named alike do not meet. Tables and columns come from
the models and their migrations; this module adds only what is not a table: roles, the owner
function and trigger, grants and policies.
"""

from __future__ import annotations

import re

from cchc.domain.errors import UserError
from cchc.i18n import _

COMMUNE, PROVINCE = "cchc_commune", "cchc_province"
OWNED = ("plan", "agency", "setting", "operation")  # tables with the owner's id
# table -> (its column, the table whose visible ids it must be among)
UNDER = {
    "agency_alias": ("agency_id", "agency"),
    "task": ("plan_id", "plan"),
    "task_cooperation": ("task_id", "task"),
    "milestone": ("task_id", "task"),
    "note": ("plan_id", "plan"),
    "evidence": ("task_id", "task"),
    "indicator": ("plan_id", "plan"),
    "indicator_value": ("indicator_id", "indicator"),
    "change": ("operation_id", "operation"),
    "current_plan": ("plan_id", "plan"),
}
READ_ONLY = ("owner", "area", "alembic_version", "commune_role")  # a commune's role reads them only
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_role_name(role: str) -> str:
    if not _ROLE_NAME.match(role):
        raise UserError(_("'{role}' is not a role name cchc creates: lower-case letters, digits and _, "
                          "starting with a letter (e.g. xa_hoang_son)").format(role=role), field="role")
    return role


def _group_roles(conn) -> None:
    for role in (COMMUNE, PROVINCE):
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            conn.execute(f"CREATE ROLE {role} NOLOGIN")


def _statements() -> list[str]:
    """The mapping, the owner function, grants and policies; each can run again (province init
    is repeated after an upgrade adds tables)."""
    owner = "(SELECT cchc_owner())"
    sql = [
        "CREATE OR REPLACE FUNCTION cchc_owner() RETURNS integer LANGUAGE sql STABLE AS "
        "$$ SELECT owner_id FROM commune_role WHERE role = current_user $$",
        # an operation of a commune is that commune's, even when it touched no owned row itself
        "CREATE OR REPLACE FUNCTION cchc_operation_owner() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN NEW.owner_id := coalesce(NEW.owner_id, cchc_owner()); RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS operation_owner ON operation",
        "CREATE TRIGGER operation_owner BEFORE INSERT ON operation FOR EACH ROW EXECUTE FUNCTION cchc_operation_owner()",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {_SCHEMA} FROM {COMMUNE}, {PROVINCE}",
        f"GRANT USAGE ON SCHEMA {_SCHEMA} TO {COMMUNE}, {PROVINCE}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {_SCHEMA} TO {PROVINCE}",
        f"GRANT SELECT ON {', '.join(READ_ONLY)} TO {COMMUNE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join((*OWNED, *UNDER))} TO {COMMUNE}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {_SCHEMA} TO {COMMUNE}",
    ]
    for table in (*OWNED, *UNDER, "owner", "commune_role"):
        sql.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for name in ("commune", "province"):
            sql.append(f'DROP POLICY IF EXISTS {name} ON "{table}"')
        sql.append(f'CREATE POLICY province ON "{table}" FOR SELECT TO {PROVINCE} USING (true)')
    for table in OWNED:
        sql.append(f'CREATE POLICY commune ON "{table}" TO {COMMUNE} USING (owner_id = {owner}) '
                   f"WITH CHECK (owner_id = {owner})")
    for table, (column, parent) in UNDER.items():
        visible = f'{column} IN (SELECT id FROM "{parent}")'
        if table == "current_plan":
            visible += " AND role = current_user"
        sql.append(f'CREATE POLICY commune ON "{table}" TO {COMMUNE} USING ({visible}) WITH CHECK ({visible})')
    sql.append(f"CREATE POLICY commune ON owner FOR SELECT TO {COMMUNE} USING (id = {owner})")
    sql.append(f"CREATE POLICY commune ON commune_role FOR SELECT TO {COMMUNE} USING (role = current_user)")
    return sql


_SCHEMA = "CURRENT_SCHEMA"  # placeholder, replaced by the schema's quoted name


def init(conn) -> None:
    """Roles, grants and policies on a database whose schema is at the head revision."""
    schema = conn.execute("SELECT quote_ident(current_schema())").fetchone()[0]
    conn.execute("BEGIN")
    try:
        _group_roles(conn)
        for statement in _statements():
            conn.execute(statement.replace(_SCHEMA, schema))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def is_province(conn) -> bool:
    """Whether `init` has run (it makes the owner function the policies call)."""
    return conn.execute("SELECT to_regprocedure('cchc_owner()')").fetchone()[0] is not None


def add_login(conn, role: str, group: str, password: str | None) -> bool:
    """A login role in `group` (created, or made a member when it exists); True when created."""
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None
    if not exists:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    if password is not None:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))
    return not exists


def add_commune(conn, name: str, role: str, password: str | None) -> tuple[int, bool]:
    """The commune's owner (found by its key, else created) and its login role, in one transaction;
    (owner id, whether the role was created)."""
    from cchc.domain.owners import owner_key, owner_name

    key = owner_key(name)
    if not key:
        raise UserError(_("'{name}' is not a commune's name").format(name=name), field="name")
    conn.execute("BEGIN")
    try:
        owner = conn.execute("SELECT id FROM owner WHERE key = %s", (key,)).fetchone()
        owner = owner[0] if owner else conn.execute("INSERT INTO owner (name, key) VALUES (%s, %s) RETURNING id",
                                                    (owner_name(name), key)).fetchone()[0]
        mapped = conn.execute("SELECT owner_id FROM commune_role WHERE role = %s", (role,)).fetchone()
        if mapped and mapped[0] != owner:
            other = conn.execute("SELECT name FROM owner WHERE id = %s", (mapped[0],)).fetchone()[0]
            raise UserError(_("role {role} already belongs to {commune}").format(role=role, commune=other))
        created = add_login(conn, role, COMMUNE, password)
        conn.execute("INSERT INTO commune_role (role, owner_id) VALUES (%s, %s) ON CONFLICT (role) DO NOTHING",
                     (role, owner))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return owner, created


def add_reader(conn, role: str, password: str | None) -> bool:
    conn.execute("BEGIN")
    try:
        created = add_login(conn, role, PROVINCE, password)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return created
