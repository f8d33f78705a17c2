"""Account changes and logins, each written to the hash-chained audit log with its change.

    audit_login(session, result, step="password")          # after authenticate_password/totp
    change_password(session, user=u, current="…", new="…") # the user's own change
    confirm_totp(session, user=u, secret=s, code="123456")  # switch the second factor on
    disable_totp(session, user=u, code="123456")
    reset_totp(session, actor=admin, user=u, reason="手机遗失")
    reset_password(session, actor="system:cli", user=u, new="…")

The web pages and the CLI call these, never `service` directly for a change, so no change can
skip its audit entry. Nothing here commits: the request or command commits once. Entries name
the account by username; they never hold a password, a TOTP secret or code, or an address.

Decision: a failed login for a username that does not exist is logged without the name typed
(`"username": null`): that field often holds a password typed one box too early.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from qingfeng.audit import service as audit
from qingfeng.audit.service import Actor
from qingfeng.users import service
from qingfeng.users.models import User
from qingfeng.users.service import AccountError, CredentialRefused, LoginOutcome, LoginResult

ANONYMOUS = "anonymous"
"""The actor of a refused login: nobody has proved who they are."""


def _append(
    session: Session, *, actor: Actor, action: str, user: User, details: dict[str, Any] | None = None
) -> None:
    audit.append(
        session,
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.id,
        details={"username": user.username, **(details or {})},
    )


def _lockout(session: Session, user: User) -> None:
    until = user.locked_until.isoformat() if user.locked_until else None
    _append(
        session,
        actor="system:lockout",
        action="user.lockout",
        user=user,
        details={"failures": user.failed_logins, "locked_until": until},
    )


def audit_login(session: Session, result: LoginResult, *, step: str) -> None:
    """Logs a refused login step (`step` is "password" or "totp") and a lock-out it caused.
    A success is logged by `audit_login_success` once the session is opened."""
    if result.outcome is not LoginOutcome.REFUSED:
        return
    reason = result.failure.value if result.failure else "refused"
    if result.account is None:
        details = {"username": None, "step": step, "reason": reason}
        audit.append(
            session,
            actor=ANONYMOUS,
            action="user.login_failed",
            object_type="user",
            object_id="",
            details=details,
        )
        return
    failure = {"step": step, "reason": reason}
    _append(session, actor=ANONYMOUS, action="user.login_failed", user=result.account, details=failure)
    if result.newly_locked:
        _lockout(session, result.account)


def audit_login_success(session: Session, user: User, *, second_factor: bool) -> None:
    _append(session, actor=user, action="user.login", user=user, details={"totp": second_factor})


def _refused(session: Session, user: User, action: str, error: CredentialRefused) -> None:
    _append(session, actor=user, action=action, user=user, details={"locked": error.locked})
    if error.newly_locked:
        _lockout(session, user)


def change_password(
    session: Session, *, user: User, current: str, new: str, now: dt.datetime | None = None
) -> None:
    """Raises CredentialRefused (logged, counted: commit it anyway) or AccountError (weak)."""
    try:
        service.change_password(user, current=current, new=new, now=now)
    except CredentialRefused as error:
        _refused(session, user, "user.password_change_refused", error)
        raise
    _append(session, actor=user, action="user.password_change", user=user)


def reset_password(session: Session, *, actor: Actor, user: User, new: str) -> None:
    """An administrator sets a new password (and lifts a lock-out): for recovery on the server."""
    service.set_password(user, new)
    _append(session, actor=actor, action="user.password_reset", user=user)


def confirm_totp(
    session: Session, *, user: User, secret: str, code: str, now: dt.datetime | None = None
) -> bool:
    """True when the second factor is now on; False when the code was wrong (nothing changed)."""
    if not service.confirm_totp(user, secret=secret, code=code, now=now):
        return False
    _append(session, actor=user, action="user.totp_enrol", user=user)
    return True


def disable_totp(session: Session, *, user: User, code: str, now: dt.datetime | None = None) -> None:
    """Raises CredentialRefused (logged, counted: commit it anyway) or AccountError (not on)."""
    try:
        service.disable_totp(user, code=code, now=now)
    except CredentialRefused as error:
        _refused(session, user, "user.totp_disable_refused", error)
        raise
    _append(session, actor=user, action="user.totp_disable", user=user)


def reset_totp(session: Session, *, actor: Actor, user: User, reason: str) -> bool:
    """An administrator removes a user's second factor; the reason is required and logged.
    True when it was on (a reset of an account without one is logged too)."""
    reason = reason.strip()
    if not reason:
        raise AccountError("必须填写原因 / a reason is required")
    was_on = service.reset_totp(user)
    _append(
        session,
        actor=actor,
        action="user.totp_reset",
        user=user,
        details={"reason": reason, "was_on": was_on},
    )
    return was_on
