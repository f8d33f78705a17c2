"""A synthetic household register and weak records with known truth, to train the linkage model on.

The population is built from common surnames and given-name characters grouped
by reading, so that homophones (丽/莉/立, 伟/玮) and namesakes (two 王伟 born on
different days, or on the same day) occur as they do in a county. Weak records
carry the faults departments make: a mistyped or swapped ID digit, a dropped
digit, no ID at all, a homophone character, a birth date with one field wrong or
day and month swapped, no gender. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from qingfeng.contract.ids import id18_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "单解仇区查朴欧阳"
)
# Given-name characters; those in one group share a toneless reading.
HOMOPHONE_GROUPS = (
    "丽莉立力利",
    "伟玮维卫",
    "静晶婧菁",
    "敏闵",
    "军君均",
    "华桦",
    "红宏鸿洪",
    "燕艳雁彦",
    "玲琳林霖",
    "芳方",
    "杰洁捷",
    "磊蕾",
    "明鸣铭",
    "平萍",
    "涛韬",
    "波博",
    "斌彬宾",
    "娟鹃",
    "峰锋丰",
    "霞侠",
)
OTHER_GIVEN = "秀英强洋勇超刚桂兰国建文辉宇浩然欣怡梦雪子轩晨阳春海云飞鹏凯佳宁亮成志勤德福贵荣"
REGIONS = ("141181", "141182", "141102")
VILLAGES = tuple(f"{t}村" for t in "东西南北中前后上下新")


@dataclass(frozen=True)
class TrainingPerson:
    id_number: str
    name: str
    gender: str
    birth_date: date
    region_code: str
    village: str


@dataclass(frozen=True)
class TrainingRecord:
    person_id: str
    id_number: str | None
    name: str
    gender: str | None
    birth_date: date | None
    region_code: str | None
    village: str | None


def _given_chars() -> list[str]:
    return [c for group in HOMOPHONE_GROUPS for c in group] + list(OTHER_GIVEN)


def _homophone(char: str, rng: random.Random) -> str:
    for group in HOMOPHONE_GROUPS:
        if char in group:
            return rng.choice([c for c in group if c != char])
    return char


def make_id(region: str, born: date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + id18_check_char(first17)


def population(size: int, seed: int = 7) -> list[TrainingPerson]:
    """`size` people with valid, distinct IDs; names drawn so that namesakes are common."""
    rng = random.Random(seed)
    given = _given_chars()
    people: dict[str, TrainingPerson] = {}
    while len(people) < size:
        gender = rng.choice("MF")
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 85))
        region = rng.choice(REGIONS)
        sequence = rng.randrange(500) * 2 + (1 if gender == "M" else 0)
        id_number = make_id(region, born, sequence)
        name = rng.choice(SURNAMES[:-2]) + "".join(rng.choices(given, k=rng.choice((1, 2, 2))))
        people[id_number] = TrainingPerson(id_number, name, gender, born, region, rng.choice(VILLAGES))
    return list(people.values())


def _typo_id(id_number: str, rng: random.Random) -> str | None:
    fault = rng.choice(("digit", "digit", "swap", "drop", "empty", "empty"))
    if fault == "empty":
        return None
    pos = rng.randrange(17)
    if fault == "drop":
        return id_number[:pos] + id_number[pos + 1 :]
    if fault == "swap" and id_number[pos] != id_number[pos + 1]:
        return id_number[:pos] + id_number[pos + 1] + id_number[pos] + id_number[pos + 2 :]
    wrong = rng.choice([d for d in "0123456789" if d != id_number[pos]])
    return id_number[:pos] + wrong + id_number[pos + 1 :]


def _noisy_name(name: str, rng: random.Random) -> str:
    if rng.random() < 0.35:
        pos = rng.randrange(1, len(name))
        return name[:pos] + _homophone(name[pos], rng) + name[pos + 1 :]
    return name


def _noisy_birth(born: date, rng: random.Random) -> date | None:
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.08 and born.day <= 12 and born.day != born.month:
        return date(born.year, born.day, born.month)
    if roll < 0.14:
        return born.replace(year=born.year + rng.choice((-1, 1, -10, 10)))
    return born


def weak_records(people: list[TrainingPerson], count: int, seed: int = 11) -> list[TrainingRecord]:
    """`count` records of randomly chosen people, each with a wrong, short or missing ID and other faults."""
    rng = random.Random(seed)
    records = []
    for person in rng.sample(people, count):
        with_place = rng.random() < 0.3
        records.append(
            TrainingRecord(
                person_id=person.id_number,
                id_number=_typo_id(person.id_number, rng),
                name=_noisy_name(person.name, rng),
                gender=None if rng.random() < 0.03 else person.gender,
                birth_date=_noisy_birth(person.birth_date, rng),
                region_code=person.region_code if with_place else None,
                village=person.village if with_place else None,
            )
        )
    return records
