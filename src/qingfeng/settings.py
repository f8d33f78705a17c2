"""Settings from the environment (prefix QINGFENG_), built by a factory, never read at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QINGFENG_", extra="ignore")

    database_url: str = "sqlite:///qingfeng.db"
    """The clue store: SQLite file by default, PostgreSQL in production."""
    warehouse_path: Path | None = None
    """The DuckDB warehouse file; None keeps the warehouse in memory for one scan."""
    duckdb_memory_limit: str | None = None
    """Passed to DuckDB's memory_limit, for example '1GB'; beyond it DuckDB spills to disk."""
    duckdb_threads: int | None = None
    duckdb_temp_directory: Path | None = None
    spark_work_dir: Path | None = None
    """Where `scan --engine spark` puts the hand-over Parquet and Spark's tables and checkpoints (a new
    folder inside it, removed after the scan); on a cluster, a folder every executor reaches at the
    same path. None: a temporary folder on this machine."""
    link_threshold: float = 0.95
    """Match probability a record needs before it is linked to a person."""
    link_margin: float = 0.5
    """A second candidate within this much (in match weight) of the best makes the record go to review."""
    judgements_path: Path = Path("qingfeng-judgements.sqlite")
    """Durable SQLite file of reviewers' link judgements, reused on every scan."""
    review_floor: float = 0.5
    """A record whose best candidate reaches this probability but is not linked goes to the review queue."""
    case_time_limits: dict[str, int | None] = {}
    """Days allowed in each workflow state, overriding the defaults of the transition table,
    e.g. QINGFENG_CASE_TIME_LIMITS='{"triage": 10}'; null means no limit."""
    secret_key: str = "change-me"
    """Signs session cookies; set a long random value in production."""
    cookie_secure: bool = False
    """Mark the session cookie Secure (set it when the intranet site is served over HTTPS)."""
    session_hours: int = 8
    """How long a login lasts."""
    login_floor_seconds: float = 0.4
    """Every login answer takes at least this long, so timing tells nothing about accounts."""


def get_settings() -> Settings:
    return Settings()
