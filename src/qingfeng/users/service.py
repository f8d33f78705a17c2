"""Accounts: creating users, logging in with lock-out, the optional TOTP second factor.

Keyword-only functions that take a Session and never commit: the caller (a web request,
a CLI command) commits once. Failed attempts are counted on the user row, so the lock-out
holds across processes and restarts: after MAX_FAILURES wrong passwords or codes in a row
the account is locked for LOCK_DURATION, and while locked even the right password is
refused without saying whether it was right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qingfeng.db.base import utcnow
from qingfeng.regions.models import Unit
from qingfeng.users import passwords, totp
from qingfeng.users.models import Role, User

MAX_FAILURES = 5
LOCK_DURATION = dt.timedelta(minutes=15)
USERNAME_MAX = 100


class LoginFailure(StrEnum):
    """Why a login step was refused: written to the audit log, never shown at the form."""

    UNKNOWN_USER = "unknown_user"
    INACTIVE = "inactive"
    LOCKED = "locked"
    WRONG_PASSWORD = "wrong_password"
    WRONG_CODE = "wrong_code"
    NO_SECOND_FACTOR = "no_second_factor"
    """The code step of an account whose TOTP was reset between the two steps."""


class LoginOutcome(StrEnum):
    OK = "ok"
    NEED_TOTP = "need_totp"
    """Password right; the account has a second factor still to give."""
    REFUSED = "refused"
    """Unknown user, wrong password, wrong code, inactive or locked: the caller says the same to all."""


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user: User | None
    locked: bool = False
    """True when the account is (now) locked: for the audit log, not for the person at the form."""
    failure: LoginFailure | None = None
    account: User | None = None
    """The existing account the attempt named, refused or not: for the audit log only."""
    newly_locked: bool = False
    """This very failure locked the account (the audit log records the lock-out once)."""


class AccountError(ValueError):
    """A user cannot be created or changed as asked; the message is bilingual."""


class CredentialRefused(AccountError):
    """The current password or code given to change an account was wrong, or the account is
    locked. Counted like a failed login: a stolen session cannot guess the password here."""

    def __init__(self, message: str, *, locked: bool, newly_locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked
        self.newly_locked = newly_locked


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip()))


def is_locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _record_failure(user: User, now: dt.datetime) -> bool:
    """Counts one failure; locks the account at MAX_FAILURES. True when it is now locked."""
    if user.locked_until is not None and user.locked_until <= now:
        user.failed_logins, user.locked_until = 0, None  # an expired lock starts a fresh count
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + LOCK_DURATION
        return True
    return False


def _record_success(user: User) -> None:
    user.failed_logins, user.locked_until = 0, None


def authenticate_password(
    session: Session, *, username: str, password: str, now: dt.datetime | None = None
) -> LoginResult:
    """First step of a login. The hash is always checked (against a dummy for an unknown
    user) so that timing says nothing about which usernames exist."""
    now = now or utcnow()
    user = find_user(session, username) if len(username) <= USERNAME_MAX else None
    right = passwords.verify_password(user.password_hash if user else None, password)
    if user is None:
        return LoginResult(LoginOutcome.REFUSED, None, failure=LoginFailure.UNKNOWN_USER)
    if not user.active:
        return _refused(user, LoginFailure.INACTIVE)
    if is_locked(user, now):
        return _refused(user, LoginFailure.LOCKED, locked=True)
    if not right:
        return _refused_and_counted(user, LoginFailure.WRONG_PASSWORD, now)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    if user.totp_secret:
        return LoginResult(LoginOutcome.NEED_TOTP, user, account=user)
    _record_success(user)
    return LoginResult(LoginOutcome.OK, user, account=user)


def _refused(user: User, failure: LoginFailure, *, locked: bool = False) -> LoginResult:
    return LoginResult(LoginOutcome.REFUSED, None, locked=locked, failure=failure, account=user)


def _refused_and_counted(user: User, failure: LoginFailure, now: dt.datetime) -> LoginResult:
    newly_locked = _record_failure(user, now)
    return LoginResult(
        LoginOutcome.REFUSED,
        None,
        locked=newly_locked,
        failure=failure,
        account=user,
        newly_locked=newly_locked,
    )


def authenticate_totp(
    session: Session, *, user_id: int, code: str, now: dt.datetime | None = None
) -> LoginResult:
    """Second step: the code must be valid now and newer than the last one this user used."""
    now = now or utcnow()
    user = session.get(User, user_id)
    if user is None:
        return LoginResult(LoginOutcome.REFUSED, None, failure=LoginFailure.UNKNOWN_USER)
    if not user.active or not user.totp_secret:
        # Deactivated, or the second factor reset, between the two steps.
        return _refused(user, LoginFailure.NO_SECOND_FACTOR if user.active else LoginFailure.INACTIVE)
    if is_locked(user, now):
        return _refused(user, LoginFailure.LOCKED, locked=True)
    check = totp.check_code(user.totp_secret, code, now=now, last_used_step=user.totp_last_step)
    if not check.accepted:
        return _refused_and_counted(user, LoginFailure.WRONG_CODE, now)
    user.totp_last_step = check.step
    _record_success(user)
    return LoginResult(LoginOutcome.OK, user, account=user)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    unit_id: int | None = None,
    display_name: str = "",
    person_id_number: str | None = None,
) -> User:
    """A new active user; refuses a taken username, an unknown role or unit, a weak password."""
    username = username.strip()
    if not username or len(username) > USERNAME_MAX or any(c.isspace() for c in username):
        raise AccountError("用户名无效 / invalid username")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"未知角色 / unknown role: {role}") from None
    if find_user(session, username) is not None:
        raise AccountError(f"用户名已存在 / username already taken: {username}")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise AccountError(f"未知单位 / unknown unit: {unit_id}")
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPasswordError as error:
        raise AccountError(str(error)) from None
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=password_hash,
        role=role.value,
        unit_id=unit_id,
        person_id_number=person_id_number.strip().upper() if person_id_number else None,
    )
    session.add(user)
    session.flush()
    return user


def enrol_totp(user: User) -> str:
    """Gives the user a new TOTP secret (returned once, to show as a QR code or text)."""
    user.totp_secret = totp.new_secret()
    user.totp_last_step = None
    return user.totp_secret


_WRONG_PASSWORD = "当前密码错误，或账户已被暂时锁定 / wrong current password, or the account is locked"
_WRONG_CODE = "验证码无效或已使用，或账户已被暂时锁定 / the code is wrong or used, or the account is locked"


def _check_credential(user: User, right: bool, message: str, now: dt.datetime) -> None:
    """Raises CredentialRefused when locked or wrong; a wrong credential counts as a failure."""
    if is_locked(user, now):
        raise CredentialRefused(message, locked=True)
    if not right:
        newly_locked = _record_failure(user, now)
        raise CredentialRefused(message, locked=newly_locked, newly_locked=newly_locked)


def change_password(user: User, *, current: str, new: str, now: dt.datetime | None = None) -> None:
    """The user's own change: the current password first (counted like a login), then the new
    one hashed. The session stamp follows the hash, so every other session of the user ends."""
    now = now or utcnow()
    _check_credential(user, passwords.verify_password(user.password_hash, current), _WRONG_PASSWORD, now)
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    """Replaces the password (an administrator's reset or the user's change) and lifts a lock."""
    try:
        user.password_hash = passwords.hash_password(new)
    except passwords.WeakPasswordError as error:
        raise AccountError(str(error)) from None
    _record_success(user)


def confirm_totp(user: User, *, secret: str, code: str, now: dt.datetime | None = None) -> bool:
    """Switches the second factor on with `secret` only when `code` is valid for it now;
    False (and nothing changed) otherwise. The confirming code is spent: it cannot log in."""
    if user.totp_secret:
        raise AccountError("动态验证码已启用 / the one-time code is already on")
    check = totp.check_code(secret, code, now=now or utcnow(), last_used_step=None)
    if not check.accepted:
        return False
    user.totp_secret, user.totp_last_step = secret, check.step
    return True


def disable_totp(user: User, *, code: str, now: dt.datetime | None = None) -> None:
    """The user switches the second factor off with a current, unused code (counted like a login)."""
    if not user.totp_secret:
        raise AccountError("动态验证码未启用 / the one-time code is not on")
    now = now or utcnow()
    check = totp.check_code(user.totp_secret, code, now=now, last_used_step=user.totp_last_step)
    _check_credential(user, check.accepted, _WRONG_CODE, now)
    user.totp_secret, user.totp_last_step = None, None
    _record_success(user)


def reset_totp(user: User) -> bool:
    """An administrator removes the second factor (a lost phone). True when it was on."""
    was_on = bool(user.totp_secret)
    user.totp_secret, user.totp_last_step = None, None
    return was_on


def set_active(user: User, active: bool) -> None:
    user.active = active


def unlock(user: User) -> None:
    """An administrator lifts a lock-out early."""
    _record_success(user)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id))) or 0)
