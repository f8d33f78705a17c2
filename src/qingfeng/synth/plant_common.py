"""Shared helpers of the planting stages: reserved people, payments whose sum the truth records."""

from __future__ import annotations

from datetime import date

from qingfeng.synth.dates import WINDOW_MONTHS
from qingfeng.synth.officials import ReservePool
from qingfeng.synth.population import Population
from qingfeng.synth.records import County


class Planter:
    """Plants cases from reserved households and records the clues they must yield."""

    def __init__(self, county: County, pool: ReservePool, per_model: int) -> None:
        self.county = county
        self.pool = pool
        self.per_model = per_model
        self.near_misses = max(2, per_model // 3)
        self._accounts = 0

    @property
    def pop(self) -> Population:
        return self.county.pop

    def take(self, category: str, household_min: int = 1, unrelated_to: tuple[int, ...] = ()) -> int:
        """A reserved person who is no relative of any of `unrelated_to`."""
        while True:
            p = self.pool.take(category, household_min)
            if not any(self.county.pop.related(p, q) for q in unrelated_to):
                return p

    def subject(self, p: int) -> str:
        return self.county.pop.ids[p]

    def expect(self, model: str, p: int, cents: int) -> None:
        self.county.expect(model, self.subject(p), cents)

    def resident_pensions(
        self, p: int, months: list[tuple[int, int]] | None = None
    ) -> dict[tuple[int, int], int]:
        """Monthly resident-scheme pensions; returns the amount paid per month."""
        paid = {ym: 16300 if ym[0] == 2023 else 18300 for ym in (months or WINDOW_MONTHS)}
        for ym, cents in paid.items():
            self.county.pension(p, ym, cents, "resident")
        return paid

    def employee_pensions(self, p: int, months: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
        paid = {ym: 312000 for ym in months}
        for ym, cents in paid.items():
            self.county.pension(p, ym, cents, "employee")
        return paid

    def pay(
        self,
        p: int,
        program: str,
        days: list[date],
        cents: int,
        *,
        approver: int | None = None,
        account: str | None = None,
        village: int | None = None,
    ) -> list[tuple[date, int]]:
        """Payments approved by an unrelated cadre of the paying village unless `approver` is given."""
        paying = self.county.pop.village_of(p) if village is None else village
        who = self.county.cadre_for(paying, p) if approver is None else approver
        for day in days:
            self.county.subsidy(p, program, day, cents, approver=who, account=account, village=village)
        return [(day, cents) for day in days]

    def shared_account(self) -> str:
        self._accounts += 1
        return f"622848{self._accounts:013d}"

    def other_village(self, p: int) -> int:
        own = self.county.pop.village_of(p)
        return (own + 1 + self.county.rng.randrange(len(self.county.pop.villages) - 1)) % len(
            self.county.pop.villages
        )
