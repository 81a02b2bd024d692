"""Who may call camsim's ONVIF operations: WS-UsernameToken and HTTP Digest, as cameras check them.

Invariants (ONVIF Core "Authentication"; research note §2.3):
- Operations in ``PRE_AUTH`` are answered to anyone, whatever credentials come with
  them: that is how a client reads the camera's clock before it can sign.
- HTTP credentials are checked first when an ``Authorization`` header is present (RFC
  7616 Digest with MD5, nonces from ``RtspAuthenticator``); a refused or missing one
  answers 401 with a fresh challenge. Without one, a ``wsse:UsernameToken`` is checked;
  refused, it answers 400 (the SOAP 1.2 binding of an ``env:Sender`` fault). With no
  credentials at all the answer is 401 with a challenge, as the Core spec asks.
- A digest-only camera (``--fault camN:digest-only``) answers 401 with a challenge to
  any request without HTTP credentials, UsernameToken or not, as some Hikvision
  firmware does.
- PasswordDigest is Base64(SHA-1(nonce bytes + Created + password)); both Nonce and
  Created are required, and Created must lie within ``window_s`` of the *device*
  clock (faults included), as a camera checks it. No replay check (some clients reuse
  one nonce for a whole run, research note §2.3). PasswordText is accepted too.
- Passwords never appear in a fault reason or a log line; secrets are compared with
  ``hmac.compare_digest``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from vedette_api.timestamps import US_PER_S
from vedette_server.camsim.onvif.model import DeviceClock
from vedette_server.camsim.onvif.soap import WSSE, WSU, SoapFault, not_authorized
from vedette_server.rtsp.auth import RtspAuthenticator

#: Answered without credentials (ONVIF Core, "PRE_AUTH" access class).
PRE_AUTH = frozenset(
    {
        "GetSystemDateAndTime",
        "GetServices",
        "GetCapabilities",
        "GetWsdlUrl",
        "GetServiceCapabilities",
    }
)
#: How far wsu:Created may be from the device clock: ±5 min, as many cameras allow.
DEFAULT_WINDOW_S = 300.0
REALM = "camsim-onvif"

_PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused, and the challenge headers to send (401 only)."""

    fault: SoapFault
    challenge: list[str]


class OnvifAuthenticator:
    """Checks one user's credentials for one camera (its clock decides freshness)."""

    def __init__(
        self,
        user: str,
        password: str,
        clock: DeviceClock,
        digest: RtspAuthenticator,
        *,
        window_s: float = DEFAULT_WINDOW_S,
        digest_only: Callable[[], bool] = lambda: False,
    ) -> None:
        self._digest_only = digest_only
        self._user = user
        self._password = password
        self._clock = clock
        self._digest = digest
        self._window_us = round(window_s * US_PER_S)

    def __repr__(self) -> str:
        return f"OnvifAuthenticator(user={self._user!r}, password=***)"

    @property
    def user(self) -> str:
        return self._user

    def set_password(self, password: str) -> None:
        """From now on only ``password`` is accepted (SetUser); Digest nonces issued
        before stay valid, as they carry no password."""
        self._password = password
        self._digest = RtspAuthenticator.for_user(
            self._user, password, self._digest.realm, schemes=("digest",)
        )

    def check(
        self, operation: str, authorization: str | None, header: etree._Element | None
    ) -> Refusal | None:
        """None when the request may proceed, else the refusal to answer with."""
        if operation in PRE_AUTH:
            return None
        if authorization is not None and authorization.strip():
            result = self._digest.authenticate("POST", authorization)
            if result.user is not None:
                return None
            return Refusal(
                not_authorized(f"HTTP authentication refused: {result.reason}", http_status=401),
                self._digest.challenge(stale=result.stale),
            )
        if self._digest_only():
            return Refusal(
                not_authorized(
                    "this camera accepts HTTP Digest only, not WS-UsernameToken",
                    http_status=401,
                ),
                self._digest.challenge(),
            )
        token = (
            None if header is None else header.find(f"{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
        )
        if token is None:
            return Refusal(
                not_authorized(
                    "credentials required: send a UsernameToken or HTTP Digest", http_status=401
                ),
                self._digest.challenge(),
            )
        reason = self._username_token_refusal(token)
        return None if reason is None else Refusal(not_authorized(reason), [])

    def _username_token_refusal(self, token: etree._Element) -> str | None:
        user = (token.findtext(f"{{{WSSE}}}Username") or "").strip()
        password = token.find(f"{{{WSSE}}}Password")
        if password is None or password.text is None:
            return "UsernameToken without a Password"
        same_user = hmac.compare_digest(user.encode(), self._user.encode())
        kind = password.get("Type", "#PasswordText")  # the profile's default when omitted
        if kind.endswith("#PasswordText"):
            same = hmac.compare_digest(password.text.strip().encode(), self._password.encode())
            return None if same and same_user else "UsernameToken refused (wrong user or password)"
        if kind != _PASSWORD_DIGEST:
            return f"UsernameToken Password Type {kind[:120]!r} is not supported"
        nonce_text = token.findtext(f"{{{WSSE}}}Nonce")
        created = token.findtext(f"{{{WSU}}}Created")
        if not nonce_text or not created:
            return "a PasswordDigest UsernameToken needs both Nonce and Created"
        try:
            nonce = base64.b64decode(nonce_text.strip(), validate=True)
            expected = base64.b64decode(password.text.strip(), validate=True)
        except (binascii.Error, ValueError):
            return "UsernameToken Nonce or Password is not base64"
        created = created.strip()
        digest = hashlib.sha1(nonce + created.encode() + self._password.encode()).digest()
        if not (hmac.compare_digest(digest, expected) and same_user):
            return "UsernameToken refused (wrong user or password)"
        return self._freshness_refusal(created)

    def _freshness_refusal(self, created: str) -> str | None:
        try:
            when = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            return f"UsernameToken Created {created[:40]!r} is not an xs:dateTime"
        if when.tzinfo is None:
            return f"UsernameToken Created {created!r} has no time zone"
        skew_us = round(when.timestamp() * US_PER_S) - self._clock.now_us()
        if abs(skew_us) > self._window_us:
            return (
                f"UsernameToken Created is {skew_us / US_PER_S:+.0f} s from the device clock"
                f" (allowed ±{self._window_us / US_PER_S:.0f} s): is a clock wrong?"
            )
        return None
