"""Small synthetic counties, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from qingfeng.synth import SynthConfig, generate

SMALL = 2000


@pytest.fixture(scope="session")
def county_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county_clean")
    generate(folder, SynthConfig(persons=SMALL, seed=11, noise=0.0))
    return folder


@pytest.fixture(scope="session")
def county_noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county_noisy")
    generate(folder, SynthConfig(persons=SMALL, seed=12, noise=0.12))
    return folder
