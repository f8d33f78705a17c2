"""Resolution as one step of the scan: links, relatives, then the model-facing views."""

from __future__ import annotations

from dataclasses import dataclass

from qingfeng.engine import Warehouse
from qingfeng.resolve.exact import link_exact
from qingfeng.resolve.publish import publish_views
from qingfeng.resolve.relatives import build_relatives


@dataclass(frozen=True)
class ResolutionSummary:
    linked_exact: int
    linked_probabilistic: int
    linked_by_review: int
    unlinked: int
    queued_for_review: int


def resolve(wh: Warehouse) -> ResolutionSummary:
    """Link every person record, build the relatives graph and publish the views models read."""
    link_exact(wh)
    build_relatives(wh)
    publish_views(wh)
    return summarise(wh)


def summarise(wh: Warehouse) -> ResolutionSummary:
    counts = {r["method"]: r["n"] for r in wh.query("SELECT method, count(*) AS n FROM person_links GROUP BY 1")}
    return ResolutionSummary(
        linked_exact=int(counts.get("exact", 0)),
        linked_probabilistic=int(counts.get("probabilistic", 0)),
        linked_by_review=int(counts.get("review", 0)),
        unlinked=int(counts.get("unlinked", 0)),
        queued_for_review=0,
    )
