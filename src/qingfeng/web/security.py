"""HTTP hardening: secure headers, CSRF tokens, request logging without identities.

- CSP allows only this origin's files: no inline script or style anywhere, so every
  script and style is a static file (htmx and the Swagger UI are vendored under static/).
- CSRF is a synchronizer token kept in the signed session cookie; forms send it as the
  `csrf_token` field, HTMX and API clients as the `X-CSRF-Token` header. Every POST, PUT,
  PATCH and DELETE is checked by one app-wide dependency, so no route can forget it.
- The log line of a request has method, route template, status and time: never the
  client address, the user, the query string or a form value.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("qingfeng.web")

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

SECURE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


class SecureHeadersMiddleware:
    """Adds the secure headers to every response, and `Cache-Control: no-store` to every
    response but the static files (pages and API answers may hold case data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers.extend(SECURE_HEADERS)
                headers.append((b"cache-control", b"public, max-age=3600" if is_static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLogMiddleware:
    """One log line a request: method, route template (not the raw path), status, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "(unrouted)"
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope.get("method"), template, status, elapsed)


def session_csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def rotate_csrf_token(request: Request) -> str:
    request.session["csrf"] = secrets.token_urlsafe(32)
    return str(request.session["csrf"])


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: a state-changing request must carry the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    given: Any = request.headers.get(CSRF_HEADER)
    if not given and _is_form(request):
        form = await request.form()
        given = form.get(CSRF_FIELD)
    if not (isinstance(expected, str) and isinstance(given, str) and hmac.compare_digest(expected, given)):
        raise HTTPException(status_code=403, detail="csrf")


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
