"""docs/models.md, generated from the model objects so that the documentation cannot drift.

Regenerate with:

    PYTHONPATH=src python -c "from qingfeng.models.docs import write_models_markdown; write_models_markdown()"

tests/models/test_docs.py fails when docs/models.md differs from `models_markdown()`.
"""

from __future__ import annotations

from pathlib import Path

from qingfeng.models.base import SupervisionModel
from qingfeng.models.registry import all_models

_HEADER = """# Built-in supervision models

Generated from `src/qingfeng/models/library/` by `qingfeng.models.docs.models_markdown()`;
do not edit by hand. The rules are those of the data contract
(`shared/spec/data-contract.md`, "Built-in supervision models"); each model's
description below says how the contract's words were read.

| id | title | sector | offence | tables | params | subject | amount |
| --- | --- | --- | --- | --- | --- | --- | --- |
"""

_NOTES = """
## How models read the warehouse

- Models read only the model-facing views of the main schema (docs/warehouse.md):
  person tables through `person_id`, never by joining on a raw `id_number`.
  Records whose `person_id` is NULL (unlinked) neither make nor prevent a clue:
  an unlinked death is nobody's death, an unlinked enrollment is nobody's enrollment.
  Identity columns that are not a table's person column (`approver_id`,
  `legal_rep_id`, `holder_id`, `owner_id`, `worker_id`) are compared by their
  normalised values; households come from `persons.household_id`, relatives
  from `relatives`.
- A model runs only when every table it lists is present; otherwise the scan
  reports it as skipped with the missing tables.
- Evidence names rows by their record key: the table's key column, or
  `line:<n>` for tables without one.
- Score: 1.0 when every evidence row of a person table is linked exactly (or by
  review); otherwise the lowest `link_probability` among them.
- `shared_subsidy_account` is the one query with `WITH RECURSIVE` (connected
  components); payments whose recipient is unlinked count in the account's amount
  but are not a person of any group.
- `wage_arrears`: only a wage payment with an amount above 0 counts as wages paid
  in a month; a running project's run ends on the last day of the latest month in
  the whole `wage_payments` table (with no wage payments at all, a running project
  has no known end and yields no clue).
- `bid_collusion`: contact phones and addresses are compared after trimming
  spaces at both ends; a shareholder counts as a person when `holder_id` is a
  valid resident ID (an all-digit credit code is not one).

## Dialect notes (for the Spark backend)

The queries are DuckDB SQL and translate with sqlglot. Constructs that need care
on Spark: struct literals `{'table': ..., 'key': ...}` (become `STRUCT(... AS ...)`),
`array_agg` (becomes `collect_list`), `string_agg(DISTINCT x, ', ' ORDER BY x)` in
explanation columns (Spark 3.5 has no `listagg`: use
`array_join(array_sort(collect_set(x)), ', ')`), `generate_series` in
`wage_arrears` (becomes `sequence` + `explode`), and `WITH RECURSIVE` in
`shared_subsidy_account`.
"""


def _row(model: SupervisionModel) -> str:
    params = ", ".join(f"`{p.name}`={p.default}" for p in model.params) or "—"
    cells = [
        f"`{model.id}`",
        f"{model.title.zh}<br>{model.title.en}",
        model.sector.value,
        model.offence.value,
        ", ".join(f"`{t}`" for t in model.tables),
        params,
        model.subject.value,
        f"{model.amount.zh}<br>{model.amount.en}",
    ]
    return "| " + " | ".join(cells) + " |"


def _detail(model: SupervisionModel) -> str:
    return f"### `{model.id}` (version {model.version})\n\n{model.description.zh}\n\n{model.description.en}\n"


def models_markdown() -> str:
    """The text of docs/models.md."""
    models = all_models()
    table = "\n".join(_row(m) for m in models)
    details = "\n".join(_detail(m) for m in models)
    return f"{_HEADER}{table}\n{_NOTES}\n## Rules as implemented\n\n{details}"


def write_models_markdown(path: Path | str = "docs/models.md") -> None:
    Path(path).write_text(models_markdown(), encoding="utf-8")
