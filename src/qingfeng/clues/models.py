"""Clues, their subjects, evidence and attachments, and the kinship pairs used for recusal.

A clue from a supervision model is keyed by (model_id, subject_key): a re-scan finds the clue
it already has and adds evidence to it. A merged clue keeps its rows and points to the clue it
was merged into (`merged_into_id`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qingfeng.db.base import Base, UTCDateTime, utcnow
from qingfeng.regions.models import Region, Unit
from qingfeng.users.models import User


class ClueSource(StrEnum):
    MODEL = "model"
    PUBLIC_REPORT = "public_report"
    TRANSFER_AUDIT = "transfer_audit"
    TRANSFER_INSPECTION = "transfer_inspection"
    TRANSFER_OTHER_ORGAN = "transfer_other_organ"
    COMPLAINT = "complaint"
    MANUAL = "manual"


VISIBILITY_COLUMNS = (
    "region_id",
    "assigned_unit_id",
    "merged_into_id",
    "state",
    "due_at",
    "sector",
    "offence",
    "source",
)


class Clue(Base):
    __tablename__ = "clues"
    __table_args__ = (
        UniqueConstraint("model_id", "subject_key"),
        Index("ix_clues_region_created", "region_id", "created_at"),
        Index("ix_clues_state_due", "state", "due_at"),
        # page 1 of the inbox: sort keys with the id tie-breaker, and one narrow index that
        # covers the jurisdiction and common filters so counting 100,000 clues reads no rows
        Index("ix_clues_created_id", "created_at", "id"),
        Index("ix_clues_amount_id", "amount", "id"),
        Index("ix_clues_visibility", *VISIBILITY_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32), default=ClueSource.MODEL.value, index=True)
    model_id: Mapped[str | None] = mapped_column(String(100), index=True)
    model_version: Mapped[str | None] = mapped_column(String(32))
    model_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    subject_key: Mapped[str] = mapped_column(String(300))
    """The model's `subject`: a person's id number, a bank account, a contract id, ..."""
    subject_kind: Mapped[str | None] = mapped_column(String(32))
    title_zh: Mapped[str] = mapped_column(String(500), default="")
    title_en: Mapped[str] = mapped_column(String(500), default="")
    sector: Mapped[str] = mapped_column(String(32), default="other", index=True)
    offence: Mapped[str] = mapped_column(String(32), default="other", index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    """Amount involved in yuan; None where no money is involved."""
    score: Mapped[float | None] = mapped_column()
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    state: Mapped[str] = mapped_column(String(40), default="received")
    state_entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    assigned_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    assigned_handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    explanation_zh: Mapped[str] = mapped_column(Text, default="")
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"), index=True)
    """The clue this one was merged into. A plain id, no relationship: a self-referential
    relationship makes the ORM insert clues one row at a time instead of in batches."""
    search_text: Mapped[str] = mapped_column(Text, default="")
    """Lower-cased title, explanation, subject names and identifiers, for the search box."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    region: Mapped[Region | None] = relationship()
    assigned_unit: Mapped[Unit | None] = relationship()
    assigned_handler: Mapped[User | None] = relationship()
    subjects: Mapped[list[ClueSubject]] = relationship(
        back_populates="clue", cascade="all, delete-orphan", order_by="ClueSubject.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="clue", cascade="all, delete-orphan", order_by="Evidence.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="clue", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    def __repr__(self) -> str:
        return f"<Clue {self.id} {self.model_id}:{self.subject_key} {self.state}>"


class ClueSubject(Base):
    """A person, account, contract, tender, buyer/supplier pair or project a clue is about."""

    __tablename__ = "clue_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    identifier: Mapped[str] = mapped_column(String(300), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    village: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str] = mapped_column(String(32), default="")

    clue: Mapped[Clue] = relationship(back_populates="subjects")


class SubjectKinship(Base):
    """Two persons who are relatives (one step), stored once with person_a < person_b."""

    __tablename__ = "subject_kinship"
    __table_args__ = (UniqueConstraint("person_a", "person_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a: Mapped[str] = mapped_column(String(18))
    person_b: Mapped[str] = mapped_column(String(18), index=True)
    source_clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))


class Evidence(Base):
    """One warehouse record behind a clue, with the scans that first and last saw it."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("clue_id", "table_name", "record_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(100))
    record_key: Mapped[str] = mapped_column(String(300))
    link: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """How the record was linked to the subject: {"method": "exact", "probability": 1.0}."""
    first_seen_scan: Mapped[str] = mapped_column(String(200))
    last_seen_scan: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clue: Mapped[Clue] = relationship(back_populates="evidence")


class Attachment(Base):
    """A file attached to a clue; the bytes live at `stored_path`, checked by `sha256`."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(1000))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clue: Mapped[Clue] = relationship(back_populates="attachments")
