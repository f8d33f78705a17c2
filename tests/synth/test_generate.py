"""The synthetic county: determinism, contract shape, identities, noise, malformed rows."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from qingfeng.contract import TABLES
from qingfeng.contract.ids import is_valid_id18, normalise_id
from qingfeng.synth import SynthConfig, generate

PERSON_TABLES = {"deaths": 1, "imprisonments": 1, "enrollments": 0}


def _rows(folder: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [(reader.line_num, row) for row in reader]


def _quarantine(folder: Path) -> dict[str, dict[str, object]]:
    return json.loads((folder / "_truth" / "quarantine.json").read_text(encoding="utf-8"))


def _links(folder: Path) -> list[dict[str, object]]:
    lines = (folder / "_truth" / "links.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate(first, SynthConfig(persons=2000, seed=7, noise=0.1))
    generate(second, SynthConfig(persons=2000, seed=7, noise=0.1))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == len(TABLES) + 5
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    generate(tmp_path / "c", SynthConfig(persons=2000, seed=8, noise=0.1))
    assert (tmp_path / "c" / "persons.csv").read_bytes() != (first / "persons.csv").read_bytes()


def test_every_table_has_the_contract_columns(county_clean: Path) -> None:
    quarantine = _quarantine(county_clean)
    for t in TABLES:
        header, rows = _rows(county_clean, t.name)
        assert tuple(header) == t.column_names
        short = {q["line"] for q in quarantine[t.name]["quarantined"] if q["reason"] == "column_count"}  # type: ignore[index]
        assert rows, t.name
        for line, row in rows:
            assert (len(row) != len(header)) == (line in short), (t.name, line)


def test_persons_have_valid_unique_ids_matching_birth_and_gender(county_clean: Path) -> None:
    _, rows = _rows(county_clean, "persons")
    quarantine = _quarantine(county_clean)["persons"]
    quarantined = {q["line"] for q in quarantine["quarantined"]}  # type: ignore[attr-defined]
    good = [row for line, row in rows if line not in quarantined]
    ids = [row[0] for row in good]
    assert len(set(ids)) == 2000
    assert len(ids) == 2000 + quarantine["duplicates"]  # identical repeats
    for idn, _name, gender, birth, *_ in good:
        assert is_valid_id18(idn)
        assert idn[6:14] == birth.replace("-", "")
        assert (int(idn[16]) % 2 == 1) == (gender == "M")
    regions = Counter(idn[:6] for idn in ids)
    assert regions.most_common(1)[0][0] == "141181"
    assert len(regions) > 3


def test_ids_are_valid_except_noisy_and_malformed(county_noisy: Path) -> None:
    quarantine = _quarantine(county_noisy)
    noisy = {(r["table"], r["key"]) for r in _links(county_noisy)}
    for name, col in PERSON_TABLES.items():
        bad = {q["line"] for q in quarantine[name]["quarantined"]}  # type: ignore[index]
        _, rows = _rows(county_noisy, name)
        for line, row in rows:
            key = f"line:{line}" if name == "enrollments" else row[0]
            if line in bad or (name, key) in noisy:
                continue
            assert is_valid_id18(row[col]), (name, line, row[col])


def test_noise_fraction_and_kinds(county_noisy: Path) -> None:
    quarantine = _quarantine(county_noisy)
    links = _links(county_noisy)
    _, persons = _rows(county_noisy, "persons")
    registry = {row[0] for _, row in persons}
    for name, col in PERSON_TABLES.items():
        _, rows = _rows(county_noisy, name)
        table_links = [r for r in links if r["table"] == name and r["person_id"] is not None]
        good = len(rows) - len(quarantine[name]["quarantined"]) - quarantine[name]["duplicates"]  # type: ignore[arg-type]
        twins = sum(1 for r in links if r["table"] == name and r["person_id"] is None)
        assert len(table_links) == round(0.12 * (good - twins)), name
        by_key = {(f"line:{line}" if name == "enrollments" else row[0]): row for line, row in rows}
        for link in table_links:
            written = by_key[link["key"]][col]  # type: ignore[index]
            assert link["person_id"] in registry
            if link["noise"] == "empty":
                assert written == ""
            elif link["noise"] == "id15":
                assert len(written) == 15 and normalise_id(written) == link["person_id"]
            else:
                assert len(written) == 18 and not is_valid_id18(written)
                assert sum(a != b for a, b in zip(written, str(link["person_id"]), strict=True)) == 1
    homophones = sum(1 for r in links if r["homophone"])
    assert 0 < homophones <= round(len(links) / 3) + 3


def test_ambiguity_distractors_fit_two_persons(county_noisy: Path) -> None:
    _, persons = _rows(county_noisy, "persons")
    _, deaths = _rows(county_noisy, "deaths")
    by_key = {row[0]: row for _, row in deaths}
    unlinked = [r for r in _links(county_noisy) if r["person_id"] is None]
    assert len(unlinked) == 2
    for link in unlinked:
        record = by_key[link["key"]]  # type: ignore[index]
        assert record[1] == ""
        fits = [p for _, p in persons if (p[1], p[2], p[3]) == (record[2], record[3], record[4])]
        assert len(fits) == 2


def test_no_noise_means_no_noisy_record(county_clean: Path) -> None:
    assert _links(county_clean) == []


def test_malformed_rows_of_every_kind(county_clean: Path) -> None:
    quarantine = _quarantine(county_clean)
    reasons = Counter(q["reason"] for t in quarantine.values() for q in t["quarantined"])  # type: ignore[attr-defined]
    assert set(reasons) == {
        "bad_date",
        "bad_month",
        "negative_amount",
        "money_precision",
        "empty_key",
        "column_count",
        "conflicting_duplicate",
    }
    assert quarantine["pension_payments"]["duplicates"] == 1
    for t in TABLES:
        malformed = len(quarantine[t.name]["quarantined"]) + quarantine[t.name]["duplicates"]  # type: ignore[arg-type]
        assert malformed == 8, t.name


def test_planted_clues_per_model_and_regions(county_clean: Path) -> None:
    summary = json.loads((county_clean / "_truth" / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["clues"]) == 14
    assert all(n == 4 for n in summary["clues"].values())
    regions = json.loads((county_clean / "_truth" / "regions.json").read_text(encoding="utf-8"))
    assert regions["county"] == {"code": "141181", "name": "介休市"}
    assert sum(len(t["villages"]) for t in regions["townships"]) == 6
    assert SynthConfig(persons=20_000).per_model == 10
    assert SynthConfig(persons=1_000_000).per_model == 500


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"persons": 10}, "at least"), ({"noise": 1.5}, "fraction"), ({"malformed": -1}, "negative")],
)
def test_bad_configuration_is_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SynthConfig(**kwargs)  # type: ignore[arg-type]
