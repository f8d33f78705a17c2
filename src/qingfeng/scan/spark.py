"""The scan with entity resolution and the models on Spark (`qingfeng scan --engine spark`).

Ingest runs on DuckDB, next to the files (typing, quarantine with file and
line, lineage: one implementation, see docs/scale.md); the typed raw tables are
handed to Spark as Parquet, and Spark does the rest from the same code the
DuckDB scan runs: exact and probabilistic person linkage (Splink's Spark
backend, with the same trained model translated to Spark SQL), the review
queue, relatives, organisations, the model-facing views and every model
(SQL translated by `engine.dialects`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.ingest import ingest_dataset
from qingfeng.models.runner import write_jsonl
from qingfeng.scan.service import Progress, ScanReport, _lap, resolve_and_run_models


def run_scan_on_spark(
    duck: Warehouse,
    dataset: Path,
    *,
    master: str | None = None,
    session: Any = None,
    work_dir: Path | None = None,
    out: Path | None = None,
    links_out: Path | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    on_progress: Progress | None = None,
) -> ScanReport:
    """Ingest on `duck`, then resolve and run the models on Spark.

    Spark runs in local mode unless `master` names a cluster; an existing
    SparkSession can be passed as `session` (it is left running). The hand-over
    Parquet (and the tables and checkpoints of a session started here) go to a new
    folder inside `work_dir`, removed at the end: on a cluster whose executors run
    on other hosts, a folder they all reach at the same path (default: a temporary
    folder on this machine)."""
    from qingfeng.engine.spark_backend import SparkWarehouse, export_raw_to_parquet

    if not isinstance(duck, DuckDBWarehouse):
        raise TypeError("ingest runs on a DuckDB warehouse before the hand-over to Spark")
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    ingest = ingest_dataset(duck, dataset, on_progress=on_progress)
    seconds["ingest"] = _lap(started)
    started = time.perf_counter()
    spark = SparkWarehouse(master, session=session, work_dir=work_dir)
    try:
        handover = spark.work_dir / "handover"
        export_raw_to_parquet(duck, handover)
        spark.reset()
        spark.load_raw_from_parquet(handover)
        seconds["hand-over to spark"] = _lap(started)
        resolution, models = resolve_and_run_models(
            spark, seconds, params=params, on_progress=on_progress, links_out=links_out, engine="spark"
        )
    finally:
        spark.close()
    if out is not None:
        write_jsonl(models.clues, out)
    return ScanReport(dataset=dataset, ingest=ingest, resolution=resolution, models=models, seconds=seconds)
