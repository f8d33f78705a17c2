"""Parquet files, and Excel workbooks (converted to Parquet text first).

Parquet columns may be typed already. Each is turned into canonical text so
that the same contract rules judge it as a CSV cell:

- DATE -> `YYYY-MM-DD`; TIMESTAMP -> `YYYY-MM-DD` at midnight (except for a
  datetime column), else `YYYY-MM-DD HH:MM:SS[.ffffff]`;
- DOUBLE/FLOAT -> integer text when whole (an ID stored as a number keeps its
  digits if the float held them), two places when within 1e-9 of a 2-place
  value (12.3 -> `12.30`, 0.30000000000000004 -> `0.30`), else the shortest
  text (12.345 stays `12.345`, which money rejects);
- DECIMAL, integers, BOOLEAN -> their SQL text; anything else -> `CAST AS VARCHAR`.

`_line` is the row number + 1 (the header counts as line 1).
"""

from __future__ import annotations

from pathlib import Path

from qingfeng.contract import ColumnType, Table
from qingfeng.contract.sql import sql_string
from qingfeng.engine import Warehouse
from qingfeng.ingest.rules import q
from qingfeng.ingest.staging import REJECTED_DDL, SRC, FileError, Staged

LINE_COLUMN = "__qingfeng_line"
"""A column the Excel reader adds to its Parquet: the sheet row of each record."""


def canonical_text_sql(column: str, duck_type: str, target: ColumnType | None) -> str:
    """Text of a typed Parquet value, in the form a CSV cell of the contract would have."""
    c = q(column)
    kind = duck_type.upper()
    if kind == "VARCHAR":
        return c
    if kind in ("DOUBLE", "FLOAT", "REAL"):
        return (
            f"CASE WHEN isinf({c}) OR isnan({c}) THEN CAST({c} AS VARCHAR) "
            f"WHEN {c} = trunc({c}) AND abs({c}) < 1e30 THEN CAST(CAST({c} AS HUGEINT) AS VARCHAR) "
            f"WHEN abs({c} - round({c}, 2)) <= 1e-9 "
            f"THEN CAST(CAST(round({c}, 2) AS DECIMAL(38,2)) AS VARCHAR) "
            f"ELSE CAST({c} AS VARCHAR) END"
        )
    if kind == "DATE":
        if target is ColumnType.MONTH:  # a month stored as its first day
            return f"CASE WHEN day({c}) = 1 THEN strftime({c}, '%Y-%m') ELSE strftime({c}, '%Y-%m-%d') END"
        return f"strftime({c}, '%Y-%m-%d')"
    if kind.startswith("TIMESTAMP"):
        full = f"CAST({c} AS VARCHAR)"
        if target is ColumnType.DATETIME:
            return full
        return f"CASE WHEN CAST({c} AS TIME) = TIME '00:00:00' THEN strftime({c}, '%Y-%m-%d') ELSE {full} END"
    return f"try_cast({c} AS VARCHAR)"


def stage_parquet(
    wh: Warehouse, path: Path, table: Table, header_names: tuple[str, ...] | None = None
) -> Staged:
    """Read a Parquet file into `qf_src` as canonical text, in row order.

    `header_names` replaces the Parquet column names, position by position (the Excel reader writes
    columns c0, c1, ... so that a header may repeat a name).
    """
    source = f"read_parquet({sql_string(str(path))})"
    try:
        described = wh.query(f"DESCRIBE SELECT * FROM {source}")
    except Exception as exc:  # duckdb raises several classes for a corrupt or foreign file
        raise FileError(
            f"not a readable Parquet file: {str(exc).splitlines()[0]} / 无法读取 Parquet 文件"
        ) from None
    types = {c.name: c.type for c in table.columns}
    header: list[str] = []
    items: list[str] = []
    line = "rowid + 2"
    for row in described:
        name, duck_type = str(row["column_name"]), str(row["column_type"])
        if name == LINE_COLUMN:
            line = q(LINE_COLUMN)
            continue
        shown = header_names[len(header)] if header_names is not None else name.strip()
        target = types.get(shown.strip().lower())
        items.append(f"{canonical_text_sql(name, duck_type, target)} AS c{len(header)}")
        header.append(shown)
    if line != "rowid + 2":
        items.append(f"{q(LINE_COLUMN)} AS _qf_line")
        line = "_qf_line"
    select = ", ".join(items) if items else "NULL AS c0"
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {SRC} AS SELECT {select} FROM {source}")
    wh.execute(REJECTED_DDL)
    ordered = f"(SELECT rowid AS _ord, {line} AS _line, * FROM {SRC})"
    return Staged(tuple(header), ordered)
