"""SQL fragments the built-in models share, so that every model names evidence the same way.

Each helper returns DuckDB-dialect text that sqlglot translates to Spark SQL
(struct literals become `STRUCT(... AS name)`, `array_agg` becomes `collect_list`).
"""

from __future__ import annotations

from qingfeng.contract import table


def record_key(table_name: str, alias: str) -> str:
    """The record key of a row (docs/warehouse.md): its key column, or `line:<n>` for keyless tables."""
    contract_table = table(table_name)
    if contract_table.key_columns:
        return f"CAST({alias}.{contract_table.key_columns[0]} AS VARCHAR)"
    return f"'line:' || CAST({alias}._line AS VARCHAR)"


def evidence(table_name: str, alias: str) -> str:
    """One evidence item: STRUCT("table", "key", link_method, link_probability).

    Person tables carry the link that tied the row to its person, so that a
    clue's score can say how sure the identity is; other tables carry NULLs
    (the struct has one shape everywhere so that items of several tables fit
    in one list).
    """
    key = record_key(table_name, alias)
    if table(table_name).person_column:
        method, probability = f"{alias}.link_method", f"{alias}.link_probability"
    else:
        method, probability = "CAST(NULL AS VARCHAR)", "CAST(NULL AS DOUBLE)"
    return (
        f"{{'table': '{table_name}', 'key': {key}, "
        f"'link_method': {method}, 'link_probability': {probability}}}"
    )


EARLIEST_DEATH = """death AS (
    -- a person with several death records died on the earliest death_date;
    -- unlinked records (person_id NULL) are nobody's death
    SELECT person_id, min(death_date) AS death_date
    FROM deaths
    WHERE person_id IS NOT NULL AND death_date IS NOT NULL
    GROUP BY person_id
)"""


def death_evidence(subjects_cte: str) -> str:
    """The death record(s) dated on the earliest death date of each person in `subjects_cte`."""
    return f"""SELECT r.person_id, {evidence("deaths", "r")} AS ev
    FROM deaths r JOIN death d ON d.person_id = r.person_id AND r.death_date = d.death_date
    WHERE r.person_id IN (SELECT person_id FROM {subjects_cte})"""
