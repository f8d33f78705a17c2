"""Importing clues from a scan: upsert by (model, subject), evidence by (table, key).

    summary = import_clues(session, lines=dicts, actor="system:import", scan_label="scan-2024-06")

A re-scan adds new evidence to the clue it already has, never a duplicate. A closed clue
reopens only when the scan brings NEW evidence, and its history says so. Re-importing the same
file changes nothing. A file with any bad line is refused whole (ImportRefused).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, select
from sqlalchemy.orm import Session, selectinload

from qingfeng.audit import service as audit
from qingfeng.audit.service import Actor, actor_fields
from qingfeng.cases import flows
from qingfeng.cases.history import enter_state, record
from qingfeng.cases.models import Transition
from qingfeng.clues.models import Clue, ClueSubject, Evidence, SubjectKinship
from qingfeng.clues.schemas import ClueLine, SubjectLine, check_lines, read_jsonl
from qingfeng.db.base import utcnow
from qingfeng.regions.models import Region
from qingfeng.regions.service import find_region, roots

__all__ = ["ImportSummary", "import_clues", "import_numbered", "read_jsonl", "search_text"]

_CHUNK = 500
_SETTLE_EVERY = 2000


@dataclass
class ImportSummary:
    lines: int = 0
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    unchanged: int = 0
    evidence_added: int = 0
    unplaced_lines: list[int] = field(default_factory=list)
    """Lines whose region_code/village is not in the region tree (placed at the tree's root)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "created": len(self.created),
            "updated": len(self.updated),
            "reopened": len(self.reopened),
            "unchanged": self.unchanged,
            "evidence_added": self.evidence_added,
            "unplaced_lines": self.unplaced_lines[:100],
        }


@dataclass
class _Context:
    session: Session
    actor: Actor | None
    scan_label: str
    now: datetime
    limits: dict[str, int | None]
    summary: ImportSummary
    regions: dict[tuple[str, str], Region | None] = field(default_factory=dict)
    fallback: Region | None = None
    pending: list[_NewClue] = field(default_factory=list)
    """New clues not yet written (see `_settle`)."""


@dataclass
class _NewClue:
    line: int
    values: dict[str, Any]
    subjects: list[dict[str, Any]]
    evidence: list[dict[str, Any]]


_SEARCHED = ("title_zh", "title_en", "explanation_zh", "explanation_en", "subject_key", "model_id")


def search_text(clue: Clue | Mapping[str, Any], subjects: Iterable[ClueSubject | SubjectLine]) -> str:
    """What the search box matches: titles, explanations, subject key, subject names and ids."""
    get = clue.get if isinstance(clue, Mapping) else lambda name: getattr(clue, name)
    parts = [get(name) or "" for name in _SEARCHED]
    for subject in subjects:
        parts += [subject.identifier, subject.name]
    return "\n".join(p for p in parts if p).lower()


def import_clues(
    session: Session, *, lines: Iterable[Mapping[str, Any]], actor: Actor | None, scan_label: str
) -> ImportSummary:
    """Import decoded clue lines (numbered from 1); see the module docstring."""
    return import_numbered(session, numbered=enumerate(lines, 1), actor=actor, scan_label=scan_label)


def import_numbered(
    session: Session, *, numbered: Iterable[tuple[int, Any]], actor: Actor | None, scan_label: str
) -> ImportSummary:
    """Import (line number, decoded object) pairs, as `read_jsonl` gives them for a file."""
    clue_lines = _combine(check_lines(numbered))
    summary = ImportSummary(lines=len(clue_lines))
    ctx = _Context(session, actor, scan_label, utcnow(), flows.time_limits(), summary)
    tree_roots = roots(session)
    ctx.fallback = tree_roots[0] if len(tree_roots) == 1 else None
    existing = _existing_clues(session, clue_lines)
    for clue_line in clue_lines:
        found = existing.get((clue_line.model, clue_line.subject))
        if found is None:
            _create(ctx, clue_line)
            if len(ctx.pending) >= _SETTLE_EVERY:
                _settle(ctx)
        else:
            _rescan(ctx, found, clue_line)
    _settle(ctx)
    _store_kinship(session, clue_lines)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="clue.import",
        object_type="scan",
        object_id=scan_label,
        details=summary.as_dict() | {"reopened_ids": summary.reopened[:1000]},
    )
    return summary


