"""`qingfeng review` and `qingfeng resolve train`: thin wrappers over qingfeng.resolve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console(highlight=False)

resolve_app = typer.Typer(help="Entity resolution / 身份识别", no_args_is_help=True)

_KEYS = {"m": "match", "n": "no_match", "u": "unsure"}


def register(app: typer.Typer) -> None:
    app.command("review")(review)
    resolve_app.command("train")(train)
    app.add_typer(resolve_app, name="resolve")


def review(
    warehouse: Annotated[
        Path, typer.Option("--warehouse", help="DuckDB warehouse file of a scan / 仓库文件")
    ],
    judgements: Annotated[
        Path | None, typer.Option("--judgements", help="Judgements SQLite file / 人工判定文件")
    ] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="Your name, kept with each judgement")] = "",
    apply: Annotated[
        bool, typer.Option("--apply/--no-apply", help="Re-resolve the warehouse afterwards")
    ] = True,
    include_unsure: Annotated[
        bool, typer.Option("--include-unsure", help="Show pairs judged unsure again")
    ] = False,
) -> None:
    """Judge uncertain record-person pairs: m match, n no match, u unsure, s skip, q quit. / 人工复核"""
    from qingfeng.engine import DuckDBWarehouse
    from qingfeng.resolve.judgements import DEFAULT_JUDGEMENTS_PATH, Judgement, JudgementStore
    from qingfeng.resolve.pipeline import resolve
    from qingfeng.resolve.review import judge, pending_reviews

    if not warehouse.exists():
        console.print(
            f"[red]error:[/red] no warehouse at {warehouse} (run `qingfeng scan --warehouse` first)"
        )
        raise typer.Exit(2)
    store = JudgementStore(judgements or DEFAULT_JUDGEMENTS_PATH)
    wh = DuckDBWarehouse(warehouse)
    try:
        cases = pending_reviews(wh, include_unsure=include_unsure)
        console.print(f"{len(cases)} record(s) to review / 待复核记录 {len(cases)} 条")
        judged = 0
        for number, case in enumerate(cases, start=1):
            console.print(case_table(case, number, len(cases)))
            for candidate in case.candidates:
                answer = _ask(candidate.person.get("id_number", ""))
                if answer == "q":
                    break
                if answer in _KEYS:
                    judge(
                        store,
                        case,
                        candidate.person["id_number"],
                        Judgement(_KEYS[answer]),
                        reviewer=reviewer,
                    )
                    judged += 1
            else:
                continue
            break
        if judged and apply:
            summary = resolve(wh, judgements_path=store.path)
            console.print(f"re-resolved / 已重新识别: {summary}")
    finally:
        wh.close()


def _ask(person_id: str) -> str:
    prompt = f"  {person_id}: [m]atch 是 / [n]o 否 / [u]nsure 不确定 / [s]kip 跳过 / [q]uit 退出"
    while True:
        answer = typer.prompt(prompt, default="s").strip().lower()[:1]
        if answer in {"m", "n", "u", "s", "q"}:
            return answer


def case_table(case: object, number: int, total: int) -> Table:
    """A Rich table: the record beside each candidate, with the comparison levels and weights."""
    from qingfeng.resolve.review import ReviewCase

    assert isinstance(case, ReviewCase)
    table = Table(title=f"{number}/{total}  {', '.join(case.records[:5])}  ({case.reason})")
    table.add_column("field / 字段")
    table.add_column("record / 记录")
    for c in case.candidates:
        table.add_column(f"{c.person.get('id_number')}\np={c.probability:.4f} w={c.weight:+.1f}")
    for field in ("id_number", "name", "gender", "birth_date", "region_code", "village"):
        values = [str(c.person.get(field) or "") for c in case.candidates]
        table.add_row(field, str(case.record.get(field) or ""), *values)
    comparisons = sorted({k for c in case.candidates for k in c.levels})
    for comparison in comparisons:
        table.add_row(
            f"[dim]{comparison}[/dim]", "", *[c.levels.get(comparison, "") for c in case.candidates]
        )
    return table


def train(
    persons: Annotated[int, typer.Option("--persons", help="Synthetic register size")] = 20_000,
    records: Annotated[int, typer.Option("--records", help="Synthetic weak records")] = 4_000,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write the model (default: the package)")
    ] = None,
) -> None:
    """Retrain the person linkage model on a synthetic county and save it. / 重新训练身份匹配模型"""
    import time

    from qingfeng.resolve.model import MODEL_PATH
    from qingfeng.resolve.model import train as train_model

    started = time.perf_counter()
    target = out or MODEL_PATH
    train_model(persons=persons, records=records, seed=seed, out=target)
    console.print(f"model written to {target} in {time.perf_counter() - started:.1f} s / 模型已保存")
