"""The schema, defined once. Migrations in migrations/ and the DDL of a new
database (cchc/store/ddl.py, scripts/make_ddl.py) are generated from it.

cchc/store queries these tables with plain SQL to keep start-up cheap; the
names here are the names used there. Columns added after the first release
come last in their table, as a migration appends them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import DateTime, Index, Text, UniqueConstraint, text, true
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _stamp(**kw):
    """A local wall-clock timestamp (when the officer did it), stored without zone."""
    return Field(default_factory=_now, sa_type=DateTime, **kw)


def _text(**kw):
    return Field(sa_type=Text, **kw)


def _added(default, **kw):
    """A NOT NULL column added by a migration: its default is the database's too."""
    server = true() if default is True else str(default)
    return Field(default=default, sa_column_kwargs={"server_default": server}, **kw)


class Owner(SQLModel, table=True):
    """The commune or unit that issued plans, as issued ("xã Hoàng Sơn"); `key` matches its spellings."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = ""
    key: str = Field(unique=True)


class Plan(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = _text(default="")
    commune: str = Field(default="", index=True)
    number: str = ""
    issuer: str = ""
    year_start: int
    year_end: int
    source_name: str = ""
    source_sha256: str = Field(default="", index=True)
    imported_at: datetime = _stamp()
    owner_id: int = Field(foreign_key="owner.id", index=True)
    # The signature block as the plan prints it; None where the plan has none or it was not read.
    signer_behalf: Optional[str] = None  # "TM. ỦY BAN NHÂN DÂN"
    signer_title: Optional[str] = None  # "CHỦ TỊCH", "KT. CHỦ TỊCH"
    signer_subtitle: Optional[str] = None  # "PHÓ CHỦ TỊCH" (under KT.)
    signer_name: Optional[str] = None  # "Nguyễn Văn A"


class Area(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name: str
    position: int


class Agency(SQLModel, table=True):
    """One agency of one owner (the same name in two communes is two agencies)."""

    __table_args__ = (UniqueConstraint("owner_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    key: str
    is_group: bool = False
    owner_id: int = Field(foreign_key="owner.id", index=True)


class AgencyAlias(SQLModel, table=True):
    __tablename__ = "agency_alias"
    __table_args__ = (UniqueConstraint("agency_id", "alias"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    alias: str


class Task(SQLModel, table=True):
    __table_args__ = (
        Index("ix_task_plan_area", "plan_id", "area_code"),
        Index("ix_task_plan_status", "plan_id", "status"),
        Index("ix_task_plan_position", "plan_id", "position", "id"),  # the listing's order
        # the tasks whose JSON is to be stored again (few, and none most of the time)
        Index("ix_task_json_missing", "plan_id", sqlite_where=text("json_text IS NULL"),
              postgresql_where=text("json_text IS NULL")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    area_code: str = Field(foreign_key="area.code", index=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="task.id")
    level: str = "task"
    ref: str = ""
    position: int = 0
    text: str = _text()
    product: str = _text(default="")
    budget: str = ""
    lead_agency_id: Optional[int] = Field(default=None, foreign_key="agency.id", index=True)
    deadline_text: str = _text(default="")
    status: str = Field(default="not_started", index=True)
    removed: bool = False  # vanished from an amended plan: kept, hidden from views
    source_line: Optional[int] = None
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    lead_written: str = _added("")  # the lead agency as the plan wrote it (shown); lead_agency_id matches
    # The task's JSON as `task list --format json` prints it (cchc/store/task_json.py): written at the end
    # of every cchc write, emptied by the database itself (TASK_JSON_TRIGGERS) when anything it shows changes.
    json_text: Optional[str] = Field(default=None, sa_type=Text)


class TaskCooperation(SQLModel, table=True):
    __tablename__ = "task_cooperation"
    __table_args__ = (UniqueConstraint("task_id", "agency_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    agency_id: int = Field(foreign_key="agency.id", index=True)
    position: int = 0
    written: str = _added("")  # as the plan wrote it


class Milestone(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    position: int = 0
    label: str = ""
    kind: str
    due: Optional[date] = Field(default=None, index=True)
    window_start: Optional[date] = None
    needs_review: bool = False
    review_reason: str = ""
    source_text: str = _text(default="")
    done_on: Optional[date] = None
    evidence: str = _text(default="")


class Note(SQLModel, table=True):
    """A note on a task, or on the plan itself (task_id NULL: a report-level note)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: Optional[int] = Field(default=None, foreign_key="task.id", index=True)
    text: str = _text()
    created_at: datetime = _stamp()
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: str = _added("")  # cchc.domain.vocabulary.NOTE_KINDS, or "" for a plain note


class Evidence(SQLModel, table=True):
    """Tài liệu kiểm chứng: a document number and date, or a file by path and hash."""

    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    milestone_id: Optional[int] = Field(default=None, foreign_key="milestone.id")
    text: str = _text(default="")
    file_path: str = ""
    file_sha256: str = ""
    created_at: datetime = _stamp()


class Operation(SQLModel, table=True):
    """One command that changed data; undo reverts all its changes at once."""

    id: Optional[int] = Field(default=None, primary_key=True)
    command: str
    created_at: datetime = _stamp()
    undoes_id: Optional[int] = Field(default=None, foreign_key="operation.id")
    undone_by_id: Optional[int] = Field(default=None, foreign_key="operation.id")
    actor: str = _added("", index=True)  # CCHC_USER, else the OS user (on a server too)
    owner_id: Optional[int] = Field(default=None, foreign_key="owner.id")
    undoable: bool = _added(True)  # a stored fact, never read off the command
    undo_note: str = _added("")  # why it cannot be undone


