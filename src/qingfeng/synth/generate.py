"""`generate`: the whole synthetic county, from a seed, in stages.

population -> officials -> reserved households -> background records ->
planted cases and near misses -> noise -> CSV files with malformed rows -> truth.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

from qingfeng.synth import background_business as biz
from qingfeng.synth import background_people as people
from qingfeng.synth import plant_procurement, plant_subsidy, plant_welfare
from qingfeng.synth.background_subsidy import background_subsidies, choose_dibao_households
from qingfeng.synth.noise import NoisyRecord, apply_noise, plant_twins
from qingfeng.synth.officials import ReservePool, appoint_officials
from qingfeng.synth.plant_common import Planter
from qingfeng.synth.population import build_population
from qingfeng.synth.records import County
from qingfeng.synth.writer import finish_tables, write_tables, write_truth

DEFAULT_MALFORMED = 8
"""Malformed rows per table by default: one of each kind that applies."""
MIN_PERSONS = 2000


@dataclass(frozen=True)
class SynthConfig:
    persons: int = 20_000
    seed: int = 1
    noise: float = 0.0
    malformed: int = DEFAULT_MALFORMED

    def __post_init__(self) -> None:
        if self.persons < MIN_PERSONS:
            raise ValueError(f"a county needs at least {MIN_PERSONS} persons / 人口不少于 {MIN_PERSONS}")
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError("noise is a fraction between 0 and 1 / 噪声比例须在 0 与 1 之间")
        if self.malformed < 0:
            raise ValueError("malformed rows cannot be negative / 畸形行数不能为负")

    @property
    def per_model(self) -> int:
        """Planted clues per model: 10 per 20,000 persons, at least 4 (one per variant)."""
        return max(4, math.ceil(10 * self.persons / 20_000))


def _background(county: County) -> None:
    everyone = people.background_people(county)
    people.background_deaths(county, everyone)
    people.background_imprisonments(county, everyone)
    people.background_pensions(county, everyone)
    people.background_claims(county, everyone)
    spans = people.background_enrollments(county, everyone)
    dibao = choose_dibao_households(county)
    background_subsidies(county, everyone, spans, dibao)
    biz.background_vehicles(county, dibao)
    active = biz.background_companies(county, dibao)
    county.active_companies = active
    biz.background_procurement(county, active)
    workers = [p for p in everyone if 20 <= county.pop.age(p) <= 58]
    county.workers = workers
    biz.background_projects(county, active, workers)


def _plant(county: County, planter: Planter, noise: float) -> list[NoisyRecord]:
    county.planting = True
    active, workers = county.active_companies, county.workers
    plant_welfare.plant_pension_after_death(planter)
    plant_welfare.plant_pension_during_imprisonment(planter)
    plant_welfare.plant_medical_after_death(planter)
    plant_welfare.plant_overlapping_inpatient(planter)
    plant_subsidy.plant_subsidy_after_death(planter)
    plant_subsidy.plant_shared_account(planter)
    plant_subsidy.plant_approver_relative(planter)
    plant_subsidy.plant_dibao_with_assets(planter)
    plant_subsidy.plant_duplicate_subsidy(planter)
    plant_subsidy.plant_student_aid(planter)
    plant_procurement.plant_contract_to_relative(planter, active)
    plant_procurement.plant_bid_collusion(planter, active)
    plant_procurement.plant_contract_splitting(planter)
    plant_procurement.plant_wage_arrears(planter, active, workers)
    twins = plant_twins(planter, 2 + county.pop.size // 100_000) if noise > 0 else []
    county.planting = False
    return twins


def generate(out_dir: Path, config: SynthConfig) -> dict[str, object]:
    """Write the county to `out_dir` (created if needed); returns the summary also written to _truth/."""
    started = time.perf_counter()
    rng = random.Random(config.seed)
    county = County(build_population(config.persons, rng), rng)
    appoint_officials(county)
    pool = ReservePool(county, max(config.persons * 6 // 100, config.per_model * 200))
    _background(county)
    twins = _plant(county, Planter(county, pool, config.per_model), config.noise)
    noisy = twins + apply_noise(county, config.noise)
    finish_tables(county)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = write_tables(county, out_dir, config.malformed)
    summary: dict[str, object] = {
        "persons": config.persons,
        "seed": config.seed,
        "noise": config.noise,
        "malformed_per_table": config.malformed,
        "rows": {name: w.rows for name, w in written.items()},
    }
    write_truth(county, out_dir, written, noisy, summary)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary
