"""Shared database fixtures: every test that takes `db_session` runs on SQLite AND PostgreSQL.

- `db_url`: a migrated, empty database for the whole test session (a temporary SQLite file;
  a fresh PostgreSQL database created on the server of QINGFENG_TEST_POSTGRES_URL, default
  postgresql+psycopg://postgres@127.0.0.1:5432/test, and dropped at the end). When the server
  is unreachable the PostgreSQL half SKIPS with a loud reason; it never passes silently.
- `db_engine`: an engine on `db_url`.
- `db_session`: a Session inside a transaction that is rolled back after the test, so tests
  never see each other's rows; `session.commit()` inside a test only releases a savepoint.
- `world`: a small region tree with units and users (see `World`), built in `db_session`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from qingfeng.db import make_engine, upgrade
from tests.store_fixtures import World, build_world, clue_line

POSTGRES_URL = os.environ.get(
    "QINGFENG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_database() -> Iterator[str]:
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"qingfeng_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is down or refuses us: skip loudly, never pass silently
        admin.dispose()
        pytest.skip(
            f"!!! PostgreSQL NOT TESTED: cannot create a database on {POSTGRES_URL} ({type(error).__name__}: "
            f"{str(error).splitlines()[0]}). Start it (scripts/ensure-services.sh) "
            "or set QINGFENG_TEST_POSTGRES_URL !!!"
        )
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty clue store for the test session, on each database in turn."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("clue-store") / "qingfeng.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    for url in _postgres_database():
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def db_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    with db_engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


@pytest.fixture
def world(db_session: Session) -> World:
    return build_world(db_session)


@pytest.fixture
def make_clue(db_session: Session, world: World):  # type: ignore[no-untyped-def]
    """Import one clue (see `clue_line` for the keyword arguments) and return it."""
    from qingfeng.clues.models import Clue
    from qingfeng.clues.service import import_clues

    def make(scan_label: str = "scan-1", **kwargs: object) -> Clue:
        line = clue_line(**kwargs)  # type: ignore[arg-type]
        import_clues(db_session, lines=[line], actor="system:import", scan_label=scan_label)
        clue = db_session.query(Clue).filter_by(model_id=line["model"], subject_key=line["subject"]).one()
        return clue

    return make


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, EMPTY (not migrated) database for one test, for commands that commit (CLI, web app)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'qingfeng.db'}"
        return
    yield from _postgres_database()
