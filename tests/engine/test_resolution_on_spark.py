"""Entity resolution gives the same links on DuckDB and on Spark (Splink's two backends, one trained model).

A synthetic county with noisy death, imprisonment and enrollment records (wrong,
15-digit or empty IDs, homophone names) is ingested once on DuckDB, handed to
Spark as Parquet, and resolved on each engine: person links (method,
probability, comparison detail), the review queue, organisations and relatives
must be identical, and a reviewer's judgement is reused alike on both.

This file sorts after test_parity.py on purpose: it resets the shared session's
tables, which the `county_on_both` fixture filled for the parity tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.engine.spark_backend import SparkWarehouse, export_raw_to_parquet
from qingfeng.ingest import ingest_dataset
from qingfeng.resolve.judgements import Judgement, JudgementStore
from qingfeng.resolve.pipeline import ResolutionSummary, resolve
from qingfeng.resolve.review import judge, pending_reviews
from qingfeng.synth import SynthConfig, generate

pytestmark = pytest.mark.spark

LINKS = """SELECT table_name, row_id, person_id, method, round(probability, 9) AS probability, detail
    FROM person_links ORDER BY table_name, row_id"""
QUEUE = """SELECT identity_key, candidate_id, rank, round(match_probability, 9) AS p, detail, reason,
    judgement FROM review_queue ORDER BY identity_key, rank"""
ORGS = "SELECT table_name, row_id, column_name, org_id, method FROM organisation_links ORDER BY 1, 2, 3"
RELATIVES = "SELECT * FROM relatives ORDER BY 1, 2"


@pytest.fixture(scope="module")
def engines(spark_session: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Warehouse, ...]]:
    """The noisy county ingested on DuckDB and loaded into Spark, neither resolved yet."""
    folder = tmp_path_factory.mktemp("noisy-county")
    generate(folder / "county", SynthConfig(persons=2000, seed=11, noise=0.25))
    duck = DuckDBWarehouse()
    ingest_dataset(duck, folder / "county")
    export_raw_to_parquet(duck, folder / "parquet")
    spark = SparkWarehouse(session=spark_session)
    spark.reset()
    spark.load_raw_from_parquet(folder / "parquet")
    yield duck, spark
    duck.close()
    spark.close()


def _resolve_both(engines: tuple[Warehouse, ...], judgements: Path) -> list[ResolutionSummary]:
    return [resolve(wh, judgements_path=judgements) for wh in engines]


def test_the_same_links_review_queue_organisations_and_relatives(
    engines: tuple[Warehouse, ...], tmp_path: Path
) -> None:
    duck, spark = engines
    on_duckdb, on_spark = _resolve_both(engines, tmp_path / "none.sqlite")
    assert on_spark == on_duckdb
    # The county is noisy enough for every path: probabilistic links, and a queue for review.
    assert on_duckdb.linked_probabilistic >= 20
    assert on_duckdb.queued_for_review >= 1
    for sql in (LINKS, QUEUE, ORGS, RELATIVES):
        assert spark.query(sql) == duck.query(sql), sql
    detail = next(r["detail"] for r in spark.query(LINKS) if r["method"] == "probabilistic")
    assert '"name"' in detail and '"birth_date"' in detail  # the comparison levels travel with each link


def test_a_judgement_is_reused_alike_on_both_engines(engines: tuple[Warehouse, ...], tmp_path: Path) -> None:
    duck, spark = engines
    store_path = tmp_path / "judgements.sqlite"
    _resolve_both(engines, store_path)
    case = pending_reviews(duck)[0]
    judge(JudgementStore(store_path), case, case.candidates[0].person["id_number"], Judgement.MATCH)
    on_duckdb, on_spark = _resolve_both(engines, store_path)
    assert on_duckdb.linked_by_review >= 1
    assert on_spark == on_duckdb
    assert spark.query(LINKS) == duck.query(LINKS)