def _combine(clue_lines: list[ClueLine]) -> list[ClueLine]:
    """One line per (model, subject): a later line's fields win, evidence is pooled."""
    combined: dict[tuple[str, str], ClueLine] = {}
    for clue_line in clue_lines:
        key = (clue_line.model, clue_line.subject)
        earlier = combined.get(key)
        if earlier is not None:
            seen = {(e.table, e.key) for e in clue_line.evidence}
            clue_line.evidence = clue_line.evidence + [
                e for e in earlier.evidence if (e.table, e.key) not in seen
            ]
        combined[key] = clue_line
    return list(combined.values())


def _keys_in(keys: list[tuple[str, str]]) -> ColumnElement[bool]:
    """(model_id, subject_key) among `keys`, written as one IN per model so that PostgreSQL
    probes the unique index (a row-value IN made it scan the table once per chunk)."""
    by_model: dict[str, list[str]] = {}
    for model, subject in keys:
        by_model.setdefault(model, []).append(subject)
    return or_(
        *(
            and_(Clue.model_id == model, Clue.subject_key.in_(subjects))
            for model, subjects in by_model.items()
        )
    )


def _existing_clues(session: Session, clue_lines: list[ClueLine]) -> dict[tuple[str, str], Clue]:
    keys = [(c.model, c.subject) for c in clue_lines]
    found: dict[tuple[str, str], Clue] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        query = (
            select(Clue)
            .where(_keys_in(chunk))
            .options(selectinload(Clue.evidence), selectinload(Clue.subjects))
        )
        for clue in session.scalars(query):
            found[(clue.model_id or "", clue.subject_key)] = clue
    return found


def _region(ctx: _Context, clue_line: ClueLine) -> Region | None:
    first = clue_line.subjects[0] if clue_line.subjects else None
    code = clue_line.region_code or (first.region_code if first else "")
    village = clue_line.village or (first.village if first else "")
    if (code, village) not in ctx.regions:
        ctx.regions[(code, village)] = find_region(ctx.session, code=code, village=village)
    region = ctx.regions[(code, village)]
    if region is None:
        ctx.summary.unplaced_lines.append(clue_line.line)
        return ctx.fallback
    return region


def _subject_rows(clue_line: ClueLine) -> list[SubjectLine]:
    subjects = list(clue_line.subjects)
    if not any(s.identifier == clue_line.subject for s in subjects):
        kind = clue_line.subject_kind or "unknown"
        subjects.insert(0, SubjectLine(kind, clue_line.subject, "", clue_line.village, clue_line.region_code))
    return subjects


def _descriptive(clue_line: ClueLine) -> dict[str, Any]:
    """The clue's columns that a scan describes (and a re-scan may change)."""
    return {
        "source": clue_line.source,
        "model_version": clue_line.model_version,
        "model_params": clue_line.params,
        "subject_kind": clue_line.subject_kind,
        "title_zh": clue_line.title_zh or clue_line.model,
        "title_en": clue_line.title_en or clue_line.model,
        "sector": clue_line.sector,
        "offence": clue_line.offence,
        "amount": clue_line.amount,
        "score": clue_line.score,
        "explanation_zh": clue_line.explanation_zh,
        "explanation_en": clue_line.explanation_en,
    }


def _fill(clue: Clue, clue_line: ClueLine) -> list[str]:
    """Copy the scan's descriptive fields onto the clue; the names of those that changed."""
    values = _descriptive(clue_line)
    changed = [name for name, value in values.items() if getattr(clue, name) != value]
    for name in changed:
        setattr(clue, name, values[name])
    return changed


