"""Planted cases and near misses for the subsidy models."""

from __future__ import annotations

from datetime import date

from qingfeng.synth.background_people import quarter_days
from qingfeng.synth.dates import WINDOW_MONTHS, add_days
from qingfeng.synth.plant_common import Planter

MONTHLY_10TH = [date(y, m, 10) for y, m in WINDOW_MONTHS]


def plant_subsidy_after_death(pl: Planter) -> None:
    """Subsidies paid after the (earliest) death date; one paid on the day of death is lawful."""
    c = pl.county
    quarters = quarter_days()
    for i in range(pl.per_model):
        p = pl.take("elderly")
        variant = i % 3
        if variant == 0:
            died = date(2023, 11, 5)
            paid = pl.pay(p, "disability", [d for d in quarters if d <= date(2024, 7, 20)], 27000)
        elif variant == 1:
            died = date(2024, 2, 1)
            c.death(p, date(2024, 5, 1), "火化")  # a later second record: the earliest counts
            paid = pl.pay(p, "disability", [d for d in quarters if d <= date(2024, 4, 20)], 27000)
        else:
            died = date(2024, 8, 15)
            paid = pl.pay(p, "dibao", MONTHLY_10TH, 45000)
        c.death(p, died, "民政")
        pl.expect("subsidy_after_death", p, sum(v for day, v in paid if day > died))
    for _ in range(pl.near_misses):  # the last payment falls on the day of death
        p = pl.take("elderly")
        died = date(2024, 4, 20)
        c.death(p, died, "公安")
        pl.pay(p, "disability", [d for d in quarters if d <= died], 27000)


def _group(pl: Planter, size: int, others: tuple[int, ...]) -> list[int]:
    """A reserved person unrelated to `others`, plus housemates: one group of recipients."""
    while True:
        head = pl.take("adult", household_min=size, unrelated_to=others)
        members = [head]
        while len(members) < size:
            members.append(next(m for m in pl.pop.households[pl.pop.household[head]] if m not in members))
        if not any(pl.pop.related(m, o) for m in members for o in others):
            return members


def _groups(pl: Planter, sizes: tuple[int, ...]) -> list[list[int]]:
    groups: list[list[int]] = []
    for size in sizes:
        groups.append(_group(pl, size, tuple(p for g in groups for p in g)))
    return groups


def plant_shared_account(pl: Planter) -> None:
    """One account paid for >= 3 groups of unrelated recipients; one or two groups are lawful."""
    c = pl.county
    layouts = ((1, 1, 1), (2, 1, 1), (1, 1, 1, 1))
    for i in range(pl.per_model):
        account = pl.shared_account()
        total = 0
        for k, group in enumerate(_groups(pl, layouts[i % len(layouts)])):
            for p in group:
                program = "farmland" if k % 2 == 0 else "disability"
                days = (
                    [date(2023, 6, 20), date(2024, 6, 20)] if program == "farmland" else [date(2024, 3, 25)]
                )
                total += sum(v for _, v in pl.pay(p, program, days, 43000 + 1075 * k, account=account))
        c.expect("shared_subsidy_account", account, total)
    for i in range(pl.near_misses):
        account = pl.shared_account()
        groups = _groups(pl, (1, 1, 1) if i % 2 else (2, 1))
        if i % 2:  # three recipients, two joined by a relations row: two groups
            pl.pop.add_relation(groups[0][0], groups[1][0], "in_law")
        for group in groups:
            for p in group:
                pl.pay(p, "farmland", [date(2023, 6, 20)], 38700, account=account)


def _planted_cadre(pl: Planter, p: int) -> int:
    """Appoint a reserved person as a village committee member of their own village."""
    pop = pl.pop
    village = pop.village_of(p)
    township = pop.townships[pop.village_township[village]]
    pl.county.official(
        p, f"{township}{pop.villages[village]}村民委员会", "村委会委员", "village", date(2021, 1, 1)
    )
    return p


def plant_approver_relative(pl: Planter) -> None:
    """Subsidies approved by the recipient or a one-step relative; a relative's relative is not one."""
    farmland = [date(2023, 6, 20), date(2024, 6, 20)]
    for i in range(pl.per_model):
        variant = i % 3
        cadre = _planted_cadre(pl, pl.take("adult", household_min=2 if variant == 0 else 1))
        if variant == 0:
            recipient = pl.pool.housemate(cadre)
        elif variant == 1:
            recipient = pl.take("elderly", unrelated_to=(cadre,))
            pl.pop.add_relation(cadre, recipient, "parent")
        else:
            recipient = cadre
        paid = pl.pay(recipient, "farmland", farmland, 53750, approver=cadre)
        pl.expect("subsidy_to_approver_relative", recipient, sum(v for _, v in paid))
    for _ in range(pl.near_misses):  # two steps away
        cadre = _planted_cadre(pl, pl.take("adult"))
        middle = pl.take("adult", unrelated_to=(cadre,))
        recipient = pl.take("elderly", unrelated_to=(cadre, middle))
        pl.pop.add_relation(cadre, middle, "sibling")
        pl.pop.add_relation(middle, recipient, "in_law")
        pl.pay(recipient, "farmland", farmland, 32250, approver=cadre)


