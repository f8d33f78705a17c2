"""The history of a clue (transitions), its outcome, and recusals.

Every change of a clue writes a `Transition`: a change of state (from_state != to_state) or an
event that keeps the state (assignment, recusal, merge, new evidence), named by `action`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qingfeng.clues.models import Clue
from qingfeng.db.base import Base, UTCDateTime, utcnow
from qingfeng.users.models import User


class Transition(Base):
    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    """The user's username, or "system:import" for a change made by an import."""
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    clue: Mapped[Clue] = relationship()
    actor: Mapped[User | None] = relationship()


class CaseOutcome(Base):
    """What became of a filed case: the sentence, funds recovered, the suggestion and its rectification."""

    __tablename__ = "case_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(40), default="")
    """decision_prosecute or decision_not_prosecute."""
    sentence: Mapped[str] = mapped_column(Text, default="")
    funds_recovered: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    suggestion_issued: Mapped[bool] = mapped_column(default=False)
    """A prosecutorial or supervision suggestion was issued to the department concerned."""
    suggestion_text: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(Text, default="")
    """What the department did in answer to the suggestion."""
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clue: Mapped[Clue] = relationship()


class Recusal(Base):
    """A handler who stepped back from a clue (self-recusal); they are not assigned to it again."""

    __tablename__ = "recusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clue: Mapped[Clue] = relationship()
    user: Mapped[User] = relationship()
