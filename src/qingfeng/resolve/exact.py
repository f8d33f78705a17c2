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
    """Create `person_links` with every record either linked by exact ID or marked unlinked.

    One statement over all person tables: the engine builds the table in one parallel pass
    (at 1,000,000 people, 7 million links in 3.6 s against 4.6 s with an insert per table)."""
    tables = person_tables(wh)
    if not tables:
        wh.execute(LINKS_DDL)
        return
    has_persons = wh.has_table("persons", "raw")
    parts = [_exact_links_sql(t, has_persons) for t in tables]
    wh.execute("CREATE OR REPLACE TABLE person_links AS " + " UNION ALL ".join(parts))


def _exact_links_sql(t: Table, has_persons: bool) -> str:
    if not has_persons:
        return (
            f"SELECT '{t.name}' AS table_name, _row_id AS row_id, NULL::VARCHAR AS person_id, "
            f"'unlinked' AS method, NULL::DOUBLE AS probability, NULL::VARCHAR AS detail FROM raw.{t.name}"
        )
    return f"""SELECT '{t.name}' AS table_name, r._row_id AS row_id, p.id_number AS person_id,
        CASE WHEN p.id_number IS NULL THEN 'unlinked' ELSE 'exact' END AS method,
        CAST(CASE WHEN p.id_number IS NULL THEN NULL ELSE 1.0 END AS DOUBLE) AS probability,
        NULL::VARCHAR AS detail
    FROM raw.{t.name} r LEFT JOIN raw.persons p ON p.id_number = r.{t.person_column}"""
