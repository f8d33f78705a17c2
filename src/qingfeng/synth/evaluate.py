"""Scoring a scan against the synthetic county's truth: clues per model, and entity linkage.

Clues match on (model, subject); the amount of a true positive is right when it
equals the truth to the cent (null equals null). Linkage is scored over the
noisy records only: a record linked to its true person is a true positive; a
record the truth says must stay unlinked is correct only when left unlinked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from qingfeng.synth.writer import TRUTH_DIR

ClueKey = tuple[str, str]


class TruthError(ValueError):
    """An input file is missing or unreadable."""


@dataclass(frozen=True)
class ModelScore:
    model: str
    expected: int
    found: int
    true_positives: int
    amounts_right: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None

    @property
    def amount_accuracy(self) -> float | None:
        """Share of true positives whose amount equals the truth to the cent."""
        return self.amounts_right / self.true_positives if self.true_positives else None


@dataclass(frozen=True)
class ClueEvaluation:
    models: list[ModelScore]
    missed: list[ClueKey] = field(default_factory=list)
    """Expected clues the scan did not report."""
    spurious: list[ClueKey] = field(default_factory=list)
    """Reported clues the truth does not hold."""
    wrong_amounts: list[ClueKey] = field(default_factory=list)

    @property
    def total(self) -> ModelScore:
        return ModelScore(
            "(all)",
            sum(m.expected for m in self.models),
            sum(m.found for m in self.models),
            sum(m.true_positives for m in self.models),
            sum(m.amounts_right for m in self.models),
        )


@dataclass(frozen=True)
class LinkEvaluation:
    noisy_records: int
    linked: int
    """Noisy records the scan linked to someone."""
    linked_right: int
    """Linked to their true person."""
    should_link: int
    """Noisy records whose truth names a person."""
    unlinked_right: int
    """Records the truth leaves unlinked that the scan left unlinked."""
    must_stay_unlinked: int

    @property
    def precision(self) -> float | None:
        return self.linked_right / self.linked if self.linked else None

    @property
    def recall(self) -> float | None:
        return self.linked_right / self.should_link if self.should_link else None

    @property
    def accuracy(self) -> float | None:
        """Share of noisy records handled right, unlinked distractors included."""
        right = self.linked_right + self.unlinked_right
        return right / self.noisy_records if self.noisy_records else None


def _cents(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int((Decimal(str(value)) * 100).to_integral_value())
    except (InvalidOperation, ValueError) as exc:
        raise TruthError(f"amount is no number: {value!r}") from exc


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSON-lines file; a line that is no object raises TruthError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TruthError(f"cannot read {path}: {exc.strerror}") from exc
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TruthError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise TruthError(f"{path}:{n}: not a JSON object")
        records.append(record)
    return records


def truth_dir(path: Path) -> Path:
    """The `_truth` folder given a dataset folder or the `_truth` folder itself."""
    if (path / "clues.jsonl").is_file():
        return path
    if (path / TRUTH_DIR / "clues.jsonl").is_file():
        return path / TRUTH_DIR
    raise TruthError(f"no ground truth in {path} (expected {TRUTH_DIR}/clues.jsonl)")


def _clue_map(records: list[dict[str, Any]], source: str) -> dict[ClueKey, int | None]:
    clues: dict[ClueKey, int | None] = {}
    for n, rec in enumerate(records, start=1):
        if "model" not in rec or "subject" not in rec:
            raise TruthError(f"{source}: clue {n} lacks model or subject")
        clues[(str(rec["model"]), str(rec["subject"]).strip().upper())] = _cents(rec.get("amount"))
    return clues


def evaluate_clues(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> ClueEvaluation:
    """Per-model expected, found, true positives and amount accuracy; subjects compare upper-cased."""
    truth, scan = _clue_map(expected, "truth"), _clue_map(found, "scan")
    models = sorted({m for m, _ in truth} | {m for m, _ in scan})
    scores = []
    for model in models:
        mine = {k for k in truth if k[0] == model}
        theirs = {k for k in scan if k[0] == model}
        hits = mine & theirs
        right = sum(1 for k in hits if truth[k] == scan[k])
        scores.append(ModelScore(model, len(mine), len(theirs), len(hits), right))
    wrong = sorted(k for k in truth.keys() & scan.keys() if truth[k] != scan[k])
    return ClueEvaluation(
        scores, sorted(truth.keys() - scan.keys()), sorted(scan.keys() - truth.keys()), wrong
    )


def evaluate_links(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> LinkEvaluation:
    """Linkage precision and recall over the noisy records of the truth."""
    scan: dict[tuple[str, str], str | None] = {}
    for rec in found:
        person = rec.get("person_id")
        scan[(str(rec.get("table")), str(rec.get("key")))] = str(person).upper() if person else None
    linked = linked_right = should_link = unlinked_right = must_stay = 0
    for rec in expected:
        truth_person = rec.get("person_id")
        got = scan.get((str(rec["table"]), str(rec["key"])))
        linked += got is not None
        if truth_person is None:
            must_stay += 1
            unlinked_right += got is None
        else:
            should_link += 1
            linked_right += got == str(truth_person).upper()
    return LinkEvaluation(len(expected), linked, linked_right, should_link, unlinked_right, must_stay)


def evaluate_paths(
    truth: Path, clues: Path, links: Path | None = None
) -> tuple[ClueEvaluation, LinkEvaluation | None]:
    """Read the files and score them (the CLI's work)."""
    folder = truth_dir(truth)
    clue_eval = evaluate_clues(read_jsonl(folder / "clues.jsonl"), read_jsonl(clues))
    if links is None:
        return clue_eval, None
    return clue_eval, evaluate_links(read_jsonl(folder / "links.jsonl"), read_jsonl(links))
