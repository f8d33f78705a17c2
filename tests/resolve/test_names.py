"""Pinyin keys: homophones meet, heteronym surnames read as surnames, bulk and single agree."""

from __future__ import annotations

import pytest

from qingfeng.resolve.names import clean_name, keys_for_names, name_keys, pinyin


@pytest.mark.parametrize(("a", "b"), [("王丽", "王莉"), ("王莉", "王立"), ("张伟", "张玮"), ("陳伟", "陈伟")])
def test_homophones_share_pinyin(a: str, b: str) -> None:
    assert pinyin(a) == pinyin(b)
    assert name_keys(a).name != name_keys(b).name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("单丽", "shan li"),
        ("曾伟", "zeng wei"),
        ("解放", "xie fang"),
        ("仇立", "qiu li"),
        ("区伟", "ou wei"),
        ("查莉", "zha li"),
        ("朴玮", "piao wei"),
        ("尉迟恭", "yu chi gong"),
    ],
)
def test_heteronym_surnames_read_as_surnames(name: str, expected: str) -> None:
    assert pinyin(name) == expected


def test_surname_reading_only_applies_to_the_first_character() -> None:
    assert pinyin("王单") == "wang dan"
    assert pinyin("单") == "dan"  # a lone character is no surname-plus-name


def test_near_homophones_differ_in_pinyin_but_share_the_fuzzy_key() -> None:
    assert pinyin("陈静") == "chen jing"
    assert pinyin("程静") == "cheng jing"
    assert name_keys("陈静").fuzzy == name_keys("程静").fuzzy == "cenjin"
    assert name_keys("张伟").fuzzy != name_keys("张磊").fuzzy


def test_clean_name_folds_full_width_and_separators() -> None:
    assert clean_name("张　伟") == "张伟"
    assert clean_name("阿不都·热合曼") == "阿不都热合曼"
    assert clean_name("ＡＢ") == "AB"
    assert pinyin("吕丽") == "lv li"


def test_bulk_keys_agree_with_single_keys() -> None:
    names = [
        "单丽",
        "欧阳娜娜",
        "张 伟",
        "陳伟",
        "吕丽",
        "王",
        "ＡＢ",
        "尉迟恭",
        "程静",
        "单单",
        "张单",
        "　",
        "欧阳",
    ]
    bulk = keys_for_names([*names, None])
    assert set(bulk) == set(names)
    for n in names:
        single = name_keys(n)
        assert bulk[n] == (single.name, single.pinyin, single.fuzzy)
