"""Time-based one-time passwords (RFC 6238) as an optional second factor.

Each code may be used once: the time-step of the last accepted code is stored
on the user, and a code whose step is not later than it is refused, even when
it is still inside the validity window.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

import pyotp

STEP_SECONDS = 30
VALID_WINDOW = 1
"""Accept the previous and the next step too, for a phone clock a little off."""


@dataclass(frozen=True)
class TotpCheck:
    accepted: bool
    step: int | None
    """The time-step the code matched, to be stored as the user's last used step."""


def new_secret() -> str:
    """A random base32 secret for a new enrolment."""
    return pyotp.random_base32()


def enrolment_secret(key: bytes, *, user_id: int, nonce: str) -> str:
    """The secret offered during an enrolment, derived from a server key, the user and a
    random nonce (HMAC-SHA256, 160 bits, base32). Only the nonce is kept in the session while
    the user scans the code, so the secret itself is never in a cookie, URL or log; it is
    stored on the user only once a code made from it is confirmed."""
    message = f"qingfeng-totp-enrolment|{user_id}|{nonce}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app reads (shown as a QR code or typed in)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=username, issuer_name="Qingfeng")


def current_code(secret: str, now: dt.datetime) -> str:
    """The code for `now` (for tests and the demo)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(now)


def check_code(secret: str, code: str, *, now: dt.datetime, last_used_step: int | None) -> TotpCheck:
    """Whether `code` is valid at `now` and newer than the last code this user used."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return TotpCheck(False, None)
    try:
        totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
        totp.byte_secret()
    except (ValueError, TypeError):  # a damaged stored secret refuses, never crashes the login
        return TotpCheck(False, None)
    now_step = int(now.timestamp()) // STEP_SECONDS
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return TotpCheck(True, step)
    return TotpCheck(False, None)
