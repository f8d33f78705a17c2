"""Administration shared by the pages and the API: users, units and regions.

The administrator manages the whole installation (one county or one city); there is no
per-jurisdiction administrator. Each function checks its input, changes the session,
writes the audit entry and raises `AdminError` with a bilingual message when refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qingfeng.audit import service as audit
from qingfeng.regions import service as regions
from qingfeng.regions.models import Region, Unit
from qingfeng.users import accounts as user_accounts
from qingfeng.users import service as accounts
from qingfeng.users.models import User


class AdminError(ValueError):
    """Refused administration request; the message is bilingual."""


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    role: str
    unit_id: int | None
    display_name: str = ""
    person_id_number: str | None = None


def create_user(db: Session, *, actor: User, new: NewUser) -> User:
    try:
        user = accounts.create_user(
            db,
            username=new.username,
            password=new.password,
            role=new.role,
            unit_id=new.unit_id,
            display_name=new.display_name,
            person_id_number=new.person_id_number or None,
        )
    except accounts.AccountError as error:
        raise AdminError(str(error)) from None
    details = {"username": user.username, "role": user.role, "unit_id": user.unit_id}
    audit.append(
        db, actor=actor, action="user.create", object_type="user", object_id=user.id, details=details
    )
    return user


def _user(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    return user


def set_user_active(db: Session, *, actor: User, user_id: int, active: bool) -> User:
    user = _user(db, user_id)
    if user.id == actor.id and not active:
        raise AdminError("不能停用自己的账户 / you cannot deactivate your own account")
    accounts.set_active(user, active)
    audit.append(
        db,
        actor=actor,
        action="user.set_active",
        object_type="user",
        object_id=user.id,
        details={"active": active},
    )
    return user


def unlock_user(db: Session, *, actor: User, user_id: int) -> User:
    user = _user(db, user_id)
    accounts.unlock(user)
    audit.append(db, actor=actor, action="user.unlock", object_type="user", object_id=user.id, details={})
    return user


def reset_user_totp(db: Session, *, actor: User, user_id: int, reason: str) -> User:
    """Removes a user's second factor (a lost phone); the reason is required and audited."""
    user = _user(db, user_id)
    try:
        user_accounts.reset_totp(db, actor=actor, user=user, reason=reason)
    except accounts.AccountError as error:
        raise AdminError(str(error)) from None
    return user


def create_unit(
    db: Session, *, actor: User, name_zh: str, name_en: str, region_id: int, parent_id: int | None
) -> Unit:
    region = db.get(Region, region_id)
    if region is None:
        raise AdminError(f"未知地区 / unknown region: {region_id}")
    parent = db.get(Unit, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise AdminError(f"未知上级单位 / unknown parent unit: {parent_id}")
    if not name_zh.strip():
        raise AdminError("必须填写中文名称 / the Chinese name is required")
    unit = regions.add_unit(
        db, name_zh=name_zh.strip(), name_en=name_en.strip(), region=region, parent=parent
    )
    details = {"name_zh": unit.name_zh, "region_id": region.id, "parent_id": parent_id}
    audit.append(
        db, actor=actor, action="unit.create", object_type="unit", object_id=unit.id, details=details
    )
    return unit


def create_region(
    db: Session, *, actor: User, code: str, level: str, name_zh: str, name_en: str, parent_id: int | None
) -> Region:
    parent = db.get(Region, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise AdminError(f"未知上级地区 / unknown parent region: {parent_id}")
    code = code.strip()
    if not code or not name_zh.strip():
        raise AdminError("必须填写区划代码和中文名称 / the division code and Chinese name are required")
    if db.scalar(select(Region.id).where(Region.code == code)) is not None:
        raise AdminError(f"区划代码已存在 / division code already exists: {code}")
    try:
        region = regions.add_region(
            db, code=code, level=level, name_zh=name_zh.strip(), name_en=name_en.strip(), parent=parent
        )
    except ValueError as error:
        raise AdminError(str(error)) from None
    details = {"code": code, "level": level, "parent_id": parent_id}
    audit.append(
        db, actor=actor, action="region.create", object_type="region", object_id=region.id, details=details
    )
    return region


def all_units(db: Session) -> list[Unit]:
    return list(db.scalars(select(Unit).order_by(Unit.id)))


def all_regions(db: Session) -> list[Region]:
    return list(db.scalars(select(Region).order_by(Region.path)))
