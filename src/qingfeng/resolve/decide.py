"""The decision rule: which weak records link, which go to a reviewer, which stay unlinked.

A record links to its best candidate only when the match probability clears
`threshold` and no other candidate comes within `margin` (match weight, bits)
of it: two registered people with the same name, gender and birth date leave a
record without an ID unlinked, for a human to settle. Human judgements come
first: a `match` links (method `review`), a `no_match` removes that candidate,
`unsure` leaves the pair in the review queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qingfeng.resolve.judgements import Judgement

REVIEW_FLOOR = 0.5
"""Candidates at or above this probability that do not link are shown to a reviewer; below it, not."""
MAX_REVIEW_CANDIDATES = 3


@dataclass(frozen=True)
class Candidate:
    person_id: str
    probability: float
    weight: float
    levels: dict[str, str] = field(default_factory=dict)
    """Comparison name -> label of the level the pair fell in."""

    def detail(self) -> dict[str, Any]:
        return {"match_weight": round(self.weight, 3), "levels": self.levels}


@dataclass(frozen=True)
class Decision:
    method: str
    """`probabilistic`, `review` or `unlinked`."""
    person_id: str | None = None
    probability: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    to_review: tuple[Candidate, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class DecisionRule:
    threshold: float = 0.95
    margin: float = 0.5
    review_floor: float = REVIEW_FLOOR

    def decide(self, candidates: list[Candidate], judgements: dict[str, Judgement] | None = None) -> Decision:
        """Decide one weak record from its scored candidates and the judgements on its fingerprint."""
        judged = judgements or {}
        matches = sorted(p for p, j in judged.items() if j is Judgement.MATCH)
        if len(matches) == 1:
            return Decision(
                "review", matches[0], 1.0, {"judgement": Judgement.MATCH.value}, reason="judged match"
            )
        open_ = [c for c in candidates if judged.get(c.person_id) is not Judgement.NO_MATCH]
        ranked = sorted(open_, key=lambda c: (-c.weight, c.person_id))
        if len(matches) > 1:
            conflicting = tuple(c for c in ranked if c.person_id in matches)
            return Decision("unlinked", to_review=conflicting, reason="judged match to several people")
        if not ranked:
            return Decision("unlinked", reason="no candidate")
        best = ranked[0]
        runner_up = ranked[1] if len(ranked) > 1 else None
        close = runner_up is not None and best.weight - runner_up.weight < self.margin
        if best.probability >= self.threshold and not close:
            detail = best.detail()
            if runner_up is not None:
                detail["runner_up"] = {
                    "person_id": runner_up.person_id,
                    "match_weight": round(runner_up.weight, 3),
                }
            return Decision(
                "probabilistic", best.person_id, best.probability, detail, reason="clears threshold"
            )
        reviewable = tuple(
            c for c in ranked if c.probability >= self.review_floor or (close and c is runner_up)
        )
        reason = (
            "close second candidate" if close and best.probability >= self.threshold else "below threshold"
        )
        return Decision("unlinked", to_review=reviewable[:MAX_REVIEW_CANDIDATES], reason=reason)
