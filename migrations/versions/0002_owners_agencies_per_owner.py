"""owners; agencies per owner; names as written; actors, owners and undoability of operations;
current plan per actor; notes on plans and of a kind; settings per owner

Revision ID: 0002_owners
Revises: 0001_initial
Create Date: 2026-12-01 08:00:00

Generated with alembic autogenerate, then completed by hand. It runs on SQLite
and on PostgreSQL: columns are added in place, and the changes of keys and
constraints go through batch operations, which SQLite carries out by
rebuilding the table and PostgreSQL by plain ALTERs (constraints are named as
PostgreSQL names them, so they are found on both). The data is carried over:
- every plan gets the owner its commune names; an agency used by several
  owners is split, one agency per owner, with the tasks of each owner's plans
  pointed at its own copy (and its spellings copied);
- the names shown for lead and cooperating agencies start as the agency's
  name (the plan's own spelling was not kept before);
- notes get their task's plan; operations get the upgrading user as actor
  (until now one officer used the file), the owner of the tasks they touched,
  and whether they can be undone: imports and agency merges recorded before
  this revision did not record everything they changed, so they cannot;
- the one current plan becomes the upgrading user's.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_owners"
down_revision: Union[str, None] = "0001_initial"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT = sqlmodel.sql.sqltypes.AutoString
OLD_IMPORT = "recorded before cchc kept every change of an import; import the earlier file again instead"
OLD_MERGE = "recorded before cchc kept every change of an agency merge"
# PostgreSQL's own names for unnamed constraints; SQLite's reflected unnamed ones get the same.
PG_NAMES = {"pk": "%(table_name)s_pkey", "uq": "%(table_name)s_%(column_0_N_name)s_key",
            "fk": "%(table_name)s_%(column_0_name)s_fkey"}


def _batch(table: str):
    return op.batch_alter_table(table, naming_convention=PG_NAMES)


def _sqlite(conn) -> bool:
    return conn.dialect.name == "sqlite"


def _insert(conn, sql: str, params: dict) -> int:
    """An INSERT of one row; its new id."""
    if _sqlite(conn):
        return conn.execute(sa.text(sql), params).lastrowid
    return conn.execute(sa.text(sql + " RETURNING id"), params).scalar_one()


def upgrade() -> None:
    from cchc.store.actor import current_actor

    conn = op.get_bind()
    actor = current_actor()
    op.create_table("owner",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", TEXT(), nullable=False),
                    sa.Column("key", TEXT(), nullable=False),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("key"))
    _plans(conn)
    op.add_column("task", sa.Column("lead_written", TEXT(), server_default="", nullable=False))
    _agencies(conn)
    _notes(conn)
    _operations(conn, actor)
    _current_plan(conn, actor)


def _plans(conn) -> None:
    """Each plan's owner, the commune it names."""
    from cchc.domain.owners import owner_key, owner_name

    op.add_column("plan", sa.Column("owner_id", sa.Integer(), nullable=True))
    keys: dict[str, int] = {}
    for plan_id, commune in conn.execute(sa.text("SELECT id, commune FROM plan ORDER BY id")).fetchall():
        key = owner_key(commune)
        if key not in keys:
            keys[key] = _insert(conn, "INSERT INTO owner (name, key) VALUES (:n, :k)",
                                {"n": owner_name(commune), "k": key})
        conn.execute(sa.text("UPDATE plan SET owner_id = :o WHERE id = :i"), {"o": keys[key], "i": plan_id})
    with _batch("plan") as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key("plan_owner_id_fkey", "owner", ["owner_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_plan_owner_id"), ["owner_id"], unique=False)


def _first_owner(conn) -> int:
    owner = conn.execute(sa.text("SELECT min(id) FROM owner")).scalar()
    if owner is None:  # agencies but no plan: kept under an unnamed owner
        owner = _insert(conn, "INSERT INTO owner (name, key) VALUES ('', '')", {})
    return owner


