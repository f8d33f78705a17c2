"""Fixtures of the engine suite: ONE Spark session for the whole test run, and the county on both engines.

Spark tests carry the `spark` marker. They are skipped, loudly, only when
pyspark or a Java runtime is truly absent; any other Spark failure is a
test failure.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.engine.base import Warehouse
from qingfeng.engine.spark_backend import (
    SparkUnavailable,
    SparkWarehouse,
    export_raw_to_parquet,
    start_session,
)
from qingfeng.resolve.exact import link_exact
from qingfeng.resolve.publish import publish_views
from qingfeng.resolve.relatives import build_relatives
from tests.engine.county import small_county
from tests.fixtures.warehouse import build_warehouse


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        session = start_session(
            shuffle_partitions=2, driver_memory="1g", work_dir=tmp_path_factory.mktemp("spark-session")
        )
    except SparkUnavailable as error:
        message = f"SPARK TESTS SKIPPED — Spark cannot run on this machine: {error}"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def county_on_both(
    spark_session: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DuckDBWarehouse, SparkWarehouse]]:
    """The small county ingested on DuckDB, moved to Spark through Parquet, and resolved on each engine."""
    duck = build_warehouse(small_county(), resolved=False)
    folder: Path = tmp_path_factory.mktemp("county-parquet")
    export_raw_to_parquet(duck, folder)
    spark = SparkWarehouse(session=spark_session)
    spark.reset()
    spark.load_raw_from_parquet(folder)
    resolve_exactly(duck)
    resolve_exactly(spark)
    yield duck, spark
    duck.close()
    spark.close()


def resolve_exactly(wh: Warehouse) -> None:
    """Exact links, relatives and views: the part of resolution both engines must agree on."""
    link_exact(wh)
    build_relatives(wh)
    publish_views(wh)
