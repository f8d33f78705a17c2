"""What a supervision model is: a declarative, self-describing object.

A model is data, not code: an id that never changes, a version bumped when
its logic changes, titles and descriptions in Chinese and English, the
sector, typed parameters with defaults, the tables it needs and one SQL query.

The query is written in DuckDB's dialect against the model-facing views
(docs/warehouse.md): the contract's tables under their own names, person
tables carrying `person_id`, and `relatives`. Parameters appear as `:name`
and are substituted as validated literals. The query returns one row per
clue with these columns:

- `subject`  VARCHAR, the clue's key (a person's id_number, a bank account, ...)
- `amount`   DECIMAL or NULL, yuan involved
- `evidence` LIST(STRUCT("table" VARCHAR, "key" VARCHAR, link_method VARCHAR,
  link_probability DOUBLE)), the rows that prove it by record key; the link
  fields are those of a person table's row and NULL elsewhere
  (`qingfeng.models.library._sql.evidence` writes one)
- any further columns named in the explanation templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Text:
    """A text in both languages of the UI."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class Sector(StrEnum):
    HEALTHCARE = "healthcare"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    SOCIAL_SECURITY = "social_security"
    RURAL_REVITALISATION = "rural_revitalisation"
    CONSTRUCTION = "construction"
    PROCUREMENT = "procurement"
    OTHER = "other"


class Offence(StrEnum):
    """Offence types a clue is counted under in the statistics."""

    BRIBERY = "bribery"
    EMBEZZLEMENT = "embezzlement"
    FRAUDULENT_CLAIMS = "fraudulent_claims"
    FAVOURITISM = "favouritism"
    DERELICTION_OF_DUTY = "dereliction_of_duty"
    ABUSE_OF_POWER = "abuse_of_power"
    OTHER = "other"


class SubjectKind(StrEnum):
    PERSON = "person"
    BANK_ACCOUNT = "bank_account"
    CONTRACT = "contract"
    TENDER = "tender"
    BUYER_SUPPLIER = "buyer_supplier"
    PROJECT = "project"


@dataclass(frozen=True)
class Param:
    name: str
    default: int | float | str
    description: Text

    def literal(self, value: Any) -> str:
        """The value as a SQL literal of the default's type; anything else is refused."""
        if isinstance(self.default, bool) or not isinstance(self.default, int | float | str):
            raise TypeError(f"parameter {self.name} has an unsupported type")
        if isinstance(self.default, int):
            return str(int(value))
        if isinstance(self.default, float):
            return repr(float(value))
        text = str(value)
        if "'" in text:
            raise ValueError(f"parameter {self.name} may not contain a quote")
        return f"'{text}'"


_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class SupervisionModel:
    id: str
    version: str
    title: Text
    description: Text
    sector: Sector
    tables: tuple[str, ...]
    """Contract tables the model needs; a missing one skips the model."""
    sql: str
    subject: SubjectKind
    amount: Text
    """What the amount is, for a reader (or that there is none)."""
    explanation: Text
    """str.format templates over the query's output columns."""
    offence: Offence = Offence.OTHER
    """The offence type a clue of this model is first counted under (a handler may change it)."""
    params: tuple[Param, ...] = field(default=())

    def resolved_params(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults, overridden by `overrides`; unknown names are refused."""
        values: dict[str, Any] = {p.name: p.default for p in self.params}
        for name, value in (overrides or {}).items():
            if name not in values:
                raise KeyError(f"model {self.id} has no parameter {name!r}")
            values[name] = value
        return values

    def render_sql(self, overrides: dict[str, Any] | None = None) -> str:
        """The query with every `:name` replaced by its literal value."""
        values = self.resolved_params(overrides)
        by_name = {p.name: p for p in self.params}

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in by_name:
                return match.group(0)
            return by_name[name].literal(values[name])

        return _PLACEHOLDER.sub(substitute, self.sql)

    def explain(self, row: dict[str, Any], lang: str) -> str:
        """The explanation for one clue, filled from its output row."""
        return self.explanation.get(lang).format(**{k: _display(v) for k, v in row.items()})


def _display(value: Any) -> Any:
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    if value is None:
        return "—"
    return value
