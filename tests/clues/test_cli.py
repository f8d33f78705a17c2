"""The `clues`, `audit` and `db` commands, end to end on a real database file or server."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy import text
from tests.store_fixtures import build_world, clue_line
from typer.testing import CliRunner

from qingfeng.cli.clues import register
from qingfeng.db import make_engine, session_scope


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_import_list_and_verify(empty_db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(_app(), ["db", "upgrade", "--db", empty_db_url]).exit_code == 0
    with session_scope(empty_db_url) as session:
        build_world(session)
    clues = _write(tmp_path / "clues.jsonl", [clue_line(), clue_line(subject="141181195001010015")])
    first = runner.invoke(_app(), ["clues", "import", str(clues), "--db", empty_db_url])
    assert first.exit_code == 0, first.output
    assert "2 clues; created 2, updated 0, reopened 0, unchanged 0; evidence added 2" in first.output
    again = runner.invoke(_app(), ["clues", "import", str(clues), "--db", empty_db_url])
    assert "created 0, updated 0, reopened 0, unchanged 2" in again.output
    listed = runner.invoke(_app(), ["clues", "list", "--as", "east_leader", "--db", empty_db_url])
    assert listed.exit_code == 0 and "page 1/1, 2 clues" in listed.output
    assert runner.invoke(_app(), ["clues", "list", "--as", "west_leader", "--db", empty_db_url]).output.count(
        "0 clues"
    )
    verified = runner.invoke(_app(), ["audit", "verify", "--db", empty_db_url])
    assert verified.exit_code == 0 and "intact" in verified.output and "2 entries" in verified.output
    engine = make_engine(empty_db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor_name = 'nobody' WHERE id = 1"))
    engine.dispose()
    tampered = runner.invoke(_app(), ["audit", "verify", "--db", empty_db_url])
    assert tampered.exit_code == 1 and "entry 1 [edited]" in tampered.output


def test_bad_lines_are_reported_with_numbers_and_nothing_is_written(
    empty_db_url: str, tmp_path: Path
) -> None:
    clues = _write(tmp_path / "bad.jsonl", [clue_line(), "{oops", {"model": "m", "subject": "x"}])
    result = CliRunner().invoke(_app(), ["clues", "import", str(clues), "--db", empty_db_url])
    assert result.exit_code == 1
    assert "bad.jsonl:2: not valid JSON" in result.output
    assert "bad.jsonl:3: missing required field(s): amount" in result.output
    engine = make_engine(empty_db_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM clues")).scalar() == 0
    engine.dispose()
    missing = CliRunner().invoke(
        _app(), ["clues", "import", str(tmp_path / "nope.jsonl"), "--db", empty_db_url]
    )
    assert missing.exit_code == 2 and "cannot read" in missing.output
