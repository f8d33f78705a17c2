"""Listing clues a user may see: filters, sort, full-text search, pages; and overdue clues.

Page 1 stays fast with 100,000 clues: every filter and sort key has an index on clues
(state, sector, source, model_id, offence, region_id+created_at, due_at, assigned_*), and the
jurisdiction test is an indexed region subquery. The search box matches `search_text` (one
lower-cased column holding titles, explanations, subject names and identifiers) with LIKE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload

from qingfeng.cases import flows
from qingfeng.cases.jurisdiction import region_subtree, visible_clause
from qingfeng.clues.models import Clue
from qingfeng.db.base import utcnow
from qingfeng.regions.models import Region
from qingfeng.users.models import User

SORTS = {
    "created_at": Clue.created_at,
    "updated_at": Clue.updated_at,
    "due_at": Clue.due_at,
    "amount": Clue.amount,
    "score": Clue.score,
    "state": Clue.state,
    "id": Clue.id,
}
"""Sort keys `list_clues` accepts; prefix with "-" for descending."""

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class ClueFilters:
    state: str | None = None
    sector: str | None = None
    source: str | None = None
    model: str | None = None
    offence: str | None = None
    region_id: int | None = None
    """Only clues in this region's subtree."""
    overdue: bool = False
    assigned_to_me: bool = False
    include_merged: bool = False


@dataclass(frozen=True)
class ClueList:
    items: list[Clue]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _overdue_clause(now: datetime) -> ColumnElement[bool]:
    return Clue.due_at.is_not(None) & (Clue.due_at < now) & Clue.state.not_in(flows.LOCKED_STATES)


def _conditions(
    session: Session, viewer: User, filters: ClueFilters, now: datetime
) -> list[ColumnElement[bool]]:
    conditions = [visible_clause(session, viewer)]
    equal = {
        Clue.state: filters.state,
        Clue.sector: filters.sector,
        Clue.source: filters.source,
        Clue.model_id: filters.model,
        Clue.offence: filters.offence,
    }
    conditions += [column == value for column, value in equal.items() if value]
    if not filters.include_merged and filters.state != flows.State.MERGED.value:
        # state, not merged_into_id IS NULL: an equality on a mostly-NULL column lures SQLite's planner
        conditions.append(Clue.state != flows.State.MERGED.value)
    if filters.region_id is not None:
        region = session.get(Region, filters.region_id)
        conditions.append(region_subtree(region) if region is not None else Clue.id.is_(None))
    if filters.overdue:
        conditions.append(_overdue_clause(now))
    if filters.assigned_to_me:
        conditions.append(Clue.assigned_handler_id == viewer.id)
    return conditions


def _order(query: Select[Clue], sort: str) -> Select[Clue]:
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise ValueError(
            f"unknown sort {sort!r}; expected one of {', '.join(SORTS)} (prefix - for descending)"
        )
    column = SORTS[key]
    if sort.startswith("-"):
        return query.order_by(column.desc(), Clue.id.desc())
    return query.order_by(column.asc(), Clue.id.asc())


def list_clues(
    session: Session,
    *,
    viewer: User,
    filters: ClueFilters | None = None,
    sort: str = "-created_at",
    page: int = 1,
    page_size: int = 20,
    q: str | None = None,
    now: datetime | None = None,
) -> ClueList:
    """One page of the clues `viewer` may see, with the total that match."""
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    conditions = _conditions(session, viewer, filters or ClueFilters(), now or utcnow())
    if q and q.strip():
        conditions.append(Clue.search_text.contains(q.strip().lower(), autoescape=True))
    total = session.scalar(select(func.count()).select_from(Clue).where(*conditions)) or 0
    query = _order(select(Clue).where(*conditions), sort).options(selectinload(Clue.region))
    items = list(session.scalars(query.limit(page_size).offset((page - 1) * page_size)))
    return ClueList(items=items, total=total, page=page, page_size=page_size)


def overdue(session: Session, *, viewer: User, now: datetime | None = None) -> list[Clue]:
    """Open clues `viewer` may see whose state's time limit has passed, the longest overdue first."""
    moment = now or utcnow()
    query = select(Clue).where(visible_clause(session, viewer), _overdue_clause(moment))
    return list(session.scalars(query.order_by(Clue.due_at, Clue.id)))
