"""Pension after death, pension during imprisonment, dibao with assets: planted cases and near misses."""

from __future__ import annotations

from decimal import Decimal

from tests.fixtures.warehouse import make_uscc
from tests.models.helpers import clues_of, keys, person, pid


def _pay(payment_id: str, seq: int, month: str, amount: str, scheme: str = "resident") -> dict[str, str]:
    return {
        "payment_id": payment_id,
        "id_number": pid(seq),
        "month": month,
        "amount": amount,
        "scheme": scheme,
    }


def test_pension_after_death_skips_the_month_of_death_and_takes_the_earliest_death() -> None:
    rows = {
        "persons": [person(1, "王建国"), person(3, "李秀英"), person(5, "张伟"), person(7, "赵敏")],
        "deaths": [
            {"record_id": "D1", "id_number": pid(1), "death_date": "2023-05-09"},
            {"record_id": "D2", "id_number": pid(1), "death_date": "2023-07-20"},
            {"record_id": "D3", "id_number": pid(3), "death_date": "2023-05-31"},
            {"record_id": "D4", "id_number": pid(5), "death_date": "2023-08-15"},
            {"record_id": "D5", "id_number": pid(5), "death_date": "2023-03-02"},
            # an ID with a typo and nothing else: unlinked, so it is nobody's death
            {"record_id": "D6", "id_number": pid(7)[:-1] + ("0" if pid(7)[-1] != "0" else "1")},
        ],
        "pension_payments": [
            _pay("P1", 1, "2023-05", "210.00"),
            _pay("P2", 1, "2023-06", "210.00"),
            _pay("P3", 1, "2023-07", "210.00"),
            _pay("P4", 3, "2023-05", "180.00"),
            _pay("P5", 5, "2023-03", "100.00"),
            _pay("P6", 5, "2023-04", "100.00"),
            _pay("P7", 7, "2023-09", "90.00"),
        ],
    }
    clues = clues_of(rows, "pension_after_death")
    assert set(clues) == {pid(1), pid(5)}
    assert clues[pid(1)].amount == Decimal("420.00")
    assert keys(clues[pid(1)]) == [("deaths", "D1"), ("pension_payments", "P2"), ("pension_payments", "P3")]
    assert clues[pid(5)].amount == Decimal("100.00")
    assert keys(clues[pid(5)]) == [("deaths", "D5"), ("pension_payments", "P6")]
    assert (
        clues[pid(1)].explanation_zh
        == "王建国于2023-05-09死亡；2023-06至2023-07仍发放养老金2笔，合计420.00元。"
    )
    assert clues[pid(1)].explanation_en == (
        "王建国 died on 2023-05-09; 2 pension payments totalling 420.00 yuan "
        "were made for 2023-06 to 2023-07."
    )


def test_pension_during_imprisonment_counts_whole_months_of_the_resident_scheme_only() -> None:
    rows = {
        "persons": [person(1, "甲"), person(3, "乙"), person(5, "丙")],
        "imprisonments": [
            {"record_id": "I1", "id_number": pid(1), "start_date": "2023-03-15", "end_date": "2023-06-30"},
            {"record_id": "I2", "id_number": pid(3), "start_date": "2023-02-01"},
            {"record_id": "I3", "id_number": pid(5), "start_date": "2023-05-01", "end_date": "2023-06-29"},
        ],
        "pension_payments": [
            _pay("P1", 1, "2023-03", "150.00"),  # partial month: entered prison on the 15th
            _pay("P2", 1, "2023-04", "150.00"),
            _pay("P3", 1, "2023-05", "150.00"),
            _pay("P4", 1, "2023-06", "150.00"),  # last day 06-30 is on or before end_date
            _pay("P5", 1, "2023-07", "150.00"),
            _pay("P6", 3, "2023-01", "120.00"),
            _pay("P7", 3, "2023-02", "120.00"),  # start on the first day: the whole month is inside
            _pay("P8", 3, "2023-03", "3000.00", scheme="employee"),
            _pay("P9", 3, "2023-03", "120.00"),
            _pay("P10", 5, "2023-05", "130.00", scheme="employee"),
            _pay("P11", 5, "2023-06", "130.00"),  # released on 06-29: not wholly inside
        ],
    }
    clues = clues_of(rows, "pension_during_imprisonment")
    assert set(clues) == {pid(1), pid(3)}
    assert clues[pid(1)].amount == Decimal("450.00")
    assert keys(clues[pid(1)]) == [
        ("imprisonments", "I1"),
        ("pension_payments", "P2"),
        ("pension_payments", "P3"),
        ("pension_payments", "P4"),
    ]
    assert clues[pid(3)].amount == Decimal("240.00")
    assert keys(clues[pid(3)]) == [
        ("imprisonments", "I2"),
        ("pension_payments", "P7"),
        ("pension_payments", "P9"),
    ]


