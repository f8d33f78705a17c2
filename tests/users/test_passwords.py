from __future__ import annotations

import datetime as dt

import pytest

from qingfeng.users import passwords, totp


def test_argon2id_hash_verifies_only_the_right_password() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery") is True
    assert passwords.verify_password(stored, "correct horse batterY") is False
    assert passwords.needs_rehash(stored) is False


def test_missing_or_malformed_hash_is_false_not_an_error() -> None:
    assert passwords.verify_password(None, "anything at all") is False
    assert passwords.verify_password("not-a-hash", "anything at all") is False
    assert passwords.needs_rehash("not-a-hash") is True


@pytest.mark.parametrize("weak", ["", "short", "         123"])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(passwords.WeakPasswordError):
        passwords.hash_password(weak)


def test_random_passwords_are_long_and_differ() -> None:
    first, second = passwords.random_password(), passwords.random_password()
    assert len(first) == 16 and first != second


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOON = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
NOON_STEP = int(NOON.timestamp()) // 30


def test_totp_code_is_accepted_once_then_refused() -> None:
    code = totp.current_code(SECRET, NOON)
    first = totp.check_code(SECRET, code, now=NOON, last_used_step=None)
    assert first == totp.TotpCheck(True, NOON_STEP)
    again = totp.check_code(SECRET, code, now=NOON + dt.timedelta(seconds=5), last_used_step=first.step)
    assert again == totp.TotpCheck(False, None)


def test_totp_accepts_previous_step_for_a_slow_clock_but_not_two_back() -> None:
    previous = totp.current_code(SECRET, NOON - dt.timedelta(seconds=30))
    assert totp.check_code(SECRET, previous, now=NOON, last_used_step=None).step == NOON_STEP - 1
    two_back = totp.current_code(SECRET, NOON - dt.timedelta(seconds=60))
    assert totp.check_code(SECRET, two_back, now=NOON, last_used_step=None).accepted is False


@pytest.mark.parametrize("junk", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_totp_malformed_codes_are_refused(junk: str) -> None:
    assert totp.check_code(SECRET, junk, now=NOON, last_used_step=None).accepted is False


def test_totp_damaged_secret_refuses() -> None:
    assert totp.check_code("SHORT", "123456", now=NOON, last_used_step=None).accepted is False
