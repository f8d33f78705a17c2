"""The trained model shipped with the code matches the comparisons the code builds."""

from __future__ import annotations

from qingfeng.resolve.comparisons import person_blocking_rules, person_comparisons
from qingfeng.resolve.model import MODEL_VERSION, load_model, smooth, splink_settings


def test_saved_model_was_trained_on_the_current_comparisons() -> None:
    model = load_model()
    assert model["qingfeng_model_version"] == MODEL_VERSION
    saved = [[lv["sql_condition"] for lv in c["comparison_levels"]] for c in model["comparisons"]]
    built = [[lv["sql_condition"] for lv in c["comparison_levels"]] for c in person_comparisons()]
    assert saved == built, "comparisons changed: run `qingfeng resolve train` and commit the model"
    rules = [r["blocking_rule"] for r in model["blocking_rules_to_generate_predictions"]]
    assert rules == person_blocking_rules()


def test_every_level_has_trained_m_and_u() -> None:
    for comparison in load_model()["comparisons"]:
        ranked = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        assert abs(sum(lv["m_probability"] for lv in ranked) - 1) < 1e-9
        assert all(lv["u_probability"] > 0 for lv in ranked)


def test_prior_is_set_per_register_and_provenance_is_not_passed_to_splink() -> None:
    settings = splink_settings(load_model(), prior=1e-4)
    assert settings["probability_two_random_records_match"] == 1e-4
    assert not any(k.startswith("qingfeng_") for k in settings)


def test_smoothing_gives_unseen_levels_a_floor() -> None:
    levels = [{"is_null_level": True}, {"m_probability": 1.0, "u_probability": 0.5}, {"u_probability": 0.5}]
    smooth(levels)
    assert levels[2]["m_probability"] == 1e-3 / 1.001
    assert levels[1]["u_probability"] == 0.5
