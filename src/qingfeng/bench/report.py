"""The benchmark's results as a Markdown section of docs/benchmarks.md and a PNG chart."""

from __future__ import annotations

import itertools
import os
import platform
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from qingfeng.bench.scan import SERIES, Measurement

HEADING = "## Scan"
LABELS = {"floor": "floor (DuckDB reads the CSVs)", "plain": "plain SQL (14 models)", "scan": "qingfeng scan"}


def machine() -> str:
    """Cores, RAM, CPU model, Python and DuckDB versions, for the record."""
    import duckdb

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(encoding="utf-8", errors="replace"))
        cpu = found.group(1).strip() if found else cpu
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} cores, {ram_gb:.0f} GB RAM, {cpu}; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def markdown(results: Sequence[Measurement], *, when: datetime | None = None, note: str = "") -> str:
    """The "Scan" section: method, machine, table, ratios."""
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"Measured {stamp} by `qingfeng bench scan` on {machine()}.",
        "Each figure is one process from start to exit; CPU-seconds (user + system, all its threads)",
        "and peak RSS are that process's own (os.wait4); cores busy = CPU-seconds / seconds.",
        "floor: DuckDB reads the CSVs into tables, nothing else. plain: benchmarks/plain_models.sql,",
        "the 14 models as a plain DuckDB script with exact-ID joins (no quarantine, no entity",
        "resolution, no evidence). scan: `qingfeng scan DIR --out clues.jsonl`.",
    ]
    if note:
        lines += ["", note]
    rounds = max((m.runs for m in results), default=1)
    if rounds > 1:
        lines += [
            "",
            f"Each series ran {rounds} times, in interleaved rounds (floor, plain, scan, floor...): seconds",
            "and CPU-seconds are medians, the range is that of the wall seconds, peak RSS the largest.",
        ]
    spread = ("range (s) | ", "---:|") if rounds > 1 else ("", "")
    lines += [
        "",
        f"| persons | rows | series | seconds | {spread[0]}CPU-seconds | cores busy | peak RSS (MB) | rows/s "
        "| result |",
        f"|---:|---:|---|---:|{spread[1]}---:|---:|---:|---:|---|",
    ]
    for m in results:
        ranged = f"{m.fastest:.2f}–{m.slowest:.2f} | " if rounds > 1 else ""
        lines.append(
            f"| {m.persons:,} | {m.rows:,} | {m.series} | {m.seconds:.2f} | {ranged}{m.cpu_seconds:.1f} | "
            f"{m.cores_busy:.1f} | {m.peak_rss_mb:.0f} | {m.rows_per_second:,.0f} | {_short(m.output)} |"
        )
    lines += ["", *ratio_lines(results), "", "![scan time against county size](img/scan-benchmark.png)", ""]
    return "\n".join(lines)


def _short(output: str) -> str:
    text = output.replace("|", "/").strip()
    return text if len(text) <= 60 else f"{text[:57]}..."


def ratio_lines(results: Sequence[Measurement]) -> list[str]:
    """scan/floor and scan/plain per size (in wall seconds, then in CPU-seconds), and how each
    series grows from one size to the next."""
    by = {(m.series, m.persons): m.seconds for m in results}
    cpu = {(m.series, m.persons): m.cpu_seconds for m in results}
    sizes = sorted({m.persons for m in results})
    lines = ["Ratios:", ""]
    for size in sizes:
        parts, work = [], []
        for base in ("floor", "plain"):
            if ("scan", size) in by and by.get((base, size)):
                parts.append(f"scan/{base} = {by[('scan', size)] / by[(base, size)]:.1f}")
            if cpu.get(("scan", size)) and cpu.get((base, size)):
                work.append(f"{cpu[('scan', size)] / cpu[(base, size)]:.1f}")
        in_cpu = f"; in CPU-seconds {' and '.join(work)}" if len(work) == 2 else ""
        lines.append(f"- {size:,} persons: {', '.join(parts) or 'n/a'}{in_cpu}")
    for small, large in itertools.pairwise(sizes):
        growth = [
            f"{s} ×{by[(s, large)] / by[(s, small)]:.1f}"
            for s in SERIES
            if by.get((s, small)) and (s, large) in by
        ]
        lines.append(f"- {large:,} / {small:,} persons ({large / small:.0f}× the data): {', '.join(growth)}")
    return lines


def write_section(doc: Path, section: str) -> None:
    """Replace the "## Scan" section of `doc` (or append it); other sections are kept as they are."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def chart(results: Sequence[Measurement], path: Path) -> None:
    """Seconds against persons (log-log), one line per series."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=110)
    for series in SERIES:
        points = sorted((m.persons, m.seconds) for m in results if m.series == series)
        if points:
            axes.plot(*zip(*points, strict=True), marker="o", label=LABELS[series])
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("persons in the county")
    axes.set_ylabel("seconds (process start to exit)")
    axes.set_title("Qingfeng scan: time against county size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
