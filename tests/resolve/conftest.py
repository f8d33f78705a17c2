"""Small raw warehouses for resolution tests, built to docs/warehouse.md's raw schema (not via ingest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from qingfeng.contract import table as contract_table
from qingfeng.contract.ids import is_valid_id18, normalise_id
from qingfeng.engine import DuckDBWarehouse

_ARROW = {"DATE": pa.date32(), "DOUBLE": pa.float64(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_()}


def add_table(wh: DuckDBWarehouse, name: str, rows: list[dict[str, Any]]) -> None:
    """Create raw.<name> with every contract column typed, identity columns normalised, lineage columns."""
    spec = contract_table(name)
    columns: dict[str, pa.Array] = {}
    for col in spec.columns:
        values = [r.get(col.name) for r in rows]
        wtype = col.type.warehouse_type
        if col.is_identity:
            raw = [None if v is None else str(v) for v in values]
            norm = [normalise_id(v) for v in raw]
            columns[col.name] = pa.array(norm, pa.string())
            columns[f"{col.name}_raw"] = pa.array(raw, pa.string())
            columns[f"{col.name}_valid"] = pa.array([is_valid_id18(v) for v in norm], pa.bool_())
        elif wtype == "DATE":
            columns[col.name] = pa.array([_date(v) for v in values], pa.date32())
        elif wtype.startswith("DECIMAL") or wtype == "DOUBLE":
            columns[col.name] = pa.array([None if v is None else float(v) for v in values], pa.float64())
        else:
            columns[col.name] = pa.array(values, _ARROW.get(wtype, pa.string()))
    columns["_row_id"] = pa.array(range(1, len(rows) + 1), pa.int64())
    columns["_file_id"] = pa.array([1] * len(rows), pa.int32())
    columns["_line"] = pa.array(range(2, len(rows) + 2), pa.int64())
    wh.con.register("_rows", pa.table(columns))
    wh.con.execute(f"CREATE OR REPLACE TABLE raw.{name} AS SELECT * FROM _rows")
    wh.con.unregister("_rows")


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def warehouse(**tables: list[dict[str, Any]]) -> DuckDBWarehouse:
    wh = DuckDBWarehouse()
    for name, rows in tables.items():
        add_table(wh, name, rows)
    return wh


@pytest.fixture
def build_warehouse() -> Callable[..., DuckDBWarehouse]:
    """`build_warehouse(persons=[...], deaths=[...])`: a raw warehouse from row dicts."""
    return warehouse
