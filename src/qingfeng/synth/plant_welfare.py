"""Planted cases and near misses for the pension, medical and death models.

Each function plants `per_model` cases cycling through variants that probe one
phrase of the contract, then near misses that a faithful implementation must
not flag. Truth amounts are summed here, in cents, from the rows just written.
"""

from __future__ import annotations

from datetime import date

from qingfeng.synth.background_people import _providers
from qingfeng.synth.dates import WINDOW_MONTHS, add_days, month_first, month_last, month_of
from qingfeng.synth.plant_common import Planter

HOSPITAL_A = ("H141181001", "介休市人民医院")
HOSPITAL_B = ("H141181002", "介休市中医医院")


def _months_to(last: tuple[int, int]) -> list[tuple[int, int]]:
    return [ym for ym in WINDOW_MONTHS if ym <= last]


def plant_pension_after_death(pl: Planter) -> None:
    """Pensions paid past the month of death; the earliest of two death records counts."""
    c = pl.county
    variants = (
        (date(2024, 3, 14), None, (2024, 8), "resident"),
        (date(2023, 9, 12), date(2023, 11, 3), (2023, 11), "resident"),  # earliest record counts
        (date(2024, 6, 30), None, (2024, 12), "employee"),
        (date(2023, 12, 31), None, (2024, 1), "resident"),
    )
    for i in range(pl.per_model):
        died, second, paid_to, scheme = variants[i % len(variants)]
        p = pl.take("elderly")
        c.death(p, died, "民政")
        if second:
            c.death(p, second, "火化")
        months = _months_to(paid_to)
        paid = pl.resident_pensions(p, months) if scheme == "resident" else pl.employee_pensions(p, months)
        pl.expect("pension_after_death", p, sum(v for ym, v in paid.items() if ym > month_of(died)))
    for i in range(pl.near_misses):  # paid up to and including the month of death
        p = pl.take("elderly")
        died = date(2024, 5, 1 + i % 28)
        c.death(p, died, "公安")
        pl.resident_pensions(p, _months_to(month_of(died)))


def plant_pension_during_imprisonment(pl: Planter) -> None:
    """Resident pensions for months wholly inside an imprisonment; partial months and employees are lawful."""
    c = pl.county
    variants = (
        (date(2023, 3, 15), date(2023, 9, 10)),
        (date(2024, 5, 20), None),  # still serving
        (date(2024, 2, 1), date(2024, 2, 29)),  # exactly one month, both edges inclusive
        (date(2021, 6, 1), date(2023, 4, 30)),
    )
    for i in range(pl.per_model):
        start, end = variants[i % len(variants)]
        p = pl.take("elderly")
        c.imprisonment(p, start, end)
        paid = pl.resident_pensions(p)
        inside = [ym for ym in paid if month_first(ym) >= start and (end is None or month_last(ym) <= end)]
        pl.expect("pension_during_imprisonment", p, sum(paid[ym] for ym in inside))
    for i in range(pl.near_misses):
        p = pl.take("elderly")
        if i % 2 == 0:  # only partial months inside
            c.imprisonment(p, date(2023, 5, 10), date(2023, 6, 20))
            pl.resident_pensions(p)
        else:  # the employee scheme is not the resident scheme
            c.imprisonment(p, date(2023, 3, 15), date(2023, 9, 10))
            pl.employee_pensions(p, WINDOW_MONTHS)


def _claim(
    pl: Planter,
    p: int,
    provider: tuple[str, str],
    kind: str,
    stay: tuple[date, date] | None,
    settle: date,
    total: int,
) -> int:
    fund = total * 70 // 100
    pl.county.claim(p, provider, kind, stay, settle, total, fund)
    return fund


def plant_medical_after_death(pl: Planter) -> None:
    """Claims dated after death (inpatient by admission); same-day and admitted-before are lawful."""
    c = pl.county
    for i in range(pl.per_model):
        p = pl.take("elderly")
        died = date(2023, 6 + i % 6, 3 + i % 20)
        c.death(p, died, "火化")
        _claim(pl, p, HOSPITAL_A, "outpatient", None, add_days(died, -20), 45600)
        variant = i % 3
        if variant == 0:
            flagged = _claim(pl, p, HOSPITAL_B, "outpatient", None, add_days(died, 5 + i), 38800)
        elif variant == 1:
            flagged = _claim(
                pl, p, ("Y141181001", "介休市康宁大药房"), "pharmacy", None, add_days(died, 1), 12350
            )
            flagged += _claim(
                pl, p, ("Y141181002", "介休市百姓大药房"), "pharmacy", None, add_days(died, 40), 9870
            )
        else:
            stay = (add_days(died, 3), add_days(died, 12))
            flagged = _claim(pl, p, HOSPITAL_A, "inpatient", stay, stay[1], 1_234_500)
        pl.expect("medical_claim_after_death", p, flagged)
    for i in range(pl.near_misses):
        p = pl.take("elderly")
        died = date(2024, 2 + i % 9, 11)
        c.death(p, died, "民政")
        if i % 2 == 0:  # settled on the day of death
            _claim(pl, p, HOSPITAL_B, "outpatient", None, died, 23300)
        else:  # admitted before death, settled after: dated by admission
            _claim(pl, p, HOSPITAL_A, "inpatient", (add_days(died, -9), died), add_days(died, 7), 2_610_000)


def plant_overlapping_inpatient(pl: Planter) -> None:
    """Stays at different providers overlapping >= 1 night; transfers, same-provider overlaps are lawful."""
    third = _providers(pl.county)[3]
    variants = (
        ((HOSPITAL_A, 0, 9), (HOSPITAL_B, 4, 7)),
        ((HOSPITAL_A, 0, 5), (HOSPITAL_B, 4, 10)),  # exactly one night
        ((HOSPITAL_A, 0, 9), (HOSPITAL_B, 5, 8), (HOSPITAL_A, 12, 15)),  # the third is in no pair
        ((HOSPITAL_A, 0, 9), (HOSPITAL_B, 8, 12), (third, 11, 14)),  # a chain: all three count
    )
    for i in range(pl.per_model):
        p = pl.take("adult" if i % 2 else "elderly")
        base = date(2023, 2 + i % 10, 1 + i % 17)
        funds: list[tuple[int, int, int]] = []
        for k, (provider, a, b) in enumerate(variants[i % len(variants)]):
            fund = _claim(
                pl,
                p,
                provider,
                "inpatient",
                (add_days(base, a), add_days(base, b)),
                add_days(base, b),
                800_000 + 100_000 * k + i,
            )
            funds.append((a, b, fund))
        stays = variants[i % len(variants)]
        in_pair = {
            k
            for k in range(len(stays))
            for j in range(len(stays))
            if k != j
            and stays[k][0] != stays[j][0]
            and min(stays[k][2], stays[j][2]) - max(stays[k][1], stays[j][1]) >= 1
        }
        pl.expect("overlapping_inpatient", p, sum(funds[k][2] for k in in_pair))
    for i in range(pl.near_misses):
        p = pl.take("elderly")
        base = date(2024, 3 + i % 8, 2)
        second = HOSPITAL_B if i % 2 == 0 else HOSPITAL_A  # a same-day transfer, or the same provider
        first_stay = (base, add_days(base, 5 if i % 2 == 0 else 10))
        second_stay = (add_days(base, 5 if i % 2 == 0 else 3), add_days(base, 9))
        _claim(pl, p, HOSPITAL_A, "inpatient", first_stay, first_stay[1], 700_000)
        _claim(pl, p, second, "inpatient", second_stay, second_stay[1], 500_000)
