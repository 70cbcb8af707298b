"""An owner's settings (issue 20: `cchc config set signer.title …`), key and value."""

from __future__ import annotations

from cchc.store.dialect import Db


class SettingReads:
    db: Db

    def settings(self, owner_id: int) -> dict[str, str]:
        return dict(self.db.rows("SELECT key, value FROM setting WHERE owner_id = ? ORDER BY key", (owner_id,)))


def set_setting(tx, owner_id: int, key: str, value: str) -> bool:
    """Set one setting of an owner (recorded, so undo restores it); False when it already held that value."""
    db, rec = tx.db, tx.rec
    row = db.one("SELECT id, value FROM setting WHERE owner_id = ? AND key = ?", (owner_id, key))
    rec.owner(owner_id)
    if row is None:
        rec.created("setting", db.insert("INSERT INTO setting (owner_id, key, value) VALUES (?, ?, ?)",
                                         (owner_id, key, value)))
        return True
    if row[1] == value:
        return False
    db.run("UPDATE setting SET value = ? WHERE id = ?", (value, row[0]))
    rec.changed("setting", row[0], None, "value", row[1], value)
    return True


def unset_setting(tx, owner_id: int, key: str) -> bool:
    """Remove one setting of an owner (recorded whole, so undo puts it back); False when it was not set."""
    from cchc.store.history import snapshot

    row_id = tx.db.value("SELECT id FROM setting WHERE owner_id = ? AND key = ?", (owner_id, key))
    tx.rec.owner(owner_id)
    if row_id is None:
        return False
    tx.rec.deleted("setting", row_id, None, snapshot(tx.db, "setting", row_id))
    tx.db.run("DELETE FROM setting WHERE id = ?", (row_id,))
    return True
