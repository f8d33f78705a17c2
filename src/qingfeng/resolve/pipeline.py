"""Resolution as one step of the scan: links, review queue, relatives, organisations, model-facing views."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qingfeng.engine import Warehouse
from qingfeng.resolve.decide import DecisionRule
from qingfeng.resolve.exact import link_exact, person_tables
from qingfeng.resolve.judgements import DEFAULT_JUDGEMENTS_PATH, JudgementStore
from qingfeng.resolve.model import MODEL_PATH
from qingfeng.resolve.orgs import build_organisations
from qingfeng.resolve.probabilistic import apply_decisions, link_weak_records
from qingfeng.resolve.publish import publish_views
from qingfeng.resolve.relatives import build_relatives
from qingfeng.resolve.review import record_key_sql, write_review_queue
from qingfeng.settings import Settings, get_settings


@dataclass(frozen=True)
class ResolutionSummary:
    linked_exact: int
    linked_probabilistic: int
    linked_by_review: int
    unlinked: int
    """Records of person tables with no person: includes those queued for review."""
    queued_for_review: int
    """Distinct weak identities waiting in `review_queue`."""


def resolve(
    wh: Warehouse,
    *,
    settings: Settings | None = None,
    judgements_path: Path | str | None = None,
    model_path: Path = MODEL_PATH,
) -> ResolutionSummary:
    """Link every person record, queue the uncertain ones, build relatives and organisations, publish views.

    Judgements are read from `judgements_path` (else settings' `judgements_path`, else
    `qingfeng-judgements.sqlite` in the working directory); a missing file means none yet."""
    settings = settings or get_settings()
    path = judgements_path or settings.judgements_path or DEFAULT_JUDGEMENTS_PATH
    judgements = JudgementStore(path).effective()
    rule = DecisionRule(
        threshold=settings.link_threshold, margin=settings.link_margin, review_floor=settings.review_floor
    )
    link_exact(wh)
    outcome = link_weak_records(wh, rule, judgements, model_path)
    apply_decisions(wh, outcome)
    queued = write_review_queue(wh, outcome, judgements)
    build_relatives(wh)
    build_organisations(wh)
    publish_views(wh)
    return summarise(wh, queued)


def summarise(wh: Warehouse, queued: int | None = None) -> ResolutionSummary:
    counts = {
        r["method"]: r["n"] for r in wh.query("SELECT method, count(*) AS n FROM person_links GROUP BY 1")
    }
    if queued is None:
        queued = int(wh.scalar("SELECT count(DISTINCT identity_key) FROM review_queue") or 0)
    return ResolutionSummary(
        linked_exact=int(counts.get("exact", 0)),
        linked_probabilistic=int(counts.get("probabilistic", 0)),
        linked_by_review=int(counts.get("review", 0)),
        unlinked=int(counts.get("unlinked", 0)),
        queued_for_review=queued,
    )


def export_links(wh: Warehouse) -> Iterator[dict[str, Any]]:
    """Every person link as {"table", "key", "person_id", "method", "probability"}, for `evaluate --links`.

    Streamed table by table (a province has tens of millions of links); probabilities rounded to
    12 places, so that engines summing in another order write the same file."""
    for t in person_tables(wh):
        yield from wh.stream(
            f"""SELECT '{t.name}' AS "table", {record_key_sql(t.name)} AS "key", l.person_id,
                l.method, round(l.probability, 12) AS probability
            FROM person_links l JOIN raw.{t.name} r ON r._row_id = l.row_id
            WHERE l.table_name = '{t.name}' ORDER BY r._row_id"""
        )
