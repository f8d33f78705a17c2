"""Dataset folders: re-loads add nothing, changed files append, bad folders and bad files are reported."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest import DatasetError, LoadStatus, ingest_dataset

Writer = Callable[..., Path]
PERSONS = [
    "id_number,name,gender,birth_date,household_id,region_code,village,address,phone",
    "11010519491231002X,张三,M,1949-12-31,H1,110105,东村,,",
    "110105195001010016,李四,F,1950-01-01,H1,110105,东村,,",
]
DEATHS_HEADER = "record_id,id_number,name,gender,birth_date,death_date,source"


def _counts(wh: DuckDBWarehouse) -> tuple[int, ...]:
    tables = ("raw.persons", "raw.deaths", "raw._quarantine", "raw._files", "raw._batches")
    return tuple(int(wh.scalar(f"SELECT count(*) FROM {t}")) for t in tables)


def test_same_folder_twice_adds_nothing(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    write_csv(tmp_path / "ds", "deaths.csv", [DEATHS_HEADER, "D1,11010519491231002X,张三,M,,2023-13-01,x"])
    first = ingest_dataset(wh, tmp_path / "ds")
    before = _counts(wh)
    assert before == (2, 0, 1, 2, 1)
    again = ingest_dataset(wh, tmp_path / "ds")
    assert _counts(wh) == before
    assert again.batch_id is None and first.batch_id == 1
    assert [load.status for load in again.loads] == [LoadStatus.ALREADY_LOADED] * 2
    assert again.files_already_loaded == ("persons.csv", "deaths.csv")
    assert (again.rows_read, again.rows_loaded) == (0, 0)


def test_changed_file_appends_and_follows_the_duplicate_rule(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer
) -> None:
    write_csv(
        tmp_path / "a", "deaths.csv", [DEATHS_HEADER, "D1,,张三,M,,2023-01-01,x", "D2,,李四,F,,2023-01-02,x"]
    )
    ingest_dataset(wh, tmp_path / "a")
    write_csv(
        tmp_path / "b",
        "deaths.csv",
        [DEATHS_HEADER, "D1,,张三,M,,2023-01-01,x", "D2,,李四,F,,2023-02-02,x", "D3,,王五,M,,2023-03-03,x"],
    )
    load = ingest_dataset(wh, tmp_path / "b").load("deaths")
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined, load.duplicates_ignored) == (3, 1, 1, 1)
    assert (
        wh.scalar("SELECT reason FROM raw._quarantine")
        == "conflicting duplicate of line 3 of file 1 (loaded earlier)"
    )
    rows = wh.query("SELECT record_id, _row_id, _file_id, _line FROM raw.deaths ORDER BY _row_id")
    assert [tuple(r.values()) for r in rows] == [("D1", 1, 1, 2), ("D2", 2, 1, 3), ("D3", 5, 2, 4)]


def test_gbk_file_fails_alone(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    (tmp_path / "ds" / "deaths.csv").write_bytes(f"{DEATHS_HEADER}\nD1,,张三,M,,2023-01-01,x\n".encode("gbk"))
    summary = ingest_dataset(wh, tmp_path / "ds")
    assert summary.load("persons").rows_loaded == 2
    failed = summary.load("deaths")
    assert failed.status is LoadStatus.FAILED
    assert failed.error is not None and failed.error.startswith("not UTF-8 text")
    assert not wh.has_table("deaths", "raw")
    assert summary.failures == (failed,)


def test_unreadable_file_fails_alone_and_hashes_are_recorded(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are hashed ahead of their load, in a thread: a read error there still fails only its file."""
    import hashlib

    from qingfeng.ingest import api, staging

    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    write_csv(tmp_path / "ds", "deaths.csv", [DEATHS_HEADER, "D1,11010519491231002X,张三,M,,2023-01-01,x"])

    def facts(path: Path) -> staging.FileFacts:
        if path.name == "persons.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return staging.file_facts(path)

    monkeypatch.setattr(api, "file_facts", facts)
    summary = ingest_dataset(wh, tmp_path / "ds")
    persons, deaths = summary.load("persons"), summary.load("deaths")
    assert persons.status is LoadStatus.FAILED
    assert persons.error is not None and persons.error.startswith("cannot read the file: [Errno 13]")
    assert (deaths.status, deaths.rows_loaded) == (LoadStatus.LOADED, 1)
    digest = hashlib.sha256((tmp_path / "ds" / "deaths.csv").read_bytes()).hexdigest()
    files = wh.query("SELECT table_name, sha256 FROM raw._files")
    assert files == [{"table_name": "deaths", "sha256": digest}]


