"""The people of the synthetic county: households, kinship, valid GB 11643 identity numbers.

Persons are held column-wise (parallel lists indexed by a person number) so that
a county of a million people fits comfortably in memory. The name of a person is
unique on (surname, toneless pinyin of the given name, gender, birth date): a
record written with a homophone variant or without an ID can then always be
linked back with confidence, except for the ambiguity distractors planted on
purpose (see `plant_twins`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from pypinyin import lazy_pinyin

from qingfeng.contract.ids import id18_check_char
from qingfeng.synth import geography as geo

_HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
_HOUSEHOLD_WEIGHTS = (12, 25, 25, 20, 12, 6)
AGE_DAY = date(2023, 1, 1)
"""Ages are counted at this day, the start of the payment window."""


@lru_cache(maxsize=4096)
def account_number(person: int) -> str:
    """Cached so that a person's monthly payments share one string."""
    return f"621799{(person * 2654435761 + 7) % 10**13:013d}"


class IdIssuer:
    """Issues unique resident IDs: region + birth date + sequence with gender parity + check char."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def issue(self, region: str, born: date, gender: str) -> str:
        stem = f"{region}{born.year:04d}{born.month:02d}{born.day:02d}"
        n = self._next.get(stem, 0)
        self._next[stem] = n + 1
        seq = 2 * n + (1 if gender == "M" else 0) + 10
        if seq > 999:
            raise ValueError(f"too many people born {born} in {region}")
        first17 = f"{stem}{seq:03d}"
        return first17 + id18_check_char(first17)


@dataclass
class Population:
    """Persons (column-wise), households, villages and kinship rows."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    births: list[date] = field(default_factory=list)
    household: list[int] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    households: list[list[int]] = field(default_factory=list)
    household_village: list[int] = field(default_factory=list)
    household_address: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    village_township: list[int] = field(default_factory=list)
    townships: list[str] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)
    related_pairs: set[tuple[int, int]] = field(default_factory=set)
    issuer: IdIssuer = field(default_factory=lambda: IdIssuer())

    @property
    def size(self) -> int:
        return len(self.ids)

    def village_of(self, person: int) -> int:
        return self.household_village[self.household[person]]

    def age(self, person: int, on: date = AGE_DAY) -> int:
        born = self.births[person]
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def related(self, a: int, b: int) -> bool:
        """The contract's relatives, one step, or the same person."""
        if a == b or self.household[a] == self.household[b]:
            return True
        return (min(a, b), max(a, b)) in self.related_pairs

    def add_relation(self, a: int, b: int, relation: str) -> None:
        self.relations.append((a, b, relation))
        self.related_pairs.add((min(a, b), max(a, b)))

    def account(self, person: int) -> str:
        """The person's own bank card number (unique: a bijection of the person number)."""
        return account_number(person)

    def household_id(self, hh: int) -> str:
        return f"{geo.COUNTY_CODE}{hh + 1:09d}"


class _NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [s for s, _ in geo.SURNAMES]
        self.weights = [w for _, w in geo.SURNAMES]
        chars = set(geo.GIVEN_MALE) | set(geo.GIVEN_FEMALE) | set(geo.HOMOPHONES.values())
        self.pinyin = {c: lazy_pinyin(c)[0] for c in sorted(chars)}
        self.seen: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.weights)[0]

    def given(self, gender: str) -> str:
        pool = geo.GIVEN_MALE if gender == "M" else geo.GIVEN_FEMALE
        if self.rng.random() < 0.3:
            return self.rng.choice(pool)
        return self.rng.choice(pool) + self.rng.choice(pool)

    def unique_given(self, surname: str, gender: str, born: date) -> str:
        """A given name that no one else of this surname, gender and birth date sounds like."""
        while True:
            given = self.given(gender)
            key = f"{surname}|{'-'.join(self.pinyin[c] for c in given)}|{gender}|{born.toordinal()}"
            if key not in self.seen:
                self.seen.add(key)
                return given


