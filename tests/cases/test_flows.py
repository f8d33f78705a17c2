"""Every transition of the workflow table, and the ones it refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.store_fixtures import World

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.service import verify
from qingfeng.cases import flows
from qingfeng.cases.errors import PermissionRefused, WorkflowRefused
from qingfeng.cases.models import CaseOutcome, Transition
from qingfeng.cases.service import transition
from qingfeng.clues.models import Clue

EXPECTED = {
    ("triage", "received", "triage"),
    ("verify", "triage", "preliminary_verification"),
    ("close_unfounded", "preliminary_verification", "closed_unfounded"),
    ("close_rectified", "preliminary_verification", "closed_rectified"),
    ("file_case", "preliminary_verification", "filed_case"),
    ("transfer", "preliminary_verification", "transferred"),
    ("investigate", "filed_case", "investigation"),
    ("transfer_for_prosecution", "investigation", "transferred_for_prosecution"),
    ("decide_prosecute", "transferred_for_prosecution", "decision_prosecute"),
    ("decide_not_prosecute", "transferred_for_prosecution", "decision_not_prosecute"),
    ("record_outcome", "decision_prosecute", "outcome_recorded"),
    ("record_outcome", "decision_not_prosecute", "outcome_recorded"),
    ("close", "outcome_recorded", "closed"),
    ("reopen", "closed_unfounded", "triage"),
    ("reopen", "closed_rectified", "triage"),
    ("reopen", "transferred", "triage"),
    ("reopen", "closed", "triage"),
}

FIELD_VALUES = {
    "receiving_organ": "孝义市公安局",
    "sentence": "有期徒刑一年，缓刑一年",
    "funds_recovered": "1470",
    "suggestion_issued": True,
    "suggestion_text": "建议人社局核查死亡人员待遇",
    "rectification": "已停发并追回",
}

MakeClue = Callable[..., Clue]


def _table() -> set[tuple[str, str, str]]:
    return {(rule.action, source, rule.target.value) for rule in flows.TRANSITIONS for source in rule.sources}


def test_the_table_is_the_documented_workflow() -> None:
    assert _table() == EXPECTED


def _actor_for(rule: flows.TransitionRule, world: World, clue: Clue):  # type: ignore[no-untyped-def]
    if "leader" in rule.roles:
        return world.users["county_leader"]
    handler = world.users["east_handler2"]
    clue.assigned_handler = handler
    return handler


@pytest.mark.parametrize(("action", "source", "target"), sorted(EXPECTED))
def test_every_transition_moves_and_records_who_when_why(
    db_session: Session, world: World, make_clue: MakeClue, action: str, source: str, target: str
) -> None:
    clue = make_clue()
    clue.state = source
    rule = flows.find_rule(action, source)
    assert rule is not None
    actor = _actor_for(rule, world, clue)
    fields = {name: FIELD_VALUES[name] for name in rule.required}
    row = transition(db_session, clue=clue, action=action, actor=actor, reason="依据核查结果", fields=fields)
    assert (clue.state, row.from_state, row.to_state, row.actor_id, row.reason) == (
        target,
        source,
        target,
        actor.id,
        "依据核查结果",
    )
    limit = flows.STATES[flows.State(target)].time_limit_days
    assert clue.due_at == (None if limit is None else row.at + timedelta(days=limit))
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == f"clue.{action}")).one()
    assert (entry.object_id, entry.details["from"], entry.details["to"]) == (str(clue.id), source, target)


def test_handlers_and_analysts_take_only_their_steps(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    transition(db_session, clue=clue, action="triage", actor=world.users["county_analyst"], reason="研判")
    clue.assigned_handler = world.users["east_handler2"]
    transition(db_session, clue=clue, action="verify", actor=world.users["east_handler2"], reason="初核")
    with pytest.raises(PermissionRefused) as refused:
        transition(
            db_session, clue=clue, action="file_case", actor=world.users["east_handler2"], reason="立案"
        )
    assert refused.value.code == "role"
    assert clue.state == "preliminary_verification"


def test_a_viewer_and_an_administrator_change_nothing(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    for name in ("county_viewer", "admin"):
        with pytest.raises(PermissionRefused, match="may not start triage"):
            transition(db_session, clue=clue, action="triage", actor=world.users[name], reason="x")
    assert clue.state == "received"


def test_wrong_state_is_refused(db_session: Session, world: World, make_clue: MakeClue) -> None:
    clue = make_clue()
    with pytest.raises(WorkflowRefused) as refused:
        transition(
            db_session, clue=clue, action="file_case", actor=world.users["county_leader"], reason="立案"
        )
    assert refused.value.code == "wrong_state"
    assert "received" in refused.value.en
    assert db_session.scalars(select(Transition).where(Transition.action == "file_case")).all() == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_always_required(
    db_session: Session, world: World, make_clue: MakeClue, reason: str
) -> None:
    clue = make_clue()
    with pytest.raises(WorkflowRefused) as refused:
        transition(db_session, clue=clue, action="triage", actor=world.users["county_leader"], reason=reason)
    assert (refused.value.code, clue.state) == ("reason_required", "received")


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"funds_recovered": "1470", "suggestion_issued": True}, {"sentence"}),
        ({"sentence": "一年", "funds_recovered": "-5", "suggestion_issued": True}, {"funds_recovered"}),
        (
            {"sentence": "一年", "funds_recovered": "abc", "suggestion_issued": "yes"},
            {"funds_recovered", "suggestion_issued"},
        ),
        ({}, {"sentence", "funds_recovered", "suggestion_issued"}),
    ],
)
def test_outcome_fields_are_required_and_checked(
    db_session: Session, world: World, make_clue: MakeClue, fields: dict[str, object], bad: set[str]
) -> None:
    clue = make_clue()
    clue.state = "decision_prosecute"
    with pytest.raises(WorkflowRefused) as refused:
        transition(
            db_session,
            clue=clue,
            action="record_outcome",
            actor=world.users["county_leader"],
            reason="判决",
            fields=fields,
        )
    assert set(refused.value.details["errors"]) == bad
    assert clue.state == "decision_prosecute"


def test_not_prosecuted_outcome_needs_no_sentence(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    clue.state = "decision_not_prosecute"
    fields = {"funds_recovered": 0, "suggestion_issued": False}
    transition(
        db_session,
        clue=clue,
        action="record_outcome",
        actor=world.users["county_leader"],
        reason="x",
        fields=fields,
    )
    outcome = db_session.scalars(select(CaseOutcome)).one()
    assert (outcome.decision, outcome.sentence, outcome.funds_recovered, outcome.suggestion_issued) == (
        "decision_not_prosecute",
        "",
        Decimal("0.00"),
        False,
    )


def test_closed_is_locked_until_a_leader_reopens_with_a_reason(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    clue.state = "closed"
    leader = world.users["county_leader"]
    with pytest.raises(WorkflowRefused) as refused:
        transition(db_session, clue=clue, action="verify", actor=leader, reason="再查")
    assert refused.value.code == "locked"
    clue.assigned_handler = world.users["east_handler2"]
    with pytest.raises(PermissionRefused):
        transition(db_session, clue=clue, action="reopen", actor=world.users["east_handler2"], reason="再查")
    with pytest.raises(WorkflowRefused):
        transition(db_session, clue=clue, action="reopen", actor=leader, reason="")
    assert clue.state == "closed"
    transition(db_session, clue=clue, action="reopen", actor=leader, reason="群众再次举报")
    assert clue.state == "triage"


def test_merged_clue_cannot_be_reopened(db_session: Session, world: World, make_clue: MakeClue) -> None:
    clue = make_clue()
    clue.state = "merged"
    with pytest.raises(WorkflowRefused) as refused:
        transition(db_session, clue=clue, action="reopen", actor=world.users["county_leader"], reason="x")
    assert refused.value.code == "locked"


def test_a_handler_acts_only_on_clues_assigned_to_them(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    clue.state = "triage"
    with pytest.raises(PermissionRefused) as refused:
        transition(db_session, clue=clue, action="verify", actor=world.users["east_handler2"], reason="x")
    assert refused.value.code == "not_assigned"


def test_a_leader_outside_the_jurisdiction_is_refused(
    db_session: Session, world: World, make_clue: MakeClue
) -> None:
    clue = make_clue()
    with pytest.raises(PermissionRefused) as refused:
        transition(db_session, clue=clue, action="triage", actor=world.users["west_leader"], reason="x")
    assert refused.value.code == "outside_jurisdiction"


def test_unknown_action(db_session: Session, world: World, make_clue: MakeClue) -> None:
    with pytest.raises(WorkflowRefused) as refused:
        transition(
            db_session, clue=make_clue(), action="burn", actor=world.users["county_leader"], reason="x"
        )
    assert refused.value.code == "unknown_action"


def test_a_whole_case_from_receipt_to_closing(db_session: Session, world: World, make_clue: MakeClue) -> None:
    clue = make_clue()
    leader = world.users["county_leader"]
    steps = [
        ("triage", {}),
        ("verify", {}),
        ("file_case", {}),
        ("investigate", {}),
        ("transfer_for_prosecution", {}),
        ("decide_prosecute", {}),
        (
            "record_outcome",
            {"sentence": "有期徒刑一年", "funds_recovered": "1470.5", "suggestion_issued": True},
        ),
        ("close", {"rectification": "人社局已建立死亡信息比对机制"}),
    ]
    for action, fields in steps:
        transition(
            db_session, clue=clue, action=action, actor=leader, reason=f"理由：{action}", fields=fields
        )
    assert clue.state == "closed" and clue.due_at is None
    actions = db_session.scalars(
        select(Transition.action).where(Transition.clue_id == clue.id).order_by(Transition.id)
    )
    assert list(actions) == ["import"] + [action for action, _ in steps]
    outcome = db_session.scalars(select(CaseOutcome)).one()
    assert (outcome.decision, outcome.funds_recovered, outcome.suggestion_issued, outcome.rectification) == (
        "decision_prosecute",
        Decimal("1470.50"),
        True,
        "人社局已建立死亡信息比对机制",
    )
    assert verify(db_session).ok


def test_time_limits_can_be_overridden() -> None:
    limits = flows.time_limits({"triage": 3, "investigation": None})
    assert (limits["triage"], limits["investigation"], limits["received"]) == (3, None, 7)
    with pytest.raises(ValueError, match="unknown state"):
        flows.time_limits({"nowhere": 1})


def test_available_lists_the_buttons_a_role_gets() -> None:
    assert [r.action for r in flows.available("preliminary_verification", "leader")] == [
        "close_unfounded",
        "close_rectified",
        "file_case",
        "transfer",
    ]
    assert flows.available("preliminary_verification", "handler") == []


def test_time_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = flows.time_limits()["preliminary_verification"]
    monkeypatch.setenv("QINGFENG_CASE_TIME_LIMITS", '{"triage": 10, "investigation": null}')
    limits = flows.time_limits()
    assert (limits["triage"], limits["investigation"]) == (10, None)
    assert limits["preliminary_verification"] == default
    monkeypatch.setenv("QINGFENG_CASE_TIME_LIMITS", '{"nowhere": 1}')
    with pytest.raises(ValueError, match="unknown state 'nowhere'"):
        flows.time_limits()
