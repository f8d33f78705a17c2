"""The contract's column types as DuckDB SQL: conversion from text, and the reason a value breaks its type.

Every reader first turns a file into text columns (CSV as written, Parquet and
Excel cells through one canonical text form), so one set of rules types them
all. This module is the one place with DuckDB-only functions (`try_cast`,
`regexp_full_match`, `regexp_extract`); the identity rules it reuses
(`qingfeng.contract.sql`) are portable.

A typed column is computed in two steps, so that DuckDB evaluates each
conversion once: step one (`ColumnRule.step_one`) yields the trimmed text
`_t_<col>` and the typed value; step two yields the reason, which only compares
the two. Identity and credit-code columns take their normalised value and
validity from the file's identity dictionaries (`qingfeng.ingest.identities`).
"""

from __future__ import annotations

from dataclasses import dataclass

from qingfeng.contract import Column, ColumnType, Table
from qingfeng.contract.sql import sql_string
from qingfeng.ingest.identities import KIND_OF_TYPE, IdentityKind, dictionary_table

DATE_SHAPE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
MONTH_SHAPE = "[0-9]{4}-[0-9]{2}"
MONEY_SHAPE = r"[0-9]{1,16}(\.[0-9]{1,2}0*)?"
INTEGER_SHAPE = "[+-]?[0-9]{1,18}"
RATIO_SHAPE = r"([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?"
DATETIME_SHAPE = (
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)"
    r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)
CHINA_UTC_OFFSET_MINUTES = 480


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def trimmed_sql(src: str) -> str:
    """`NULLIF(trim(src), '')`, with DuckDB's `trim` (which strips Unicode space separators, U+3000
    among them) run only where it could change the value: on text that is not pure ASCII, or that
    starts or ends with a space. Most values are neither, and the test costs a third of the trim."""
    plain = f"strlen({src}) = length({src}) AND NOT ({src} LIKE ' %' OR {src} LIKE '% ')"
    return f"NULLIF(CASE WHEN {plain} THEN {src} ELSE trim({src}) END, '')"


def _matches(text: str, shape: str) -> str:
    return f"regexp_full_match({text}, {sql_string(shape)})"


def _datetime_value(t: str) -> str:
    """ISO 8601 text to a TIMESTAMP in China Standard Time: an explicit offset is converted, none is kept."""
    shape = sql_string(DATETIME_SHAPE)
    local = (
        f"try_cast(regexp_extract({t}, {shape}, 1) || ' ' || regexp_extract({t}, {shape}, 2) AS TIMESTAMP)"
    )
    zone = f"regexp_extract({t}, {shape}, 5)"
    digits = f"replace(substr({zone}, 2), ':', '')"
    minutes = (
        f"(CASE WHEN left({zone}, 1) = '-' THEN -1 ELSE 1 END) * (coalesce(try_cast(substr({digits}, 1, 2) "
        f"AS INTEGER), 0) * 60 + coalesce(try_cast(nullif(substr({digits}, 3, 2), '') AS INTEGER), 0))"
    )
    shift = f"CASE WHEN {zone} = '' THEN 0 WHEN {zone} = 'Z' THEN {CHINA_UTC_OFFSET_MINUTES} ELSE "
    shift += f"{CHINA_UTC_OFFSET_MINUTES} - {minutes} END"
    return (
        f"CASE WHEN {_matches(t, DATETIME_SHAPE)} AND {t} NOT LIKE '0000%' "
        f"THEN {local} + to_minutes(CAST({shift} AS BIGINT)) END"
    )


def typed_value_sql(kind: ColumnType, t: str) -> str:
    """The typed value of trimmed text `t`, NULL when it breaks the type (or is NULL)."""
    if kind is ColumnType.DATE:
        return f"CASE WHEN {_matches(t, DATE_SHAPE)} AND {t} NOT LIKE '0000%' THEN try_cast({t} AS DATE) END"
    if kind is ColumnType.MONTH:
        return (
            f"CASE WHEN {_matches(t, MONTH_SHAPE)} AND {t} NOT LIKE '0000%' "
            f"THEN try_cast({t} || '-01' AS DATE) END"
        )
    if kind is ColumnType.MONEY:
        return f"CASE WHEN {_matches(t, MONEY_SHAPE)} THEN CAST({t} AS DECIMAL(18,2)) END"
    if kind is ColumnType.INTEGER:
        return f"CASE WHEN {_matches(t, INTEGER_SHAPE)} THEN try_cast({t} AS BIGINT) END"
    if kind is ColumnType.RATIO:
        return (
            f"CASE WHEN {_matches(t, RATIO_SHAPE)} AND try_cast({t} AS DOUBLE) BETWEEN 0 AND 1 "
            f"THEN try_cast({t} AS DOUBLE) END"
        )
    if kind is ColumnType.DATETIME:
        return _datetime_value(t)
    if kind is ColumnType.BOOLEAN:
        return (
            f"CASE WHEN lower({t}) IN ('true', '1') THEN TRUE "
            f"WHEN lower({t}) IN ('false', '0') THEN FALSE END"
        )
    raise ValueError(f"{kind} is not a checked type")


