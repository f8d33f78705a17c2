"""The web application: `create_app(settings)` builds a FastAPI app for one clue store.

    app = create_app(get_settings())             # engine from settings.database_url
    app = create_app(settings, session_factory=f) # tests: an existing sessionmaker

Middleware, outermost first: request log (no identities), secure headers, signed session
cookie (HttpOnly, SameSite=Strict), one database session per request. Every POST, PUT,
PATCH and DELETE passes the CSRF check (an app-wide dependency).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from qingfeng.db.session import make_engine
from qingfeng.db.session import session_factory as make_session_factory
from qingfeng.settings import Settings
from qingfeng.web.db import DatabaseSessionMiddleware
from qingfeng.web.deps import LoginRequired, render
from qingfeng.web.security import RequestLogMiddleware, SecureHeadersMiddleware, csrf_protect

HERE = Path(__file__).parent
SESSION_COOKIE = "qf_session"
API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class WebOptions:
    """Web settings not (yet) in the shared Settings; read from it when present."""

    cookie_secure: bool = False
    """Send the session cookie over HTTPS only: set it when the intranet server has TLS."""
    session_hours: int = 8
    login_floor_seconds: float = 0.4
    """Every login answer takes at least this long, so timing tells nothing."""

    @classmethod
    def from_settings(cls, settings: Settings) -> WebOptions:
        return cls(
            cookie_secure=settings.cookie_secure,
            session_hours=settings.session_hours,
            login_floor_seconds=settings.login_floor_seconds,
        )


@functools.cache
def _templates() -> Jinja2Templates:
    """One template environment a process: templates compile once, not once per app."""
    return Jinja2Templates(directory=str(HERE / "templates"))


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session] | None = None,
    options: WebOptions | None = None,
) -> FastAPI:
    """The Qingfeng web app: pages, the JSON API under /api/v1, static files, offline /docs."""
    options = options or WebOptions.from_settings(settings)
    factory = session_factory or make_session_factory(make_engine(settings.database_url))
    app = FastAPI(
        title="Qingfeng API / 清风接口",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        dependencies=[Depends(csrf_protect)],
    )
    app.state.options = options
    # Derives the secrets offered during TOTP enrolment (views/account.py); never the raw key.
    app.state.enrolment_key = hmac.new(
        settings.secret_key.encode(), b"qingfeng-totp-enrolment", hashlib.sha256
    ).digest()
    app.state.templates = _templates()
    app.add_middleware(DatabaseSessionMiddleware, factory=factory)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=options.session_hours * 3600,
        same_site="strict",
        https_only=options.cookie_secure,
    )
    app.add_middleware(SecureHeadersMiddleware)
    app.add_middleware(RequestLogMiddleware)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_error_handlers(app)
    _include_routers(app)
    return app


def _include_routers(app: FastAPI) -> None:
    from qingfeng.web.api import router as api_router
    from qingfeng.web.views import account, admin, auth, clues, docs

    app.include_router(auth.router)
    app.include_router(account.router)
    app.include_router(clues.router)
    app.include_router(admin.router)
    app.include_router(docs.router)
    app.include_router(api_router.router, prefix=API_PREFIX)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


_ERROR_KEYS = {400: "error.400", 403: "error.403", 404: "error.404", 422: "error.400"}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        if request.headers.get("hx-request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        key = "error.csrf" if exc.detail == "csrf" else _ERROR_KEYS.get(exc.status_code, "error.title")
        return render(request, "errors/error.html", {"message_key": key}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
            return JSONResponse({"detail": errors}, status_code=422)
        return render(request, "errors/error.html", {"message_key": "error.400"}, status_code=400)
