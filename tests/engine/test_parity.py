"""The same DuckDB-dialect SQL on DuckDB and on Spark gives the same rows (the shared behaviour suite).

Queries are shaped like the supervision models: windows, lists of structs,
anti-joins, date and month arithmetic, decimal sums, connected components
through a recursive UNION. Each runs on the small county, resolved on both
engines; list order inside an aggregate is not compared unless the SQL
orders it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.engine.spark_backend import SparkWarehouse

pytestmark = pytest.mark.spark

QUERIES: dict[str, str] = {
    "window_rank_and_running_sum": """
        SELECT person_id, payment_id, amount,
               row_number() OVER (PARTITION BY person_id ORDER BY month, payment_id) AS nth,
               sum(amount) OVER (PARTITION BY person_id ORDER BY month, payment_id) AS running
        FROM pension_payments WHERE person_id IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY month, payment_id) <= 2""",
    "list_of_structs_per_person": """
        SELECT person_id, sum(amount) AS amount, count(*) AS n,
               array_agg({'table': 'subsidy_payments', 'key': CAST(payment_id AS VARCHAR)}) AS evidence
        FROM subsidy_payments WHERE person_id IS NOT NULL GROUP BY person_id""",
    "ordered_list_and_string_agg": """
        SELECT bank_account,
               array_agg(payment_id ORDER BY pay_date DESC, payment_id DESC) AS newest_first,
               string_agg(DISTINCT program, ', ' ORDER BY program) AS programs,
               list(DISTINCT village) AS villages
        FROM subsidy_payments GROUP BY bank_account""",
    "anti_join_not_exists": """
        SELECT s.payment_id, s.person_id FROM subsidy_payments s
        WHERE s.program = 'student_aid' AND s.person_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM enrollments e WHERE e.person_id = s.person_id
              AND e.start_date <= s.pay_date AND (e.end_date IS NULL OR s.pay_date <= e.end_date))""",
    "month_arithmetic": """
        SELECT p.payment_id, date_trunc('month', p.month) AS m, last_day(p.month) AS month_end,
               strftime(p.month, '%Y-%m') AS label, p.month + INTERVAL 1 MONTH AS next_month,
               date_diff('day', d.death_date, p.month) AS days_after_death
        FROM pension_payments p JOIN deaths d ON d.person_id = p.person_id
        WHERE date_trunc('month', p.month) > date_trunc('month', d.death_date)""",
    "month_series_lateral": """
        SELECT j.project_id, CAST(m.month AS DATE) AS month
        FROM projects j,
             unnest(generate_series(CAST(date_trunc('month', j.start_date) AS DATE),
                                    coalesce(j.end_date, DATE '2023-12-31'), INTERVAL 1 MONTH)) AS m(month)
        WHERE CAST(m.month AS DATE) >= j.start_date""",
    "decimal_sums_keep_cents": """
        SELECT claim_type, sum(fund_amount) AS fund, sum(total_amount) - sum(fund_amount) AS own,
               CAST(sum(fund_amount) AS DECIMAL(18, 2)) AS fund_2dp, max(fund_amount) AS largest
        FROM medical_claims GROUP BY claim_type""",
    "regexp_and_id_shape": """
        SELECT id_number_raw, regexp_matches(id_number, '^[0-9]{17}[0-9X]$') AS shaped,
               regexp_extract(id_number, '^([0-9]{6})', 1) AS region,
               regexp_extract(id_number, '[0-9]{4}') AS first_four,
               regexp_replace(id_number, '[0-9]', '#', 'g') AS masked
        FROM deaths""",
    "list_distinct_and_struct_union": """
        SELECT person_id, list_sort(list_distinct(array_agg(program))) AS programs FROM (
            SELECT person_id, program FROM subsidy_payments WHERE person_id IS NOT NULL
            UNION SELECT person_id, 'pension' FROM pension_payments WHERE person_id IS NOT NULL) u
        GROUP BY person_id""",
    "recursive_components_of_relatives": """
        WITH RECURSIVE node AS (SELECT DISTINCT person_id FROM relatives),
        reach(person_id, reached) AS (
            SELECT person_id, person_id FROM node
            UNION
            SELECT r.person_id, k.relative_id FROM reach r JOIN relatives k ON k.person_id = r.reached)
        SELECT person_id, min(reached) AS component, count(*) AS size FROM reach GROUP BY person_id""",
}


def canonical(value: Any) -> Any:
    """A comparable form: lists sorted (aggregate order is free), structs as sorted items."""
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(sorted((canonical(v) for v in value), key=repr))
    return value


def rows_of(wh: DuckDBWarehouse | SparkWarehouse, sql: str, *, keep_list_order: bool = False) -> list[Any]:
    rows = wh.query(sql)
    if keep_list_order:
        return sorted((tuple(r.items()) for r in rows), key=repr)
    return sorted((canonical(r) for r in rows), key=repr)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_same_rows_on_both_engines(name: str, county_on_both: tuple[DuckDBWarehouse, SparkWarehouse]) -> None:
    duck, spark = county_on_both
    expected = rows_of(duck, QUERIES[name])
    assert expected, f"{name} finds nothing on the county: the comparison would prove nothing"
    assert rows_of(spark, QUERIES[name]) == expected


def test_ordered_list_keeps_its_order(county_on_both: tuple[DuckDBWarehouse, SparkWarehouse]) -> None:
    duck, spark = county_on_both
    sql = """SELECT bank_account, array_agg(payment_id ORDER BY pay_date DESC, payment_id DESC) AS newest
             FROM subsidy_payments GROUP BY bank_account"""
    assert rows_of(spark, sql, keep_list_order=True) == rows_of(duck, sql, keep_list_order=True)


def test_decimal_sum_is_exact_to_the_cent(county_on_both: tuple[DuckDBWarehouse, SparkWarehouse]) -> None:
    duck, spark = county_on_both
    sql = "SELECT sum(fund_amount) AS fund FROM medical_claims WHERE claim_id IN ('CX1', 'CX2', 'CX3')"
    assert duck.scalar(sql) == spark.scalar(sql) == Decimal("2100.30")
    assert str(spark.scalar(sql)) == "2100.30"


def test_components_follow_chains_through_cycles(
    county_on_both: tuple[DuckDBWarehouse, SparkWarehouse],
) -> None:
    """A chain a-b-c (symmetric, so cyclic) is one component on Spark too: the loop settles."""
    _, spark = county_on_both
    sql = """WITH RECURSIVE
        e(a, b) AS (VALUES ('a', 'b'), ('b', 'a'), ('b', 'c'), ('c', 'b'), ('x', 'y'), ('y', 'x')),
        reach(n, r) AS (SELECT a, a FROM e UNION SELECT reach.n, e.b FROM reach JOIN e ON e.a = reach.r)
        SELECT n, min(r) AS component FROM reach GROUP BY n ORDER BY n"""
    assert spark.query(sql) == [
        {"n": "a", "component": "a"},
        {"n": "b", "component": "a"},
        {"n": "c", "component": "a"},
        {"n": "x", "component": "x"},
        {"n": "y", "component": "x"},
    ]
