"""`qingfeng scan --db`: the scan's clues land in the clue store, and a re-scan adds no duplicate."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from qingfeng.cli.main import app
from qingfeng.clues.models import Clue
from qingfeng.db import session_scope
from qingfeng.synth import SynthConfig, generate


def test_scan_imports_into_the_store_and_a_rescan_changes_nothing(tmp_path: Path) -> None:
    county = tmp_path / "county"
    generate(county, SynthConfig(persons=2000, seed=3))
    url = f"sqlite:///{tmp_path / 'store.db'}"
    out = tmp_path / "clues.jsonl"
    runner = CliRunner()
    first = runner.invoke(app, ["scan", str(county), "--out", str(out), "--db", url, "--quiet"])
    assert first.exit_code == 0, first.output
    assert "56 clues; created 56, updated 0, reopened 0, unchanged 0" in first.output
    second = runner.invoke(app, ["scan", str(county), "--out", str(out), "--db", url, "--quiet"])
    assert second.exit_code == 0, second.output
    assert "56 clues; created 0, updated 0, reopened 0, unchanged 56; evidence added 0" in second.output
    with session_scope(url) as session:
        assert session.scalar(select(func.count()).select_from(Clue)) == 56
