"""Contracts to officials' relatives, bid collusion, contract splitting: planted cases and near misses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.fixtures.warehouse import make_uscc
from tests.models.helpers import clues_of, keys, person, pid

FIRM = {n: make_uscc(n) for n in range(1, 12)}


def _company(n: int, legal_rep: str | None, status: str = "active") -> dict[str, Any]:
    return {"credit_code": FIRM[n], "name": f"公司{n}", "legal_rep_id": legal_rep, "status": status,
            "registered_date": "2020-01-01"}  # fmt: skip


def _contract(contract_id: str, supplier: str, amount: str, sign_date: str, **extra: Any) -> dict[str, Any]:
    row = {"contract_id": contract_id, "buyer_org": "乡政府", "supplier_code": supplier, "amount": amount,
           "sign_date": sign_date, "method": "direct"}  # fmt: skip
    return {**row, **extra}


def test_contract_to_official_relative_via_legal_rep_shareholder_household_and_relations() -> None:
    rows = {
        "persons": [person(1, "局长", "H1"), person(3, "局长之子", "H1"), person(5, "无关", "H2")],
        "relations": [{"id_number_a": pid(1), "id_number_b": pid(7), "relation": "spouse"}],
        "companies": [_company(1, pid(1)), _company(2, pid(5)), _company(3, pid(3)), _company(4, pid(5))],
        "shareholders": [
            {"credit_code": FIRM[2], "holder_id": pid(7), "share_ratio": 0.5},
            {"credit_code": FIRM[4], "holder_id": FIRM[1], "share_ratio": 0.5},  # a company, not a person
        ],
        "contracts": [
            _contract("K1", FIRM[1], "100000.00", "2023-01-01", approver_id=pid(1)),
            _contract("K2", FIRM[2], "200000.00", "2023-01-01", approver_id=pid(1)),
            _contract("K3", FIRM[3], "300000.00", "2023-01-01", approver_id=pid(1)),
            _contract("K4", FIRM[4], "400000.00", "2023-01-01", approver_id=pid(1)),
            _contract("K5", FIRM[3], "500000.00", "2023-01-01", approver_id=pid(5)),
        ],
    }
    clues = clues_of(rows, "contract_to_official_relative")
    assert set(clues) == {"K1", "K2", "K3"}
    assert {s: c.amount for s, c in clues.items()} == {
        "K1": Decimal("100000.00"),
        "K2": Decimal("200000.00"),
        "K3": Decimal("300000.00"),
    }
    assert keys(clues["K1"]) == [("companies", FIRM[1]), ("contracts", "K1")]
    assert keys(clues["K2"]) == [("contracts", "K2"), ("shareholders", "line:2")]
    assert keys(clues["K3"]) == [("companies", FIRM[3]), ("contracts", "K3")]
    assert f"shareholder {pid(7)} (spouse)" in clues["K2"].explanation_en
    assert clues["K1"].subjects == ({"kind": "contract", "id": "K1"},)


def _bid(tender: str, firm: int, phone: str | None = None, address: str | None = None) -> dict[str, Any]:
    return {
        "tender_id": tender,
        "bidder_code": FIRM[firm],
        "contact_phone": phone,
        "contact_address": address,
    }


def test_bid_collusion_compares_each_column_within_itself() -> None:
    rows = {
        "tenders": [
            {"tender_id": f"T{n}", "buyer_org": "县局", "budget": f"{n}00000.00", "method": "open"}
            for n in range(1, 9)
        ],
        "companies": [_company(n, pid(20 + n)) for n in range(1, 9)]
        + [_company(9, pid(40)), _company(10, pid(40))],
        "shareholders": [
            {"credit_code": FIRM[1], "holder_id": FIRM[11]},  # an all-digit credit code: a company
            {"credit_code": FIRM[2], "holder_id": FIRM[11]},
            {"credit_code": FIRM[3], "holder_id": pid(50)},
            {"credit_code": FIRM[4], "holder_id": pid(50)},
        ],
        "bids": [
            _bid("T1", 1, "13800000001"),
            _bid("T1", 2, "13800000001"),
            _bid("T1", 5, "13900000000"),
            _bid("T2", 1, "13800000002", "东街1号"),
            _bid("T2", 2, "东街1号", "13800000002"),  # crossed columns
            _bid("T3", 1, "13800000003"),
            _bid("T4", 2, "13800000003"),  # same phone, different tenders
            _bid("T5", 1),
            _bid("T5", 2),  # common shareholder is a company
            _bid("T6", 3),
            _bid("T6", 4),  # common shareholder is a person
            _bid("T7", 5, "13800000007"),
            _bid("T7", 5, "13800000007"),  # one bidder twice
            _bid("T8", 6, address="西街2号"),
            _bid("T8", 7, address=" 西街2号 "),
            _bid("T9", 9),
            _bid("T9", 10),  # same legal representative; tender not in tenders
        ],
    }
    clues = clues_of(rows, "bid_collusion")
    assert set(clues) == {"T1", "T6", "T8", "T9"}
    assert {s: c.amount for s, c in clues.items()} == {
        "T1": Decimal("100000.00"),
        "T6": Decimal("600000.00"),
        "T8": Decimal("800000.00"),
        "T9": None,
    }
    assert keys(clues["T1"]) == [("bids", "line:2"), ("bids", "line:3"), ("tenders", "T1")]
    assert keys(clues["T6"]) == [
        ("bids", "line:11"),
        ("bids", "line:12"),
        ("shareholders", "line:4"),
        ("shareholders", "line:5"),
        ("tenders", "T6"),
    ]
    assert keys(clues["T9"]) == [("bids", "line:17"), ("bids", "line:18"), ("companies", FIRM[9]),
                                 ("companies", FIRM[10])]  # fmt: skip
    assert clues["T9"].to_json()["amount"] is None


def test_contract_splitting_window_threshold_and_union_of_windows() -> None:
    rows = {
        "contracts": [
            # 30 days apart, total exactly the threshold
            _contract("A1", FIRM[1], "600000.00", "2023-01-01"),
            _contract("A2", FIRM[1], "400000.00", "2023-01-31"),
            # 31 days apart
            _contract("B1", FIRM[2], "600000.00", "2023-01-01"),
            _contract("B2", FIRM[2], "400000.00", "2023-02-01"),
            # total just under the threshold
            _contract("C1", FIRM[3], "500000.00", "2023-01-01"),
            _contract("C2", FIRM[3], "499999.99", "2023-01-02"),
            # one contract equal to the threshold is not below it
            _contract("D1", FIRM[4], "1000000.00", "2023-01-01"),
            _contract("D2", FIRM[4], "100.00", "2023-01-02"),
            # two overlapping windows (E1..E2, E2..E3) unioned; E4 is in no qualifying window
            _contract("E1", FIRM[5], "500000.00", "2023-03-01"),
            _contract("E2", FIRM[5], "500000.00", "2023-03-20"),
            _contract("E3", FIRM[5], "500000.00", "2023-04-15"),
            _contract("E4", FIRM[5], "200000.00", "2023-04-25"),
            # tendered, not direct
            _contract("F1", FIRM[6], "600000.00", "2023-01-01", method="open"),
            _contract("F2", FIRM[6], "600000.00", "2023-01-02", method="open"),
            # same supplier, another buyer
            _contract("G1", FIRM[1], "600000.00", "2023-01-05", buyer_org="卫生院"),
        ],
    }
    clues = clues_of(rows, "contract_splitting")
    assert set(clues) == {f"乡政府|{FIRM[1]}", f"乡政府|{FIRM[5]}"}
    first, union = clues[f"乡政府|{FIRM[1]}"], clues[f"乡政府|{FIRM[5]}"]
    assert first.amount == Decimal("1000000.00")
    assert keys(first) == [("contracts", "A1"), ("contracts", "A2")]
    assert union.amount == Decimal("1500000.00")
    assert keys(union) == [("contracts", "E1"), ("contracts", "E2"), ("contracts", "E3")]
    assert union.explanation_zh == (
        f"乡政府在2023-03-01至2023-04-15向供应商{FIRM[5]}直接签订3份合同，每份均低于1,000,000.00元，"
        "合计1,500,000.00元。"
    )


def test_contract_splitting_window_days_parameter() -> None:
    rows = {
        "contracts": [
            _contract("A1", FIRM[1], "600000.00", "2023-01-01"),
            _contract("A2", FIRM[1], "400000.00", "2023-03-17"),  # 75 days later
            _contract("B1", FIRM[2], "600000.00", "2023-01-01"),
            _contract("B2", FIRM[2], "400000.00", "2023-03-18"),  # 76 days later
        ]
    }
    assert clues_of(rows, "contract_splitting") == {}
    clues = clues_of(rows, "contract_splitting", window_days=75)
    assert set(clues) == {f"乡政府|{FIRM[1]}"}
    assert clues[f"乡政府|{FIRM[1]}"].params == {"threshold": 1000000, "window_days": 75}
    lower = clues_of(rows, "contract_splitting", threshold=700000, window_days=76)
    assert set(lower) == {f"乡政府|{FIRM[1]}", f"乡政府|{FIRM[2]}"}
    assert lower[f"乡政府|{FIRM[2]}"].amount == Decimal("1000000.00")
    assert clues_of(rows, "contract_splitting", threshold=600000, window_days=76) == {}
