"""Request and response bodies of the JSON API (pydantic), shown in /docs and openapi.json."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from qingfeng.cases import flows
from qingfeng.cases.models import Transition
from qingfeng.clues.models import Clue
from qingfeng.regions.models import Region, Unit
from qingfeng.users.models import User


class LoginIn(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    totp_code: str | None = Field(default=None, max_length=20)
    """Required when the account has a second factor."""


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    active: bool
    locked_until: datetime | None = None
    totp_on: bool = False
    """Whether the account has the TOTP second factor (the secret is never sent)."""


class SessionOut(BaseModel):
    csrf_token: str
    """Send it back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE."""
    user: UserOut | None


class ClueOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    source: str
    model_id: str | None
    subject_key: str
    title_zh: str
    title_en: str
    sector: str
    offence: str
    amount: Decimal | None
    score: float | None
    region_id: int | None
    state: str
    due_at: datetime | None
    assigned_unit_id: int | None
    assigned_handler_id: int | None
    merged_into_id: int | None
    created_at: datetime


class ClueListOut(BaseModel):
    items: list[ClueOut]
    total: int
    page: int
    page_size: int
    pages: int


class EvidenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    table_name: str
    record_key: str
    link: dict[str, Any] | None
    first_seen_scan: str
    last_seen_scan: str


class SubjectOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    kind: str
    identifier: str
    name: str
    village: str
    region_code: str


class TransitionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    action: str
    from_state: str | None
    to_state: str
    actor_name: str
    at: datetime
    reason: str
    payload: dict[str, Any] | None


class ActionOut(BaseModel):
    action: str
    target: str
    zh: str
    en: str
    required: list[str]
    optional: list[str]


class ClueDetailOut(ClueOut):
    model_version: str | None
    explanation_zh: str
    explanation_en: str
    evidence: list[EvidenceOut]
    subjects: list[SubjectOut]
    timeline: list[TransitionOut]
    actions: list[ActionOut]
    """Transitions this user may take now (from the transition table)."""


class TransitionIn(BaseModel):
    action: str = Field(max_length=60)
    reason: str = Field(max_length=2000)
    fields: dict[str, Any] = Field(default_factory=dict)


class AssignIn(BaseModel):
    handler_id: int | None = None
    unit_id: int | None = None
    reason: str = Field(max_length=2000)


class ReasonIn(BaseModel):
    reason: str = Field(max_length=2000)


class MergeIn(BaseModel):
    into: int
    """The clue that is kept; the clue in the path is merged into it."""
    reason: str = Field(max_length=2000)


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name_zh: str
    name_en: str
    region_id: int
    parent_id: int | None


class RegionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    level: str
    name_zh: str
    name_en: str
    parent_id: int | None


class RefusalOut(BaseModel):
    code: str
    zh: str
    en: str
    suggestions: list[UnitOut] = Field(default_factory=list)


class UserIn(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)
    role: str
    unit_id: int | None = None
    display_name: str = Field(default="", max_length=200)
    person_id_number: str | None = Field(default=None, max_length=18)


class ActiveIn(BaseModel):
    active: bool


class UnitIn(BaseModel):
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    region_id: int
    parent_id: int | None = None


class RegionIn(BaseModel):
    code: str = Field(max_length=32)
    level: str
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    parent_id: int | None = None


def action_out(rule: flows.TransitionRule) -> ActionOut:
    return ActionOut(
        action=rule.action,
        target=rule.target.value,
        zh=rule.zh,
        en=rule.en,
        required=list(rule.required),
        optional=list(rule.optional),
    )


def clue_detail(clue: Clue, timeline: list[Transition], actions: list[flows.TransitionRule]) -> ClueDetailOut:
    base = ClueOut.model_validate(clue).model_dump()
    return ClueDetailOut(
        **base,
        model_version=clue.model_version,
        explanation_zh=clue.explanation_zh,
        explanation_en=clue.explanation_en,
        evidence=[EvidenceOut.model_validate(e) for e in clue.evidence],
        subjects=[SubjectOut.model_validate(s) for s in clue.subjects],
        timeline=[TransitionOut.model_validate(t) for t in timeline],
        actions=[action_out(rule) for rule in actions],
    )


def user_out(user: User) -> UserOut:
    return UserOut.model_validate(user).model_copy(update={"totp_on": bool(user.totp_secret)})


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut.model_validate(unit)


def region_out(region: Region) -> RegionOut:
    return RegionOut.model_validate(region)
