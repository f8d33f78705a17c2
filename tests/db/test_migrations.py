"""The migrations build exactly the tables the models declare, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from qingfeng.db import all_models, make_engine, upgrade
from qingfeng.users.models import User


def test_migrated_schema_matches_the_models(db_engine: Engine) -> None:
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, all_models()) == []


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"clues", "evidence", "transitions", "audit_log", "users", "regions", "units"} <= tables


def test_upgrade_creates_a_new_sqlite_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    assert (tmp_path / "fresh.db").exists()


def test_timestamps_come_back_aware_in_utc(db_session: Session) -> None:
    moment = datetime(2024, 3, 1, 8, 30, 15, 123456, tzinfo=timezone(timedelta(hours=8)))
    db_session.add(User(username="t", created_at=moment))
    db_session.flush()
    db_session.expire_all()
    stored = db_session.scalars(select(User.created_at).where(User.username == "t")).one()
    assert stored == datetime(2024, 3, 1, 0, 30, 15, 123456, tzinfo=UTC)
    assert stored.tzinfo is UTC


def test_naive_datetime_is_refused(db_session: Session) -> None:
    db_session.add(User(username="naive", created_at=datetime(2024, 1, 1)))
    with pytest.raises(Exception, match="naive datetime"):
        db_session.flush()


def test_refresh_statistics_runs(db_url: str) -> None:
    from sqlalchemy import text

    from qingfeng.db.session import refresh_statistics

    refresh_statistics(db_url)
    if db_url.startswith("sqlite"):
        engine = make_engine(db_url)
        with engine.connect() as connection:
            query = text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert connection.execute(query).scalar() == "sqlite_stat1"
        engine.dispose()


def test_a_failed_sqlite_migration_leaves_nothing_half_done(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'half.db'}"
    upgrade(url, "0001")
    engine = make_engine(url)
    with engine.begin() as connection:  # makes step 0002's second statement fail
        connection.execute(text("CREATE INDEX ix_clues_created_id ON clues (state)"))
    with pytest.raises(Exception, match="ix_clues_created_id"):
        upgrade(url)
    with engine.connect() as connection:
        indexes = {ix["name"] for ix in inspect(connection).get_indexes("clues")}
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert "ix_clues_created_at" in indexes and version == "0001"
