"""Student aid with no covering enrollment: planted cases and near misses."""

from __future__ import annotations

from decimal import Decimal

from tests.fixtures.warehouse import build_warehouse
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
            # an ID with a wrong check character and no name: left for review with 5 as its best
            # candidate, so no clue is guessed for 5
            {
                "id_number": pid(5)[:-1] + ("X" if pid(5)[-1] != "X" else "1"),
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
    assert set(clues) == {pid(1), pid(3), pid(9)}
    assert {s: keys(c) for s, c in clues.items()} == {
        pid(1): [("subsidy_payments", "S2")],
        pid(3): [("subsidy_payments", "S3")],
        pid(9): [("subsidy_payments", "S7")],
    }
    assert all(c.amount == Decimal("500.00") for c in clues.values())
    assert clues[pid(1)].explanation_en == (
        "甲 received 1 student aid payments totalling 500.00 yuan from 2023-07-01 to 2023-07-01, "
        "each on a day with no covering enrollment."
    )


def test_no_clue_is_guessed_while_an_enrollment_that_may_be_the_students_waits_for_review() -> None:
    twins = [person(11, "王丽", gender="M", birth_date="1970-01-01"),
             person(13, "王丽", gender="M", birth_date="1970-01-01")]  # fmt: skip
    rows = {
        "persons": [*twins, person(15, "张伟", gender="M", birth_date="1970-01-01")],
        "enrollments": [
            # no ID: one of the two 王丽 born that day, nobody can say which, so it waits for review
            {
                "id_number": None,
                "name": "王丽",
                "gender": "M",
                "birth_date": "1970-01-01",
                "school": "一中",
                "start_date": "2022-09-01",
            },
        ],
        "subsidy_payments": [
            _aid("S1", 11, "2023-03-01"),  # a candidate of the pending enrollment, date covered: no clue
            _aid("S2", 13, "2022-08-31"),  # a candidate, but the day before the enrollment starts: a clue
            _aid("S3", 15, "2023-03-01"),  # not a candidate: a clue
        ],
    }
    wh = build_warehouse(rows)
    try:
        pending = wh.query("SELECT table_name, candidate_id FROM pending_links ORDER BY candidate_id")
        assert pending == [
            {"table_name": "enrollments", "candidate_id": pid(11)},
            {"table_name": "enrollments", "candidate_id": pid(13)},
        ]
    finally:
        wh.close()
    clues = clues_of(rows, "student_aid_not_enrolled")
    assert {s: keys(c) for s, c in clues.items()} == {
        pid(13): [("subsidy_payments", "S2")],
        pid(15): [("subsidy_payments", "S3")],
    }


def test_a_pending_record_judged_not_the_student_does_not_hold_the_clue_back() -> None:
    wh = build_warehouse({"persons": [person(1, "甲")]})
    try:
        wh.execute(
            "CREATE OR REPLACE TABLE review_queue AS SELECT 'k' AS identity_key, 'x' AS candidate_id, "
            "5.0 AS match_weight, 'no_match' AS judgement"
        )
        wh.execute("CREATE OR REPLACE TABLE resolve_weak_rows AS SELECT 'enrollments' AS table_name, "
                   "1::BIGINT AS row_id, 'k' AS identity_key")  # fmt: skip
        wh.execute("CREATE OR REPLACE TABLE person_links AS SELECT 'enrollments' AS table_name, "
                   "1::BIGINT AS row_id, 'unlinked' AS method")  # fmt: skip
        from qingfeng.resolve.publish import publish_pending_links

        publish_pending_links(wh)
        assert wh.query("SELECT * FROM pending_links") == []
        wh.execute("UPDATE review_queue SET judgement = 'unsure'")
        assert wh.query("SELECT candidate_id FROM pending_links") == [{"candidate_id": "x"}]
        # a far weaker second candidate is not one the rule could not tell apart
        wh.execute("INSERT INTO review_queue VALUES ('k', 'y', 1.0, NULL)")
        assert wh.query("SELECT candidate_id FROM pending_links") == [{"candidate_id": "x"}]
    finally:
        wh.close()