def test_a_file_that_changes_after_it_was_hashed_is_refused_whole(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload still being written: hashed, then appended to before it is loaded. Its rows would
    not be those of its recorded hash, so it loads nothing and says why; the other files load."""
    from qingfeng.ingest import api, staging

    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    write_csv(tmp_path / "ds", "deaths.csv", [DEATHS_HEADER, "D1,11010519491231002X,张三,M,,2023-01-01,x"])

    def facts_then_appended(path: Path) -> staging.FileFacts:
        facts = staging.file_facts(path)
        if path.name == "persons.csv":
            with path.open("a", encoding="utf-8") as handle:
                handle.write("110105196001010033,王五,M,1960-01-01,H2,110105,西村,,\n")
        return facts

    monkeypatch.setattr(api, "file_facts", facts_then_appended)
    summary = ingest_dataset(wh, tmp_path / "ds")
    persons, deaths = summary.load("persons"), summary.load("deaths")
    assert persons.status is LoadStatus.FAILED and persons.rows_loaded == 0
    assert persons.error is not None and persons.error.startswith("the file changed while it was loaded")
    assert "文件在入库过程中被修改" in persons.error
    assert (deaths.status, deaths.rows_loaded) == (LoadStatus.LOADED, 1)
    assert wh.query("SELECT table_name FROM raw._files") == [{"table_name": "deaths"}]
    assert not wh.has_table("persons", "raw") or wh.scalar("SELECT count(*) FROM raw.persons") == 0
    # Complete now: the next ingest loads it, under the hash of its final bytes.
    monkeypatch.setattr(api, "file_facts", staging.file_facts)
    again = ingest_dataset(wh, tmp_path / "ds").load("persons")
    assert (again.status, again.rows_loaded, again.rows_quarantined) == (LoadStatus.LOADED, 3, 0)


def test_a_file_rewritten_to_the_same_size_is_seen_by_its_modification_time(tmp_path: Path) -> None:
    from qingfeng.ingest.staging import FileError, check_unchanged, file_facts

    path = tmp_path / "deaths.csv"
    path.write_bytes(b"a,b\n1,2\n")
    facts = file_facts(path)
    assert (facts.size, facts.physical_lines, facts.stamp[0]) == (8, 2, 8)
    check_unchanged(path, facts)  # nothing changed: no error
    path.write_bytes(b"a,b\n3,4\n")
    os.utime(path, ns=(facts.stamp[1] + 1_000_000, facts.stamp[1] + 1_000_000))
    with pytest.raises(FileError, match="changed while it was loaded"):
        check_unchanged(path, facts)
    path.unlink()
    with pytest.raises(FileError, match="disappeared"):
        check_unchanged(path, facts)


def test_a_file_that_changes_while_it_is_hashed_fails_alone(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size and modification time are taken before and after the hashing pass: a file written to
    during that pass fails alone with its reason; one left alone hashes as before."""
    from qingfeng.ingest import staging

    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    write_csv(tmp_path / "ds", "deaths.csv", [DEATHS_HEADER, "D1,11010519491231002X,张三,M,,2023-01-01,x"])
    stamp = staging.file_stamp

    def moved_on(path: Path) -> tuple[int, int]:
        size, mtime = stamp(path)
        return (size + 10, mtime + 1) if path.name == "persons.csv" else (size, mtime)

    monkeypatch.setattr(staging, "file_stamp", moved_on)
    with pytest.raises(OSError, match=r"persons\.csv changed while it was read"):
        staging.file_facts(tmp_path / "ds" / "persons.csv")
    summary = ingest_dataset(wh, tmp_path / "ds")
    persons, deaths = summary.load("persons"), summary.load("deaths")
    assert persons.status is LoadStatus.FAILED and persons.error == (
        "cannot read the file: persons.csv changed while it was read; load it again when it is complete"
    )
    assert (deaths.status, deaths.rows_loaded) == (LoadStatus.LOADED, 1)


def test_absent_and_ignored_entries(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    write_csv(tmp_path / "ds", "readme.txt", ["hello"])
    write_csv(tmp_path / "ds", "deaths.xls", ["x"])
    (tmp_path / "ds" / "old").mkdir()
    summary = ingest_dataset(wh, tmp_path / "ds")
    assert summary.ignored == (
        "deaths.xls (unsupported format: use .csv, .parquet or .xlsx)",
        "old/",
        "readme.txt",
    )
    assert "persons" not in summary.absent and "deaths" in summary.absent and len(summary.absent) == 16


def test_header_only_file_creates_an_empty_table(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer
) -> None:
    write_csv(tmp_path / "ds", "deaths.csv", [DEATHS_HEADER])
    load = ingest_dataset(wh, tmp_path / "ds").load("deaths")
    assert (load.status, load.rows_read) == (LoadStatus.LOADED, 0)
    assert wh.scalar("SELECT count(*) FROM raw.deaths") == 0


def test_progress_is_reported(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(tmp_path / "ds", "persons.csv", PERSONS)
    seen: list[tuple[str, int, int]] = []
    ingest_dataset(wh, tmp_path / "ds", on_progress=lambda t, done, total: seen.append((t, done, total)))
    assert seen == [("persons", 0, 1), ("", 1, 1)]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such folder"),
        ("file", "not a folder"),
        ("empty", "not a dataset"),
        ("others", "not a dataset"),
        ("two", "two files for table deaths (deaths.csv, deaths.parquet)"),
    ],
)
def test_not_a_dataset(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer, setup: str, message: str
) -> None:
    folder = tmp_path / "ds"
    if setup == "file":
        folder.write_text("x")
    elif setup == "empty":
        folder.mkdir()
    elif setup == "others":
        write_csv(folder, "notes.csv", ["a,b"])
    elif setup == "two":
        write_csv(folder, "deaths.csv", [DEATHS_HEADER])
        (folder / "deaths.parquet").write_bytes(b"")
    with pytest.raises(DatasetError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        ingest_dataset(wh, folder)
    assert "\n" not in str(caught.value)
    assert not wh.has_table("_files", "raw")
