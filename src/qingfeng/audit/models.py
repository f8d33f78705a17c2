"""The audit_log table. Rows are written only by `audit.service.append`; there is no update or delete API.

Each entry stores the previous entry's hash (`prev_hash`) and its own SHA-256 (`hash`) over a
canonical JSON of its fields, id included, so an edited, deleted, inserted or reordered entry
breaks the chain at a place `audit.service.verify` names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from qingfeng.db.base import Base, UTCDateTime

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    """Assigned by `append` as the previous id + 1, under a lock: the chain's order."""
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column()
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    """e.g. clue.transition, clue.assign, clue.import, clue.merge, clue.view, user.create."""
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
