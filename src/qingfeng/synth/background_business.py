"""Background assets, companies, public procurement and construction wages, all lawful.

Each background person holds at most one company role, company people are never
officials' kin, so no supplier is tied to its approver and no two bidders share a
legal representative or a person shareholder; every company has its own phone
and address; background direct contracts between one buyer and one supplier add
up to less than the splitting threshold; projects pay wages in every month
wholly inside their run (some skip a partial first or last month, lawfully).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qingfeng.synth import geography as geo
from qingfeng.synth.dates import (
    WINDOW_END,
    add_days,
    day_between,
    iso,
    money,
    month_last,
    month_of,
    month_text,
    months_between,
)
from qingfeng.synth.officials import official_kin
from qingfeng.synth.records import Company, County

PROJECT_KINDS = ("道路硬化工程", "安置房建设项目", "学校教学楼工程", "污水处理站工程", "村委会办公楼改造工程")


@dataclass(frozen=True)
class Buyer:
    organization: str
    approvers: list[int]


def background_vehicles(county: County, dibao: set[int]) -> None:
    """About one household in five owns a car; dibao households never do."""
    rng, pop = county.rng, county.pop
    for hh, members in enumerate(pop.households):
        if county.reserved[hh] or hh in dibao or rng.random() >= 0.2:
            continue
        adults = [p for p in members if 20 <= pop.age(p) <= 70]
        if adults:
            day = day_between(rng.random(), date(2008, 1, 1), WINDOW_END)
            county.vehicle(rng.choice(adults), day, rng.randint(30, 350) * 100_000)


def _company_candidates(county: County, dibao: set[int]) -> list[int]:
    pop = county.pop
    kin = official_kin(county)
    candidates = [
        p
        for p in range(pop.size)
        if 25 <= pop.age(p) <= 65
        and not county.reserved[pop.household[p]]
        and pop.household[p] not in dibao
        and p not in kin
    ]
    county.rng.shuffle(candidates)
    return candidates


def background_companies(county: County, dibao: set[int]) -> list[Company]:
    """Companies with a legal representative and 1-3 shareholders; a few holding companies hold shares."""
    rng = county.rng
    wanted = max(40, county.pop.size // 80)
    candidates = _company_candidates(county, dibao)
    holdings: list[str] = []
    made: list[Company] = []
    for k in range(wanted):
        if len(candidates) < 3:
            break
        rep = candidates.pop()
        holders = [rep] if rng.random() < 0.8 else []
        holders += [candidates.pop() for _ in range(rng.choice((0, 0, 1, 2)))]
        holding = (rng.choice(holdings),) if holdings and rng.random() < 0.12 else ()
        if not holders and not holding:
            holders = [rep]
        status = "active" if rng.random() < 0.9 else rng.choice(("revoked", "cancelled"))
        registered = day_between(rng.random(), date(1998, 1, 1), date(2022, 12, 31))
        company = county.company(rep, holders, registered, "active" if k < 3 else status, holding)
        if k < max(3, wanted // 50):
            holdings.append(company.credit_code)
        made.append(company)
    return [c for c in made if c.status == "active"]


def buyers(county: County) -> list[Buyer]:
    """County bureaus (approved by their officials) and township governments (by their two leaders)."""
    pop = county.pop
    found = [Buyer(f"{geo.COUNTY['name']}{d}", staff) for d, staff in county.officials.departments.items()]
    for t, township in enumerate(pop.townships):
        found.append(Buyer(f"{geo.COUNTY['name']}{township}人民政府", county.officials.township[t][:2]))
    return found


def _bid_row(
    tender_id: str, company: Company, cents: int, at: date, minute: int, won: bool
) -> tuple[str, ...]:
    stamp = f"{at.isoformat()}T{9 + minute // 60:02d}:{minute % 60:02d}:00"
    return (
        tender_id,
        company.credit_code,
        money(cents),
        company.phone,
        company.address,
        stamp,
        str(won).lower(),
    )


def tender_with_bids(
    county: County,
    buyer: Buyer,
    bidders: list[Company],
    published: date,
    budget: int,
    contacts: dict[str, tuple[str, str]] | None = None,
    winner: int | None = None,
) -> tuple[str, Company, int, date]:
    """A tender and its bids; returns (tender_id, winner, winning amount, bid day).

    `contacts` overrides the (phone, address) a bidder writes on its bid; `winner` forces the winning bid.
    """
    rng = county.rng
    tender_id = f"ZB{published.year}{county.next('tender'):06d}"
    method = "open" if rng.random() < 0.8 else "invited"
    title = f"{published.year}年{rng.choice(geo.CONTRACT_ITEMS)}"
    county.add("tenders", (tender_id, buyer.organization, title, method, money(budget), iso(published)))
    amounts = [budget * rng.randint(850, 995) // 1000 // 100 * 100 for _ in bidders]
    if winner is not None:
        amounts[winner] = min(amounts) - 10_000
    winner = min(range(len(bidders)), key=lambda i: (amounts[i], i))
    bid_day = add_days(published, rng.randint(10, 20))
    for i, company in enumerate(bidders):
        row = _bid_row(tender_id, company, amounts[i], bid_day, rng.randint(0, 420), i == winner)
        if contacts and company.credit_code in contacts:
            row = (*row[:3], *contacts[company.credit_code], *row[5:])
        county.add("bids", row)
    return tender_id, bidders[winner], amounts[winner], bid_day


def contract(
    county: County,
    buyer_org: str,
    supplier: Company,
    cents: int,
    day: date,
    method: str,
    approver: int,
    tender_id: str = "",
) -> str:
    contract_id = f"HT{county.next('contract'):07d}"
    row = (contract_id, tender_id, buyer_org, supplier.credit_code, money(cents), iso(day), method)
    county.add("contracts", (*row, county.pop.ids[approver]))
    return contract_id


def unrelated_approver(county: County, buyer: Buyer, supplier: Company) -> int | None:
    for approver in buyer.approvers:
        if county.unrelated_to(approver, supplier):
            return approver
    return None


def background_procurement(county: County, active: list[Company]) -> None:
    """Open and invited tenders with 3-5 bidders each, and small direct awards."""
    rng = county.rng
    found = buyers(county)
    for _ in range(max(12, county.pop.size // 400)):
        buyer = rng.choice(found)
        published = day_between(rng.random(), date(2023, 1, 5), date(2024, 10, 31))
        bidders = rng.sample(active, rng.randint(3, min(5, len(active))))
        tender_id, winner, cents, bid_day = tender_with_bids(
            county, buyer, bidders, published, rng.randint(30, 800) * 1_000_000
        )
        approver = unrelated_approver(county, buyer, winner)
        if approver is not None:
            method = county.rows["tenders"][-1][3]
            contract(
                county,
                buyer.organization,
                winner,
                cents,
                add_days(bid_day, rng.randint(7, 20)),
                method,
                approver,
                tender_id,
            )
    totals: dict[tuple[str, str], int] = {}
    for _ in range(max(15, county.pop.size // 300)):
        buyer, supplier = rng.choice(found), rng.choice(active)
        cents = rng.randint(10, 280) * 100_000
        pair = (buyer.organization, supplier.credit_code)
        approver = unrelated_approver(county, buyer, supplier)
        if totals.get(pair, 0) + cents >= 95_000_000 or approver is None:
            continue
        totals[pair] = totals.get(pair, 0) + cents
        day = day_between(rng.random(), date(2023, 1, 1), WINDOW_END)
        contract(county, buyer.organization, supplier, cents, day, "direct", approver)


def project(county: County, contractor: Company, start: date, end: date | None, workers: int) -> str:
    project_id = f"XM{geo.COUNTY_CODE}{county.next('project'):05d}"
    pop = county.pop
    name = f"{pop.villages[county.rng.randrange(len(pop.villages))]}{county.rng.choice(PROJECT_KINDS)}"
    row = (project_id, name, contractor.credit_code, iso(start), iso(end), str(workers))
    county.add("projects", row)
    return project_id


def pay_wages(county: County, project_id: str, crew: list[int], months: list[tuple[int, int]]) -> None:
    for ym in months:
        for worker, cents in zip(crew, _crew_wages(project_id, len(crew)), strict=True):
            county.add("wage_payments", (project_id, county.pop.ids[worker], month_text(ym), money(cents)))


def _crew_wages(project_id: str, size: int) -> list[int]:
    seed = int(project_id[-5:])
    return [(2800 + (seed * 37 + k * 113) % 3700) * 100 for k in range(size)]


def crew(county: County, workers: list[int], size: int) -> list[int]:
    return county.rng.sample(workers, size)


def background_projects(county: County, active: list[Company], workers: list[int]) -> None:
    """Projects paying their crews monthly; the first runs into December 2024 (the latest wage month)."""
    rng = county.rng
    for k in range(max(8, county.pop.size // 2000)):
        start = (
            date(2024, 1, 15) if k == 0 else day_between(rng.random(), date(2022, 1, 1), date(2024, 9, 30))
        )
        end: date | None = add_days(start, rng.randint(120, 900))
        if k == 0 or (end is not None and end > WINDOW_END):
            end = None
        size = rng.randint(5, 25)
        project_id = project(county, rng.choice(active), start, end, size)
        months = months_between(start, end or WINDOW_END)
        if start.day > 1 and rng.random() < 0.35:
            months = months[1:]  # a partial first month need not be paid
        if end is not None and end != month_last(month_of(end)) and rng.random() < 0.35:
            months = months[:-1]  # nor a partial last month
        pay_wages(county, project_id, crew(county, workers, size), months)
