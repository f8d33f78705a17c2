"""The clue store's database: declarative base, engines, sessions and migrations.

from qingfeng.db import upgrade, make_engine, session_scope
upgrade("sqlite:///qingfeng.db")   # or QINGFENG_DATABASE_URL when url is None
"""

from __future__ import annotations

from qingfeng.db.base import Base, UTCDateTime, utcnow
from qingfeng.db.migrate import all_models, upgrade
from qingfeng.db.session import database_url, make_engine, session_factory, session_scope

__all__ = [
    "Base",
    "UTCDateTime",
    "all_models",
    "database_url",
    "make_engine",
    "session_factory",
    "session_scope",
    "upgrade",
    "utcnow",
]
