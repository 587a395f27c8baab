"""Full-text search over tickets and messages (hand-written: autogenerate cannot see it).

SQLite: external-content FTS5 tables kept in step by triggers.
PostgreSQL: expression GIN indexes over ``to_tsvector('simple', …)``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (FTS table, source table, source column)
_SQLITE_SOURCES = (
    ("ticket_fts", "tickets", "subject"),
    ("ticket_message_fts", "ticket_messages", "body_text"),
)
_POSTGRES_INDEXES = (
    ("ix_tickets_subject_fts", "tickets", "subject"),
    ("ix_ticket_messages_body_fts", "ticket_messages", "body_text"),
)


def _sqlite_upgrade() -> None:
    for fts, source, column in _SQLITE_SOURCES:
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{source}', "
            f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_downgrade() -> None:
    for fts, _source, _column in _SQLITE_SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
        return
    for name, table, column in _POSTGRES_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (to_tsvector('simple', {column}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
        return
    for name, _table, _column in _POSTGRES_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
