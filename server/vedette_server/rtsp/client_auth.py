"""RTSP client authentication: answering a camera's Basic or Digest challenge (RFC 2617).

Owns choosing a scheme from the ``WWW-Authenticate`` values of a 401 (Digest
over Basic) and computing the ``Authorization`` value of every later request:
Digest with MD5 or MD5-sess, with ``qop=auth`` (a fresh cnonce and an incrementing
nonce count) when the challenge offers it, the RFC 2069 form otherwise.

Invariants: the password never appears in a repr, a message or an exception; the
only place it is used is the hash (Digest) or the base64 token (Basic).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from vedette_server.rtsp.auth import parse_auth_params


def _md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ClientAuth:
    """Credentials of one camera and the challenge they answer (once challenged)."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self._password = password
        self.scheme = ""  # "", "basic" or "digest"
        self._challenge: dict[str, str] = {}
        self._nonce_count = 0

    def __repr__(self) -> str:
        return f"ClientAuth(username={self.username!r}, scheme={self.scheme!r}, password=***)"

    @property
    def has_credentials(self) -> bool:
        return bool(self.username)

    def accept_challenge(self, values: list[str]) -> bool:
        """Take the strongest usable scheme of a 401's challenges; False when none is.

        Returns False as well when the challenge brings nothing new (same scheme and
        nonce as the one already answered, not stale): the credentials were refused.
        """
        offers: dict[str, dict[str, str]] = {}
        for value in values:
            scheme, _, rest = value.strip().partition(" ")
            params = parse_auth_params(rest) or {}
            if scheme.lower() == "digest" and "nonce" in params and "realm" in params:
                algorithm = params.get("algorithm", "MD5").upper()
                if algorithm in ("MD5", "MD5-SESS"):
                    offers.setdefault("digest", params)
            elif scheme.lower() == "basic":
                offers.setdefault("basic", params)
        for scheme in ("digest", "basic"):
            if scheme not in offers:
                continue
            params = offers[scheme]
            stale = params.get("stale", "").lower() == "true"
            if (
                scheme == self.scheme
                and not stale
                and (scheme == "basic" or params.get("nonce") == self._challenge.get("nonce"))
            ):
                return False
            self.scheme, self._challenge, self._nonce_count = scheme, params, 0
            return True
        return False

    def header(self, method: str, uri: str) -> str | None:
        """The Authorization value for a request, or None before any challenge."""
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.username}:{self._password}".encode()).decode()
            return f"Basic {token}"
        if self.scheme != "digest":
            return None
        challenge = self._challenge
        realm, nonce = challenge["realm"], challenge["nonce"]
        algorithm = challenge.get("algorithm", "MD5")
        ha1 = _md5_hex(f"{self.username}:{realm}:{self._password}")
        ha2 = _md5_hex(f"{method}:{uri}")
        qops = [q.strip().lower() for q in challenge.get("qop", "").split(",")]
        fields = [
            f"username={_quote(self.username)}",
            f"realm={_quote(realm)}",
            f"nonce={_quote(nonce)}",
            f"uri={_quote(uri)}",
        ]
        cnonce = secrets.token_hex(8)
        if algorithm.upper() == "MD5-SESS":
            ha1 = _md5_hex(f"{ha1}:{nonce}:{cnonce}")
        if "auth" in qops:
            self._nonce_count += 1
            nc = f"{self._nonce_count:08x}"
            response = _md5_hex(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            fields += [f"response={_quote(response)}", "qop=auth", f"nc={nc}"]
            fields.append(f"cnonce={_quote(cnonce)}")
        else:
            response = _md5_hex(f"{ha1}:{nonce}:{ha2}")
            fields.append(f"response={_quote(response)}")
            if algorithm.upper() == "MD5-SESS":
                fields.append(f"cnonce={_quote(cnonce)}")
        fields.append(f"algorithm={algorithm}")
        if "opaque" in challenge:
            fields.append(f"opaque={_quote(challenge['opaque'])}")
        return "Digest " + ", ".join(fields)
