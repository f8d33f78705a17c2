"""Who may see a clue: a user sees the clues in their unit's region subtree, and the clues
assigned to their unit or to any unit below it (so a superior sees what it designated to a
subordinate unit, and the designated unit sees the clue it was given)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from qingfeng.cases.errors import PermissionRefused
from qingfeng.clues.models import Clue
from qingfeng.regions.models import Region, Unit
from qingfeng.regions.service import is_unit_within, unit_subtree_ids
from qingfeng.users.models import User


def region_subtree(region: Region) -> ColumnElement[bool]:
    """A condition on Clue: the clue lies in `region` or below it."""
    below = select(Region.id).where(Region.path.startswith(region.path, autoescape=True))
    return Clue.region_id.in_(below.scalar_subquery())


def visible_clause(session: Session, viewer: User) -> ColumnElement[bool]:
    """A condition on Clue that holds for the clues `viewer` may see; none without a unit."""
    unit = viewer.unit
    if unit is None or not viewer.active:
        return false()
    return or_(region_subtree(unit.region), Clue.assigned_unit_id.in_(unit_subtree_ids(session, unit)))


def can_view(session: Session, *, viewer: User, clue: Clue) -> bool:
    query = select(Clue.id).where(Clue.id == clue.id, visible_clause(session, viewer))
    return session.execute(query).first() is not None


def require_visible(session: Session, viewer: User, clue: Clue) -> None:
    if not can_view(session, viewer=viewer, clue=clue):
        raise PermissionRefused(
            "outside_jurisdiction",
            f"线索 {clue.id} 不在您单位的管辖范围内",
            f"clue {clue.id} is outside your unit's jurisdiction",
        )


def is_superior(session: Session, leader: User, unit: Unit) -> bool:
    """True when `leader` leads `unit` or a unit above it."""
    return leader.unit is not None and is_unit_within(session, unit, leader.unit)
