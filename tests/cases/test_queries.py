"""Jurisdiction visibility, list filters, sort and search, overdue (frozen clock), merging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy.orm import Session
from tests.store_fixtures import SUBJECT, World

from qingfeng.cases.errors import PermissionRefused, WorkflowRefused
from qingfeng.cases.history import history
from qingfeng.cases.service import ClueFilters, assign, can_view, list_clues, merge_clues, overdue, transition
from qingfeng.clues.models import Clue
from qingfeng.users.models import User

MakeClue = Callable[..., Clue]
T0 = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def spread(make_clue: MakeClue) -> dict[str, Clue]:
    """One clue in each of 东村 (东镇), 西村 (西镇) and 汾村 (汾阳)."""
    return {
        "east": make_clue(subject="E1", village="东村", evidence=("P1",)),
        "west": make_clue(subject="W1", village="西村", evidence=("P2",), sector="healthcare", amount=99.0),
        "fen": make_clue(
            subject="F1", region_code="141182", village="汾村", evidence=("P3",), offence="bribery"
        ),
    }


def _seen(session: Session, viewer: User, **kwargs: object) -> set[str]:
    return {c.subject_key for c in list_clues(session, viewer=viewer, **kwargs).items}  # type: ignore[arg-type]


def test_jurisdiction_visibility(db_session: Session, world: World, spread: dict[str, Clue]) -> None:
    users = world.users
    assert _seen(db_session, users["city_leader"]) == {"E1", "W1", "F1"}
    assert _seen(db_session, users["county_leader"]) == {"E1", "W1"}
    assert _seen(db_session, users["east_leader"]) == {"E1"}
    assert _seen(db_session, users["west_leader"]) == {"W1"}
    assert _seen(db_session, users["fenyang_leader"]) == {"F1"}
    assert not can_view(db_session, viewer=users["west_leader"], clue=spread["east"])


def test_a_user_without_a_unit_or_inactive_sees_nothing(
    db_session: Session, world: World, spread: dict[str, Clue]
) -> None:
    loner = User(username="loner", role="leader")
    db_session.add(loner)
    db_session.flush()
    assert _seen(db_session, loner) == set()
    world.users["county_leader"].active = False
    assert _seen(db_session, world.users["county_leader"]) == set()


def test_a_designated_unit_sees_the_clue_it_was_given(
    db_session: Session, world: World, spread: dict[str, Clue]
) -> None:
    assign(
        db_session,
        clue=spread["east"],
        unit=world.units["west_town"],
        actor=world.users["county_leader"],
        reason="异地",
    )
    assert _seen(db_session, world.users["west_leader"]) == {"E1", "W1"}
    assert _seen(db_session, world.users["east_leader"]) == {"E1"}


def test_filters(db_session: Session, world: World, spread: dict[str, Clue]) -> None:
    leader = world.users["city_leader"]
    assert _seen(db_session, leader, filters=ClueFilters(sector="healthcare")) == {"W1"}
    assert _seen(db_session, leader, filters=ClueFilters(offence="bribery")) == {"F1"}
    assert _seen(db_session, leader, filters=ClueFilters(region_id=world.regions["xiaoyi"].id)) == {
        "E1",
        "W1",
    }
    assert _seen(db_session, leader, filters=ClueFilters(model="pension_after_death", state="received")) == {
        "E1",
        "W1",
        "F1",
    }
    assert _seen(db_session, leader, filters=ClueFilters(model="other_model")) == set()
    assert _seen(db_session, leader, filters=ClueFilters(source="complaint")) == set()
    spread["west"].assigned_handler = world.users["west_handler"]
    assert _seen(db_session, world.users["west_handler"], filters=ClueFilters(assigned_to_me=True)) == {"W1"}
    assert _seen(db_session, world.users["west_leader"], filters=ClueFilters(assigned_to_me=True)) == set()


def test_search_matches_titles_names_and_identifiers(
    db_session: Session, world: World, spread: dict[str, Clue]
) -> None:
    leader = world.users["city_leader"]
    assert _seen(db_session, leader, q="w1") == {"W1"}
    assert _seen(db_session, leader, q="王某") == {"E1", "W1", "F1"}
    assert _seen(db_session, leader, q="PENSION paid") == {"E1", "W1", "F1"}
    assert _seen(db_session, leader, q="100%") == set()
    assert _seen(db_session, leader, q="李四") == set()


def test_sort_and_pages(db_session: Session, world: World, spread: dict[str, Clue]) -> None:
    leader = world.users["city_leader"]
    by_amount = list_clues(db_session, viewer=leader, sort="amount", page_size=2)
    assert ([c.subject_key for c in by_amount.items], by_amount.total, by_amount.pages) == (
        ["W1", "E1"],
        3,
        2,
    )
    second = list_clues(db_session, viewer=leader, sort="amount", page=2, page_size=2)
    assert [c.subject_key for c in second.items] == ["F1"]
    newest = list_clues(db_session, viewer=leader, sort="-id")
    assert [c.subject_key for c in newest.items] == ["F1", "W1", "E1"]
    with pytest.raises(ValueError, match="unknown sort"):
        list_clues(db_session, viewer=leader, sort="password")


def test_overdue_with_a_frozen_clock(db_session: Session, world: World, make_clue: MakeClue) -> None:
    with time_machine.travel(T0, tick=False):
        late = make_clue(subject="E1")
        closed = make_clue(subject="E2")
        closed.state = "closed"
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        moved = make_clue(subject="E3")
        transition(db_session, clue=moved, action="triage", actor=world.users["county_leader"], reason="研判")
    viewer = world.users["county_leader"]
    assert overdue(db_session, viewer=viewer, now=T0 + timedelta(days=7)) == []
    assert overdue(db_session, viewer=viewer, now=T0 + timedelta(days=7, seconds=1)) == [late]
    assert overdue(db_session, viewer=viewer, now=T0 + timedelta(days=20, seconds=1)) == [late, moved]
    assert overdue(db_session, viewer=world.users["west_leader"], now=T0 + timedelta(days=30)) == []
    listed = list_clues(
        db_session, viewer=viewer, filters=ClueFilters(overdue=True), now=T0 + timedelta(days=8)
    )
    assert listed.items == [late]
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        assert overdue(db_session, viewer=viewer) == [late]


def test_merge_keeps_both_histories(db_session: Session, world: World, make_clue: MakeClue) -> None:
    keep = make_clue(evidence=("P1",))
    merge = make_clue(model="subsidy_after_death", evidence=("S1",))
    leader = world.users["county_leader"]
    transition(db_session, clue=merge, action="triage", actor=leader, reason="研判")
    merge_clues(db_session, keep=keep, merge=merge, actor=leader, reason="同一对象")
    assert (merge.state, merge.merged_into_id, keep.state) == ("merged", keep.id, "received")
    assert [e.record_key for e in merge.evidence] == ["S1"]
    actions = [(t.clue_id, t.action) for t in history(db_session, keep)]
    assert actions == [
        (keep.id, "import"),
        (merge.id, "import"),
        (merge.id, "triage"),
        (keep.id, "absorb"),
        (merge.id, "merge"),
    ]
    assert _seen(db_session, leader) == {SUBJECT}
    assert len(list_clues(db_session, viewer=leader, filters=ClueFilters(include_merged=True)).items) == 2
    with pytest.raises(WorkflowRefused):
        transition(db_session, clue=merge, action="verify", actor=leader, reason="x")


def test_merge_refusals(db_session: Session, world: World, make_clue: MakeClue) -> None:
    leader = world.users["county_leader"]
    keep = make_clue()
    other = make_clue(subject="141181195001010015")
    with pytest.raises(WorkflowRefused) as refused:
        merge_clues(db_session, keep=keep, merge=other, actor=leader, reason="x")
    assert refused.value.code == "different_subjects"
    with pytest.raises(WorkflowRefused):
        merge_clues(db_session, keep=keep, merge=keep, actor=leader, reason="x")
    same = make_clue(model="subsidy_after_death")
    with pytest.raises(PermissionRefused):
        merge_clues(db_session, keep=keep, merge=same, actor=world.users["county_analyst"], reason="x")
    with pytest.raises(PermissionRefused):
        merge_clues(db_session, keep=keep, merge=same, actor=world.users["west_leader"], reason="x")
    with pytest.raises(WorkflowRefused):
        merge_clues(db_session, keep=keep, merge=same, actor=leader, reason="")
    assert same.state == "received" and same.merged_into_id is None
