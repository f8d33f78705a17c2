"""Planted cases and near misses for the procurement and construction models."""

from __future__ import annotations

from datetime import date

from qingfeng.synth import geography as geo
from qingfeng.synth.background_business import (
    Buyer,
    buyers,
    contract,
    pay_wages,
    project,
    tender_with_bids,
    unrelated_approver,
)
from qingfeng.synth.dates import WINDOW_END, add_days, months_between
from qingfeng.synth.plant_common import Planter
from qingfeng.synth.records import Company


def _planted_official(pl: Planter, p: int, i: int) -> Buyer:
    """Appoint a reserved person deputy head of a county bureau; the bureau buys, they approve."""
    dept = geo.DEPARTMENTS[i % len(geo.DEPARTMENTS)]
    organization = f"{geo.COUNTY['name']}{dept}"
    pl.county.official(p, organization, "副局长", "county", date(2022, 1, 1))
    return Buyer(organization, [p])


def _own_company(pl: Planter, rep: int, holders: list[int] | None = None, **kw: tuple[str, ...]) -> Company:
    return pl.county.company(rep, [rep] if holders is None else holders, date(2018, 4, 2), **kw)  # type: ignore[arg-type]


def plant_contract_to_relative(pl: Planter, active: list[Company]) -> None:
    """Contracts whose supplier is held or represented by the approver or a one-step relative."""
    c = pl.county
    for i in range(pl.per_model):
        variant = i % 3
        official = pl.take("adult", household_min=2 if variant == 0 else 1)
        buyer = _planted_official(pl, official, i)
        day = date(2023, 3 + i % 20 // 2, 5 + i % 20)
        if variant == 0:
            supplier = _own_company(pl, pl.pool.housemate(official))
            cents = 38_000_000 + i * 100
            contract_id = contract(c, buyer.organization, supplier, cents, day, "direct", official)
        elif variant == 1:
            relative = pl.take("adult", unrelated_to=(official,))
            pl.pop.add_relation(official, relative, "sibling")
            supplier = _own_company(pl, pl.take("adult", unrelated_to=(official,)), [relative])
            bidders = [supplier, *c.rng.sample(active, 2)]
            tender_id, _, cents, bid_day = tender_with_bids(c, buyer, bidders, day, 90_000_000, winner=0)
            contract_id = contract(
                c, buyer.organization, supplier, cents, add_days(bid_day, 9), "open", official, tender_id
            )
        else:
            supplier = _own_company(pl, pl.take("adult", unrelated_to=(official,)), [official])
            cents = 56_000_000 + i * 100
            contract_id = contract(c, buyer.organization, supplier, cents, day, "direct", official)
        c.expect("contract_to_official_relative", contract_id, cents)
    for i in range(pl.near_misses):  # two steps away
        official = pl.take("adult")
        buyer = _planted_official(pl, official, i + 5)
        middle = pl.take("adult", unrelated_to=(official,))
        rep = pl.take("adult", unrelated_to=(official, middle))
        pl.pop.add_relation(official, middle, "sibling")
        pl.pop.add_relation(middle, rep, "spouse")
        contract(
            c,
            buyer.organization,
            _own_company(pl, rep),
            27_500_000,
            add_days(date(2024, 4, 2), i % 200),
            "direct",
            official,
        )


def _collusion_pair(pl: Planter, variant: int) -> tuple[Company, Company, dict[str, tuple[str, str]]]:
    a_rep = pl.take("adult")
    if variant == 3:  # a common person shareholder
        common = pl.take("adult")
        a = _own_company(pl, a_rep, [a_rep, common])
        b_rep = pl.take("adult")
        return a, _own_company(pl, b_rep, [b_rep, common]), {}
    a = _own_company(pl, a_rep)
    if variant == 2:  # one legal representative for both
        return a, _own_company(pl, a_rep, [pl.take("adult")]), {}
    b = _own_company(pl, pl.take("adult"))
    if variant == 0:
        return a, b, {b.credit_code: (a.phone, b.address)}
    return a, b, {b.credit_code: (b.phone, a.address)}


def plant_bid_collusion(pl: Planter, active: list[Company]) -> None:
    """Tenders where two different bidders share a phone, an address, a legal rep or a person shareholder."""
    c = pl.county
    found = buyers(c)
    for i in range(pl.per_model):
        a, b, contacts = _collusion_pair(pl, i % 4)
        bidders = [a, *c.rng.sample(active, 2), b]
        budget = (120 + i) * 1_000_000
        tender_id, *_ = tender_with_bids(
            c, found[i % len(found)], bidders, date(2023, 4, 1 + i % 28), budget, contacts
        )
        c.expect("bid_collusion", tender_id, budget)
    holding = c.companies[0].credit_code
    for i in range(pl.near_misses):
        buyer = found[(i + 3) % len(found)]
        x, y = _own_company(pl, pl.take("adult")), _own_company(pl, pl.take("adult"))
        if i % 3 == 0:  # one phone on bids for two different tenders
            tender_with_bids(c, buyer, [x, *c.rng.sample(active, 2)], date(2024, 2, 3), 88_000_000)
            tender_with_bids(
                c,
                buyer,
                [y, *c.rng.sample(active, 2)],
                date(2024, 2, 9),
                66_000_000,
                {y.credit_code: (x.phone, y.address)},
            )
        elif i % 3 == 1:  # a common shareholder that is a company
            x2 = _own_company(pl, pl.take("adult"), holder_companies=(holding,))
            y2 = _own_company(pl, pl.take("adult"), holder_companies=(holding,))
            tender_with_bids(c, buyer, [x2, y2, *c.rng.sample(active, 1)], date(2024, 5, 6), 77_000_000)
        else:  # one bidder bidding twice
            tender_with_bids(c, buyer, [x, x, y], date(2024, 6, 6), 55_000_000)


SPLITS = (
    ((0, 38_000_000), (8, 38_000_000), (20, 38_000_000)),
    ((0, 50_000_000), (30, 50_000_000)),  # exactly 30 days, exactly the threshold
    ((0, 60_000_000), (25, 45_000_000), (50, 70_000_000)),  # two windows: their union
    ((0, 150_000_000), (5, 55_000_000), (12, 48_000_000), (100, 20_000_000)),  # only the middle two
)
SPLIT_FLAGGED = ((0, 1, 2), (0, 1), (0, 1, 2), (1, 2))
SPLIT_NEAR_MISSES = (
    ((0, 60_000_000), (75, 60_000_000)),
    ((0, 40_000_000), (10, 40_000_000)),
    ((0, 120_000_000), (5, 10_000_000)),
)


def _direct_series(pl: Planter, buyer: Buyer, series: tuple[tuple[int, int], ...], first: date) -> Company:
    supplier = _own_company(pl, pl.take("adult"))
    approver = unrelated_approver(pl.county, buyer, supplier)
    if approver is None:
        raise RuntimeError("no unrelated approver for a planted direct award")
    for offset, cents in series:
        contract(pl.county, buyer.organization, supplier, cents, add_days(first, offset), "direct", approver)
    return supplier


def plant_contract_splitting(pl: Planter) -> None:
    """Direct awards under the threshold within 30 days of the first, adding up to the threshold."""
    found = buyers(pl.county)
    for i in range(pl.per_model):
        buyer = found[i % len(found)]
        series = SPLITS[i % len(SPLITS)]
        supplier = _direct_series(pl, buyer, series, add_days(date(2023, 2, 1), 13 * (i % 50)))
        total = sum(series[k][1] for k in SPLIT_FLAGGED[i % len(SPLITS)])
        pl.county.expect("contract_splitting", f"{buyer.organization}|{supplier.credit_code}", total)
    for i in range(pl.near_misses + 1):
        series = SPLIT_NEAR_MISSES[i % len(SPLIT_NEAR_MISSES)]
        _direct_series(pl, found[(i + 1) % len(found)], series, add_days(date(2023, 3, 3), 17 * (i % 40)))


def plant_wage_arrears(pl: Planter, active: list[Company], workers: list[int]) -> None:
    """Projects with a month wholly inside the run and no wages; partial months, empty crews are lawful."""
    c = pl.county
    variants = (
        (date(2023, 2, 10), date(2024, 6, 20), {(2023, 9), (2023, 10)}),
        (date(2023, 5, 1), None, {(2024, 10), (2024, 11), (2024, 12)}),  # a running project stopped paying
        (date(2024, 3, 5), None, None),  # never paid
        (date(2023, 1, 1), date(2023, 12, 31), {(2023, 12)}),  # the last month is wholly inside
    )
    for i in range(pl.per_model):
        start, end, unpaid = variants[i % len(variants)]
        crew = c.rng.sample(workers, 6 + i % 5)
        project_id = project(c, c.rng.choice(active), start, end, len(crew))
        months = months_between(start, end or WINDOW_END)
        if unpaid is not None:
            pay_wages(c, project_id, crew, [ym for ym in months if ym not in unpaid])
        c.expect("wage_arrears", project_id, None)
    for i in range(pl.near_misses):
        if i % 2 == 0:  # no workers, no wages
            project(c, c.rng.choice(active), date(2024, 2, 1), None, 0)
        else:  # unpaid partial first and last months only
            crew = c.rng.sample(workers, 7)
            project_id = project(c, c.rng.choice(active), date(2023, 3, 15), date(2024, 2, 10), 7)
            pay_wages(c, project_id, crew, months_between(date(2023, 4, 1), date(2024, 1, 31)))
