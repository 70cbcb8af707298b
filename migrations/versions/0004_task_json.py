"""task_json: each task's JSON stored with it, kept true by triggers

Revision ID: 0004_task_json
Revises: 0003_province
Create Date: 2026-12-01 14:00:00

Written by hand (autogenerate sees the column and indexes, not the triggers). `task.json_text`
holds the task as `task list --format json` prints it, so a province's whole
listing is read instead of built. It starts empty (NULL) in every task: the
listing builds what is empty, and the next cchc write stores it. The triggers
(and on PostgreSQL their functions) come from cchc/models.py, as in a new
database: whatever changes a task, its milestones, its cooperating agencies or
its plan's last year empties that task's JSON. Two indexes: the listing's order
(plan, position, id), and the tasks whose JSON is missing (a partial index, empty
most of the time), which every write looks up.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from cchc.models import drop_task_json_triggers, task_json_triggers

revision: str = "0004_task_json"
down_revision: Union[str, None] = "0003_province"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("task", sa.Column("json_text", sa.Text(), nullable=True))
    op.create_index("ix_task_plan_position", "task", ["plan_id", "position", "id"])
    missing = sa.text("json_text IS NULL")
    op.create_index("ix_task_json_missing", "task", ["plan_id"], sqlite_where=missing, postgresql_where=missing)
    for statement in task_json_triggers(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_task_json_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index("ix_task_json_missing", table_name="task")
    op.drop_index("ix_task_plan_position", table_name="task")
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_column("json_text")
