"""Why talking to an ONVIF camera failed, as typed errors with the facts in them.

Each error names the camera (host and port) and says in words what to do; none
carries a password. They are ``FailedPrecondition``s for the API (the camera, not the
request, is at fault); ``TestCamera`` reports them as a ``kind`` in its response
instead of failing the call.
"""

from __future__ import annotations

import enum

from vedette_server.errors import FailedPrecondition


class OnvifErrorKind(enum.Enum):
    UNREACHABLE = "unreachable"
    NOT_AUTHORIZED = "not_authorized"
    CLOCK_SKEW = "clock_skew"
    DIGEST_REQUIRED = "digest_required"
    NOT_ONVIF = "not_onvif"


class OnvifError(FailedPrecondition):
    """Base of the errors a camera's ONVIF service can cause."""

    error_reason = "CAMERA_ONVIF_FAILED"
    fact_names = ("host", "port")

    kind: OnvifErrorKind

    def __init__(self, host: str, port: int, message: str) -> None:
        super().__init__(f"camera {host}:{port}: {message}")
        self.host = host
        self.port = port


class CameraUnreachable(OnvifError):
    kind = OnvifErrorKind.UNREACHABLE

    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(
            host, port, f"unreachable ({why}); check the address, the port and the network"
        )
        self.why = why


class NotAuthorised(OnvifError):
    kind = OnvifErrorKind.NOT_AUTHORIZED

    def __init__(self, host: str, port: int, user: str) -> None:
        super().__init__(
            host, port, f"refused the credentials of user {user!r}; check the user and password"
        )
        self.user = user


class ClockSkew(OnvifError):
    """The camera refused a token while its clock is far from ours: WS-Security tokens
    are only valid within a window (±5 min on most cameras) of the camera's clock."""

    kind = OnvifErrorKind.CLOCK_SKEW

    def __init__(self, host: str, port: int, offset_s: float) -> None:
        super().__init__(
            host,
            port,
            f"refused the credentials and its clock is {describe_offset(offset_s)} the"
            " server's; the password may be right: set the camera's clock (NTP), or check"
            " the password",
        )
        self.offset_s = offset_s


class DigestRequired(OnvifError):
    kind = OnvifErrorKind.DIGEST_REQUIRED

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            host,
            port,
            "wants HTTP Digest authentication, and WS-Security alone was allowed; use the"
            " automatic authentication mode",
        )


class NotOnvifDevice(OnvifError):
    kind = OnvifErrorKind.NOT_ONVIF

    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(host, port, f"does not answer as an ONVIF device ({why}); check the port")
        self.why = why


class OperationUnsupported(NotOnvifDevice):
    """The camera answered ``ter:ActionNotSupported``: it is an ONVIF device, but one
    without this operation. A ``NotOnvifDevice`` for the callers that treat any SOAP
    fault as the camera's refusal (PTZ, events)."""

    def __init__(self, host: str, port: int, operation: str, reason: str) -> None:
        OnvifError.__init__(
            self,
            host,
            port,
            f"does not support the ONVIF operation {operation} (ActionNotSupported: {reason})",
        )
        self.why = f"{operation} not supported: {reason}"
        self.operation = operation


def describe_offset(offset_s: float) -> str:
    """'6 h 0 min ahead of' / '90 s behind' (for messages)."""
    direction = "ahead of" if offset_s >= 0 else "behind"
    seconds = round(abs(offset_s))
    if seconds >= 3600:
        amount = f"{seconds // 3600} h {seconds % 3600 // 60} min"
    elif seconds >= 120:
        amount = f"{seconds // 60} min"
    else:
        amount = f"{seconds} s"
    return f"{amount} {direction}"
