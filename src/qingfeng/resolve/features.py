"""The columns Splink compares, built in a DuckDB connection of its own.

Both sides (weak records and the household register) get the same columns:
`unique_id, id_number, name, name_py, name_fz, gender, birth_date, region_code,
village`. Pinyin is computed in Python once per distinct name
(`names.keys_for_names`, about 60 ms for a 20,000-person county; the same in
SQL, unnesting characters, measured 0.4 s) and joined back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qingfeng.engine import DuckDBWarehouse, Warehouse
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


def fetch_arrow(wh: Warehouse, sql: str) -> pa.Table:
    """Rows of a warehouse query as an Arrow table (zero-copy on DuckDB, through dicts elsewhere)."""
    if isinstance(wh, DuckDBWarehouse):
        # A cursor: DuckDB 2 refuses `sql()` on a connection with an unfinished `execute()` result.
        return wh.con.cursor().sql(sql).to_arrow_table()
    import pyarrow as pa

    return pa.Table.from_pylist(wh.query(sql))


def load_table(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Materialise an Arrow table as a DuckDB table of the Splink connection."""
    con.register("_incoming", rows)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
    con.unregister("_incoming")


def add_name_keys(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Replace `name` by its cleaned form and add `name_py`, `name_fz` to each table (in place)."""
    union = " UNION ".join(f"SELECT DISTINCT name FROM {t}" for t in tables)
    keys = keys_for_names(row[0] for row in con.execute(union).fetchall())
    raw = list(keys)
    # Lists as parameters, not an Arrow table: building Arrow arrays from Python imports pandas (1 s).
    con.execute(
        """CREATE OR REPLACE TABLE _name_keys AS
        SELECT unnest(?::VARCHAR[]) AS name_raw, unnest(?::VARCHAR[]) AS name_clean,
               unnest(?::VARCHAR[]) AS name_py, unnest(?::VARCHAR[]) AS name_fz""",
        [raw, [keys[n][0] for n in raw], [keys[n][1] for n in raw], [keys[n][2] for n in raw]],
    )
    for t in tables:
        con.execute(
            f"""CREATE OR REPLACE TABLE {t} AS
            SELECT t.* EXCLUDE (name), k.name_clean AS name, k.name_py, k.name_fz
            FROM {t} t LEFT JOIN _name_keys k ON k.name_raw = t.name"""
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


def store_arrow(wh: Warehouse, name: str, rows: pa.Table) -> None:
    """Write an Arrow table into the warehouse as table `name` (replacing it)."""
    if isinstance(wh, DuckDBWarehouse):
        cursor = wh.con.cursor()
        cursor.register("_incoming", rows)
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
        cursor.close()
        return
    columns = ", ".join(f"{f.name} {_SQL_TYPES.get(str(f.type), 'VARCHAR')}" for f in rows.schema)
    wh.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
    for batch in rows.to_batches(max_chunksize=500):
        values = ", ".join(
            "(" + ", ".join(_literal(v) for v in row.values()) + ")" for row in batch.to_pylist()
        )
        wh.execute(f"INSERT INTO {name} VALUES {values}")


def store_columns(wh: Warehouse, name: str, columns: Sequence[tuple[str, str, list[Any]]]) -> None:
    """Write columns given as (name, SQL type, values) into the warehouse as table `name` (replacing it).

    The same table `store_arrow` would write from the equivalent Arrow table, without importing pyarrow:
    on DuckDB the values travel as list parameters and are unnested in one statement."""
    if isinstance(wh, DuckDBWarehouse):
        select = ", ".join(f"unnest(?::{sql_type}[]) AS {column}" for column, sql_type, _ in columns)
        cursor = wh.con.cursor()
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select}", [v for _, _, v in columns])
        cursor.close()
        return
    wh.execute(f"CREATE OR REPLACE TABLE {name} ({', '.join(f'{c} {t}' for c, t, _ in columns)})")
    rows = list(zip(*(values for _, _, values in columns), strict=True))
    for start in range(0, len(rows), 500):
        values = ", ".join(
            "(" + ", ".join(_literal(v) for v in row) + ")" for row in rows[start : start + 500]
        )
        wh.execute(f"INSERT INTO {name} VALUES {values}")


_SQL_TYPES = {"int64": "BIGINT", "double": "DOUBLE", "string": "VARCHAR", "large_string": "VARCHAR"}


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
