"""A camera's ONVIF account password: SetUser for one existing user.

Invariants: the password goes to the camera only; no error, log line or result here
carries it (a refusal keeps the camera's reason, cut short, which is about the
user, never the password). A camera that does not list the user in GetUsers is
refused before anything changes (``InvalidArgument``); a camera without the
operation is ``FailedPrecondition``.
"""

from __future__ import annotations

from typing import Any, Final

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

MAX_PASSWORD_CHARS: Final = 64
_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoSuchService"}
_REFUSED: Final = {
    "InvalidArgVal",
    "InvalidArgs",
    "UsernameMissing",
    "PasswordTooWeak",
    "PasswordTooLong",
    "FixedUser",
    "AnonymousNotAllowed",
    "UsernameClash",
}


class NoUserAccounts(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} cannot change its passwords: {why}")


class PasswordRefused(InvalidArgument):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__("new_password", f"camera {host}:{port} refused it: {reason}")


def check_password(password: str) -> str:
    """A new password as cameras take it; INVALID_ARGUMENT (without the password) if not."""
    if not password:
        raise InvalidArgument("new_password", "is required")
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidArgument("new_password", f"is longer than {MAX_PASSWORD_CHARS} characters")
    if not password.isprintable():
        raise InvalidArgument("new_password", "has characters that cannot be typed")
    return password


async def _call(device: OnvifDevice, operation: str, params: Any = None) -> Any:
    try:
        return await device.call("devicemgmt", operation, params)
    except OnvifError as error:
        cause = error.__cause__
        subcodes = {getattr(q, "localname", str(q)) for q in getattr(cause, "subcodes", None) or []}
        if subcodes & _NOT_SUPPORTED:
            raise NoUserAccounts(
                device.host, device.port, f"{operation} is not supported"
            ) from None
        if subcodes & _REFUSED:
            why = sorted(subcodes & _REFUSED)[-1]
            raise PasswordRefused(device.host, device.port, why) from None
        raise


async def set_password(device: OnvifDevice, user: str, password: str) -> None:
    """Change ``user``'s password on the camera (its level is kept)."""
    users = await _call(device, "GetUsers") or []
    levels = {str(getattr(u, "Username", "")): getattr(u, "UserLevel", None) for u in users}
    if user not in levels:
        raise InvalidArgument(
            "camera_ids", f"camera {device.host}:{device.port} has no ONVIF user {user[:64]!r}"
        )
    entry = {"Username": user, "Password": password, "UserLevel": levels[user] or "Administrator"}
    await _call(device, "SetUser", {"User": [entry]})
