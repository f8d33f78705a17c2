"""The review queue: uncertain record-person pairs a human settles, and the functions that settle them.

`review_queue` (in the warehouse) holds one row per weak record and candidate
person that the decision rule would not link on its own, with the comparison
detail. `pending_reviews` groups it by weak identity for a reviewer (the CLI
and, later, the web app), `judge` stores a judgement durably; the next scan
(or `qingfeng review --apply`) applies it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from qingfeng.contract import table as contract_table
from qingfeng.engine import Warehouse
from qingfeng.resolve.judgements import Judgement, JudgementStore
from qingfeng.resolve.probabilistic import WeakOutcome

QUEUE_COLUMNS = (
    "identity_key",
    "fingerprint",
    "candidate_id",
    "rank",
    "match_probability",
    "match_weight",
    "detail",
    "reason",
    "judgement",
)


def record_key_sql(table_name: str, alias: str = "r") -> str:
    """The record's name outside the warehouse: its key column, or 'line:<n>' (docs/warehouse.md)."""
    keys = contract_table(table_name).key_columns
    if keys:
        return f"CAST({alias}.{keys[0]} AS VARCHAR)"
    return f"'line:' || CAST({alias}._line AS VARCHAR)"


def write_review_queue(
    wh: Warehouse, outcome: WeakOutcome, judgements: dict[tuple[str, str], Judgement]
) -> int:
    """Create `review_queue` from the decisions; returns the number of weak identities queued."""
    rows: list[dict[str, Any]] = []
    for key, decision in outcome.decisions.items():
        fp = outcome.identities[key]["fingerprint"]
        for rank, c in enumerate(decision.to_review, start=1):
            judged = judgements.get((fp, c.person_id))
            rows.append(
                {
                    "identity_key": key,
                    "fingerprint": fp,
                    "candidate_id": c.person_id,
                    "rank": rank,
                    "match_probability": c.probability,
                    "match_weight": c.weight,
                    "detail": json.dumps(c.detail(), ensure_ascii=False),
                    "reason": decision.reason,
                    "judgement": judged.value if judged else None,
                }
            )
    types = {
        c: "BIGINT" if c == "rank" else "DOUBLE" if c.startswith("match_") else "VARCHAR"
        for c in QUEUE_COLUMNS
    }
    wh.write_columns("review_queue", [(c, types[c], [r[c] for r in rows]) for c in QUEUE_COLUMNS])
    return len({r["identity_key"] for r in rows})


@dataclass(frozen=True)
class ReviewCandidate:
    person: dict[str, Any]
    probability: float
    weight: float
    levels: dict[str, str]
    judgement: Judgement | None


@dataclass(frozen=True)
class ReviewCase:
    """One weak identity and the registered people it might be."""

    fingerprint: str
    record: dict[str, Any]
    """id_number, name, gender, birth_date as the department wrote them (normalised ID)."""
    records: list[str]
    """Where it occurs: '<table>:<key>' for each row."""
    reason: str
    candidates: list[ReviewCandidate] = field(default_factory=list)


def pending_reviews(wh: Warehouse, *, include_unsure: bool = False) -> list[ReviewCase]:
    """The cases still waiting for a reviewer (unjudged pairs; with `include_unsure`, unsure ones too)."""
    if not wh.has_table("review_queue"):
        return []
    wanted = "judgement IS NULL" + (" OR judgement = 'unsure'" if include_unsure else "")
    queue = wh.query(f"SELECT * FROM review_queue WHERE {wanted} ORDER BY identity_key, rank")
    cases: dict[str, ReviewCase] = {}
    for row in queue:
        case = cases.get(row["identity_key"]) or _new_case(wh, row)
        cases[row["identity_key"]] = case
        case.candidates.append(_candidate(wh, row))
    return list(cases.values())


def _new_case(wh: Warehouse, row: dict[str, Any]) -> ReviewCase:
    key = row["identity_key"].replace("'", "''")
    weak = wh.query(
        f"SELECT * FROM resolve_weak_rows WHERE identity_key = '{key}' ORDER BY table_name, row_id"
    )
    where = []
    for w in weak[:20]:
        key_sql = record_key_sql(w["table_name"])
        found = wh.scalar(
            f"SELECT {key_sql} FROM raw.{w['table_name']} r WHERE r._row_id = {int(w['row_id'])}"
        )
        where.append(f"{w['table_name']}:{found}")
    first = weak[0] if weak else {}
    record = {
        k: first.get(k) for k in ("id_number", "name", "gender", "birth_date", "region_code", "village")
    }
    return ReviewCase(row["fingerprint"], record, where, row["reason"] or "")


def _candidate(wh: Warehouse, row: dict[str, Any]) -> ReviewCandidate:
    pid = str(row["candidate_id"]).replace("'", "''")
    people = wh.query(
        "SELECT id_number, name, gender, strftime(birth_date, '%Y-%m-%d') AS birth_date, household_id, "
        f"region_code, village FROM raw.persons WHERE id_number = '{pid}'"
    )
    detail = json.loads(row["detail"] or "{}")
    judged = Judgement(row["judgement"]) if row["judgement"] else None
    return ReviewCandidate(
        people[0] if people else {"id_number": row["candidate_id"]},
        float(row["match_probability"]),
        float(row["match_weight"]),
        detail.get("levels", {}),
        judged,
    )


def judge(
    store: JudgementStore,
    case: ReviewCase,
    candidate_id: str,
    judgement: Judgement,
    *,
    reviewer: str = "",
    note: str = "",
) -> None:
    """Record a reviewer's judgement on one pair; a `match` makes every other candidate of the case `no_match`
    only if the reviewer says so explicitly (judging them), never implicitly."""
    store.record(case.fingerprint, candidate_id, judgement, reviewer=reviewer, note=note)
