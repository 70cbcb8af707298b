"""Recording changes: one Operation per command, one Change per field changed.

Values are stored as JSON text (dates in ISO) so undo can restore them exactly.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from cchc.models import Change, Operation


def encode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Recorder:
    """Collects a command's changes under one operation (created on first use)."""

    def __init__(self, session: Session, command: str, when: datetime | None = None):
        self.session = session
        self.command = command
        self.when = when or datetime.now().replace(microsecond=0)
        self.operation: Operation | None = None

    def _op_id(self) -> int:
        if self.operation is None:
            self.operation = Operation(command=self.command, created_at=self.when)
            self.session.add(self.operation)
            self.session.flush()
        return self.operation.id

    def changed(self, entity: str, entity_id: int, task_id: int | None, field: str,
                old: Any, new: Any, note: str = "") -> None:
        if old == new:
            return
        self.session.add(Change(operation_id=self._op_id(), entity=entity, entity_id=entity_id,
                                task_id=task_id, field=field, old=encode(old), new=encode(new),
                                at=self.when, note=note))

    def created(self, entity: str, entity_id: int, task_id: int | None, note: str = "") -> None:
        self.session.add(Change(operation_id=self._op_id(), entity=entity, entity_id=entity_id,
                                task_id=task_id, field="created", at=self.when, note=note))
