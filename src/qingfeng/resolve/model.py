"""The person linkage model: trained once, saved with the code, applied on every scan.

Training costs seconds to minutes and depends only on how departments get
identities wrong, not on one county's data, so a scan never retrains: it loads
`trained/person_linkage.json` (Splink's own settings JSON with the m and u
probabilities) and only sets the prior, the chance that a record and a
registered person are the same, to 1 / (people in the register). `qingfeng
resolve train` regenerates the file from the synthetic population in
`training.py`; bump `MODEL_VERSION` when the comparisons change.

Splink is imported lazily: a scan whose records all carry valid IDs never pays
for it.
"""

from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.resolve.comparisons import Comparison, person_blocking_rules, person_comparisons
from qingfeng.resolve.features import add_name_keys, feature_rows, load_table
from qingfeng.resolve.training import TrainingPerson, TrainingRecord, population, weak_records

MODEL_VERSION = 1
MODEL_PATH = Path(__file__).parent / "trained" / "person_linkage.json"


def model_settings(
    comparisons: list[Comparison], blocking_rules: list[str], *, prior: float = 1e-4
) -> dict[str, Any]:
    """Untrained Splink settings for linking records (left) to a register (right)."""
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking_rules,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def weight_of(probability: float) -> float:
    """Splink's match weight (log2 Bayes factor incl. prior) for a match probability."""
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(probability / (1 - probability))


def load_model(path: Path = MODEL_PATH) -> dict[str, Any]:
    """The trained model: Splink settings plus `qingfeng_model_version`."""
    if not path.exists():
        raise FileNotFoundError(f"no trained person linkage model at {path}; run `qingfeng resolve train`")
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return model


SPLINK_FUNCTIONS = {"spark": {"jaro_winkler_similarity": "jaro_winkler"}}
"""Functions named differently by Splink's similarity UDFs on an engine (the Spark jar's names)."""


def splink_settings(model: dict[str, Any], *, prior: float, dialect: str = "duckdb") -> dict[str, Any]:
    """The Splink part of a saved model with the prior set for this register, in `dialect`'s SQL."""
    settings = {k: v for k, v in model.items() if not k.startswith("qingfeng_")}
    settings["probability_two_random_records_match"] = prior
    settings.pop("linker_uid", None)
    settings["retain_matching_columns"] = True  # the gamma_ columns: comparison levels
    settings["retain_intermediate_calculation_columns"] = True  # the mw_ columns: weight per comparison
    return settings if dialect == settings.get("sql_dialect", "duckdb") else in_dialect(settings, dialect)


def in_dialect(settings: dict[str, Any], dialect: str) -> dict[str, Any]:
    """The same settings with every comparison level and blocking rule translated from DuckDB's SQL.

    The trained model is saved once, in DuckDB's dialect; Splink does not translate the SQL of a
    saved model, so this does (sqlglot), renaming the similarity functions the engine calls otherwise.
    Only ASCII columns (pinyin, digits, ISO dates) meet a string distance, so both engines measure
    the same thing."""
    translated = json.loads(json.dumps(settings))
    translated["sql_dialect"] = dialect
    for comparison in translated["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"].strip().upper() != "ELSE":
                level["sql_condition"] = translate_condition(level["sql_condition"], dialect)
    for rule in translated["blocking_rules_to_generate_predictions"]:
        rule["blocking_rule"] = translate_condition(rule["blocking_rule"], dialect)
        rule["sql_dialect"] = dialect
    return translated


def translate_condition(sql: str, dialect: str) -> str:
    """One DuckDB boolean expression in `dialect`."""
    import sqlglot

    for duckdb_name, other in SPLINK_FUNCTIONS.get(dialect, {}).items():
        sql = re.sub(rf"\b{duckdb_name}\s*\(", f"{other}(", sql, flags=re.IGNORECASE)
    return str(sqlglot.transpile(sql, read="duckdb", write=dialect)[0])


def predict(
    wh: Warehouse,
    settings: dict[str, Any],
    *,
    left: str = "records_in",
    right: str = "persons_in",
    min_weight: float = 0.0,
) -> list[dict[str, Any]]:
    """Scored candidate pairs (`unique_id_l`, `unique_id_r`) at or above `min_weight`, as rows.

    Splink runs on the warehouse's own engine (DuckDB or Spark) over tables `left` and `right`."""
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    db_api = wh.splink_api()
    tables = [db_api.register(left, table_name=left), db_api.register(right, table_name=right)]
    linker = Linker(tables, settings, log_level=None, validate_settings=False)
    try:
        scored = linker.inference.predict(threshold_match_weight=min_weight, warning_mode="never")
        rows: list[dict[str, Any]] = scored.as_record_list()
    finally:
        linker.table_management.delete_tables_created_by_splink_from_db()
    return rows


def _training_tables(
    wh: DuckDBWarehouse, people: list[TrainingPerson], records: list[TrainingRecord]
) -> None:
    import pyarrow as pa

    person_rows = [dict(vars(p), unique_id=p.id_number, label=p.id_number) for p in people]
    record_rows = [dict(vars(r), unique_id=f"r{i}", label=r.person_id) for i, r in enumerate(records)]
    for name, rows in (("persons_in", person_rows), ("records_in", record_rows)):
        table = feature_rows(rows).append_column("label", pa.array([r["label"] for r in rows], pa.string()))
        load_table(wh.con, name, table)
    add_name_keys(wh, ["persons_in", "records_in"])


def train(
    *, persons: int = 20_000, records: int = 4_000, seed: int = 7, out: Path | None = MODEL_PATH
) -> dict[str, Any]:
    """Estimate u by random sampling and m from the known truth of a synthetic county; save the model."""
    from splink import DuckDBAPI, Linker

    people = population(persons, seed=seed)
    wh = DuckDBWarehouse()
    _training_tables(wh, people, weak_records(people, records, seed=seed + 1))
    db_api = DuckDBAPI(connection=wh.con)
    tables = [db_api.register("records_in"), db_api.register("persons_in")]
    settings = model_settings(person_comparisons(), person_blocking_rules(), prior=1 / persons)
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_m_from_label_column("label")
    model = linker.misc.save_model_to_json()
    model.pop("linker_uid", None)
    for comparison in model["comparisons"]:
        smooth(comparison["comparison_levels"])
    model = {
        "qingfeng_model_version": MODEL_VERSION,
        "qingfeng_trained_on": _provenance(persons, records, seed),
    } | (model)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return model


M_FLOOR = 1e-3
"""m of a level never seen among true pairs of the synthetic county: rare, not impossible."""
U_FLOOR = 1e-6


def smooth(levels: list[dict[str, Any]]) -> None:
    """Give every non-null level an m and a u (floors for those training never saw), summing to 1."""
    ranked = [lv for lv in levels if not lv.get("is_null_level")]
    for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
        values = [max(lv.get(key) or 0.0, floor) for lv in ranked]
        total = sum(values)
        for lv, value in zip(ranked, values, strict=True):
            lv[key] = value / total


def _provenance(persons: int, records: int, seed: int) -> dict[str, Any]:
    return {"synthetic_persons": persons, "weak_records": records, "seed": seed}
