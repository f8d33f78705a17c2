"""Importing clue lines: upsert by (model, subject), re-scans, reopening, bad lines refused whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.store_fixtures import RELATIVE, SUBJECT, World, clue_line

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Transition
from qingfeng.clues.models import Clue, ClueSubject, Evidence, SubjectKinship
from qingfeng.clues.schemas import ImportRefused, read_jsonl
from qingfeng.clues.service import import_clues, import_numbered


def _count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def _import(session: Session, *lines: dict[str, object], scan: str = "scan-1"):  # type: ignore[no-untyped-def]
    return import_clues(session, lines=list(lines), actor="system:import", scan_label=scan)


def test_import_creates_a_clue_with_subjects_evidence_region_and_kinship(
    db_session: Session, world: World
) -> None:
    summary = _import(db_session, clue_line(evidence=("P1", "P2")))
    clue = db_session.scalars(select(Clue)).one()
    assert summary.created == [clue.id]
    assert (clue.model_id, clue.subject_key, clue.amount) == (
        "pension_after_death",
        SUBJECT,
        Decimal("1470.00"),
    )
    assert (clue.sector, clue.offence, clue.state, clue.source) == (
        "social_security",
        "fraudulent_claims",
        "received",
        "model",
    )
    assert clue.region is world.regions["east_village"]
    assert [(s.kind, s.identifier, s.name) for s in clue.subjects] == [("person", SUBJECT, "王某")]
    assert [(e.table_name, e.record_key, e.first_seen_scan) for e in clue.evidence] == [
        ("pension_payments", "P1", "scan-1"),
        ("pension_payments", "P2", "scan-1"),
    ]
    assert clue.due_at is not None and (clue.due_at - clue.state_entered_at).days == 7
    kin = db_session.scalars(select(SubjectKinship)).one()
    assert (kin.person_a, kin.person_b) == (SUBJECT, RELATIVE)
    assert "王某" in clue.search_text and SUBJECT.lower() in clue.search_text


def test_only_model_subject_amount_are_needed(db_session: Session, world: World) -> None:
    _import(db_session, {"model": "wage_arrears", "subject": "PRJ-9", "amount": None})
    clue = db_session.scalars(select(Clue)).one()
    assert (clue.title_zh, clue.sector, clue.amount, clue.region) == (
        "wage_arrears",
        "other",
        None,
        world.regions["province"],
    )
    assert [(s.kind, s.identifier) for s in clue.subjects] == [("unknown", "PRJ-9")]


def test_unknown_village_falls_back_to_the_county_and_unknown_code_to_the_root(
    db_session: Session, world: World
) -> None:
    summary = _import(
        db_session,
        clue_line(subject="A", village="不存在村"),
        clue_line(subject="B", region_code="999999"),
    )
    regions = {c.subject_key: c.region for c in db_session.scalars(select(Clue))}
    assert regions == {"A": world.regions["xiaoyi"], "B": world.regions["province"]}
    assert summary.unplaced_lines == [2]


def test_rescan_adds_new_evidence_to_the_same_clue(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(evidence=("P1",)))
    summary = _import(db_session, clue_line(evidence=("P1", "P2"), amount=2940.0), scan="scan-2")
    clue = db_session.scalars(select(Clue)).one()
    assert _count(db_session, Clue) == 1
    assert summary.updated == [clue.id] and summary.created == []
    assert {(e.record_key, e.first_seen_scan, e.last_seen_scan) for e in clue.evidence} == {
        ("P1", "scan-1", "scan-2"),
        ("P2", "scan-2", "scan-2"),
    }
    assert clue.amount == Decimal("2940.00")
    rescan = db_session.scalars(select(Transition).where(Transition.action == "rescan")).one()
    assert rescan.payload == {"new_evidence": 1, "changed": ["amount"], "line": 1}


def test_unchanged_reimport_changes_nothing(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(evidence=("P1", "P2")))
    clue = db_session.scalars(select(Clue)).one()
    before = (clue.updated_at, _count(db_session, Transition), _count(db_session, Evidence))
    summary = _import(db_session, clue_line(evidence=("P1", "P2")))
    assert summary.unchanged == 1 and summary.updated == [] and summary.created == []
    assert (clue.updated_at, _count(db_session, Transition), _count(db_session, Evidence)) == before
    assert not db_session.dirty


def test_same_subject_twice_in_one_file_is_one_clue(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(evidence=("P1",)), clue_line(evidence=("P2",)))
    clue = db_session.scalars(select(Clue)).one()
    assert sorted(e.record_key for e in clue.evidence) == ["P1", "P2"]


def test_same_subject_under_another_model_is_another_clue(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(), clue_line(model="subsidy_after_death"))
    assert _count(db_session, Clue) == 2


def _close(session: Session, clue: Clue) -> None:
    clue.state = "closed_unfounded"
    session.flush()


def test_closed_clue_reopens_only_on_new_evidence(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(evidence=("P1",)))
    clue = db_session.scalars(select(Clue)).one()
    _close(db_session, clue)
    same = _import(db_session, clue_line(evidence=("P1",), amount=9999.0), scan="scan-2")
    assert (clue.state, same.reopened, same.unchanged, clue.amount) == (
        "closed_unfounded",
        [],
        1,
        Decimal("1470.00"),
    )
    more = _import(db_session, clue_line(evidence=("P1", "P2", "P3", "P4")), scan="scan-3")
    assert (clue.state, more.reopened) == ("triage", [clue.id])
    reopen = db_session.scalars(select(Transition).where(Transition.action == "reopen")).one()
    assert (reopen.from_state, reopen.to_state, reopen.actor_name) == (
        "closed_unfounded",
        "triage",
        "system:import",
    )
    assert "reopened: 3 new evidence rows" in reopen.reason


def test_rescan_of_a_merged_clue_adds_evidence_to_the_kept_clue(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(evidence=("P1",)), clue_line(model="subsidy_after_death", evidence=("S1",)))
    kept, merged = db_session.scalars(select(Clue).order_by(Clue.id)).all()
    merged.merged_into_id = kept.id
    merged.state = "merged"
    db_session.flush()
    _import(db_session, clue_line(model="subsidy_after_death", evidence=("S1", "S2")), scan="scan-2")
    assert [e.record_key for e in kept.evidence] == ["P1", "S2"]
    assert [e.record_key for e in merged.evidence] == ["S1"]
    assert _count(db_session, Clue) == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"subject": "X", "amount": 1}, "line 2: missing required field(s): model"),
        ({"model": "m", "subject": "X"}, "line 2: missing required field(s): amount"),
        ({"model": "m", "subject": "", "amount": 1}, "line 2: 'model' and 'subject' must be non-empty"),
        ({"model": "m", "subject": "X", "amount": "12"}, "line 2: 'amount' must be a number or null"),
        ({"model": "m", "subject": "X", "amount": 1, "sector": "space"}, "line 2: unknown sector 'space'"),
        (
            {"model": "m", "subject": "X", "amount": 1, "evidence": [{"table": "t"}]},
            "line 2: each evidence item",
        ),
        (["not", "an", "object"], "line 2: not a JSON object"),
    ],
)
def test_a_bad_line_refuses_the_whole_import(
    db_session: Session, world: World, bad: object, message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_clues(db_session, lines=[clue_line(), bad], actor="system:import", scan_label="s")  # type: ignore[list-item]
    assert str(refused.value.errors[0]).startswith(message)
    assert (_count(db_session, Clue), _count(db_session, AuditEntry)) == (0, 0)


def test_file_errors_name_every_bad_line(db_session: Session, world: World) -> None:
    import json

    text = [
        json.dumps(clue_line()),
        "",
        "{not json",
        json.dumps({"model": "m"}),
        json.dumps(clue_line(subject="B")),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_numbered(db_session, numbered=read_jsonl(text), actor="system:import", scan_label="s")
    assert [e.line for e in refused.value.errors] == [3, 4]
    assert "not valid JSON" in refused.value.errors[0].message
    assert _count(db_session, Clue) == 0


def test_import_writes_one_audit_entry_with_the_summary(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(), clue_line(subject="B"))
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_name) == (
        "clue.import",
        "scan",
        "scan-1",
        "system:import",
    )
    assert entry.details["created"] == 2 and entry.details["lines"] == 2


def test_subject_ids_of_persons_are_upper_cased(db_session: Session, world: World) -> None:
    _import(db_session, clue_line(subject="14118119480312001x"))
    assert db_session.scalars(select(Clue.subject_key)).one() == "14118119480312001X"
    assert db_session.scalars(select(ClueSubject.identifier)).one() == "14118119480312001X"


def test_a_large_import_is_flushed_in_batches(db_session: Session, world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import qingfeng.clues.service as clue_service

    monkeypatch.setattr(clue_service, "_SETTLE_EVERY", 2)
    lines = [clue_line(subject=f"S{n}", evidence=(f"P{n}",)) for n in range(7)]
    summary = _import(db_session, *lines)
    ids = list(db_session.scalars(select(Clue.id).order_by(Clue.id)))
    assert summary.created == ids and len(ids) == 7
    assert _count(db_session, Evidence) == 7 and _count(db_session, Transition) == 7
    again = _import(db_session, *lines)
    assert (again.created, again.unchanged) == ([], 7)
