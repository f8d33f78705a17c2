"""A clue: what one supervision model found about one subject, and its line in the batch interface."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

EvidenceItem = Mapping[str, Any]
"""{"table", "key"} and, for a row of a person table, "link": {"method", "probability"}."""

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Clue:
    """One clue, traceable to its rows, its model version and the parameter values used.

    `score` says how sure the identities behind the clue are: 1.0 when every
    evidence row of a person table is linked to its person exactly (a valid ID
    found in `persons`, or a human review); otherwise the lowest
    `link_probability` among those rows. Rows that are not about a person
    (contracts, vehicles, ...) and rows left unlinked (which a clue never
    attributes to anyone; they appear only as money into a shared account) do
    not lower it.
    """

    model: str
    model_version: str
    params: Mapping[str, Any]
    subject: str
    subject_kind: str
    amount: Decimal | None
    score: float
    evidence: tuple[EvidenceItem, ...]
    explanation_zh: str
    explanation_en: str
    title_zh: str
    title_en: str
    sector: str
    offence: str
    region_code: str | None = None
    village: str | None = None
    subjects: tuple[Mapping[str, Any], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The clue as one object of the batch interface (data contract, "The batch interface")."""
        return {
            "model": self.model,
            "subject": self.subject,
            "amount": None if self.amount is None else float(self.amount.quantize(_CENT, ROUND_HALF_UP)),
            "score": self.score,
            "evidence": [dict(item) for item in self.evidence],
            "explanation": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "title": self.title_zh,
            "title_en": self.title_en,
            "model_version": self.model_version,
            "params": dict(self.params),
            "subject_kind": self.subject_kind,
            "sector": self.sector,
            "offence": self.offence,
            "region_code": self.region_code,
            "village": self.village,
            "subjects": [_plain(s) for s in self.subjects],
        }


def _plain(subject: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in subject.items()}


def write_jsonl(clues: Iterable[Clue], path: Path | str) -> int:
    """Write one JSON object a line, UTF-8, sorted by (model, subject); returns the number written."""
    ordered = sorted(clues, key=lambda c: (c.model, c.subject))
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        for clue in ordered:
            out.write(json.dumps(clue.to_json(), ensure_ascii=False, sort_keys=False) + "\n")
    return len(ordered)


def score_of(evidence: Iterable[EvidenceItem]) -> float:
    """The clue score from its evidence links (see `Clue`)."""
    score = 1.0
    for item in evidence:
        link = item.get("link") or {}
        if link.get("method") in (None, "unlinked", "exact", "review"):
            continue
        probability = link.get("probability")
        score = min(score, 1.0 if probability is None else float(probability))
    return score


_LINE = re.compile(r"^line:(\d+)$")


def evidence_items(raw: Iterable[Mapping[str, Any]] | None) -> tuple[EvidenceItem, ...]:
    """Evidence as returned by a model query: deduplicated, link fields only where known, sorted."""
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for item in raw or ():
        entry: dict[str, Any] = {"table": item["table"], "key": str(item["key"])}
        if item.get("link_method") is not None:
            probability = item.get("link_probability")
            entry["link"] = {
                "method": item["link_method"],
                "probability": None if probability is None else float(probability),
            }
        unique.setdefault((entry["table"], entry["key"]), entry)
    return tuple(unique[k] for k in sorted(unique, key=_evidence_order))


def _evidence_order(table_key: tuple[str, str]) -> tuple[str, int, str]:
    table_name, key = table_key
    line = _LINE.match(key)
    return (table_name, int(line.group(1)) if line else -1, key)
