"""Login throttling in the shared cache (Redis, or the database): every worker process counts together.

Two brakes, chosen so that no stranger can lock a real user out (docs/security/login-throttling.md):

- **per client address**: at most ``LOGIN_FAILURES_PER_ADDRESS`` failed log-ins per ``LOGIN_FAILURE_WINDOW``.
  An attempt reserves its place in the count before the password is checked (an atomic increment) and gives
  it back when the password was right, so parallel requests on several workers cannot slip past the limit.
  Someone who hits it locks out only their own address.
- **per account, a growing delay**: after ``LOGIN_FREE_FAILURES_PER_ACCOUNT`` failures for a user name, the
  next try for that name has to wait 1, 2, 4 … seconds (at most ``LOGIN_MAX_DELAY``); a try during the wait is
  refused without checking the password. A browser in which the user logged in before carries a signed
  *device cookie* for that user and is not held up by the account's delay (it has a failure budget of its
  own), so an attacker guessing at a name delays only browsers the user never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samenplan.clientip import client_address

DEVICE_SALT = "samenplan.accounts.device"
ACCOUNT_MEMORY = 24 * 60 * 60  # failures for a user name are forgotten a day after the last one
now = time.time  # the clock (a test may replace it)


@dataclass(frozen=True)
class Attempt:
    address_key: str
    account: str  # a digest of the normalised user name
    device: str | None  # the nonce of a valid device cookie for this user name, else None


def _digest(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _increment(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def _give_back(key: str) -> None:
    with contextlib.suppress(ValueError):  # already expired: nothing to give back
        cache.decr(key)


def device_cookie_value(username: str) -> str:
    return signing.dumps({"u": _digest(username), "n": secrets.token_urlsafe(16)}, salt=DEVICE_SALT)


def _trusted_device(request: HttpRequest, account: str) -> str | None:
    raw = request.COOKIES.get(settings.DEVICE_COOKIE_NAME)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=DEVICE_SALT, max_age=settings.DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if data.get("u") != account:
        return None
    nonce = str(data.get("n", ""))
    if (cache.get(f"login:device:{nonce}") or 0) >= settings.LOGIN_FREE_FAILURES_PER_ACCOUNT:
        return None  # this cookie has used up its own budget: it is treated like any other browser
    return nonce


def begin(request: HttpRequest, username: str) -> Attempt:
    """Before the password is checked. Raises ValidationError when this attempt must wait."""
    address_key = f"login:address:{client_address(request) or 'unknown'}"
    if _increment(address_key, settings.LOGIN_FAILURE_WINDOW) > settings.LOGIN_FAILURES_PER_ADDRESS:
        _give_back(address_key)
        raise ValidationError(
            _("Too many failed log-in attempts from your network. Try again in %(minutes)s minutes."),
            code="too_many_login_attempts",
            params={"minutes": math.ceil(settings.LOGIN_FAILURE_WINDOW / 60)},
        )
    account = _digest(username)
    device = _trusted_device(request, account)
    if device is None:
        wait_until = cache.get(f"login:wait:{account}") or 0
        remaining = wait_until - now()
        if remaining > 0:
            _give_back(address_key)
            raise ValidationError(
                _("Too many failed log-in attempts for this user name. Wait %(seconds)s seconds and try again."),
                code="login_delayed",
                params={"seconds": math.ceil(remaining)},
            )
    return Attempt(address_key, account, device)


def delay_after(failures: int) -> int:
    """Seconds the next try waits after ``failures`` failures for one user name."""
    free = settings.LOGIN_FREE_FAILURES_PER_ACCOUNT
    if failures < free:
        return 0
    return min(2 ** (failures - free), settings.LOGIN_MAX_DELAY)


def failed(attempt: Attempt) -> None:
    """The password was wrong: the address keeps its count; the account (or the device) counts one more."""
    if attempt.device is not None:
        _increment(f"login:device:{attempt.device}", settings.DEVICE_COOKIE_AGE)
        return
    failures = _increment(f"login:failures:{attempt.account}", ACCOUNT_MEMORY)
    delay = delay_after(failures)
    if delay:
        # the stored time decides; the entry itself outlives it a little, so no clock skew ends it early
        cache.set(f"login:wait:{attempt.account}", now() + delay, delay + 60)


def succeeded(attempt: Attempt) -> None:
    """The password was right: give the address its place back and forget the account's failures."""
    _give_back(attempt.address_key)
    cache.delete_many([f"login:failures:{attempt.account}", f"login:wait:{attempt.account}"])
    if attempt.device is not None:
        cache.delete(f"login:device:{attempt.device}")
