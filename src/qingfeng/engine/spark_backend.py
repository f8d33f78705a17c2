"""Apache Spark, the warehouse at province scale: the same DuckDB-dialect SQL, translated.

Local mode (`local[2]`) when no master URL is given, otherwise the given
`spark://host:port`. Tables live in Spark's session catalog: schema `raw`
(a Spark database) for ingested tables, `default` for what resolution
publishes (the DuckDB warehouse calls it `main`; SQL saying `main.x` is
rewritten). The configuration suits a small machine and an offline intranet:
few shuffle partitions, no UI, no package downloads, UTC session time zone,
and Splink's similarity UDF jar on the class path for entity resolution.

The simplest sound way to fill it: ingest on DuckDB, `export_raw_to_parquet`,
then `load_raw_from_parquet` (see docs/scale.md for the trade-off).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qingfeng.engine.base import Column, Warehouse, check_lengths
from qingfeng.engine.dialects import FixedPoint, Statement, TempView, plan

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from qingfeng.engine.duckdb_backend import DuckDBWarehouse

DEFAULT_MASTER = "local[2]"
MAX_FIXED_POINT_ROUNDS = 10_000


class SparkUnavailable(RuntimeError):
    """PySpark or a Java runtime is missing."""


def similarity_jar() -> str | None:
    """Splink's Scala similarity UDFs (Jaro-Winkler...), shipped inside the splink wheel: no download."""
    try:
        from splink.backends.spark import similarity_jar_location
    except ImportError:
        return None
    return str(similarity_jar_location())


def spark_conf(
    *,
    driver_memory: str = "2g",
    shuffle_partitions: int = 4,
    warehouse_dir: Path | str,
    local: bool = True,
) -> dict[str, str]:
    """The configuration a Qingfeng session starts with (tests assert it; docs/scale.md lists it)."""
    conf = {
        "spark.app.name": "qingfeng",
        "spark.driver.memory": driver_memory,
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.default.parallelism": str(max(shuffle_partitions, 2)),
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.warehouse.dir": str(warehouse_dir),
        "spark.sql.catalogImplementation": "in-memory",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.adaptive.enabled": "true",
        "spark.sql.ansi.enabled": "true",
    }
    jar = similarity_jar()
    if jar:
        conf["spark.jars"] = jar
    if local:
        conf["spark.driver.host"] = "127.0.0.1"
        conf["spark.driver.bindAddress"] = "127.0.0.1"
    return conf


def start_session(
    master: str | None = None,
    *,
    driver_memory: str = "2g",
    shuffle_partitions: int = 4,
    work_dir: Path | str | None = None,
) -> SparkSession:
    """A Spark session for Qingfeng; raises SparkUnavailable when pyspark or Java is missing.

    Spark keeps its managed tables under `work_dir/tables` and Splink's checkpoints under
    `work_dir/checkpoints` (default: a new temporary folder, left to the caller). On a cluster
    whose executors run on other hosts it must be a folder they all reach at the same path."""
    if shutil.which("java") is None and not _java_home():
        raise SparkUnavailable("no Java runtime found (install Java 17, or set JAVA_HOME)")
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkUnavailable("pyspark is not installed (pip install 'qingfeng[spark]')") from error
    url = master or DEFAULT_MASTER
    work = Path(work_dir) if work_dir is not None else Path(tempfile.mkdtemp(prefix="qingfeng-spark-"))
    builder = SparkSession.builder.master(url)
    conf = spark_conf(
        driver_memory=driver_memory,
        shuffle_partitions=shuffle_partitions,
        warehouse_dir=(work / "tables").resolve(),
        local=url.startswith("local"),
    )
    for key, value in conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    _ensure_checkpoint_dir(session, lambda: (work / "checkpoints").resolve())
    return session


def work_folder(shared: Path | str | None) -> Path:
    """A new folder of this warehouse's own: inside `shared` when given (created if absent), else a
    temporary one. It holds the hand-over Parquet and, for a session the warehouse starts, Spark's
    tables and checkpoints; it is removed when the warehouse closes."""
    if shared is None:
        return Path(tempfile.mkdtemp(prefix="qingfeng-spark-"))
    parent = Path(shared)
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="qingfeng-spark-", dir=parent))


def _ensure_checkpoint_dir(session: SparkSession, folder: Callable[[], Path | str]) -> None:
    """Splink breaks long lineages by writing Parquet under the context's checkpoint folder: give the
    context `folder()` when it has none (made only then)."""
    if session.sparkContext.getCheckpointDir() is None:
        session.sparkContext.setCheckpointDir(str(folder()))


