"""Writing the county: one CSV a table (UTF-8, header, RFC 4180) and the ground truth in `_truth/`."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qingfeng.contract import TABLES
from qingfeng.synth import geography as geo
from qingfeng.synth.malformed import QUARANTINED_KINDS, Insertion, malformed_insertions
from qingfeng.synth.noise import NoisyRecord
from qingfeng.synth.records import PERSON_RECORD_TABLES, County, Row

TRUTH_DIR = "_truth"


@dataclass
class WrittenTable:
    rows: int = 0
    quarantined: list[dict[str, object]] = field(default_factory=list)
    duplicates: int = 0
    line_of: list[int] = field(default_factory=list)
    """The CSV line of each row of the county's list (header = line 1)."""


def _persons_rows(county: County) -> list[Row]:
    pop = county.pop
    rows: list[Row] = []
    for p in range(pop.size):
        hh = pop.household[p]
        village = pop.villages[pop.household_village[hh]]
        birth = pop.births[p].isoformat()
        rows.append(
            (
                pop.ids[p],
                pop.names[p],
                pop.genders[p],
                birth,
                pop.household_id(hh),
                geo.COUNTY_CODE,
                village,
                pop.household_address[hh],
                pop.phones[p],
            )
        )
    return rows


def finish_tables(county: County) -> None:
    """Fill `persons` and `relations` from the population (planting may have changed both)."""
    county.rows["persons"] = _persons_rows(county)
    county.protected["persons"] = {p for p in range(county.pop.size) if county.is_reserved(p)}
    ids = county.pop.ids
    county.rows["relations"] = [(ids[a], ids[b], rel) for a, b, rel in county.pop.relations]


def _write_table(
    path: Path,
    header: tuple[str, ...],
    rows: list[Row],
    order: list[int],
    insertions: list[Insertion],
    track_lines: bool,
) -> WrittenTable:
    written = WrittenTable(line_of=[0] * len(rows) if track_lines else [])
    by_position: dict[int, list[Insertion]] = {}
    for ins in insertions:
        by_position.setdefault(ins.before, []).append(ins)
    line = 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(header)
        for position in range(len(order) + 1):
            for ins in by_position.get(position, ()):
                line += 1
                out.writerow(ins.cells)
                if ins.kind in QUARANTINED_KINDS:
                    written.quarantined.append({"line": line, "reason": ins.kind})
                else:
                    written.duplicates += 1
            if position < len(order):
                line += 1
                out.writerow(rows[order[position]])
                if track_lines:
                    written.line_of[order[position]] = line
    written.rows = line - 1
    return written


def write_tables(county: County, out_dir: Path, malformed: int) -> dict[str, WrittenTable]:
    """Every table in a stable shuffled order (persons by household), with malformed rows mixed in."""
    written: dict[str, WrittenTable] = {}
    for t in TABLES:
        rows = county.rows[t.name]
        if t.name == "persons":
            order = list(range(len(rows)))
        else:
            order = np.random.default_rng(county.rng.getrandbits(64)).permutation(len(rows)).tolist()
        position = np.empty(len(order), dtype=np.int64)
        position[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
        protected_positions = {int(position[r]) for r in county.protected[t.name]}
        del position
        ordered = [rows[r] for r in order]
        insertions = malformed_insertions(t.name, ordered, protected_positions, malformed, county.rng)
        del ordered
        track = t.name == "enrollments"
        written[t.name] = _write_table(
            out_dir / f"{t.name}.csv", t.column_names, rows, order, insertions, track
        )
        if t.name not in PERSON_RECORD_TABLES:
            county.rows[t.name] = []  # written: free the memory (the truth needs only person records)
    return written


def _amount(cents: int | None) -> str:
    return "null" if cents is None else f"{cents // 100}.{cents % 100:02d}"


def write_truth(
    county: County,
    out_dir: Path,
    written: dict[str, WrittenTable],
    noisy: list[NoisyRecord],
    summary: dict[str, object],
) -> None:
    """clues.jsonl, links.jsonl, quarantine.json, regions.json and summary.json under `_truth/`."""
    truth = out_dir / TRUTH_DIR
    truth.mkdir(parents=True, exist_ok=True)
    clues = sorted(county.truth, key=lambda c: (c.model, c.subject))
    with (truth / "clues.jsonl").open("w", encoding="utf-8") as handle:
        for clue in clues:
            subject = json.dumps(clue.subject, ensure_ascii=False)
            head = f'{{"model": {json.dumps(clue.model)}, "subject": {subject}'
            handle.write(f'{head}, "amount": {_amount(clue.amount_cents)}}}\n')
    links = []
    for rec in noisy:
        row = county.rows[rec.table][rec.row]
        key = row[0] if rec.table != "enrollments" else f"line:{written[rec.table].line_of[rec.row]}"
        person = None if rec.person is None else county.pop.ids[rec.person]
        links.append(
            {
                "table": rec.table,
                "key": key,
                "person_id": person,
                "noise": rec.noise,
                "homophone": rec.homophone,
            }
        )
    links.sort(key=lambda r: (str(r["table"]), str(r["key"])))
    with (truth / "links.jsonl").open("w", encoding="utf-8") as handle:
        for link in links:
            handle.write(json.dumps(link, ensure_ascii=False) + "\n")
    quarantine = {
        name: {"quarantined": w.quarantined, "duplicates": w.duplicates} for name, w in written.items()
    }
    _dump(truth / "quarantine.json", quarantine)
    _dump(truth / "regions.json", regions(county))
    summary["clues"] = dict(sorted(Counter(c.model for c in clues).items()))
    summary["noisy_records"] = dict(sorted(Counter(r.table for r in noisy).items()))
    _dump(truth / "summary.json", summary)


def regions(county: County) -> dict[str, object]:
    """The region tree of the demo county: province, city, county, townships with their villages."""
    pop = county.pop
    townships = [
        {"name": name, "villages": [v for k, v in enumerate(pop.villages) if pop.village_township[k] == t]}
        for t, name in enumerate(pop.townships)
    ]
    return {"province": geo.PROVINCE, "city": geo.CITY, "county": geo.COUNTY, "townships": townships}


def _dump(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
