"""The raw schema ingest writes (docs/warehouse.md): typed tables, lineage, quarantine."""

from __future__ import annotations

from qingfeng.contract import ColumnType, Table
from qingfeng.engine import Warehouse
from qingfeng.ingest.rules import IDENTITY_TYPES, q

LINEAGE = ("_row_id", "_file_id", "_line")

LINEAGE_DDL = (
    """CREATE TABLE IF NOT EXISTS raw._batches (
        batch_id INTEGER PRIMARY KEY, dataset VARCHAR, started_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS raw._files (
        file_id INTEGER PRIMARY KEY, table_name VARCHAR, path VARCHAR, sha256 VARCHAR, batch_id INTEGER,
        rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, rows_duplicate BIGINT,
        loaded_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS raw._quarantine (
        table_name VARCHAR, file_id INTEGER, line BIGINT, reason VARCHAR, raw_row JSON)""",
)


def ensure_lineage_tables(wh: Warehouse) -> None:
    """Create the schema `raw` and its bookkeeping tables when missing."""
    wh.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for ddl in LINEAGE_DDL:
        wh.execute(ddl)


def derived_columns(table: Table) -> list[tuple[str, str]]:
    """Columns ingest adds for identity and credit-code columns: `<col>_raw`, `<col>_valid`."""
    derived: list[tuple[str, str]] = []
    for col in table.columns:
        if col.type in IDENTITY_TYPES:
            derived += [(col.name + "_raw", "VARCHAR"), (col.name + "_valid", "BOOLEAN")]
        elif col.type is ColumnType.USCC:
            derived.append((col.name + "_valid", "BOOLEAN"))
    return derived


def reserved_names(table: Table) -> set[str]:
    """Names an extra column of a file may not take (it is renamed with an `_extra` suffix)."""
    names = set(table.column_names) | {name for name, _ in derived_columns(table)} | set(LINEAGE)
    return names | {"_ord", "_reason", "_kind"} | {"_t_" + c for c in table.column_names}


def existing_columns(wh: Warehouse, table: Table) -> list[str]:
    rows = wh.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
        f"AND table_name = '{table.name}' ORDER BY ordinal_position"
    )
    return [r["column_name"] for r in rows]


def ensure_raw_table(wh: Warehouse, table: Table, extras: list[str]) -> list[str]:
    """Create `raw.<table>` or add the file's new extra columns; return the table's columns in order."""
    present = existing_columns(wh, table)
    if not present:
        cols = [(q(c.name), c.type.warehouse_type) for c in table.columns]
        cols += [(q(name), kind) for name, kind in derived_columns(table)]
        cols += [(q(name), "VARCHAR") for name in extras]
        cols += [("_row_id", "BIGINT"), ("_file_id", "INTEGER"), ("_line", "BIGINT")]
        wh.execute(f"CREATE TABLE raw.{table.name} ({', '.join(f'{n} {t}' for n, t in cols)})")
        return [*table.column_names, *(name for name, _ in derived_columns(table)), *extras, *LINEAGE]
    for name in extras:
        if name not in present:
            # ALTER TABLE ADD COLUMN appends: the order is the one information_schema would give.
            wh.execute(f"ALTER TABLE raw.{table.name} ADD COLUMN {q(name)} VARCHAR")
            present.append(name)
    return present


def content_columns(table: Table, table_columns: list[str]) -> list[str]:
    """The columns two rows must agree on to be identical: contract columns and extras, not lineage."""
    derived = {name for name, _ in derived_columns(table)}
    return [c for c in table_columns if c not in derived and c not in LINEAGE]
