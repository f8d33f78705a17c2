"""A small, dense, seeded county for engine-parity tests: every table, every model finds something.

Not the project's synthetic county (qingfeng.synth): this one is random on
purpose, with collisions made likely (shared accounts, payments after death,
overlapping stays, contracts to relatives...), so that each of the 14 models
yields clues and near misses on a few dozen people. Rows are the plain dicts
`tests.fixtures.warehouse.build_warehouse` takes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tests.fixtures.warehouse import Row, make_id, make_uscc

MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]


def _day(rng: random.Random, start: date = date(2022, 1, 1), span: int = 720) -> date:
    return start + timedelta(days=rng.randrange(span))


def small_county(seed: int = 7, persons: int = 40) -> dict[str, list[Row]]:
    """Rows for every contract table; the same seed gives the same county."""
    rng = random.Random(seed)
    people = [make_id("110101", f"19{40 + i % 50:02d}0{1 + i % 9}1{i % 9}", i + 1) for i in range(persons)]
    rows: dict[str, list[Row]] = {
        "persons": [
            {
                "id_number": pid,
                "name": f"人{i}",
                "gender": "M" if i % 2 == 0 else "F",
                "household_id": f"H{i // 3}",
                "region_code": "110101",
                "village": f"V{i % 4}",
            }
            for i, pid in enumerate(people)
        ]
    }
    rows.update(_people_events(rng, people))
    rows.update(_subsidies(rng, people))
    rows.update(_business(rng, people))
    rows.update(_projects(rng, people))
    return rows


def _people_events(rng: random.Random, people: list[str]) -> dict[str, list[Row]]:
    deaths = [
        {"record_id": f"D{i}", "id_number": pid, "death_date": str(_day(rng))}
        for i, pid in enumerate(rng.sample(people, len(people) // 4))
    ]
    deaths.append({"record_id": "D-dup", "id_number": deaths[0]["id_number"], "death_date": "2023-12-30"})
    prison = [
        {
            "record_id": f"I{i}",
            "id_number": pid,
            "start_date": str(_day(rng)),
            "end_date": None if i % 2 else str(_day(rng, date(2023, 6, 1), 300)),
        }
        for i, pid in enumerate(rng.sample(people, len(people) // 5))
    ]
    pensions = [
        {
            "payment_id": f"P{i}-{m}",
            "id_number": pid,
            "month": m,
            "amount": f"{rng.randrange(100, 300)}.{rng.randrange(100):02d}",
            "scheme": "resident" if i % 3 else "employee",
        }
        for i, pid in enumerate(people[: len(people) // 2])
        for m in MONTHS[::3]
    ]
    claims = []
    for i in range(len(people) * 2):
        admission = _day(rng)
        kind = rng.choice(["inpatient", "inpatient", "outpatient"])
        claims.append(
            {
                "claim_id": f"C{i}",
                "id_number": rng.choice(people[:12]),
                "provider_id": f"H{rng.randrange(3)}",
                "claim_type": kind,
                "admission_date": str(admission) if kind == "inpatient" else None,
                "discharge_date": str(admission + timedelta(days=rng.randrange(0, 9)))
                if kind == "inpatient"
                else None,
                "settle_date": str(admission + timedelta(days=10)),
                "total_amount": f"{rng.randrange(500, 9000)}.50",
                "fund_amount": f"{rng.randrange(100, 400)}.25",
            }
        )
    claims += _planted_stays(people[20])
    return {"deaths": deaths, "imprisonments": prison, "pension_payments": pensions, "medical_claims": claims}


def _planted_stays(pid: str) -> list[Row]:
    """Two stays overlapping by 2 nights at different providers, and one at the same provider (near miss)."""
    stays = [("CX1", "H1", "2023-03-01", "2023-03-05"), ("CX2", "H2", "2023-03-03", "2023-03-09")]
    stays.append(("CX3", "H2", "2023-03-08", "2023-03-12"))
    return [
        {
            "claim_id": claim,
            "id_number": pid,
            "provider_id": provider,
            "claim_type": "inpatient",
            "admission_date": start,
            "discharge_date": end,
            "settle_date": end,
            "total_amount": "1000.00",
            "fund_amount": "700.10",
        }
        for claim, provider, start, end in stays
    ]


def _subsidies(rng: random.Random, people: list[str]) -> dict[str, list[Row]]:
    programs = ["dibao", "farmland", "student_aid", "elderly"]
    payments = []
    for i in range(len(people) * 4):
        pid = rng.choice(people)
        payments.append(
            {
                "payment_id": f"S{i:04d}",
                "id_number": pid,
                "program": rng.choice(programs),
                "pay_date": str(_day(rng)),
                "amount": f"{rng.randrange(50, 900)}.{rng.randrange(100):02d}",
                "bank_account": f"B{rng.randrange(len(people) // 2)}",
                "village": f"V{rng.randrange(3)}",
                "approver_id": rng.choice(people),
            }
        )
    for k, village in enumerate(["V1", "V2", "V2"]):
        payments.append(
            {
                "payment_id": f"SX{k}",
                "id_number": people[21],
                "program": "farmland",
                "pay_date": f"2023-05-1{k}",
                "amount": "100.05",
                "bank_account": "BX",
                "village": village,
                "approver_id": people[0],
            }
        )
    relations = [
        {"id_number_a": a, "id_number_b": b, "relation": rng.choice(["spouse", "sibling", "in_law"])}
        for a, b in (rng.sample(people, 2) for _ in range(len(people) // 2))
    ]
    enrollments = [
        {
            "id_number": pid,
            "school": "S1",
            "start_date": str(_day(rng, date(2021, 9, 1), 400)),
            "end_date": None if k % 2 else str(_day(rng, date(2023, 1, 1), 300)),
        }
        for k, pid in enumerate(people[::3])
    ]
    vehicles = [
        {"plate": f"京A{i:04d}", "owner_id": pid, "registered_date": str(_day(rng)), "value": "80000.00"}
        for i, pid in enumerate(rng.sample(people, len(people) // 5))
    ]
    return {
        "subsidy_payments": payments,
        "relations": relations,
        "enrollments": enrollments,
        "vehicles": vehicles,
    }


def _business(rng: random.Random, people: list[str]) -> dict[str, list[Row]]:
    codes = [make_uscc(i + 1) for i in range(8)]
    companies = [
        {
            "credit_code": code,
            "name": f"公司{i}",
            "legal_rep_id": rng.choice(people),
            "registered_date": str(_day(rng, date(2020, 1, 1), 900)),
            "status": rng.choice(["active", "active", "revoked"]),
        }
        for i, code in enumerate(codes)
    ]
    holders = [
        {
            "credit_code": rng.choice(codes),
            "holder_id": rng.choice([*people[:10], codes[0]]),
            "share_ratio": 0.3,
        }
        for _ in range(12)
    ]
    tenders = [
        {
            "tender_id": f"T{i}",
            "buyer_org": f"局{i % 3}",
            "method": "open",
            "budget": f"{(i + 1) * 100000}.00",
        }
        for i in range(8)
    ]
    bids = [
        {
            "tender_id": f"T{i}",
            "bidder_code": rng.choice(codes),
            "bid_amount": "90000.00",
            "contact_phone": f"138{rng.randrange(6):08d}",
            "contact_address": f"路{rng.randrange(8)}号",
            "won": "false",
        }
        for i in range(8)
        for _ in range(3)
    ]
    contracts = [
        {
            "contract_id": f"K{i:03d}",
            "buyer_org": f"局{i % 2}",
            "supplier_code": rng.choice(codes[:3]),
            "amount": f"{rng.randrange(200, 900) * 1000}.00",
            "sign_date": str(_day(rng, date(2023, 1, 1), 120)),
            "method": rng.choice(["direct", "direct", "open"]),
            "approver_id": rng.choice(people),
        }
        for i in range(24)
    ]
    return {
        "companies": companies,
        "shareholders": holders,
        "tenders": tenders,
        "bids": bids,
        "contracts": contracts,
    }


def _projects(rng: random.Random, people: list[str]) -> dict[str, list[Row]]:
    projects = [
        {
            "project_id": f"J{i}",
            "name": f"工程{i}",
            "contractor_code": make_uscc(i + 1),
            "start_date": str(_day(rng, date(2022, 1, 1), 400)),
            "end_date": None if i % 2 else "2023-10-15",
            "workers": rng.randrange(0, 3) * 10,
        }
        for i in range(6)
    ]
    wages: list[dict[str, Any]] = [
        {
            "project_id": f"J{rng.randrange(6)}",
            "worker_id": rng.choice(people),
            "month": m,
            "amount": "3000.00",
        }
        for m in MONTHS
        for _ in range(2)
    ]
    return {"projects": projects, "wage_payments": wages}
