"""Assignment under jurisdiction, recusal (subject, relative, co-villager), designation, self-recusal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.store_fixtures import RELATIVE, SUBJECT, World

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.errors import PermissionRefused, RecusalRefused, WorkflowRefused
from qingfeng.cases.models import Recusal, Transition
from qingfeng.cases.service import assign, recuse, suggest_units
from qingfeng.clues.models import Clue
from qingfeng.users.models import Role, User

MakeClue = Callable[..., Clue]


def _handler(session: Session, world: World, *, unit: str, person: str | None = None) -> User:
    user = User(
        username=f"h{person}", role=Role.HANDLER.value, unit=world.units[unit], person_id_number=person
    )
    session.add(user)
    session.flush()
    return user


def test_leader_assigns_a_handler_of_their_unit(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    handler = world.users["east_handler2"]
    row = assign(db_session, clue=clue, handler=handler, actor=world.users["east_leader"], reason="属地办理")
    assert (clue.assigned_unit, clue.assigned_handler) == (world.units["east_town"], handler)
    assert row.payload == {"unit": world.units["east_town"].id, "handler": handler.id, "designation": False}
    assert db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()[-1] == "clue.assign"


def _refusal(session: Session, world: World, clue: Clue, handler: User) -> RecusalRefused:
    with pytest.raises(RecusalRefused) as refused:
        assign(session, clue=clue, handler=handler, actor=world.users["county_leader"], reason="分配")
    assert clue.assigned_handler is None
    return refused.value


def test_the_subject_themself_is_refused(db_session: Session, world: World, make_clue: MakeClue) -> None:
    refused = _refusal(
        db_session, world, make_clue(), _handler(db_session, world, unit="west_town", person=SUBJECT)
    )
    assert refused.code == "subject"
    assert "the handler is a subject of this clue" in refused.en and "本人是该线索的对象" in refused.zh


def test_a_relative_of_the_subject_is_refused(db_session: Session, world: World, make_clue: MakeClue) -> None:
    refused = _refusal(
        db_session, world, make_clue(), _handler(db_session, world, unit="west_town", person=RELATIVE)
    )
    assert refused.code == "relative"
    assert "relative of a subject" in refused.en and "近亲属" in refused.zh


def test_kinship_counts_in_both_directions(db_session: Session, world: World, make_clue: MakeClue) -> None:
    # the clue is about the relative; kinship was stored (SUBJECT, RELATIVE) by an earlier import
    make_clue()
    clue = make_clue(subject=RELATIVE, model="subsidy_after_death", relatives=())
    refused = _refusal(db_session, world, clue, _handler(db_session, world, unit="west_town", person=SUBJECT))
    assert refused.code == "relative"


def test_a_co_villager_is_refused_with_other_townships_suggested(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    refused = _refusal(db_session, world, clue, world.users["east_handler"])  # lives in 东村
    assert refused.code == "co_villager"
    assert "东村" in refused.zh and "village (东村)" in refused.en
    assert refused.suggestions == [world.units["west_town"], world.units["south_town"]]
    assert "西镇纪委、南镇纪委" in refused.zh and "West Town Office, South Town Office" in refused.en


def test_a_handler_of_the_village_unit_is_refused(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    refused = _refusal(db_session, world, make_clue(), world.users["village_handler"])
    assert refused.code == "co_villager"


def test_near_miss_same_township_other_village_is_allowed(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue(village="北村")  # east_handler lives in 东村, the subject in 北村
    assign(
        db_session,
        clue=clue,
        handler=world.users["east_handler"],
        actor=world.users["east_leader"],
        reason="x",
    )
    assert clue.assigned_handler == world.users["east_handler"]


def test_near_miss_unrelated_person_is_allowed(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    handler = _handler(db_session, world, unit="west_town", person="141181197505050035")
    clue = make_clue()
    assign(db_session, clue=clue, handler=handler, actor=world.users["county_leader"], reason="交叉办理")
    assert clue.assigned_unit == world.units["west_town"]


def test_a_superior_designates_another_township(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    row = assign(
        db_session,
        clue=clue,
        unit=world.units["west_town"],
        actor=world.users["county_leader"],
        reason="异地",
    )
    assert row.payload is not None and row.payload["designation"] is True
    assert clue.assigned_unit == world.units["west_town"] and clue.assigned_handler is None
    # the designated township's leader may now assign its own handler
    assign(
        db_session,
        clue=clue,
        handler=world.users["west_handler"],
        actor=world.users["west_leader"],
        reason="承办",
    )
    assert clue.assigned_handler == world.users["west_handler"]


def test_a_township_leader_cannot_designate_a_peer_township(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    with pytest.raises(PermissionRefused) as refused:
        assign(
            db_session,
            clue=make_clue(),
            unit=world.units["west_town"],
            actor=world.users["east_leader"],
            reason="x",
        )
    assert refused.value.code == "not_superior"


def test_the_subjects_village_unit_is_refused(db_session: Session, world: World, make_clue: MakeClue) -> None:
    with pytest.raises(RecusalRefused) as refused:
        assign(
            db_session,
            clue=make_clue(),
            unit=world.units["east_village"],
            actor=world.users["east_leader"],
            reason="x",
        )
    assert refused.value.code == "village_unit"


def test_only_leaders_assign_and_with_a_reason(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    with pytest.raises(PermissionRefused):
        assign(
            db_session,
            clue=clue,
            unit=world.units["east_town"],
            actor=world.users["east_handler2"],
            reason="x",
        )
    with pytest.raises(WorkflowRefused):
        assign(
            db_session, clue=clue, unit=world.units["east_town"], actor=world.users["east_leader"], reason=" "
        )
    clue.state = "closed"
    with pytest.raises(WorkflowRefused) as refused:
        assign(
            db_session, clue=clue, unit=world.units["east_town"], actor=world.users["east_leader"], reason="x"
        )
    assert refused.value.code == "locked"


def test_self_recusal_sends_the_clue_back_and_blocks_reassignment(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    handler = world.users["east_handler2"]
    assign(db_session, clue=clue, handler=handler, actor=world.users["east_leader"], reason="x")
    with pytest.raises(WorkflowRefused):
        recuse(db_session, clue=clue, handler=handler, reason="")
    recuse(db_session, clue=clue, handler=handler, reason="与对象有债务往来")
    assert (clue.assigned_handler, clue.assigned_unit) == (None, world.units["east_town"])
    recusal = db_session.scalars(select(Recusal)).one()
    assert (recusal.user_id, recusal.reason) == (handler.id, "与对象有债务往来")
    last = db_session.scalars(select(Transition).order_by(Transition.id.desc())).first()
    assert last is not None and (last.action, last.actor_id) == ("recuse", handler.id)
    refused = _refusal(db_session, world, clue, handler)
    assert refused.code == "recused_before"


def test_only_the_assigned_handler_can_recuse(db_session: Session, world: World, make_clue: MakeClue) -> None:
    with pytest.raises(PermissionRefused):
        recuse(db_session, clue=make_clue(), handler=world.users["east_handler2"], reason="x")


def test_no_suggestions_outside_a_county(db_session: Session, world: World, make_clue: MakeClue) -> None:
    clue = make_clue(region_code="999999")  # placed at the province root
    assert suggest_units(db_session, clue) == []
