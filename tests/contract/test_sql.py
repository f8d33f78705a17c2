"""The SQL identity rules agree with the Python ones (qingfeng.contract.ids) value for value."""

from __future__ import annotations

import sys

import duckdb
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.id_cases import KNOWN_IDS, id_like

from qingfeng.contract import ids
from qingfeng.contract.sql import (
    PY_WHITESPACE,
    id18_valid_sql,
    normalise_id18_sql,
    normalise_uscc_sql,
    party_id_valid_sql,
    uscc_valid_sql,
)

CON = duckdb.connect()


def _sql_rules(values: list[str | None]) -> list[tuple[str | None, bool, str | None, bool, bool]]:
    """Normalised ID, its validity, normalised credit code, its validity, party validity, per value."""
    rows = CON.execute(
        f"""WITH v AS (SELECT i, l[i] AS x FROM (SELECT ?::VARCHAR[] AS l), range(1, {len(values) + 1}) r(i))
        SELECT n, {id18_valid_sql("n")}, u, {uscc_valid_sql("u")}, {party_id_valid_sql("n")}
        FROM (SELECT i, {normalise_id18_sql("x")} AS n, {normalise_uscc_sql("x")} AS u FROM v) ORDER BY i""",
        [values],
    ).fetchall()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _py_rules(value: str | None) -> tuple[str | None, bool, str | None, bool, bool]:
    n = ids.normalise_id(value)
    u = ids.normalise_uscc(value)
    return n, ids.is_valid_id18(n), u, ids.is_valid_uscc(u), ids.is_valid_id18(n) or ids.is_valid_uscc(n)


def test_known_values_agree() -> None:
    values = [None, *KNOWN_IDS]
    assert _sql_rules(values) == [_py_rules(v) for v in values]


def test_known_values_exact() -> None:
    got = _sql_rules(["11010519491231002x", "110105491231002", "110105194912310020", "91350100M000100Y43"])
    assert got[0][:2] == ("11010519491231002X", True)
    assert got[1][:2] == ("11010519491231002X", True)
    assert got[2][:2] == ("110105194912310020", False)
    assert got[3][2:] == ("91350100M000100Y43", True, True)


def test_whitespace_constant_is_pythons() -> None:
    assert set(PY_WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(id_like(), st.none()), min_size=1, max_size=40))
def test_generated_values_agree(values: list[str | None]) -> None:
    assert _sql_rules(values) == [_py_rules(v) for v in values]


@pytest.mark.parametrize(
    "sql", [normalise_id18_sql("x"), id18_valid_sql("x"), uscc_valid_sql("x"), normalise_uscc_sql("x")]
)
def test_expressions_translate_to_spark(sql: str) -> None:
    spark = sqlglot.transpile(f"SELECT {sql} FROM t", read="duckdb", write="spark")[0]
    assert "RLIKE" in spark or "TRIM(" in spark
    assert "REGEXP_MATCHES" not in spark.upper()
