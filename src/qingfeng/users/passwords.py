"""Password hashing with Argon2id (argon2-cffi).

Hashes are self-describing PHC strings (`$argon2id$v=19$m=...`), so the cost
parameters can be raised later: `needs_rehash` tells the login code to store a
fresh hash the next time the right password is given.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# RFC 9106's second recommended option (64 MiB, 3 passes) is kind to a county
# server that also runs the warehouse; argon2-cffi's defaults are the same profile.
_HASHER = PasswordHasher()

MIN_PASSWORD_LENGTH = 10

# A hash of a random password, verified against when the account does not exist
# so that "no such user" takes as long as "wrong password".
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class WeakPasswordError(ValueError):
    """The password is refused before it is hashed (too short, or blank)."""


def hash_password(password: str) -> str:
    """The Argon2id hash of `password`; refuses passwords shorter than MIN_PASSWORD_LENGTH."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / "
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing or malformed hash costs the same time and is False."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def random_password(length: int = 16) -> str:
    """A random password from a cryptographic generator (for demo accounts and resets)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))
