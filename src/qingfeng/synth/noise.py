"""Weak identities in deaths, imprisonments and enrollments, as departments really write them.

A fraction of records gets a one-digit typo (the check character then fails), an
old 15-digit number (which normalises back to the right ID) or no ID at all; a
third of those noisy records also get a homophone of one given-name character.
Ambiguity distractors: two registry persons share name, gender and birth date,
and a death record with no ID fits both: its truth is to stay unlinked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qingfeng.synth import geography as geo
from qingfeng.synth.plant_common import Planter
from qingfeng.synth.records import PERSON_RECORD_TABLES, County

ID_COLUMN = {"deaths": 1, "imprisonments": 1, "enrollments": 0}
NAME_COLUMN = {"deaths": 2, "imprisonments": 2, "enrollments": 1}


@dataclass(frozen=True)
class NoisyRecord:
    """A record written with a weak ID: which row, whose it truly is (None: must stay unlinked), how."""

    table: str
    row: int
    person: int | None
    noise: str
    homophone: bool


def plant_twins(pl: Planter, count: int) -> list[NoisyRecord]:
    """Pairs of namesakes born the same day, and a death record without ID that fits both."""
    c, pop = pl.county, pl.county.pop
    noisy: list[NoisyRecord] = []
    for _ in range(count):
        a = pl.take("elderly")
        b = pl.take("elderly")
        while pop.genders[b] != pop.genders[a]:
            b = pl.take("elderly")
        pop.births[b] = pop.births[a]
        pop.names[b] = pop.names[a]
        pop.ids[b] = pop.issuer.issue(pop.ids[b][:6], pop.births[a], pop.genders[a])
        pl.resident_pensions(a)
        pl.resident_pensions(b)
        _, name, gender, born = c.person_fields(a)
        row = c.add(
            "deaths",
            (f"SW{c.next('death'):08d}", "", name, gender, born, date(2023, 6, 15).isoformat(), "民政"),
        )
        noisy.append(NoisyRecord("deaths", row, None, "empty", False))
    return noisy


def _typo(county: County, id18: str) -> str:
    pos = county.rng.randrange(17)
    digit = str((int(id18[pos]) + county.rng.randint(1, 9)) % 10)
    return id18[:pos] + digit + id18[pos + 1 :]


def _homophone(county: County, name: str) -> str | None:
    """The name with one given-name character replaced by its homophone, or None if none has one."""
    positions = [k for k in range(1, len(name)) if name[k] in geo.HOMOPHONES]
    if not positions:
        return None
    k = county.rng.choice(positions)
    return name[:k] + geo.HOMOPHONES[name[k]] + name[k + 1 :]


def _weaken(county: County, table: str, row: int, kind: str, homophone: bool) -> NoisyRecord:
    cells = list(county.rows[table][row])
    person = county.row_person[table][row]
    true_id = county.pop.ids[person]
    if kind == "id15" and true_id[6:8] != "19":
        kind = "typo"  # no 15-digit number was ever issued to someone born after 1999
    cells[ID_COLUMN[table]] = {
        "typo": _typo(county, true_id),
        "id15": true_id[:6] + true_id[8:17],
        "empty": "",
    }[kind]
    if homophone:
        variant = _homophone(county, cells[NAME_COLUMN[table]])
        homophone = variant is not None
        if variant is not None:
            cells[NAME_COLUMN[table]] = variant
    county.rows[table][row] = tuple(cells)
    return NoisyRecord(table, row, person, kind, homophone)


def apply_noise(county: County, fraction: float) -> list[NoisyRecord]:
    """Weaken round(fraction * rows) records of each person-record table (exactly; twins excluded)."""
    noisy: list[NoisyRecord] = []
    if fraction <= 0:
        return noisy
    for table in PERSON_RECORD_TABLES:
        eligible = [r for r, p in enumerate(county.row_person[table]) if p >= 0]
        chosen = sorted(county.rng.sample(eligible, round(fraction * len(eligible))))
        with_names = [r for r in chosen if _homophone_possible(county, table, r)]
        homophones = set(county.rng.sample(with_names, min(len(with_names), round(len(chosen) / 3))))
        for r in chosen:
            kind = county.rng.choice(("typo", "id15", "empty"))
            noisy.append(_weaken(county, table, r, kind, r in homophones))
    return noisy


def _homophone_possible(county: County, table: str, row: int) -> bool:
    name = county.rows[table][row][NAME_COLUMN[table]]
    return any(ch in geo.HOMOPHONES for ch in name[1:])
