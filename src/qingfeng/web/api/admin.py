"""Administration over the API: users, units, regions (administrator only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from qingfeng.users import service as accounts
from qingfeng.users.models import User
from qingfeng.users.permissions import Action
from qingfeng.web import admin_ops
from qingfeng.web.admin_ops import AdminError, NewUser
from qingfeng.web.api.schemas import (
    ActiveIn,
    ReasonIn,
    RegionIn,
    RegionOut,
    UnitIn,
    UnitOut,
    UserIn,
    UserOut,
    region_out,
    unit_out,
    user_out,
)
from qingfeng.web.db import get_db
from qingfeng.web.deps import require

router = APIRouter(tags=["administration"])


def _bad(error: AdminError) -> HTTPException:
    return HTTPException(status_code=400, detail=str(error))


@router.get("/users", response_model=list[UserOut])
def api_users(
    db: Session = Depends(get_db), _user: User = Depends(require(Action.ADMIN_USERS))
) -> list[UserOut]:
    return [user_out(u) for u in accounts.list_users(db)]


@router.post("/users", response_model=UserOut, status_code=201)
def api_create_user(
    body: UserIn, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_USERS))
) -> UserOut:
    new = NewUser(
        body.username, body.password, body.role, body.unit_id, body.display_name, body.person_id_number
    )
    try:
        return user_out(admin_ops.create_user(db, actor=user, new=new))
    except AdminError as error:
        raise _bad(error) from None


@router.post("/users/{user_id}/active", response_model=UserOut)
def api_set_active(
    user_id: int,
    body: ActiveIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_USERS)),
) -> UserOut:
    try:
        return user_out(admin_ops.set_user_active(db, actor=user, user_id=user_id, active=body.active))
    except LookupError:
        raise HTTPException(status_code=404, detail="not found") from None
    except AdminError as error:
        raise _bad(error) from None


@router.post("/users/{user_id}/unlock", response_model=UserOut)
def api_unlock(
    user_id: int, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_USERS))
) -> UserOut:
    try:
        return user_out(admin_ops.unlock_user(db, actor=user, user_id=user_id))
    except LookupError:
        raise HTTPException(status_code=404, detail="not found") from None


@router.post("/users/{user_id}/totp-reset", response_model=UserOut)
def api_totp_reset(
    user_id: int,
    body: ReasonIn,
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_USERS)),
) -> UserOut:
    """Remove the user's TOTP second factor (a lost phone); `reason` is required and audited."""
    try:
        return user_out(admin_ops.reset_user_totp(db, actor=user, user_id=user_id, reason=body.reason))
    except LookupError:
        raise HTTPException(status_code=404, detail="not found") from None
    except AdminError as error:
        raise _bad(error) from None


@router.get("/units", response_model=list[UnitOut])
def api_units(
    db: Session = Depends(get_db), _user: User = Depends(require(Action.ADMIN_UNITS))
) -> list[UnitOut]:
    return [unit_out(u) for u in admin_ops.all_units(db)]


@router.post("/units", response_model=UnitOut, status_code=201)
def api_create_unit(
    body: UnitIn, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_UNITS))
) -> UnitOut:
    try:
        unit = admin_ops.create_unit(
            db,
            actor=user,
            name_zh=body.name_zh,
            name_en=body.name_en,
            region_id=body.region_id,
            parent_id=body.parent_id,
        )
    except AdminError as error:
        raise _bad(error) from None
    return unit_out(unit)


@router.get("/regions", response_model=list[RegionOut])
def api_regions(
    db: Session = Depends(get_db), _user: User = Depends(require(Action.ADMIN_REGIONS))
) -> list[RegionOut]:
    return [region_out(r) for r in admin_ops.all_regions(db)]


@router.post("/regions", response_model=RegionOut, status_code=201)
def api_create_region(
    body: RegionIn, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_REGIONS))
) -> RegionOut:
    try:
        region = admin_ops.create_region(
            db,
            actor=user,
            code=body.code,
            level=body.level,
            name_zh=body.name_zh,
            name_en=body.name_en,
            parent_id=body.parent_id,
        )
    except AdminError as error:
        raise _bad(error) from None
    return region_out(region)
