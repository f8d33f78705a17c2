"""Request dependencies: the signed-in user, permission checks, page rendering.

A session cookie carries the user's id and a stamp derived from their password hash,
so changing a password (or deactivating the user) ends every session of that user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from qingfeng.cases import flows
from qingfeng.clues.models import Clue
from qingfeng.db.base import utcnow
from qingfeng.users.models import User
from qingfeng.users.permissions import Action, allowed
from qingfeng.web.db import get_db
from qingfeng.web.i18n import LANG_COOKIE, pick_language, translator
from qingfeng.web.security import session_csrf_token


class LoginRequired(Exception):
    """No signed-in user: pages redirect to the login form, the API answers 401."""


def session_stamp(user: User) -> str:
    """A short digest of the password hash: it changes when the password does."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def optional_user(request: Request, db: Session = Depends(get_db)) -> User | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    user = db.get(User, user_id)
    if user is None or not user.active or request.session.get("stamp") != session_stamp(user):
        request.session.clear()
        return None
    return user


def current_user(user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise LoginRequired()
    return user


def require(action: Action) -> Callable[..., User]:
    """A dependency that gives the user when their role allows `action`, else answers 403."""

    def dependency(user: User = Depends(current_user)) -> User:
        if not allowed(user.role, action):
            raise HTTPException(status_code=403, detail="forbidden")
        return user

    dependency.__name__ = f"require_{action.value.replace('.', '_')}"
    return dependency


def language(request: Request) -> str:
    return pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def state_label(state: str, lang: str) -> str:
    """A workflow state's name in the UI language (the raw value for an unknown state)."""
    info = next((i for s, i in flows.STATES.items() if s.value == state), None)
    if info is None:
        return state
    return info.zh if lang == "zh" else info.en


def is_overdue(clue: Clue, now: datetime) -> bool:
    return clue.due_at is not None and clue.due_at < now and clue.state not in flows.LOCKED_STATES


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page from templates/, with the translator, the CSRF token and the user's permissions."""
    templates: Jinja2Templates = request.app.state.templates
    lang = language(request)
    now = utcnow()
    base: dict[str, Any] = {
        "lang": lang,
        "t": translator(lang),
        "csrf_token": session_csrf_token(request),
        "user": user,
        "can": (lambda action: user is not None and allowed(user.role, Action(action))),
        "now": now,
        "state_label": lambda state: state_label(state, lang),
        "is_overdue": lambda clue: is_overdue(clue, now),
    }
    base.update(context or {})
    response = templates.TemplateResponse(request, template, base, status_code=status_code)
    response.headers["Vary"] = "HX-Request, Cookie, Accept-Language"
    return response
