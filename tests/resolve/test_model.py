"""The trained model shipped with the code is the one the code trains."""

from __future__ import annotations

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.resolve.comparisons import person_blocking_rules, person_comparisons
from qingfeng.resolve.features import add_name_keys, write_name_keys
from qingfeng.resolve.model import (
    MODEL_VERSION,
    load_model,
    smooth,
    splink_settings,
    train,
    translate_condition,
)


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


def test_the_model_is_translated_to_spark_sql_with_the_jar_function_names() -> None:
    settings = splink_settings(load_model(), prior=1e-4, dialect="spark")
    assert settings["sql_dialect"] == "spark"
    name = next(c for c in settings["comparisons"] if c["output_column_name"] == "name")
    conditions = [lv["sql_condition"] for lv in name["comparison_levels"]]
    assert conditions[1] == "`name_l` = `name_r`"
    assert conditions[4] == "JARO_WINKLER(`name_py_l`, `name_py_r`) >= 0.9"
    assert conditions[-1] == "ELSE"
    rules = [r["blocking_rule"] for r in settings["blocking_rules_to_generate_predictions"]]
    assert "LEFT(l.id_number, 14) = LEFT(r.id_number, 14)" in rules
    assert all(r["sql_dialect"] == "spark" for r in settings["blocking_rules_to_generate_predictions"])
    # m and u travel unchanged; the DuckDB settings are left as they were.
    duck = splink_settings(load_model(), prior=1e-4)
    assert [lv.get("m_probability") for lv in name["comparison_levels"]] == [
        lv.get("m_probability")
        for lv in next(c for c in duck["comparisons"] if c["output_column_name"] == "name")[
            "comparison_levels"
        ]
    ]
    assert duck["comparisons"][0]["comparison_levels"][1]["sql_condition"] == '"name_l" = "name_r"'


def test_translated_conditions_keep_their_meaning() -> None:
    one_off = translate_condition('((substr("d_l", 1, 4) = substr("d_r", 1, 4))::INT) = 2', "spark")
    assert one_off == "(CAST((SUBSTRING(`d_l`, 1, 4) = SUBSTRING(`d_r`, 1, 4)) AS INT)) = 2"
    assert translate_condition('damerau_levenshtein("a_l", "a_r") <= 1', "spark") == (
        "DAMERAU_LEVENSHTEIN(`a_l`, `a_r`) <= 1"
    )


def test_training_again_gives_the_shipped_model() -> None:
    """The shipped m and u are what `qingfeng resolve train` computes from the code as it is (~16 s)."""
    retrained = train(out=None)
    shipped = load_model()
    assert {k: v for k, v in retrained.items() if k != "comparisons"} == {
        k: v for k, v in shipped.items() if k != "comparisons"
    }
    assert len(retrained["comparisons"]) == len(shipped["comparisons"])
    for new, old in zip(retrained["comparisons"], shipped["comparisons"], strict=True):
        assert len(new["comparison_levels"]) == len(old["comparison_levels"])
        for a, b in zip(new["comparison_levels"], old["comparison_levels"], strict=True):
            assert {k: v for k, v in a.items() if not k.endswith("_probability")} == {
                k: v for k, v in b.items() if not k.endswith("_probability")
            }
            for key in ("m_probability", "u_probability"):
                assert (a.get(key) is None) == (b.get(key) is None), (a["label_for_charts"], key)
                if a.get(key) is not None:
                    assert a[key] == pytest.approx(b[key], rel=1e-9), (a["label_for_charts"], key)


def test_training_names_are_cleaned_and_keyed_as_in_a_scan() -> None:
    """Training and the scan share `write_name_keys`: a name with spaces and a middle dot is cleaned
    and keyed once, and a NULL name stays NULL."""
    wh = DuckDBWarehouse()
    wh.execute("CREATE TABLE a AS SELECT * FROM (VALUES ('1', '张 三'), ('2', NULL)) t(unique_id, name)")
    wh.execute(
        "CREATE TABLE b AS SELECT * FROM (VALUES ('3', '张三'), ('4', '阿依古丽·买买提')) t(unique_id, name)"
    )
    add_name_keys(wh, ["a", "b"])
    write_name_keys(wh, "SELECT '张 三' AS name UNION SELECT '阿依古丽·买买提'", table="scan_keys")
    scan = {r["name_raw"]: r for r in wh.query("SELECT * FROM scan_keys")}
    rows = {
        r["unique_id"]: r
        for r in wh.query("SELECT unique_id, name, name_py, name_fz FROM a UNION ALL SELECT * FROM b")
    }
    assert rows["1"] == {"unique_id": "1", **{k: scan["张 三"][c] for k, c in _KEYS.items()}}
    assert rows["3"] == {"unique_id": "3", "name": "张三", "name_py": "zhang san", "name_fz": "zansan"}
    assert rows["1"]["name"] == rows["3"]["name"]
    assert rows["2"] == {"unique_id": "2", "name": None, "name_py": None, "name_fz": None}
    assert rows["4"]["name"] == scan["阿依古丽·买买提"]["name_clean"]


_KEYS = {"name": "name_clean", "name_py": "name_py", "name_fz": "name_fz"}
