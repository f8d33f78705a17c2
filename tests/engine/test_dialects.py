"""Translation of DuckDB SQL for Spark: the fixes on top of sqlglot, exact text, and refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qingfeng.engine.dialects import FixedPoint, TempView, TranslationError, plan, translate
from qingfeng.models.base import SupervisionModel
from qingfeng.models.registry import all_models

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize(
    ("duckdb", "spark"),
    [
        ("SELECT regexp_extract(x, '[0-9]+') FROM t", "SELECT REGEXP_EXTRACT(x, '[0-9]+', 0) FROM t"),
        (
            "SELECT regexp_replace(x, 'a', 'b', 'gi') FROM t",
            "SELECT REGEXP_REPLACE(x, '(?i)' || 'a', 'b') FROM t",
        ),
        ("SELECT regexp_full_match(x, 'a+') FROM t", "SELECT x RLIKE CONCAT('^(?:', 'a+', ')$') FROM t"),
        ("SELECT * FROM main.clues", "SELECT * FROM default.clues"),
        (
            "SELECT array_agg(v ORDER BY k DESC) FROM t",
            "SELECT TRANSFORM(SORT_ARRAY(COLLECT_LIST(STRUCT(k AS k0, v AS v)), FALSE), s -> s.v) FROM t",
        ),
        ("SELECT list(DISTINCT v) FROM t", "SELECT COLLECT_SET(v) FROM t"),
        (
            "SELECT string_agg(DISTINCT v, ', ' ORDER BY v) FROM t",
            "SELECT CASE WHEN SIZE(SORT_ARRAY(COLLECT_SET(CAST(v AS STRING)))) = 0 THEN NULL "
            "ELSE ARRAY_JOIN(SORT_ARRAY(COLLECT_SET(CAST(v AS STRING))), ', ') END FROM t",
        ),
        (
            "SELECT d + INTERVAL 1 MONTH, date_trunc('month', d) FROM t",
            "SELECT CAST(d + INTERVAL '1' MONTH AS TIMESTAMP_NTZ), "
            "CAST(DATE_TRUNC('MONTH', d) AS TIMESTAMP_NTZ) FROM t",
        ),
        (
            "SELECT {'table': 'deaths', 'key': record_id} AS ev FROM deaths",
            "SELECT STRUCT('deaths' AS table, record_id AS key) AS ev FROM deaths",
        ),
        ("SELECT sum(amount)::DECIMAL FROM t", "SELECT CAST(SUM(amount) AS DECIMAL(18, 3)) FROM t"),
    ],
)
def test_translation_to_spark(duckdb: str, spark: str) -> None:
    assert translate(duckdb, "spark") == spark


def test_create_or_replace_table_becomes_drop_then_create() -> None:
    assert translate("CREATE OR REPLACE TABLE links AS SELECT 1 AS x", "spark") == (
        "DROP TABLE IF EXISTS links;\nCREATE TABLE links AS SELECT 1 AS x"
    )


def test_recursive_union_becomes_views_and_a_fixed_point() -> None:
    (statement,) = plan(
        """WITH RECURSIVE node AS (SELECT a FROM e),
        reach(n, r) AS (SELECT a, a FROM node UNION SELECT reach.n, e.b FROM reach JOIN e ON e.a = reach.r)
        SELECT n, min(r) AS c FROM reach GROUP BY n""",
        "spark",
    )
    assert statement.before == (
        TempView("_qf_cte_node", "SELECT a FROM e"),
        FixedPoint(
            "_qf_cte_reach",
            ("n", "r"),
            "SELECT a, a FROM _qf_cte_node AS node",
            "SELECT reach.n, e.b FROM _qf_cte_reach AS reach JOIN e ON e.a = reach.r",
            linear=True,
        ),
    )
    assert statement.sql == "SELECT n, MIN(r) AS c FROM _qf_cte_reach AS reach GROUP BY n"


def test_recursive_union_all_is_left_to_spark() -> None:
    (statement,) = plan(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r", "spark"
    )
    assert statement.before == ()
    assert statement.sql.startswith("WITH RECURSIVE r(n) AS")


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("SELECT regexp_replace(x, 'a', 'b') FROM t", "replaces only the first match"),
        ("SELECT array_agg(v ORDER BY a, b DESC) FROM t", "mixed directions"),
        ("SELECT array_agg(DISTINCT v ORDER BY w) FROM t", "ordered by another expression"),
        ("SELECT (1 FROM t", "cannot parse"),
        ("VACUUM ANALYZE t", "not understood"),
    ],
)
def test_untranslatable_sql_is_refused_with_its_reason(sql: str, reason: str) -> None:
    with pytest.raises(TranslationError, match=reason):
        translate(sql, "spark")


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(TranslationError, match="unknown SQL dialect 'oracle'"):
        translate("SELECT 1", "oracle")


def test_duckdb_target_round_trips() -> None:
    assert translate("SELECT {'a': 1} AS s; SELECT 2", "duckdb") == "SELECT {'a': 1} AS s;\nSELECT 2"


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.id)
def test_spark_sql_of_each_model_matches_its_snapshot(model: SupervisionModel) -> None:
    """The Spark SQL each model runs, kept in tests/engine/snapshots; QINGFENG_UPDATE_SNAPSHOTS=1 rewrites."""
    spark_sql = translate(model.render_sql(), "spark") + "\n"
    path = SNAPSHOTS / f"{model.id}.spark.sql"
    if os.environ.get("QINGFENG_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(spark_sql, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == spark_sql
