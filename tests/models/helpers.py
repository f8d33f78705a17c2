"""Small helpers the model tests share: run one model on a fixture, read a clue's evidence keys."""

from __future__ import annotations

from typing import Any

from qingfeng.models.runner import Clue, run_models
from tests.fixtures.warehouse import Row, build_warehouse, make_id


def clues_of(rows: dict[str, list[Row]], model_id: str, **params: Any) -> dict[str, Clue]:
    """Clues of one model on a freshly built warehouse, by subject."""
    wh = build_warehouse(rows)
    try:
        result = run_models(wh, only=[model_id], params={model_id: params} if params else None)
    finally:
        wh.close()
    assert not result.skipped, result.skipped
    return {clue.subject: clue for clue in result.clues}


def keys(clue: Clue) -> list[tuple[str, str]]:
    """The (table, key) pairs of a clue's evidence, in the clue's order."""
    return [(item["table"], item["key"]) for item in clue.evidence]


def person(seq: int, name: str, household: str | None = None, **extra: Any) -> Row:
    """A persons row for the seq-th test person (odd seq: male, even: female)."""
    return {"id_number": pid(seq), "name": name, "household_id": household, **extra}


def pid(seq: int) -> str:
    """The id_number of the seq-th test person."""
    return make_id("110101", "19700101", seq)
