"""Comparison levels evaluated in DuckDB exactly as Splink's CASE evaluates them."""

from __future__ import annotations

import duckdb
import pytest

from qingfeng.resolve.comparisons import Comparison, birth_date, identity_number, level_labels, place


def level_of(comparison: Comparison, left: dict[str, str | None], right: dict[str, str | None]) -> str:
    """The label of the first level whose condition holds for this pair."""
    con = duckdb.connect()
    cols = {f"{k}_l": v for k, v in left.items()} | {f"{k}_r": v for k, v in right.items()}
    select = ", ".join(f'CAST(? AS VARCHAR) AS "{k}"' for k in cols)
    con.execute(f"CREATE TABLE pair AS SELECT {select}", list(cols.values()))
    for level in comparison["comparison_levels"]:
        if level["sql_condition"] == "ELSE":
            return str(level["label_for_charts"])
        if con.execute(f"SELECT ({level['sql_condition']}) FROM pair").fetchone() == (True,):
            return str(level["label_for_charts"])
    raise AssertionError("no level matched")


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ("1980-05-07", "1980-05-07", "same date"),
        ("1980-05-07", "1980-07-05", "day and month swapped"),
        ("1980-05-07", "1981-05-07", "one of year, month, day differs"),
        ("1980-05-07", "1980-06-07", "one of year, month, day differs"),
        ("1980-05-07", "1980-05-08", "one of year, month, day differs"),
        ("1980-05-07", "1981-07-05", "different"),
        ("1980-05-07", "1980-06-08", "different"),
        ("1980-05-05", "1980-05-05", "same date"),
        (None, "1980-05-07", "missing"),
    ],
)
def test_birth_date_levels(left: str | None, right: str, label: str) -> None:
    assert level_of(birth_date(), {"birth_date": left}, {"birth_date": right}) == label


@pytest.mark.parametrize(
    ("left", "label"),
    [
        ("141181198005070013", "same number"),
        ("141181198005070018", "one typo or swap"),  # last digit mistyped
        ("141181198050070013", "one typo or swap"),  # adjacent digits swapped
        ("14118119800507001", "one typo or swap"),  # a digit dropped
        ("141181198005170023", "two edits"),
        ("141181199912310099", "same region prefix"),
        ("110101199912310099", "different"),
        (None, "missing"),
    ],
)
def test_identity_number_levels(left: str | None, label: str) -> None:
    right = {"id_number": "141181198005070013"}
    assert level_of(identity_number(), {"id_number": left}, right) == label


def test_place_is_missing_when_either_side_names_no_place() -> None:
    person = {"village": "东村", "region_code": "141181"}
    nothing = {"village": None, "region_code": None}
    assert level_of(place(), nothing, person) == "missing"
    assert level_of(place(), person, nothing) == "missing"
    assert level_of(place(), {"village": "东村", "region_code": None}, person) == "same village"
    assert level_of(place(), {"village": "西村", "region_code": "141181"}, person) == "same region"


def test_level_labels_follow_splink_gamma_numbering() -> None:
    labels = level_labels([birth_date()])["birth_date"]
    assert labels == {
        3: "same date",
        2: "day and month swapped",
        1: "one of year, month, day differs",
        0: "different",
        -1: "missing",
    }