def _new_evidence(ctx: _Context, clue_line: ClueLine, known: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """Evidence rows (column values) for the line's (table, key) pairs not in `known`."""
    rows = []
    for item in clue_line.evidence:
        if (item.table, item.key) not in known:
            known.add((item.table, item.key))
            rows.append(
                {
                    "table_name": item.table,
                    "record_key": item.key,
                    "link": item.link,
                    "first_seen_scan": ctx.scan_label,
                    "last_seen_scan": ctx.scan_label,
                    "created_at": ctx.now,
                }
            )
    return rows


def _create(ctx: _Context, clue_line: ClueLine) -> None:
    """Queue a new clue; `_settle` writes queued clues in bulk (plain INSERTs, no ORM objects)."""
    region = _region(ctx, clue_line)
    subjects = _subject_rows(clue_line)
    values = _descriptive(clue_line) | {"model_id": clue_line.model, "subject_key": clue_line.subject}
    values |= {
        "region_id": region.id if region else None,
        "state": flows.State.RECEIVED.value,
        "state_entered_at": ctx.now,
        "due_at": flows.due_at(flows.State.RECEIVED.value, ctx.now, ctx.limits),
        "assigned_unit_id": None,
        "assigned_handler_id": None,
        "merged_into_id": None,
        "search_text": search_text(values, subjects),
        "created_at": ctx.now,
        "updated_at": ctx.now,
    }
    subject_rows = [
        {
            "kind": s.kind,
            "identifier": s.identifier,
            "name": s.name,
            "village": s.village,
            "region_code": s.region_code,
        }
        for s in subjects
    ]
    evidence_rows = _new_evidence(ctx, clue_line, set())
    ctx.pending.append(_NewClue(clue_line.line, values, subject_rows, evidence_rows))
    ctx.summary.evidence_added += len(evidence_rows)


def _settle(ctx: _Context) -> None:
    """Write the queued new clues, their subjects, evidence and `import` transitions in bulk."""
    if not ctx.pending:
        return
    session = ctx.session
    ids = _insert_clues(session, [new.values for new in ctx.pending])
    actor_id, actor_name = actor_fields(ctx.actor)
    reason = f"由扫描 {ctx.scan_label} 导入 / imported from scan {ctx.scan_label}"
    subjects, evidence, transitions = [], [], []
    for new, clue_id in zip(ctx.pending, ids, strict=True):
        ctx.summary.created.append(clue_id)
        subjects += [row | {"clue_id": clue_id} for row in new.subjects]
        evidence += [row | {"clue_id": clue_id} for row in new.evidence]
        transitions.append(
            {"clue_id": clue_id, "action": "import", "from_state": None, "to_state": new.values["state"],
             "actor_id": actor_id, "actor_name": actor_name, "at": ctx.now, "reason": reason,
             "payload": {"line": new.line, "evidence": len(new.evidence)}}
        )  # fmt: skip
    for table, rows in ((ClueSubject, subjects), (Evidence, evidence), (Transition, transitions)):
        if rows:
            session.execute(insert(table), rows)
    ctx.pending.clear()


def _insert_clues(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """INSERT the rows, returning their ids in order, the fastest way each database has."""
    if session.get_bind().dialect.name != "sqlite":
        # PostgreSQL batches an ordered RETURNING; a lookup afterwards was its slowest step
        returning = insert(Clue).returning(Clue.id, sort_by_parameter_order=True)
        return list(session.scalars(returning, rows))
    # SQLite cannot batch an ordered RETURNING, but a plain executemany and an index lookup are fast
    session.execute(insert(Clue), rows)
    keys = [(row["model_id"], row["subject_key"]) for row in rows]
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), _CHUNK):
        lookup = select(Clue.id, Clue.model_id, Clue.subject_key).where(
            _keys_in(keys[start : start + _CHUNK])
        )
        found.update({(model or "", subject): clue_id for clue_id, model, subject in session.execute(lookup)})
    return [found[key] for key in keys]


