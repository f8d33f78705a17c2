"""`qingfeng synth` and `qingfeng evaluate`: thin commands over `qingfeng.synth`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from qingfeng.synth.evaluate import ClueEvaluation, LinkEvaluation, ModelScore, TruthError, evaluate_paths
from qingfeng.synth.generate import DEFAULT_MALFORMED, SynthConfig, generate


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _clue_table(result: ClueEvaluation) -> Table:
    table = Table(title="Clues / 线索")
    for header in ("model / 模型", "expected", "found", "TP", "precision", "recall", "amount acc."):
        table.add_column(header, justify="left" if header.startswith("model") else "right")
    rows: list[ModelScore] = [*result.models, result.total]
    for score in rows:
        table.add_row(
            score.model,
            str(score.expected),
            str(score.found),
            str(score.true_positives),
            _pct(score.precision),
            _pct(score.recall),
            _pct(score.amount_accuracy),
        )
    return table


def _link_table(result: LinkEvaluation) -> Table:
    table = Table(title="Entity linkage of noisy records / 弱身份记录关联")
    for header in (
        "noisy",
        "linked",
        "linked right",
        "must stay unlinked",
        "left unlinked",
        "precision",
        "recall",
    ):
        table.add_column(header, justify="right")
    table.add_row(
        str(result.noisy_records),
        str(result.linked),
        str(result.linked_right),
        str(result.must_stay_unlinked),
        str(result.unlinked_right),
        _pct(result.precision),
        _pct(result.recall),
    )
    return table


def synth_command(
    out_dir: Path = typer.Argument(..., help="Folder to write the dataset to / 输出目录"),
    persons: int = typer.Option(20_000, "--persons", help="Registered persons / 户籍人口"),
    seed: int = typer.Option(1, "--seed", help="Random seed: same seed, same bytes / 随机种子"),
    noise: float = typer.Option(
        0.0, "--noise", help="Share of person records with a weak ID / 弱身份记录比例"
    ),
    malformed: int = typer.Option(
        DEFAULT_MALFORMED, "--malformed", help="Malformed rows per table / 每表畸形行数"
    ),
) -> None:
    """Write a synthetic county with planted problems and its ground truth / 生成模拟县数据及标准答案."""
    console = Console()
    try:
        config = SynthConfig(persons=persons, seed=seed, noise=noise, malformed=malformed)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    with console.status("generating / 生成中 ..."):
        summary = generate(out_dir, config)
    rows = summary["rows"]
    clues = summary["clues"]
    assert isinstance(rows, dict) and isinstance(clues, dict)
    console.print(
        f"{out_dir}: {persons} persons, {sum(rows.values())} rows in {len(rows)} tables, "
        f"{sum(clues.values())} planted clues, {summary['seconds']} s"
    )


def evaluate_command(
    truth: Path = typer.Argument(..., help="Dataset folder or its _truth folder / 数据集或标准答案目录"),
    clues: Path = typer.Argument(..., help="The scan's clues.jsonl / 扫描输出的线索"),
    links: Path | None = typer.Option(None, "--links", help="The scan's links.jsonl / 扫描输出的关联"),
) -> None:
    """Score a scan against the truth: per model precision, recall, amounts; linkage / 评估扫描结果."""
    console = Console()
    try:
        clue_eval, link_eval = evaluate_paths(truth, clues, links)
    except TruthError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(_clue_table(clue_eval))
    if link_eval is not None:
        console.print(_link_table(link_eval))


def register(app: typer.Typer) -> None:
    """Add `synth` and `evaluate` to the `qingfeng` command."""
    app.command("synth")(synth_command)
    app.command("evaluate")(evaluate_command)
