"""Clue handling shared by the pages and the API: finding a clue the user may see, the
actions the transition table offers them now, form values, assignment candidates.

The services in `cases` decide; this module only adapts requests to them. A clue outside
the user's jurisdiction answers 404 exactly like a clue that does not exist, so its
existence does not leak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.cases import flows
from qingfeng.cases.assignment import ASSIGNABLE_ROLES, recusal_problem, suggest_units
from qingfeng.cases.errors import CaseError, PermissionRefused
from qingfeng.cases.jurisdiction import can_view
from qingfeng.cases.queries import SORTS, ClueFilters
from qingfeng.clues.models import Clue
from qingfeng.regions.models import Region, Unit
from qingfeng.regions.service import subtree_region_ids, unit_subtree_ids
from qingfeng.users.models import Role, User

PAGE_SIZE = 20
SORT_CHOICES = ("-created_at", "-amount", "due_at", "-score")
BOOLEAN_FIELDS = frozenset({"suggestion_issued"})


def visible_clue(db: Session, user: User, clue_id: int) -> Clue:
    """The clue when `user` may see it; 404 otherwise (missing and out of jurisdiction look alike)."""
    clue = db.get(Clue, clue_id)
    if clue is None or not can_view(db, viewer=user, clue=clue):
        raise HTTPException(status_code=404, detail="not found")
    return clue


def case_error_status(error: CaseError) -> int:
    return 403 if isinstance(error, PermissionRefused) else 400


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def make_filters(
    state: str | None = None,
    sector: str | None = None,
    source: str | None = None,
    model: str | None = None,
    offence: str | None = None,
    region: str | None = None,
    overdue: bool = False,
) -> ClueFilters:
    """Filters from query values; a blank value means any, a non-numeric region is refused.

    The inbox page and the JSON API take it as a dependency (`Depends(make_filters)`), so both
    read the same query parameters."""
    region_value = _clean(region)
    if region_value is not None and not region_value.isdigit():
        raise HTTPException(status_code=400, detail="region must be a region id")
    return ClueFilters(
        state=_clean(state),
        sector=_clean(sector),
        source=_clean(source),
        model=_clean(model),
        offence=_clean(offence),
        region_id=int(region_value) if region_value else None,
        overdue=overdue,
    )


def check_sort(sort: str | None) -> str:
    value = _clean(sort) or "-created_at"
    if value.removeprefix("-") not in SORTS:
        raise HTTPException(status_code=400, detail=f"unknown sort {value!r}")
    return value


def available_actions(clue: Clue, user: User) -> list[flows.TransitionRule]:
    """Transitions the table offers `user` on `clue` now (a handler only on clues given to them)."""
    rules = flows.available(clue.state, user.role)
    if user.role == Role.HANDLER.value and clue.assigned_handler_id != user.id:
        return []
    return rules


def transition_fields(rule: flows.TransitionRule, form: Mapping[str, Any]) -> dict[str, Any]:
    """The fields `rule` takes, read from a form: yes/no fields become booleans."""
    fields: dict[str, Any] = {}
    for name in rule.required + rule.optional:
        value = form.get(name)
        if name in BOOLEAN_FIELDS and isinstance(value, str):
            fields[name] = {"1": True, "true": True, "0": False, "false": False}.get(value.lower(), value)
        elif value is not None:
            fields[name] = value
    return fields


@dataclass(frozen=True)
class Candidate:
    """A person the leader could assign, with the recusal refusal when there is one."""

    user: User
    problem: tuple[str, str, str] | None


def assign_candidates(db: Session, clue: Clue, leader: User) -> list[Candidate]:
    """Handlers and leaders of the leader's unit and the units below it."""
    if leader.unit is None:
        return []
    units = unit_subtree_ids(db, leader.unit)
    query = (
        select(User)
        .where(User.unit_id.in_(units), User.role.in_(ASSIGNABLE_ROLES), User.active.is_(True))
        .order_by(User.unit_id, User.username)
    )
    return [Candidate(u, recusal_problem(db, clue=clue, user=u)) for u in db.scalars(query)]


def assignable_units(db: Session, leader: User) -> list[Unit]:
    if leader.unit is None:
        return []
    ids = unit_subtree_ids(db, leader.unit)
    return list(db.scalars(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.id)))


def cross_suggestions(db: Session, clue: Clue) -> list[Unit]:
    return suggest_units(db, clue)


def filter_options(db: Session, user: User) -> dict[str, Any]:
    """Choices for the inbox filters: model ids present, regions within the user's jurisdiction."""
    models = [m for m in db.scalars(select(Clue.model_id).distinct().order_by(Clue.model_id)) if m]
    regions: list[Region] = []
    if user.unit is not None:
        ids = subtree_region_ids(db, user.unit.region)
        regions = list(db.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.path)))
    return {"models": models, "regions": regions}
