"""RTSP authentication: Basic and Digest (RFC 2617, as RFC 2326 §12.5/§12.44 borrow them).

Owns the WWW-Authenticate challenges the server sends and the check of a request's
Authorization header. No I/O: the caller passes the method and the header value.

Invariants:
- Nonces are stateless and unforgeable: hex of (issue time in ms, 8 random bytes,
  HMAC-SHA256 over both with this authenticator's secret, truncated to 16 bytes). A
  nonce not made with the secret is refused; one older than ``nonce_ttl_s`` is stale,
  reported as ``stale=True`` only when the digest is otherwise right (RFC 2617 §3.2.1).
  Replays within the TTL are not detected (no per-nonce state, no nc tracking).
- ``authenticate`` never raises on any Authorization value; a failure has a reason.
- Passwords and HA1 values never appear in a reason, a repr or an exception.
- Secrets are compared with ``hmac.compare_digest``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "AuthAttempt",
    "AuthGuard",
    "AuthResult",
    "AuthThrottled",
    "RtspAuthenticator",
    "StaticCredentials",
    "md5_ha1",
    "parse_auth_params",
]

_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_NONCE_RE = re.compile(r"[0-9a-fA-F]{64}")
_RESPONSE_RE = re.compile(r"[0-9a-fA-F]{32}")
_NC_RE = re.compile(r"[0-9a-fA-F]{8}")
_SCHEMES = ("digest", "basic")
_REQUIRED_DIGEST_PARAMS = ("username", "realm", "nonce", "uri", "response")


def _md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8", "surrogatepass")).hexdigest()


def md5_ha1(user: str, realm: str, password: str) -> str:
    """HA1 of RFC 2617 §3.2.2.2 for MD5: hex MD5 of ``user:realm:password`` (UTF-8)."""
    return _md5_hex(f"{user}:{realm}:{password}")


def _short(text: str, limit: int = 32) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


@dataclass(frozen=True)
class AuthResult:
    """Outcome of ``authenticate``: ``user`` is set only on success.

    ``stale`` asks the caller to challenge with ``stale=True`` (the client then retries
    with a fresh nonce without asking the user again). ``reason`` is for logs.
    """

    user: str | None
    stale: bool = False
    reason: str = ""


class AuthThrottled(Exception):
    """Credentials refused unchecked: too many failures (or checks) for the user or
    the address; ``retry_after_s`` says when to try again."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"throttled for {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s


class AuthAttempt(Protocol):
    """One admitted check of credentials; ended exactly once."""

    def failed(self, reason: str) -> None: ...

    def succeeded(self) -> None: ...

    def abandon(self) -> None: ...


class AuthGuard(Protocol):
    """What throttles, locks out and logs credential checks (the recording server's
    login guard): the RTSP server asks it before checking any Authorization header."""

    def begin(self, user: str, peer_host: str) -> AuthAttempt:
        """Admit a check of ``user``'s credentials from ``peer_host``, or raise
        ``AuthThrottled``."""
        ...


def parse_auth_params(text: str) -> dict[str, str] | None:
    """The comma-separated ``name=token`` / ``name="quoted"`` pairs; None when malformed."""
    params: dict[str, str] = {}
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t,":
            i += 1
        if i >= n:
            return params
        match = _TOKEN_RE.match(text, i)
        if match is None:
            return None
        name, i = match[0].lower(), match.end()
        while i < n and text[i] in " \t":
            i += 1
        if i >= n or text[i] != "=":
            return None
        i += 1
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == '"':
            chars: list[str] = []
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                chars.append(text[i])
                i += 1
            if i >= n:
                return None
            value, i = "".join(chars), i + 1
        else:
            match = _TOKEN_RE.match(text, i)
            if match is None:
                return None
            value, i = match[0], match.end()
        if name in params:
            return None
        params[name] = value
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] != ",":
            return None


