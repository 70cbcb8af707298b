"""The schema revisions this cchc knows, newest last (checked against
migrations/ by tests/test_migrations.py). Kept here so opening a database can
tell whether it needs an upgrade without importing alembic."""

KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial",)
HEAD = KNOWN_REVISIONS[-1]
