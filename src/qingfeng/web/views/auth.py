"""Login (password, then the TOTP code when the account has one), logout, language switch."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from qingfeng.users import accounts
from qingfeng.users import service as auth_service
from qingfeng.users.models import User
from qingfeng.users.permissions import Action, allowed
from qingfeng.users.service import LoginOutcome, LoginResult
from qingfeng.web.db import get_db, request_database
from qingfeng.web.deps import optional_user, render, session_stamp
from qingfeng.web.i18n import LANG_COOKIE, LANGUAGES
from qingfeng.web.security import rotate_csrf_token

router = APIRouter(include_in_schema=False)

PENDING_SECONDS = 300
"""How long the TOTP step may wait after the password step."""


@contextmanager
def login_floor(request: Request) -> Iterator[None]:
    """Makes every login answer take about the same time (a floor plus a little jitter),
    whatever the outcome, so response time says nothing about accounts or passwords."""
    started = time.monotonic()
    try:
        yield
    finally:
        floor = float(request.app.state.options.login_floor_seconds)
        jitter = secrets.randbelow(50) / 1000 if floor > 0 else 0.0
        remaining = floor + jitter - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


def start_session(request: Request, db: Session, user: User) -> None:
    """A fresh session for `user`: old contents dropped, a new CSRF token, the login audited."""
    request.session.clear()
    request.session["uid"] = user.id
    request.session["stamp"] = session_stamp(user)
    rotate_csrf_token(request)
    accounts.audit_login_success(db, user, second_factor=bool(user.totp_secret))


def note_refusal(request: Request, db: Session, result: LoginResult, *, step: str) -> None:
    """A refused login step: audited, and committed despite the error status so that the
    failure count (and the lock-out) sticks."""
    accounts.audit_login(db, result, step=step)
    request_database(request).commit_on_error = True


def home_for(user: User) -> str:
    return "/clues" if allowed(user.role, Action.CLUE_READ) else "/admin/users"


@router.get("/")
def home(user: User | None = Depends(optional_user)) -> Response:
    return RedirectResponse(home_for(user) if user else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, user: User | None = Depends(optional_user)) -> Response:
    if user is not None:
        return RedirectResponse(home_for(user), status_code=303)
    return render(request, "auth/login.html", {"error_key": None})


@router.post("/login")
def login(
    request: Request,
    username: str = Form(..., max_length=200),
    password: str = Form(..., max_length=1000),
    db: Session = Depends(get_db),
) -> Response:
    with login_floor(request):
        result = auth_service.authenticate_password(db, username=username, password=password)
        if result.outcome is LoginOutcome.REFUSED or result.user is None:
            note_refusal(request, db, result, step="password")
            return render(request, "auth/login.html", {"error_key": "login.refused"}, status_code=401)
        if result.outcome is LoginOutcome.NEED_TOTP:
            request.session.clear()
            request.session["pending_uid"] = result.user.id
            request.session["pending_at"] = int(time.time())
            rotate_csrf_token(request)
            return RedirectResponse("/login/totp", status_code=303)
        start_session(request, db, result.user)
        return RedirectResponse(home_for(result.user), status_code=303)


def _pending_user_id(request: Request) -> int | None:
    user_id, since = request.session.get("pending_uid"), request.session.get("pending_at")
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    return user_id if time.time() - since <= PENDING_SECONDS else None


@router.get("/login/totp")
def totp_form(request: Request) -> Response:
    if _pending_user_id(request) is None:
        return render(request, "auth/login.html", {"error_key": "login.expired"}, status_code=401)
    return render(request, "auth/totp.html", {"error_key": None})


@router.post("/login/totp")
def totp_submit(
    request: Request, code: str = Form(..., max_length=20), db: Session = Depends(get_db)
) -> Response:
    with login_floor(request):
        user_id = _pending_user_id(request)
        if user_id is None:
            request.session.clear()
            return render(request, "auth/login.html", {"error_key": "login.expired"}, status_code=401)
        result = auth_service.authenticate_totp(db, user_id=user_id, code=code)
        if result.outcome is not LoginOutcome.OK or result.user is None:
            note_refusal(request, db, result, step="totp")
            if result.locked:
                request.session.clear()
                return render(request, "auth/login.html", {"error_key": "login.refused"}, status_code=401)
            return render(request, "auth/totp.html", {"error_key": "login.totp_refused"}, status_code=401)
        start_session(request, db, result.user)
        return RedirectResponse(home_for(result.user), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/lang")
def switch_language(request: Request, lang: str = Form(...), back: str = Form("/")) -> Response:
    """Sets the language cookie and goes back to the page (a local path only: no open redirect)."""
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict", httponly=True)
    return response
