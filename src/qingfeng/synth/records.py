"""The county under construction: rows of every contract table, and the clues they must yield.

`County` is the one mutable object the generator stages share. Each factory
method appends one row in the contract's column order (all values already
written as text), so that background and planted records are built the same
way. Rows added while `planting` is on are protected: the malformed-row stage
never takes them as the base of a duplicate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from qingfeng.contract import TABLES
from qingfeng.contract.ids import uscc_check_char
from qingfeng.synth import geography as geo
from qingfeng.synth.dates import iso, money, month_text
from qingfeng.synth.population import AGE_DAY, Population

Row = tuple[str, ...]
PERSON_RECORD_TABLES = ("deaths", "imprisonments", "enrollments")
"""Tables whose records carry name, gender and birth date and may carry a weak ID (noise)."""
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class ExpectedClue:
    model: str
    subject: str
    amount_cents: int | None


@dataclass
class Officials:
    """Who approves what: background cadres and officials (planted ones are kept apart)."""

    village_cadres: list[list[int]] = field(default_factory=list)
    township: list[list[int]] = field(default_factory=list)
    departments: dict[str, list[int]] = field(default_factory=dict)
    everyone: set[int] = field(default_factory=set)


@dataclass
class Company:
    credit_code: str
    phone: str
    address: str
    legal_rep: int
    holders: list[int]
    holder_companies: list[str]
    registered: date
    status: str


class County:
    """Rows per table, the expected clues, and the bookkeeping the stages share."""

    def __init__(self, pop: Population, rng: random.Random) -> None:
        self.pop = pop
        self.rng = rng
        self.rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
        self.row_person: dict[str, list[int]] = {t: [] for t in PERSON_RECORD_TABLES}
        self.protected: dict[str, set[int]] = {t.name: set() for t in TABLES}
        self.truth: list[ExpectedClue] = []
        self.planting = False
        self.officials = Officials()
        self.reserved = bytearray(len(pop.households))
        self.death_day: dict[int, date] = {}
        self.imprisoned: set[int] = set()
        self.companies: list[Company] = []
        self.active_companies: list[Company] = []
        """Background companies that may bid, contract and build."""
        self.workers: list[int] = []
        """Background people of working age for construction crews."""
        self._counters: dict[str, int] = {}

    # -- bookkeeping -------------------------------------------------------------------------------

    def next(self, counter: str) -> int:
        n = self._counters.get(counter, 0) + 1
        self._counters[counter] = n
        return n

    def add(self, table: str, row: Row, person: int | None = None) -> int:
        rows = self.rows[table]
        if self.planting:
            self.protected[table].add(len(rows))
        rows.append(row)
        if table in self.row_person:
            self.row_person[table].append(-1 if person is None else person)
        return len(rows) - 1

    def expect(self, model: str, subject: str, amount_cents: int | None) -> None:
        self.truth.append(ExpectedClue(model, subject, amount_cents))

    def is_reserved(self, person: int) -> bool:
        return bool(self.reserved[self.pop.household[person]])

    def alive_on(self, person: int, day: date) -> bool:
        died = self.death_day.get(person)
        return died is None or day <= died

    def cadre_for(self, village: int, recipient: int) -> int:
        """A background cadre of the village who is neither the recipient nor a relative."""
        cadres = self.officials.village_cadres[village]
        start = self.rng.randrange(len(cadres))
        for k in range(len(cadres)):
            cadre = cadres[(start + k) % len(cadres)]
            if not self.pop.related(cadre, recipient):
                return cadre
        for official in self.officials.township[self.pop.village_township[village]]:
            if not self.pop.related(official, recipient):
                return official
        raise RuntimeError("no unrelated approver")  # cannot happen: cadres come from several households

    # -- person records ----------------------------------------------------------------------------

    def person_fields(self, p: int) -> tuple[str, str, str, str]:
        pop = self.pop
        return pop.ids[p], pop.names[p], pop.genders[p], iso(pop.births[p])

    def death(self, p: int, day: date, source: str) -> None:
        idn, name, gender, born = self.person_fields(p)
        self.add("deaths", (f"SW{self.next('death'):08d}", idn, name, gender, born, iso(day), source), p)
        if p not in self.death_day or day < self.death_day[p]:
            self.death_day[p] = day

    def imprisonment(self, p: int, start: date, end: date | None) -> None:
        idn, name, gender, born = self.person_fields(p)
        self.add(
            "imprisonments",
            (f"JY{self.next('prison'):07d}", idn, name, gender, born, iso(start), iso(end)),
            p,
        )
        self.imprisoned.add(p)

    def enrollment(self, p: int, school: str, start: date, end: date | None) -> None:
        idn, name, gender, born = self.person_fields(p)
        self.add("enrollments", (idn, name, gender, born, school, iso(start), iso(end)), p)

    def pension(self, p: int, ym: tuple[int, int], cents: int, scheme: str) -> None:
        pid = f"YL{self.next('pension'):09d}"
        row = (pid, self.pop.ids[p], self.pop.names[p], month_text(ym), money(cents), self.pop.account(p))
        self.add("pension_payments", (*row, geo.COUNTY_CODE, scheme))

    def claim(
        self,
        p: int,
        provider: tuple[str, str],
        kind: str,
        stay: tuple[date, date] | None,
        settle: date,
        total: int,
        fund: int,
    ) -> None:
        cid = f"YB{self.next('claim'):09d}"
        admission, discharge = (iso(stay[0]), iso(stay[1])) if stay else ("", "")
        row = (cid, self.pop.ids[p], self.pop.names[p], provider[0], provider[1], kind, admission, discharge)
        self.add("medical_claims", (*row, iso(settle), money(total), money(fund)))

    def subsidy(
        self,
        p: int,
        program: str,
        day: date,
        cents: int,
        *,
        approver: int,
        account: str | None = None,
        village: int | None = None,
    ) -> None:
        pop = self.pop
        vname = pop.villages[pop.village_of(p) if village is None else village]
        row = (f"BT{self.next('subsidy'):09d}", pop.ids[p], pop.names[p], program, iso(day), money(cents))
        acct = pop.account(p) if account is None else account
        self.add("subsidy_payments", (*row, acct, vname, geo.COUNTY_CODE, pop.ids[approver]))

    def official(self, p: int, organization: str, position: str, level: str, start: date) -> None:
        row = (
            self.pop.ids[p],
            self.pop.names[p],
            organization,
            position,
            level,
            geo.COUNTY_CODE,
            iso(start),
            "",
        )
        self.add("officials", row)

    def vehicle(self, owner: int, day: date, cents: int) -> None:
        n = self.next("plate") - 1
        if n < 240_000:
            plate = f"{geo.PLATE_PREFIX}{_PLATE_LETTERS[n // 10_000]}{n % 10_000:04d}"
        else:
            n -= 240_000
            letters = _PLATE_LETTERS[n // 24_000 % 24] + _PLATE_LETTERS[n // 1000 % 24]
            plate = f"{geo.PLATE_PREFIX}{letters}{n % 1000:03d}"
        self.add("vehicles", (plate, self.pop.ids[owner], self.pop.names[owner], iso(day), money(cents)))

    # -- organisations -----------------------------------------------------------------------------

    def new_credit_code(self) -> str:
        first17 = f"91{geo.COUNTY_CODE}MA{self.next('uscc'):07d}"
        return first17 + uscc_check_char(first17)

    def company(
        self,
        legal_rep: int,
        holders: list[int],
        registered: date,
        status: str = "active",
        holder_companies: tuple[str, ...] = (),
    ) -> Company:
        """A company with its registry row and shareholder rows; phone and address unique to it."""
        n = self.next("company")
        code = self.new_credit_code()
        phone = f"0354-7{(n * 7919) % 10**6:06d}"
        address = f"{geo.COUNTY['name']}{geo.STREETS[n % len(geo.STREETS)]}{n}号"
        stem = geo.COMPANY_STEMS[n % len(geo.COMPANY_STEMS)]
        trade = geo.COMPANY_TRADES[(n // len(geo.COMPANY_STEMS)) % len(geo.COMPANY_TRADES)]
        name = f"{geo.COUNTY['name']}{stem}{trade}有限公司" + ("" if n <= 288 else f"第{n}分公司")
        rep = self.pop
        row = (code, name, rep.ids[legal_rep], rep.names[legal_rep], iso(registered), address, phone, status)
        self.add("companies", row)
        parties = len(holders) + len(holder_companies)
        ratios = _share_ratios(parties)
        for holder, ratio in zip(holders, ratios[: len(holders)], strict=True):
            self.add("shareholders", (code, rep.ids[holder], rep.names[holder], ratio))
        for holder_code, ratio in zip(holder_companies, ratios[len(holders) :], strict=True):
            self.add("shareholders", (code, holder_code, f"{geo.COUNTY['name']}投资控股集团", ratio))
        company = Company(
            code, phone, address, legal_rep, holders, list(holder_companies), registered, status
        )
        self.companies.append(company)
        return company

    def company_people(self, company: Company) -> list[int]:
        return [company.legal_rep, *company.holders]

    def unrelated_to(self, approver: int, company: Company) -> bool:
        return not any(self.pop.related(approver, p) for p in self.company_people(company))


def _share_ratios(parties: int) -> list[str]:
    """Equal-ish shares in hundredths that add up to 1."""
    if parties == 0:
        return []
    base = 100 // parties
    shares = [base] * parties
    shares[0] += 100 - base * parties
    return [f"{s / 100:.2f}" for s in shares]


def age_on(pop: Population, p: int, day: date = AGE_DAY) -> int:
    return pop.age(p, day)
