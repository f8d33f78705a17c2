"""Scoring a scan against the truth, and the thin CLI over generation and scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qingfeng.cli import synth as synth_cli
from qingfeng.synth import evaluate_clues, evaluate_links
from qingfeng.synth.evaluate import TruthError, evaluate_paths

TRUTH = [
    {"model": "pension_after_death", "subject": "141181194803120018", "amount": 1860.00},
    {"model": "pension_after_death", "subject": "14118119480312002X", "amount": 366.00},
    {"model": "wage_arrears", "subject": "XM14118100001", "amount": None},
]


def test_clue_scores_exact_values() -> None:
    found = [
        {"model": "pension_after_death", "subject": "141181194803120018", "amount": 1860.0},
        {
            "model": "pension_after_death",
            "subject": "14118119480312002x",
            "amount": 366.01,
        },  # subject case-folded
        {"model": "wage_arrears", "subject": "XM14118100009", "amount": None},
        {"model": "bid_collusion", "subject": "ZB1", "amount": 5.0},
    ]
    result = evaluate_clues(TRUTH, found)
    scores = {m.model: m for m in result.models}
    pension = scores["pension_after_death"]
    assert (pension.expected, pension.found, pension.true_positives, pension.amounts_right) == (2, 2, 2, 1)
    assert pension.precision == 1.0 and pension.recall == 1.0 and pension.amount_accuracy == 0.5
    wage = scores["wage_arrears"]
    assert (wage.expected, wage.found, wage.true_positives, wage.precision, wage.recall) == (
        1,
        1,
        0,
        0.0,
        0.0,
    )
    assert wage.amount_accuracy is None
    assert scores["bid_collusion"].recall is None and scores["bid_collusion"].precision == 0.0
    assert result.missed == [("wage_arrears", "XM14118100001")]
    assert result.spurious == [("bid_collusion", "ZB1"), ("wage_arrears", "XM14118100009")]
    assert result.wrong_amounts == [("pension_after_death", "14118119480312002X")]
    assert (result.total.expected, result.total.found, result.total.true_positives) == (3, 4, 2)


def test_link_scores_count_unlinked_distractors() -> None:
    truth = [
        {"table": "deaths", "key": "SW1", "person_id": "A"},
        {"table": "deaths", "key": "SW2", "person_id": "B"},
        {"table": "enrollments", "key": "line:7", "person_id": "C"},
        {"table": "deaths", "key": "SW9", "person_id": None},
        {"table": "deaths", "key": "SW8", "person_id": None},
    ]
    scan = [
        {"table": "deaths", "key": "SW1", "person_id": "a", "method": "probabilistic"},
        {"table": "deaths", "key": "SW2", "person_id": "X", "method": "probabilistic"},
        {"table": "enrollments", "key": "line:7", "person_id": None, "method": "unlinked"},
        {"table": "deaths", "key": "SW9", "person_id": "A", "method": "probabilistic"},  # guessed: wrong
    ]
    result = evaluate_links(truth, scan)
    assert (result.noisy_records, result.linked, result.linked_right) == (5, 3, 1)
    assert (result.should_link, result.must_stay_unlinked, result.unlinked_right) == (3, 2, 1)
    assert result.precision == pytest.approx(1 / 3) and result.recall == pytest.approx(1 / 3)
    assert result.accuracy == pytest.approx(2 / 5)


def test_unreadable_input_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TruthError, match="no ground truth"):
        evaluate_paths(tmp_path, tmp_path / "clues.jsonl")
    (tmp_path / "clues.jsonl").write_text('{"model": "x", "subject": "y", "amount": null}\nnot json\n')
    with pytest.raises(TruthError, match=r"clues.jsonl:2: not JSON"):
        evaluate_paths(tmp_path, tmp_path / "clues.jsonl")


def _app() -> typer.Typer:
    app = typer.Typer()
    synth_cli.register(app)
    return app


def test_cli_generates_and_scores_a_perfect_scan(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "county"
    made = runner.invoke(_app(), ["synth", str(out), "--persons", "2000", "--seed", "3", "--noise", "0.1"])
    assert made.exit_code == 0, made.output
    assert "planted clues" in made.output
    perfect_links = tmp_path / "links.jsonl"
    truth_links = (out / "_truth" / "links.jsonl").read_text(encoding="utf-8").splitlines()
    perfect_links.write_text(
        "\n".join(json.dumps({**json.loads(x), "method": "oracle"}) for x in truth_links)
    )
    scored = runner.invoke(
        _app(), ["evaluate", str(out), str(out / "_truth" / "clues.jsonl"), "--links", str(perfect_links)]
    )
    assert scored.exit_code == 0, scored.output
    assert "(all)" in scored.output and "100.0%" in scored.output
    assert "—" not in scored.output.split("(all)")[1].splitlines()[0]


def test_cli_exits_non_zero_on_unreadable_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["evaluate", str(tmp_path), str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "no ground truth" in result.output
    result = CliRunner().invoke(_app(), ["synth", str(tmp_path / "x"), "--persons", "5"])
    assert result.exit_code == 2
