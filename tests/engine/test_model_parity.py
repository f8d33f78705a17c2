"""Every built-in model gives the same clues on DuckDB and on Spark (subject, amount, evidence).

The county is resolved exactly on both engines (tests/engine/conftest.py),
so a difference can only come from translating the model's SQL.
"""

from __future__ import annotations

from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.engine.spark_backend import SparkWarehouse
from qingfeng.models.registry import all_models
from qingfeng.models.runner import run_models

pytestmark = pytest.mark.spark


def clue_facts(wh: DuckDBWarehouse | SparkWarehouse, model_id: str) -> list[tuple[Any, ...]]:
    result = run_models(wh, only=[model_id])
    assert not result.failed, result.failed[0].error
    return sorted(
        (c.subject, c.amount, tuple((e["table"], e["key"]) for e in c.evidence), c.explanation_en)
        for c in result.clues
    )


@pytest.mark.parametrize("model_id", [m.id for m in all_models()])
def test_model_gives_the_same_clues_on_spark(
    model_id: str, county_on_both: tuple[DuckDBWarehouse, SparkWarehouse]
) -> None:
    duck, spark = county_on_both
    expected = clue_facts(duck, model_id)
    assert expected, f"{model_id} finds nothing on the test county: the comparison would prove nothing"
    assert clue_facts(spark, model_id) == expected