class RtspAuthenticator:
    """Challenges clients and checks their Authorization headers for one realm.

    ``check_password(user, password)`` verifies Basic credentials; ``digest_ha1(user)``
    returns MD5(user:realm:password) in hex for Digest, or None for an unknown user.
    Make one per server, not per connection: nonces are only valid for the secret of
    the authenticator that issued them.
    """

    def __init__(
        self,
        realm: str,
        *,
        check_password: Callable[[str, str], bool],
        digest_ha1: Callable[[str], str | None] | None = None,
        schemes: tuple[str, ...] = ("digest", "basic"),
        nonce_ttl_s: float = 300.0,
        clock: Callable[[], float] = time.time,
        secret: bytes | None = None,
    ) -> None:
        if not realm or '"' in realm or "\\" in realm or not realm.isprintable():
            raise ValueError(f"realm {realm!r} must be printable, without quotes or backslashes")
        wanted = tuple(scheme.lower() for scheme in schemes)
        if not wanted or len(set(wanted)) != len(wanted) or not set(wanted) <= set(_SCHEMES):
            raise ValueError(f"schemes {schemes!r} must be distinct and among {_SCHEMES}")
        if "digest" in wanted and digest_ha1 is None:
            raise ValueError("the digest scheme needs digest_ha1")
        if not nonce_ttl_s > 0:
            raise ValueError(f"nonce_ttl_s must be positive, not {nonce_ttl_s}")
        if secret is not None and len(secret) < 16:
            raise ValueError(f"secret must be at least 16 bytes, not {len(secret)}")
        self.realm = realm
        self._check_password = check_password
        self._digest_ha1 = digest_ha1
        self._schemes = frozenset(wanted)
        self._nonce_ttl_s = nonce_ttl_s
        self._clock = clock
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    @classmethod
    def for_user(
        cls,
        user: str,
        password: str,
        realm: str = "vedette",
        *,
        schemes: tuple[str, ...] = ("digest", "basic"),
        nonce_ttl_s: float = 300.0,
        clock: Callable[[], float] = time.time,
        secret: bytes | None = None,
    ) -> RtspAuthenticator:
        """An authenticator that accepts exactly one user and password."""
        credentials = StaticCredentials(user, password)
        return cls(
            realm,
            check_password=credentials.check_password,
            digest_ha1=credentials.digest_ha1(realm),
            schemes=schemes,
            nonce_ttl_s=nonce_ttl_s,
            clock=clock,
            secret=secret,
        )

    def __repr__(self) -> str:
        return f"RtspAuthenticator(realm={self.realm!r}, schemes={sorted(self._schemes)})"

    # ------------------------------------------------------------------ challenge

    def challenge(self, stale: bool = False) -> list[str]:
        """The WWW-Authenticate values of a 401, strongest first.

        Digest comes first and starts ``Digest realm="…", nonce="…"`` then ``stale=TRUE``
        when asked: live555 (VLC) reads the challenge with a fixed sscanf pattern in that
        order and keeps a Digest header over a Basic one; GStreamer and ffmpeg pick the
        strongest scheme offered. ``qop="auth"`` is offered: ffmpeg then answers with
        qop, nc and cnonce (a client nonce in the hash, RFC 2617's protection against
        chosen-plaintext), while GStreamer's rtspsrc and live555 ignore qop and answer
        the RFC 2069 way, MD5(HA1:nonce:HA2), which ``authenticate`` accepts as well, so
        all three log in. ``algorithm=MD5`` is the only one any of the three computes
        (ffmpeg compares the value case-sensitively, so it is spelled ``MD5``).
        """
        values: list[str] = []
        if "digest" in self._schemes:
            parts = [f'Digest realm="{self.realm}"', f'nonce="{self._new_nonce()}"']
            if stale:
                parts.append("stale=TRUE")
            parts += ["algorithm=MD5", 'qop="auth"']
            values.append(", ".join(parts))
        if "basic" in self._schemes:
            values.append(f'Basic realm="{self.realm}"')
        return values

    def _nonce_mac(self, body: bytes) -> bytes:
        return hmac.new(self._secret, body, hashlib.sha256).digest()[:16]

    def _new_nonce(self) -> str:
        issued_ms = min(max(int(self._clock() * 1000), 0), 2**64 - 1)
        body = issued_ms.to_bytes(8, "big") + secrets.token_bytes(8)
        return (body + self._nonce_mac(body)).hex()

    def _nonce_issued_s(self, nonce: str) -> float | None:
        """When this authenticator issued ``nonce`` (seconds), or None if it did not."""
        if not _NONCE_RE.fullmatch(nonce):
            return None
        raw = bytes.fromhex(nonce)
        if not hmac.compare_digest(raw[16:], self._nonce_mac(raw[:16])):
            return None
        return int.from_bytes(raw[:8], "big") / 1000

    # --------------------------------------------------------------- authenticate

    @staticmethod
    def claimed_user(authorization: str) -> str:
        """The user name an Authorization header claims, before anything is checked
        ("" when none can be read): what a guard throttles the check under."""
        scheme, _, rest = authorization.strip().partition(" ")
        if scheme.lower() == "basic":
            try:
                raw = base64.b64decode(rest.strip(), validate=True)
            except (binascii.Error, ValueError):
                return ""
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            user, sep, _ = text.partition(":")
            return user if sep else ""
        if scheme.lower() == "digest":
            params = parse_auth_params(rest)
            return (params or {}).get("username", "")
        return ""

    def authenticate(self, method: str, authorization: str | None) -> AuthResult:
        """Check the Authorization header of a request with ``method``. Never raises.

        Digest's HA2 is computed over the header's ``uri`` parameter, as clients hash it.
        """
        if authorization is None or not authorization.strip():
            return AuthResult(None, reason="no Authorization header")
        scheme, *rest = authorization.split(None, 1)
        scheme = scheme.lower()
        if scheme not in self._schemes:
            return AuthResult(None, reason=f"scheme {_short(scheme)} is not accepted")
        if scheme == "basic":
            return self._basic("".join(rest).strip())
        return self._digest(method, "".join(rest))

    def _basic(self, token: str) -> AuthResult:
        try:
            raw = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            return AuthResult(None, reason="Basic credentials are not base64")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        user, sep, password = text.partition(":")
        if not sep:
            return AuthResult(None, reason="Basic credentials have no ':'")
        if not self._check_password(user, password):
            return AuthResult(None, reason=f"Basic credentials refused for user {_short(user)}")
        return AuthResult(user)

    def _digest(self, method: str, text: str) -> AuthResult:
        params = parse_auth_params(text)
        if params is None:
            return AuthResult(None, reason="malformed Digest parameters")
        for name in _REQUIRED_DIGEST_PARAMS:
            if name not in params:
                return AuthResult(None, reason=f"Digest parameter {name} is missing")
        user, nonce, response = params["username"], params["nonce"], params["response"]
        if params["realm"] != self.realm:
            return AuthResult(None, reason=f"Digest realm {_short(params['realm'])} is not ours")
        if params.get("algorithm", "MD5").upper() != "MD5":
            return AuthResult(None, reason=f"algorithm {_short(params['algorithm'])} refused")
        if not _RESPONSE_RE.fullmatch(response):
            return AuthResult(None, reason="Digest response is not 32 hexadecimal digits")
        qop = params.get("qop")
        if qop is not None and qop.lower() != "auth":
            return AuthResult(None, reason=f"qop {_short(qop)} is not supported")
        if qop is not None and (
            not _NC_RE.fullmatch(params.get("nc", "")) or not params.get("cnonce")
        ):
            return AuthResult(None, reason="qop=auth without a valid nc and cnonce")
        issued_s = self._nonce_issued_s(nonce)
        if issued_s is None:
            return AuthResult(None, reason="nonce was not issued by this server")
        assert self._digest_ha1 is not None  # guaranteed when digest is enabled
        ha1 = self._digest_ha1(user)
        if ha1 is None:
            return AuthResult(None, reason=f"unknown user {_short(user)}")
        ha2 = _md5_hex(f"{method}:{params['uri']}")
        if qop is None:  # RFC 2069 form, as GStreamer and live555 send it
            expected = _md5_hex(f"{ha1.lower()}:{nonce}:{ha2}")
        else:
            nc, cnonce = params["nc"], params["cnonce"]
            expected = _md5_hex(f"{ha1.lower()}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
        if not hmac.compare_digest(expected, response.lower()):
            return AuthResult(None, reason=f"wrong Digest response for user {_short(user)}")
        age_s = self._clock() - issued_s
        if not -self._nonce_ttl_s <= age_s <= self._nonce_ttl_s:
            return AuthResult(None, stale=True, reason=f"nonce is stale ({age_s:.0f} s old)")
        return AuthResult(user)


class StaticCredentials:
    """One user and password, for a single-account server or camsim."""

    __slots__ = ("_password", "user")

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self._password = password

    def __repr__(self) -> str:
        return f"StaticCredentials(user={self.user!r}, password=***)"

    def check_password(self, user: str, password: str) -> bool:
        """Whether ``user`` and ``password`` are ours; both are compared in constant time."""
        same_user = hmac.compare_digest(user.encode("utf-8", "surrogatepass"), self.user.encode())
        same_password = hmac.compare_digest(
            password.encode("utf-8", "surrogatepass"), self._password.encode()
        )
        return same_user and same_password

    def ha1(self, user: str, realm: str) -> str | None:
        """HA1 of ``user`` in ``realm``, or None when ``user`` is not ours."""
        if not hmac.compare_digest(user.encode("utf-8", "surrogatepass"), self.user.encode()):
            return None
        return md5_ha1(self.user, realm, self._password)

    def digest_ha1(self, realm: str) -> Callable[[str], str | None]:
        """The ``digest_ha1`` callable of ``RtspAuthenticator`` for ``realm``."""
        return lambda user: self.ha1(user, realm)
