"""My account (every signed-in user): change the password, switch the TOTP second factor on or off.

Enrolment takes two steps so that a mistyped secret never locks anyone out: `enrol` keeps a
random nonce in the session and shows the secret derived from it (text and a server-drawn
QR code); `confirm` switches the factor on only with a valid code for that secret. The secret
is never in a URL, a cookie or a log. Wrong current passwords and codes count towards the
lock-out like failed logins; the one that locks the account also ends this session.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from qingfeng.users import accounts, totp
from qingfeng.users.models import User
from qingfeng.users.service import AccountError, CredentialRefused
from qingfeng.web.db import get_db, request_database
from qingfeng.web.deps import current_user, render, session_stamp
from qingfeng.web.qr import qr_svg
from qingfeng.web.security import rotate_csrf_token

router = APIRouter(prefix="/account", include_in_schema=False)

ENROL_KEY = "totp_enrol"
NOTICE_KEY = "account_notice"
ENROL_SECONDS = 600
"""How long an enrolment may wait between showing the secret and confirming a code."""


def _pending_secret(request: Request, user: User) -> str | None:
    """The secret being enrolled in this session, derived again from its nonce; None when there
    is no enrolment, it is older than ENROL_SECONDS, or TOTP is already on."""
    pending = request.session.get(ENROL_KEY)
    if user.totp_secret or not isinstance(pending, dict):
        return None
    nonce, since, user_id = pending.get("nonce"), pending.get("at"), pending.get("uid")
    if not isinstance(nonce, str) or not isinstance(since, int) or user_id != user.id:
        return None
    if time.time() - since > ENROL_SECONDS:
        return None
    key: bytes = request.app.state.enrolment_key
    return totp.enrolment_secret(key, user_id=user.id, nonce=nonce)


def _grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _page(request: Request, user: User, *, error: str | None = None, status_code: int = 200) -> Response:
    secret = _pending_secret(request, user)
    context: dict[str, Any] = {
        "totp_on": bool(user.totp_secret),
        "secret": _grouped(secret) if secret else None,
        "qr": qr_svg(totp.provisioning_uri(secret, user.username), title="otpauth") if secret else None,
        "notice": request.session.pop(NOTICE_KEY, None),
        "error": error,
    }
    return render(request, "account/account.html", context, user=user, status_code=status_code)


def _done(request: Request, notice: str) -> Response:
    request.session[NOTICE_KEY] = notice
    return RedirectResponse("/account", status_code=303)


def _refused(request: Request, user: User, error: CredentialRefused) -> Response:
    """A wrong current password or code: the count and its audit entry are committed; the
    failure that locks the account ends the session too."""
    request_database(request).commit_on_error = True
    if error.locked:
        request.session.clear()
        return render(request, "auth/login.html", {"error_key": "login.refused"}, status_code=401)
    return _page(request, user, error=str(error), status_code=400)


@router.get("")
def account_page(request: Request, user: User = Depends(current_user)) -> Response:
    return _page(request, user)


@router.post("/password")
def change_password(
    request: Request,
    current_password: str = Form(..., max_length=1000),
    new_password: str = Form(..., max_length=1000),
    new_password_again: str = Form(..., max_length=1000),
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
) -> Response:
    if new_password != new_password_again:
        return _page(
            request, user, error="两次输入的新密码不一致 / the new passwords differ", status_code=400
        )
    try:
        accounts.change_password(db, user=user, current=current_password, new=new_password)
    except CredentialRefused as error:
        return _refused(request, user, error)
    except AccountError as error:
        return _page(request, user, error=str(error), status_code=400)
    # The new hash changes the session stamp: every other session of this user ends, this one
    # is carried over with a fresh CSRF token.
    request.session["stamp"] = session_stamp(user)
    rotate_csrf_token(request)
    return _done(request, "account.password_changed")


@router.post("/totp/enrol")
def totp_enrol(request: Request, user: User = Depends(current_user)) -> Response:
    if user.totp_secret:
        return _page(
            request, user, error="动态验证码已启用 / the one-time code is already on", status_code=400
        )
    request.session[ENROL_KEY] = {"uid": user.id, "nonce": secrets.token_urlsafe(24), "at": int(time.time())}
    return RedirectResponse("/account", status_code=303)


@router.post("/totp/confirm")
def totp_confirm(
    request: Request,
    code: str = Form(..., max_length=20),
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
) -> Response:
    secret = _pending_secret(request, user)
    if secret is None:
        return _page(
            request,
            user,
            error="没有进行中的设置，请重新开始 / no set-up under way: start again",
            status_code=400,
        )
    if not accounts.confirm_totp(db, user=user, secret=secret, code=code):
        return _page(
            request,
            user,
            error="验证码不正确，动态验证码未启用 / wrong code: the one-time code stays off",
            status_code=400,
        )
    request.session.pop(ENROL_KEY, None)
    return _done(request, "account.totp_enabled")


@router.post("/totp/disable")
def totp_disable(
    request: Request,
    code: str = Form(..., max_length=20),
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
) -> Response:
    try:
        accounts.disable_totp(db, user=user, code=code)
    except CredentialRefused as error:
        return _refused(request, user, error)
    except AccountError as error:
        return _page(request, user, error=str(error), status_code=400)
    return _done(request, "account.totp_disabled")