CHECKED_TYPES = frozenset(
    {
        ColumnType.DATE,
        ColumnType.MONTH,
        ColumnType.MONEY,
        ColumnType.INTEGER,
        ColumnType.RATIO,
        ColumnType.DATETIME,
        ColumnType.BOOLEAN,
    }
)
IDENTITY_TYPES = frozenset({ColumnType.ID18, ColumnType.PARTY_ID})

_PLAIN_PROBLEM = {
    ColumnType.DATE: ("not a date", "is not a date (YYYY-MM-DD)"),
    ColumnType.MONTH: ("not a month", "is not a month (YYYY-MM)"),
    ColumnType.INTEGER: ("not an integer", "is not an integer"),
    ColumnType.RATIO: ("not a ratio", "is not a ratio between 0 and 1"),
    ColumnType.DATETIME: ("not a datetime", "is not an ISO 8601 date and time (YYYY-MM-DDTHH:MM:SS)"),
    ColumnType.BOOLEAN: ("not a boolean", "is not true or false"),
}

_MONEY_PROBLEMS = (
    ("negative money", "is negative (money must not be negative)", "{t} LIKE '-%'"),
    ("thousands separator", "has a thousands separator (write 1234.50, not 1,234.50)", "{t} LIKE '%,%'"),
    (
        "more than 2 decimal places",
        "has more than 2 decimal places",
        r"regexp_full_match({t}, '[0-9]*\.[0-9]+')",
    ),
    ("not money", "is not an amount of money (yuan, digits, at most 2 decimal places)", "TRUE"),
)


def problem_sql(col: Column, t: str) -> tuple[str, str]:
    """(reason, kind) expressions for a value `t` that broke the type of `col`."""
    label = f"{col.name}: "
    shown = f"{sql_string(label + chr(34))} || {t} || '\" '"
    if col.type is ColumnType.MONEY:
        reasons = " ".join(
            f"WHEN {cond.format(t=t)} THEN {sql_string(msg)}" for _, msg, cond in _MONEY_PROBLEMS
        )
        kinds = " ".join(
            f"WHEN {cond.format(t=t)} THEN {sql_string(label + kind)}" for kind, _, cond in _MONEY_PROBLEMS
        )
        return f"{shown} || CASE {reasons} END", f"CASE {kinds} END"
    kind, message = _PLAIN_PROBLEM[col.type]
    return f"{shown} || {sql_string(message)}", sql_string(label + kind)


