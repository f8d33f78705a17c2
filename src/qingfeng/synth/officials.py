"""Village cadres, township and county officials, and the households reserved for planting.

Officials come from background households. Reserved households are set aside
before any background record is drawn: every planted case is built from them
alone, so background records never touch a planted person by accident.
"""

from __future__ import annotations

from datetime import date

from qingfeng.synth import geography as geo
from qingfeng.synth.population import Population
from qingfeng.synth.records import County

VILLAGE_POSITIONS = ("党支部书记", "村委会主任", "村委会委员")
TOWNSHIP_POSITIONS = ("党委书记", "乡镇长", "副乡镇长", "民政办主任", "财政所所长")
COUNTY_POSITIONS = ("局长", "副局长")


def _adults_by_village(pop: Population) -> list[list[int]]:
    by_village: list[list[int]] = [[] for _ in pop.villages]
    for hh, members in enumerate(pop.households):
        for p in members:
            if 30 <= pop.age(p) <= 58:
                by_village[pop.household_village[hh]].append(p)
    return by_village


def _take(county: County, candidates: list[int], count: int) -> list[int]:
    """`count` candidates from different households who hold no office yet."""
    chosen: list[int] = []
    households: set[int] = set()
    for _ in range(50 * count if candidates else 0):
        p = county.rng.choice(candidates)
        hh = county.pop.household[p]
        if hh in households or p in county.officials.everyone:
            continue
        chosen.append(p)
        households.add(hh)
        county.officials.everyone.add(p)
        if len(chosen) == count:
            return chosen
    raise ValueError("the county is too small to staff its villages; use more persons")


def appoint_officials(county: County) -> None:
    """Three cadres a village, five officials a township, a head and deputies for each county bureau."""
    pop, rng = county.pop, county.rng
    adults = _adults_by_village(pop)
    for v, village in enumerate(pop.villages):
        cadres = _take(county, adults[v], len(VILLAGE_POSITIONS))
        county.officials.village_cadres.append(cadres)
        township = pop.townships[pop.village_township[v]]
        for p, position in zip(cadres, VILLAGE_POSITIONS, strict=True):
            start = date(rng.choice((2015, 2018, 2021)), 1, 1)
            county.official(p, f"{township}{village}村民委员会", position, "village", start)
    for t, township in enumerate(pop.townships):
        pool = [p for v in range(len(pop.villages)) if pop.village_township[v] == t for p in adults[v]]
        staff = _take(county, pool, len(TOWNSHIP_POSITIONS))
        county.officials.township.append(staff)
        for p, position in zip(staff, TOWNSHIP_POSITIONS, strict=True):
            county.official(
                p, f"{geo.COUNTY['name']}{township}人民政府", position, "township", date(2021, 6, 1)
            )
    everyone_adult = [p for v in adults for p in v]
    deputies = 1 + pop.size // 200_000
    for dept in geo.DEPARTMENTS:
        staff = _take(county, everyone_adult, 1 + deputies)
        county.officials.departments[dept] = staff
        for k, p in enumerate(staff):
            position = COUNTY_POSITIONS[min(k, 1)]
            county.official(p, f"{geo.COUNTY['name']}{dept}", position, "county", date(2020, 3, 1))


def official_kin(county: County) -> set[int]:
    """Officials, their household members and anyone joined to them by a relations row."""
    pop = county.pop
    kin: set[int] = set()
    for p in county.officials.everyone:
        kin.update(pop.households[pop.household[p]])
    for a, b, _ in pop.relations:
        if a in county.officials.everyone:
            kin.add(b)
        if b in county.officials.everyone:
            kin.add(a)
    return kin


class ReservePool:
    """Households set aside for planted cases, handed out by the age of one member."""

    CATEGORIES = ("elderly", "adult", "student", "young_adult")

    def __init__(self, county: County, persons_wanted: int) -> None:
        self.county = county
        pop = county.pop
        households = list(range(len(pop.households)))
        county.rng.shuffle(households)
        kin = official_kin(county)
        self.queues: dict[str, list[int]] = {c: [] for c in self.CATEGORIES}
        reserved = 0
        for hh in households:
            if reserved >= persons_wanted:
                break
            if any(p in kin for p in pop.households[hh]):
                continue
            county.reserved[hh] = 1
            reserved += len(pop.households[hh])
            for p in pop.households[hh]:
                category = self._category(p)
                if category:
                    self.queues[category].append(p)
        self.used: set[int] = set()

    def _category(self, p: int) -> str | None:
        age = self.county.pop.age(p)
        if age >= 64:
            return "elderly"
        if 25 <= age <= 58:
            return "adult"
        if 8 <= age <= 16:
            return "student"
        if 18 <= age <= 24:
            return "young_adult"
        return None

    def take(self, category: str, household_min: int = 1) -> int:
        """A reserved person of the category from a household not used yet; marks the household used."""
        pop = self.county.pop
        queue = self.queues[category]
        while queue:
            p = queue.pop()
            hh = pop.household[p]
            if hh in self.used or len(pop.households[hh]) < household_min:
                continue
            self.used.add(hh)
            return p
        raise ValueError(f"the county is too small for the planted cases ({category}); use more persons")

    def housemate(self, p: int) -> int:
        """Another member of p's household (the household must have one)."""
        members = self.county.pop.households[self.county.pop.household[p]]
        return next(m for m in members if m != p)
