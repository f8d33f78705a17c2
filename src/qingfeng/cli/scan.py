"""`qingfeng scan`, `qingfeng ingest` and `qingfeng models`: thin wrappers over the scan service."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from qingfeng.settings import get_settings

# Piped output (CI logs, files) gets a width that fits the summary tables instead of Rich's 80.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 132)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
    app.command("ingest")(ingest)
    app.command("models")(models)


def scan(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written to the data contract / 数据集目录")],
    out: Annotated[
        Path, typer.Option("--out", help="Clues file, one JSON object a line / 线索输出文件")
    ] = Path("clues.jsonl"),
    links: Annotated[
        Path | None, typer.Option("--links", help="Also write every person link (for `qingfeng evaluate`)")
    ] = None,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", help="DuckDB warehouse file to keep (default: in memory)")
    ] = None,
    params: Annotated[
        str | None, typer.Option("--params", help='Model parameters as JSON: {"contract_splitting": {...}}')
    ] = None,
    memory_limit: Annotated[
        str | None, typer.Option("--memory-limit", help="DuckDB memory limit, e.g. 1GB")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Where the models run: duckdb or spark")] = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="spark://host:port (default: local mode)")
    ] = None,
    spark_work_dir: Annotated[
        Path | None,
        typer.Option(
            "--spark-work-dir",
            help="Folder every Spark executor reaches at the same path, for the hand-over Parquet, "
            "tables and checkpoints (default: QINGFENG_SPARK_WORK_DIR, else a temporary folder)",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Also import the clues into this clue store (as `qingfeng clues import`)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress display")] = False,
) -> None:
    """Ingest a dataset, resolve identities, run every model, write the clues. / 批量监督扫描"""
    from qingfeng.ingest import DatasetError
    from qingfeng.scan.service import open_warehouse, run_scan

    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("--engine is duckdb or spark")
    settings = get_settings()
    if memory_limit:
        settings.duckdb_memory_limit = memory_limit
    overrides = _parse_params(params)
    wh = open_warehouse(settings, warehouse)
    try:
        with _progress(quiet) as progress:
            if engine == "spark":
                from qingfeng.scan.spark import run_scan_on_spark

                report = run_scan_on_spark(
                    wh, dataset, master=spark_master, work_dir=spark_work_dir or settings.spark_work_dir,
                    out=out, links_out=links, params=overrides, on_progress=progress,
                )  # fmt: skip
            else:
                report = run_scan(
                    wh, dataset, out=out, links_out=links, params=overrides, on_progress=progress
                )
    except DatasetError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        wh.close()
    from qingfeng.cli.summary import print_scan_summary

    print_scan_summary(console, report, out)
    if db is not None:
        from qingfeng.cli.clues import clues_import

        clues_import(out, db=db, scan_label=None, actor="system:scan")


def ingest(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder / 数据集目录")],
    warehouse: Annotated[Path, typer.Option("--warehouse", help="DuckDB warehouse file")] = Path(
        "qingfeng.duckdb"
    ),
) -> None:
    """Load a dataset into a warehouse file, keeping every row (bad rows in quarantine). / 数据入库"""
    from qingfeng.cli.summary import print_ingest_summary
    from qingfeng.ingest import DatasetError, ingest_dataset
    from qingfeng.scan.service import open_warehouse

    wh = open_warehouse(get_settings(), warehouse)
    try:
        summary = ingest_dataset(wh, dataset)
    except DatasetError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        wh.close()
    print_ingest_summary(console, summary)


def models(
    lang: Annotated[str, typer.Option("--lang", help="zh or en")] = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """List the built-in supervision models. / 列出内置监督模型"""
    from qingfeng.models.registry import all_models

    if as_json:
        rows = [
            {
                "id": m.id,
                "version": m.version,
                "title": m.title.zh,
                "title_en": m.title.en,
                "sector": m.sector.value,
                "tables": list(m.tables),
                "params": {p.name: p.default for p in m.params},
            }
            for m in all_models()
        ]
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title="监督模型 / Supervision models")
    for column in ("id", "version", "title", "sector", "tables", "params"):
        table.add_column(column)
    for m in all_models():
        params_text = ", ".join(f"{p.name}={p.default}" for p in m.params)
        table.add_row(m.id, m.version, m.title.get(lang), m.sector.value, ", ".join(m.tables), params_text)
    console.print(table)


def _parse_params(text: str | None) -> dict[str, dict[str, object]] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--params is not JSON: {exc}") from None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise typer.BadParameter('--params must look like {"model_id": {"param": value}}')
    return value


class _progress:
    """A Rich progress display fed by the scan's (stage, done, total) callbacks."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.display = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _progress:
        if not self.quiet:
            self.display.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.quiet:
            self.display.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.display.add_task(stage, total=total)
        self.display.update(self.tasks[stage], completed=done, total=total)