def plant_dibao_with_assets(pl: Planter) -> None:
    """Dibao to a household owning a vehicle or an active company registered before the pay date."""
    c = pl.county
    for i in range(pl.per_model):
        head = pl.take("adult", household_min=2)
        member = pl.pool.housemate(head)
        variant = i % 4
        if variant == 0:
            since = date(2024, 3, 20)
            c.vehicle(member, since, 8_600_000)
        elif variant == 1:
            since = date(2022, 5, 1)
            c.company(head, [head], since)
        elif variant == 2:
            since = date(2023, 8, 10)
            c.company(pl.take("adult"), [member], since)
        else:
            since = date(2023, 6, 10)  # registered on a pay day: that payment is not after it
            c.vehicle(head, since, 12_300_000)
        paid = pl.pay(head, "dibao", MONTHLY_10TH, 52000)
        pl.expect("dibao_with_assets", head, sum(v for day, v in paid if day > since))
    for i in range(pl.near_misses + 1):
        head = pl.take("adult", household_min=2)
        variant = i % 3
        if variant == 0:  # registered on the last pay day
            c.vehicle(pl.pool.housemate(head), MONTHLY_10TH[-1], 5_500_000)
        elif variant == 1:  # a company no longer active
            c.company(head, [head], date(2020, 4, 1), status=("revoked", "cancelled")[i % 2])
        else:  # a vehicle of a relative in another household: not the household
            relative = pl.take("adult", unrelated_to=(head,))
            pl.pop.add_relation(head, relative, "sibling")
            c.vehicle(relative, date(2021, 3, 3), 9_900_000)
        pl.pay(head, "dibao", MONTHLY_10TH, 48000)


def plant_duplicate_subsidy(pl: Planter) -> None:
    """One program paid in one month from two villages; twice from one village is lawful."""
    quarters = quarter_days()
    for i in range(pl.per_model):
        p = pl.take("elderly")
        elsewhere = pl.other_village(p)
        program = "elderly" if pl.pop.age(p) >= 80 else "disability"
        if i % 2 == 0:
            pl.pay(p, program, quarters, 30000)
            pl.pay(p, program, [date(2024, 4, 25)], 30000, village=elsewhere)
            pl.expect("duplicate_subsidy", p, 60000)
        else:
            pl.pay(p, "dibao", MONTHLY_10TH, 41000)
            pl.pay(p, "dibao", [date(2023, 7, 18), date(2023, 8, 18)], 39000, village=elsewhere)
            pl.expect("duplicate_subsidy", p, 2 * 41000 + 2 * 39000)
    for i in range(pl.near_misses):
        p = pl.take("elderly")
        pl.pay(p, "disability", quarters, 27000)
        if i % 2 == 0:  # the same village twice in a month
            pl.pay(p, "disability", [date(2024, 4, 28)], 27000)
        else:  # another program from another village
            pl.pay(p, "farmland", [date(2024, 6, 26)], 64500, village=pl.other_village(p))


def plant_student_aid(pl: Planter) -> None:
    """Student aid on days no enrollment covers; the last day of an enrollment is covered."""
    c = pl.county
    for i in range(pl.per_model):
        variant = i % 4
        p = pl.take("young_adult" if variant == 2 else "student")
        school = f"{pl.pop.townships[0]}中学"
        if variant == 0:  # left school in July 2023
            c.enrollment(p, school, date(2020, 9, 1), date(2023, 7, 10))
            days, flagged = [date(2023, 3, 15), date(2023, 10, 15)], [date(2023, 10, 15)]
        elif variant == 1:  # one day after the enrollment ended
            c.enrollment(p, school, date(2021, 9, 1), date(2024, 7, 10))
            days, flagged = [date(2024, 7, 11)], [date(2024, 7, 11)]
        elif variant == 2:  # never enrolled
            days = flagged = [date(2023, 3, 15), date(2024, 3, 15)]
        else:  # between two schools
            c.enrollment(p, school, date(2021, 9, 1), date(2024, 7, 10))
            c.enrollment(p, "介休市第一中学", date(2024, 9, 1), None)
            days, flagged = [date(2024, 8, 20), date(2024, 10, 15)], [date(2024, 8, 20)]
        pl.pay(p, "student_aid", days, 62500)
        pl.expect("student_aid_not_enrolled", p, 62500 * len(flagged))
    for i in range(pl.near_misses):
        p = pl.take("student")
        end = date(2024, 7, 10)
        start = date(2022, 9, 1)
        c.enrollment(p, "介休市第三中学", start, end)
        pl.pay(p, "student_aid", [end if i % 2 == 0 else start, add_days(end, -100)], 100000)
