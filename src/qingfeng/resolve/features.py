"""The columns Splink compares, built in a DuckDB connection of its own.

Both sides (weak records and the household register) get the same columns:
`unique_id, id_number, name, name_py, name_fz, gender, birth_date, region_code,
village`. Pinyin is computed once per distinct *character* in Python (a few
thousand, from `names.char_pinyin`), then assembled per name in SQL: this keeps
a 20,000-person county well under 50 ms, where pinyin per name in Python costs
a quarter of a second. `names.name_keys` is the reference the SQL must agree with.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from qingfeng.engine import DuckDBWarehouse, Warehouse
from qingfeng.resolve.names import SURNAME_READINGS, char_pinyin, fuzzy_syllable

FEATURE_COLUMNS = ("id_number", "name", "gender", "birth_date", "region_code", "village")

_FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF_WIDTH = "".join(chr(c) for c in range(0x21, 0x7F)).replace("'", "''") + " "


def clean_name_sql(col: str) -> str:
    """SQL twin of `names.clean_name`: full-width to half-width, separators removed."""
    return (
        f"regexp_replace(translate(nfc_normalize({col}), '{_FULL_WIDTH}', '{_HALF_WIDTH}'), "
        "'[\\s·•.・_''-]', '', 'g')"
    )


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
    return pa.Table.from_pylist(wh.query(sql))


def load_table(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Materialise an Arrow table as a DuckDB table of the Splink connection."""
    con.register("_incoming", rows)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
    con.unregister("_incoming")


def _readings_table(con: duckdb.DuckDBPyConnection, sources: list[str]) -> None:
    union = " UNION ".join(
        f"SELECT DISTINCT unnest(string_split(name_clean, '')) AS ch FROM {s}" for s in sources
    )
    chars = [row[0] for row in con.execute(union).fetchall() if row[0]]
    pys = [char_pinyin(c) for c in chars]
    readings = pa.table({"ch": chars, "py": pys, "fz": [fuzzy_syllable(p) for p in pys]})
    load_table(con, "_char_readings", readings)
    surnames = list(SURNAME_READINGS.items())
    fuzzy = ["".join(fuzzy_syllable(s) for s in py.split()) for _, py in surnames]
    load_table(
        con,
        "_surname_readings",
        pa.table({"sur": [s for s, _ in surnames], "py": [p for _, p in surnames], "fz": fuzzy}),
    )


_NAME_KEYS_SQL = """
CREATE OR REPLACE TABLE _name_keys AS
WITH names AS (SELECT DISTINCT name_clean FROM ({sources}) WHERE name_clean IS NOT NULL),
split AS (
    SELECT n.name_clean, coalesce(s2.sur, s1.sur) AS sur,
           coalesce(s2.py, s1.py) AS sur_py, coalesce(s2.fz, s1.fz) AS sur_fz
    FROM names n
    LEFT JOIN _surname_readings s2 ON length(s2.sur) = 2 AND left(n.name_clean, 2) = s2.sur
        AND length(n.name_clean) > 2
    LEFT JOIN _surname_readings s1 ON length(s1.sur) = 1 AND left(n.name_clean, 1) = s1.sur
        AND length(n.name_clean) > 1
),
given AS (
    SELECT name_clean, unnest(chars) AS ch, generate_subscripts(chars, 1) AS pos
    FROM (SELECT name_clean, string_split(substr(name_clean, 1 + coalesce(length(sur), 0)), '') AS chars
          FROM split)
),
given_keys AS (
    SELECT g.name_clean, string_agg(r.py, ' ' ORDER BY g.pos) AS py, string_agg(r.fz, '' ORDER BY g.pos) AS fz
    FROM given g JOIN _char_readings r ON r.ch = g.ch
    GROUP BY g.name_clean
)
SELECT s.name_clean,
       CASE WHEN s.sur_py IS NULL THEN k.py ELSE concat_ws(' ', s.sur_py, k.py) END AS name_py,
       concat(coalesce(s.sur_fz, ''), coalesce(k.fz, '')) AS name_fz
FROM split s LEFT JOIN given_keys k USING (name_clean)
"""


def add_name_keys(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Replace `name` by its cleaned form and add `name_py`, `name_fz` to each table (in place)."""
    for t in tables:
        con.execute(
            f"CREATE OR REPLACE TABLE {t} AS SELECT *, {clean_name_sql('name')} AS name_clean FROM {t}"
        )
    _readings_table(con, tables)
    sources = " UNION ALL ".join(f"SELECT name_clean FROM {t}" for t in tables)
    con.execute(_NAME_KEYS_SQL.format(sources=sources))
    for t in tables:
        con.execute(
            f"""CREATE OR REPLACE TABLE {t} AS
            SELECT * EXCLUDE (name, name_clean), t.name_clean AS name, k.name_py, k.name_fz
            FROM {t} t LEFT JOIN _name_keys k USING (name_clean)"""
        )


def feature_rows(rows: list[dict[str, Any]]) -> pa.Table:
    """Arrow table of feature dicts (unique_id plus `FEATURE_COLUMNS`), all text."""
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


_SQL_TYPES = {"int64": "BIGINT", "double": "DOUBLE", "string": "VARCHAR", "large_string": "VARCHAR"}


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
