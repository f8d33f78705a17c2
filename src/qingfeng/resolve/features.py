"""The columns Splink compares: cleaned names and their pinyin keys, on the scan's warehouse or for training.

Both sides (weak records and the household register) get the same columns:
`unique_id, id_number, name, name_py, name_fz, gender, birth_date, region_code,
village`. Pinyin is computed in Python once per distinct name
(`names.keys_for_names`, about 60 ms for a 20,000-person county; the same in
SQL, unnesting characters, measured 0.4 s) and joined back. A scan and training
build them the same way (`write_name_keys`): a scan in its own warehouse (DuckDB
or Spark), training in an in-memory DuckDB warehouse of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qingfeng.engine import Warehouse
from qingfeng.resolve.names import keys_for_names

if (
    TYPE_CHECKING
):  # pyarrow costs some 0.5 s to import (and pulls in pandas): only scans with weak records pay it
    import duckdb
    import pyarrow as pa

FEATURE_COLUMNS = ("id_number", "name", "gender", "birth_date", "region_code", "village")


def gender_sql(col: str) -> str:
    """M / F from the contract's codes and the common Chinese and GB/T 2261.1 forms; anything else NULL."""
    return (
        f"CASE WHEN upper(trim({col})) IN ('M', '男', '1') THEN 'M' "
        f"WHEN upper(trim({col})) IN ('F', '女', '2') THEN 'F' END"
    )


def load_table(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Materialise an Arrow table as a DuckDB table of the Splink connection."""
    con.register("_incoming", rows)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
    con.unregister("_incoming")


def write_name_keys(wh: Warehouse, names_sql: str, table: str = "resolve_name_keys") -> None:
    """Table `table` (name_raw, name_clean, name_py, name_fz) for the distinct names `names_sql` yields.

    Pinyin is computed here, in Python, once per distinct name, on any engine."""
    names = [r["name"] for r in wh.query(names_sql) if r["name"] is not None]
    keys = keys_for_names(names)
    raw = list(keys)
    wh.write_columns(
        table,
        [
            ("name_raw", "VARCHAR", raw),
            ("name_clean", "VARCHAR", [keys[n][0] for n in raw]),
            ("name_py", "VARCHAR", [keys[n][1] for n in raw]),
            ("name_fz", "VARCHAR", [keys[n][2] for n in raw]),
        ],
    )


def add_name_keys(wh: Warehouse, tables: list[str]) -> None:
    """Replace `name` by its cleaned form and add `name_py`, `name_fz` to each table (in place):
    the keys of `write_name_keys`, for training's tables."""
    write_name_keys(wh, " UNION ".join(f"SELECT DISTINCT name FROM {t}" for t in tables))
    for t in tables:
        wh.execute(
            f"""CREATE OR REPLACE TABLE {t} AS
            SELECT t.* EXCLUDE (name), k.name_clean AS name, k.name_py, k.name_fz
            FROM {t} t LEFT JOIN resolve_name_keys k ON k.name_raw = t.name"""
        )


def feature_rows(rows: list[dict[str, Any]]) -> pa.Table:
    """Arrow table of feature dicts (unique_id plus `FEATURE_COLUMNS`), all text."""
    import pyarrow as pa

    columns = ("unique_id", *FEATURE_COLUMNS)
    return pa.table({c: pa.array([_text(r.get(c)) for r in rows], pa.string()) for c in columns})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