def _java_home() -> str | None:
    import os

    home = os.environ.get("JAVA_HOME")
    return home if home and Path(home, "bin", "java").exists() else None


class SparkWarehouse(Warehouse):
    """The warehouse on Spark; `execute`/`query` take DuckDB-dialect SQL (see engine.dialects)."""

    dialect = "spark"

    def __init__(
        self,
        master: str | None = None,
        *,
        driver_memory: str = "2g",
        shuffle_partitions: int = 4,
        session: SparkSession | None = None,
        work_dir: Path | str | None = None,
    ) -> None:
        """Start (or reuse, when `session` is given) a Spark session and create schema `raw`.

        The warehouse's files live in `self.work_dir`, a new folder inside `work_dir` (a folder every
        executor reaches, on a cluster of several hosts) or a temporary one; close removes it. A
        warehouse given a session does not stop it on close, and leaves the session's own folders
        alone: several warehouses can share one session in turn (tests do), each dropping its
        tables when closed.
        """
        self._owns_session = session is None
        self.work_dir = work_folder(work_dir)
        try:
            self.spark = session or start_session(
                master,
                driver_memory=driver_memory,
                shuffle_partitions=shuffle_partitions,
                work_dir=self.work_dir,
            )
        except BaseException:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            raise
        self.spark.sql("CREATE DATABASE IF NOT EXISTS raw")
        # A session made elsewhere without a checkpoint folder: one that outlives this warehouse.
        _ensure_checkpoint_dir(self.spark, lambda: tempfile.mkdtemp(prefix="qingfeng-spark-checkpoints-"))

    # --- the Warehouse API ----------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        for statement in plan(sql, "spark"):
            self._run(statement)

    def query(self, sql: str) -> list[dict[str, Any]]:
        statements = plan(sql, "spark")
        for statement in statements[:-1]:
            self._run(statement)
        frame = self._run(statements[-1])
        return [_plain(row.asDict(recursive=True)) for row in frame.collect()]

    def stream(self, sql: str) -> Iterator[dict[str, Any]]:
        statements = plan(sql, "spark")
        for statement in statements[:-1]:
            self._run(statement)
        for row in self._run(statements[-1]).toLocalIterator():
            yield _plain(row.asDict(recursive=True))

    def has_table(self, name: str, schema: str = "main") -> bool:
        database = "default" if schema == "main" else schema
        return bool(self.spark.catalog.tableExists(f"{database}.{name}"))

    def columns(self, name: str, schema: str = "main") -> list[str]:
        if not self.has_table(name, schema):
            return []
        database = "default" if schema == "main" else schema
        return list(self.spark.table(f"{database}.`{name}`").columns)

    def write_columns(self, name: str, columns: Sequence[Column]) -> None:
        """One DataFrame from the columns, saved as a managed table (no row-by-row inserts)."""
        check_lengths(columns)
        database, table = _split_name(name)
        schema = ", ".join(f"`{c}` {_SPARK_TYPES.get(t.upper(), t)}" for c, t, _ in columns)
        rows = list(zip(*(values for _, _, values in columns), strict=True))
        frame = self.spark.createDataFrame(rows, schema=schema)
        self.spark.sql(f"DROP TABLE IF EXISTS {database}.`{table}`")
        frame.write.saveAsTable(f"{database}.`{table}`")

    def splink_api(self) -> Any:
        """Splink on this session; its intermediate tables are broken off as Parquet checkpoints."""
        from splink import SparkAPI

        return SparkAPI(spark_session=self.spark, break_lineage_method="parquet")

    def close(self) -> None:
        """Drop this warehouse's tables and views; stop the session when this warehouse started it;
        remove the warehouse's folder (hand-over, and the tables and checkpoints of its own session)."""
        try:
            self.reset()
            if self._owns_session:
                self.spark.stop()
        finally:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    # --- moving data in and out ---------------------------------------------------------------

    def load_raw_from_parquet(self, directory: Path | str) -> list[str]:
        """Register every `<table>.parquet` of `directory` as `raw.<table>`; returns the table names.

        The tables are external: Spark reads the files where they are, and
        dropping a table leaves the file alone.
        """
        folder = Path(directory)
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder of Parquet files")
        loaded: list[str] = []
        for path in sorted(folder.glob("*.parquet")):
            table = path.stem
            self.spark.sql(f"DROP TABLE IF EXISTS raw.`{table}`")
            location = path.resolve().as_uri().replace("'", "\\'")
            self.spark.sql(f"CREATE TABLE raw.`{table}` USING parquet LOCATION '{location}'")
            loaded.append(table)
        return loaded

    def reset(self) -> None:
        """Drop every table and view of `raw` and `default`, and the temporary views of hoisted CTEs."""
        for database in ("raw", "default"):
            if not self.spark.catalog.databaseExists(database):
                continue
            for table in self.spark.catalog.listTables(database):
                if table.isTemporary:
                    continue
                kind = "VIEW" if table.tableType == "VIEW" else "TABLE"
                self.spark.sql(f"DROP {kind} IF EXISTS {database}.`{table.name}`")
        for table in self.spark.catalog.listTables():
            if table.isTemporary and table.name.startswith("_qf_"):
                self.spark.catalog.dropTempView(table.name)
        self.spark.sql("CREATE DATABASE IF NOT EXISTS raw")

    # --- running a planned statement ----------------------------------------------------------

    def _run(self, statement: Statement) -> DataFrame:
        for step in statement.before:
            if isinstance(step, TempView):
                frame = self.spark.sql(step.sql)
                (frame.toDF(*step.columns) if step.columns else frame).createOrReplaceTempView(step.name)
            else:
                self._fixed_point(step)
        return self.spark.sql(statement.sql)

    def _fixed_point(self, step: FixedPoint) -> None:
        """Semi-naive evaluation of a recursive UNION: add each round's new rows until none is new.

        Constraint propagation is off meanwhile: Spark 4.x fails to rewrite the
        constraints of a union of checkpointed frames ("key not found"), and the
        loop gains nothing from them.
        """
        setting = "spark.sql.constraintPropagation.enabled"
        before = self.spark.conf.get(setting, "true")
        self.spark.conf.set(setting, "false")
        try:
            self._settle(step)
        finally:
            self.spark.conf.set(setting, before or "true")

    def _settle(self, step: FixedPoint) -> None:
        columns = step.columns
        found = _settled(self.spark.sql(step.anchor).toDF(*columns).distinct())
        latest = found
        for _ in range(MAX_FIXED_POINT_ROUNDS):
            (latest if step.linear else found).createOrReplaceTempView(step.name)
            new = _settled(self.spark.sql(step.step).toDF(*columns).distinct().subtract(found))
            if new.isEmpty():
                found.createOrReplaceTempView(step.name)
                return
            # A union of checkpointed frames has a shallow plan: no need to materialise it again.
            found = found.toDF(*columns).unionByName(new.toDF(*columns))
            latest = new
        raise RuntimeError(f"recursive query {step.name} did not settle in {MAX_FIXED_POINT_ROUNDS} rounds")


