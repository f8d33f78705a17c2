"""The runner: skipping, parameters, scores, person subjects and the JSON lines of the batch interface."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from qingfeng.models.runner import ModelRun, run_models, write_jsonl
from tests.fixtures.warehouse import build_warehouse
from tests.models.helpers import person, pid


def _dead_pensioner_rows() -> dict:
    return {
        "persons": [
            person(1, "王建国", "H1", region_code="110101", village="东村"),
            person(3, "王小明", "H1", region_code="110101", village="东村"),
        ],
        "relations": [{"id_number_a": pid(1), "id_number_b": pid(5), "relation": "sibling"}],
        "deaths": [{"record_id": "D1", "id_number": pid(1), "death_date": "2023-05-09"}],
        "pension_payments": [
            {
                "payment_id": f"P{m}",
                "id_number": pid(1),
                "month": f"2023-{m:02d}",
                "amount": "210.00",
                "scheme": "resident",
            }
            for m in range(5, 8)
        ],
    }


def test_models_whose_tables_are_absent_are_skipped_with_the_missing_tables() -> None:
    progress: list[ModelRun] = []
    result = run_models(build_warehouse(_dead_pensioner_rows()), on_progress=progress.append)
    assert [r.model for r in progress] == [r.model for r in result.runs]
    assert len(result.runs) == 14
    ran = {r.model for r in result.runs if not r.skipped}
    assert ran == {"pension_after_death"}
    skipped = {r.model: r.missing_tables for r in result.skipped}
    assert skipped["pension_during_imprisonment"] == ("imprisonments",)
    assert skipped["contract_splitting"] == ("contracts",)
    assert result.clues_per_model() == {"pension_after_death": 1}


def test_a_person_clue_carries_region_village_and_relatives() -> None:
    clue = run_models(build_warehouse(_dead_pensioner_rows()), only=["pension_after_death"]).clues[0]
    assert clue.subject == pid(1)
    assert clue.amount == Decimal("420.00")
    assert (clue.region_code, clue.village) == ("110101", "东村")
    assert clue.subjects == (
        {
            "kind": "person",
            "id": pid(1),
            "name": "王建国",
            "region_code": "110101",
            "village": "东村",
            "relatives": sorted([pid(3), pid(5)]),
        },
    )
    assert clue.score == 1.0


def test_score_is_the_lowest_probability_of_a_probabilistic_link() -> None:
    wh = build_warehouse(_dead_pensioner_rows())
    wh.execute(
        "UPDATE person_links SET method = 'probabilistic', probability = 0.97 "
        "WHERE table_name = 'deaths' AND row_id = 1"
    )
    clue = run_models(wh, only=["pension_after_death"]).clues[0]
    assert clue.score == 0.97
    assert clue.evidence[0] == {
        "table": "deaths",
        "key": "D1",
        "link": {"method": "probabilistic", "probability": 0.97},
    }


def test_unknown_parameter_and_unknown_model_are_refused_before_any_query() -> None:
    wh = build_warehouse({"contracts": []})
    with pytest.raises(KeyError, match="no parameter 'days'"):
        run_models(wh, params={"contract_splitting": {"days": 75}})
    with pytest.raises(KeyError, match="no supervision model 'nope'"):
        run_models(wh, only=["nope"])
    with pytest.raises(KeyError, match="no supervision model 'nope'"):
        run_models(wh, params={"nope": {}})
    with pytest.raises(KeyError, match="does not run"):
        run_models(wh, only=["wage_arrears"], params={"contract_splitting": {"window_days": 75}})
    with pytest.raises(ValueError):
        run_models(wh, params={"contract_splitting": {"window_days": "thirty"}})


def test_jsonl_lines_follow_the_batch_interface(tmp_path: Path) -> None:
    result = run_models(build_warehouse(_dead_pensioner_rows()))
    out = tmp_path / "clues.jsonl"
    assert write_jsonl(result.clues, out) == 1
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert line["model"] == "pension_after_death"
    assert line["subject"] == pid(1)
    assert line["amount"] == 420.0
    assert line["explanation"] == "王建国于2023-05-09死亡；2023-06至2023-07仍发放养老金2笔，合计420.00元。"
    assert line["evidence"][0] == {
        "table": "deaths",
        "key": "D1",
        "link": {"method": "exact", "probability": 1.0},
    }
    assert line["params"] == {}
    assert line["subjects"][0]["relatives"] == sorted([pid(3), pid(5)])
    assert "王建国" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_a_failing_model_is_recorded_and_the_others_still_run() -> None:
    wh = build_warehouse(_dead_pensioner_rows())
    # a dataset whose deaths view lacks a column the model needs, as a broken warehouse might
    wh.execute("CREATE OR REPLACE VIEW deaths AS SELECT record_id, id_number AS person_id FROM raw.deaths")
    result = run_models(wh, only=["pension_after_death", "subsidy_after_death"])
    assert [r.model for r in result.failed] == ["pension_after_death"]
    assert "death_date" in (result.failed[0].error or "")
    assert result.clues == ()
    assert [r.model for r in result.skipped] == ["subsidy_after_death"]


def test_jsonl_is_sorted_by_model_then_subject(tmp_path: Path) -> None:
    rows = {
        "contracts": [
            {"contract_id": f"K{n}{d}", "buyer_org": org, "supplier_code": "S", "amount": "600000.00",
             "sign_date": f"2023-01-0{d}", "method": "direct"}
            for n, org in enumerate(["乙局", "甲局"])
            for d in (1, 2)
        ]
    }  # fmt: skip
    result = run_models(build_warehouse(rows), only=["contract_splitting"])
    out = tmp_path / "clues.jsonl"
    write_jsonl(reversed(result.clues), out)
    subjects = [json.loads(line)["subject"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert subjects == sorted(["乙局|S", "甲局|S"])
    assert [json.loads(line)["amount"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        1200000.0,
        1200000.0,
    ]


def test_clues_without_a_person_are_placed_in_the_datasets_main_region() -> None:
    rows = {
        "persons": [
            {"id_number": pid(1), "name": "甲", "region_code": "141181"},
            {"id_number": pid(2), "name": "乙", "region_code": "141181"},
            {"id_number": pid(3), "name": "丙", "region_code": "140702"},
        ],
        "projects": [
            {"project_id": "PJ1", "start_date": "2023-01-01", "end_date": "2023-03-31", "workers": 5}
        ],
        "wage_payments": [{"project_id": "PJ1", "worker_id": pid(1), "month": "2023-01", "amount": "100"}],
    }
    clue = run_models(build_warehouse(rows), only=["wage_arrears"]).clues[0]
    assert (clue.subject, clue.region_code) == ("PJ1", "141181")
