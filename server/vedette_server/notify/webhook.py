"""Webhooks signed per the Standard Webhooks spec (ALARM-10): signing, verifying (for
receivers and tests) and ``deliver`` with retries (aiohttp).

The scheme: a secret ``whsec_<base64 of 24..64 random bytes>``; each request carries
``webhook-id`` (the same on every attempt of one message: the receiver deduplicates
on it), ``webhook-timestamp`` (Unix seconds of this attempt) and ``webhook-signature``,
``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<raw body>")>``, space-separated when
several secrets are active (rotation). A receiver refuses timestamps more than
``DEFAULT_TOLERANCE_S`` away from its clock.

Invariants of ``deliver``:
- the URL is checked before any connection: http or https, a host, no user or password
  in it, and, when ``allowed_hosts`` is given, a host on that list (tests pass
  ``LOOPBACK_HOSTS``);
- every attempt has the same ``webhook-id`` and a fresh timestamp and signature;
- 2xx is delivered; 408, 429, 5xx, timeouts and network errors are retried (after
  ``RetryBackoff``'s delay, or the answer's ``Retry-After``, both bounded by
  ``max_s``); any other status (3xx: redirects are never followed, 4xx) ends it;
- the secret never appears in a log line, an error or a result; URLs are logged masked.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import email.utils
import hashlib
import hmac
import ipaddress
import logging
import random
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from yarl import URL

from vedette_server.errors import InvalidArgument, shown
from vedette_server.log_redaction import redact_text

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

SECRET_PREFIX: Final = "whsec_"
MIN_SECRET_BYTES: Final = 24
MAX_SECRET_BYTES: Final = 64
HEADER_ID: Final = "webhook-id"
HEADER_TIMESTAMP: Final = "webhook-timestamp"
HEADER_SIGNATURE: Final = "webhook-signature"
DEFAULT_TOLERANCE_S: Final = 300
DEFAULT_TIMEOUT_S: Final = 10.0
DEFAULT_ATTEMPTS: Final = 5
#: Hosts a test (or a cautious site) allows: loopback addresses and names only.
LOOPBACK_HOSTS: Final = ("127.0.0.0/8", "::1/128", "localhost")
#: Statuses that say "later": retried like a timeout.
RETRY_STATUSES: Final = frozenset({408, 429})

_MESSAGE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_SIGNATURE_VERSION = "v1"


# ------------------------------------------------------------------------- signature


def new_secret() -> str:
    """A fresh secret: ``whsec_`` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_message_id() -> str:
    """A fresh ``webhook-id``."""
    return f"msg_{secrets.token_urlsafe(18)}"


def secret_key(secret: str, field: str = "secret") -> bytes:
    """The HMAC key of ``secret`` (``whsec_`` + base64; the prefix may be left out).
    The error names ``field`` and never shows the secret."""
    if not isinstance(secret, str):
        raise InvalidArgument(field, "must be a string")
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidArgument(field, "is not 'whsec_' followed by base64") from None
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise InvalidArgument(
            field, f"decodes to {len(key)} bytes; {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} needed"
        )
    return key


def check_message_id(msg_id: str) -> str:
    if not isinstance(msg_id, str) or not _MESSAGE_ID.fullmatch(msg_id):
        raise InvalidArgument(
            "msg_id", f"{shown(msg_id)} is not 1 to 128 of letters, digits and _.:-"
        )
    return msg_id


def _secrets(secret: str | Sequence[str]) -> list[bytes]:
    listed = [secret] if isinstance(secret, str) else list(secret)
    if not listed:
        raise InvalidArgument("secret", "needs at least one secret")
    return [
        secret_key(s, f"secret[{i}]" if len(listed) > 1 else "secret") for i, s in enumerate(listed)
    ]


def _signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return f"{_SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def sign(secret: str | Sequence[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``timestamp`` (Unix
    seconds); one signature per secret (several during a rotation)."""
    check_message_id(msg_id)
    if isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
        raise InvalidArgument("timestamp", f"{shown(timestamp)} is not Unix seconds")
    keys = _secrets(secret)
    return {
        HEADER_ID: msg_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: " ".join(_signature(k, msg_id, timestamp, bytes(body)) for k in keys),
    }


class WebhookVerificationError(Exception):
    """A request that does not carry a valid signature (the reason says which check)."""


def verify(
    secret: str | Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now_s: float | None = None,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
) -> str:
    """Check a received request as a Standard Webhooks receiver does; returns its
    ``webhook-id``. Raises ``WebhookVerificationError`` when a header is missing, the
    timestamp is more than ``tolerance_s`` from ``now_s`` (default: now), or no
    signature matches ``body`` under any of the secrets."""
    lower = {name.lower(): value for name, value in headers.items()}
    try:
        msg_id, stamp, signatures = (
            lower[HEADER_ID], lower[HEADER_TIMESTAMP], lower[HEADER_SIGNATURE]
        )  # fmt: skip
    except KeyError as missing:
        raise WebhookVerificationError(f"missing header {missing}") from None
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError(f"bad timestamp {shown(stamp)}") from None
    now = time.time() if now_s is None else now_s
    if abs(now - timestamp) > tolerance_s:
        raise WebhookVerificationError(
            f"timestamp {timestamp} is {now - timestamp:+.0f} s from now, beyond {tolerance_s:g} s"
        )
    expected = {_signature(k, msg_id, timestamp, bytes(body)) for k in _secrets(secret)}
    for given in signatures.split(" "):
        if any(hmac.compare_digest(given.encode(), e.encode()) for e in expected):
            return msg_id
    raise WebhookVerificationError("no signature matches the body")


# -------------------------------------------------------------------------- delivery


def _host_allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in allowed_hosts:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            if address is None and host.lower().rstrip(".") == entry.lower():
                return True
            continue
        if address is not None and address in network:
            return True
    return False


def check_url(url: str, allowed_hosts: Collection[str] | None = None) -> URL:
    """``url`` parsed, if a webhook may be sent there (see the module's invariants)."""
    if not isinstance(url, str) or not url:
        raise InvalidArgument("url", "is empty")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise InvalidArgument("url", f"{shown(url)} holds white space or a control character")
    try:
        parsed = URL(url)
    except ValueError as error:
        raise InvalidArgument("url", f"{shown(url)} is not a URL: {error}") from None
    if parsed.scheme not in ("http", "https"):
        raise InvalidArgument("url", f"{shown(url)}: only http and https are allowed")
    if not parsed.host:
        raise InvalidArgument("url", f"{shown(url)} has no host")
    if parsed.user is not None or parsed.password is not None:
        raise InvalidArgument(
            "url", "must not hold a user or password (the signature authenticates)"
        )
    if allowed_hosts is not None and not _host_allowed(parsed.host, allowed_hosts):
        raise InvalidArgument(
            "url", f"host {shown(parsed.host)} is not allowed here ({', '.join(allowed_hosts)})"
        )
    return parsed


@dataclass(frozen=True)
class RetryBackoff:
    """The wait before retry ``n`` (0 for the first retry): ``first_s × factorⁿ``,
    capped at ``max_s``, times a random factor in ``[1 − jitter, 1 + jitter]``, and
    never more than ``max_s``."""

    first_s: float = 5.0
    factor: float = 4.0
    max_s: float = 3600.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if not 0 < self.first_s <= self.max_s:
            raise InvalidArgument("backoff", f"need 0 < first_s ({self.first_s}) <= max_s")
        if self.factor < 1:
            raise InvalidArgument("backoff", f"factor {self.factor} is below 1")
        if not 0 <= self.jitter < 1:
            raise InvalidArgument("backoff", f"jitter {self.jitter} is not in [0, 1)")

    def delay_s(self, retry: int, rng: random.Random | None = None) -> float:
        base = min(self.max_s, self.first_s * self.factor ** min(retry, 64))
        spread = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return min(self.max_s, base * spread)


@dataclass(frozen=True)
class AttemptOutcome:
    """What one POST came to: an HTTP status, or an error before any answer."""

    status: int | None
    error: str | None = None
    retry_after_s: float | None = None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        if self.status is None:
            return True
        return self.status >= 500 or self.status in RETRY_STATUSES


@dataclass(frozen=True)
class DeliveryResult:
    msg_id: str
    delivered: bool
    attempts: int
    last_status: int | None
    last_error: str | None
    #: The receiver refused for good (a status that is not retried) before the
    #: attempts ran out.
    gave_up: bool
    #: The last answer's ``Retry-After``, in seconds (None: it had none).
    retry_after_s: float | None = None


def _retry_after_s(value: str | None) -> float | None:
    """``Retry-After`` in seconds (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    if value.strip().isascii() and value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


async def post_once(
    session: aiohttp.ClientSession,
    url: URL,
    body: bytes,
    headers: Mapping[str, str],
    timeout_s: float,
) -> AttemptOutcome:
    """One POST of ``body``; never follows a redirect, never raises for the network."""
    import aiohttp  # the session's: already loaded

    try:
        async with session.post(
            url,
            data=body,
            headers={"content-type": "application/json", **headers},
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout_s),
        ) as response:
            return AttemptOutcome(
                response.status, retry_after_s=_retry_after_s(response.headers.get("retry-after"))
            )
    except TimeoutError:
        return AttemptOutcome(None, f"no answer within {timeout_s:g} s")
    except aiohttp.ClientError as error:
        return AttemptOutcome(None, redact_text(str(error) or type(error).__name__, 300))


async def deliver(
    url: str,
    payload: bytes,
    secret: str | Sequence[str],
    msg_id: str,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    backoff: RetryBackoff = RetryBackoff(),
    timeout_s: float = DEFAULT_TIMEOUT_S,
    allowed_hosts: Collection[str] | None = None,
    session: aiohttp.ClientSession | None = None,
    rng: random.Random | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> DeliveryResult:
    """POST ``payload`` (JSON bytes) to ``url`` signed with ``secret``, up to
    ``attempts`` times (see the module's invariants). Bad arguments raise
    ``InvalidArgument`` before any connection; the receiver's failures are in the
    result, never raised."""
    target = check_url(url, allowed_hosts)
    check_message_id(msg_id)
    _secrets(secret)
    if not isinstance(payload, bytes | bytearray):
        raise InvalidArgument("payload", "must be the JSON body as bytes")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise InvalidArgument("attempts", f"{shown(attempts)} is not a positive integer")
    if not 0 < timeout_s <= 600:
        raise InvalidArgument("timeout_s", f"{timeout_s} is not in (0, 600] s")
    masked = redact_text(str(target), 200)
    own = session is None
    import aiohttp  # here: 0.15 CPU-s at import, which a server start need not pay

    client = aiohttp.ClientSession(trust_env=False) if session is None else session
    try:
        outcome = AttemptOutcome(None, "not attempted")
        for attempt in range(1, attempts + 1):
            headers = sign(secret, msg_id, int(time.time()), bytes(payload))
            outcome = await post_once(client, target, bytes(payload), headers, timeout_s)
            if outcome.delivered:
                log.info("webhook %s delivered to %s (attempt %d)", msg_id, masked, attempt)
                return DeliveryResult(msg_id, True, attempt, outcome.status, None, False)
            what = outcome.status if outcome.status is not None else outcome.error
            if not outcome.retryable:
                log.warning("webhook %s refused by %s: %s; given up", msg_id, masked, what)
                return DeliveryResult(msg_id, False, attempt, outcome.status, None, True)
            if attempt < attempts:
                delay = backoff.delay_s(attempt - 1, rng)
                if outcome.retry_after_s is not None:
                    delay = min(backoff.max_s, max(delay, outcome.retry_after_s))
                log.info(
                    "webhook %s to %s failed (%s), attempt %d of %d; retry in %.1f s",
                    msg_id, masked, what, attempt, attempts, delay,
                )  # fmt: skip
                await sleep(delay)
        log.warning("webhook %s to %s not delivered after %d attempts", msg_id, masked, attempts)
        return DeliveryResult(
            msg_id, False, attempts, outcome.status, outcome.error, False, outcome.retry_after_s
        )
    finally:
        if own:
            await client.close()
