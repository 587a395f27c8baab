"""Database foundations: declarative base, column types, engines and transactions."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, QueryableAttribute, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigIntPK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite stores naive text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_cls: type[enum.StrEnum], length: int = 32) -> sa.Enum:
    """A StrEnum stored as its value in a VARCHAR (no native enum types to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class JSONType(sa.TypeDecorator[Any]):
    """JSON everywhere, JSONB on PostgreSQL."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(sa.JSON())


def make_engine(
    url: str, *, pool_size: int = 10, max_overflow: int | None = None, echo: bool = False
) -> Engine:
    """Create an engine tuned per backend.

    SQLite runs in WAL mode with foreign keys on, and every transaction starts with
    ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout instead of
    failing when a read lock cannot be upgraded.
    """
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, echo=echo, connect_args={"timeout": 30, "check_same_thread": False}
        )
        _tune_sqlite(engine)
        return engine
    overflow = pool_size * 2 if max_overflow is None else max_overflow
    engine = sa.create_engine(url, echo=echo, pool_size=pool_size, max_overflow=overflow)
    _ping_idle_connections(engine)
    return engine


# A pooled connection is pinged before use only when it sat idle this long. Pinging on
# every checkout (``pool_pre_ping``) cost a round trip per request and per order; a
# connection handed back milliseconds ago is alive, while one idle across a database
# restart is caught here as before.
PING_AFTER_IDLE_SECONDS = 5.0


def _ping_idle_connections(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool then drops this connection and takes another
            raise sa.exc.DisconnectionError("the idle connection failed its ping") from exc


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine, info: dict[str, Any] | None = None) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info or {})


def in_params(
    column: sa.ColumnElement[Any] | QueryableAttribute[Any], name: str, count: int
) -> sa.ColumnElement[bool]:
    """``column IN (:name0, :name1, …)`` with ``count`` plain parameters (see ``params_of``).

    For statements on hot paths, built once per count and cached: an ``expanding``
    parameter re-renders the SQL on every execution, which costs more than the query.
    """
    expression = column.expression if isinstance(column, QueryableAttribute) else column
    marks = [sa.bindparam(f"{name}{i}", type_=expression.type) for i in range(count)]
    return expression.in_(marks)


def table_of(model: type[Base]) -> sa.Table:
    """The table behind a mapped class, for plain (Core) statements on hot paths."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


def params_of(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The parameters of an ``in_params(…, name, len(values))`` condition."""
    return {f"{name}{i}": value for i, value in enumerate(values)}


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """The one commit boundary for jobs and commands: commit on success, else roll back."""
    with factory() as session, session.begin():
        yield session


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_day(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, on SQLite (naive UTC text) and PG."""
    if session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("UTC", column), sa.Date)
    return sa.func.date(column)
