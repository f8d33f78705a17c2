"""Assigning a clue to a unit and a handler, with recusal.

A handler is refused (RecusalRefused, with the reason in Chinese and English) when they are:
the subject themself; a relative of a subject (kinship stored at import); from a subject's
village (their own home village, or their unit's region, is that village); or someone who
already recused themself from this clue. A unit whose region is a subject's village is refused
too. The refusal offers units of OTHER townships of the county (cross-jurisdiction handling).
A leader may assign within their unit's subtree; designating a unit whose region does not
cover the clue is a superior's decision (the leader of an ancestor unit).
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from qingfeng.cases import flows
from qingfeng.cases.errors import PermissionRefused, RecusalRefused, WorkflowRefused
from qingfeng.cases.history import record
from qingfeng.cases.jurisdiction import is_superior, require_visible
from qingfeng.cases.models import Recusal, Transition
from qingfeng.clues.models import Clue, SubjectKinship
from qingfeng.regions.models import Region, RegionLevel, Unit
from qingfeng.regions.service import ancestor_at_level, find_region, is_within
from qingfeng.users.models import Role, User

ASSIGNABLE_ROLES = frozenset({Role.HANDLER.value, Role.LEADER.value})


def _persons(clue: Clue) -> set[str]:
    persons = {s.identifier.upper() for s in clue.subjects if s.kind == "person"}
    if clue.subject_kind == "person":
        persons.add(clue.subject_key.upper())
    return persons


def subject_villages(session: Session, clue: Clue) -> dict[int, Region]:
    """The villages (regions) of the clue and of its subjects, by id."""
    villages: dict[int, Region] = {}
    if clue.region is not None and clue.region.level == RegionLevel.VILLAGE.value:
        villages[clue.region.id] = clue.region
    for subject in clue.subjects:
        if subject.village:
            region = find_region(session, code=subject.region_code or None, village=subject.village)
            if region is not None and region.level == RegionLevel.VILLAGE.value:
                villages[region.id] = region
    return villages


def _is_relative(session: Session, person: str, persons: set[str]) -> bool:
    query = select(SubjectKinship.id).where(
        or_(
            and_(SubjectKinship.person_a == person, SubjectKinship.person_b.in_(persons)),
            and_(SubjectKinship.person_b == person, SubjectKinship.person_a.in_(persons)),
        )
    )
    return session.execute(query.limit(1)).first() is not None


def recusal_problem(session: Session, *, clue: Clue, user: User) -> tuple[str, str, str] | None:
    """(code, zh, en) saying why `user` must not handle `clue`, or None when they may."""
    persons = _persons(clue)
    person = (user.person_id_number or "").upper()
    if person and person in persons:
        return (
            "subject",
            f"{user.display_name or user.username}本人是该线索的对象",
            "the handler is a subject of this clue",
        )
    if person and persons and _is_relative(session, person, persons):
        return (
            "relative",
            "承办人是该线索对象的近亲属",
            "the handler is a relative of a subject of this clue",
        )
    villages = subject_villages(session, clue)
    own = {user.home_region_id, user.unit.region_id if user.unit else None} - {None}
    shared = [villages[i] for i in own if i in villages]
    if shared:
        name = shared[0].name_zh
        return (
            "co_villager",
            f"承办人与该线索对象同属{name}",
            f"the handler is from the subject's village ({name})",
        )
    recused = select(Recusal.id).where(Recusal.clue_id == clue.id, Recusal.user_id == user.id).limit(1)
    if session.execute(recused).first() is not None:
        return ("recused_before", "承办人已申请回避该线索", "the handler has recused themself from this clue")
    return None


def suggest_units(session: Session, clue: Clue) -> list[Unit]:
    """Units of the county's OTHER townships: candidates for cross-jurisdiction handling."""
    if clue.region is None:
        return []
    county = ancestor_at_level(session, clue.region, RegionLevel.COUNTY.value)
    if county is None:
        return []
    excluded = {
        township.id
        for region in [clue.region, *subject_villages(session, clue).values()]
        if (township := ancestor_at_level(session, region, RegionLevel.TOWNSHIP.value)) is not None
    }
    townships = select(Region.id).where(
        Region.parent_id == county.id, Region.level == RegionLevel.TOWNSHIP.value
    )
    query = select(Unit).where(
        Unit.region_id.in_(townships.scalar_subquery()), Unit.region_id.not_in(excluded)
    )
    return list(session.scalars(query.order_by(Unit.id)))


