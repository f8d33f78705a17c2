"""`qingfeng review` on a warehouse file: the judgement typed is stored and applied."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import typer
from typer.testing import CliRunner

from qingfeng.cli.review import register
from qingfeng.engine import DuckDBWarehouse
from qingfeng.resolve.judgements import Judgement, JudgementStore
from qingfeng.resolve.pipeline import export_links, resolve
from qingfeng.resolve.training import make_id, population
from qingfeng.settings import Settings

TWIN_A = make_id("141181", date(1990, 1, 1), 11)
TWIN_B = make_id("141182", date(1990, 1, 1), 53)


def app() -> typer.Typer:
    application = typer.Typer()
    register(application)
    return application


def test_review_stores_the_judgement_and_relinks(
    build_warehouse: Callable[..., DuckDBWarehouse], tmp_path: Path
) -> None:
    persons = [{**vars(p)} for p in population(500, seed=5)] + [
        {"id_number": TWIN_A, "name": "李强", "gender": "M", "birth_date": date(1990, 1, 1)},
        {"id_number": TWIN_B, "name": "李强", "gender": "M", "birth_date": date(1990, 1, 1)},
    ]
    deaths = [{"record_id": "D4", "name": "李强", "gender": "M", "birth_date": "1990-01-01"}]
    path, store = tmp_path / "wh.duckdb", tmp_path / "j.sqlite"
    wh = build_warehouse(persons=persons, deaths=deaths)
    wh.con.execute(f"ATTACH '{path}' AS disk")
    wh.con.execute("CREATE SCHEMA disk.raw")
    for t in ("persons", "deaths"):
        wh.con.execute(f"CREATE TABLE disk.raw.{t} AS SELECT * FROM raw.{t}")
    wh.close()
    disk = DuckDBWarehouse(path)
    resolve(disk, settings=Settings(), judgements_path=store)
    disk.close()

    first = min(TWIN_A, TWIN_B)
    answers = "n\nm\n" if first == TWIN_A else "m\nn\n"
    result = CliRunner().invoke(
        app(),
        ["review", "--warehouse", str(path), "--judgements", str(store), "--reviewer", "r1"],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "李强" in result.output
    assert set(JudgementStore(store).effective().values()) == {Judgement.MATCH, Judgement.NO_MATCH}
    disk = DuckDBWarehouse(path)
    (link,) = export_links(disk)
    assert (link["person_id"], link["method"]) == (TWIN_B, "review")
    disk.close()


def test_review_without_warehouse_fails_with_a_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app(), ["review", "--warehouse", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no warehouse" in result.output