def _agencies(conn) -> None:
    """One agency per owner: an agency named by several owners' tasks is copied for each owner
    after the first, with its spellings; tasks and cooperations point at their owner's copy."""
    users: dict[int, set[int]] = {}  # agency -> owners whose tasks name it
    for agency, owner in conn.execute(sa.text(
            """SELECT t.lead_agency_id, p.owner_id FROM task t JOIN plan p ON p.id = t.plan_id
               WHERE t.lead_agency_id IS NOT NULL
               UNION SELECT c.agency_id, p.owner_id FROM task_cooperation c JOIN task t ON t.id = c.task_id
               JOIN plan p ON p.id = t.plan_id""")).fetchall():
        users.setdefault(agency, set()).add(owner)
    op.add_column("agency", sa.Column("owner_id", sa.Integer(), nullable=True))
    with _batch("agency") as batch_op:  # the same key may now be several owners'
        batch_op.drop_constraint("agency_key_key", type_="unique")
    with _batch("agency_alias") as batch_op:
        batch_op.drop_constraint("agency_alias_alias_key", type_="unique")
    agencies = conn.execute(sa.text("SELECT id, name, key, is_group FROM agency ORDER BY id")).fetchall()
    fallback = _first_owner(conn) if agencies else None
    copy: dict[tuple[int, int], int] = {}  # (old agency, owner) -> agency of that owner
    for agency_id, name, key, is_group in agencies:
        first, *others = sorted(users.get(agency_id) or {fallback})
        conn.execute(sa.text("UPDATE agency SET owner_id = :o WHERE id = :i"), {"o": first, "i": agency_id})
        copy[(agency_id, first)] = agency_id
        for owner in others:
            copy[(agency_id, owner)] = _insert(
                conn, "INSERT INTO agency (name, key, is_group, owner_id) VALUES (:n, :k, :g, :o)",
                {"n": name, "k": key, "g": is_group, "o": owner})
    _aliases(conn, copy)
    _cooperation(conn, copy)
    for (old, owner), new in copy.items():
        conn.execute(sa.text(
            """UPDATE task SET lead_agency_id = :new, lead_written = (SELECT name FROM agency WHERE id = :old)
               WHERE lead_agency_id = :old AND plan_id IN (SELECT id FROM plan WHERE owner_id = :owner)"""),
            {"new": new, "old": old, "owner": owner})
    with _batch("agency") as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key("agency_owner_id_fkey", "owner", ["owner_id"], ["id"])
        batch_op.create_unique_constraint("agency_owner_id_key_key", ["owner_id", "key"])
        batch_op.create_index(batch_op.f("ix_agency_owner_id"), ["owner_id"], unique=False)


def _aliases(conn, copy: dict) -> None:
    """Each copy of an agency gets its spellings."""
    for agency_id, alias in conn.execute(sa.text("SELECT agency_id, alias FROM agency_alias ORDER BY id")).fetchall():
        for (old, _owner), new in sorted(copy.items()):
            if old == agency_id and new != old:
                conn.execute(sa.text("INSERT INTO agency_alias (agency_id, alias) VALUES (:a, :s)"),
                             {"a": new, "s": alias})
    with _batch("agency_alias") as batch_op:
        batch_op.create_unique_constraint("agency_alias_agency_id_alias_key", ["agency_id", "alias"])


def _cooperation(conn, copy: dict) -> None:
    """Cooperating agencies: the owner's copy, the name as written, and an id of their own."""
    op.add_column("task_cooperation", sa.Column("written", TEXT(), server_default="", nullable=False))
    conn.execute(sa.text("UPDATE task_cooperation SET written = (SELECT name FROM agency a "
                         "WHERE a.id = task_cooperation.agency_id)"))
    for (old, owner), new in copy.items():
        if new != old:
            conn.execute(sa.text(
                """UPDATE task_cooperation SET agency_id = :new WHERE agency_id = :old AND task_id IN
                   (SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.owner_id = :owner)"""),
                {"new": new, "old": old, "owner": owner})
    if not _sqlite(conn):
        op.execute("ALTER TABLE task_cooperation ADD COLUMN id SERIAL NOT NULL")
    with _batch("task_cooperation") as batch_op:
        batch_op.drop_constraint("task_cooperation_pkey", type_="primary")
        if _sqlite(conn):  # the table is rebuilt: rows are numbered as they are copied
            batch_op.add_column(sa.Column("id", sa.Integer(), nullable=False), insert_before="task_id")
        batch_op.create_primary_key("task_cooperation_pkey", ["id"])
        batch_op.create_unique_constraint("task_cooperation_task_id_agency_id_key", ["task_id", "agency_id"])


