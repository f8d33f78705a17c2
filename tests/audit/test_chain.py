"""The audit log is a hash chain: editing, deleting, inserting or reordering rows is found and named."""

from __future__ import annotations

import itertools
import json

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from tests.store_fixtures import World

from qingfeng.audit import service as audit
from qingfeng.audit.models import GENESIS_HASH, AuditEntry
from qingfeng.audit.service import entry_hash, record_view, verify


def _five(session: Session, world: World) -> list[AuditEntry]:
    actor = world.users["county_leader"]
    return [
        audit.append(
            session, actor=actor, action="clue.assign", object_type="clue", object_id=n, details={"n": n}
        )
        for n in range(1, 6)
    ]


def test_entries_chain_by_hash(db_session: Session, world: World) -> None:
    entries = _five(db_session, world)
    assert [e.id for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))
    assert all(e.hash == entry_hash(e) and len(e.hash) == 64 for e in entries)
    result = verify(db_session)
    assert (result.ok, result.entries, result.head_id, result.head_hash) == (True, 5, 5, entries[-1].hash)


def test_details_are_stored_as_json_safe_values(db_session: Session, world: World) -> None:
    from decimal import Decimal

    entry = audit.append(
        db_session,
        actor="system:test",
        action="x",
        object_type="clue",
        object_id=1,
        details={"amount": Decimal("1.50")},
    )
    assert (entry.details, entry.actor_id, entry.actor_name) == ({"amount": "1.50"}, None, "system:test")
    assert verify(db_session).ok


def test_an_edited_entry_is_named(db_session: Session, world: World) -> None:
    _five(db_session, world)
    db_session.execute(text("UPDATE audit_log SET details = :d WHERE id = 3"), {"d": json.dumps({"n": 99})})
    result = verify(db_session)
    assert not result.ok
    assert [(p.entry_id, p.kind) for p in result.problems] == [(3, "edited")]


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(db_session: Session, world: World) -> None:
    _five(db_session, world)
    db_session.execute(
        text("UPDATE audit_log SET actor_name = 'someone', hash = :h WHERE id = 2"), {"h": "f" * 64}
    )
    result = verify(db_session)
    assert [(p.entry_id, p.kind) for p in result.problems] == [(2, "edited"), (3, "chain_broken")]


def test_a_deleted_entry_is_named(db_session: Session, world: World) -> None:
    _five(db_session, world)
    db_session.execute(text("DELETE FROM audit_log WHERE id = 3"))
    result = verify(db_session)
    assert [(p.entry_id, p.kind) for p in result.problems] == [(4, "chain_broken")]
    assert "ids [3] are missing" in result.problems[0].message


def test_a_deleted_first_entry_is_named(db_session: Session, world: World) -> None:
    _five(db_session, world)
    db_session.execute(text("DELETE FROM audit_log WHERE id = 1"))
    assert [(p.entry_id, p.kind) for p in verify(db_session).problems] == [(2, "head_deleted")]


def test_reordered_entries_are_named(db_session: Session, world: World) -> None:
    _five(db_session, world)
    # swap the contents of entries 2 and 3, ids staying in place
    db_session.execute(text("UPDATE audit_log SET id = 100 WHERE id = 2"))
    db_session.execute(text("UPDATE audit_log SET id = 2 WHERE id = 3"))
    db_session.execute(text("UPDATE audit_log SET id = 3 WHERE id = 100"))
    problems = {(p.entry_id, p.kind) for p in verify(db_session).problems}
    assert {(2, "edited"), (3, "edited")} <= problems
    assert (2, "chain_broken") in problems


def test_the_tail_is_what_the_head_hash_guards(db_session: Session, world: World) -> None:
    entries = _five(db_session, world)
    db_session.execute(text("DELETE FROM audit_log WHERE id = 5"))
    result = verify(db_session)
    # deleting the newest entry leaves a valid chain: only the head recorded elsewhere shows it
    assert result.ok and result.head_hash == entries[3].hash != entries[4].hash


def test_record_view_logs_who_looked_at_what(db_session: Session, world: World) -> None:
    viewer = world.users["county_viewer"]
    entry = record_view(db_session, viewer=viewer, object_type="clue", object_id=7, what="subjects")
    stored = db_session.scalars(select(AuditEntry)).one()
    assert stored is entry
    assert (entry.action, entry.actor_id, entry.object_id, entry.details) == (
        "clue.view",
        viewer.id,
        "7",
        {"what": "subjects"},
    )


def test_the_service_has_no_update_or_delete() -> None:
    public = {name for name in dir(audit) if not name.startswith("_")}
    assert not {name for name in public if any(w in name for w in ("update", "delete", "remove", "edit"))}
