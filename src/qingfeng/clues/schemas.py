"""Reading clue lines (one JSON object a line, as `qingfeng scan` writes them) into checked values.

Only `model`, `subject` and `amount` are required; everything else is optional. A line that is
not a JSON object, lacks a required field or holds a value of the wrong kind is an error with
its line number; an import with any error writes nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from qingfeng.clues.models import ClueSource
from qingfeng.models.base import Offence, Sector

SECTORS = frozenset(s.value for s in Sector)
OFFENCES = frozenset(o.value for o in Offence)
SOURCES = frozenset(s.value for s in ClueSource)


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportRefused(Exception):
    """The clue file has bad lines; nothing was imported."""

    def __init__(self, errors: list[LineError]) -> None:
        shown = "; ".join(str(e) for e in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"导入被拒绝，未写入任何线索 / import refused, nothing written: {shown}{more}")
        self.errors = errors


@dataclass
class SubjectLine:
    kind: str
    identifier: str
    name: str = ""
    village: str = ""
    region_code: str = ""
    relatives: list[str] = field(default_factory=list)


@dataclass
class EvidenceLine:
    table: str
    key: str
    link: dict[str, Any] | None = None


@dataclass
class ClueLine:
    """One checked clue line."""

    line: int
    model: str
    subject: str
    amount: Decimal | None
    source: str = ClueSource.MODEL.value
    model_version: str | None = None
    params: dict[str, Any] | None = None
    subject_kind: str | None = None
    score: float | None = None
    title_zh: str = ""
    title_en: str = ""
    explanation_zh: str = ""
    explanation_en: str = ""
    sector: str = Sector.OTHER.value
    offence: str = Offence.OTHER.value
    region_code: str = ""
    village: str = ""
    evidence: list[EvidenceLine] = field(default_factory=list)
    subjects: list[SubjectLine] = field(default_factory=list)


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"'{name}' must be text")
    return str(value).strip()


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"'{name}' must be a number or null")
    return float(value)


def _choice(raw: Mapping[str, Any], name: str, allowed: frozenset[str], default: str) -> str:
    value = _text(raw, name) or default
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(sorted(allowed))}")
    return value


def _evidence(raw: Any) -> list[EvidenceLine]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError("'evidence' must be a list")
    rows = []
    for item in raw:
        if not isinstance(item, dict) or not _text(item, "table") or not _text(item, "key"):
            raise ValueError("each evidence item needs 'table' and 'key'")
        link = item.get("link")
        rows.append(
            EvidenceLine(_text(item, "table"), _text(item, "key"), link if isinstance(link, dict) else None)
        )
    return rows


def _subjects(raw: Any) -> list[SubjectLine]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError("'subjects' must be a list")
    subjects = []
    for item in raw:
        if not isinstance(item, dict) or not _text(item, "id"):
            raise ValueError("each subject needs an 'id'")
        kind = _text(item, "kind") or "person"
        identifier = _text(item, "id")
        relatives = item.get("relatives") or []
        if not isinstance(relatives, list) or not all(isinstance(r, str) for r in relatives):
            raise ValueError("a subject's 'relatives' must be a list of id numbers")
        subjects.append(
            SubjectLine(
                kind=kind,
                identifier=identifier.upper() if kind == "person" else identifier,
                name=_text(item, "name"),
                village=_text(item, "village"),
                region_code=_text(item, "region_code"),
                relatives=[r.strip().upper() for r in relatives if r.strip()],
            )
        )
    return subjects


def _required(raw: Mapping[str, Any]) -> tuple[str, str, Decimal | None]:
    missing = [name for name in ("model", "subject", "amount") if name not in raw]
    if missing:
        raise ValueError(f"missing required field(s): {', '.join(missing)}")
    model, subject = _text(raw, "model"), _text(raw, "subject")
    if not model or not subject:
        raise ValueError("'model' and 'subject' must be non-empty")
    amount = _number(raw["amount"], "amount")
    return model, subject, None if amount is None else Decimal(str(amount)).quantize(Decimal("0.01"))


def check_line(line: int, raw: Any) -> ClueLine:
    """Check one decoded line; raises ValueError saying what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    model, subject, amount = _required(raw)
    params = raw.get("params")
    kind = _text(raw, "subject_kind") or None
    return ClueLine(
        line=line,
        model=model,
        subject=subject.upper() if kind == "person" else subject,
        amount=amount,
        source=_choice(raw, "source", SOURCES, ClueSource.MODEL.value),
        model_version=_text(raw, "model_version") or None,
        params=params if isinstance(params, dict) else None,
        subject_kind=kind,
        score=_number(raw.get("score"), "score"),
        title_zh=_text(raw, "title"),
        title_en=_text(raw, "title_en"),
        explanation_zh=_text(raw, "explanation"),
        explanation_en=_text(raw, "explanation_en"),
        sector=_choice(raw, "sector", SECTORS, Sector.OTHER.value),
        offence=_choice(raw, "offence", OFFENCES, Offence.OTHER.value),
        region_code=_text(raw, "region_code"),
        village=_text(raw, "village"),
        evidence=_evidence(raw.get("evidence")),
        subjects=_subjects(raw.get("subjects")),
    )


def check_lines(numbered: Iterable[tuple[int, Any]]) -> list[ClueLine]:
    """Check every line; raises ImportRefused listing every bad one."""
    clues: list[ClueLine] = []
    errors: list[LineError] = []
    for line, raw in numbered:
        if isinstance(raw, LineError):
            errors.append(raw)
            continue
        try:
            clues.append(check_line(line, raw))
        except ValueError as error:
            errors.append(LineError(line, str(error)))
    if errors:
        raise ImportRefused(errors)
    return clues


def read_jsonl(text_lines: Iterable[str]) -> list[tuple[int, Any]]:
    """Decode a clue file: (line number, object or LineError) for every non-blank line."""
    decoded: list[tuple[int, Any]] = []
    for number, text in enumerate(text_lines, 1):
        if not text.strip():
            continue
        try:
            decoded.append((number, json.loads(text)))
        except json.JSONDecodeError as error:
            decoded.append(
                (number, LineError(number, f"not valid JSON ({error.msg} at column {error.colno})"))
            )
    return decoded
