"""Administration pages (administrator only): users, units, regions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from qingfeng.regions.service import LEVELS
from qingfeng.users import service as accounts
from qingfeng.users.models import Role, User
from qingfeng.users.permissions import Action
from qingfeng.web import admin_ops
from qingfeng.web.admin_ops import AdminError, NewUser
from qingfeng.web.db import get_db
from qingfeng.web.deps import render, require

router = APIRouter(prefix="/admin", include_in_schema=False)


def _optional_id(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise HTTPException(status_code=400, detail="bad id")
    return int(value)


def _users_page(request: Request, db: Session, user: User, error: str | None = None) -> Response:
    context: dict[str, Any] = {
        "users": accounts.list_users(db),
        "units": admin_ops.all_units(db),
        "roles": [role.value for role in Role],
        "error": error,
    }
    return render(request, "admin/users.html", context, user=user, status_code=400 if error else 200)


@router.get("/users")
def users_page(
    request: Request, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_USERS))
) -> Response:
    return _users_page(request, db, user)


@router.post("/users")
def users_create(
    request: Request,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=1000),
    role: str = Form(...),
    unit_id: str = Form(""),
    display_name: str = Form("", max_length=200),
    person_id_number: str = Form("", max_length=18),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_USERS)),
) -> Response:
    new = NewUser(username, password, role, _optional_id(unit_id), display_name, person_id_number)
    try:
        admin_ops.create_user(db, actor=user, new=new)
    except AdminError as error:
        return _users_page(request, db, user, str(error))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}/active")
def users_set_active(
    request: Request,
    user_id: int,
    active: str = Form(...),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_USERS)),
) -> Response:
    try:
        admin_ops.set_user_active(db, actor=user, user_id=user_id, active=active == "1")
    except LookupError:
        raise HTTPException(status_code=404) from None
    except AdminError as error:
        return _users_page(request, db, user, str(error))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}/unlock")
def users_unlock(
    user_id: int, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_USERS))
) -> Response:
    try:
        admin_ops.unlock_user(db, actor=user, user_id=user_id)
    except LookupError:
        raise HTTPException(status_code=404) from None
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}/totp-reset")
def users_totp_reset(
    request: Request,
    user_id: int,
    reason: str = Form("", max_length=500),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_USERS)),
) -> Response:
    try:
        admin_ops.reset_user_totp(db, actor=user, user_id=user_id, reason=reason)
    except LookupError:
        raise HTTPException(status_code=404) from None
    except AdminError as error:
        return _users_page(request, db, user, str(error))
    return RedirectResponse("/admin/users", status_code=303)


def _units_page(request: Request, db: Session, user: User, error: str | None = None) -> Response:
    context = {"units": admin_ops.all_units(db), "regions": admin_ops.all_regions(db), "error": error}
    return render(request, "admin/units.html", context, user=user, status_code=400 if error else 200)


@router.get("/units")
def units_page(
    request: Request, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_UNITS))
) -> Response:
    return _units_page(request, db, user)


@router.post("/units")
def units_create(
    request: Request,
    name_zh: str = Form(..., max_length=200),
    name_en: str = Form("", max_length=200),
    region_id: int = Form(...),
    parent_id: str = Form(""),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_UNITS)),
) -> Response:
    try:
        admin_ops.create_unit(
            db,
            actor=user,
            name_zh=name_zh,
            name_en=name_en,
            region_id=region_id,
            parent_id=_optional_id(parent_id),
        )
    except AdminError as error:
        return _units_page(request, db, user, str(error))
    return RedirectResponse("/admin/units", status_code=303)


def _regions_page(request: Request, db: Session, user: User, error: str | None = None) -> Response:
    context = {"regions": admin_ops.all_regions(db), "levels": LEVELS, "error": error}
    return render(request, "admin/regions.html", context, user=user, status_code=400 if error else 200)


@router.get("/regions")
def regions_page(
    request: Request, db: Session = Depends(get_db), user: User = Depends(require(Action.ADMIN_REGIONS))
) -> Response:
    return _regions_page(request, db, user)


@router.post("/regions")
def regions_create(
    request: Request,
    code: str = Form(..., max_length=32),
    level: str = Form(...),
    name_zh: str = Form(..., max_length=200),
    name_en: str = Form("", max_length=200),
    parent_id: str = Form(""),
    db: Session = Depends(get_db),
    user: User = Depends(require(Action.ADMIN_REGIONS)),
) -> Response:
    try:
        admin_ops.create_region(
            db,
            actor=user,
            code=code,
            level=level,
            name_zh=name_zh,
            name_en=name_en,
            parent_id=_optional_id(parent_id),
        )
    except AdminError as error:
        return _regions_page(request, db, user, str(error))
    return RedirectResponse("/admin/regions", status_code=303)
