"""`qingfeng scan --engine spark`: the whole scan with the models on Spark writes the same clues file.

This file sorts after test_model_parity.py and test_parity.py on purpose: the scan
resets the shared session's tables, which the `county_on_both` fixture filled for them.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pytest

from qingfeng.contract import TABLES
from qingfeng.engine import DuckDBWarehouse
from qingfeng.engine.spark_backend import SparkWarehouse
from qingfeng.scan.service import run_scan
from qingfeng.scan.spark import run_scan_on_spark
from tests.engine.county import small_county

pytestmark = pytest.mark.spark


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """The small county as contract CSV files, written the way a department would hand them over."""
    folder = tmp_path / "county"
    folder.mkdir()
    for table, rows in small_county().items():
        columns = [c.name for c in next(t for t in TABLES if t.name == table).columns]
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return folder


def _spark_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("qingfeng-spark-*")}


def test_scan_on_spark_writes_the_same_clues_as_on_duckdb(
    dataset: Path, tmp_path: Path, spark_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_duckdb, on_spark = tmp_path / "duckdb.jsonl", tmp_path / "spark.jsonl"
    duck = DuckDBWarehouse()
    report = run_scan(duck, dataset, out=on_duckdb)
    duck.close()
    handed_over = _watch_hand_over(monkeypatch)
    before = _spark_folders()
    duck = DuckDBWarehouse()
    spark_report = run_scan_on_spark(duck, dataset, session=spark_session, out=on_spark)
    duck.close()
    assert len(report.models.clues) > 14  # every model finds something in this county
    assert {r.model for r in spark_report.models.runs if r.clues} == {r.model for r in report.models.runs}
    assert on_spark.read_text(encoding="utf-8") == on_duckdb.read_text(encoding="utf-8")
    # The hand-over went to a temporary folder of the scan's own, removed at the end.
    (folder, files), *_ = handed_over
    assert folder.parent.name.startswith("qingfeng-spark-") and folder.name == "handover"
    assert "persons.parquet" in files and "pension_payments.parquet" in files
    assert not folder.parent.exists()
    assert _spark_folders() == before


def _watch_hand_over(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, list[str]]]:
    """Record the folder each Spark warehouse loads `raw` from, and the files it holds then."""
    seen: list[tuple[Path, list[str]]] = []
    load = SparkWarehouse.load_raw_from_parquet

    def watched(self: SparkWarehouse, directory: Path | str) -> list[str]:
        seen.append((Path(directory), sorted(p.name for p in Path(directory).iterdir())))
        return load(self, directory)

    monkeypatch.setattr(SparkWarehouse, "load_raw_from_parquet", watched)
    return seen


def test_the_hand_over_goes_to_the_shared_folder_given_and_is_removed_even_when_the_scan_fails(
    dataset: Path, tmp_path: Path, spark_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--spark-work-dir`: on a cluster, the Parquet must be where every executor reads it."""
    shared = tmp_path / "nfs" / "qingfeng"  # absent: created
    handed_over = _watch_hand_over(monkeypatch)

    def lost(wh: Any, seconds: dict[str, float], **_: Any) -> None:
        raise RuntimeError("executor lost")

    monkeypatch.setattr("qingfeng.scan.spark.resolve_and_run_models", lost)
    duck = DuckDBWarehouse()
    with pytest.raises(RuntimeError, match="executor lost"):
        run_scan_on_spark(duck, dataset, session=spark_session, work_dir=shared, out=tmp_path / "c.jsonl")
    duck.close()
    (folder, files), *_ = handed_over
    assert folder.parent.parent == shared and folder.parent.name.startswith("qingfeng-spark-")
    assert folder.name == "handover"
    assert len(files) == len(small_county()) and all(f.endswith(".parquet") for f in files)
    assert shared.is_dir() and list(shared.iterdir()) == []
    assert not (tmp_path / "c.jsonl").exists()