def _notes(conn) -> None:
    """Notes belong to a plan (and may have no task), and have a kind."""
    op.add_column("note", sa.Column("plan_id", sa.Integer(), nullable=True))
    op.add_column("note", sa.Column("kind", TEXT(), server_default="", nullable=False))
    conn.execute(sa.text("UPDATE note SET plan_id = (SELECT t.plan_id FROM task t WHERE t.id = note.task_id)"))
    conn.execute(sa.text("DELETE FROM note WHERE plan_id IS NULL"))  # a note of a task that is gone
    with _batch("note") as batch_op:
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("plan_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key("note_plan_id_fkey", "plan", ["plan_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_note_plan_id"), ["plan_id"], unique=False)


def _operations(conn, actor: str) -> None:
    op.add_column("operation", sa.Column("actor", TEXT(), server_default="", nullable=False))
    op.add_column("operation", sa.Column("owner_id", sa.Integer(), nullable=True))
    op.add_column("operation", sa.Column("undoable", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("operation", sa.Column("undo_note", TEXT(), server_default="", nullable=False))
    with _batch("operation") as batch_op:
        batch_op.create_foreign_key("operation_owner_id_fkey", "owner", ["owner_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_operation_actor"), ["actor"], unique=False)
    conn.execute(sa.text("UPDATE operation SET actor = :a"), {"a": actor})
    # The one place a command string decides anything: turning the old rule into a stored fact.
    conn.execute(sa.text("UPDATE operation SET undoable = :f, undo_note = :n WHERE command = 'import' "
                         "OR command LIKE 'import %'"), {"f": False, "n": OLD_IMPORT})
    conn.execute(sa.text("UPDATE operation SET undoable = :f, undo_note = :n WHERE command LIKE 'agency merge%'"),
                 {"f": False, "n": OLD_MERGE})
    conn.execute(sa.text(
        """UPDATE operation SET owner_id = (SELECT min(p.owner_id) FROM change c JOIN task t ON t.id = c.task_id
                                            JOIN plan p ON p.id = t.plan_id WHERE c.operation_id = operation.id)
           WHERE (SELECT count(DISTINCT p.owner_id) FROM change c JOIN task t ON t.id = c.task_id
                  JOIN plan p ON p.id = t.plan_id WHERE c.operation_id = operation.id) = 1"""))


def _current_plan(conn, actor: str) -> None:
    op.create_table("current_plan",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("actor", TEXT(), nullable=False),
                    sa.Column("plan_id", sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("actor"))
    op.create_index(op.f("ix_current_plan_plan_id"), "current_plan", ["plan_id"], unique=False)
    conn.execute(sa.text("INSERT INTO current_plan (actor, plan_id) SELECT :a, p.id FROM setting s "
                         "JOIN plan p ON p.id = CAST(s.value AS INTEGER) WHERE s.key = 'current_plan'"), {"a": actor})
    others = conn.execute(sa.text("SELECT key, value FROM setting WHERE key != 'current_plan'")).fetchall()
    op.drop_table("setting")
    op.create_table("setting",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("owner_id", sa.Integer(), nullable=False),
                    sa.Column("key", TEXT(), nullable=False),
                    sa.Column("value", TEXT(), nullable=False),
                    sa.ForeignKeyConstraint(["owner_id"], ["owner.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("owner_id", "key"))
    if others:  # no other setting existed before this revision; kept for the first owner all the same
        owner = _first_owner(conn)
        for key, value in others:
            conn.execute(sa.text("INSERT INTO setting (owner_id, key, value) VALUES (:o, :k, :v)"),
                         {"o": owner, "k": key, "v": value})


def downgrade() -> None:
    """Back to 0001, losing what 0001 cannot hold: each commune's copy of an agency is merged back
    into one agency per key, notes on plans (not on a task) are dropped, and only one actor's
    current plan is kept. Restoring a backup made before the upgrade loses nothing."""
    conn = op.get_bind()
    first: dict[str, int] = {}
    kept: dict[int, int] = {}  # agency -> the agency of the same key that is kept (the oldest)
    for agency_id, key in conn.execute(sa.text("SELECT id, key FROM agency ORDER BY id")).fetchall():
        kept[agency_id] = first.setdefault(key, agency_id)
    merged = [(old, new) for old, new in kept.items() if old != new]
    for old, new in merged:
        conn.execute(sa.text("UPDATE task SET lead_agency_id = :n WHERE lead_agency_id = :o"), {"n": new, "o": old})
    _merge_rows(conn, "task_cooperation", "task_id", kept)
    _merge_rows(conn, "agency_alias", "alias", kept)
    for old, _new in merged:
        conn.execute(sa.text("DELETE FROM agency WHERE id = :o"), {"o": old})
    with _batch("task_cooperation") as batch_op:
        batch_op.drop_constraint("task_cooperation_task_id_agency_id_key", type_="unique")
        batch_op.drop_constraint("task_cooperation_pkey", type_="primary")
        batch_op.drop_column("id")
        batch_op.drop_column("written")
        batch_op.create_primary_key("task_cooperation_pkey", ["task_id", "agency_id"])
    with _batch("agency_alias") as batch_op:
        batch_op.drop_constraint("agency_alias_agency_id_alias_key", type_="unique")
        batch_op.create_unique_constraint("agency_alias_alias_key", ["alias"])
    with _batch("agency") as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_owner_id"))
        batch_op.drop_constraint("agency_owner_id_key_key", type_="unique")
        batch_op.drop_constraint("agency_owner_id_fkey", type_="foreignkey")
        batch_op.drop_column("owner_id")
        batch_op.create_unique_constraint("agency_key_key", ["key"])
    with _batch("task") as batch_op:
        batch_op.drop_column("lead_written")
    conn.execute(sa.text("DELETE FROM note WHERE task_id IS NULL"))
    with _batch("note") as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_plan_id"))
        batch_op.drop_constraint("note_plan_id_fkey", type_="foreignkey")
        batch_op.drop_column("plan_id")
        batch_op.drop_column("kind")
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=False)
    with _batch("operation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_operation_actor"))
        batch_op.drop_constraint("operation_owner_id_fkey", type_="foreignkey")
        for column in ("actor", "owner_id", "undoable", "undo_note"):
            batch_op.drop_column(column)
    current = conn.execute(sa.text("SELECT plan_id FROM current_plan ORDER BY id DESC LIMIT 1")).scalar()
    op.drop_table("setting")
    op.create_table("setting",
                    sa.Column("key", TEXT(), nullable=False),
                    sa.Column("value", TEXT(), nullable=False),
                    sa.PrimaryKeyConstraint("key"))
    if current is not None:
        conn.execute(sa.text("INSERT INTO setting (key, value) VALUES ('current_plan', :v)"), {"v": str(current)})
    op.drop_table("current_plan")
    with _batch("plan") as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_owner_id"))
        batch_op.drop_constraint("plan_owner_id_fkey", type_="foreignkey")
        batch_op.drop_column("owner_id")
    op.drop_table("owner")


def _merge_rows(conn, table: str, by: str, kept: dict[int, int]) -> None:
    """Rows pointing at a merged agency point at the kept one; of rows that become the same
    (`by` and the agency; for spellings, the same text) the oldest stays."""
    seen, gone, moved = set(), [], []
    rows = conn.execute(sa.text(f"SELECT id, {by}, agency_id FROM {table} ORDER BY id")).fetchall()
    for row_id, value, agency_id in rows:
        same = value if by == "alias" else (value, kept.get(agency_id, agency_id))
        if same in seen:
            gone.append(row_id)
            continue
        seen.add(same)
        if kept.get(agency_id, agency_id) != agency_id:
            moved.append({"i": row_id, "a": kept[agency_id]})
    for row_id in gone:
        conn.execute(sa.text(f"DELETE FROM {table} WHERE id = :i"), {"i": row_id})
    for row in moved:
        conn.execute(sa.text(f"UPDATE {table} SET agency_id = :a WHERE id = :i"), row)
