"""owners; agencies per owner; names as written; actors, owners and undoability of operations;
current plan per actor; notes on plans and of a kind; settings per owner

Revision ID: 0002_owners
Revises: 0001_initial
Create Date: 2026-12-01 08:00:00

Generated with alembic autogenerate, then completed by hand: the tables whose
keys change (agency, agency_alias, task_cooperation, note, setting) are
rebuilt (SQLite cannot alter constraints), and the data is carried over:
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

    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("lead_written", TEXT(), server_default="", nullable=False))
    _agencies(conn)
    _notes(conn)
    _operations(conn, actor)
    _current_plan(conn, actor)


def _plans(conn) -> None:
    """Rebuild plan with its owner (the tables that point at plan keep pointing at it by name)."""
    from cchc.domain.owners import owner_key, owner_name

    op.create_table("plan_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("title", sa.Text(), nullable=False),
                    sa.Column("commune", TEXT(), nullable=False),
                    sa.Column("number", TEXT(), nullable=False),
                    sa.Column("issuer", TEXT(), nullable=False),
                    sa.Column("year_start", sa.Integer(), nullable=False),
                    sa.Column("year_end", sa.Integer(), nullable=False),
                    sa.Column("source_name", TEXT(), nullable=False),
                    sa.Column("source_sha256", TEXT(), nullable=False),
                    sa.Column("imported_at", sa.DateTime(), nullable=False),
                    sa.Column("owner_id", sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(["owner_id"], ["owner.id"]),
                    sa.PrimaryKeyConstraint("id"))
    keys: dict[str, int] = {}
    columns = "id, title, commune, number, issuer, year_start, year_end, source_name, source_sha256, imported_at"
    for row in conn.execute(sa.text(f"SELECT {columns} FROM plan ORDER BY id")).fetchall():
        key = owner_key(row.commune)
        if key not in keys:
            keys[key] = conn.execute(sa.text("INSERT INTO owner (name, key) VALUES (:n, :k)"),
                                     {"n": owner_name(row.commune), "k": key}).lastrowid
        conn.execute(sa.text(f"INSERT INTO plan_new ({columns}, owner_id) VALUES "
                             "(:id, :title, :commune, :number, :issuer, :year_start, :year_end, :source_name, "
                             ":source_sha256, :imported_at, :owner_id)"), {**row._asdict(), "owner_id": keys[key]})
    op.drop_table("plan")
    op.rename_table("plan_new", "plan")
    with op.batch_alter_table("plan") as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_commune"), ["commune"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_source_sha256"), ["source_sha256"], unique=False)


def _first_owner(conn) -> int:
    owner = conn.execute(sa.text("SELECT min(id) FROM owner")).scalar()
    if owner is None:  # agencies but no plan: kept under an unnamed owner
        owner = conn.execute(sa.text("INSERT INTO owner (name, key) VALUES ('', '')")).lastrowid
    return owner


def _agencies(conn) -> None:
    """Rebuild agency, agency_alias and task_cooperation with one agency per owner."""
    users: dict[int, set[int]] = {}  # agency -> owners whose tasks name it
    for agency, owner in conn.execute(sa.text(
            """SELECT t.lead_agency_id, p.owner_id FROM task t JOIN plan p ON p.id = t.plan_id
               WHERE t.lead_agency_id IS NOT NULL
               UNION SELECT c.agency_id, p.owner_id FROM task_cooperation c JOIN task t ON t.id = c.task_id
               JOIN plan p ON p.id = t.plan_id""")).fetchall():
        users.setdefault(agency, set()).add(owner)
    agencies = conn.execute(sa.text("SELECT id, name, key, is_group FROM agency ORDER BY id")).fetchall()
    copy: dict[tuple[int, int], int] = {}  # (old agency, owner) -> agency of that owner
    rows, next_id = [], max([a[0] for a in agencies], default=0) + 1
    fallback = _first_owner(conn) if agencies else None
    for agency_id, name, key, is_group in agencies:
        for n, owner in enumerate(sorted(users.get(agency_id) or {fallback})):
            new_id = agency_id if n == 0 else next_id
            next_id += n > 0
            copy[(agency_id, owner)] = new_id
            rows.append({"id": new_id, "name": name, "key": key, "is_group": is_group, "owner_id": owner})
    op.create_table("agency_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", TEXT(), nullable=False),
                    sa.Column("key", TEXT(), nullable=False),
                    sa.Column("is_group", sa.Boolean(), nullable=False),
                    sa.Column("owner_id", sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(["owner_id"], ["owner.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("owner_id", "key"))
    if rows:
        conn.execute(sa.text("INSERT INTO agency_new (id, name, key, is_group, owner_id) "
                             "VALUES (:id, :name, :key, :is_group, :owner_id)"), rows)
    _aliases(conn, copy)
    _cooperation(conn, copy)
    for (old, owner), new in copy.items():
        conn.execute(sa.text(
            """UPDATE task SET lead_agency_id = :new, lead_written = (SELECT name FROM agency WHERE id = :old)
               WHERE lead_agency_id = :old AND plan_id IN (SELECT id FROM plan WHERE owner_id = :owner)"""),
            {"new": new, "old": old, "owner": owner})
    op.drop_table("agency")
    op.rename_table("agency_new", "agency")
    with op.batch_alter_table("agency") as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_owner_id"), ["owner_id"], unique=False)
    op.rename_table("agency_alias_new", "agency_alias")
    with op.batch_alter_table("agency_alias") as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_alias_agency_id"), ["agency_id"], unique=False)
    op.rename_table("task_cooperation_new", "task_cooperation")
    with op.batch_alter_table("task_cooperation") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_cooperation_agency_id"), ["agency_id"], unique=False)


def _aliases(conn, copy: dict) -> None:
    op.create_table("agency_alias_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("agency_id", sa.Integer(), nullable=False),
                    sa.Column("alias", TEXT(), nullable=False),
                    sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("agency_id", "alias"))
    rows = []
    for alias_id, agency_id, alias in conn.execute(sa.text("SELECT id, agency_id, alias FROM agency_alias ORDER BY id")):
        for (old, _owner), new in sorted(copy.items()):
            if old == agency_id:  # the first owner's copy keeps the row's id
                rows.append({"id": alias_id if new == old else None, "agency_id": new, "alias": alias})
    for row in [r for r in rows if r["id"] is not None] + [r for r in rows if r["id"] is None]:
        conn.execute(sa.text("INSERT INTO agency_alias_new (id, agency_id, alias) VALUES (:id, :agency_id, :alias)"), row)
    op.drop_table("agency_alias")


def _cooperation(conn, copy: dict) -> None:
    op.create_table("task_cooperation_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("task_id", sa.Integer(), nullable=False),
                    sa.Column("agency_id", sa.Integer(), nullable=False),
                    sa.Column("position", sa.Integer(), nullable=False),
                    sa.Column("written", TEXT(), server_default="", nullable=False),
                    sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
                    sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("task_id", "agency_id"))
    rows = conn.execute(sa.text(
        """SELECT c.task_id, c.agency_id, c.position, p.owner_id, a.name FROM task_cooperation c
           JOIN task t ON t.id = c.task_id JOIN plan p ON p.id = t.plan_id JOIN agency a ON a.id = c.agency_id
           ORDER BY c.task_id, c.position""")).fetchall()
    for task_id, agency_id, position, owner, name in rows:
        conn.execute(sa.text("INSERT INTO task_cooperation_new (task_id, agency_id, position, written) "
                             "VALUES (:t, :a, :p, :w)"),
                     {"t": task_id, "a": copy[(agency_id, owner)], "p": position, "w": name})
    op.drop_table("task_cooperation")


def _notes(conn) -> None:
    op.create_table("note_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("task_id", sa.Integer(), nullable=True),
                    sa.Column("text", sa.Text(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("plan_id", sa.Integer(), nullable=False),
                    sa.Column("kind", TEXT(), server_default="", nullable=False),
                    sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
                    sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
                    sa.PrimaryKeyConstraint("id"))
    conn.execute(sa.text("INSERT INTO note_new (id, task_id, text, created_at, plan_id) "
                         "SELECT n.id, n.task_id, n.text, n.created_at, t.plan_id FROM note n JOIN task t ON t.id = n.task_id"))
    op.drop_table("note")
    op.rename_table("note_new", "note")
    with op.batch_alter_table("note") as batch_op:
        batch_op.create_index(batch_op.f("ix_note_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_plan_id"), ["plan_id"], unique=False)


def _operations(conn, actor: str) -> None:
    op.create_table("operation_new",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("command", TEXT(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("undoes_id", sa.Integer(), nullable=True),
                    sa.Column("undone_by_id", sa.Integer(), nullable=True),
                    sa.Column("actor", TEXT(), server_default="", nullable=False),
                    sa.Column("owner_id", sa.Integer(), nullable=True),
                    sa.Column("undoable", sa.Boolean(), server_default=sa.true(), nullable=False),
                    sa.Column("undo_note", TEXT(), server_default="", nullable=False),
                    sa.ForeignKeyConstraint(["undoes_id"], ["operation.id"]),
                    sa.ForeignKeyConstraint(["undone_by_id"], ["operation.id"]),
                    sa.ForeignKeyConstraint(["owner_id"], ["owner.id"]),
                    sa.PrimaryKeyConstraint("id"))
    conn.execute(sa.text("INSERT INTO operation_new (id, command, created_at, undoes_id, undone_by_id) "
                         "SELECT id, command, created_at, undoes_id, undone_by_id FROM operation"))
    op.drop_table("operation")
    op.rename_table("operation_new", "operation")
    with op.batch_alter_table("operation") as batch_op:
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
    with op.batch_alter_table("current_plan") as batch_op:
        batch_op.create_index(batch_op.f("ix_current_plan_plan_id"), ["plan_id"], unique=False)
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
    ids: dict[int, int] = {}  # agency -> the agency of the same key that is kept (the oldest)
    for agency_id, key in conn.execute(sa.text("SELECT id, key FROM agency ORDER BY id")).fetchall():
        ids[agency_id] = first.setdefault(key, agency_id)
    for old, new in ids.items():
        if old != new:
            conn.execute(sa.text("UPDATE task SET lead_agency_id = :n WHERE lead_agency_id = :o"), {"n": new, "o": old})
    op.create_table("agency_old",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("name", TEXT(), nullable=False),
                    sa.Column("key", TEXT(), nullable=False),
                    sa.Column("is_group", sa.Boolean(), nullable=False),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("key"))
    conn.execute(sa.text("INSERT INTO agency_old (id, name, key, is_group) SELECT id, name, key, is_group FROM agency "
                         "WHERE id IN (SELECT min(id) FROM agency GROUP BY key)"))
    op.create_table("agency_alias_old",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("agency_id", sa.Integer(), nullable=False),
                    sa.Column("alias", TEXT(), nullable=False),
                    sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("alias"))
    seen = set()
    for alias_id, agency_id, alias in conn.execute(sa.text("SELECT id, agency_id, alias FROM agency_alias ORDER BY id")).fetchall():
        if alias not in seen:
            seen.add(alias)
            conn.execute(sa.text("INSERT INTO agency_alias_old (id, agency_id, alias) VALUES (:i, :a, :s)"),
                         {"i": alias_id, "a": ids.get(agency_id, agency_id), "s": alias})
    op.create_table("task_cooperation_old",
                    sa.Column("task_id", sa.Integer(), nullable=False),
                    sa.Column("agency_id", sa.Integer(), nullable=False),
                    sa.Column("position", sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
                    sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
                    sa.PrimaryKeyConstraint("task_id", "agency_id"))
    for task_id, agency_id, position in conn.execute(sa.text(
            "SELECT task_id, agency_id, position FROM task_cooperation ORDER BY id")).fetchall():
        conn.execute(sa.text("INSERT OR IGNORE INTO task_cooperation_old (task_id, agency_id, position) VALUES (:t, :a, :p)"),
                     {"t": task_id, "a": ids.get(agency_id, agency_id), "p": position})
    for table in ("task_cooperation", "agency_alias", "agency"):
        op.drop_table(table)
        op.rename_table(f"{table}_old", table)
    with op.batch_alter_table("agency_alias") as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_alias_agency_id"), ["agency_id"], unique=False)
    with op.batch_alter_table("task_cooperation") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_cooperation_agency_id"), ["agency_id"], unique=False)
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_column("lead_written")
    op.create_table("note_old",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("task_id", sa.Integer(), nullable=False),
                    sa.Column("text", sa.Text(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
                    sa.PrimaryKeyConstraint("id"))
    conn.execute(sa.text("INSERT INTO note_old (id, task_id, text, created_at) "
                         "SELECT id, task_id, text, created_at FROM note WHERE task_id IS NOT NULL"))
    op.drop_table("note")
    op.rename_table("note_old", "note")
    with op.batch_alter_table("note") as batch_op:
        batch_op.create_index(batch_op.f("ix_note_task_id"), ["task_id"], unique=False)
    op.create_table("operation_old",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("command", TEXT(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("undoes_id", sa.Integer(), nullable=True),
                    sa.Column("undone_by_id", sa.Integer(), nullable=True),
                    sa.ForeignKeyConstraint(["undoes_id"], ["operation.id"]),
                    sa.ForeignKeyConstraint(["undone_by_id"], ["operation.id"]),
                    sa.PrimaryKeyConstraint("id"))
    conn.execute(sa.text("INSERT INTO operation_old (id, command, created_at, undoes_id, undone_by_id) "
                         "SELECT id, command, created_at, undoes_id, undone_by_id FROM operation"))
    op.drop_table("operation")
    op.rename_table("operation_old", "operation")
    current = conn.execute(sa.text("SELECT plan_id FROM current_plan ORDER BY id DESC LIMIT 1")).scalar()
    op.drop_table("setting")
    op.create_table("setting",
                    sa.Column("key", TEXT(), nullable=False),
                    sa.Column("value", TEXT(), nullable=False),
                    sa.PrimaryKeyConstraint("key"))
    if current is not None:
        conn.execute(sa.text("INSERT INTO setting (key, value) VALUES ('current_plan', :v)"), {"v": str(current)})
    op.drop_table("current_plan")
    op.create_table("plan_old",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("title", sa.Text(), nullable=False),
                    sa.Column("commune", TEXT(), nullable=False),
                    sa.Column("number", TEXT(), nullable=False),
                    sa.Column("issuer", TEXT(), nullable=False),
                    sa.Column("year_start", sa.Integer(), nullable=False),
                    sa.Column("year_end", sa.Integer(), nullable=False),
                    sa.Column("source_name", TEXT(), nullable=False),
                    sa.Column("source_sha256", TEXT(), nullable=False),
                    sa.Column("imported_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    columns = "id, title, commune, number, issuer, year_start, year_end, source_name, source_sha256, imported_at"
    conn.execute(sa.text(f"INSERT INTO plan_old ({columns}) SELECT {columns} FROM plan"))
    op.drop_table("plan")
    op.rename_table("plan_old", "plan")
    with op.batch_alter_table("plan") as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_commune"), ["commune"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_source_sha256"), ["source_sha256"], unique=False)
    op.drop_table("owner")
