"""The built-in supervision models, in a stable order, looked up by their contract id."""

from __future__ import annotations

from functools import cache

from qingfeng.models.base import SupervisionModel
from qingfeng.models.library import education, employment, healthcare, procurement, social_security, subsidies

# The order of the contract's model table: reports and scan summaries list models in it.
_ORDER = (
    "pension_after_death",
    "pension_during_imprisonment",
    "medical_claim_after_death",
    "overlapping_inpatient",
    "subsidy_after_death",
    "shared_subsidy_account",
    "subsidy_to_approver_relative",
    "dibao_with_assets",
    "duplicate_subsidy",
    "student_aid_not_enrolled",
    "contract_to_official_relative",
    "bid_collusion",
    "contract_splitting",
    "wage_arrears",
)


def index_models(
    models: tuple[SupervisionModel, ...] | list[SupervisionModel],
) -> dict[str, SupervisionModel]:
    """Models by id; two models with one id are refused (ids are the key of every clue ever made)."""
    by_id: dict[str, SupervisionModel] = {}
    for model in models:
        if model.id in by_id:
            raise ValueError(f"two supervision models share the id {model.id!r}")
        by_id[model.id] = model
    return by_id


@cache
def _registry() -> dict[str, SupervisionModel]:
    found = index_models(
        social_security.MODELS
        + healthcare.MODELS
        + subsidies.MODELS
        + education.MODELS
        + procurement.MODELS
        + employment.MODELS
    )
    order = {model_id: i for i, model_id in enumerate(_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def all_models() -> list[SupervisionModel]:
    """Every built-in model, in the order of the data contract."""
    return list(_registry().values())


def get_model(model_id: str) -> SupervisionModel:
    """The built-in model with this id; an unknown id is refused with the list of known ones."""
    try:
        return _registry()[model_id]
    except KeyError:
        known = ", ".join(_registry())
        raise KeyError(f"no supervision model {model_id!r}; known models: {known}") from None
