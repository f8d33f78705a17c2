"""Demo accounts: a county procuratorate, its township units and one user of every role.

    tree = {"code": "141181", "level": "county", "name_zh": "孝义市", "name_en": "Xiaoyi",
            "children": [{"code": "141181100", "level": "township", "name_zh": "东镇",
                          "children": [{"code": "141181100201", "level": "village", "name_zh": "东村"}]}]}
    credentials = seed_demo(session, region_tree=tree)   # the caller prints them, then commits

`region_tree` is one region with nested `children` (keys: code, level, name_zh, optional
name_en); regions whose code already exists are reused, so the tree may be seeded after
the clues' regions or before. The county node (the first node of level "county", else the
root) gets the procuratorate; each township below it gets a supervision office. Passwords
are random on every run: a demo database is never left with a known password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.regions.models import Region, RegionLevel, Unit
from qingfeng.regions.service import add_region, add_unit
from qingfeng.users import passwords
from qingfeng.users.models import Role
from qingfeng.users.service import create_user, find_user


@dataclass(frozen=True)
class DemoCredential:
    username: str
    password: str
    role: str
    unit: str

    def line(self) -> str:
        return f"{self.username:<18} {self.password:<18} {self.role:<14} {self.unit}"


def _region(session: Session, node: dict[str, Any], parent: Region | None) -> Region:
    existing = session.scalars(select(Region).where(Region.code == str(node["code"]))).first()
    if existing is not None:
        return existing
    return add_region(
        session,
        code=str(node["code"]),
        level=str(node["level"]),
        name_zh=str(node["name_zh"]),
        name_en=str(node.get("name_en", "")),
        parent=parent,
    )


def _walk(session: Session, node: dict[str, Any], parent: Region | None, out: list[Region]) -> None:
    region = _region(session, node, parent)
    out.append(region)
    for child in node.get("children", []):
        _walk(session, child, region, out)


def _unit(session: Session, region: Region, name_zh: str, name_en: str, parent: Unit | None) -> Unit:
    existing = session.scalars(
        select(Unit).where(Unit.region_id == region.id, Unit.name_zh == name_zh)
    ).first()
    return existing or add_unit(session, name_zh=name_zh, name_en=name_en, region=region, parent=parent)


def _account(session: Session, username: str, role: Role, unit: Unit) -> DemoCredential | None:
    if find_user(session, username) is not None:
        return None  # seeded before: its password was printed then, keep it
    password = passwords.random_password()
    create_user(
        session, username=username, password=password, role=role, unit_id=unit.id, display_name=username
    )
    return DemoCredential(username, password, role.value, unit.name_zh)


def seed_demo(session: Session, *, region_tree: dict[str, Any]) -> list[DemoCredential]:
    """Regions, units and demo users (see the module docstring); returns the new credentials."""
    regions: list[Region] = []
    _walk(session, region_tree, None, regions)
    county = next((r for r in regions if r.level == RegionLevel.COUNTY.value), regions[0])
    procuratorate = _unit(
        session, county, f"{county.name_zh}人民检察院", f"{county.name_en} Procuratorate", None
    )
    townships = [r for r in regions if r.level == RegionLevel.TOWNSHIP.value and r.parent_id == county.id]
    offices = [
        _unit(
            session,
            t,
            f"{t.name_zh}纪检监察办公室",
            f"{t.name_en or t.code} Supervision Office",
            procuratorate,
        )
        for t in townships
    ]
    plan: list[tuple[str, Role, Unit]] = [
        ("admin", Role.ADMINISTRATOR, procuratorate),
        ("leader", Role.LEADER, procuratorate),
        ("handler", Role.HANDLER, procuratorate),
        ("handler2", Role.HANDLER, procuratorate),
        ("analyst", Role.ANALYST, procuratorate),
        ("viewer", Role.VIEWER, procuratorate),
    ]
    for number, office in enumerate(offices[:2], 1):
        plan += [
            (f"town{number}_leader", Role.LEADER, office),
            (f"town{number}_handler", Role.HANDLER, office),
        ]
    created = [_account(session, username, role, unit) for username, role, unit in plan]
    session.flush()
    return [c for c in created if c is not None]
