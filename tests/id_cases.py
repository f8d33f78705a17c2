"""Identity numbers and credit codes that every implementation of the contract's ID rules must judge
alike: the Python rules (`qingfeng.contract.ids`), the portable SQL (`qingfeng.contract.sql`) and
ingest's per-file dictionaries (`qingfeng.ingest.identities`). Each test compares its implementation
with the Python rules on these values and on values drawn by `id_like`."""

from __future__ import annotations

from hypothesis import strategies as st

from qingfeng.contract import ids

KNOWN_IDS = [
    "",
    "   ",
    "11010519491231002X",  # the GB 11643 example: valid
    "11010519491231002x",  # lower-case x: normalised, valid
    " 110105 19491231 002X ",  # spaces inside and around
    "\u3000110105194912310021\t",  # ideographic space and tab around, wrong check
    "110105491231002",  # 15 digits: widened to 11010519491231002X
    "11010519490230002X",  # 30 February: invalid birth date
    "11010519000229002X",  # 1900 is not a leap year
    "110105000012310021",  # year 0000
    "110105194912310020",  # wrong check character
    "91350100M000100Y43",  # a valid credit code
    "91350100m000100y43",  # lower-case credit code
    "91350100M000100Y44",  # wrong check character
    "9135010OM000100Y43",  # letter O is not in the alphabet
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits: not an ID
    "abc",
]

DIGITS = st.text(alphabet="0123456789", min_size=17, max_size=17)
USCC_CHARS = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17)
NOISE = st.text(alphabet="0123456789xXabIOZ -\t\u3000", max_size=20)


def id18(first17: str) -> str:
    """A valid ID: `first17` and its check character."""
    return first17 + ids.id18_check_char(first17)


def uscc(first17: str) -> str:
    """A valid credit code: `first17` and its check character."""
    return first17 + ids.uscc_check_char(first17)


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs and credit codes, 15-digit IDs, typos, case and spacing variants, noise."""
    first17 = draw(DIGITS)
    day = draw(st.dates())
    birth = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    base = first17[:6] + birth + first17[14:]
    kind = draw(st.sampled_from(["valid", "raw17", "typo", "id15", "noise", "uscc", "lower"]))
    if kind == "valid":
        value = id18(base)
    elif kind == "raw17":
        value = base + draw(st.sampled_from("0123456789Xx"))
    elif kind == "typo":
        value = id18(base)
        pos = draw(st.integers(0, 17))
        value = value[:pos] + draw(st.sampled_from("0123456789X")) + value[pos + 1 :]
    elif kind == "id15":
        value = first17[:6] + birth[2:] + first17[14:]
    elif kind == "uscc":
        value = uscc(draw(USCC_CHARS))
    elif kind == "lower":
        value = id18(base).lower()
    else:
        value = draw(NOISE)
    pad = st.text(alphabet=" \t\u3000", max_size=2)
    return draw(pad) + value + draw(pad)
