"""The scan and ingest summaries the contract asks for, printed with Rich in Chinese and English."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from qingfeng.ingest import IngestSummary
from qingfeng.scan.service import ScanReport


def print_ingest_summary(console: Console, summary: IngestSummary) -> None:
    """Per table: rows read, loaded, quarantined (with reasons), duplicates ignored; then failures."""
    table = Table(title=f"数据入库 / Ingest: {summary.dataset}")
    for column in (
        "表 table",
        "读取 read",
        "入库 loaded",
        "隔离 quarantined",
        "重复 duplicates",
        "说明 notes",
    ):
        table.add_column(column, justify="left" if "table" in column or "notes" in column else "right")
    for load in summary.loads:
        reasons = "; ".join(f"{reason} ×{n}" for reason, n in load.quarantined_by_reason[:3])
        note = load.error or load.status.value if load.status.value != "loaded" else reasons
        table.add_row(
            load.table, f"{load.rows_read:,}", f"{load.rows_loaded:,}", f"{load.rows_quarantined:,}",
            f"{load.duplicates_ignored:,}", note,
        )  # fmt: skip
    table.add_row(
        "合计 total", f"{summary.rows_read:,}", f"{summary.rows_loaded:,}", f"{summary.rows_quarantined:,}",
        f"{summary.duplicates_ignored:,}", "", style="bold",
    )  # fmt: skip
    console.print(table)
    if summary.absent:
        console.print(f"缺少的表 / tables absent: {', '.join(summary.absent)}")
    if summary.ignored:
        console.print(f"忽略的文件 / files ignored: {', '.join(summary.ignored)}")
    for failure in summary.failures:
        console.print(f"[red]读取失败 / failed:[/red] {failure.file}: {failure.error}")


def print_scan_summary(console: Console, report: ScanReport, out: Path | None) -> None:
    """Rows read and quarantined, records linked and left unlinked, clues per model, time taken."""
    print_ingest_summary(console, report.ingest)
    r = report.resolution
    console.print(
        f"身份识别 / identities: 精确 exact {r.linked_exact:,}"
        f" · 概率 probabilistic {r.linked_probabilistic:,}"
        f" · 人工 reviewed {r.linked_by_review:,} · 未关联 unlinked {r.unlinked:,}"
        f" · 待复核 queued for review {r.queued_for_review:,}"
    )
    table = Table(title="监督模型线索 / Clues per model")
    table.add_column("模型 model")
    table.add_column("线索 clues", justify="right")
    table.add_column("金额 amount (元)", justify="right")
    table.add_column("说明 notes")
    amounts: dict[str, float] = {}
    for clue in report.models.clues:
        amounts[clue.model] = amounts.get(clue.model, 0.0) + float(clue.amount or 0)
    for run in report.models.runs:
        if run.skipped:
            note = "跳过 skipped: 缺少 missing " + ", ".join(run.missing_tables)
            table.add_row(run.model, "—", "—", note)
        elif getattr(run, "error", None):
            table.add_row(run.model, "—", "—", f"[red]失败 failed: {run.error}[/red]")
        else:
            table.add_row(run.model, f"{run.clues:,}", f"{amounts.get(run.model, 0.0):,.2f}", "")
    table.add_row(
        "合计 total", f"{len(report.models.clues):,}", f"{sum(amounts.values()):,.2f}", "", style="bold"
    )
    console.print(table)
    stages = " · ".join(f"{stage} {seconds:.2f}s" for stage, seconds in report.seconds.items())
    console.print(f"用时 / time: {report.total_seconds:.2f} s ({stages})")
    if out is not None:
        console.print(f"线索已写入 / clues written to: {out}")
