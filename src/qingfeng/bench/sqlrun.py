"""The two DuckDB baselines, each run in its own process so that it is timed like the scan.

    python -m qingfeng.bench.sqlrun floor DATASET_DIR
    python -m qingfeng.bench.sqlrun plain DATASET_DIR

`floor`: DuckDB only reads every CSV of the folder into a table (the least
any scan must do). `plain`: benchmarks/plain_models.sql, the 14 models as a
plain SQL script over the same CSVs. Prints one JSON line: rows read (floor)
or clues found (plain).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

CSV_OPTIONS = (
    "header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = true, "
    "strict_mode = false, null_padding = true"
)
PLAIN_SQL = Path(__file__).resolve().parents[3] / "benchmarks" / "plain_models.sql"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def floor(dataset: Path) -> dict[str, int]:
    """Read every `<table>.csv` into a DuckDB table; the rows read per table."""
    con = duckdb.connect()
    rows: dict[str, int] = {}
    for path in sorted(dataset.glob("*.csv")):
        con.execute(
            f"CREATE TABLE \"{path.stem}\" AS SELECT * FROM read_csv('{_quoted(path)}', {CSV_OPTIONS})"
        )
        found = con.execute(f'SELECT count(*) FROM "{path.stem}"').fetchone()
        rows[path.stem] = int(found[0]) if found else 0
    con.close()
    return rows


def plain(dataset: Path, script: Path = PLAIN_SQL) -> dict[str, int]:
    """Run the plain-SQL models; the clues each found."""
    sql = script.read_text(encoding="utf-8")
    sql = sql.replace("{dataset}", _quoted(dataset.resolve())).replace("{csv_options}", CSV_OPTIONS)
    con = duckdb.connect()
    con.execute(sql)
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'clue_%'"
        ).fetchall()
    ]
    clues: dict[str, int] = {}
    for name in sorted(tables):
        found = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        clues[name.removeprefix("clue_")] = int(found[0]) if found else 0
    con.close()
    return clues


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"floor", "plain"}:
        print("usage: python -m qingfeng.bench.sqlrun {floor|plain} DATASET_DIR", file=sys.stderr)
        return 2
    dataset = Path(argv[1])
    if not dataset.is_dir():
        print(f"not a folder: {dataset}", file=sys.stderr)
        return 2
    result = floor(dataset) if argv[0] == "floor" else plain(dataset)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
