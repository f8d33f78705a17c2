"""Student aid with no covering enrollment: planted cases and near misses."""

from __future__ import annotations

from decimal import Decimal

from tests.models.helpers import clues_of, keys, person, pid


def _aid(payment_id: str, seq: int, pay_date: str, program: str = "student_aid") -> dict[str, str]:
    return {"payment_id": payment_id, "id_number": pid(seq), "program": program, "pay_date": pay_date,
            "amount": "500.00"}  # fmt: skip


def test_student_aid_needs_an_enrollment_covering_the_pay_date() -> None:
    rows = {
        "persons": [person(1, "甲"), person(3, "乙"), person(5, "丙"), person(7, "丁"), person(9, "戊")],
        "enrollments": [
            {"id_number": pid(1), "school": "一中", "start_date": "2022-09-01", "end_date": "2023-06-30"},
            {"id_number": pid(3), "school": "二中", "start_date": "2023-09-01"},
            # an ID with a wrong check character and no name: unlinked, so not known to be anyone's
            {
                "id_number": pid(5)[:-1] + ("1" if pid(5)[-1] != "1" else "2"),
                "school": "三中",
                "start_date": "2020-09-01",
            },
            {"id_number": pid(9), "school": "四中", "start_date": "2020-09-01", "end_date": "2021-06-30"},
            {"id_number": pid(9), "school": "五中", "start_date": "2021-09-01"},
        ],
        "subsidy_payments": [
            _aid("S1", 1, "2023-06-30"),  # last day of the enrollment: covered
            _aid("S2", 1, "2023-07-01"),
            _aid("S3", 3, "2023-08-31"),
            _aid("S4", 3, "2023-09-01"),  # first day: covered
            _aid("S5", 5, "2023-03-01"),
            _aid("S6", 7, "2023-03-01", program="farmland"),
            _aid("S7", 9, "2021-07-15"),  # the summer between two schools
            _aid("S8", 9, "2022-01-01"),
        ],
    }
    clues = clues_of(rows, "student_aid_not_enrolled")
    assert set(clues) == {pid(1), pid(3), pid(5), pid(9)}
    assert {s: keys(c) for s, c in clues.items()} == {
        pid(1): [("subsidy_payments", "S2")],
        pid(3): [("subsidy_payments", "S3")],
        pid(5): [("subsidy_payments", "S5")],
        pid(9): [("subsidy_payments", "S7")],
    }
    assert all(c.amount == Decimal("500.00") for c in clues.values())
    assert clues[pid(1)].explanation_en == (
        "甲 received 1 student aid payments totalling 500.00 yuan from 2023-07-01 to 2023-07-01, "
        "each on a day with no covering enrollment."
    )
