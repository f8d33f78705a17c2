"""How scan cost grows with the county: floor, plain SQL and the full scan, per size, in one run.

For each size a synthetic county is generated once (`qingfeng synth`, cached
under bench-data/) and three processes are timed on it, each from process
start to exit, with its own peak RSS (os.wait4):

- floor: DuckDB only reads the CSVs into tables (`qingfeng.bench.sqlrun floor`);
- plain: the 14 models as a plain DuckDB script (benchmarks/plain_models.sql);
- scan:  `qingfeng scan DIR --out clues.jsonl` (ingest, quarantine, resolution, models, clues).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SERIES = ("floor", "plain", "scan")
PROGRESS_LABELS = {"floor": "floor", "plain": "plain SQL", "scan": "qingfeng scan"}


@dataclass(frozen=True)
class Measurement:
    """One timed process on one county."""

    series: str
    persons: int
    rows: int
    seconds: float
    peak_rss_mb: float
    output: str
    """What the process printed last (row counts, clue counts), for the record."""
    cpu_seconds: float
    """User and system CPU time of the process and the threads it ran (os.wait4)."""
    runs: int = 1
    """Rounds measured; with more than one, `seconds` and `cpu_seconds` are medians."""
    fastest: float | None = None
    slowest: float | None = None
    """The range of the wall seconds over the rounds."""

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def cores_busy(self) -> float:
        """CPU-seconds per wall second: how many cores the process kept busy on average."""
        return self.cpu_seconds / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Timed:
    """One finished process: wall seconds from start to exit, its CPU-seconds and peak RSS, its output."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    output: str


class BenchError(RuntimeError):
    """A benchmarked process failed; carries its exit status and the end of its error output."""


def run_and_measure(command: Sequence[str]) -> Timed:
    """Run `command`; wall seconds (process start included), the child's own CPU-seconds (user +
    system) and peak RSS in MB (os.wait4, so an earlier, bigger child does not count), its stdout."""
    started = time.perf_counter()
    # stdout to a file, not a pipe: a full pipe would stall the child while we sit in wait4.
    with tempfile.TemporaryFile() as captured:
        process = subprocess.Popen(list(command), stdout=captured, stderr=subprocess.STDOUT, env=_child_env())
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        captured.seek(0)
        output = captured.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BenchError(f"{' '.join(command[:5])} exited {process.returncode}: {output.strip()[-300:]}")
    peak_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Timed(seconds, usage.ru_utime + usage.ru_stime, peak_kb / 1024, output)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def ensure_county(persons: int, seed: int, cache: Path, noise: float = 0.0) -> Path:
    """The synthetic county of that size, seed and noise, generated once; a finished one carries
    `.complete`."""
    folder = cache / (f"county-{persons}-seed{seed}" + (f"-noise{noise:g}" if noise else ""))
    if (folder / ".complete").exists():
        return folder
    command = [sys.executable, "-m", "qingfeng.cli.main", "synth", str(folder)]
    command += ["--persons", str(persons), "--seed", str(seed), "--noise", f"{noise:g}"]
    run_and_measure(command)
    (folder / ".complete").write_text(f"persons={persons} seed={seed} noise={noise:g}\n", encoding="utf-8")
    return folder


Runner = Callable[[Sequence[str]], Timed]


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "{}"


def series_commands(dataset: Path, clues: Path, scan_options: Sequence[str] = ()) -> dict[str, list[str]]:
    """The command each series runs on `dataset`; the scan writes its clues to `clues`."""
    sqlrun = [sys.executable, "-m", "qingfeng.bench.sqlrun"]
    scan = [sys.executable, "-m", "qingfeng.cli.main", "scan", str(dataset), "--out", str(clues), "--quiet"]
    return {
        "floor": [*sqlrun, "floor", str(dataset)],
        "plain": [*sqlrun, "plain", str(dataset)],
        "scan": [*scan, *scan_options],
    }


def measure_size(
    persons: int,
    seed: int,
    cache: Path,
    progress: Callable[[str], None],
    *,
    noise: float = 0.0,
    scan_options: Sequence[str] = (),
    repeat: int = 1,
    runner: Runner = run_and_measure,
) -> list[Measurement]:
    """Floor, plain SQL and full scan on the county of `persons` (`scan_options` go to `qingfeng scan`).

    With `repeat` > 1 the three series run in interleaved rounds (floor, plain, scan, floor, ...),
    so that the shared host's changes of speed fall on all three alike; each series reports its
    median wall and CPU seconds, the range of its wall seconds and its largest peak RSS."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    dataset = ensure_county(persons, seed, cache, noise)
    clues = dataset.parent / f"{dataset.name}.clues.jsonl"
    commands = series_commands(dataset, clues, scan_options)
    runs: dict[str, list[Timed]] = {series: [] for series in SERIES}
    for round_number in range(1, repeat + 1):
        suffix = f" (round {round_number} of {repeat})" if repeat > 1 else ""
        for series in SERIES:
            progress(f"{persons:,} persons: {PROGRESS_LABELS[series]}{suffix}")
            runs[series].append(runner(commands[series]))
    tables = json.loads(_last_line(runs["floor"][-1].output))
    found = json.loads(_last_line(runs["plain"][-1].output))
    rows = sum(tables.values())
    outputs = {
        "floor": f"{len(tables)} tables",
        "plain": f"{sum(found.values())} clues",
        "scan": f"{_count_lines(clues)} clues",
    }
    return [_measurement(series, persons, rows, runs[series], outputs[series]) for series in SERIES]


def _measurement(series: str, persons: int, rows: int, runs: Sequence[Timed], result: str) -> Measurement:
    walls = [r.seconds for r in runs]
    return Measurement(
        series,
        persons,
        rows,
        statistics.median(walls),
        max(r.peak_rss_mb for r in runs),
        result,
        statistics.median(r.cpu_seconds for r in runs),
        runs=len(runs),
        fastest=min(walls),
        slowest=max(walls),
    )


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
