"""Background records about people: deaths, imprisonments, pensions, claims, schooling, subsidies.

Every background record is lawful under the 14 built-in models, by construction:
payments stop with the month of death, claims and subsidies stop on the day of
death, imprisoned people are too young for a pension, inpatient stays of one
person never overlap, each person is paid by one village into their own account
(or a housemate's), subsidies are approved by an unrelated cadre, dibao
households own no vehicle and no company, and student aid is paid only on days
an enrollment covers.
"""

from __future__ import annotations

from datetime import date

from qingfeng.synth import geography as geo
from qingfeng.synth.dates import WINDOW_END, WINDOW_MONTHS, WINDOW_START, add_days, day_between, month_of
from qingfeng.synth.records import County

Span = tuple[date, date | None]
_QUARTER_DAYS = ((1, 20), (4, 20), (7, 20), (10, 20))
_DISABILITY_DAYS = ((3, 25), (6, 25), (9, 25), (12, 25))
STUDENT_AID_DAYS = (date(2023, 3, 15), date(2023, 10, 15), date(2024, 3, 15), date(2024, 10, 15))


def background_people(county: County) -> list[int]:
    """Persons who may carry background records: not reserved for planting."""
    return [p for p in range(county.pop.size) if not county.is_reserved(p)]


def background_deaths(county: County, people: list[int]) -> None:
    """About 1.5% of people die in the window; one in five deaths is reported twice, the later a bit later."""
    rng, pop = county.rng, county.pop
    for p in people:
        if p in county.officials.everyone:
            continue
        age = pop.age(p)
        chance = 0.10 if age >= 85 else 0.05 if age >= 75 else 0.02 if age >= 60 else 0.002
        if rng.random() >= chance:
            continue
        day = day_between(rng.random(), WINDOW_START, WINDOW_END)
        county.death(p, day, rng.choice(geo.DEATH_SOURCES))
        if rng.random() < 0.2:
            later = min(WINDOW_END, add_days(day, rng.randint(0, 40)))
            county.death(p, later, rng.choice(geo.DEATH_SOURCES))


