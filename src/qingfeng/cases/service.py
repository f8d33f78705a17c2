"""The case services: move a clue through the workflow, merge clues, and (re-exported here)
assign, recuse, list and find overdue clues.

    transition(session, clue=c, action="file_case", actor=leader, reason="证据充分")
    assign(session, clue=c, handler=h, actor=leader, reason="...")
    list_clues(session, viewer=u, filters=ClueFilters(state="triage"), q="王某")

Every function is keyword-only, takes a Session and never commits; each change writes a
Transition row and an audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.cases import flows
from qingfeng.cases.assignment import assign, recusal_problem, recuse, suggest_units
from qingfeng.cases.errors import CaseError, PermissionRefused, RecusalRefused, WorkflowRefused
from qingfeng.cases.history import enter_state, history, merged_clue_ids, record
from qingfeng.cases.jurisdiction import can_view, require_visible
from qingfeng.cases.models import CaseOutcome, Transition
from qingfeng.cases.queries import ClueFilters, ClueList, list_clues, overdue
from qingfeng.clues.models import Clue
from qingfeng.db.base import utcnow
from qingfeng.users.models import Role, User

__all__ = [
    "CaseError",
    "ClueFilters",
    "ClueList",
    "PermissionRefused",
    "RecusalRefused",
    "WorkflowRefused",
    "assign",
    "can_view",
    "history",
    "list_clues",
    "merge_clues",
    "merged_clue_ids",
    "overdue",
    "recusal_problem",
    "recuse",
    "suggest_units",
    "transition",
]

OUTCOME_FIELDS = ("sentence", "funds_recovered", "suggestion_issued", "suggestion_text", "rectification")


def _require_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise WorkflowRefused("reason_required", "必须填写理由", "a reason is required")
    return reason.strip()


def _rule(clue: Clue, action: str) -> flows.TransitionRule:
    rule = flows.find_rule(action, clue.state)
    if rule is not None:
        return rule
    if not flows.rules_for(action):
        raise WorkflowRefused("unknown_action", f"没有“{action}”这一操作", f"there is no action {action!r}")
    if clue.state in flows.LOCKED_STATES:
        raise WorkflowRefused(
            "locked",
            f"线索 {clue.id} 已了结并锁定，只能由领导说明理由后重新启动",
            f"clue {clue.id} is closed and locked; only a leader can reopen it, with a reason",
        )
    raise WorkflowRefused(
        "wrong_state",
        f"线索 {clue.id} 处于“{flows.STATES[flows.State(clue.state)].zh}”状态，不能执行“{action}”",
        f"clue {clue.id} is in state {clue.state}; {action!r} is not allowed from there",
    )


def _check_actor(session: Session, rule: flows.TransitionRule, clue: Clue, actor: User) -> None:
    if actor.role not in rule.roles or not actor.active:
        raise PermissionRefused(
            "role",
            f"角色“{actor.role}”不能执行“{rule.zh}”",
            f"role {actor.role!r} may not {rule.en.lower()}",
        )
    require_visible(session, actor, clue)
    if actor.role == Role.HANDLER.value and clue.assigned_handler_id != actor.id:
        raise PermissionRefused(
            "not_assigned", "该线索未分配给您", f"clue {clue.id} is not assigned to you ({actor.username})"
        )


def _store_outcome(
    session: Session, clue: Clue, before: str, cleaned: Mapping[str, Any], actor: User
) -> None:
    values = {name: cleaned[name] for name in OUTCOME_FIELDS if name in cleaned}
    if not values:
        return
    outcome = session.scalars(select(CaseOutcome).where(CaseOutcome.clue_id == clue.id)).first()
    if outcome is None:
        outcome = CaseOutcome(clue_id=clue.id, recorded_by_id=actor.id, recorded_at=utcnow())
        session.add(outcome)
    if before in (flows.State.DECISION_PROSECUTE.value, flows.State.DECISION_NOT_PROSECUTE.value):
        outcome.decision = before
    for name, value in values.items():
        setattr(outcome, name, value)
    outcome.updated_at = utcnow()


def transition(
    session: Session,
    *,
    clue: Clue,
    action: str,
    actor: User,
    reason: str,
    fields: Mapping[str, Any] | None = None,
) -> Transition:
    """Take the transition `action` from the clue's current state, as the table in `flows` allows.

    Raises WorkflowRefused (no such move from this state, closed and locked, missing reason or
    fields) or PermissionRefused (wrong role, outside jurisdiction, a handler not assigned)."""
    rule = _rule(clue, action)
    _check_actor(session, rule, clue, actor)
    why = _require_reason(reason)
    cleaned, errors = flows.clean_fields(rule, fields or {})
    if errors:
        listed = ", ".join(f"{name}: {message}" for name, message in errors.items())
        raise WorkflowRefused(
            "fields", f"缺少或有误的字段：{listed}", f"missing or wrong fields: {listed}", errors=errors
        )
    before = clue.state
    now = utcnow()
    enter_state(clue, rule.target.value, now, flows.time_limits())
    _store_outcome(session, clue, before, cleaned, actor)
    return record(
        session, clue=clue, action=action, from_state=before, actor=actor, reason=why, payload=cleaned, at=now
    )


def _identifiers(clue: Clue) -> set[str]:
    return {clue.subject_key.upper()} | {s.identifier.upper() for s in clue.subjects}


def _check_mergeable(keep: Clue, merge: Clue) -> None:
    if keep.id == merge.id:
        raise WorkflowRefused("same_clue", "不能把线索并入自身", "a clue cannot be merged into itself")
    for clue in (keep, merge):
        if clue.state in flows.LOCKED_STATES:
            raise WorkflowRefused(
                "locked",
                f"线索 {clue.id} 已了结或已并案，不能合并",
                f"clue {clue.id} is closed or already merged and cannot be merged",
            )
    if not _identifiers(keep) & _identifiers(merge):
        raise WorkflowRefused(
            "different_subjects",
            f"线索 {keep.id} 与 {merge.id} 没有共同的对象，不能合并",
            f"clues {keep.id} and {merge.id} share no subject and cannot be merged",
        )


def merge_clues(session: Session, *, keep: Clue, merge: Clue, actor: User, reason: str) -> Transition:
    """Merge `merge` into `keep` (same subject). Both histories stay: the merged clue keeps its
    evidence and transitions, is locked in state `merged` and points to `keep`."""
    if actor.role != Role.LEADER.value:
        raise PermissionRefused("role", "只有领导可以并案", "only a leader may merge clues")
    for clue in (keep, merge):
        require_visible(session, actor, clue)
    why = _require_reason(reason)
    _check_mergeable(keep, merge)
    now = utcnow()
    before = merge.state
    merge.merged_into_id = keep.id
    enter_state(merge, flows.State.MERGED.value, now, flows.time_limits())
    keep.search_text = f"{keep.search_text}\n{merge.search_text}"
    keep.updated_at = now
    payload = {"kept": keep.id, "merged": merge.id}
    record(
        session,
        clue=keep,
        action="absorb",
        from_state=keep.state,
        actor=actor,
        reason=why,
        payload=payload,
        at=now,
    )
    return record(
        session,
        clue=merge,
        action="merge",
        from_state=before,
        actor=actor,
        reason=why,
        payload=payload,
        at=now,
    )
