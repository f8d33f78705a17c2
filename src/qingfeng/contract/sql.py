"""Identity numbers in SQL: the rules of `qingfeng.contract.ids` as expression text.

Ingest, entity resolution and the Spark backend build their queries from these
functions, so that a value is normalised and judged valid the same way in
Python and in every warehouse. Each function takes a SQL expression (a column
name or any expression) and returns expression text in DuckDB's dialect, made
only of functions sqlglot translates to Spark: `substr`, `upper`, `replace`,
`trim(x, chars)`, `instr`, `regexp_matches` (anchored patterns, ASCII classes),
`ascii`, `%` and `CASE`;
nothing in them can fail on any input (no CAST).

The expressions repeat their argument many times (one `substr` per character):
pass a column, not a long expression, where speed matters; DuckDB evaluates
common sub-expressions once, Spark's optimiser does the same.
"""

from __future__ import annotations

# Every character for which Python's str.isspace() is true: str.strip() removes exactly these at both ends,
# so the SQL trim below agrees with qingfeng.contract.ids.normalise_id character for character.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

ID18_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID18_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID18_SHAPE = "^[0-9]{17}[0-9X]$"
ID15_SHAPE = "^[0-9]{15}$"
USCC_SHAPE = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
"""Anchored patterns (`regexp_matches`) of a normalised ID, a 15-digit ID and a credit code."""
_ID18_SHAPE, _ID15_SHAPE, _USCC_SHAPE = ID18_SHAPE, ID15_SHAPE, USCC_SHAPE


def sql_string(text: str) -> str:
    """A SQL string literal holding `text`."""
    return "'" + text.replace("'", "''") + "'"


def _digit(expr: str, position: int) -> str:
    # ascii() never fails, unlike CAST: optimisers hoist common sub-expressions out of CASE guards,
    # so an expression must be safe on every value, not only on the values its guard lets through.
    return f"(ascii(substr({expr}, {position}, 1)) - 48)"


def _number(expr: str, position: int, length: int) -> str:
    places = [f"{_digit(expr, position + k)} * {10 ** (length - 1 - k)}" for k in range(length)]
    return "(" + " + ".join(places) + ")"


def clean_code_sql(expr: str) -> str:
    """Trim (Python whitespace), remove inner spaces, upper-case; empty gives NULL."""
    return f"NULLIF(upper(replace(trim({expr}, {sql_string(PY_WHITESPACE)}), ' ', '')), '')"


def id18_check_char_sql(digits: list[str]) -> str:
    """The MOD 11-2 check character of 17 digit expressions (each an INTEGER expression)."""
    terms = " + ".join(f"{d} * {w}" for d, w in zip(digits, ID18_WEIGHTS, strict=True))
    return f"substr({sql_string(ID18_CHECK)}, (({terms}) % 11) + 1, 1)"


def widen_id15_sql(expr: str) -> str:
    """The 18-character form of a 15-digit ID held in `expr` (insert century 19, append the check)."""
    digits = [_digit(expr, i) for i in range(1, 7)] + ["1", "9"] + [_digit(expr, i) for i in range(7, 16)]
    check = id18_check_char_sql(digits)
    return f"(substr({expr}, 1, 6) || '19' || substr({expr}, 7, 9) || {check})"


def normalise_id18_sql(expr: str) -> str:
    """`ids.normalise_id` in SQL: trimmed, spaces removed, upper-cased, 15 digits widened; empty NULL."""
    cleaned = clean_code_sql(expr)
    return (
        f"CASE WHEN regexp_matches({cleaned}, {sql_string(_ID15_SHAPE)}) "
        f"THEN {widen_id15_sql(cleaned)} ELSE {cleaned} END"
    )


def _days_in_month_sql(year: str, month: str) -> str:
    leap = f"(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)"
    return (
        f"CASE WHEN {month} IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN {month} IN (4, 6, 9, 11) THEN 30 "
        f"WHEN {leap} THEN 29 ELSE 28 END"
    )


def id18_birth_date_valid_sql(expr: str) -> str:
    """Whether characters 7-14 of an ID-shaped value are a calendar date (year 0001-9999)."""
    year, month, day = (_number(expr, p, n) for p, n in ((7, 4), (11, 2), (13, 2)))
    return (
        f"({year} >= 1 AND {month} BETWEEN 1 AND 12 "
        f"AND {day} BETWEEN 1 AND {_days_in_month_sql(year, month)})"
    )


def id18_valid_sql(expr: str) -> str:
    """`ids.is_valid_id18` in SQL, for an already normalised value: shape, birth date, check character.

    Never NULL: an empty value is not valid. The casts run only on values of the right shape.
    """
    check = id18_check_char_sql([_digit(expr, i) for i in range(1, 18)])
    return (
        f"CASE WHEN {expr} IS NULL OR NOT regexp_matches({expr}, {sql_string(_ID18_SHAPE)}) THEN FALSE "
        f"ELSE ({id18_birth_date_valid_sql(expr)} AND substr({expr}, 18, 1) = {check}) END"
    )


def normalise_uscc_sql(expr: str) -> str:
    """`ids.normalise_uscc` in SQL: trimmed, spaces removed, upper-cased; empty gives NULL."""
    return clean_code_sql(expr)


def uscc_valid_sql(expr: str) -> str:
    """`ids.is_valid_uscc` in SQL, for an already normalised value: alphabet, layout, GB 32100 check."""
    alphabet = sql_string(USCC_ALPHABET)
    terms = " + ".join(
        f"(instr({alphabet}, substr({expr}, {i}, 1)) - 1) * {w}" for i, w in enumerate(USCC_WEIGHTS, start=1)
    )
    check = f"substr({alphabet}, ((31 - (({terms}) % 31)) % 31) + 1, 1)"
    return (
        f"CASE WHEN {expr} IS NULL OR NOT regexp_matches({expr}, {sql_string(_USCC_SHAPE)}) THEN FALSE "
        f"ELSE substr({expr}, 18, 1) = {check} END"
    )


def party_id_valid_sql(expr: str) -> str:
    """A shareholder's holder_id: valid as a resident ID or as a credit code (normalised like an ID)."""
    return f"({id18_valid_sql(expr)} OR {uscc_valid_sql(expr)})"
