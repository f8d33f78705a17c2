"""Calendar helpers of the synthetic county: the payment window and contract formats.

Money is kept in integer cents everywhere in the generator and written with two
decimals, so that planted amounts and the ground truth agree to the cent.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

WINDOW_START = date(2023, 1, 1)
"""First day of the payment window (pensions, subsidies, claims)."""
WINDOW_END = date(2024, 12, 31)
"""Last day of the payment window; also the last day of the latest wage month."""


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """The calendar months (year, month) from the month of `first` to the month of `last`, inclusive."""
    months: list[tuple[int, int]] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


WINDOW_MONTHS = months_between(WINDOW_START, WINDOW_END)


@lru_cache(maxsize=4096)
def month_text(ym: tuple[int, int]) -> str:
    """A contract `month`: YYYY-MM."""
    return f"{ym[0]:04d}-{ym[1]:02d}"


def month_first(ym: tuple[int, int]) -> date:
    return date(ym[0], ym[1], 1)


def month_last(ym: tuple[int, int]) -> date:
    y, m = ym
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return nxt - timedelta(days=1)


def next_month(ym: tuple[int, int]) -> tuple[int, int]:
    y, m = ym
    return (y + 1, 1) if m == 12 else (y, m + 1)


def month_of(day: date) -> tuple[int, int]:
    return (day.year, day.month)


@lru_cache(maxsize=65536)
def money(cents: int) -> str:
    """A contract `money` value: yuan with two decimals (cached: the same values repeat millions of times)."""
    if cents < 0:
        raise ValueError("money is never negative")
    return f"{cents // 100}.{cents % 100:02d}"


def iso(day: date | None) -> str:
    """A contract `date`: YYYY-MM-DD, or empty for NULL."""
    return "" if day is None else day.isoformat()


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def day_between(rng_value: float, first: date, last: date) -> date:
    """The day at fraction `rng_value` (0 <= v < 1) of the span from first to last inclusive."""
    span = (last - first).days + 1
    return first + timedelta(days=int(rng_value * span))
