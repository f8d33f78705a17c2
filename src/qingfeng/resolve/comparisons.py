"""Declarative comparisons for Splink, built for Chinese person records (and reusable on FEBRL).

Each builder returns a Splink comparison as a plain dict (so that the trained
model JSON is self-contained and readable) whose levels carry a human label;
the labels are what the review screen and the clue evidence show. SQL is
DuckDB's dialect. String distances are only taken on ASCII (pinyin, digits):
DuckDB counts UTF-8 bytes, so a distance on hanzi would mean something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Level = dict[str, Any]
Comparison = dict[str, Any]


def _level(sql: str, label: str, **extra: Any) -> Level:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(*cols: str) -> Level:
    either = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    return _level(either, "missing", is_null_level=True)


def _else() -> Level:
    return _level("ELSE", "different")


def chinese_name(name: str = "name", pinyin: str = "name_py", fuzzy: str = "name_fz") -> Comparison:
    """Same characters > same toneless pinyin (homophones 丽/莉) > same fuzzy pinyin (zh/z, in/ing)
    > pinyin one syllable off (Jaro-Winkler on pinyin) > different."""
    return {
        "output_column_name": name,
        "comparison_description": "name: characters, pinyin, fuzzy pinyin",
        "comparison_levels": [
            _null(name),
            _level(f'"{name}_l" = "{name}_r"', "same characters", tf_adjustment_column=name),
            _level(f'"{pinyin}_l" = "{pinyin}_r"', "same pinyin", tf_adjustment_column=pinyin),
            _level(f'"{fuzzy}_l" = "{fuzzy}_r"', "same fuzzy pinyin"),
            _level(f'jaro_winkler_similarity("{pinyin}_l", "{pinyin}_r") >= 0.9', "similar pinyin"),
            _else(),
        ],
    }


def latin_string(col: str, *, thresholds: tuple[float, ...] = (0.92, 0.8), tf: bool = True) -> Comparison:
    """Exact (term-frequency adjusted) > Jaro-Winkler at each threshold > different: for ASCII names."""
    exact_extra: dict[str, Any] = {"tf_adjustment_column": col} if tf else {}
    levels = [_null(col), _level(f'"{col}_l" = "{col}_r"', "exact", **exact_extra)]
    levels += [
        _level(f'jaro_winkler_similarity("{col}_l", "{col}_r") >= {t}', f"Jaro-Winkler >= {t}")
        for t in thresholds
    ]
    return {"output_column_name": col, "comparison_levels": [*levels, _else()]}


@dataclass(frozen=True)
class DateLayout:
    """Where year, month and day sit in a date string, as (start, length) for SQL substr."""

    year: tuple[int, int] = (1, 4)
    month: tuple[int, int] = (6, 2)
    day: tuple[int, int] = (9, 2)


ISO_DATE = DateLayout()
COMPACT_DATE = DateLayout(year=(1, 4), month=(5, 2), day=(7, 2))


def birth_date(col: str = "birth_date", layout: DateLayout = ISO_DATE) -> Comparison:
    """Exact > day and month swapped > exactly one of year, month, day different > different."""

    def part(side: str, where: tuple[int, int]) -> str:
        return f'substr("{col}_{side}", {where[0]}, {where[1]})'

    same = {p: f"{part('l', w)} = {part('r', w)}" for p, w in vars(layout).items()}
    swapped = (
        f"{same['year']} AND {part('l', layout.month)} = {part('r', layout.day)} "
        f"AND {part('l', layout.day)} = {part('r', layout.month)}"
    )
    one_off = f"(({same['year']})::INT + ({same['month']})::INT + ({same['day']})::INT) = 2"
    return {
        "output_column_name": col,
        "comparison_description": "birth date: exact, day/month swapped, one field off",
        "comparison_levels": [
            _null(col),
            _level(f'"{col}_l" = "{col}_r"', "same date"),
            _level(swapped, "day and month swapped"),
            _level(one_off, "one of year, month, day differs"),
            _else(),
        ],
    }


def exact(col: str, *, tf: bool = False) -> Comparison:
    """Same value > different (gender, village...)."""
    extra: dict[str, Any] = {"tf_adjustment_column": col} if tf else {}
    return {
        "output_column_name": col,
        "comparison_levels": [_null(col), _level(f'"{col}_l" = "{col}_r"', "same", **extra), _else()],
    }


def identity_number(col: str = "id_number", *, region_length: int = 6) -> Comparison:
    """An ID that is wrong is still informative: one typo or adjacent swap (Damerau-Levenshtein 1)
    > two edits > same region code prefix > different.

    Digits are ASCII, so DuckDB's byte distance is the character distance."""
    return {
        "output_column_name": col,
        "comparison_description": "identity number: typo distance and region prefix",
        "comparison_levels": [
            _null(col),
            _level(f'"{col}_l" = "{col}_r"', "same number"),
            _level(f'damerau_levenshtein("{col}_l", "{col}_r") <= 1', "one typo or swap"),
            _level(f'levenshtein("{col}_l", "{col}_r") <= 2', "two edits"),
            _level(
                f'left("{col}_l", {region_length}) = left("{col}_r", {region_length})', "same region prefix"
            ),
            _else(),
        ],
    }


