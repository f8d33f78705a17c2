"""The small warehouse API behaves alike on DuckDB and on Spark: bulk writes and column listings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.engine.base import Column

COLUMNS: list[Column] = [
    ("key", "VARCHAR", ["a", "b'quote", None, "名字"]),
    ("n", "BIGINT", [1, None, 3, 2**40]),
    ("p", "DOUBLE", [0.5, 1.0, None, 1e-12]),
]


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def warehouse(request: pytest.FixtureRequest) -> Iterator[Warehouse]:
    if request.param == "duckdb":
        wh: Warehouse = DuckDBWarehouse()
    else:
        from qingfeng.engine.spark_backend import SparkWarehouse

        session: Any = request.getfixturevalue("spark_session")
        wh = SparkWarehouse(session=session)
    yield wh
    wh.close()


def test_write_columns_round_trips_values_nulls_and_quotes(warehouse: Warehouse) -> None:
    warehouse.write_columns("api_t", COLUMNS)
    rows = warehouse.query("SELECT key, n, p FROM api_t ORDER BY n NULLS LAST, key")
    assert rows == [
        {"key": "a", "n": 1, "p": 0.5},
        {"key": None, "n": 3, "p": None},
        {"key": "名字", "n": 2**40, "p": 1e-12},
        {"key": "b'quote", "n": None, "p": 1.0},
    ]
    assert warehouse.columns("api_t") == ["key", "n", "p"]


def test_write_columns_replaces_and_writes_empty_tables(warehouse: Warehouse) -> None:
    warehouse.write_columns("api_t", COLUMNS)
    warehouse.write_columns("api_t", [("key", "VARCHAR", []), ("n", "BIGINT", [])])
    assert warehouse.scalar("SELECT count(*) FROM api_t") == 0
    assert warehouse.columns("api_t") == ["key", "n"]


def test_columns_of_a_missing_table_is_empty(warehouse: Warehouse) -> None:
    assert warehouse.columns("no_such_table", "raw") == []


def test_unequal_columns_are_refused_before_anything_is_written(warehouse: Warehouse) -> None:
    with pytest.raises(ValueError):
        warehouse.write_columns("api_bad", [("a", "VARCHAR", ["x"]), ("b", "BIGINT", [])])
    assert not warehouse.has_table("api_bad")


def test_stream_yields_the_rows_query_returns(warehouse: Warehouse) -> None:
    warehouse.write_columns("api_t", COLUMNS)
    sql = "SELECT key, n FROM api_t ORDER BY n NULLS LAST, key"
    assert list(warehouse.stream(sql)) == warehouse.query(sql)