def _refuse(session: Session, clue: Clue, problem: tuple[str, str, str]) -> RecusalRefused:
    code, zh, en = problem
    units = suggest_units(session, clue)
    names_zh = "、".join(u.name_zh for u in units) or "上级单位指定"
    names_en = ", ".join(u.name_en or u.name_zh for u in units) or "a unit designated by a superior"
    return RecusalRefused(
        code,
        f"应当回避：{zh}。建议异地交叉办理：{names_zh}",
        f"recusal required: {en}. Suggested cross-jurisdiction handling: {names_en}",
        suggestions=units,
    )


def _check_assigner(session: Session, clue: Clue, actor: User, reason: str) -> str:
    if actor.role != Role.LEADER.value or not actor.active:
        raise PermissionRefused("role", "只有领导可以分配线索", "only a leader may assign clues")
    require_visible(session, actor, clue)
    if clue.state in flows.LOCKED_STATES:
        raise WorkflowRefused(
            "locked", f"线索 {clue.id} 已了结或已并案", f"clue {clue.id} is closed or merged"
        )
    if not reason or not reason.strip():
        raise WorkflowRefused("reason_required", "必须填写理由", "a reason is required")
    return reason.strip()


def _check_unit(session: Session, clue: Clue, unit: Unit, actor: User) -> bool:
    """Check `actor` may give `clue` to `unit`; True when this is a designation across jurisdictions."""
    if not is_superior(session, actor, unit):
        raise PermissionRefused(
            "not_superior",
            f"只能分配给本单位或下级单位，“{unit.name_zh}”不是",
            f"you may assign only to your unit or units below it; {unit.name_en or unit.name_zh} is not",
        )
    if unit.region_id in subject_villages(session, clue):
        problem = ("village_unit", "承办单位即线索对象所在村", "the unit is the subject's own village")
        raise _refuse(session, clue, problem)
    return clue.region is not None and not is_within(clue.region, unit.region)


def _check_handler(session: Session, clue: Clue, handler: User, unit: Unit | None) -> Unit:
    if handler.role not in ASSIGNABLE_ROLES or not handler.active or handler.unit is None:
        raise PermissionRefused(
            "not_handler", "该用户不能承办线索", f"{handler.username} cannot handle clues"
        )
    if unit is not None and handler.unit_id != unit.id:
        raise PermissionRefused("other_unit", "承办人不属于该单位", f"{handler.username} is not in that unit")
    problem = recusal_problem(session, clue=clue, user=handler)
    if problem is not None:
        raise _refuse(session, clue, problem)
    return handler.unit


def assign(
    session: Session,
    *,
    clue: Clue,
    handler: User | None = None,
    unit: Unit | None = None,
    actor: User,
    reason: str,
) -> Transition:
    """Give `clue` to `unit` and/or `handler` (the handler's unit when no unit is given)."""
    why = _check_assigner(session, clue, actor, reason)
    if handler is None and unit is None:
        raise WorkflowRefused("nobody", "请指定承办单位或承办人", "name a unit or a handler")
    target = _check_handler(session, clue, handler, unit) if handler is not None else unit
    assert target is not None
    designation = _check_unit(session, clue, target, actor)
    clue.assigned_unit = target
    clue.assigned_handler = handler
    payload = {"unit": target.id, "handler": handler.id if handler else None, "designation": designation}
    return record(
        session, clue=clue, action="assign", from_state=clue.state, actor=actor, reason=why, payload=payload
    )


def recuse(session: Session, *, clue: Clue, handler: User, reason: str) -> Transition:
    """The assigned handler steps back from `clue`; it goes back to its unit for reassignment."""
    if clue.assigned_handler_id != handler.id:
        raise PermissionRefused("not_assigned", "该线索未分配给您", f"clue {clue.id} is not assigned to you")
    if not reason or not reason.strip():
        raise WorkflowRefused("reason_required", "申请回避必须说明理由", "a recusal needs a reason")
    session.add(Recusal(clue_id=clue.id, user_id=handler.id, reason=reason.strip()))
    clue.assigned_handler = None
    payload = {"handler": handler.id}
    return record(
        session,
        clue=clue,
        action="recuse",
        from_state=clue.state,
        actor=handler,
        reason=reason.strip(),
        payload=payload,
    )
