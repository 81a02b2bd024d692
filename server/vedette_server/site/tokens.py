"""Site tokens: what single sign-on hands from the directory to recording servers.

A user signs in once at the site directory and asks it for a **site token**: a JWT
(RFC 7519) signed with the directory's Ed25519 key (``alg`` EdDSA, PyJWT), valid
``TOKEN_TTL_S``. A member recording server checks it offline against the public
keys the directory gave it (by ``kid``) and opens one of its own sessions for the
site user (``api/site_calls.py``). The token names the user; the rights are the
server's copy of the site's user list (``site/users.py``).

Invariants:
- Verification names its algorithm (EdDSA only: a token asking for ``none`` or an
  HMAC is refused), the audience, this site as the issuer, and requires ``exp``,
  ``iat`` and ``sub``; a key id the server does not know (another site, or a key not
  yet seen) is refused, never fetched.
- 30 s of clock skew are allowed between the directory and the server.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

ISSUER_PREFIX = "vedette-site:"
AUDIENCE = "vedette-recording-server"
ALGORITHM = "EdDSA"
TOKEN_TTL_S = 600
LEEWAY_S = 30
MAX_TOKEN_CHARS = 4096


class SiteTokenRefused(Exception):
    """A site token this server does not accept (the message says why)."""


@dataclass(frozen=True)
class SiteClaims:
    user: str
    session_id: str
    issued_s: int
    expires_s: int
    #: When the user's session at the directory ends at the latest (0: not said).
    session_expires_s: int


def public_raw(key: ed25519.Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def kid_of(raw_public: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw public key."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def issue(
    key: ed25519.Ed25519PrivateKey,
    site_id: str,
    user: str,
    session_id: str,
    *,
    session_expires_s: float,
    now_s: float | None = None,
    ttl_s: int = TOKEN_TTL_S,
) -> tuple[str, int]:
    """A signed token for ``user`` and its expiry (s), never past the session's end."""
    now = int(time.time() if now_s is None else now_s)
    expires = min(now + ttl_s, int(session_expires_s))
    claims = {
        "iss": ISSUER_PREFIX + site_id,
        "aud": AUDIENCE,
        "sub": user,
        "sid": session_id,
        "iat": now,
        "exp": expires,
        "sexp": int(session_expires_s),
    }
    token = jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid_of(public_raw(key))})
    return token, expires


def load_private(path: Path) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return key


def load_public(raw: bytes) -> ed25519.Ed25519PublicKey:
    return ed25519.Ed25519PublicKey.from_public_bytes(raw)


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def verify(
    token: str,
    keys: Mapping[str, bytes],
    site_id: str,
    *,
    now_s: float | None = None,
) -> SiteClaims:
    """The claims of a token this site signed; SiteTokenRefused otherwise."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise SiteTokenRefused("a site token is 1 to 4096 characters")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise SiteTokenRefused("this is not a site token") from None
    if header.get("alg") != ALGORITHM:
        raise SiteTokenRefused(
            f"site tokens are signed with {ALGORITHM}, not {header.get('alg')!r}"
        )
    raw = keys.get(str(header.get("kid", "")))
    if raw is None:
        raise SiteTokenRefused(
            "the site token is signed by a key this server does not know: another site's,"
            " or this site's new key before the server heard of it"
        )
    options: Any = {"require": ["exp", "iat", "sub", "iss", "aud"]}
    try:
        claims = (
            jwt.decode(
                token,
                load_public(raw),
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER_PREFIX + site_id,
                leeway=LEEWAY_S,
                options=options,
            )
            if now_s is None
            else _decode_at(token, load_public(raw), site_id, now_s, options)
        )
    except jwt.ExpiredSignatureError:
        raise SiteTokenRefused(
            "the site token has expired: ask the directory for a new one"
        ) from None
    except jwt.InvalidIssuerError:
        raise SiteTokenRefused("the site token is another site's") from None
    except jwt.InvalidTokenError as exc:
        raise SiteTokenRefused(f"the site token is not valid: {exc}") from None
    user = claims.get("sub")
    if not isinstance(user, str) or not user:
        raise SiteTokenRefused("the site token names no user")
    return SiteClaims(
        user=user,
        session_id=str(claims.get("sid", "")),
        issued_s=int(claims["iat"]),
        expires_s=int(claims["exp"]),
        session_expires_s=int(claims.get("sexp", 0) or 0),
    )


def _decode_at(
    token: str, key: ed25519.Ed25519PublicKey, site_id: str, now_s: float, options: Any
) -> dict[str, Any]:
    """``jwt.decode`` as if the time were ``now_s`` (tests of expiry): the signature
    and claims are checked by PyJWT with expiry off, then expiry here."""
    claims: dict[str, Any] = jwt.decode(
        token,
        key,
        algorithms=[ALGORITHM],
        audience=AUDIENCE,
        issuer=ISSUER_PREFIX + site_id,
        options={**options, "verify_exp": False, "verify_iat": False},
    )
    if int(claims["exp"]) + LEEWAY_S <= now_s:
        raise jwt.ExpiredSignatureError("Signature has expired")
    return claims
