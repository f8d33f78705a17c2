"""Human judgements on candidate links, kept in a durable SQLite file and reused on every scan.

A judgement is about one weak identity (the record's ID as written, name,
gender, birth date: its *fingerprint*) and one registered person. It does not
name a table or a row: the same weak identity in deaths and in enrollments is
judged once. Every judgement is kept (who, when, note); the one that counts for
a pair combines each reviewer's latest word by the rules of `Judgement.combine`,
in the manner of nomenklatura's positive / negative / unsure.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

DEFAULT_JUDGEMENTS_PATH = Path("qingfeng-judgements.sqlite")
"""Until settings carry `judgements_path`: a file in the working directory."""

_DDL = """
CREATE TABLE IF NOT EXISTS judgements (
    fingerprint TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    judgement TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    judged_at TEXT NOT NULL,
    note TEXT
)
"""


class Judgement(StrEnum):
    """What a reviewer said about one record and one candidate person."""

    MATCH = "match"
    NO_MATCH = "no_match"
    UNSURE = "unsure"

    @property
    def label(self) -> str:
        return {"match": "是同一人 match", "no_match": "不是 no match", "unsure": "不确定 unsure"}[self.value]

    def combine(self, other: Judgement) -> Judgement:
        """Two reviewers agreeing keep their word; any disagreement or doubt is unsure."""
        return self if self is other else Judgement.UNSURE

    @classmethod
    def combine_all(cls, judgements: Iterable[Judgement]) -> Judgement | None:
        result: Judgement | None = None
        for judgement in judgements:
            result = judgement if result is None else result.combine(judgement)
        return result


def fingerprint(
    id_number: str | None, name: str | None, gender: str | None, birth_date: date | str | None
) -> str:
    """md5 of the identity fields as the warehouse holds them; SQL twin: `fingerprint_sql`."""
    parts = [id_number, name, gender, birth_date.isoformat() if isinstance(birth_date, date) else birth_date]
    return hashlib.md5("|".join(p or "" for p in parts).encode("utf-8")).hexdigest()


def fingerprint_sql(id_number: str, name: str, gender: str, birth_date: str) -> str:
    """The same fingerprint in DuckDB SQL, from column expressions (birth_date as 'YYYY-MM-DD' text)."""
    cols = ", ".join(f"coalesce({c}, '')" for c in (id_number, name, gender, birth_date))
    return f"md5(concat_ws('|', {cols}))"


class JudgementStore:
    """The SQLite file of judgements. Reading a missing file yields nothing and creates nothing."""

    def __init__(self, path: Path | str = DEFAULT_JUDGEMENTS_PATH) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path)
        con.execute(_DDL)
        return con

    def record(
        self, fingerprint: str, candidate_id: str, judgement: Judgement, *, reviewer: str = "", note: str = ""
    ) -> None:
        """Store one judgement durably (committed before returning)."""
        with self._connect() as con:
            con.execute(
                "INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?)",
                (fingerprint, candidate_id, Judgement(judgement).value, reviewer, _now(), note),
            )
        con.close()

    def effective(self) -> dict[tuple[str, str], Judgement]:
        """(fingerprint, candidate) -> the judgement that counts: each reviewer's latest, combined."""
        if not self.path.exists():
            return {}
        con = sqlite3.connect(self.path)
        try:
            con.execute(_DDL)
            rows = con.execute(
                "SELECT fingerprint, candidate_id, reviewer, judgement FROM judgements "
                "ORDER BY judged_at, rowid"
            ).fetchall()
        finally:
            con.close()
        latest: dict[tuple[str, str], dict[str, Judgement]] = {}
        for fp, candidate, reviewer, value in rows:
            latest.setdefault((fp, candidate), {})[reviewer] = Judgement(value)
        combined = {pair: Judgement.combine_all(by.values()) for pair, by in latest.items()}
        return {pair: j for pair, j in combined.items() if j is not None}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
