"""Identity numbers and credit codes of one file, normalised and judged once per distinct value.

A department's table repeats a person's ID on every payment, and DuckDB spends
more time preparing the large normalisation and validity expressions than
running them. So each file gets, per kind of identity, one small dictionary
table `qf_ids_<kind>(raw, norm, valid)` over the distinct values of all its
columns of that kind; the typed query joins it once per column.

The rules are those of `qingfeng.contract.sql` (and so of `qingfeng.contract.ids`),
written in layers (clean, widen, digits, verdict) so that each layer refers to
the one below by column name: the same values, a much smaller expression to
prepare (measured 7 ms instead of 20 ms per expression) and to run.
"""

from __future__ import annotations

from enum import StrEnum

from qingfeng.contract import ColumnType
from qingfeng.contract.sql import (
    ID15_SHAPE,
    ID18_CHECK,
    ID18_SHAPE,
    ID18_WEIGHTS,
    USCC_ALPHABET,
    USCC_SHAPE,
    USCC_WEIGHTS,
    clean_code_sql,
    sql_string,
    widen_id15_sql,
)
from qingfeng.engine import Warehouse

ID18_CLEAN = "[0-9]{17}[0-9X]"
"""A value already in normal form (the common case): normalising it changes nothing."""


class IdentityKind(StrEnum):
    ID18 = "id18"
    """A resident identity number: normalised as an ID, valid by GB 11643."""
    USCC = "uscc"
    """A unified social credit code: trimmed and upper-cased, valid by GB 32100."""
    PARTY = "party"
    """A shareholder: normalised as an ID, valid as an ID or as a credit code."""


KIND_OF_TYPE = {ColumnType.ID18: IdentityKind.ID18, ColumnType.USCC: IdentityKind.USCC}
KIND_OF_TYPE[ColumnType.PARTY_ID] = IdentityKind.PARTY


def dictionary_table(kind: IdentityKind) -> str:
    return f"qf_ids_{kind.value}"


def _digits(prefix: str, count: int, expr: str) -> str:
    return ", ".join(expr.format(i=i, prefix=prefix) for i in range(1, count + 1))


def _id18_verdict_sql(values: str) -> str:
    """`valid` of `ids.is_valid_id18` for column `norm` of `values` (which keeps its other columns)."""
    digits = _digits("d", 17, "ascii(substr(norm, {i}, 1)) - 48 AS {prefix}{i}")
    weighted = " + ".join(f"d{i} * {w}" for i, w in enumerate(ID18_WEIGHTS, start=1))
    leap = "((y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0)"
    month_days = (
        f"CASE WHEN m IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN m IN (4, 6, 9, 11) THEN 30 "
        f"WHEN {leap} THEN 29 ELSE 28 END"
    )
    check = f"substr({sql_string(ID18_CHECK)}, (weighted % 11) + 1, 1)"
    verdict = (
        f"CASE WHEN NOT shaped THEN FALSE ELSE (y >= 1 AND m BETWEEN 1 AND 12 AND dd BETWEEN 1 AND "
        f"{month_days} AND substr(norm, 18, 1) = {check}) END"
    )
    return (
        f"SELECT * EXCLUDE (shaped, y, m, dd, weighted), {verdict} AS id18_ok FROM ("
        f"SELECT * EXCLUDE ({_digits('d', 17, '{prefix}{i}')}), "
        f"d7 * 1000 + d8 * 100 + d9 * 10 + d10 AS y, d11 * 10 + d12 AS m, d13 * 10 + d14 AS dd, "
        f"{weighted} AS weighted FROM ("
        f"SELECT *, coalesce(regexp_matches(norm, {sql_string(ID18_SHAPE)}), FALSE) AS shaped, "
        f"{digits} FROM ({values})))"
    )


def _uscc_verdict_sql(values: str) -> str:
    """`valid` of `ids.is_valid_uscc` for column `norm` of `values` (which keeps its other columns)."""
    alphabet = sql_string(USCC_ALPHABET)
    codes = _digits("u", 17, f"instr({alphabet}, substr(norm, {{i}}, 1)) - 1 AS {{prefix}}{{i}}")
    weighted = " + ".join(f"u{i} * {w}" for i, w in enumerate(USCC_WEIGHTS, start=1))
    check = f"substr({alphabet}, ((31 - (weighted % 31)) % 31) + 1, 1)"
    return (
        f"SELECT * EXCLUDE (shaped, weighted), "
        f"CASE WHEN NOT shaped THEN FALSE ELSE substr(norm, 18, 1) = {check} END AS uscc_ok FROM ("
        f"SELECT * EXCLUDE ({_digits('u', 17, '{prefix}{i}')}), {weighted} AS weighted FROM ("
        f"SELECT *, coalesce(regexp_matches(norm, {sql_string(USCC_SHAPE)}), FALSE) AS shaped, "
        f"{codes} FROM ({values})))"
    )


def _normalised_sql(kind: IdentityKind, raw_values: str) -> str:
    """`raw, norm` for a relation of distinct `raw` values: `ids.normalise_id` or `ids.normalise_uscc`."""
    already_clean = f"regexp_full_match(raw, {sql_string(ID18_CLEAN)})"
    clean = f"CASE WHEN {already_clean} THEN raw ELSE {clean_code_sql('raw')} END"
    cleaned = f"SELECT raw, {clean} AS c FROM ({raw_values})"
    if kind is IdentityKind.USCC:
        return f"SELECT raw, c AS norm FROM ({cleaned})"
    widened = f"CASE WHEN regexp_matches(c, {sql_string(ID15_SHAPE)}) THEN {widen_id15_sql('c')} ELSE c END"
    return f"SELECT raw, {widened} AS norm FROM ({cleaned})"


def dictionary_sql(kind: IdentityKind, raw_values: str) -> str:
    """`raw, norm, valid` for a relation of distinct non-NULL `raw` values."""
    normalised = _normalised_sql(kind, raw_values)
    if kind is IdentityKind.ID18:
        return f"SELECT raw, norm, id18_ok AS valid FROM ({_id18_verdict_sql(normalised)})"
    if kind is IdentityKind.USCC:
        return f"SELECT raw, norm, uscc_ok AS valid FROM ({_uscc_verdict_sql(normalised)})"
    both = _uscc_verdict_sql(_id18_verdict_sql(normalised))
    return f"SELECT raw, norm, id18_ok OR uscc_ok AS valid FROM ({both})"


def build_dictionaries(wh: Warehouse, source: str, columns: dict[IdentityKind, list[str]]) -> None:
    """Create `qf_ids_<kind>` for each kind, over the distinct values of its `columns` in table `source`."""
    for kind, sources in columns.items():
        values = " UNION ALL ".join(f"SELECT {src} AS raw FROM {source}" for src in sources)
        distinct = f"SELECT DISTINCT raw FROM ({values}) WHERE raw IS NOT NULL"
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {dictionary_table(kind)} AS {dictionary_sql(kind, distinct)}"
        )
