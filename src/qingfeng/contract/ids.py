"""Identity numbers: GB 11643-1999 resident IDs and GB 32100-2015 credit codes.

Resident IDs end in an ISO 7064 MOD 11-2 check character, which catches every
single-digit typo and every adjacent swap. Old 15-digit numbers (6-digit
region, YYMMDD birth date, 3-digit sequence) are widened to 18 by inserting the
century "19" and appending the check character.
"""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID15 = re.compile(r"^\d{15}$")

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def id18_check_char(first17: str) -> str:
    """The check character for the first 17 digits of a resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id15_to_id18(id15: str) -> str:
    """Widen an old 15-digit ID: insert the century 19 after the region, add the check character."""
    if not _ID15.match(id15):
        raise ValueError(f"not a 15-digit resident ID: {id15!r}")
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + id18_check_char(first17)


def normalise_id(value: str | None) -> str | None:
    """Trim, upper-case and widen 15-digit numbers; empty gives None. Invalid values are kept as written."""
    if value is None:
        return None
    cleaned = value.strip().replace(" ", "").upper()
    if not cleaned:
        return None
    if _ID15.match(cleaned):
        return id15_to_id18(cleaned)
    return cleaned


def birth_date_of(id18: str) -> date | None:
    """The birth date embedded in an 18-character ID, or None where it is no date."""
    try:
        return date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        return None


def is_valid_id18(value: str | None) -> bool:
    """Shape, embedded birth date and check character of an (already normalised) resident ID."""
    if value is None or not _ID18.match(value):
        return False
    if birth_date_of(value) is None:
        return False
    return id18_check_char(value[:17]) == value[17]


def gender_of(id18: str) -> str:
    """M for an odd sequence number, F for even."""
    return "M" if int(id18[16]) % 2 == 1 else "F"


def region_of(id18: str) -> str:
    """The 6-digit administrative division code at the start of the ID."""
    return id18[:6]


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(value: str | None) -> str | None:
    """Trim and upper-case a credit code; empty gives None."""
    if value is None:
        return None
    cleaned = value.strip().replace(" ", "").upper()
    return cleaned or None


def is_valid_uscc(value: str | None) -> bool:
    """Alphabet, layout and check character of an (already normalised) credit code."""
    if value is None or not _USCC.match(value):
        return False
    return uscc_check_char(value[:17]) == value[17]
