"""Test data of the clue store shared by the tests (and by the fixtures in conftest.py):
a small region tree with units and users, and clue lines as the models write them.

A module of its own, not conftest.py, so tests can import it by a name no other conftest shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qingfeng.regions.models import Region, Unit
from qingfeng.regions.service import add_region, add_unit
from qingfeng.users.models import Role, User


@dataclass
class World:
    """Province 山西 > city 吕梁 > counties 孝义 (141181) and 汾阳 (141182).

    孝义 has townships 东镇 (villages 东村, 北村), 西镇 (village 西村) and 南镇; 汾阳 has 汾镇 (汾村).
    Units, one per region that handles clues: city, both counties, the three townships of 孝义,
    汾镇, and the village office of 东村. Users are keyed by name in `users`.
    """

    regions: dict[str, Region] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


_TREE = [
    # (key, code, level, zh, en, parent key)
    ("province", "140000", "province", "山西省", "Shanxi", None),
    ("city", "141100", "city", "吕梁市", "Lüliang", "province"),
    ("xiaoyi", "141181", "county", "孝义市", "Xiaoyi", "city"),
    ("fenyang", "141182", "county", "汾阳市", "Fenyang", "city"),
    ("east_town", "141181100", "township", "东镇", "East Town", "xiaoyi"),
    ("west_town", "141181101", "township", "西镇", "West Town", "xiaoyi"),
    ("south_town", "141181102", "township", "南镇", "South Town", "xiaoyi"),
    ("fen_town", "141182100", "township", "汾镇", "Fen Town", "fenyang"),
    ("east_village", "141181100201", "village", "东村", "East Village", "east_town"),
    ("north_village", "141181100202", "village", "北村", "North Village", "east_town"),
    ("west_village", "141181101201", "village", "西村", "West Village", "west_town"),
    ("fen_village", "141182100201", "village", "汾村", "Fen Village", "fen_town"),
]

_UNITS = [
    # (key, zh, en, region key, parent unit key)
    ("city", "吕梁市检察院", "Lüliang Procuratorate", "city", None),
    ("xiaoyi", "孝义市检察院", "Xiaoyi Procuratorate", "xiaoyi", "city"),
    ("fenyang", "汾阳市检察院", "Fenyang Procuratorate", "fenyang", "city"),
    ("east_town", "东镇纪委", "East Town Office", "east_town", "xiaoyi"),
    ("west_town", "西镇纪委", "West Town Office", "west_town", "xiaoyi"),
    ("south_town", "南镇纪委", "South Town Office", "south_town", "xiaoyi"),
    ("fen_town", "汾镇纪委", "Fen Town Office", "fen_town", "fenyang"),
    ("east_village", "东村监督站", "East Village Station", "east_village", "east_town"),
]

_USERS = [
    # (username, role, unit key, person id number, home village key)
    ("city_leader", Role.LEADER, "city", None, None),
    ("county_leader", Role.LEADER, "xiaoyi", None, None),
    ("county_handler", Role.HANDLER, "xiaoyi", "141181198001010011", None),
    ("county_analyst", Role.ANALYST, "xiaoyi", None, None),
    ("county_viewer", Role.VIEWER, "xiaoyi", None, None),
    ("east_leader", Role.LEADER, "east_town", None, None),
    ("east_handler", Role.HANDLER, "east_town", "141181199001010022", "east_village"),
    ("east_handler2", Role.HANDLER, "east_town", "141181199101010033", None),
    ("west_leader", Role.LEADER, "west_town", None, None),
    ("west_handler", Role.HANDLER, "west_town", "141181199201010044", None),
    ("fenyang_leader", Role.LEADER, "fenyang", None, None),
    ("village_handler", Role.HANDLER, "east_village", None, None),
    ("admin", Role.ADMINISTRATOR, "xiaoyi", None, None),
]


def build_world(session: Session) -> World:
    world = World()
    for key, code, level, zh, en, parent in _TREE:
        parent_region = world.regions[parent] if parent else None
        world.regions[key] = add_region(
            session, code=code, level=level, name_zh=zh, name_en=en, parent=parent_region
        )
    for key, zh, en, region, parent in _UNITS:
        parent_unit = world.units[parent] if parent else None
        world.units[key] = add_unit(
            session, name_zh=zh, name_en=en, region=world.regions[region], parent=parent_unit
        )
    for username, role, unit, person, home in _USERS:
        user = User(
            username=username,
            display_name=username,
            role=role.value,
            unit=world.units[unit],
            person_id_number=person,
            home_region=world.regions[home] if home else None,
        )
        session.add(user)
        world.users[username] = user
    session.flush()
    return world


SUBJECT = "141181194803120018"
"""The person most test clues are about: 王某 of 东村 (East Village), 东镇, 孝义."""
RELATIVE = "141181197505050027"


def clue_line(
    *,
    subject: str = SUBJECT,
    model: str = "pension_after_death",
    evidence: tuple[str, ...] = ("P000123",),
    amount: float | None = 1470.0,
    region_code: str = "141181",
    village: str = "东村",
    relatives: tuple[str, ...] = (RELATIVE,),
    **fields: object,
) -> dict[str, object]:
    """One clue line as a supervision model writes it, with the fields the tests vary."""
    line: dict[str, object] = {
        "model": model,
        "model_version": "1",
        "params": {},
        "subject": subject,
        "subject_kind": "person",
        "amount": amount,
        "score": 1.0,
        "evidence": [
            {"table": "pension_payments", "key": key, "link": {"method": "exact", "probability": 1.0}}
            for key in evidence
        ],
        "explanation": "王某于2023-05-09死亡；此后仍领取养老金",
        "explanation_en": "Wang died on 2023-05-09 and was paid a pension after",
        "title": "死亡后仍领取养老金",
        "title_en": "Pension paid after death",
        "sector": "social_security",
        "offence": "fraudulent_claims",
        "region_code": region_code,
        "village": village,
        "subjects": [
            {
                "kind": "person",
                "id": subject,
                "name": "王某",
                "region_code": region_code,
                "village": village,
                "relatives": list(relatives),
            }
        ],
    }
    line.update(fields)
    return line
