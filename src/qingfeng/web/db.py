"""One database session per request, committed once when the view has answered.

The session is opened lazily (a static file or a refused request opens none) and is
finished just before the response starts: committed when the status is below 400 (or
when the view asked for a commit despite an error status, as a failed login does to
count the failure), rolled back otherwise. A change and its audit entry therefore land
together or not at all, and a commit that fails turns the answer into a 500 instead of
a success the database never saw.
"""

from __future__ import annotations

import logging

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("qingfeng.web")

_STATE_KEY = "qingfeng_db"
_FAILURE_BODY = "保存失败 / commit failed".encode()


class RequestDatabase:
    """The lazily opened session of one request and what to do with it at the end."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._session: Session | None = None
        self.commit_on_error = False

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._factory()
        return self._session

    def finish(self, status: int) -> bool:
        """Commits or rolls back and closes; False when the commit failed."""
        if self._session is None:
            return True
        try:
            if status < 400 or self.commit_on_error:
                self._session.commit()
            else:
                self._session.rollback()
            return True
        except Exception:
            log.exception("commit failed")
            self._session.rollback()
            return False
        finally:
            self._session.close()
            self._session = None


class DatabaseSessionMiddleware:
    def __init__(self, app: ASGIApp, factory: sessionmaker[Session]) -> None:
        self.app = app
        self.factory = factory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        database = RequestDatabase(self.factory)
        scope.setdefault("state", {})[_STATE_KEY] = database
        failed = False
        finished = False

        async def send_after_commit(message: Message) -> None:
            nonlocal failed, finished
            if message["type"] == "http.response.start" and not finished:
                finished = True
                failed = not await run_in_threadpool(database.finish, int(message["status"]))
                if failed:
                    message = _failure_start()
            elif message["type"] == "http.response.body" and failed:
                if message.get("more_body", False):
                    return
                message = {
                    "type": "http.response.body",
                    "body": _FAILURE_BODY,
                }
            await send(message)

        try:
            await self.app(scope, receive, send_after_commit)
        finally:
            if not finished:
                await run_in_threadpool(database.finish, 500)


def _failure_start() -> Message:
    return {
        "type": "http.response.start",
        "status": 500,
        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
    }


def request_database(request: Request) -> RequestDatabase:
    database = request.scope.get("state", {}).get(_STATE_KEY)
    if not isinstance(database, RequestDatabase):
        raise RuntimeError("DatabaseSessionMiddleware is not installed")
    return database


def get_db(request: Request) -> Session:
    """FastAPI dependency: the request's session (never commit it yourself)."""
    return request_database(request).session
