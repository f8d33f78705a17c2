"""The blocking rules keep the true pairs each kind of error leaves, and pair no more than they must.

Each rule pairs two keys, so a weak record is compared with a few registered people, not with
everyone of its region and birth year (docs/entity-resolution.md, "Blocking").
"""

from __future__ import annotations

from typing import Any

import duckdb

from qingfeng.resolve.comparisons import person_blocking_rules
from qingfeng.resolve.names import keys_for_names
from tests.fixtures.warehouse import make_id

TRUE = make_id("110101", "19800315", 22)  # 王丽, the person every record below is about
REGISTER = [
    ("true", TRUE, "王丽", "F", "1980-03-15"),  # sequence 022: even, female
    # shares only the region code and the birth year with the true person: the old rule
    # left(id_number, 10) paired every record of a county with thousands of these
    ("same_region_and_year", make_id("110101", "19800704", 33), "赵强", "M", "1980-07-04"),
    # a namesake born another year, another day, with another ID
    ("namesake", make_id("110102", "19751109", 45), "王丽", "F", "1975-11-09"),
]


def _typo(id_number: str, position: int) -> str:
    """The ID with the digit at 1-based `position` changed."""
    digit = id_number[position - 1]
    return id_number[: position - 1] + ("7" if digit != "7" else "8") + id_number[position:]


def _candidates(record: dict[str, Any]) -> set[str]:
    """Register rows any blocking rule pairs with `record` (compared as Splink compares: l = record)."""
    keys = keys_for_names([record["name"], *(r[2] for r in REGISTER)])
    con = duckdb.connect()
    columns = ", ".join(
        f"{c} VARCHAR" for c in ("label", "id_number", "name_py", "name_fz", "gender", "birth_date")
    )
    for table in ("l", "r"):
        con.execute(f"CREATE TABLE {table}_in ({columns})")
    con.execute(
        "INSERT INTO l_in VALUES (?, ?, ?, ?, ?, ?)",
        ["record", record["id_number"], *keys[record["name"]][1:], record["gender"], record["birth_date"]],
    )
    for label, id_number, name, gender, birth in REGISTER:
        con.execute(
            "INSERT INTO r_in VALUES (?, ?, ?, ?, ?, ?)", [label, id_number, *keys[name][1:], gender, birth]
        )
    rules = " OR ".join(f"({rule})" for rule in person_blocking_rules())
    found = con.execute(f"SELECT r.label FROM l_in l, r_in r WHERE {rules}").fetchall()
    return {label for (label,) in found}


def _record(id_number: str | None, name: str = "王丽", birth: str | None = "1980-03-15") -> dict[str, Any]:
    return {"id_number": id_number, "name": name, "gender": "F", "birth_date": birth}


def test_one_typo_in_any_part_of_the_id_keeps_the_true_pair_even_with_no_birth_date() -> None:
    for position in (3, 10, 13, 16, 18):  # region, year, day, sequence, check character
        assert _candidates(_record(_typo(TRUE, position), birth=None)) == {"true"}, position


def test_without_an_id_a_homophone_name_or_a_mistyped_year_still_finds_the_person() -> None:
    assert _candidates(_record(None, name="王莉")) == {"true"}  # same pinyin, other character
    assert _candidates(_record(None, birth="1981-03-15")) == {"true"}  # year off, month and day kept
    # another name altogether, same birth date, gender and initial: still a candidate to score
    assert _candidates(_record(None, name="吴兰")) == {"true"}


def test_a_namesake_is_no_candidate_without_a_second_shared_key() -> None:
    # name and gender alone paired the record with every 王丽 of the register; birth year or
    # month and day must agree too
    assert "namesake" not in _candidates(_record(None))
    assert "namesake" in _candidates(_record(None, birth="1975-03-15"))  # year agrees: a candidate


def test_region_and_birth_year_alone_pair_nobody() -> None:
    near = _typo(make_id("110101", "19800704", 33), 16)  # 赵强's ID with a typo in the sequence
    assert _candidates({"id_number": near, "name": "钱伟", "gender": "F", "birth_date": None}) == {
        "same_region_and_year"
    }
    unrelated = make_id("110101", "19800101", 99)  # same region and birth year as both, nothing else
    assert _candidates({"id_number": unrelated, "name": "钱伟", "gender": "F", "birth_date": None}) == set()
