"""Linking weak records (ID invalid, unknown or empty) to the household register with Splink.

Records are scored once per distinct weak identity (ID as written, name,
gender, birth date, region, village), not once per row: a pension paid monthly
under a mistyped ID is one identity. Tables that carry no gender or birth date
(pensions, medical claims, subsidies, officials) go through the same model with
those comparisons missing, so only a near-identical ID with the same name can
link them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qingfeng.contract import Table
from qingfeng.engine import Warehouse
from qingfeng.resolve.comparisons import level_labels
from qingfeng.resolve.decide import Candidate, Decision, DecisionRule
from qingfeng.resolve.exact import person_tables
from qingfeng.resolve.features import (
    FEATURE_COLUMNS,
    add_name_keys,
    fetch_arrow,
    gender_sql,
    load_table,
    store_columns,
)
from qingfeng.resolve.judgements import Judgement, fingerprint_sql
from qingfeng.resolve.model import MODEL_PATH, load_model, predict, splink_settings, weight_of

if TYPE_CHECKING:  # imported where used: a scan whose records all carry valid IDs never pays for them
    import pyarrow as pa

MIN_REGISTER = 10_000
"""The prior is 1 / (people in the register), but never above 1 / MIN_REGISTER: in a tiny register a
namesake with another birth date would otherwise be linked merely for being the only namesake."""


@dataclass
class WeakOutcome:
    """What the probabilistic step decided, per distinct weak identity."""

    decisions: dict[str, Decision] = field(default_factory=dict)
    identities: dict[str, dict[str, Any]] = field(default_factory=dict)
    """identity_key -> the identity fields and fingerprint."""


def _optional(t: Table, col: str, expr: str | None = None) -> str:
    return (expr or f"r.{col}") if col in t.column_names else "NULL"


def weak_rows_sql(t: Table) -> str:
    """The rows of one person table left unlinked by the exact step, with their identity fields."""
    birth = _optional(t, "birth_date", "strftime(TRY_CAST(r.birth_date AS DATE), '%Y-%m-%d')")
    return f"""SELECT '{t.name}' AS table_name, r._row_id AS row_id, r.{t.person_column} AS id_number,
        r.name AS name, {_optional(t, "gender", gender_sql("r.gender"))} AS gender, {birth} AS birth_date,
        {_optional(t, "region_code")} AS region_code, {_optional(t, "village")} AS village
    FROM raw.{t.name} r JOIN person_links l ON l.table_name = '{t.name}' AND l.row_id = r._row_id
    WHERE l.method = 'unlinked'"""


def collect_weak_rows(wh: Warehouse) -> int:
    """Create `resolve_weak_rows` (every unlinked person record with identity key and fingerprint)."""
    parts = [weak_rows_sql(t) for t in person_tables(wh)]
    if not parts:
        parts = [
            "SELECT NULL::VARCHAR AS table_name, NULL::BIGINT AS row_id, "
            + ", ".join(
                f"NULL::VARCHAR AS {c}"
                for c in ("id_number", "name", "gender", "birth_date", "region_code", "village")
            )
            + " LIMIT 0"
        ]
    keyed = ", ".join(f"coalesce({c}, '')" for c in FEATURE_COLUMNS)
    wh.execute(
        f"""CREATE OR REPLACE TABLE resolve_weak_rows AS
        SELECT *, md5(concat_ws('|', {keyed})) AS identity_key,
               {fingerprint_sql("id_number", "name", "gender", "birth_date")} AS fingerprint
        FROM ({" UNION ALL ".join(parts)}) w"""
    )
    return int(wh.scalar("SELECT count(*) FROM resolve_weak_rows"))


def _identities(wh: Warehouse) -> pa.Table:
    cols = ", ".join(FEATURE_COLUMNS)
    return fetch_arrow(
        wh,
        f"""SELECT identity_key AS unique_id, {cols}, any_value(fingerprint) AS fingerprint
        FROM resolve_weak_rows WHERE name IS NOT NULL OR id_number IS NOT NULL
        GROUP BY identity_key, {cols}""",
    )


def _register(wh: Warehouse) -> pa.Table:
    return fetch_arrow(
        wh,
        f"""SELECT id_number AS unique_id, id_number, name, {gender_sql("gender")} AS gender,
            strftime(birth_date, '%Y-%m-%d') AS birth_date, region_code, village
        FROM raw.persons WHERE id_number IS NOT NULL""",
    )


def score_candidates(
    identities: pa.Table, register: pa.Table, rule: DecisionRule, model_path: Path = MODEL_PATH
) -> dict[str, list[Candidate]]:
    """Splink's candidates for each weak identity, best first, with the comparison level labels."""
    import duckdb

    model = load_model(model_path)
    con = duckdb.connect()
    try:
        load_table(con, "records_in", identities.drop_columns(["fingerprint"]))
        load_table(con, "persons_in", register)
        add_name_keys(con, ["records_in", "persons_in"])
        settings = splink_settings(model, prior=1.0 / max(register.num_rows, MIN_REGISTER))
        min_weight = min(weight_of(rule.review_floor), weight_of(rule.threshold) - rule.margin)
        scored = predict(con, settings, min_weight=min_weight)
    finally:
        con.close()
    labels = level_labels(model["comparisons"])
    found: dict[str, list[Candidate]] = defaultdict(list)
    for pair in scored.to_pylist():
        levels = {
            name: f"{by_gamma.get(pair[f'gamma_{name}'], '?')} ({_weight(pair, name):+.1f})"
            for name, by_gamma in labels.items()
        }
        # Splink orders the two sides of a pair by its own rule: find the record side by its dataset.
        record, person = ("l", "r") if pair["source_dataset_l"] == "records_in" else ("r", "l")
        probability, weight = float(pair["match_probability"]), float(pair["match_weight"])
        found[pair[f"unique_id_{record}"]].append(
            Candidate(pair[f"unique_id_{person}"], probability, weight, levels)
        )
    return found


