"""province: commune roles, current plan per login role; a plan's signature block

Revision ID: 0003_province
Revises: 0002_owners
Create Date: 2026-12-01 09:54:31

Generated with alembic autogenerate, then completed by hand (the unique
constraint on the actor alone, which autogenerate cannot see unnamed on
SQLite, is dropped). What a province server needs, in the schema of every
database: `commune_role`, which commune each login role works for (empty in a
commune's file), and the login role in `current_plan` ("" in a file), unique
with the actor. On a server, the current plans recorded before are the
upgrading login role's (without `province init`, one role used the database).
And four nullable columns on `plan` for its signature block (who signs, on whose
behalf); NULL in the plans imported before.

A province database set up by `cchc province init` before this revision
already has both, made by that command: they are brought to the models' shape
in place, rows kept. Its row-level security policies on the two tables are
dropped on the way (a column a policy names cannot change type), so those rows
are hidden from every commune until the administrator runs `cchc province
init` again, as after any upgrade.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_province"
down_revision: Union[str, None] = "0002_owners"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT = sqlmodel.sql.sqltypes.AutoString
# PostgreSQL's own names for unnamed constraints; SQLite's reflected unnamed ones get the same.
PG_NAMES = {"pk": "%(table_name)s_pkey", "uq": "%(table_name)s_%(column_0_N_name)s_key",
            "fk": "%(table_name)s_%(column_0_name)s_fkey"}


def _batch(table: str):
    return op.batch_alter_table(table, naming_convention=PG_NAMES)


SIGNER_COLUMNS = ("signer_behalf", "signer_title", "signer_subtitle", "signer_name")


def upgrade() -> None:
    for column in SIGNER_COLUMNS:
        op.add_column("plan", sa.Column(column, TEXT(), nullable=True))
    conn = op.get_bind()
    if sa.inspect(conn).has_table("commune_role"):
        _adopt_province_init()
        return
    op.create_table("commune_role",
                    sa.Column("role", TEXT(), nullable=False),
                    sa.Column("owner_id", sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(["owner_id"], ["owner.id"]),
                    sa.PrimaryKeyConstraint("role"))
    op.add_column("current_plan", sa.Column("role", TEXT(), server_default="", nullable=False))
    if conn.dialect.name != "sqlite":  # a server had one role until `province init` (which made the column)
        conn.execute(sa.text("UPDATE current_plan SET role = current_user"))
    with _batch("current_plan") as batch_op:
        batch_op.drop_constraint("current_plan_actor_key", type_="unique")
        batch_op.create_unique_constraint("current_plan_role_actor_key", ["role", "actor"])


def _adopt_province_init() -> None:
    """The tables and column `province init` made before this revision (PostgreSQL only), as the
    models define them."""
    for table in ("current_plan", "commune_role"):
        for policy in ("commune", "province"):
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
    op.alter_column("commune_role", "role", type_=TEXT(), existing_nullable=False)
    op.alter_column("current_plan", "role", server_default=None)
    op.alter_column("current_plan", "role", type_=TEXT(), server_default="", existing_nullable=False)
    op.execute("DROP INDEX IF EXISTS current_plan_role_actor")
    op.execute("ALTER TABLE current_plan DROP CONSTRAINT IF EXISTS current_plan_actor_key")
    op.create_unique_constraint("current_plan_role_actor_key", "current_plan", ["role", "actor"])


def downgrade() -> None:
    """Back to 0002: one current plan per actor (the one chosen last), no commune roles."""
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM current_plan WHERE id NOT IN (SELECT max(id) FROM current_plan GROUP BY actor)"))
    with _batch("current_plan") as batch_op:
        batch_op.drop_constraint("current_plan_role_actor_key", type_="unique")
        batch_op.drop_column("role")
        batch_op.create_unique_constraint("current_plan_actor_key", ["actor"])
    op.drop_table("commune_role")
    with _batch("plan") as batch_op:
        for column in reversed(SIGNER_COLUMNS):
            batch_op.drop_column(column)
