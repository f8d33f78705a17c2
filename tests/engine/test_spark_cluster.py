"""`qingfeng scan --engine spark --spark-master URL` against a real standalone master, not local mode.

`scripts/spark-standalone.sh` starts a master and one worker on 127.0.0.1; the
scan runs as the command a user types, in its own process (a process holds one
Spark context, and the suite's is in local mode). A noisy county makes Splink
run on the cluster's executor, with its similarity jar shipped there. The clues
and the person links must be byte-identical to the DuckDB scan's, and the
master must have seen the application. The scan's working folder (hand-over
Parquet, tables, checkpoints) is given with `--spark-work-dir` and left empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.scan.service import run_scan
from qingfeng.synth import SynthConfig, generate

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "spark-standalone.sh"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The master URL of a fresh standalone cluster, and the folder of its logs."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        message = "SPARK CLUSTER TEST SKIPPED — no Java runtime on this machine (install Java 17)"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    state = tmp_path_factory.mktemp("spark-standalone")
    env = {**os.environ, "PYTHON": sys.executable}
    run = ["bash", str(SCRIPT)]
    try:
        started = subprocess.run(
            [*run, "start", str(state)], capture_output=True, text=True, timeout=180, env=env, check=False
        )
        assert started.returncode == 0, started.stderr + _logs(state)
        yield started.stdout.strip(), state
    finally:
        subprocess.run([*run, "stop", str(state)], timeout=60, env=env, check=False)


def _logs(state: Path) -> str:
    return "".join(f"\n--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(state.glob("*.log")))


def test_scan_on_a_standalone_cluster_writes_the_same_clues_and_links(
    cluster: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, state = cluster
    assert url.startswith("spark://127.0.0.1:")
    # Both scans read the same (absent) judgements, never a file in the working directory.
    monkeypatch.setenv("QINGFENG_JUDGEMENTS_PATH", str(tmp_path / "judgements.sqlite"))
    dataset = tmp_path / "county"
    generate(dataset, SynthConfig(persons=2000, seed=11, noise=0.25))
    duck = DuckDBWarehouse()
    report = run_scan(duck, dataset, out=tmp_path / "duckdb.jsonl", links_out=tmp_path / "duckdb.links")
    duck.close()
    assert report.resolution.linked_probabilistic >= 20  # Splink has work to do on the cluster
    command = [sys.executable, "-m", "qingfeng.cli.main", "scan", str(dataset), "--engine", "spark"]
    command += ["--spark-master", url, "--out", str(tmp_path / "spark.jsonl")]
    command += ["--links", str(tmp_path / "spark.links"), "--quiet"]
    # The hand-over, tables and checkpoints go to the folder given (on a real cluster, one every
    # executor reaches); nothing is left there or in the temporary folder afterwards.
    shared, scratch = tmp_path / "shared", tmp_path / "tmp"
    scratch.mkdir()
    command += ["--spark-work-dir", str(shared)]
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:] + _logs(state)
    assert shared.is_dir() and list(shared.iterdir()) == []
    assert list(scratch.glob("qingfeng-spark-*")) == []
    assert "Registering app" in (state / "master.log").read_text()
    for name in ("jsonl", "links"):
        on_spark = (tmp_path / f"spark.{name}").read_text(encoding="utf-8")
        assert on_spark == (tmp_path / f"duckdb.{name}").read_text(encoding="utf-8"), name
    assert len(report.models.clues) == len((tmp_path / "spark.jsonl").read_text().splitlines()) > 0