def _villages(pop: Population, persons: int, rng: random.Random) -> None:
    n_villages = max(6, persons // 1500)
    n_townships = min(len(geo.TOWNSHIPS), max(3, n_villages // 8))
    pop.townships = list(geo.TOWNSHIPS[:n_townships])
    combos = [h + t for h in geo.VILLAGE_HEADS for t in geo.VILLAGE_TAILS]
    rng.shuffle(combos)
    for v in range(n_villages):
        stem = combos[v % len(combos)] + ("" if v < len(combos) else str(v // len(combos) + 1))
        pop.villages.append(stem + "村")
        pop.village_township.append(v % n_townships)


def _household_members(rng: random.Random, size: int) -> list[tuple[str, int, str]]:
    """(gender, age, role) of each member; head first."""
    head_age = rng.randint(20, 92) if size == 1 else rng.randint(24, 78)
    head_gender = "M" if rng.random() < 0.85 else "F"
    members = [(head_gender, head_age, "head")]
    if size >= 2 and rng.random() < 0.9:
        spouse_age = min(95, max(18, head_age + rng.randint(-6, 4)))
        members.append(("F" if head_gender == "M" else "M", spouse_age, "spouse"))
    if size >= 4 and head_age <= 60 and rng.random() < 0.5:
        members.append(("M" if rng.random() < 0.4 else "F", min(95, head_age + rng.randint(22, 32)), "elder"))
    while len(members) < size:
        child_age = max(0, head_age - rng.randint(22, 38))
        members.append(("M" if rng.random() < 0.52 else "F", child_age, "child"))
    return members


def _birth(rng: random.Random, age: int) -> date:
    return date(AGE_DAY.year - age - 1, 1, 1) + timedelta(days=rng.randrange(365))


def _region(rng: random.Random, role: str) -> str:
    outside = 0.2 if role == "spouse" else 0.04
    return rng.choice(geo.OTHER_REGIONS) if rng.random() < outside else geo.COUNTY_CODE


def _add_household(pop: Population, rng: random.Random, names: _NameMaker, ids: IdIssuer, size: int) -> None:
    hh = len(pop.households)
    village = rng.randrange(len(pop.villages))
    family = names.surname()
    members: list[int] = []
    for gender, age, role in _household_members(rng, size):
        surname = (
            family if role in ("head", "child") or (role == "elder" and gender == "M") else names.surname()
        )
        born = _birth(rng, age)
        given = names.unique_given(surname, gender, born)
        person = pop.size
        pop.ids.append(ids.issue(_region(rng, role), born, gender))
        pop.names.append(surname + given)
        pop.genders.append(gender)
        pop.births.append(born)
        pop.household.append(hh)
        members.append(person)
        if role == "spouse" and rng.random() < 0.7:
            pop.add_relation(members[0], person, "spouse")
        elif role == "child" and rng.random() < 0.4:
            pop.add_relation(members[0], person, "child")
    pop.households.append(members)
    pop.household_village.append(village)
    township = pop.townships[pop.village_township[village]]
    pop.household_address.append(f"{geo.COUNTY['name']}{township}{pop.villages[village]}{hh + 1}号")


def _kin_across_households(pop: Population, rng: random.Random) -> None:
    """Relations rows joining household heads to heads of other households (parents, siblings, in-laws)."""
    for hh in range(1, len(pop.households)):
        if rng.random() >= 0.3:
            continue
        a = pop.households[rng.randrange(hh)][0]
        b = pop.households[hh][0]
        diff = pop.births[b].year - pop.births[a].year
        relation = "child" if 18 <= diff <= 45 else "parent" if -45 <= diff <= -18 else "sibling"
        if abs(diff) > 10 and relation == "sibling":
            relation = "in_law"
        pop.add_relation(a, b, relation)


def build_population(persons: int, rng: random.Random) -> Population:
    """Persons in households, spread over villages grouped in townships, with kinship rows."""
    pop = Population()
    _villages(pop, persons, rng)
    names = _NameMaker(rng)
    ids = pop.issuer
    while pop.size < persons:
        size = min(rng.choices(_HOUSEHOLD_SIZES, _HOUSEHOLD_WEIGHTS)[0], persons - pop.size)
        _add_household(pop, rng, names, ids, size)
    _kin_across_households(pop, rng)
    prefixes = ("13", "15", "17", "18", "19")
    pop.phones = [
        "" if rng.random() < 0.1 else f"{prefixes[p % 5]}{(p * 2654435761 + 3) % 10**9:09d}"
        for p in range(pop.size)
    ]
    return pop
