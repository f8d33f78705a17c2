"""Chinese names as entity resolution compares them: characters, toneless pinyin and a fuzzy pinyin key.

Two departments write one person's name differently: a homophone character
(丽/莉/立, 伟/玮), a traditional form (陳/陈), a full-width space or a middle dot
in a minority name. Comparing toneless pinyin catches all of these. DuckDB's
string distances count UTF-8 bytes, so distances are only ever taken on pinyin,
never on hanzi.

Readings come from pypinyin's single-character table (`pinyin_dict.json`, read
directly: importing pypinyin loads its phrase dictionary and costs 0.3 s), first
reading of each character, so that a character always reads the same way on
both sides of a comparison. The surname is read from `SURNAME_READINGS` first,
because the common reading of 单, 曾, 解, 仇, 区, 查, 朴... is not their surname reading.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

SURNAME_READINGS: dict[str, str] = {
    # compound surnames first: they are matched before single characters
    "万俟": "mo qi",
    "尉迟": "yu chi",
    "单于": "chan yu",
    "长孙": "zhang sun",
    "令狐": "ling hu",
    "澹台": "tan tai",
    # heteronym surnames whose common reading is not the surname reading
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "翟": "zhai",
    "覃": "qin",
    "尉": "yu",
    "员": "yun",
    "秘": "bi",
    "种": "chong",
    "黑": "he",
    "任": "ren",
    "华": "hua",
    "曲": "qu",
    "重": "chong",
    "召": "shao",
    "繁": "po",
    "句": "gou",
    "纪": "ji",
    "都": "du",
    "藏": "zang",
    "车": "che",
    "长": "chang",
    "沈": "shen",
    "石": "shi",
    "薄": "bo",
    "柏": "bai",
    "卜": "bu",
    "折": "she",
    "隗": "wei",
    "宓": "mi",
    "阚": "kan",
    "祭": "zhai",
    "莘": "shen",
    "谌": "chen",
    "便": "pian",
    "能": "nai",
    "过": "guo",
    "葛": "ge",
    "燕": "yan",
    "叶": "ye",
    "贾": "jia",
    "尹": "yin",
}

_SEPARATORS = frozenset(" \u3000·•．.・-_'")

# Southern and regional accents merge these; the fuzzy key folds them together.
_INITIAL_FOLDS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FINAL_FOLDS = (("ing", "in"), ("eng", "en"), ("ang", "an"))


@dataclass(frozen=True)
class NameKeys:
    """The forms of one name that comparisons use."""

    name: str
    """Characters only: NFKC (full-width to half-width), separators removed."""
    pinyin: str
    """Toneless pinyin, syllables separated by one space (ü written v)."""
    fuzzy: str
    """Pinyin with zh/z, ch/c, sh/s, n/l, -ing/-in, -eng/-en, -ang/-an folded, no spaces."""
    surname: str
    """Pinyin of the surname (compound surnames included)."""


@cache
def _reading_table() -> dict[str, str]:
    """Code point (decimal text) -> readings, comma-separated, most common first."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed; entity resolution needs its character table")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_CHAR_PINYIN: dict[str, str] = {}


def char_pinyin(char: str) -> str:
    """Toneless pinyin of one character; a character with no reading is kept as itself, lower-cased."""
    found = _CHAR_PINYIN.get(char)
    if found is None:
        reading = _reading_table().get(str(ord(char)))
        found = _CHAR_PINYIN[char] = _toneless(reading.split(",")[0]) if reading else char.lower()
    return found


def clean_name(name: str) -> str:
    """NFKC-normalise (full-width to half-width) and drop spaces and middle dots."""
    normal = unicodedata.normalize("NFKC", name)
    if _SEPARATORS.isdisjoint(normal):
        return normal
    return "".join(c for c in normal if c not in _SEPARATORS)


def _split_surname(name: str) -> tuple[str, str]:
    """The surname's reading and the rest of the name, using the surname table for the first characters."""
    for length in (2, 1):
        head = name[:length]
        if len(name) > length and head in SURNAME_READINGS:
            return SURNAME_READINGS[head], name[length:]
    return (char_pinyin(name[0]), name[1:]) if name else ("", "")


_FUZZY: dict[str, str] = {}


def fuzzy_syllable(syllable: str) -> str:
    """Fold the initials and finals that regional accents merge (cached: there are about 400 syllables)."""
    found = _FUZZY.get(syllable)
    if found is None:
        found = _FUZZY[syllable] = _fold(syllable)
    return found


def _fold(syllable: str) -> str:
    for long, short in _INITIAL_FOLDS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FINAL_FOLDS:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


@lru_cache(maxsize=262144)
def name_keys(name: str) -> NameKeys:
    """Every comparison form of a name, computed once per distinct name."""
    cleaned = clean_name(name)
    surname, given = _split_surname(cleaned)
    syllables = surname.split()
    syllables.extend(map(char_pinyin, given))
    return NameKeys(
        name=cleaned,
        pinyin=" ".join(syllables),
        fuzzy="".join(map(fuzzy_syllable, syllables)),
        surname=surname,
    )


def keys_for_names(names: Iterable[str | None]) -> dict[str, tuple[str, str, str]]:
    """(cleaned name, pinyin, fuzzy key) for each distinct name: `name_keys` in bulk.

    A name is read as its surname (the surname table's reading, else its first character's) and the
    rest. Both parts repeat far more than whole names (151,645 distinct names among 1,000,000 people,
    2,871 distinct given names), so each distinct part is read once: under 2 µs a name."""
    surnames = {k: (v, "".join(map(fuzzy_syllable, v.split()))) for k, v in SURNAME_READINGS.items()}
    plain: dict[str, tuple[str, str]] = {}
    found: dict[str, tuple[str, str, str]] = {}
    for raw in set(names):
        if raw is None:
            continue
        name = clean_name(raw)
        head: tuple[str, str] | None = None
        cut = 1
        for length in (2, 1):
            if len(name) > length and name[:length] in surnames:
                head, cut = surnames[name[:length]], length
                break
        head = head or _read_part(plain, name[:1])
        rest = _read_part(plain, name[cut:])
        pinyin = f"{head[0]} {rest[0]}" if head[0] and rest[0] else head[0] or rest[0]
        found[raw] = (name, pinyin, head[1] + rest[1])
    return found


def _read_part(cache: dict[str, tuple[str, str]], text: str) -> tuple[str, str]:
    """(pinyin, fuzzy) of text read character by character, from `cache` or read now."""
    found = cache.get(text)
    if found is None:
        syllables = [char_pinyin(c) for c in text]
        found = cache[text] = (" ".join(syllables), "".join(map(fuzzy_syllable, syllables)))
    return found


def pinyin(name: str) -> str:
    """Toneless pinyin of a name with the surname read as a surname: `pinyin('单丽') == 'shan li'`."""
    return name_keys(name).pinyin
