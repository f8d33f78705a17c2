"""The workflow of a clue, as data: states with their time limits, and the transition table.

    received -> triage -> preliminary_verification -> closed_unfounded | closed_rectified
                                                     | filed_case | transferred (to another organ)
    filed_case -> investigation -> transferred_for_prosecution
               -> decision_prosecute | decision_not_prosecute -> outcome_recorded -> closed

Locked states (closed_*, transferred, closed, merged) change only by `reopen` (a leader, with a
reason) or by an import that brings NEW evidence. `cases.service.transition` reads this table;
nothing else decides what may happen to a clue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from qingfeng.users.models import Role


class State(StrEnum):
    RECEIVED = "received"
    TRIAGE = "triage"
    PRELIMINARY_VERIFICATION = "preliminary_verification"
    CLOSED_UNFOUNDED = "closed_unfounded"
    CLOSED_RECTIFIED = "closed_rectified"
    FILED_CASE = "filed_case"
    TRANSFERRED = "transferred"
    INVESTIGATION = "investigation"
    TRANSFERRED_FOR_PROSECUTION = "transferred_for_prosecution"
    DECISION_PROSECUTE = "decision_prosecute"
    DECISION_NOT_PROSECUTE = "decision_not_prosecute"
    OUTCOME_RECORDED = "outcome_recorded"
    CLOSED = "closed"
    MERGED = "merged"


@dataclass(frozen=True)
class StateInfo:
    zh: str
    en: str
    time_limit_days: int | None
    """Default days a clue may stay in this state before it is overdue; None: no limit."""
    locked: bool = False


STATES: dict[State, StateInfo] = {
    State.RECEIVED: StateInfo("已接收", "Received", 7),
    State.TRIAGE: StateInfo("分流研判", "Triage", 15),
    State.PRELIMINARY_VERIFICATION: StateInfo("初步核实", "Preliminary verification", 60),
    State.CLOSED_UNFOUNDED: StateInfo("了结(不实)", "Closed: unfounded", None, locked=True),
    State.CLOSED_RECTIFIED: StateInfo("了结(已整改)", "Closed: rectified", None, locked=True),
    State.FILED_CASE: StateInfo("已立案", "Case filed", 15),
    State.TRANSFERRED: StateInfo("已移送其他机关", "Transferred to another organ", None, locked=True),
    State.INVESTIGATION: StateInfo("调查中", "Investigation", 90),
    State.TRANSFERRED_FOR_PROSECUTION: StateInfo("已移送审查起诉", "Transferred for prosecution", 45),
    State.DECISION_PROSECUTE: StateInfo("决定起诉", "Decision: prosecute", 180),
    State.DECISION_NOT_PROSECUTE: StateInfo("决定不起诉", "Decision: not prosecute", 30),
    State.OUTCOME_RECORDED: StateInfo("结果已登记", "Outcome recorded", 30),
    State.CLOSED: StateInfo("已结案", "Closed", None, locked=True),
    State.MERGED: StateInfo("已并案", "Merged into another clue", None, locked=True),
}

LOCKED_STATES = frozenset(state.value for state, info in STATES.items() if info.locked)
REOPENABLE_STATES = LOCKED_STATES - {State.MERGED.value}
REOPEN_TARGET = State.TRIAGE


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("必须填写 / must be a non-empty text")
    return value.strip()


def _money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError("必须是金额 / must be an amount in yuan") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("必须是非负金额 / must be an amount of zero or more")
    return str(amount.quantize(Decimal("0.01")))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("必须是是/否 / must be true or false")
    return value


FIELDS: dict[str, Callable[[Any], Any]] = {
    "receiving_organ": _text,
    "sentence": _text,
    "funds_recovered": _money,
    "suggestion_issued": _flag,
    "suggestion_text": _text,
    "rectification": _text,
}
"""Fields a transition may require, each with the check that cleans its value."""


@dataclass(frozen=True)
class TransitionRule:
    action: str
    sources: frozenset[str]
    target: State
    roles: frozenset[str]
    zh: str
    en: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


def _rule(
    action: str,
    sources: tuple[State, ...],
    target: State,
    roles: tuple[Role, ...],
    zh: str,
    en: str,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
) -> TransitionRule:
    return TransitionRule(
        action,
        frozenset(s.value for s in sources),
        target,
        frozenset(r.value for r in roles),
        zh,
        en,
        required,
        optional,
    )


LEADER = (Role.LEADER,)
WORKERS = (Role.LEADER, Role.HANDLER)
S = State

TRANSITIONS: tuple[TransitionRule, ...] = (
    _rule(
        "triage",
        (S.RECEIVED,),
        S.TRIAGE,
        (Role.LEADER, Role.HANDLER, Role.ANALYST),
        "开始研判",
        "Start triage",
    ),
    _rule(
        "verify",
        (S.TRIAGE,),
        S.PRELIMINARY_VERIFICATION,
        WORKERS,
        "开始初核",
        "Start preliminary verification",
    ),
    _rule(
        "close_unfounded",
        (S.PRELIMINARY_VERIFICATION,),
        S.CLOSED_UNFOUNDED,
        LEADER,
        "予以了结(不实)",
        "Close: unfounded",
    ),
    _rule(
        "close_rectified",
        (S.PRELIMINARY_VERIFICATION,),
        S.CLOSED_RECTIFIED,
        LEADER,
        "予以了结(已整改)",
        "Close: rectified",
        required=("rectification",),
    ),
    _rule("file_case", (S.PRELIMINARY_VERIFICATION,), S.FILED_CASE, LEADER, "立案", "File a case"),
    _rule(
        "transfer",
        (S.PRELIMINARY_VERIFICATION,),
        S.TRANSFERRED,
        LEADER,
        "移送其他机关",
        "Transfer to another organ",
        required=("receiving_organ",),
    ),
    _rule("investigate", (S.FILED_CASE,), S.INVESTIGATION, WORKERS, "开始调查", "Start investigation"),
    _rule(
        "transfer_for_prosecution",
        (S.INVESTIGATION,),
        S.TRANSFERRED_FOR_PROSECUTION,
        LEADER,
        "移送审查起诉",
        "Transfer for prosecution",
    ),
    _rule(
        "decide_prosecute",
        (S.TRANSFERRED_FOR_PROSECUTION,),
        S.DECISION_PROSECUTE,
        LEADER,
        "决定起诉",
        "Decide to prosecute",
    ),
    _rule(
        "decide_not_prosecute",
        (S.TRANSFERRED_FOR_PROSECUTION,),
        S.DECISION_NOT_PROSECUTE,
        LEADER,
        "决定不起诉",
        "Decide not to prosecute",
    ),
    _rule(
        "record_outcome",
        (S.DECISION_PROSECUTE,),
        S.OUTCOME_RECORDED,
        WORKERS,
        "登记处理结果",
        "Record the outcome",
        required=("sentence", "funds_recovered", "suggestion_issued"),
        optional=("suggestion_text",),
    ),
    _rule(
        "record_outcome",
        (S.DECISION_NOT_PROSECUTE,),
        S.OUTCOME_RECORDED,
        WORKERS,
        "登记处理结果",
        "Record the outcome",
        required=("funds_recovered", "suggestion_issued"),
        optional=("suggestion_text",),
    ),
    _rule(
        "close",
        (S.OUTCOME_RECORDED,),
        S.CLOSED,
        LEADER,
        "结案",
        "Close the case",
        required=("rectification",),
    ),
    _rule(
        "reopen",
        tuple(State(s) for s in sorted(REOPENABLE_STATES)),
        REOPEN_TARGET,
        LEADER,
        "重新启动",
        "Reopen",
    ),
)


def rules_for(action: str) -> list[TransitionRule]:
    return [rule for rule in TRANSITIONS if rule.action == action]


def find_rule(action: str, state: str) -> TransitionRule | None:
    """The rule for `action` from `state`, or None when the table allows no such move."""
    return next((rule for rule in rules_for(action) if state in rule.sources), None)


def available(state: str, role: str) -> list[TransitionRule]:
    """Transitions a user of `role` may take from `state` (what the web page offers as buttons)."""
    return [rule for rule in TRANSITIONS if state in rule.sources and role in rule.roles]


def clean_fields(rule: TransitionRule, fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, errors by field) for the fields `rule` requires or allows."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in rule.required + rule.optional:
        value = fields.get(name)
        if value is None or value == "":
            if name in rule.required:
                errors[name] = "必须填写 / is required"
            continue
        try:
            cleaned[name] = FIELDS[name](value)
        except ValueError as error:
            errors[name] = str(error)
    return cleaned, errors


def time_limits(overrides: Mapping[str, int | None] | None = None) -> dict[str, int | None]:
    """Days allowed per state: the defaults above, then QINGFENG_CASE_TIME_LIMITS (a JSON object,
    e.g. {"triage": 10}) when settings carry it, then `overrides`."""
    limits: dict[str, int | None] = {state.value: info.time_limit_days for state, info in STATES.items()}
    from qingfeng.settings import get_settings

    configured = get_settings().case_time_limits
    for source in (configured, overrides or {}):
        for state, days in source.items():
            if state not in limits:
                raise ValueError(f"time limit for unknown state {state!r}")
            limits[state] = days
    return limits


def due_at(state: str, entered_at: datetime, limits: Mapping[str, int | None]) -> datetime | None:
    days = limits.get(state)
    return None if days is None else entered_at + timedelta(days=days)
