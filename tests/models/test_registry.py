"""The registry, the shape of every model's query, and docs/models.md."""

from __future__ import annotations

import string
from dataclasses import replace
from pathlib import Path

import pytest
import sqlglot

from qingfeng.contract import TABLES
from qingfeng.models.docs import models_markdown
from qingfeng.models.registry import all_models, get_model, index_models
from tests.fixtures.warehouse import build_warehouse

CONTRACT_IDS = [
    "pension_after_death",
    "pension_during_imprisonment",
    "medical_claim_after_death",
    "overlapping_inpatient",
    "subsidy_after_death",
    "shared_subsidy_account",
    "subsidy_to_approver_relative",
    "dibao_with_assets",
    "duplicate_subsidy",
    "student_aid_not_enrolled",
    "contract_to_official_relative",
    "bid_collusion",
    "contract_splitting",
    "wage_arrears",
]


def test_all_fourteen_contract_models_in_contract_order() -> None:
    assert [m.id for m in all_models()] == CONTRACT_IDS
    assert get_model("wage_arrears").id == "wage_arrears"


def test_unknown_model_is_refused_with_the_known_ids() -> None:
    with pytest.raises(KeyError, match=r"no supervision model 'nope'.*pension_after_death"):
        get_model("nope")


def test_duplicate_ids_are_refused() -> None:
    model = get_model("wage_arrears")
    with pytest.raises(ValueError, match="share the id 'wage_arrears'"):
        index_models([model, replace(model, version="2")])


def test_every_query_returns_the_columns_its_explanations_use() -> None:
    wh = build_warehouse({t.name: [] for t in TABLES})
    for model in all_models():
        cursor = wh.con.execute(f"SELECT * FROM ({model.render_sql()}) q LIMIT 0")
        columns = {d[0] for d in cursor.description}
        fields = {
            name
            for template in (model.explanation.zh, model.explanation.en)
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }
        assert {"subject", "amount", "evidence"} <= columns, model.id
        assert fields <= columns, (model.id, fields - columns)
        assert set(model.tables) <= {t.name for t in TABLES}, model.id


def test_every_query_translates_to_spark_sql() -> None:
    for model in all_models():
        assert sqlglot.transpile(model.render_sql(), read="duckdb", write="spark"), model.id


def test_docs_models_md_is_generated_from_the_code() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "models.md"
    assert docs.read_text(encoding="utf-8") == models_markdown(), (
        "docs/models.md is stale: regenerate it with qingfeng.models.docs.write_models_markdown()"
    )
