"""The scan with the models on Spark (`qingfeng scan --engine spark`).

Ingest and entity resolution run on DuckDB, next to the files; the typed raw
tables and the person links are handed to Spark as Parquet, and Spark builds
the relatives graph, publishes the model-facing views and runs every model
from the same SQL text the DuckDB scan runs (translated by `engine.dialects`).
Resolution on Spark itself (Splink's Spark backend) is not wired yet: see
docs/scale.md.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.ingest import ingest_dataset
from qingfeng.models.runner import run_models, write_jsonl
from qingfeng.resolve.pipeline import resolve
from qingfeng.resolve.publish import publish_views
from qingfeng.resolve.relatives import build_relatives
from qingfeng.scan.service import Progress, ScanReport, _lap, _model_progress, _write_links

HANDED_OVER = ("person_links",)
"""Tables of the DuckDB main schema that Spark receives beside the raw tables."""


def run_scan_on_spark(
    duck: Warehouse,
    dataset: Path,
    *,
    master: str | None = None,
    session: Any = None,
    out: Path | None = None,
    links_out: Path | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    on_progress: Progress | None = None,
) -> ScanReport:
    """Ingest and resolve on `duck`, then run the models on Spark.

    Spark runs in local mode unless `master` names a cluster; an existing
    SparkSession can be passed as `session` (it is left running)."""
    from qingfeng.engine.spark_backend import SparkWarehouse, export_raw_to_parquet

    if not isinstance(duck, DuckDBWarehouse):
        raise TypeError("ingest and resolution run on a DuckDB warehouse before the hand-over to Spark")
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    ingest = ingest_dataset(duck, dataset, on_progress=on_progress)
    seconds["ingest"] = _lap(started)
    started = time.perf_counter()
    resolution = resolve(duck)
    seconds["resolve"] = _lap(started)
    with tempfile.TemporaryDirectory(prefix="qingfeng-spark-") as handover:
        started = time.perf_counter()
        export_raw_to_parquet(duck, handover)
        main_dir = Path(handover) / "main"
        main_dir.mkdir()
        for table in HANDED_OVER:
            duck.execute(f"COPY {table} TO '{main_dir / table}.parquet' (FORMAT parquet)")
        spark = SparkWarehouse(master, session=session)
        try:
            spark.reset()
            spark.load_raw_from_parquet(handover)
            for table in HANDED_OVER:
                location = str((main_dir / f"{table}.parquet").resolve())
                spark.spark.read.parquet(location).write.mode("overwrite").saveAsTable(f"default.{table}")
            build_relatives(spark)
            publish_views(spark)
            seconds["hand-over to spark"] = _lap(started)
            started = time.perf_counter()
            models = run_models(spark, params=params, on_progress=_model_progress(on_progress))
            seconds["models (spark)"] = _lap(started)
        finally:
            spark.close()
    if out is not None:
        write_jsonl(models.clues, out)
    if links_out is not None:
        _write_links(duck, links_out)
    return ScanReport(dataset=dataset, ingest=ingest, resolution=resolution, models=models, seconds=seconds)
