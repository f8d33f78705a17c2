"""`qingfeng scan --engine spark`: the whole scan with the models on Spark writes the same clues file.

This file sorts after test_model_parity.py and test_parity.py on purpose: the scan
resets the shared session's tables, which the `county_on_both` fixture filled for them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from qingfeng.contract import TABLES
from qingfeng.engine import DuckDBWarehouse
from qingfeng.scan.service import run_scan
from qingfeng.scan.spark import run_scan_on_spark
from tests.engine.county import small_county

pytestmark = pytest.mark.spark


def _write_dataset(folder: Path) -> None:
    """The small county as contract CSV files, written the way a department would hand them over."""
    for table, rows in small_county().items():
        columns = [c.name for c in next(t for t in TABLES if t.name == table).columns]
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})


def test_scan_on_spark_writes_the_same_clues_as_on_duckdb(tmp_path: Path, spark_session: Any) -> None:
    dataset = tmp_path / "county"
    dataset.mkdir()
    _write_dataset(dataset)
    on_duckdb, on_spark = tmp_path / "duckdb.jsonl", tmp_path / "spark.jsonl"
    duck = DuckDBWarehouse()
    report = run_scan(duck, dataset, out=on_duckdb)
    duck.close()
    duck = DuckDBWarehouse()
    spark_report = run_scan_on_spark(duck, dataset, session=spark_session, out=on_spark)
    duck.close()
    assert len(report.models.clues) > 14  # every model finds something in this county
    assert {r.model for r in spark_report.models.runs if r.clues} == {r.model for r in report.models.runs}
    assert on_spark.read_text(encoding="utf-8") == on_duckdb.read_text(encoding="utf-8")
