"""The independent oracle reproduces the generator's truth exactly, clues and quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .oracle import County, oracle_clues, truth_clues


@pytest.mark.parametrize("fixture", ["county_clean", "county_noisy"])
def test_oracle_reproduces_truth(fixture: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(fixture)
    truth = truth_clues(folder)
    found = oracle_clues(folder)
    assert sorted(found - truth, key=str) == []
    assert sorted(truth - found, key=str) == []
    assert len({model for model, _, _ in truth}) == 14


def test_oracle_quarantine_matches_truth(county_clean: Path) -> None:
    expected = json.loads((county_clean / "_truth" / "quarantine.json").read_text(encoding="utf-8"))
    county = County(county_clean)
    for name, table in county.tables.items():
        got = [{"line": line, "reason": reason} for line, reason in table.quarantined]
        assert got == expected[name]["quarantined"], name
        assert table.duplicates == expected[name]["duplicates"], name
