"""`qingfeng bench scan`: how scan cost grows with the county's size. / 扫描性能基准"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

bench_app = typer.Typer(help="Benchmarks / 性能基准", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")


def parse_sizes(text: str) -> list[int]:
    """'20000,200000' -> [20000, 200000]; refuses anything that is not a positive whole number."""
    sizes: list[int] = []
    for part in text.split(","):
        cleaned = part.strip().replace("_", "")
        if not cleaned.isdigit() or int(cleaned) <= 0:
            raise typer.BadParameter(f"not a positive number of persons: {part.strip()!r}")
        sizes.append(int(cleaned))
    return sorted(set(sizes))


@bench_app.command("scan")
def scan(
    persons: Annotated[
        str, typer.Option("--persons", help="County sizes, comma-separated / 人口规模")
    ] = "20000",
    seed: Annotated[int, typer.Option("--seed", help="Synthetic county seed / 随机种子")] = 1,
    noise: Annotated[
        float,
        typer.Option("--noise", help="Share of weak-ID person records, so that Splink runs / 弱身份记录比例"),
    ] = 0.12,
    memory_limit: Annotated[
        str | None, typer.Option("--memory-limit", help="DuckDB memory limit for the scan, e.g. 1GB")
    ] = None,
    data: Annotated[Path, typer.Option("--data", help="Cache of generated counties / 数据缓存")] = Path(
        "bench-data"
    ),
    docs: Annotated[Path, typer.Option("--docs", help="Where benchmarks.md and img/ are")] = Path("docs"),
    repeat: Annotated[
        int,
        typer.Option(
            "--repeat", min=1, help="Interleaved rounds per size; medians are reported / 重复轮数（取中位数）"
        ),
    ] = 1,
) -> None:
    """Time floor, plain SQL and the full scan per size; write docs/benchmarks.md and a chart."""
    from qingfeng.bench.report import chart, markdown, write_section
    from qingfeng.bench.scan import BenchError, Measurement, measure_size

    sizes = parse_sizes(persons)
    data.mkdir(parents=True, exist_ok=True)
    results: list[Measurement] = []
    try:
        for size in sizes:
            results += measure_size(
                size,
                seed,
                data,
                lambda text: console.print(f"[dim]… {text}[/dim]"),
                noise=noise,
                scan_options=["--memory-limit", memory_limit] if memory_limit else [],
                repeat=repeat,
            )
    except BenchError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    for m in results:
        console.print(
            f"{m.persons:>9,} {m.series:<6} {m.seconds:8.2f} s  {m.cpu_seconds:7.1f} cpu-s  "
            f"{m.peak_rss_mb:6.0f} MB  "
            f"{m.rows_per_second:10,.0f} rows/s  {m.output[:60]}"
        )
    note = f"Synthetic counties `qingfeng synth --seed {seed} --noise {noise:g}`" + (
        f"; the scan with `--memory-limit {memory_limit}`." if memory_limit else "."
    )
    write_section(docs / "benchmarks.md", markdown(results, note=note))
    chart(results, docs / "img" / "scan-benchmark.png")
    console.print(f"written: {docs / 'benchmarks.md'}, {docs / 'img' / 'scan-benchmark.png'}")