def place(village: str = "village", region: str = "region_code") -> Comparison:
    """Same village > same region code > different; missing when the record names neither."""
    return {
        "output_column_name": "place",
        "comparison_description": "place: village, region code",
        "comparison_levels": [
            _level(
                f'("{village}_l" IS NULL AND "{region}_l" IS NULL) '
                f'OR ("{village}_r" IS NULL AND "{region}_r" IS NULL)',
                "missing",
                is_null_level=True,
            ),
            _level(f'"{village}_l" = "{village}_r"', "same village"),
            _level(f'"{region}_l" = "{region}_r"', "same region"),
            _else(),
        ],
    }


def person_comparisons() -> list[Comparison]:
    """The comparisons of a weak person record against the household register."""
    return [chinese_name(), birth_date(), exact("gender"), identity_number(), place()]


def person_blocking_rules() -> list[str]:
    """Candidate pairs: any one of these keeps a pair.

    Every rule pairs two keys, so candidates per record stay few however large the register
    (a county's region prefix or a common pinyin alone would pair each record with thousands).
    The ID is cut in three: region (1-6), birth date (7-14), sequence and check (15-18); one typo
    or adjacent swap inside a part leaves two parts intact, and each pair of parts is a rule
    (region with sequence through the name instead: a county has a handful of region codes).
    Without a usable ID, the fuzzy pinyin of the name with the birth year or with the month and
    day, or the birth date with gender and the initial of the name, find the person."""
    return [
        "left(l.id_number, 14) = left(r.id_number, 14)",
        "substr(l.id_number, 7, 12) = substr(r.id_number, 7, 12)",
        "l.name_fz = r.name_fz AND right(l.id_number, 4) = right(r.id_number, 4)",
        "l.name_fz = r.name_fz AND left(l.birth_date, 4) = left(r.birth_date, 4)",
        "l.name_fz = r.name_fz AND substr(l.birth_date, 6, 5) = substr(r.birth_date, 6, 5)",
        "l.birth_date = r.birth_date AND l.gender = r.gender AND left(l.name_py, 1) = left(r.name_py, 1)",
    ]


def level_labels(comparisons: list[Comparison]) -> dict[str, dict[int, str]]:
    """Splink's gamma value of each level, per comparison, to its label (null level is -1)."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in comparisons:
        levels = comparison["comparison_levels"]
        ranked = [lv for lv in levels if not lv.get("is_null_level")]
        by_gamma = {len(ranked) - 1 - i: lv["label_for_charts"] for i, lv in enumerate(ranked)}
        by_gamma[-1] = "missing"
        labels[comparison["output_column_name"]] = by_gamma
    return labels