class Change(SQLModel, table=True):
    __table_args__ = (Index("ix_change_entity", "entity", "entity_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    operation_id: int = Field(foreign_key="operation.id", index=True)
    entity: str  # table name: task, milestone, indicator_value, ...
    entity_id: int
    task_id: Optional[int] = Field(default=None, index=True)
    field: str  # column name, or "created" / "deleted" for whole rows
    old: Optional[str] = Field(default=None, sa_type=Text)
    new: Optional[str] = Field(default=None, sa_type=Text)
    at: datetime = _stamp(index=True)
    note: str = ""


class Indicator(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    key: str
    name: str = _text()
    unit: str = "%"
    comparator: Optional[str] = None
    target: Optional[float] = None
    period: str = ""
    source_text: str = _text(default="")


class IndicatorValue(SQLModel, table=True):
    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    period: str  # "2026-Q1", "2026-03", or the as-of date in ISO
    as_of: date
    value: float
    numerator: Optional[float] = None
    denominator: Optional[float] = None
    source: str = ""
    recorded_at: datetime = _stamp()


class CurrentPlan(SQLModel, table=True):
    """The plan each actor's views default to: one per actor in a file; on a province server one per
    actor of each login role, so two communes' officers of the same name do not share one."""

    __tablename__ = "current_plan"
    __table_args__ = (UniqueConstraint("role", "actor"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    actor: str
    plan_id: int = Field(foreign_key="plan.id", index=True)
    role: str = _added("")  # the server's login role (current_user); "" in a file


class CommuneRole(SQLModel, table=True):
    """On a province server, which commune (owner) a login role works for (`cchc province
    add-commune`); row-level security reads it. A commune's own file has none."""

    __tablename__ = "commune_role"
    role: str = Field(primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")


class Setting(SQLModel, table=True):
    """An owner's settings (`signer.title` …), key and value."""

    __table_args__ = (UniqueConstraint("owner_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    key: str
    value: str = ""


__all__ = [
    "Agency", "AgencyAlias", "Area", "Change", "CommuneRole", "CurrentPlan", "Evidence", "Indicator", "IndicatorValue",
    "Milestone", "Note", "Operation", "Owner", "Plan", "Setting", "Task", "TaskCooperation",
]


# -- what keeps task.json_text true --------------------------------------------------------------------
# A task inserted (a copy, an undo: its ids may be new), and whatever changes a task, its milestones or
# cooperating agencies, or its plan's last year (undated milestones are on time within it), empties
# the task's stored JSON in the same statement, whoever writes (cchc, a migration, a hand edit): the
# listing never shows a stale one. A migration that
# rebuilds one of these tables on SQLite (batch mode) drops its triggers: it must create them again.
_JSON_CHILDREN = ("milestone", "task_cooperation")


def task_json_triggers(dialect: str) -> list[str]:
    """The DDL of the triggers (and, on PostgreSQL, their functions), for `dialect` "sqlite" or "postgresql"."""
    shown = ", ".join(c.name for c in Task.__table__.columns if c.name not in ("id", "json_text"))
    stale = "UPDATE task SET json_text = NULL WHERE {} AND json_text IS NOT NULL"
    if dialect == "sqlite":
        out = [f"CREATE TRIGGER task_json_of_task AFTER UPDATE OF {shown} ON task BEGIN "
               f"{stale.format('id = NEW.id')}; END",
               f"CREATE TRIGGER task_json_of_new_task AFTER INSERT ON task BEGIN {stale.format('id = NEW.id')}; END",
               f'CREATE TRIGGER task_json_of_plan AFTER UPDATE OF year_end ON "plan" BEGIN '
               f"{stale.format('plan_id = NEW.id')}; END"]
        for child in _JSON_CHILDREN:
            for event, rows in (("INSERT", "NEW.task_id"), ("UPDATE", "NEW.task_id, OLD.task_id"),
                                ("DELETE", "OLD.task_id")):
                out.append(f"CREATE TRIGGER task_json_of_{child}_{event.lower()} AFTER {event} ON {child} BEGIN "
                           f"{stale.format(f'id IN ({rows})')}; END")
        return out
    return [
        "CREATE FUNCTION task_json_of_task() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN NEW.json_text := NULL; RETURN NEW; END $$",
        "CREATE FUNCTION task_json_of_plan() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {stale.format('plan_id = NEW.id')}; RETURN NULL; END $$",
        "CREATE FUNCTION task_json_of_child() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {stale.format('id = OLD.task_id')}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {stale.format('id = NEW.task_id')}; END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER task_json_of_task BEFORE INSERT OR UPDATE OF {shown} ON task FOR EACH ROW "
        "EXECUTE FUNCTION task_json_of_task()",
        "CREATE TRIGGER task_json_of_plan AFTER UPDATE OF year_end ON plan FOR EACH ROW "
        "EXECUTE FUNCTION task_json_of_plan()",
    ] + [f"CREATE TRIGGER task_json_of_{child} AFTER INSERT OR UPDATE OR DELETE ON {child} FOR EACH ROW "
         "EXECUTE FUNCTION task_json_of_child()" for child in _JSON_CHILDREN]


def drop_task_json_triggers(dialect: str) -> list[str]:
    """The DDL that removes them (a downgrade)."""
    if dialect == "sqlite":
        names = ["task_json_of_task", "task_json_of_new_task", "task_json_of_plan"] + [
            f"task_json_of_{child}_{event}" for child in _JSON_CHILDREN for event in ("insert", "update", "delete")]
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    on = {"task_json_of_task": "task", "task_json_of_plan": "plan",
          **{f"task_json_of_{child}": child for child in _JSON_CHILDREN}}
    return ([f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in on.items()]
            + [f"DROP FUNCTION IF EXISTS task_json_of_{f}()" for f in ("task", "plan", "child")])