_SPARK_TYPES = {"VARCHAR": "STRING", "TEXT": "STRING"}


def _split_name(name: str) -> tuple[str, str]:
    """'raw.t' -> ('raw', 't'); 't' or 'main.t' -> ('default', 't')."""
    database, _, table = name.rpartition(".")
    return ("default" if database in ("", "main") else database), table


def _settled(frame: DataFrame) -> DataFrame:
    """Compute a round now and cut its lineage, so that plans do not grow with the rounds."""
    return frame.localCheckpoint(eager=True)


def _plain(value: Any) -> Any:
    """Spark's Python values as DuckDB's driver gives them (structs as dicts, arrays as lists)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "asDict"):
        return _plain(value.asDict(recursive=True))
    return value


def export_raw_to_parquet(wh: DuckDBWarehouse, directory: Path | str) -> list[str]:
    """Write the data tables of the DuckDB warehouse's `raw` schema to `<directory>/<table>.parquet`.

    The lineage tables (`_files`, `_batches`, `_quarantine`) stay in DuckDB: models do
    not read them, and Hadoop's file listing skips names that start with `_`."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    tables = [
        r["table_name"]
        for r in wh.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "AND NOT starts_with(table_name, '_') ORDER BY table_name"
        )
    ]
    for table in tables:
        target = str(folder / f"{table}.parquet").replace("'", "''")
        wh.execute(f"COPY raw.\"{table}\" TO '{target}' (FORMAT parquet)")
    return tables


__all__ = [
    "SparkUnavailable",
    "SparkWarehouse",
    "export_raw_to_parquet",
    "spark_conf",
    "start_session",
    "work_folder",
]
