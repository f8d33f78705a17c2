"""Append to the audit log and verify its hash chain.

    append(session, actor=user, action="clue.assign", object_type="clue", object_id=7, details={...})
    record_view(session, viewer=user, object_type="clue", object_id=7, what="subjects")
    result = verify(session); result.ok, result.problems

Entries are written in the caller's transaction (nothing here commits), so a change and its
entry land together. There is no update or delete function: the log is append-only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from qingfeng.audit.models import GENESIS_HASH, AuditEntry
from qingfeng.db.base import utcnow
from qingfeng.users.models import User

Actor = User | str
"""A user, or a system name such as "system:import" for work done by a command."""

_LOCK_KEY = 0x51_46_41_55  # "QFAU": one advisory lock serialises appends on PostgreSQL


def actor_fields(actor: Actor | None) -> tuple[int | None, str]:
    """(user id, name) of an actor as stored in transitions and the audit log."""
    if isinstance(actor, User):
        return actor.id, actor.username
    return None, actor or "system"


def _json_safe(details: Mapping[str, Any]) -> dict[str, Any]:
    # Decimals, datetimes and the like become strings once, here, so the stored JSON and the
    # hashed JSON are the same on every database.
    safe: dict[str, Any] = json.loads(json.dumps(dict(details), default=str, ensure_ascii=False))
    return safe


def canonical_json(entry: Any) -> str:
    """The text an entry's hash is taken over: its fields, sorted keys, no spaces, UTF-8."""
    fields = {
        "id": entry.id,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: Any) -> str:
    """SHA-256 (hex) of `canonical_json(entry)`; `entry` is an AuditEntry or a row of audit_log."""
    return hashlib.sha256(canonical_json(entry).encode("utf-8")).hexdigest()


def _head(session: Session) -> tuple[int, str]:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def append(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: object,
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry at the end of the chain, in the caller's transaction."""
    last_id, last_hash = _head(session)
    actor_id, actor_name = actor_fields(actor)
    entry = AuditEntry(
        id=last_id + 1,
        at=(at or utcnow()).astimezone(UTC),
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=_json_safe(details or {}),
        prev_hash=last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def record_view(
    session: Session, *, viewer: User, object_type: str, object_id: object, what: str = ""
) -> AuditEntry:
    """Log that `viewer` looked at sensitive data (a clue's subjects, an identity number, a report)."""
    return append(
        session,
        actor=viewer,
        action=f"{object_type}.view",
        object_type=object_type,
        object_id=object_id,
        details={"what": what} if what else {},
    )


@dataclass(frozen=True)
class AuditProblem:
    entry_id: int
    kind: str
    """edited, chain_broken, or head_deleted."""
    message: str


@dataclass
class VerifyResult:
    entries: int = 0
    head_id: int | None = None
    head_hash: str | None = None
    """Write this down outside the database: it is what shows a deleted tail of the log."""
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries(session: Session) -> Iterator[Any]:
    # Plain rows straight from the table: never the session's cached objects, which would hide
    # an edit made behind the ORM's back, and no identity map filling up on a long log.
    table = AuditEntry.__table__
    query = select(table).order_by(table.c.id).execution_options(yield_per=1000)
    yield from session.execute(query)


def _chain_problem(entry: Any, prev_id: int, prev_hash: str) -> AuditProblem | None:
    if entry.prev_hash == prev_hash:
        return None
    missing = list(range(prev_id + 1, entry.id))
    if prev_id == 0 and entry.prev_hash != GENESIS_HASH:
        gap = f"; entries before it were deleted (missing ids {missing})" if missing else ""
        return AuditProblem(entry.id, "head_deleted", f"entry {entry.id} is not the start of the chain{gap}")
    where = (
        f"ids {missing} are missing (deleted)" if missing else "an entry was inserted, reordered or edited"
    )
    return AuditProblem(
        entry.id,
        "chain_broken",
        f"entry {entry.id}: its prev_hash does not match entry {prev_id}; {where}",
    )


def verify(session: Session) -> VerifyResult:
    """Walk the whole log in id order and name every entry whose hash or link does not hold."""
    result = VerifyResult()
    prev_id, prev_hash = 0, GENESIS_HASH
    for entry in _entries(session):
        result.entries += 1
        problem = _chain_problem(entry, prev_id, prev_hash)
        if problem:
            result.problems.append(problem)
        if entry_hash(entry) != entry.hash:
            result.problems.append(
                AuditProblem(
                    entry.id, "edited", f"entry {entry.id}: its content does not match its hash (edited)"
                )
            )
        prev_id, prev_hash = entry.id, entry.hash
        result.head_id, result.head_hash = entry.id, entry.hash
    return result
