"""The SQL identity rules agree with the Python ones (qingfeng.contract.ids) value for value."""

from __future__ import annotations

import sys

import duckdb
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _id18(first17: str) -> str:
    return first17 + ids.id18_check_char(first17)


def _uscc(first17: str) -> str:
    return first17 + ids.uscc_check_char(first17)


KNOWN = [
    None,
    "",
    "   ",
    "11010519491231002X",  # the GB 11643 example: valid
    "11010519491231002x",  # lower-case x: normalised, valid
    " 110105 19491231 002X ",  # spaces inside and around
    "\u3000110105194912310021\t",  # ideographic space and tab around, wrong check
    "110105491231002",  # 15 digits: widened to 11010519491231002X
    "11010519490230002X",  # 30 February: invalid birth date
    "110105194912310020",  # wrong check character
    "91350100M000100Y43",  # a valid credit code
    "91350100m000100y43",  # lower-case credit code
    "91350100M000100Y44",  # wrong check character
    "9135010OM000100Y43",  # letter O is not in the alphabet
    "abc",
]


def test_known_values_agree() -> None:
    assert _sql_rules(KNOWN) == [_py_rules(v) for v in KNOWN]


def test_known_values_exact() -> None:
    got = _sql_rules(["11010519491231002x", "110105491231002", "110105194912310020", "91350100M000100Y43"])
    assert got[0][:2] == ("11010519491231002X", True)
    assert got[1][:2] == ("11010519491231002X", True)
    assert got[2][:2] == ("110105194912310020", False)
    assert got[3][2:] == ("91350100M000100Y43", True, True)


def test_whitespace_constant_is_pythons() -> None:
    assert set(PY_WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


DIGITS = st.text(alphabet="0123456789", min_size=17, max_size=17)
USCC_CHARS = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17)
NOISE = st.text(alphabet="0123456789xXabIOZ -\t\u3000", max_size=20)


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs, 15-digit ones, typos, case and spacing variants."""
    first17 = draw(DIGITS)
    day = draw(st.dates())
    birth = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    base = first17[:6] + birth + first17[14:]
    kind = draw(st.sampled_from(["valid", "raw17", "typo", "id15", "noise", "uscc", "lower"]))
    if kind == "valid":
        value = _id18(base)
    elif kind == "raw17":
        value = base + draw(st.sampled_from("0123456789Xx"))
    elif kind == "typo":
        value = _id18(base)
        pos = draw(st.integers(0, 17))
        value = value[:pos] + draw(st.sampled_from("0123456789X")) + value[pos + 1 :]
    elif kind == "id15":
        value = first17[:6] + birth[2:] + first17[14:]
    elif kind == "uscc":
        value = _uscc(draw(USCC_CHARS))
    elif kind == "lower":
        value = _id18(base).lower()
    else:
        value = draw(NOISE)
    pad = st.text(alphabet=" \t\u3000", max_size=2)
    return draw(pad) + value + draw(pad)


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
