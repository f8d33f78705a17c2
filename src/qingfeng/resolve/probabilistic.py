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
from typing import Any

from qingfeng.contract import Table
from qingfeng.engine import Warehouse
from qingfeng.engine.base import Column, sql_literal
from qingfeng.resolve.comparisons import level_labels
from qingfeng.resolve.decide import Candidate, Decision, DecisionRule
from qingfeng.resolve.exact import person_tables
from qingfeng.resolve.features import FEATURE_COLUMNS, gender_sql, write_name_keys
from qingfeng.resolve.judgements import Judgement, fingerprint_sql
from qingfeng.resolve.model import MODEL_PATH, load_model, predict, splink_settings, weight_of

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


RECORDS_IN, PERSONS_IN = "resolve_records_in", "resolve_persons_in"
"""The two Splink input tables, built in the scan's own warehouse."""
IDENTITIES = "resolve_identities"
"""One row per distinct weak identity, its fields as written and its fingerprint."""


def _identities_sql() -> str:
    cols = ", ".join(FEATURE_COLUMNS)
    return f"""SELECT identity_key AS unique_id, {cols}, any_value(fingerprint) AS fingerprint
        FROM resolve_weak_rows WHERE name IS NOT NULL OR id_number IS NOT NULL
        GROUP BY identity_key, {cols}"""


def prepare_inputs(wh: Warehouse) -> int:
    """Create the weak identities and the record and register tables Splink compares, with name keys;
    returns the register size."""
    write_name_keys(
        wh,
        "SELECT DISTINCT name FROM resolve_weak_rows WHERE name IS NOT NULL "
        "UNION SELECT DISTINCT name FROM raw.persons WHERE name IS NOT NULL",
    )
    named = "k.name_clean AS name, k.name_py, k.name_fz"
    wh.execute(f"CREATE OR REPLACE TABLE {IDENTITIES} AS {_identities_sql()}")
    wh.execute(
        f"""CREATE OR REPLACE TABLE {RECORDS_IN} AS
        SELECT i.unique_id, i.id_number, {named}, i.gender, i.birth_date, i.region_code, i.village
        FROM {IDENTITIES} i LEFT JOIN resolve_name_keys k ON k.name_raw = i.name"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TABLE {PERSONS_IN} AS
        SELECT p.id_number AS unique_id, p.id_number, {named}, {gender_sql("p.gender")} AS gender,
            strftime(p.birth_date, '%Y-%m-%d') AS birth_date, p.region_code, p.village
        FROM raw.persons p LEFT JOIN resolve_name_keys k ON k.name_raw = p.name
        WHERE p.id_number IS NOT NULL"""
    )
    return int(wh.scalar(f"SELECT count(*) FROM {PERSONS_IN}") or 0)


def score_candidates(
    wh: Warehouse, register_size: int, rule: DecisionRule, model_path: Path = MODEL_PATH
) -> dict[str, list[Candidate]]:
    """Splink's candidates for each weak identity, best first, with the comparison level labels.

    Splink runs on the warehouse's own engine: the same trained model, translated to its SQL."""
    model = load_model(model_path)
    settings = splink_settings(model, prior=1.0 / max(register_size, MIN_REGISTER), dialect=wh.dialect)
    min_weight = min(weight_of(rule.review_floor), weight_of(rule.threshold) - rule.margin)
    scored = predict(wh, settings, left=RECORDS_IN, right=PERSONS_IN, min_weight=min_weight)
    labels = level_labels(model["comparisons"])
    found: dict[str, list[Candidate]] = defaultdict(list)
    for pair in sorted(scored, key=_pair_order):
        levels = {
            name: f"{by_gamma.get(int(pair[f'gamma_{name}']), '?')} ({_weight(pair, name):+.1f})"
            for name, by_gamma in labels.items()
        }
        # Splink orders the two sides of a pair by its own rule: find the record side by its dataset.
        record, person = ("l", "r") if pair["source_dataset_l"] == RECORDS_IN else ("r", "l")
        probability, weight = float(pair["match_probability"]), float(pair["match_weight"])
        found[pair[f"unique_id_{record}"]].append(
            Candidate(pair[f"unique_id_{person}"], probability, weight, levels)
        )
    return found


def _pair_order(pair: dict[str, Any]) -> tuple[str, str]:
    """Engines return pairs in their own order: sort them, so ties are broken alike everywhere."""
    return (str(pair["unique_id_l"]), str(pair["unique_id_r"]))


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
    register_size = prepare_inputs(wh)
    identities = wh.query(f"SELECT * FROM {IDENTITIES} ORDER BY unique_id")
    if not identities:
        return outcome
    candidates = score_candidates(wh, register_size, rule, model_path)
    known = _registered(wh, {person for _, person in judgements})
    by_fingerprint: dict[str, dict[str, Judgement]] = defaultdict(dict)
    for (fp, person), judgement in judgements.items():
        if person in known:
            by_fingerprint[fp][person] = judgement
    for identity in identities:
        key = identity["unique_id"]
        outcome.identities[key] = identity
        decision = rule.decide(candidates.get(key, []), by_fingerprint.get(identity["fingerprint"]))
        outcome.decisions[key] = decision
    return outcome


def _registered(wh: Warehouse, people: set[str]) -> set[str]:
    """Which of `people` (judged candidates) are in the register now."""
    if not people:
        return set()
    listed = ", ".join(sql_literal(p) for p in sorted(people))
    rows = wh.query(f"SELECT id_number FROM raw.persons WHERE id_number IN ({listed})")
    return {r["id_number"] for r in rows}


def decision_columns(outcome: WeakOutcome) -> list[Column]:
    """One row per weak identity: identity_key, method, person_id, probability, detail (JSON)."""
    rows = []
    for key, d in outcome.decisions.items():
        detail = dict(d.detail, reason=d.reason) if d.reason else d.detail
        rows.append((key, d.method, d.person_id, d.probability, json.dumps(detail, ensure_ascii=False)))
    names = ("identity_key", "method", "person_id", "probability", "detail")
    types = ("VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR")
    return [(n, t, [r[i] for r in rows]) for i, (n, t) in enumerate(zip(names, types, strict=True))]


def apply_decisions(wh: Warehouse, outcome: WeakOutcome) -> None:
    """Write the decisions into `person_links` for every row of each weak identity.

    The weak rows are exactly the links left `unlinked` (`collect_weak_rows`): the table is rebuilt
    from its other rows and the weak rows with their identity's decision (still unlinked when it had
    none). One statement on every engine; on DuckDB it replaces an UPDATE of a few rows among
    millions that took 1 to 22 seconds at 1,000,000 people, and a DELETE that slowed every later
    read of the table."""
    if not outcome.decisions:
        return
    wh.write_columns("resolve_weak_decisions", decision_columns(outcome))
    wh.execute(
        """CREATE OR REPLACE TABLE person_links_next AS
        SELECT * FROM person_links WHERE method <> 'unlinked'
        UNION ALL
        SELECT w.table_name, w.row_id, d.person_id, coalesce(d.method, 'unlinked') AS method,
            d.probability, d.detail
        FROM resolve_weak_rows w LEFT JOIN resolve_weak_decisions d ON d.identity_key = w.identity_key"""
    )
    wh.execute("DROP TABLE person_links")
    wh.execute("ALTER TABLE person_links_next RENAME TO person_links")
