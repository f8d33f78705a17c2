"""Regions and units.

A region is one node of the administrative tree; `path` ("/1/4/9/") lists the ids from the
root down to it, so a subtree is one prefix query on a small table. A unit (a procuratorate,
a discipline inspection office, a township's supervision office) has jurisdiction over the
subtree of its `region`; its `parent` is the unit above it.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qingfeng.db.base import Base


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    """Administrative division code (6 digits for a county, 9 for a township, 12 for a village)."""
    level: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    path: Mapped[str] = mapped_column(String(500), default="", index=True)
    """Ids from the root to this region, "/1/4/9/"; set by `regions.service.add_region`."""

    parent: Mapped[Region | None] = relationship(remote_side="Region.id", back_populates="children")
    children: Mapped[list[Region]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.level} {self.name_zh}>"


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    """The root of the unit's jurisdiction: it sees clues in this region's subtree."""
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    region: Mapped[Region] = relationship()
    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id")

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name_zh}>"