def _weight(pair: dict[str, Any], comparison: str) -> float:
    """The match weight one comparison contributed (term-frequency adjustment included)."""
    return float(pair.get(f"mw_{comparison}") or 0.0) + float(pair.get(f"mw_tf_adj_{comparison}") or 0.0)


def link_weak_records(
    wh: Warehouse,
    rule: DecisionRule,
    judgements: dict[tuple[str, str], Judgement],
    model_path: Path = MODEL_PATH,
) -> WeakOutcome:
    """Decide every weak identity; the caller writes the decisions to `person_links` and the review queue."""
    outcome = WeakOutcome()
    if collect_weak_rows(wh) == 0 or not wh.has_table("persons", "raw"):
        return outcome
    identities = _identities(wh)
    if identities.num_rows == 0:
        return outcome
    register = _register(wh)
    known = set(register.column("unique_id").to_pylist())
    candidates = score_candidates(identities, register, rule, model_path)
    by_fingerprint: dict[str, dict[str, Judgement]] = defaultdict(dict)
    for (fp, person), judgement in judgements.items():
        if person in known:
            by_fingerprint[fp][person] = judgement
    for identity in identities.to_pylist():
        key = identity["unique_id"]
        outcome.identities[key] = identity
        decision = rule.decide(candidates.get(key, []), by_fingerprint.get(identity["fingerprint"]))
        outcome.decisions[key] = decision
    return outcome


def decision_columns(outcome: WeakOutcome) -> list[tuple[str, str, list[Any]]]:
    """One row per weak identity: identity_key, method, person_id, probability, detail (JSON)."""
    rows = []
    for key, d in outcome.decisions.items():
        detail = dict(d.detail, reason=d.reason) if d.reason else d.detail
        rows.append((key, d.method, d.person_id, d.probability, json.dumps(detail, ensure_ascii=False)))
    names = ("identity_key", "method", "person_id", "probability", "detail")
    types = ("VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR")
    return [(n, t, [r[i] for r in rows]) for i, (n, t) in enumerate(zip(names, types, strict=True))]


def apply_decisions(wh: Warehouse, outcome: WeakOutcome) -> None:
    """Write the decisions into `person_links` for every row of each weak identity."""
    if not outcome.decisions:
        return
    store_columns(wh, "resolve_weak_decisions", decision_columns(outcome))
    wh.execute(
        """UPDATE person_links SET person_id = d.person_id, method = d.method,
               probability = d.probability, detail = d.detail
        FROM resolve_weak_rows w JOIN resolve_weak_decisions d ON d.identity_key = w.identity_key
        WHERE person_links.table_name = w.table_name AND person_links.row_id = w.row_id"""
    )
