"""Deterministic person links: a record whose normalised ID is a `persons` id_number is that person."""

from __future__ import annotations

from qingfeng.contract import TABLES, Table
from qingfeng.engine import DuckDBWarehouse, Warehouse

LINKS_DDL = """
CREATE OR REPLACE TABLE person_links (
    table_name VARCHAR, row_id BIGINT, person_id VARCHAR,
    method VARCHAR, probability DOUBLE, detail VARCHAR
)
"""


def raw_tables(wh: Warehouse) -> set[str]:
    """The contract tables ingest has written to the `raw` schema (one catalog query on DuckDB)."""
    if isinstance(wh, DuckDBWarehouse):
        rows = wh.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'")
        return {r["table_name"] for r in rows} & {t.name for t in TABLES}
    return {t.name for t in TABLES if wh.has_table(t.name, "raw")}


def person_tables(wh: Warehouse) -> list[Table]:
    """The person-bearing contract tables this warehouse holds."""
    present = raw_tables(wh)
    return [t for t in TABLES if t.person_column and t.name in present]


def link_exact(wh: Warehouse) -> None:
    """Create `person_links` with every record either linked by exact ID or marked unlinked."""
    wh.execute(LINKS_DDL)
    has_persons = wh.has_table("persons", "raw")
    for t in person_tables(wh):
        col = t.person_column
        if has_persons:
            wh.execute(
                f"""INSERT INTO person_links
                SELECT '{t.name}', r._row_id, p.id_number,
                       CASE WHEN p.id_number IS NULL THEN 'unlinked' ELSE 'exact' END,
                       CASE WHEN p.id_number IS NULL THEN NULL ELSE 1.0 END, NULL
                FROM raw.{t.name} r LEFT JOIN raw.persons p ON p.id_number = r.{col}"""
            )
        else:
            wh.execute(
                f"INSERT INTO person_links SELECT '{t.name}', _row_id, NULL, 'unlinked', NULL, NULL "
                f"FROM raw.{t.name}"
            )
