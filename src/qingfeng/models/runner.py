"""Run supervision models against a resolved warehouse and turn their rows into clues.

    result = run_models(wh)                                  # every built-in model
    result = run_models(wh, only=["contract_splitting"],
                        params={"contract_splitting": {"window_days": 75}})
    write_jsonl(result.clues, "clues.jsonl")

A model runs only when every table it needs is present as a model-facing view
(docs/warehouse.md); otherwise it is recorded as skipped with the missing
tables. Parameters are checked for every selected model before any query runs,
so a wrong name or value is refused without a half-done scan.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from qingfeng.engine import Warehouse
from qingfeng.models.base import SubjectKind, SupervisionModel
from qingfeng.models.clue import Clue, evidence_items, score_of, write_jsonl
from qingfeng.models.registry import all_models, get_model

__all__ = ["Clue", "ModelRun", "ScanResult", "run_models", "write_jsonl"]


@dataclass(frozen=True)
class ModelRun:
    """What happened to one model in a scan."""

    model: str
    version: str
    params: Mapping[str, Any]
    clues: int = 0
    seconds: float = 0.0
    missing_tables: tuple[str, ...] = ()
    error: str | None = None
    """Why the model's query failed, when it did; the other models still run."""

    @property
    def skipped(self) -> bool:
        return bool(self.missing_tables)

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class ScanResult:
    clues: tuple[Clue, ...]
    runs: tuple[ModelRun, ...]
    seconds: float = 0.0
    skipped: tuple[ModelRun, ...] = field(default=())

    def clues_per_model(self) -> dict[str, int]:
        """Clue counts of the models that ran, in run order."""
        return {run.model: run.clues for run in self.runs if not run.skipped and not run.failed}

    @property
    def failed(self) -> tuple[ModelRun, ...]:
        """Models whose query failed (the scan summary must say so)."""
        return tuple(run for run in self.runs if run.failed)


ProgressCallback = Callable[[ModelRun], None]


def run_models(
    wh: Warehouse,
    *,
    only: Sequence[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    on_progress: ProgressCallback | None = None,
) -> ScanResult:
    """Run the built-in models (or `only` those ids) and collect their clues."""
    started = time.perf_counter()
    models = [get_model(m) for m in only] if only is not None else all_models()
    resolved = _resolve_params(models, params or {})
    clues: list[Clue] = []
    runs: list[ModelRun] = []
    for model in models:
        run, found = _run_one(wh, model, resolved[model.id])
        clues.extend(found)
        runs.append(run)
        if on_progress is not None:
            on_progress(run)
    clues = _with_dataset_region(wh, _with_person_subjects(wh, clues))
    return ScanResult(
        clues=tuple(clues),
        runs=tuple(runs),
        seconds=time.perf_counter() - started,
        skipped=tuple(r for r in runs if r.skipped),
    )


def _resolve_params(
    models: Sequence[SupervisionModel], params: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    chosen = {m.id for m in models}
    for model_id in params:
        if model_id not in chosen:
            get_model(model_id)  # an unknown id raises with the list of known ones
            raise KeyError(f"parameters given for model {model_id!r}, which this scan does not run")
    resolved = {}
    for model in models:
        overrides = dict(params.get(model.id, {}))
        model.render_sql(overrides)  # refuses unknown names and values of the wrong type
        resolved[model.id] = model.resolved_params(overrides)
    return resolved


def _run_one(wh: Warehouse, model: SupervisionModel, values: dict[str, Any]) -> tuple[ModelRun, list[Clue]]:
    missing = tuple(t for t in model.tables if not wh.has_table(t))
    if missing:
        return ModelRun(model.id, model.version, values, missing_tables=missing), []
    started = time.perf_counter()
    try:
        rows = wh.query(model.render_sql(values))
        clues = [make_clue(model, values, row) for row in rows]
    except Exception as exc:  # one model's failure must not lose the other models' clues
        error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return ModelRun(
            model.id, model.version, values, seconds=time.perf_counter() - started, error=error
        ), []
    seconds = time.perf_counter() - started
    return ModelRun(model.id, model.version, values, clues=len(clues), seconds=seconds), clues


def make_clue(model: SupervisionModel, values: Mapping[str, Any], row: Mapping[str, Any]) -> Clue:
    """A clue from one output row of a model query."""
    subject = str(row["subject"])
    if model.subject is SubjectKind.PERSON:
        subject = subject.upper()
    evidence = evidence_items(row.get("evidence"))
    shown = {k: v for k, v in row.items() if k != "evidence"}
    return Clue(
        model=model.id,
        model_version=model.version,
        params=dict(values),
        subject=subject,
        subject_kind=model.subject.value,
        amount=_decimal(row.get("amount")),
        score=score_of(evidence),
        evidence=evidence,
        explanation_zh=model.explain(shown, "zh"),
        explanation_en=model.explain(shown, "en"),
        title_zh=model.title.zh,
        title_en=model.title.en,
        sector=model.sector.value,
        offence=model.offence.value,
        subjects=({"kind": model.subject.value, "id": subject},),
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _with_person_subjects(wh: Warehouse, clues: list[Clue]) -> list[Clue]:
    """Fill region, village and the person subject (with relatives, for recusal) from `persons`."""
    ids = sorted({c.subject for c in clues if c.subject_kind == SubjectKind.PERSON.value})
    if not ids or not wh.has_table("persons"):
        return clues
    people = _person_records(wh, ids)
    enriched = []
    for clue in clues:
        person = people.get(clue.subject) if clue.subject_kind == SubjectKind.PERSON.value else None
        if person is None:
            enriched.append(clue)
            continue
        enriched.append(
            replace(clue, region_code=person["region_code"], village=person["village"], subjects=(person,))
        )
    return enriched


def _with_dataset_region(wh: Warehouse, clues: list[Clue]) -> list[Clue]:
    """Place clues about accounts, contracts, tenders and projects in the dataset's own region.

    Those tables carry no region of their own; a dataset is one department's data for
    its area, whose code is the one most persons are registered under. Without a
    region a clue would be visible to nobody in the clue store."""
    if all(c.region_code for c in clues) or not wh.has_table("persons"):
        return clues
    region = wh.scalar(
        "SELECT region_code FROM persons WHERE region_code IS NOT NULL "
        "GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1"
    )
    if region is None:
        return clues
    return [c if c.region_code else replace(c, region_code=str(region)) for c in clues]


def _person_records(wh: Warehouse, ids: Sequence[str], chunk: int = 500) -> dict[str, dict[str, Any]]:
    has_relatives = wh.has_table("relatives")
    people: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), chunk):
        listed = ", ".join(_quote(i) for i in ids[start : start + chunk])
        for row in wh.query(
            f"SELECT name, region_code, village, id_number FROM persons WHERE id_number IN ({listed})"
        ):
            person_id = row.pop("id_number")
            people[person_id] = {"kind": "person", "id": person_id, **row, "relatives": []}
        if has_relatives:
            for row in wh.query(
                f"SELECT person_id, relative_id FROM relatives WHERE person_id IN ({listed})"
            ):
                if row["person_id"] in people:
                    people[row["person_id"]]["relatives"].append(row["relative_id"])
    for person in people.values():
        person["relatives"] = sorted(set(person["relatives"]))
    return people


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def count_by_model(clues: Iterable[Clue]) -> dict[str, int]:
    """Clues per model id."""
    counts: dict[str, int] = {}
    for clue in clues:
        counts[clue.model] = counts.get(clue.model, 0) + 1
    return counts
