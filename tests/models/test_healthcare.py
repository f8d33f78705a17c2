"""Medical claims after death and overlapping inpatient stays: planted cases and near misses."""

from __future__ import annotations

from decimal import Decimal

from tests.models.helpers import clues_of, keys, person, pid


def _claim(claim_id: str, seq: int, kind: str, fund: str, **dates: str) -> dict[str, str]:
    return {"claim_id": claim_id, "id_number": pid(seq), "claim_type": kind, "fund_amount": fund,
            "total_amount": fund, **dates}  # fmt: skip


def test_medical_claim_after_death_dates_inpatient_by_admission_and_others_by_settlement() -> None:
    rows = {
        "persons": [person(1, "王建国"), person(3, "李秀英"), person(5, "张伟")],
        "deaths": [
            {"record_id": "D1", "id_number": pid(1), "death_date": "2023-05-09"},
            {"record_id": "D2", "id_number": pid(3), "death_date": "2023-06-01"},
            {"record_id": "D3", "id_number": pid(3), "death_date": "2023-04-01"},
        ],
        "medical_claims": [
            _claim("C1", 1, "outpatient", "30.00", settle_date="2023-05-09"),  # the day of death
            _claim("C2", 1, "outpatient", "80.50", settle_date="2023-05-10"),
            _claim(
                "C3",
                1,
                "inpatient",
                "900.00",
                admission_date="2023-05-01",
                discharge_date="2023-05-09",
                settle_date="2023-05-20",
            ),  # admitted before death, settled after: legitimate
            _claim(
                "C4",
                1,
                "inpatient",
                "1000.00",
                admission_date="2023-05-12",
                discharge_date="2023-05-14",
                settle_date="2023-05-14",
            ),
            _claim("C5", 1, "pharmacy", "20.00", settle_date="2023-06-01"),
            _claim("C6", 3, "outpatient", "15.00", settle_date="2023-05-01"),  # after the earliest death
            _claim("C7", 5, "outpatient", "15.00", settle_date="2023-05-01"),  # alive
        ],
    }
    clues = clues_of(rows, "medical_claim_after_death")
    assert set(clues) == {pid(1), pid(3)}
    assert clues[pid(1)].amount == Decimal("1100.50")
    assert keys(clues[pid(1)]) == [
        ("deaths", "D1"),
        ("medical_claims", "C2"),
        ("medical_claims", "C4"),
        ("medical_claims", "C5"),
    ]
    assert clues[pid(3)].amount == Decimal("15.00")
    assert keys(clues[pid(3)]) == [("deaths", "D3"), ("medical_claims", "C6")]
    assert clues[pid(1)].explanation_zh == (
        "王建国于2023-05-09死亡；2023-05-10至2023-06-01仍发生医保结算3笔，基金支付合计1,100.50元。"
    )


def _stay(
    claim_id: str, seq: int, provider: str, admitted: str, discharged: str, fund: str
) -> dict[str, str]:
    return _claim(
        claim_id,
        seq,
        "inpatient",
        fund,
        provider_id=provider,
        admission_date=admitted,
        discharge_date=discharged,
        settle_date=discharged,
    )


def test_overlapping_inpatient_needs_one_night_at_different_providers() -> None:
    rows = {
        "persons": [person(1, "甲"), person(3, "乙"), person(5, "丙"), person(7, "丁")],
        "medical_claims": [
            # three stays all overlapping each other: three pairs, each claim counted once
            _stay("C1", 1, "H1", "2023-03-01", "2023-03-10", "1000.00"),
            _stay("C2", 1, "H2", "2023-03-02", "2023-03-09", "500.00"),
            _stay("C3", 1, "H3", "2023-03-03", "2023-03-08", "200.00"),
            _stay("C4", 1, "H1", "2023-07-01", "2023-07-05", "300.00"),  # no overlap with anything
            # same-day transfer: discharged and admitted on one day, 0 nights
            _stay("C5", 3, "H1", "2023-04-01", "2023-04-05", "400.00"),
            _stay("C6", 3, "H2", "2023-04-05", "2023-04-10", "400.00"),
            # same provider
            _stay("C7", 5, "H1", "2023-05-01", "2023-05-10", "600.00"),
            _stay("C8", 5, "H1", "2023-05-03", "2023-05-08", "600.00"),
            # exactly one night of overlap
            _stay("C9", 7, "H1", "2023-06-01", "2023-06-10", "700.00"),
            _stay("C10", 7, "H2", "2023-06-09", "2023-06-12", "70.00"),
            _claim(
                "C11",
                7,
                "outpatient",
                "10.00",
                admission_date="2023-06-09",
                settle_date="2023-06-09",
                provider_id="H3",
            ),  # not inpatient
        ],
    }
    clues = clues_of(rows, "overlapping_inpatient")
    assert set(clues) == {pid(1), pid(7)}
    assert clues[pid(1)].amount == Decimal("1700.00")
    assert keys(clues[pid(1)]) == [
        ("medical_claims", "C1"),
        ("medical_claims", "C2"),
        ("medical_claims", "C3"),
    ]
    assert clues[pid(7)].amount == Decimal("770.00")
    assert keys(clues[pid(7)]) == [("medical_claims", "C10"), ("medical_claims", "C9")]
    assert clues[pid(1)].explanation_zh.startswith("甲在不同医院的住院时间重叠3组，涉及住院结算3笔")
