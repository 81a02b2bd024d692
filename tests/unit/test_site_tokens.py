"""Site tokens (issue 19): what a member server accepts, and every way one is refused."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from vedette_server.site import tokens

SITE = "2f6e2b9e-0000-4000-8000-000000000001"


def keyset(key: ed25519.Ed25519PrivateKey) -> dict[str, bytes]:
    raw = tokens.public_raw(key)
    return {tokens.kid_of(raw): raw}


def test_a_token_of_this_site_names_its_user_and_session() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    now = time.time()
    token, expires = tokens.issue(key, SITE, "alice", "s1", session_expires_s=now + 3600)
    assert expires == int(now) + tokens.TOKEN_TTL_S
    claims = tokens.verify(token, keyset(key), SITE)
    assert (claims.user, claims.session_id) == ("alice", "s1")
    assert claims.session_expires_s == int(now + 3600)


def test_a_token_never_outlives_its_session() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    now = time.time()
    _, expires = tokens.issue(key, SITE, "alice", "s1", session_expires_s=now + 60)
    assert expires == int(now + 60)


def test_an_expired_token_is_refused() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    now = time.time()
    token, expires = tokens.issue(key, SITE, "alice", "s1", session_expires_s=now + 3600)
    tokens.verify(token, keyset(key), SITE, now_s=expires + tokens.LEEWAY_S - 1)
    with pytest.raises(tokens.SiteTokenRefused, match="expired"):
        tokens.verify(token, keyset(key), SITE, now_s=expires + tokens.LEEWAY_S + 1)


def test_another_sites_token_is_refused() -> None:
    ours, theirs = ed25519.Ed25519PrivateKey.generate(), ed25519.Ed25519PrivateKey.generate()
    far = time.time() + 3600
    token, _ = tokens.issue(theirs, "other-site", "alice", "s1", session_expires_s=far)
    with pytest.raises(tokens.SiteTokenRefused, match="does not know"):
        tokens.verify(token, keyset(ours), SITE)
    # Signed with our key but saying it is another site's: refused too.
    token, _ = tokens.issue(ours, "other-site", "alice", "s1", session_expires_s=far)
    with pytest.raises(tokens.SiteTokenRefused, match="another site's"):
        tokens.verify(token, keyset(ours), SITE)


def test_a_token_signed_by_a_key_with_our_kid_but_another_key_is_refused() -> None:
    ours, forger = ed25519.Ed25519PrivateKey.generate(), ed25519.Ed25519PrivateKey.generate()
    kid = tokens.kid_of(tokens.public_raw(ours))
    now = int(time.time())
    claims = {"iss": tokens.ISSUER_PREFIX + SITE, "aud": tokens.AUDIENCE, "sub": "admin",
              "iat": now, "exp": now + 60}  # fmt: skip
    forged = jwt.encode(claims, forger, algorithm="EdDSA", headers={"kid": kid})
    with pytest.raises(tokens.SiteTokenRefused, match="not valid"):
        tokens.verify(forged, keyset(ours), SITE)


@pytest.mark.parametrize("alg", ["HS256", "none"])
def test_algorithm_confusion_is_refused(alg: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    raw = tokens.public_raw(key)
    now = int(time.time())
    claims = {"iss": tokens.ISSUER_PREFIX + SITE, "aud": tokens.AUDIENCE, "sub": "admin",
              "iat": now, "exp": now + 60}  # fmt: skip
    # The classic forgery: an HMAC keyed with the public key, or no signature at all.
    secret = raw if alg == "HS256" else None
    forged = jwt.encode(claims, secret, algorithm=alg, headers={"kid": tokens.kid_of(raw)})
    with pytest.raises(tokens.SiteTokenRefused, match="EdDSA"):
        tokens.verify(forged, keyset(key), SITE)


def test_a_token_for_another_audience_or_without_a_user_is_refused() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    kid = tokens.kid_of(tokens.public_raw(key))
    now = int(time.time())
    base = {"iss": tokens.ISSUER_PREFIX + SITE, "iat": now, "exp": now + 60}
    other = jwt.encode({**base, "aud": "someone-else", "sub": "a"}, key, algorithm="EdDSA",
                       headers={"kid": kid})  # fmt: skip
    with pytest.raises(tokens.SiteTokenRefused, match="not valid"):
        tokens.verify(other, keyset(key), SITE)
    nobody = jwt.encode({**base, "aud": tokens.AUDIENCE}, key, algorithm="EdDSA",
                        headers={"kid": kid})  # fmt: skip
    with pytest.raises(tokens.SiteTokenRefused):
        tokens.verify(nobody, keyset(key), SITE)


@pytest.mark.parametrize("garbage", ["", "x", "a.b.c", "x" * 5000, "eyJhbGciOiJFZERTQSJ9.e30."])
def test_garbage_is_refused_with_a_message(garbage: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(tokens.SiteTokenRefused):
        tokens.verify(garbage, keyset(key), SITE)
