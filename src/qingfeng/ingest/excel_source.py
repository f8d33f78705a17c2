"""Excel workbooks (.xlsx): the first sheet, header in row 1, converted cell by cell to contract text.

Departments hand over Excel, and Excel changes values on the way: dates
become date cells, and an 18-digit ID typed as a number is stored as a
floating-point number that has lost its last digits. Cells are turned into
the text a CSV of the contract would hold:

- a date cell -> `YYYY-MM-DD` (with the time, `YYYY-MM-DDTHH:MM:SS`, when it has one
  or the column is a datetime);
- a whole number -> integer text (an ID column keeps every digit Excel kept; digits
  Excel already dropped cannot come back, so such an ID is simply invalid);
- other numbers -> two places when within 1e-9 of a 2-place value, else Python's
  shortest text (so 12.345 is rejected as money, as it would be in CSV);
- TRUE/FALSE -> `true`/`false`; empty cells and empty strings -> NULL.

Rows where every cell is empty are skipped (their line numbers are not reused).
A value in a column without a header name goes to quarantine with its row.
The rows are written to a temporary Parquet file read by `parquet_source`:
this is the one Python row loop of ingest, bounded by Excel's 1,048,576 rows.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from qingfeng.contract import ColumnType, Table
from qingfeng.engine import Warehouse
from qingfeng.ingest.parquet_source import LINE_COLUMN, stage_parquet
from qingfeng.ingest.staging import REJECTED, FileError, Staged


def cell_text(value: Any, target: ColumnType | None = None) -> str | None:
    """The contract text of one Excel cell value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if target is ColumnType.MONTH and value.time() == time(0) and value.day == 1:
            return value.strftime("%Y-%m")
        if value.time() == time(0) and target is not ColumnType.DATETIME:
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if not value.microsecond else "microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    text = str(value)
    return text if text != "" else None


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return repr(value)
    if value.is_integer():
        return str(int(value))
    if abs(value - round(value, 2)) <= 1e-9:
        return f"{round(value, 2):.2f}"
    return repr(value)


def _sheet_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    import openpyxl  # a heavy import, needed only for workbooks

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise FileError(f"not a readable .xlsx workbook: {exc} / 无法读取 Excel 文件") from None
    try:
        if not workbook.worksheets:
            raise FileError("the workbook has no sheet / 工作簿没有工作表")
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def stage_excel(wh: Warehouse, path: Path, table: Table) -> Staged:
    """Read the first sheet into `qf_src` (through a temporary Parquet file) and `qf_rejected`."""
    rows = _sheet_rows(path)
    first = next(rows, None)
    header = tuple(cell_text(v) or "" for v in first or ())
    while header and header[-1] == "":
        header = header[:-1]
    if not header:
        raise FileError("empty sheet: no header row / 工作表为空，没有表头")
    types = {c.name: c.type for c in table.columns}
    targets = [types.get(name.strip().lower()) for name in header]
    columns: list[list[str | None]] = [[] for _ in header]
    lines: list[int] = []
    rejected: list[tuple[int, str, str]] = []
    for line, row in enumerate(rows, start=2):
        cells = [cell_text(v, targets[i] if i < len(targets) else None) for i, v in enumerate(row)]
        if all(c is None for c in cells):
            continue
        beyond = [i for i, c in enumerate(cells) if c is not None and i >= len(header)]
        if beyond:
            reason = f"too many fields: a value in column {beyond[0] + 1}, which has no header"
            rejected.append((line, reason, json.dumps({"_cells": cells}, ensure_ascii=False)))
            continue
        for i in range(len(header)):
            columns[i].append(cells[i] if i < len(cells) else None)
        lines.append(line)
    return _write_and_stage(wh, table, header, columns, lines, rejected)


def _write_and_stage(
    wh: Warehouse,
    table: Table,
    header: tuple[str, ...],
    columns: list[list[str | None]],
    lines: list[int],
    rejected: list[tuple[int, str, str]],
) -> Staged:
    import pyarrow as pa  # imported here: workbooks are rare, and pyarrow costs some 0.5 s to import
    import pyarrow.parquet as pq

    arrays = [pa.array(values, type=pa.string()) for values in columns]
    names = [f"c{i}" for i in range(len(header))]
    data = pa.Table.from_arrays([*arrays, pa.array(lines, type=pa.int64())], names=[*names, LINE_COLUMN])
    with tempfile.TemporaryDirectory(prefix="qf-xlsx-") as tmp:
        converted = Path(tmp) / "sheet.parquet"
        pq.write_table(data, converted)
        staged = stage_parquet(wh, converted, table, header_names=header)
    for line, reason, raw_row in rejected:
        wh.execute(
            f"INSERT INTO {REJECTED} VALUES ({line}, {_lit(reason)}, 'too many fields', {_lit(raw_row)})"
        )
    return staged


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