def background_imprisonments(county: County, people: list[int]) -> None:
    """Imprisonments of about 0.2% of people aged 20 to 52 (at least 3): too young for any pension."""
    rng, pop = county.rng, county.pop
    eligible = [
        p
        for p in people
        if 20 <= pop.age(p) <= 52 and p not in county.officials.everyone and p not in county.death_day
    ]
    for p in sorted(rng.sample(eligible, min(len(eligible), max(3, len(eligible) // 500)))):
        start = day_between(rng.random(), date(2018, 1, 1), date(2024, 10, 31))
        end = add_days(start, rng.randint(180, 2200))
        county.imprisonment(p, start, None if end > WINDOW_END else end)


def _pension_months(county: County, p: int) -> list[tuple[int, int]]:
    born = county.pop.births[p]
    sixty = date(born.year + 60, born.month, min(born.day, 28))
    first = month_of(sixty)
    months = [ym for ym in WINDOW_MONTHS if ym > first]
    died = county.death_day.get(p)
    if died is not None:
        last = month_of(died)
        if (
            county.rng.random() < 0.3
        ):  # some funds stop a month early; the month of death is lawful either way
            months = [ym for ym in months if ym < last]
        else:
            months = [ym for ym in months if ym <= last]
    return months


def background_pensions(county: County, people: list[int]) -> None:
    """Resident-scheme pensions for rural people over 60; employee-scheme for about one in seven."""
    rng, pop = county.rng, county.pop
    for p in people:
        if pop.births[p] > date(1964, 11, 30):
            continue
        months = _pension_months(county, p)
        if not months:
            continue
        if rng.random() < 0.14:
            base = rng.randint(250_000, 480_000)
            for ym in months:
                county.pension(p, ym, base if ym[0] == 2023 else base * 1038 // 1000, "employee")
        else:
            bonus = 1000 * (pop.age(p) >= 65) + 2000 * (pop.age(p) >= 75)
            for ym in months:
                county.pension(p, ym, (16300 if ym[0] == 2023 else 18300) + bonus, "resident")


def _providers(county: County) -> list[tuple[str, str]]:
    health_centres = [(f"W141181{t + 1:03d}", f"{name}卫生院") for t, name in enumerate(county.pop.townships)]
    return [*geo.HOSPITALS, *health_centres]


def _stay(county: County, p: int, first: date, last: date) -> tuple[date, date] | None:
    admission = day_between(county.rng.random(), first, last)
    discharge = add_days(admission, county.rng.randint(2, 19))
    died = county.death_day.get(p)
    if died is not None:
        if admission > died:
            return None
        discharge = min(discharge, died)
    return admission, discharge


def _claim_amounts(county: County, low: int, high: int) -> tuple[int, int]:
    total = county.rng.randint(low, high) * 100 + county.rng.randrange(100)
    return total, total * county.rng.randint(50, 80) // 100


def background_claims(county: County, people: list[int]) -> None:
    """Outpatient and pharmacy claims for many; at most one inpatient stay a year, so stays never overlap."""
    rng, pop = county.rng, county.pop
    providers = _providers(county)
    for p in people:
        elderly = pop.age(p) >= 60
        last_day = min(WINDOW_END, county.death_day.get(p, WINDOW_END))
        q = 0.65 if elderly else 0.35
        while rng.random() < q:
            settle = day_between(rng.random(), WINDOW_START, last_day)
            if rng.random() < 0.4:
                county.claim(
                    p, rng.choice(geo.PHARMACIES), "pharmacy", None, settle, *_claim_amounts(county, 20, 600)
                )
            else:
                county.claim(
                    p, rng.choice(providers), "outpatient", None, settle, *_claim_amounts(county, 30, 2000)
                )
        if rng.random() >= (0.15 if elderly else 0.04):
            continue
        for first, last in ((date(2023, 1, 1), date(2023, 12, 1)), (date(2024, 1, 5), date(2024, 12, 5))):
            stay = _stay(county, p, first, last)
            if stay is not None:
                total, fund = _claim_amounts(county, 3000, 40000)
                county.claim(p, rng.choice(providers), "inpatient", stay, stay[1], total, fund)
            if rng.random() < 0.7:
                break


def school_stages(county: County, p: int, continues: tuple[bool, bool]) -> list[tuple[str, date, date]]:
    """(school, start, planned end) of each school stage of a child born in p's birth year."""
    pop = county.pop
    born = pop.births[p]
    township = pop.townships[pop.village_township[pop.village_of(p)]]
    y = born.year + 6 + (1 if born.month >= 9 else 0)
    stages = [(f"{township}中心小学", y, y + 6), (f"{township}中学", y + 6, y + 9)]
    if continues[0]:
        stages.append((("介休市第一中学", "介休市第三中学", "介休市职业中学")[p % 3], y + 9, y + 12))
        if continues[1]:
            stages.append((geo.COLLEGES[p % 4], y + 12, y + 16))
    return [(school, date(a, 9, 1), date(b, 7, 10)) for school, a, b in stages]


def background_enrollments(county: County, people: list[int]) -> dict[int, list[Span]]:
    """Enrollment rows for every stage overlapping the window; end empty while still enrolled."""
    rng, pop = county.rng, county.pop
    spans: dict[int, list[Span]] = {}
    for p in people:
        if not date(2000, 1, 1) <= pop.births[p] <= date(2018, 8, 31):
            continue
        continues = (rng.random() < 0.8, rng.random() < 0.45)
        for school, start, end in school_stages(county, p, continues):
            if end < WINDOW_START or start > WINDOW_END:
                continue
            still = end > WINDOW_END
            county.enrollment(p, school, start, None if still else end)
            spans.setdefault(p, []).append((start, None if still else end))
    return spans


def covered(spans: list[Span], day: date) -> bool:
    """Whether an enrollment covers the day: start <= day <= end (no end: still enrolled)."""
    return any(start <= day and (end is None or day <= end) for start, end in spans)


def quarter_days(days: tuple[tuple[int, int], ...] = _QUARTER_DAYS) -> list[date]:
    """The pay days of a quarterly subsidy in the window."""
    return [date(y, m, d) for y in (2023, 2024) for m, d in days]
