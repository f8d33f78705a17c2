"""Writing a clue's history: every change is a `Transition` row and an audit entry, together."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.audit import service as audit
from qingfeng.audit.service import Actor, actor_fields
from qingfeng.cases.flows import due_at
from qingfeng.cases.models import Transition
from qingfeng.clues.models import Clue
from qingfeng.db.base import utcnow


def enter_state(clue: Clue, state: str, at: datetime, limits: Mapping[str, int | None]) -> None:
    """Move `clue` into `state` at `at` and start that state's clock."""
    clue.state = state
    clue.state_entered_at = at
    clue.due_at = due_at(state, at, limits)
    clue.updated_at = at


def record(
    session: Session,
    *,
    clue: Clue,
    action: str,
    from_state: str | None,
    actor: Actor | None,
    reason: str,
    payload: Mapping[str, Any] | None = None,
    at: datetime | None = None,
    audit_entry: bool = True,
) -> Transition:
    """Write one history row for `clue` (already in its new state) and, unless told not to,
    the matching audit entry."""
    when = at or utcnow()
    actor_id, actor_name = actor_fields(actor)
    row = Transition(
        clue=clue,
        action=action,
        from_state=from_state,
        to_state=clue.state,
        actor_id=actor_id,
        actor_name=actor_name,
        at=when,
        reason=reason,
        payload=dict(payload) if payload else None,
    )
    session.add(row)
    if audit_entry:
        session.flush()
        details: dict[str, Any] = {"action": action, "from": from_state, "to": clue.state, "reason": reason}
        if payload:
            details["payload"] = dict(payload)
        audit.append(
            session,
            actor=actor,
            action=f"clue.{action}",
            object_type="clue",
            object_id=clue.id,
            details=details,
            at=when,
        )
    return row


def history(session: Session, clue: Clue) -> list[Transition]:
    """The clue's transitions and those of every clue merged into it, oldest first."""
    ids = [clue.id, *merged_clue_ids(session, clue)]
    query = select(Transition).where(Transition.clue_id.in_(ids)).order_by(Transition.at, Transition.id)
    return list(session.scalars(query))


def merged_clue_ids(session: Session, clue: Clue) -> list[int]:
    """Ids of the clues merged into `clue`, directly or through other merges."""
    found: list[int] = []
    frontier = [clue.id]
    while frontier:
        children = list(session.scalars(select(Clue.id).where(Clue.merged_into_id.in_(frontier))))
        found.extend(children)
        frontier = children
    return found
