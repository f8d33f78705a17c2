"""Build the region tree and answer jurisdiction questions about it.

county = add_region(session, code="141181", level="county", name_zh="孝义市", parent=city)
ids = subtree_region_ids(session, county)       # the county, its townships and villages
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.regions.models import Region, RegionLevel, Unit

LEVELS = tuple(level.value for level in RegionLevel)


def add_region(
    session: Session,
    *,
    code: str,
    level: str,
    name_zh: str,
    name_en: str = "",
    parent: Region | None = None,
) -> Region:
    """Add one region under `parent` (None for a root) and set its path."""
    if level not in LEVELS:
        raise ValueError(f"unknown region level {level!r}; expected one of {', '.join(LEVELS)}")
    region = Region(code=code, level=level, name_zh=name_zh, name_en=name_en, parent=parent)
    session.add(region)
    session.flush()
    region.path = f"{parent.path if parent else '/'}{region.id}/"
    session.flush()
    return region


def add_unit(
    session: Session, *, name_zh: str, region: Region, name_en: str = "", parent: Unit | None = None
) -> Unit:
    """Add a unit whose jurisdiction is `region`'s subtree, under the `parent` unit."""
    unit = Unit(name_zh=name_zh, name_en=name_en, region=region, parent=parent)
    session.add(unit)
    session.flush()
    return unit


def subtree_region_ids(session: Session, region: Region) -> list[int]:
    """Ids of `region` and every region below it."""
    return list(
        session.scalars(select(Region.id).where(Region.path.startswith(region.path, autoescape=True)))
    )


def ancestor_ids(region: Region) -> list[int]:
    """Ids from the root down to `region` itself."""
    return [int(part) for part in region.path.strip("/").split("/") if part]


def is_within(region: Region, ancestor: Region) -> bool:
    """True when `region` is `ancestor` or lies below it."""
    return region.path.startswith(ancestor.path)


def ancestor_at_level(session: Session, region: Region, level: str) -> Region | None:
    """The region at `level` on the way from the root to `region` (itself included), if any."""
    ids = ancestor_ids(region)
    if not ids:
        return None
    return session.scalars(select(Region).where(Region.id.in_(ids), Region.level == level)).first()


def find_region(session: Session, *, code: str | None, village: str | None = None) -> Region | None:
    """The region a clue's (region_code, village) names: the village of that name under the
    region with that code when there is one, else the region with that code, else None."""
    if not code:
        return None
    base = session.scalars(select(Region).where(Region.code == code)).first()
    if base is None or not village:
        return base
    found = session.scalars(
        select(Region)
        .where(Region.level == RegionLevel.VILLAGE.value, Region.name_zh == village)
        .where(Region.path.startswith(base.path, autoescape=True))
        .order_by(Region.id)
    ).first()
    return found or base


def roots(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).where(Region.parent_id.is_(None)).order_by(Region.id)))


def unit_subtree_ids(session: Session, unit: Unit) -> list[int]:
    """Ids of `unit` and every unit below it (the unit tree is small: walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found: list[int] = []
    stack = [unit.id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def is_unit_within(session: Session, unit: Unit, ancestor: Unit) -> bool:
    """True when `unit` is `ancestor` or one of its subordinate units."""
    return unit.id in unit_subtree_ids(session, ancestor)


def units_in(session: Session, region_ids: Iterable[int]) -> list[Unit]:
    ids = list(region_ids)
    return list(session.scalars(select(Unit).where(Unit.region_id.in_(ids)).order_by(Unit.id)))
