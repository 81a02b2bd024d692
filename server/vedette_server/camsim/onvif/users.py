"""A simulated camera's accounts: GetUsers lists them, SetUser changes a password.

camsim has at most one account (``--user``/``--password``), an Administrator, and it
is the same for every camera of the process and for its RTSP server (one RTSP server
serves them all): after SetUser on any camera, ONVIF (WS-UsernameToken and HTTP
Digest) and RTSP accept only the new password, on every camera of that camsim. A
test that changes a password runs its own camsim (docs/onvif.md says so).

Invariants: a password never appears in an answer, a fault or a log line; SetUser
for a user the camera does not have, a repeated user, or an empty password is
refused with ``ter:InvalidArgVal`` and nothing changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from lxml import etree

from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TDS, TT, SoapRequest, invalid_arg_val
from vedette_server.rtsp.auth import StaticCredentials

log = logging.getLogger("vedette.camsim.onvif")

Operation = Callable[[SoapRequest], etree._Element]
USER_LEVEL = "Administrator"


class SharedAccount:
    """camsim's one account, which SetUser changes: RTSP's authenticator reads it through
    ``check_password`` and ``digest_ha1``; ``listeners`` (the ONVIF authenticators)
    are told the new password."""

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self._credentials = StaticCredentials(user, password)
        self.listeners: list[Callable[[str], None]] = []

    def __repr__(self) -> str:
        return f"SharedAccount(user={self.user!r}, password=***)"

    def set_password(self, password: str) -> None:
        self._credentials = StaticCredentials(self.user, password)
        for listener in self.listeners:
            listener(password)

    def check_password(self, user: str, password: str) -> bool:
        return self._credentials.check_password(user, password)

    def digest_ha1(self, realm: str) -> Callable[[str], str | None]:
        return lambda user: self._credentials.ha1(user, realm)


class UserOperations:
    """GetUsers and SetUser for one camera. ``user`` is its account ("" when camsim runs
    without credentials); ``set_password(password)`` makes the camera require it."""

    def __init__(self, camera_name: str, schema: OnvifSchema) -> None:
        self.camera_name = camera_name
        self.schema = schema
        self.user = ""
        self.set_password: Callable[[str], None] | None = None
        self.operations: dict[str, Operation] = {
            "GetUsers": self.get_users,
            "SetUser": self.set_user,
        }

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TDS, name, **fields)

    def get_users(self, request: SoapRequest) -> etree._Element:
        users = [{"Username": self.user, "UserLevel": USER_LEVEL}] if self.user else []
        return self._render("GetUsersResponse", User=users)

    def set_user(self, request: SoapRequest) -> etree._Element:
        changes: dict[str, str] = {}
        for element in request.body.iter(f"{{{TDS}}}User"):
            name = (element.findtext(f"{{{TT}}}Username") or "").strip()
            password = element.findtext(f"{{{TT}}}Password")
            if name in changes:
                raise invalid_arg_val("UsernameClash", f"user {name[:64]!r} is named twice")
            if not self.user or name != self.user:
                raise invalid_arg_val("UsernameMissing", f"this camera has no user {name[:64]!r}")
            if not password:
                raise invalid_arg_val("PasswordTooWeak", "the new password is empty")
            changes[name] = password
        if not changes:
            raise invalid_arg_val("UsernameMissing", "SetUser names no user")
        if self.set_password is None:
            raise invalid_arg_val("UsernameMissing", "this camera's accounts cannot change")
        for name, password in changes.items():
            self.set_password(password)
            log.info("%s: password of user %s changed by SetUser", self.camera_name, name)
        return self._render("SetUserResponse")
