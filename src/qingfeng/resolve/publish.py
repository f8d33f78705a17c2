"""The model-facing views: the contract's tables under their own names, with `person_id`."""

from __future__ import annotations

from qingfeng.contract import TABLES
from qingfeng.engine import Warehouse
from qingfeng.resolve.exact import raw_tables


def publish_views(wh: Warehouse) -> None:
    """One view per ingested table; person tables carry their link from `person_links`."""
    present = raw_tables(wh)
    for t in TABLES:
        if t.name not in present:
            continue
        if t.person_column:
            wh.execute(
                f"""CREATE OR REPLACE VIEW {t.name} AS
                SELECT r.*, l.person_id, l.method AS link_method, l.probability AS link_probability
                FROM raw.{t.name} r
                LEFT JOIN person_links l ON l.table_name = '{t.name}' AND l.row_id = r._row_id"""
            )
        else:
            wh.execute(f"CREATE OR REPLACE VIEW {t.name} AS SELECT * FROM raw.{t.name}")
