"""Engines and sessions of the clue store.

Services take a `Session` and never commit; the caller (a web request, a CLI command)
commits once, so a change and its audit entry land together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def database_url(url: str | None = None) -> str:
    """The URL given, else QINGFENG_DATABASE_URL, else the SQLite file `qingfeng.db`."""
    if url:
        return url
    from qingfeng.settings import get_settings

    return get_settings().database_url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the clue store; SQLite gets foreign keys on and a busy timeout."""
    engine = create_engine(database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: Any) -> None:
    # pysqlite opens transactions late and never around DDL, so a failed migration would be
    # half applied and SAVEPOINTs misbehave; SQLAlchemy's documented fix: BEGIN ourselves.
    connection.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One unit of work for a command: commits at the end, rolls back on any error."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


def refresh_statistics(url: str | None = None) -> None:
    """ANALYZE the database so the query planner knows the tables' sizes.

    SQLite keeps no statistics until told to, and without them it sorts all of a county's
    clues for page 1 of the inbox instead of walking the sort index; run after a large import.
    """
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()