def test_pension_during_two_overlapping_imprisonment_records_counts_each_payment_once() -> None:
    rows = {
        "persons": [person(1, "甲")],
        "imprisonments": [
            {"record_id": "I1", "id_number": pid(1), "start_date": "2023-01-01", "end_date": "2023-12-31"},
            {"record_id": "I2", "id_number": pid(1), "start_date": "2023-02-01"},
        ],
        "pension_payments": [_pay("P1", 1, "2023-03", "150.00")],
    }
    clue = clues_of(rows, "pension_during_imprisonment")[pid(1)]
    assert clue.amount == Decimal("150.00")
    assert keys(clue) == [("imprisonments", "I1"), ("imprisonments", "I2"), ("pension_payments", "P1")]


def _dibao(payment_id: str, seq: int, pay_date: str, amount: str = "500.00", program: str = "dibao") -> dict:
    return {"payment_id": payment_id, "id_number": pid(seq), "program": program, "pay_date": pay_date,
            "amount": amount}  # fmt: skip


def test_dibao_with_assets_of_the_person_or_the_household() -> None:
    active, cancelled, late = make_uscc(1), make_uscc(2), make_uscc(3)
    rows = {
        "persons": [
            person(1, "户主", "H1"),
            person(3, "配偶", "H1"),
            person(5, "孤老", "H2"),
            person(7, "股东", "H3"),
            person(9, "法人", "H4"),
            person(11, "务农", "H5"),
            person(13, "外亲", "H6"),
            person(15, "外亲之兄", "H7"),
        ],
        "relations": [{"id_number_a": pid(13), "id_number_b": pid(15), "relation": "sibling"}],
        "vehicles": [
            {"plate": "京A00001", "owner_id": pid(3), "registered_date": "2023-01-10"},
            {"plate": "京A00002", "owner_id": pid(11), "registered_date": "2020-01-01"},
            {"plate": "京A00003", "owner_id": pid(15), "registered_date": "2020-01-01"},
        ],
        "companies": [
            {
                "credit_code": active,
                "name": "兴旺公司",
                "legal_rep_id": pid(99),
                "registered_date": "2022-01-01",
                "status": "active",
            },
            {
                "credit_code": cancelled,
                "name": "已注销公司",
                "legal_rep_id": pid(5),
                "registered_date": "2020-01-01",
                "status": "cancelled",
            },
            {
                "credit_code": late,
                "name": "新设公司",
                "legal_rep_id": pid(9),
                "registered_date": "2023-05-01",
                "status": "active",
            },
        ],
        "shareholders": [{"credit_code": active, "holder_id": pid(7), "share_ratio": 0.3}],
        "subsidy_payments": [
            _dibao("S1", 1, "2023-01-10"),  # vehicle registered on pay_date: not before it
            _dibao("S2", 1, "2023-02-10"),
            _dibao("S3", 5, "2023-03-01"),  # legal rep of a cancelled company only
            _dibao("S4", 7, "2023-01-01", "450.00"),
            _dibao("S5", 9, "2023-05-01"),  # company registered that very day
            _dibao("S6", 9, "2023-06-01", "480.00"),
            _dibao("S7", 11, "2023-06-01", program="farmland"),  # not dibao
            _dibao("S8", 13, "2023-06-01"),  # the vehicle is a sibling's, not the household's
        ],
    }
    clues = clues_of(rows, "dibao_with_assets")
    assert set(clues) == {pid(1), pid(7), pid(9)}
    assert clues[pid(1)].amount == Decimal("500.00")
    assert keys(clues[pid(1)]) == [("subsidy_payments", "S2"), ("vehicles", "京A00001")]
    assert clues[pid(7)].amount == Decimal("450.00")
    assert keys(clues[pid(7)]) == [
        ("companies", active),
        ("shareholders", "line:2"),
        ("subsidy_payments", "S4"),
    ]
    assert clues[pid(9)].amount == Decimal("480.00")
    assert keys(clues[pid(9)]) == [("companies", late), ("subsidy_payments", "S6")]
    assert "vehicle 京A00001" in clues[pid(1)].explanation_zh
