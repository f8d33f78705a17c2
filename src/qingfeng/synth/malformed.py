"""Malformed rows: each breaks its table's types in one way the contract names.

Rows are built from a copy of a background row (never a planted one) and
inserted after it, so that a repeat always follows the row it repeats. Rows that
break a type get a fresh key: quarantining them cannot change any clue. An
identical repeat is counted and ignored; a conflicting duplicate is quarantined
and the first row kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from qingfeng.contract import ColumnType, table

KINDS = (
    "bad_date",
    "bad_month",
    "negative_amount",
    "money_precision",
    "empty_key",
    "column_count",
    "identical_repeat",
    "conflicting_duplicate",
)
"""The kinds, in the order a table's malformed rows cycle through them."""
QUARANTINED_KINDS = frozenset(KINDS) - {"identical_repeat"}
_BAD_DATES = ("2023-02-30", "20230515", "不详", "2024/13/01")
_BAD_MONTHS = ("2023-13", "2024-00", "2023年5月")


@dataclass(frozen=True)
class Insertion:
    before: int
    """Index (in the table's final order) of the row it is written before; len(rows) for the end."""
    cells: tuple[str, ...]
    kind: str


def _first_of(table_name: str, kind: ColumnType) -> int | None:
    """The first column of the type; birth_date last, as the contract leaves it untyped in `enrollments`."""
    columns = sorted(enumerate(table(table_name).columns), key=lambda kc: kc[1].name == "birth_date")
    for k, col in columns:
        if col.type == kind:
            return k
    return None


def _key_index(table_name: str) -> int | None:
    keys = table(table_name).key_columns
    return table(table_name).column_names.index(keys[0]) if keys else None


def _text_index(table_name: str) -> int:
    """A free-text column to alter for a conflicting duplicate: the name, else the first plain text column."""
    t = table(table_name)
    names = t.column_names
    for preferred in ("name", "owner_name", "buyer_org"):
        if preferred in names:
            return names.index(preferred)
    return next(
        k for k, c in enumerate(t.columns) if c.type == ColumnType.TEXT and not c.key and not c.choices
    )


def applicable_kinds(table_name: str) -> list[str]:
    has = {
        "bad_date": _first_of(table_name, ColumnType.DATE) is not None,
        "bad_month": _first_of(table_name, ColumnType.MONTH) is not None,
        "negative_amount": _first_of(table_name, ColumnType.MONEY) is not None,
        "money_precision": _first_of(table_name, ColumnType.MONEY) is not None,
        "empty_key": _key_index(table_name) is not None,
        "column_count": True,
        "identical_repeat": _key_index(table_name) is not None,
        "conflicting_duplicate": _key_index(table_name) is not None,
    }
    return [k for k in KINDS if has[k]]


def _break(table_name: str, base: tuple[str, ...], kind: str, serial: int) -> tuple[str, ...]:
    cells = list(base)
    key = _key_index(table_name)
    if key is not None and kind not in ("identical_repeat", "conflicting_duplicate"):
        cells[key] = f"{cells[key]}-Q{serial}"
    if kind == "bad_date":
        cells[_first_of(table_name, ColumnType.DATE) or 0] = _BAD_DATES[serial % len(_BAD_DATES)]
    elif kind == "bad_month":
        cells[_first_of(table_name, ColumnType.MONTH) or 0] = _BAD_MONTHS[serial % len(_BAD_MONTHS)]
    elif kind in ("negative_amount", "money_precision"):
        k = _first_of(table_name, ColumnType.MONEY) or 0
        value = cells[k] or "1.00"
        cells[k] = f"-{value}" if kind == "negative_amount" else f"{value.split('.')[0]}.125"
    elif kind == "empty_key" and key is not None:
        cells[key] = ""
    elif kind == "column_count":
        cells = cells[:-1]
    elif kind == "conflicting_duplicate":
        k = _text_index(table_name)
        cells[k] = cells[k] + "甲"
    return tuple(cells)


def malformed_insertions(
    table_name: str, rows: list[tuple[str, ...]], protected: set[int], count: int, rng: random.Random
) -> list[Insertion]:
    """`count` malformed rows for the table, cycling through the kinds that apply to it."""
    kinds = applicable_kinds(table_name)
    insertions: list[Insertion] = []
    used: set[int] = set()
    for serial in range(count if rows else 0):
        kind = kinds[serial % len(kinds)]
        # a repeated key must never be a planted row; a fresh-key row may copy one, it is quarantined anyway
        avoid = protected if kind in ("identical_repeat", "conflicting_duplicate") else set()
        base = _base(len(rows), avoid | used, rng)
        if base is None:
            continue
        used.add(base)
        cells = _break(table_name, rows[base], kind, serial + 1)
        insertions.append(Insertion(rng.randint(base + 1, len(rows)), cells, kind))
    return insertions


def _base(size: int, avoid: set[int], rng: random.Random) -> int | None:
    """A random row position outside `avoid`, or None when there is none."""
    if len(avoid) >= size:
        return None
    for _ in range(1000):
        k = rng.randrange(size)
        if k not in avoid:
            return k
    return next((k for k in range(size) if k not in avoid), None)