def _kept(session: Session, clue: Clue) -> Clue:
    """The clue a merged clue lives on in (itself when not merged)."""
    seen = {clue.id}
    while clue.merged_into_id is not None and clue.merged_into_id not in seen:
        kept = session.get(Clue, clue.merged_into_id, options=[selectinload(Clue.evidence)])
        if kept is None:
            break
        clue = kept
        seen.add(clue.id)
    return clue


def _touch_seen(ctx: _Context, clues: list[Clue], clue_line: ClueLine) -> set[tuple[str, str]]:
    """Mark evidence this scan saw again; return every (table, key) the clues already hold."""
    in_scan = {(e.table, e.key) for e in clue_line.evidence}
    known: set[tuple[str, str]] = set()
    for clue in clues:
        for row in clue.evidence:
            key = (row.table_name, row.record_key)
            known.add(key)
            if key in in_scan and row.last_seen_scan != ctx.scan_label:
                row.last_seen_scan = ctx.scan_label
    return known


def _rescan(ctx: _Context, found: Clue, clue_line: ClueLine) -> None:
    target = _kept(ctx.session, found)
    known = _touch_seen(ctx, list({found.id: found, target.id: target}.values()), clue_line)
    new_rows = [Evidence(**row) for row in _new_evidence(ctx, clue_line, known)]
    locked = target.state in flows.LOCKED_STATES
    if locked and not new_rows:
        ctx.summary.unchanged += 1
        return
    target.evidence.extend(new_rows)
    ctx.summary.evidence_added += len(new_rows)
    changed = _fill(target, clue_line) if target is found else []
    if locked:
        _reopen(ctx, target, len(new_rows))
    elif new_rows or changed:
        target.updated_at = ctx.now
        payload = {"new_evidence": len(new_rows), "changed": changed, "line": clue_line.line}
        reason = f"重新扫描 {ctx.scan_label}：新增 {len(new_rows)} 条证据 / rescan {ctx.scan_label}: "
        reason += f"{len(new_rows)} new evidence rows"
        record(
            ctx.session,
            clue=target,
            action="rescan",
            from_state=target.state,
            actor=ctx.actor,
            reason=reason,
            payload=payload,
            at=ctx.now,
            audit_entry=False,
        )
        ctx.summary.updated.append(target.id)
    else:
        ctx.summary.unchanged += 1
        return
    if changed:
        target.search_text = search_text(target, target.subjects)


def _reopen(ctx: _Context, clue: Clue, new_rows: int) -> None:
    before = clue.state
    enter_state(clue, flows.REOPEN_TARGET.value, ctx.now, ctx.limits)
    reason = f"因新证据重新启动：新增 {new_rows} 条证据 / reopened: {new_rows} new evidence rows"
    record(
        ctx.session,
        clue=clue,
        action="reopen",
        from_state=before,
        actor=ctx.actor,
        reason=reason,
        payload={"new_evidence": new_rows, "scan": ctx.scan_label},
        at=ctx.now,
        audit_entry=False,
    )
    ctx.summary.reopened.append(clue.id)


def _kin_pairs(clue_lines: list[ClueLine]) -> dict[tuple[str, str], int]:
    pairs: dict[tuple[str, str], int] = {}
    for clue_line in clue_lines:
        for subject in clue_line.subjects:
            person = subject.identifier.upper()
            for relative in subject.relatives:
                if relative != person:
                    pairs.setdefault((min(person, relative), max(person, relative)), clue_line.line)
    return pairs


def _store_kinship(session: Session, clue_lines: list[ClueLine]) -> None:
    """Remember relative pairs named in the file, for recusal; each pair once."""
    pairs = list(_kin_pairs(clue_lines))
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        people = {p for pair in chunk for p in pair}
        query = select(SubjectKinship.person_a, SubjectKinship.person_b).where(
            or_(SubjectKinship.person_a.in_(people), SubjectKinship.person_b.in_(people))
        )
        known = {(a, b) for a, b in session.execute(query)}
        session.add_all(SubjectKinship(person_a=a, person_b=b) for a, b in chunk if (a, b) not in known)
