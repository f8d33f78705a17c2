"""Identity numbers and credit codes of one file, normalised and judged once per distinct value.

A department's table repeats a person's ID on every payment, and DuckDB spends
more time preparing the large normalisation and validity expressions than
running them. So each file gets, per kind of identity, one small dictionary
table `qf_ids_<kind>(raw, norm, valid)` over the distinct values of all its
columns of that kind; the typed query joins it once per column.

The rules are those of `qingfeng.contract.sql` (and so of `qingfeng.contract.ids`;
tests/ingest/test_identities.py checks them value for value), written in layers
(clean, widen, digits, verdict) so that each layer refers to the one below by
column name, and with the check digits read by arithmetic on one number. DuckDB
spends some 50 microseconds preparing each function call of an expression: the
portable expressions of `contract.sql` (over a hundred calls) took 20-30 ms to
prepare per column, these take 4-10 ms per file and kind.
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


def _id18_sql(cleaned: str) -> str:
    """`raw, norm, id18_ok` from `raw, c` (the cleaned value): `ids.normalise_id` and `ids.is_valid_id18`.

    The first 17 characters are read once as a number `x`; its digits, birth date and check
    character are arithmetic on `x`, which DuckDB prepares and runs far faster than 17 `substr`
    calls. A 15-digit value is widened (century 19 inserted) before `x` is read, and takes the check
    character computed from it, so its only test left is the birth date. `x` counts only where the
    value has the shape of an ID (`shaped`) or is a widened 15-digit one (`short`).
    """
    short = f"coalesce(regexp_matches(c, {sql_string(ID15_SHAPE)}), FALSE)"
    widened = (
        "SELECT raw, CASE WHEN short THEN substr(c, 1, 6) || '19' || substr(c, 7, 9) ELSE c END AS n, short "
        f"FROM (SELECT raw, c, {short} AS short FROM ({cleaned}))"
    )
    weighted = " + ".join(
        f"((x // {10 ** (17 - i)}) % 10) * {w}" for i, w in enumerate(ID18_WEIGHTS, start=1)
    )
    read = (
        f"SELECT raw, n, short, ({weighted}) % 11 AS k, "
        "(x // 10000000) % 10000 AS y, (x // 100000) % 100 AS m, (x // 1000) % 100 AS dd "
        f"FROM (SELECT raw, n, short, TRY_CAST(substr(n, 1, 17) AS BIGINT) AS x FROM ({widened}))"
    )
    leap = "((y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0)"
    month_days = (
        f"CASE WHEN m IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN m IN (4, 6, 9, 11) THEN 30 "
        f"WHEN {leap} THEN 29 ELSE 28 END"
    )
    born = f"(y >= 1 AND m BETWEEN 1 AND 12 AND dd BETWEEN 1 AND {month_days})"
    check = f"substr({sql_string(ID18_CHECK)}, k + 1, 1)"
    shaped = f"coalesce(regexp_matches(n, {sql_string(ID18_SHAPE)}), FALSE)"
    verdict = f"CASE WHEN short THEN {born} ELSE ({shaped} AND {born} AND substr(n, 18, 1) = {check}) END"
    norm = f"CASE WHEN short THEN n || {check} ELSE n END"
    return f"SELECT raw, {norm} AS norm, {verdict} AS id18_ok FROM ({read})"


def _uscc_ok_sql(values: str) -> str:
    """`values` (with column `norm`) plus `uscc_ok`: `ids.is_valid_uscc` of `norm`."""
    alphabet = sql_string(USCC_ALPHABET)
    weights = "[" + ", ".join(str(w) for w in USCC_WEIGHTS) + "]"
    # One lambda instead of 17 `instr(substr())` terms: credit codes are few, preparing is what costs.
    term = f"lambda i: (instr({alphabet}, substr(norm, i, 1)) - 1) * {weights}[i]"
    weighted = f"CAST(list_sum(list_transform(range(1, 18), {term})) AS BIGINT)"
    shaped = f"coalesce(regexp_matches(norm, {sql_string(USCC_SHAPE)}), FALSE)"
    check = f"substr({alphabet}, ((31 - (weighted % 31)) % 31) + 1, 1)"
    scored = (
        f"SELECT *, {shaped} AS shaped, CASE WHEN {shaped} THEN {weighted} END AS weighted FROM ({values})"
    )
    verdict = f"shaped AND substr(norm, 18, 1) = {check}"
    return f"SELECT * EXCLUDE (shaped, weighted), {verdict} AS uscc_ok FROM ({scored})"


def dictionary_sql(kind: IdentityKind, raw_values: str) -> str:
    """`raw, norm, valid` for a relation of distinct non-NULL `raw` values."""
    already_clean = f"regexp_full_match(raw, {sql_string(ID18_CLEAN)})"
    clean = f"CASE WHEN {already_clean} THEN raw ELSE {clean_code_sql('raw')} END"
    cleaned = f"SELECT raw, {clean} AS c FROM ({raw_values})"
    if kind is IdentityKind.USCC:
        codes = _uscc_ok_sql(f"SELECT raw, c AS norm FROM ({cleaned})")
        return f"SELECT raw, norm, uscc_ok AS valid FROM ({codes})"
    normalised = _id18_sql(cleaned)
    if kind is IdentityKind.ID18:
        return f"SELECT raw, norm, id18_ok AS valid FROM ({normalised})"
    return f"SELECT raw, norm, id18_ok OR uscc_ok AS valid FROM ({_uscc_ok_sql(normalised)})"


def build_dictionaries(wh: Warehouse, source: str, columns: dict[IdentityKind, list[str]]) -> None:
    """Create `qf_ids_<kind>` for each kind, over the distinct values of its `columns` in table `source`."""
    for kind, sources in columns.items():
        values = " UNION ALL ".join(f"SELECT {src} AS raw FROM {source}" for src in sources)
        distinct = f"SELECT DISTINCT raw FROM ({values}) WHERE raw IS NOT NULL"
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {dictionary_table(kind)} AS {dictionary_sql(kind, distinct)}"
        )
