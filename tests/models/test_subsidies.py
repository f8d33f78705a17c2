"""Subsidy models: after death, shared accounts, approver's relatives, duplicates across villages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.models.helpers import clues_of, keys, person, pid

UNKNOWN_ID = "11010119700101999"  # 17 characters: no valid ID, no name, so nobody can be linked to it


def _pay(payment_id: str, seq: int | None, pay_date: str, amount: str, **extra: Any) -> dict[str, Any]:
    row = {"payment_id": payment_id, "id_number": pid(seq) if seq else UNKNOWN_ID, "pay_date": pay_date,
           "amount": amount, "program": "farmland"}  # fmt: skip
    return {**row, **extra}


def test_subsidy_after_death_is_strictly_after_the_earliest_death_date() -> None:
    rows = {
        "persons": [person(1, "王建国"), person(3, "李秀英")],
        "deaths": [
            {"record_id": "D1", "id_number": pid(1), "death_date": "2023-05-09"},
            {"record_id": "D2", "id_number": pid(1), "death_date": "2023-05-20"},
            {"record_id": "D3", "id_number": UNKNOWN_ID, "death_date": "2020-01-01"},
        ],
        "subsidy_payments": [
            _pay("S1", 1, "2023-05-09", "100.00"),  # the day of death is not after it
            _pay("S2", 1, "2023-05-10", "100.00"),
            _pay("S3", 1, "2023-06-10", "60.00", program="elderly"),
            _pay("S4", 3, "2023-06-10", "60.00"),
        ],
    }
    clues = clues_of(rows, "subsidy_after_death")
    assert set(clues) == {pid(1)}
    assert clues[pid(1)].amount == Decimal("160.00")
    assert keys(clues[pid(1)]) == [("deaths", "D1"), ("subsidy_payments", "S2"), ("subsidy_payments", "S3")]
    assert "elderly, farmland" in clues[pid(1)].explanation_zh


def _account_rows() -> dict[str, list[dict[str, Any]]]:
    people = [
        person(1, "一", "H1"), person(3, "三", "H1"), person(5, "五", "H2"),
        person(7, "七", "H3"), person(9, "九", "H3"), person(11, "十一", "H4"), person(13, "十三", "H5"),
        person(15, "十五", "H6"), person(17, "十七", "H7"), person(19, "十九", "H8"),
        person(21, "二一", "H9"), person(23, "二三", "H10"), person(25, "二五", "H11"),
        person(27, "二七", "H12"),
        person(29, "二九", "H13"), person(31, "三一", "H13"), person(33, "三三", "H13"),
    ]  # fmt: skip
    relations = [
        {"id_number_a": pid(15), "id_number_b": pid(17), "relation": "sibling"},
        {"id_number_a": pid(19), "id_number_b": pid(17), "relation": "in_law"},
        {"id_number_a": pid(21), "id_number_b": pid(23), "relation": "spouse"},
    ]
    accounts = {"A1": [1, 3, 5], "A2": [7, 9, 11, 13], "A3": [15, 17, 19], "A4": [21, 23, 25, 27],
                "A5": [29, 31, 33]}  # fmt: skip
    payments = [
        _pay(f"{account}-{seq}", seq, "2023-03-01", "100.00", bank_account=account)
        for account, members in accounts.items()
        for seq in members
    ]
    payments += [
        _pay("A2-x", None, "2023-04-01", "55.50", bank_account="A2"),  # unlinked, still paid into A2
        _pay("A2-y", 7, "2023-05-01", "44.50", bank_account="A2", program="elderly"),
    ]
    return {"persons": people, "relations": relations, "subsidy_payments": payments}


def test_shared_subsidy_account_counts_connected_groups_of_relatives() -> None:
    clues = clues_of(_account_rows(), "shared_subsidy_account")
    # A1: a household and one other = 2 groups; A3: a chain of relations = 1 group; A5: one household
    assert set(clues) == {"A2", "A4"}
    assert clues["A2"].amount == Decimal("500.00")
    assert keys(clues["A2"]) == [
        ("subsidy_payments", "A2-11"),
        ("subsidy_payments", "A2-13"),
        ("subsidy_payments", "A2-7"),
        ("subsidy_payments", "A2-9"),
        ("subsidy_payments", "A2-x"),
        ("subsidy_payments", "A2-y"),
    ]
    assert clues["A4"].amount == Decimal("400.00")
    assert clues["A4"].explanation_zh == (
        "银行账户A4收取4人的补贴，这些人分属3组互无亲属关系的人员；该账户共收款4笔，合计400.00元。"
    )
    assert clues["A2"].subjects == ({"kind": "bank_account", "id": "A2"},)


def test_shared_subsidy_account_min_groups_parameter() -> None:
    clues = clues_of(_account_rows(), "shared_subsidy_account", min_groups=2)
    assert set(clues) == {"A1", "A2", "A4"}
    assert clues["A1"].params == {"min_groups": 2}


def test_subsidy_to_approver_relative_by_self_household_and_relations() -> None:
    rows = {
        "persons": [
            person(1, "自批", "H1"),
            person(3, "户员", "H2"),
            person(5, "村干部", "H2"),
            person(7, "妻", "H3"),
            person(9, "夫", "H4"),
            person(11, "村民", "H5"),
            person(13, "干部", "H6"),
            person(15, "表亲", "H7"),
        ],
        "relations": [
            {"id_number_a": pid(9), "id_number_b": pid(7), "relation": "spouse"},
            {"id_number_a": pid(15), "id_number_b": pid(99), "relation": "in_law"},
        ],
        "subsidy_payments": [
            _pay("S1", 1, "2023-01-01", "100.00", approver_id=pid(1)),
            _pay("S2", 3, "2023-01-01", "200.00", approver_id=pid(5)),
            _pay("S3", 3, "2023-02-01", "200.00", approver_id=pid(13)),  # unrelated approver
            _pay("S4", 7, "2023-01-01", "300.00", approver_id=pid(9).lower()),
            _pay("S5", 11, "2023-01-01", "400.00", approver_id=pid(13)),
            _pay("S6", 15, "2023-01-01", "500.00", approver_id=pid(99)),  # relative known only to relations
        ],
    }
    clues = clues_of(rows, "subsidy_to_approver_relative")
    assert set(clues) == {pid(1), pid(3), pid(7), pid(15)}
    assert {s: c.amount for s, c in clues.items()} == {
        pid(1): Decimal("100.00"),
        pid(3): Decimal("200.00"),
        pid(7): Decimal("300.00"),
        pid(15): Decimal("500.00"),
    }
    assert keys(clues[pid(3)]) == [("subsidy_payments", "S2")]
    assert f"村干部 {pid(5)} (household)" in clues[pid(3)].explanation_zh
    assert f"夫 {pid(9)} (spouse)" in clues[pid(7)].explanation_en


def test_duplicate_subsidy_same_program_same_month_two_villages() -> None:
    rows = {
        "persons": [person(1, "甲"), person(3, "乙"), person(5, "丙"), person(7, "丁")],
        "subsidy_payments": [
            _pay("S1", 1, "2023-03-05", "100.00", village="东村"),
            _pay("S2", 1, "2023-03-20", "100.00", village="西村"),
            _pay("S3", 1, "2023-03-25", "50.00", village="东村"),
            _pay("S4", 1, "2023-03-25", "70.00", village="西村", program="elderly"),  # other program
            _pay("S5", 1, "2023-04-05", "100.00", village="东村"),
            _pay("S6", 3, "2023-03-31", "100.00", village="东村"),  # months differ
            _pay("S7", 3, "2023-04-01", "100.00", village="西村"),
            _pay("S8", 5, "2023-03-05", "100.00", village="东村"),  # programs differ
            _pay("S9", 5, "2023-03-06", "100.00", village="西村", program="elderly"),
            _pay("S10", 7, "2023-03-05", "100.00", village="东村"),  # one village twice
            _pay("S11", 7, "2023-03-06", "100.00", village="东村"),
        ],
    }
    clues = clues_of(rows, "duplicate_subsidy")
    assert set(clues) == {pid(1)}
    assert clues[pid(1)].amount == Decimal("250.00")
    assert keys(clues[pid(1)]) == [
        ("subsidy_payments", "S1"),
        ("subsidy_payments", "S2"),
        ("subsidy_payments", "S3"),
    ]