@dataclass(frozen=True)
class ColumnRule:
    """How one contract column is computed from its text source `src` (a staged column, or NULL)."""

    column: Column
    src: str
    key: bool

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def present(self) -> bool:
        """Whether the file has the column (else it loads as NULL)."""
        return self.src != MISSING

    @property
    def identity_kind(self) -> IdentityKind | None:
        """The dictionary this column's values are normalised and judged by, None for other columns."""
        return KIND_OF_TYPE.get(self.column.type)

    def step_one(self) -> list[str]:
        """Select items of the first step: the value, and what step two needs."""
        col, src, name = self.column, self.src, q(self.column.name)
        kind = self.identity_kind
        if kind is not None:
            entry = q("i_" + col.name)
            norm, valid = (
                (f"{entry}.norm", f"coalesce({entry}.valid, FALSE)") if self.present else (MISSING, "FALSE")
            )
            items = [f"{norm} AS {name}"]
            if col.type in IDENTITY_TYPES:
                items.append(f"{src} AS {q(col.name + '_raw')}")
            return [*items, f"{valid} AS {q(col.name + '_valid')}"]
        if col.type in CHECKED_TYPES:
            trimmed = trimmed_sql(src)
            return [f"{trimmed} AS {q('_t_' + col.name)}", f"{typed_value_sql(col.type, trimmed)} AS {name}"]
        if self.key:
            return [f"{trimmed_sql(src)} AS {name}"]
        return [f"{src} AS {name}"]

    def step_two(self) -> list[str]:
        """Select items of the second step: the stored columns, passed through from the first."""
        col, name = self.column, q(self.column.name)
        items = [f"step_one.{name}"]
        if col.type in IDENTITY_TYPES:
            items.append(f"step_one.{q(col.name + '_raw')}")
        if self.identity_kind is not None:
            items.append(f"step_one.{q(col.name + '_valid')}")
        return items

    def identity_join(self) -> str | None:
        """The join to this column's identity dictionary (see `identities`), None when it has none."""
        kind = self.identity_kind
        if kind is None or not self.present:
            return None
        entry = q("i_" + self.column.name)
        return f"LEFT JOIN {dictionary_table(kind)} AS {entry} ON {entry}.raw = {self.src}"

    def broken(self) -> str | None:
        """A test over step-one columns, true when the value breaks its rule; None when it cannot."""
        name = q(self.column.name)
        if self.key:
            return f"{name} IS NULL"
        if self.column.type not in CHECKED_TYPES:
            return None
        return f"({q('_t_' + self.column.name)} IS NOT NULL AND {name} IS NULL)"

    def problem(self) -> tuple[str, str] | None:
        """(reason, kind) expressions over step-one columns, NULL when the value is fine."""
        name = q(self.column.name)
        if self.key:
            cond = f"{name} IS NULL"
            return (
                f"CASE WHEN {cond} THEN {sql_string(self.name + ': key is empty')} END",
                f"CASE WHEN {cond} THEN {sql_string(self.name + ': key is empty')} END",
            )
        if self.column.type not in CHECKED_TYPES:
            return None
        t = q("_t_" + self.column.name)
        reason, kind = problem_sql(self.column, t)
        cond = f"{t} IS NOT NULL AND {name} IS NULL"
        return f"CASE WHEN {cond} THEN {reason} END", f"CASE WHEN {cond} THEN {kind} END"


MISSING = "CAST(NULL AS VARCHAR)"
"""The source of a contract column the file does not have."""


def table_rules(table: Table, sources: dict[str, str]) -> list[ColumnRule]:
    """One rule per contract column; `sources` maps a column to its staged text column (absent: NULL)."""
    return [
        ColumnRule(col, q(sources[col.name]) if col.name in sources else MISSING, col.key)
        for col in table.columns
    ]


def identity_sources(rules: list[ColumnRule]) -> dict[IdentityKind, list[str]]:
    """The staged columns whose values each identity dictionary must hold."""
    found: dict[IdentityKind, list[str]] = {}
    for rule in rules:
        if rule.identity_kind is not None and rule.present:
            found.setdefault(rule.identity_kind, []).append(rule.src)
    return found


def typed_select_sql(rules: list[ColumnRule], extras: dict[str, str], source: str) -> str:
    """A query over `source` (which has `_ord`, `_line` and the staged text columns) giving typed columns,
    derived ID columns, extras, `_ord`, `_line`, `_reason` (NULL when the row is fine) and `_kind`.

    Identity columns read the dictionaries `identities.build_dictionaries` made for the same rules."""
    one = [item for r in rules for item in r.step_one()]
    one += [f"{q(src)} AS {q(name)}" for name, src in extras.items()]
    two = [item for r in rules for item in r.step_two()] + [f"step_one.{q(name)}" for name in extras]
    joins = " ".join(j for j in (r.identity_join() for r in rules) if j is not None)
    problems = [p for p in (r.problem() for r in rules) if p is not None]
    reason = kind = "NULL"
    if problems:
        # Messages are built only for rows that break a rule: a cheap test first, the text after.
        broken = " OR ".join(r.broken() for r in rules if r.broken() is not None)  # type: ignore[misc]
        reason = f"CASE WHEN {broken} THEN concat_ws('; ', {', '.join(p[0] for p in problems)}) END"
        kind = f"CASE WHEN {broken} THEN coalesce({', '.join(p[1] for p in problems)}) END"
    return (
        f"WITH step_one AS (SELECT {', '.join(one)}, _ord, _line FROM {source} AS qf_source {joins}) "
        f"SELECT {', '.join(two)}, step_one._ord, step_one._line, {reason} AS _reason, {kind} AS _kind "
        f"FROM step_one"
    )


def typed_column_names(rules: list[ColumnRule], extras: dict[str, str]) -> list[str]:
    """The stored columns `typed_select_sql` yields (lineage and `_reason`/`_kind` aside)."""
    names: list[str] = []
    for rule in rules:
        names.append(rule.name)
        if rule.column.type in IDENTITY_TYPES:
            names.append(rule.name + "_raw")
        if rule.identity_kind is not None:
            names.append(rule.name + "_valid")
    return names + list(extras)
