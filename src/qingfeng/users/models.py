"""The users table. Authentication (passwords, TOTP, lock-out) is written elsewhere in this
package; this module only declares the table and the roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qingfeng.db.base import Base, UTCDateTime, utcnow
from qingfeng.regions.models import Region, Unit


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    """Manages users and units; handles no case."""
    LEADER = "leader"
    """Decides: assigns, files, closes, reopens."""
    HANDLER = "handler"
    """Works the clues assigned to them."""
    ANALYST = "analyst"
    """Runs models, imports and triages clues."""
    VIEWER = "viewer"
    """Reads only."""


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(500), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.VIEWER.value)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    person_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    """The resident identity number of the person this user is: used for recusal."""
    home_region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    """The village (region) where the user's person lives: used for recusal."""
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    home_region: Mapped[Region | None] = relationship()

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
