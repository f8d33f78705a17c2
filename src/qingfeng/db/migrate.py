"""Alembic, run from code: the migrations live in this package (db/migrations/)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData

from qingfeng.db.session import database_url, make_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def all_models() -> MetaData:
    """Import every table module and return the complete metadata of the clue store."""
    import qingfeng.audit.models
    import qingfeng.cases.models
    import qingfeng.clues.models
    import qingfeng.regions.models
    import qingfeng.users.models  # noqa: F401
    from qingfeng.db.base import Base

    return Base.metadata


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, revision: str = "head", *, connection: Connection | None = None) -> None:
    """Bring the database at `url` (or on `connection`) up to `revision`; creates a missing SQLite file."""
    if connection is not None:
        command.upgrade(alembic_config(url or str(connection.engine.url), connection), revision)
        return
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(str(engine.url.render_as_string(False)), conn), revision)
    finally:
        engine.dispose()
