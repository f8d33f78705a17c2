"""The relatives graph, one step, as the contract defines it.

Relatives of a person: anyone in the same household_id, and anyone joined to
them by a row of `relations` in either direction; never the person themself.
"""

from __future__ import annotations

from qingfeng.engine import Warehouse


def build_relatives(wh: Warehouse) -> None:
    """Create `relatives(person_id, relative_id, via)`, symmetric and without self-pairs."""
    parts: list[str] = []
    if wh.has_table("persons", "raw"):
        parts.append(
            """SELECT a.id_number AS person_id, b.id_number AS relative_id, 'household' AS via
            FROM raw.persons a JOIN raw.persons b
              ON a.household_id = b.household_id AND a.id_number <> b.id_number
            WHERE a.household_id IS NOT NULL"""
        )
    if wh.has_table("relations", "raw"):
        parts.append(
            """SELECT id_number_a, id_number_b, coalesce(relation, 'relation') FROM raw.relations
            WHERE id_number_a IS NOT NULL AND id_number_b IS NOT NULL AND id_number_a <> id_number_b
            UNION ALL
            SELECT id_number_b, id_number_a, coalesce(relation, 'relation') FROM raw.relations
            WHERE id_number_a IS NOT NULL AND id_number_b IS NOT NULL AND id_number_a <> id_number_b"""
        )
    if not parts:
        wh.execute("CREATE OR REPLACE TABLE relatives (person_id VARCHAR, relative_id VARCHAR, via VARCHAR)")
        return
    union = "\nUNION ALL\n".join(parts)
    wh.execute(
        f"""CREATE OR REPLACE TABLE relatives AS
        SELECT person_id, relative_id, min(via) AS via FROM ({union}) pairs
        GROUP BY person_id, relative_id"""
    )


def relatives_of(wh: Warehouse, person_id: str) -> set[str]:
    """The relatives of one person."""
    safe = person_id.replace("'", "''")
    rows = wh.query(f"SELECT relative_id FROM relatives WHERE person_id = '{safe}'")
    return {r["relative_id"] for r in rows}


def are_related(wh: Warehouse, a: str, b: str) -> bool:
    """Whether b is a relative of a (the relation is symmetric)."""
    return b in relatives_of(wh, a)
