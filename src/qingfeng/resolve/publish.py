"""The model-facing views: the contract's tables under their own names, with `person_id`."""

from __future__ import annotations

from qingfeng.contract import TABLES
from qingfeng.engine import Warehouse
from qingfeng.resolve.exact import raw_tables

PENDING_EMPTY = (
    "SELECT NULL::VARCHAR AS table_name, NULL::BIGINT AS row_id, NULL::VARCHAR AS candidate_id LIMIT 0"
)


def publish_views(wh: Warehouse) -> None:
    """One view per ingested table; person tables carry their link from `person_links`.

    Also `pending_links(table_name, row_id, candidate_id)`: each record left unlinked while it
    waits for review, with the registered people the decision rule could not tell apart (see
    `publish_pending_links`). A model that flags the absence of a record (aid with no enrollment)
    must not flag such a candidate: that would be guessing the review's outcome."""
    publish_pending_links(wh)
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


def publish_pending_links(wh: Warehouse, margin: float | None = None) -> None:
    """The queued candidates within `margin` (match weight; the decision rule's, by default) of the
    best candidate of their record, unless judged `no_match`."""
    if margin is None:
        from qingfeng.settings import get_settings

        margin = get_settings().link_margin
    if not (wh.has_table("review_queue") and wh.has_table("resolve_weak_rows")):
        wh.execute(f"CREATE OR REPLACE VIEW pending_links AS {PENDING_EMPTY}")
        return
    wh.execute(
        f"""CREATE OR REPLACE VIEW pending_links AS
        SELECT DISTINCT w.table_name, w.row_id, q.candidate_id
        FROM (SELECT identity_key, candidate_id, match_weight,
                     max(match_weight) OVER (PARTITION BY identity_key) AS best
              FROM review_queue WHERE coalesce(judgement, '') <> 'no_match') q
        JOIN resolve_weak_rows w ON w.identity_key = q.identity_key
        JOIN person_links l ON l.table_name = w.table_name AND l.row_id = w.row_id
        WHERE l.method = 'unlinked' AND q.match_weight >= q.best - {float(margin)!r}"""
    )
