"""A brute-force reading of the data contract (version 1), independent of the generator and the SQL models.

Written straight from shared/spec/data-contract.md: it reads a dataset folder's
CSV files with the csv module, applies the contract's rules for bad rows, finds
who is who (a valid ID found in `persons`; for weak IDs the truth of
`_truth/links.jsonl`, standing in for perfect entity resolution), and evaluates
the 14 built-in models with their default parameters in plain Python loops.
It is slow on purpose and shares no code with `qingfeng`, so that the
generator's truth and the warehouse models can both be checked against it.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

# -- the contract's tables: key column and typed columns ---------------------------------------------------

KEYS = {
    "persons": "id_number",
    "deaths": "record_id",
    "imprisonments": "record_id",
    "pension_payments": "payment_id",
    "medical_claims": "claim_id",
    "subsidy_payments": "payment_id",
    "companies": "credit_code",
    "vehicles": "plate",
    "tenders": "tender_id",
    "contracts": "contract_id",
    "projects": "project_id",
}
DATES = {
    "persons": ["birth_date"],
    "deaths": ["birth_date", "death_date"],
    "imprisonments": ["birth_date", "start_date", "end_date"],
    "medical_claims": ["admission_date", "discharge_date", "settle_date"],
    "subsidy_payments": ["pay_date"],
    "officials": ["start_date", "end_date"],
    "companies": ["registered_date"],
    "vehicles": ["registered_date"],
    "enrollments": ["start_date", "end_date"],
    "tenders": ["publish_date"],
    "contracts": ["sign_date"],
    "projects": ["start_date", "end_date"],
}
MONTHS = {"pension_payments": ["month"], "wage_payments": ["month"]}
MONEY = {
    "pension_payments": ["amount"],
    "medical_claims": ["total_amount", "fund_amount"],
    "subsidy_payments": ["amount"],
    "vehicles": ["value"],
    "tenders": ["budget"],
    "bids": ["bid_amount"],
    "contracts": ["amount"],
    "wage_payments": ["amount"],
}
IDENTITY = {
    "id_number",
    "approver_id",
    "legal_rep_id",
    "holder_id",
    "owner_id",
    "worker_id",
    "id_number_a",
    "id_number_b",
}
THRESHOLD = Decimal("1000000")
WINDOW_DAYS = 30
MIN_GROUPS = 3

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2, as GB 11643 uses it."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise(value: str) -> str:
    """Trimmed, spaces removed, upper-cased, 15 digits widened to 18."""
    v = value.strip().replace(" ", "").upper()
    if re.fullmatch(r"\d{15}", v):
        first17 = v[:6] + "19" + v[6:]
        v = first17 + check_char(first17)
    return v


def valid_id18(v: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return False
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    return check_char(v[:17]) == v[17]


def parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def month_of(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5:7])


def last_day(ym: tuple[int, int]) -> date:
    y, m = ym
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


# -- reading: quarantine and duplicates ----------------------------------------------------------------------


@dataclass
class Table:
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    quarantined: list[tuple[int, str]] = field(default_factory=list)
    duplicates: int = 0


def _type_error(name: str, row: dict[str, str]) -> str | None:
    for col in DATES.get(name, []):
        value = row[col]
        if value:
            try:
                if not _DATE.match(value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                return "bad_date"
    for col in MONTHS.get(name, []):
        if row[col] and not _MONTH.match(row[col]):
            return "bad_month"
    for col in MONEY.get(name, []):
        value = row[col]
        if value.startswith("-"):
            return "negative_amount"
        if value and not _MONEY.match(value):
            return "money_precision"
    return None


def read_table(folder: Path, name: str) -> Table:
    table = Table()
    first: dict[str, list[str]] = {}
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for cells in reader:
            line = reader.line_num
            if len(cells) != len(header):
                table.quarantined.append((line, "column_count"))
                continue
            row = dict(zip(header, cells, strict=True))
            reason = _type_error(name, row)
            key = KEYS.get(name)
            if reason is None and key is not None and not row[key].strip():
                reason = "empty_key"
            if reason is None and key is not None and row[key] in first:
                if first[row[key]] == cells:
                    table.duplicates += 1
                    continue
                reason = "conflicting_duplicate"
            if reason is not None:
                table.quarantined.append((line, reason))
                continue
            if key is not None:
                first[row[key]] = cells
            for col in IDENTITY & row.keys():
                row[col] = normalise(row[col])
            table.rows.append(row)
            table.lines.append(line)
    return table


# -- who is who ---------------------------------------------------------------------------------------------


class County:
    def __init__(self, folder: Path) -> None:
        self.tables = {name: read_table(folder, name) for name in _ALL_TABLES}
        truth = folder / "_truth" / "links.jsonl"
        self.links: dict[tuple[str, str], str | None] = {}
        if truth.exists():
            for line in truth.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                self.links[(rec["table"], rec["key"])] = rec["person_id"]
        self.persons = {r["id_number"]: r for r in self.rows("persons")}
        self.relatives: dict[str, set[str]] = defaultdict(set)
        households: dict[str, list[str]] = defaultdict(list)
        for pid, person in self.persons.items():
            if person["household_id"]:
                households[person["household_id"]].append(pid)
        for members in households.values():
            for a in members:
                self.relatives[a].update(m for m in members if m != a)
        for rel in self.rows("relations"):
            a, b = rel["id_number_a"], rel["id_number_b"]
            if a and b and a != b:
                self.relatives[a].add(b)
                self.relatives[b].add(a)

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.tables[name].rows

    def keyed(self, name: str) -> list[tuple[str, dict[str, str]]]:
        """Rows with their record key: the key column, or line:<n>."""
        t = self.tables[name]
        key = KEYS.get(name)
        return [(row[key] if key else f"line:{line}", row) for row, line in zip(t.rows, t.lines, strict=True)]

    def person(self, name: str, key: str, id_number: str) -> str | None:
        if valid_id18(id_number) and id_number in self.persons:
            return id_number
        return self.links.get((name, key))

    def linked(self, name: str) -> list[tuple[str, dict[str, str]]]:
        found = []
        for key, row in self.keyed(name):
            person = self.person(name, key, row["id_number"])
            if person is not None:
                found.append((person, row))
        return found


_ALL_TABLES = (
    "persons",
    "deaths",
    "imprisonments",
    "pension_payments",
    "medical_claims",
    "subsidy_payments",
    "officials",
    "relations",
    "companies",
    "shareholders",
    "vehicles",
    "enrollments",
    "tenders",
    "bids",
    "contracts",
    "projects",
    "wage_payments",
)


# -- the 14 models -----------------------------------------------------------------------------------------

Clues = dict[str, Decimal | None]


def _death_dates(c: County) -> dict[str, date]:
    died: dict[str, date] = {}
    for person, row in c.linked("deaths"):
        day = parse_date(row["death_date"])
        if day is not None and (person not in died or day < died[person]):
            died[person] = day  # several records: the earliest
    return died


def _add(clues: dict[str, Decimal], subject: str, amount: Decimal) -> None:
    clues[subject] = clues.get(subject, Decimal(0)) + amount


def pension_after_death(c: County) -> Clues:
    died, clues = _death_dates(c), {}
    for person, row in c.linked("pension_payments"):
        if person in died and month_of(row["month"]) > (died[person].year, died[person].month):
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def pension_during_imprisonment(c: County) -> Clues:
    spells: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for person, row in c.linked("imprisonments"):
        start = parse_date(row["start_date"])
        if start is not None:
            spells[person].append((start, parse_date(row["end_date"])))
    clues: dict[str, Decimal] = {}
    for person, row in c.linked("pension_payments"):
        if row["scheme"] != "resident":
            continue
        ym = month_of(row["month"])
        first, last = date(*ym, 1), last_day(ym)
        if any(first >= s and (e is None or last <= e) for s, e in spells[person]):
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def medical_claim_after_death(c: County) -> Clues:
    died, clues = _death_dates(c), {}
    for person, row in c.linked("medical_claims"):
        day = parse_date(row["admission_date"] if row["claim_type"] == "inpatient" else row["settle_date"])
        if person in died and day is not None and day > died[person]:
            _add(clues, person, Decimal(row["fund_amount"]))
    return dict(clues)


def overlapping_inpatient(c: County) -> Clues:
    stays: dict[str, list[tuple[str, str, date, date, Decimal]]] = defaultdict(list)
    for key, row in c.keyed("medical_claims"):
        person = c.person("medical_claims", key, row["id_number"])
        adm, dis = parse_date(row["admission_date"]), parse_date(row["discharge_date"])
        if person and row["claim_type"] == "inpatient" and adm and dis:
            stays[person].append((key, row["provider_id"], adm, dis, Decimal(row["fund_amount"])))
    clues: Clues = {}
    for person, claims in stays.items():
        in_pair = set()
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                if a[1] != b[1] and (min(a[3], b[3]) - max(a[2], b[2])).days >= 1:
                    in_pair.update((a[0], b[0]))
        if in_pair:
            clues[person] = sum((cl[4] for cl in claims if cl[0] in in_pair), Decimal(0))
    return clues


def subsidy_after_death(c: County) -> Clues:
    died, clues = _death_dates(c), {}
    for person, row in c.linked("subsidy_payments"):
        day = parse_date(row["pay_date"])
        if person in died and day is not None and day > died[person]:
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def shared_subsidy_account(c: County) -> Clues:
    recipients: dict[str, set[str]] = defaultdict(set)
    totals: dict[str, Decimal] = {}
    for key, row in c.keyed("subsidy_payments"):
        account = row["bank_account"]
        if not account:
            continue
        _add(totals, account, Decimal(row["amount"]))
        recipients[account].add(c.person("subsidy_payments", key, row["id_number"]) or f"?{row['id_number']}")
    clues: Clues = {}
    for account, people in recipients.items():
        groups, seen = 0, set()
        for start in sorted(people):
            if start in seen:
                continue
            groups += 1
            stack = [start]
            while stack:
                p = stack.pop()
                if p in seen:
                    continue
                seen.add(p)
                stack.extend(q for q in c.relatives.get(p, ()) if q in people and q not in seen)
        if groups >= MIN_GROUPS:
            clues[account] = totals[account]
    return clues


def subsidy_to_approver_relative(c: County) -> Clues:
    clues: dict[str, Decimal] = {}
    for person, row in c.linked("subsidy_payments"):
        approver = row["approver_id"]
        if approver and (approver == person or approver in c.relatives.get(person, ())):
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def _assets(c: County) -> tuple[dict[str, list[date]], dict[str, list[date]]]:
    """Vehicle registration dates per owner; active-company registration dates per rep or shareholder."""
    vehicles: dict[str, list[date]] = defaultdict(list)
    for row in c.rows("vehicles"):
        day = parse_date(row["registered_date"])
        if row["owner_id"] and day:
            vehicles[row["owner_id"]].append(day)
    companies: dict[str, list[date]] = defaultdict(list)
    active = {
        r["credit_code"]: parse_date(r["registered_date"])
        for r in c.rows("companies")
        if r["status"] == "active"
    }
    for row in c.rows("companies"):
        if row["credit_code"] in active and active[row["credit_code"]] and row["legal_rep_id"]:
            companies[row["legal_rep_id"]].append(active[row["credit_code"]])  # type: ignore[arg-type]
    for row in c.rows("shareholders"):
        registered = active.get(row["credit_code"])
        if registered and row["holder_id"]:
            companies[row["holder_id"]].append(registered)
    return vehicles, companies


def dibao_with_assets(c: County) -> Clues:
    vehicles, companies = _assets(c)
    members: dict[str, list[str]] = defaultdict(list)
    for pid, person in c.persons.items():
        members[person["household_id"]].append(pid)
    clues: dict[str, Decimal] = {}
    for person, row in c.linked("subsidy_payments"):
        pay = parse_date(row["pay_date"])
        if row["program"] != "dibao" or pay is None:
            continue
        household = c.persons[person]["household_id"]
        family = members[household] if household else [person]
        if any(d < pay for m in family for d in vehicles.get(m, []) + companies.get(m, [])):
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def duplicate_subsidy(c: County) -> Clues:
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for person, row in c.linked("subsidy_payments"):
        if row["pay_date"]:
            groups[(person, row["program"], row["pay_date"][:7])].append(row)
    clues: dict[str, Decimal] = {}
    for (person, _, _), rows in groups.items():
        if len({r["village"] for r in rows}) >= 2:
            _add(clues, person, sum((Decimal(r["amount"]) for r in rows), Decimal(0)))
    return dict(clues)


def student_aid_not_enrolled(c: County) -> Clues:
    spans: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)
    for person, row in c.linked("enrollments"):
        spans[person].append((parse_date(row["start_date"]), parse_date(row["end_date"])))
    clues: dict[str, Decimal] = {}
    for person, row in c.linked("subsidy_payments"):
        day = parse_date(row["pay_date"])
        if row["program"] != "student_aid" or day is None:
            continue
        if not any(s is not None and s <= day and (e is None or day <= e) for s, e in spans[person]):
            _add(clues, person, Decimal(row["amount"]))
    return dict(clues)


def _company_people(c: County) -> tuple[dict[str, set[str]], dict[str, str]]:
    people: dict[str, set[str]] = defaultdict(set)
    reps: dict[str, str] = {}
    for row in c.rows("companies"):
        if row["legal_rep_id"]:
            people[row["credit_code"]].add(row["legal_rep_id"])
            reps[row["credit_code"]] = row["legal_rep_id"]
    for row in c.rows("shareholders"):
        if row["holder_id"]:
            people[row["credit_code"]].add(row["holder_id"])
    return people, reps


def contract_to_official_relative(c: County) -> Clues:
    people, _ = _company_people(c)
    clues: Clues = {}
    for row in c.rows("contracts"):
        approver = row["approver_id"]
        if approver and people.get(row["supplier_code"], set()) & (
            {approver} | c.relatives.get(approver, set())
        ):
            clues[row["contract_id"]] = Decimal(row["amount"])
    return clues


def bid_collusion(c: County) -> Clues:
    _, reps = _company_people(c)
    holders: dict[str, set[str]] = defaultdict(set)
    for row in c.rows("shareholders"):
        if valid_id18(row["holder_id"]):
            holders[row["credit_code"]].add(row["holder_id"])
    bidders: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in c.rows("bids"):
        bidders[row["tender_id"]].append(row)
    budgets = {r["tender_id"]: r["budget"] for r in c.rows("tenders")}
    clues: Clues = {}
    for tender, bids in bidders.items():
        shared = False
        for values in (
            [(b["bidder_code"], {b["contact_phone"]}) for b in bids],
            [(b["bidder_code"], {b["contact_address"]}) for b in bids],
            [(b["bidder_code"], {reps.get(b["bidder_code"], "")}) for b in bids],
            [(b["bidder_code"], holders.get(b["bidder_code"], set())) for b in bids],
        ):
            owners: dict[str, set[str]] = defaultdict(set)
            for code, vals in values:
                for v in vals:
                    if v:
                        owners[v].add(code)
            shared = shared or any(len(codes) >= 2 for codes in owners.values())
        if shared and tender in budgets:
            clues[tender] = Decimal(budgets[tender]) if budgets[tender] else None
    return clues


def contract_splitting(c: County) -> Clues:
    pairs: dict[tuple[str, str], list[tuple[date, str, Decimal]]] = defaultdict(list)
    for row in c.rows("contracts"):
        amount, day = Decimal(row["amount"] or "0"), parse_date(row["sign_date"])
        if row["method"] == "direct" and day and row["amount"] and amount < THRESHOLD:
            pairs[(row["buyer_org"], row["supplier_code"])].append((day, row["contract_id"], amount))
    clues: Clues = {}
    for (buyer, supplier), contracts in pairs.items():
        union: dict[str, Decimal] = {}
        for first, _, _ in contracts:
            window = [x for x in contracts if 0 <= (x[0] - first).days <= WINDOW_DAYS]
            if len(window) >= 2 and sum(x[2] for x in window) >= THRESHOLD:
                union.update({x[1]: x[2] for x in window})
        if union:
            clues[f"{buyer}|{supplier}"] = sum(union.values(), Decimal(0))
    return clues


def wage_arrears(c: County) -> Clues:
    paid: dict[str, set[tuple[int, int]]] = defaultdict(set)
    latest: tuple[int, int] | None = None
    for row in c.rows("wage_payments"):
        if row["month"]:
            ym = month_of(row["month"])
            paid[row["project_id"]].add(ym)
            latest = ym if latest is None or ym > latest else latest
    clues: Clues = {}
    for row in c.rows("projects"):
        start = parse_date(row["start_date"])
        if not row["workers"] or int(row["workers"]) <= 0 or start is None:
            continue
        end = parse_date(row["end_date"]) or (last_day(latest) if latest else None)
        if end is None:
            continue
        y, m = start.year, start.month
        while date(y, m, 1) <= end:
            if date(y, m, 1) >= start and last_day((y, m)) <= end and (y, m) not in paid[row["project_id"]]:
                clues[row["project_id"]] = None
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return clues


MODELS = {
    "pension_after_death": pension_after_death,
    "pension_during_imprisonment": pension_during_imprisonment,
    "medical_claim_after_death": medical_claim_after_death,
    "overlapping_inpatient": overlapping_inpatient,
    "subsidy_after_death": subsidy_after_death,
    "shared_subsidy_account": shared_subsidy_account,
    "subsidy_to_approver_relative": subsidy_to_approver_relative,
    "dibao_with_assets": dibao_with_assets,
    "duplicate_subsidy": duplicate_subsidy,
    "student_aid_not_enrolled": student_aid_not_enrolled,
    "contract_to_official_relative": contract_to_official_relative,
    "bid_collusion": bid_collusion,
    "contract_splitting": contract_splitting,
    "wage_arrears": wage_arrears,
}


def oracle_clues(folder: Path) -> set[tuple[str, str, Decimal | None]]:
    """Every clue the contract's 14 models yield on the dataset: (model, subject, amount)."""
    county = County(folder)
    return {
        (model, subject, amount) for model, rule in MODELS.items() for subject, amount in rule(county).items()
    }


def truth_clues(folder: Path) -> set[tuple[str, str, Decimal | None]]:
    lines = (folder / "_truth" / "clues.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line, parse_float=Decimal) for line in lines]
    return {
        (r["model"], r["subject"], None if r["amount"] is None else Decimal(r["amount"])) for r in records
    }
