"""Background subsidy payments ("funds benefiting the people"), all lawful.

dibao (minimum living allowance) goes monthly to the head of about 3% of
households, which own no vehicle and no company; farmland support yearly to
household heads; elderly allowance quarterly to people over 80, a third of it
into the household head's card (one household sharing one account: one group);
disability allowance quarterly; student aid on days an enrollment covers.
"""

from __future__ import annotations

from datetime import date

from qingfeng.synth.background_people import STUDENT_AID_DAYS, Span, covered, quarter_days
from qingfeng.synth.dates import WINDOW_MONTHS
from qingfeng.synth.officials import official_kin
from qingfeng.synth.records import County

_DISABILITY_DAYS = ((3, 25), (6, 25), (9, 25), (12, 25))
FARMLAND_DAYS = (date(2023, 6, 20), date(2024, 6, 20))
FARMLAND_CENTS_PER_TENTH_MU = 1075
"""107.50 yuan a mu."""


def choose_dibao_households(county: County) -> set[int]:
    """About 3% of background households, never an official's or an official's kin."""
    kin = official_kin(county)
    chosen: set[int] = set()
    for hh, members in enumerate(county.pop.households):
        if county.reserved[hh] or any(p in kin for p in members):
            continue
        if county.rng.random() < 0.03:
            chosen.add(hh)
    return chosen


def _pay(
    county: County, p: int, program: str, days: list[date], cents: int, account: str | None = None
) -> None:
    village = county.pop.village_of(p)
    approver = county.cadre_for(village, p)
    for day in days:
        if county.alive_on(p, day):
            county.subsidy(p, program, day, cents, approver=approver, account=account)


def _household_subsidies(county: County, dibao: set[int]) -> None:
    rng, pop = county.rng, county.pop
    monthly = [date(y, m, 10) for y, m in WINDOW_MONTHS]
    for hh, members in enumerate(pop.households):
        if county.reserved[hh]:
            continue
        head = members[0]
        if hh in dibao:
            cents = len(members) * rng.randint(180, 320) * 100 + rng.choice((0, 50))
            _pay(county, head, "dibao", monthly, cents)
        if rng.random() < 0.65:
            _pay(
                county,
                head,
                "farmland",
                list(FARMLAND_DAYS),
                rng.randint(10, 120) * FARMLAND_CENTS_PER_TENTH_MU,
            )


def _personal_subsidies(county: County, people: list[int]) -> None:
    rng, pop = county.rng, county.pop
    quarters = quarter_days()
    disability_days = quarter_days(_DISABILITY_DAYS)
    for p in people:
        if pop.age(p) >= 79:
            days = [d for d in quarters if pop.age(p, d) >= 80]
            head = pop.households[pop.household[p]][0]
            account = pop.account(head) if head != p and rng.random() < 0.33 else None
            for day in days:  # the rate rises at 90
                cents = 60000 if pop.age(p, day) >= 90 else 30000
                _pay(county, p, "elderly", [day], cents, account)
        if rng.random() < 0.015:
            _pay(county, p, "disability", disability_days, 27000)


def _student_aid(county: County, spans: dict[int, list[Span]], dibao: set[int]) -> None:
    rng, pop = county.rng, county.pop
    for p in sorted(spans):
        if pop.household[p] not in dibao and rng.random() >= 0.06:
            continue
        cents = rng.choice((62500, 100000, 125000))
        _pay(county, p, "student_aid", [d for d in STUDENT_AID_DAYS if covered(spans[p], d)], cents)


def background_subsidies(
    county: County, people: list[int], spans: dict[int, list[Span]], dibao: set[int]
) -> None:
    """Every background subsidy payment."""
    _household_subsidies(county, dibao)
    _personal_subsidies(county, people)
    _student_aid(county, spans, dibao)
