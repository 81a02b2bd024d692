"""The exceptions of the Vedette SDK, and the one mapping from gRPC status codes to them.

Every failure a caller of ``vedette_api`` sees is a ``VedetteError``: server errors
keep the server's message (which names the field and the bad value, never a
secret), the gRPC code, and the server's stable ``reason`` with its ``metadata``
(the ``google.rpc.ErrorInfo`` of the status details: docs/api.md "Errors"), so a
client can say it in its user's language; client-side refusals (a changed
certificate, plaintext to a remote host) are subclasses with the facts as attributes.
"""

from __future__ import annotations

from collections.abc import Mapping

import grpc
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2

#: The ErrorInfo domain of Vedette's servers.
ERROR_DOMAIN = "vedette"
_DETAILS_KEY = "grpc-status-details-bin"


class VedetteError(Exception):
    """A failed Vedette operation. ``message`` is fit to show to a person."""

    #: The gRPC status code name (``"NOT_FOUND"``…) for server errors, else ``None``.
    grpc_code: str | None = None

    def __init__(
        self, message: str, *, reason: str = "", metadata: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The server's stable reason (``"INVALID_FIELD"``, ``"NOT_FOUND"``…; docs/api.md
        #: "Errors"); empty when the server sent none (an older server, a transport error).
        self.reason = reason
        #: The reason's facts (``{"field": "name", "detail": "..."}``), all strings.
        self.metadata: dict[str, str] = dict(metadata or {})


class NotFound(VedetteError):
    """The camera, volume or other resource named does not exist."""

    grpc_code = "NOT_FOUND"


class InvalidArgument(VedetteError):
    """A request field has a bad value; the message names the field."""

    grpc_code = "INVALID_ARGUMENT"


class AlreadyExists(VedetteError):
    """The name or path is already taken."""

    grpc_code = "ALREADY_EXISTS"


class FailedPrecondition(VedetteError):
    """The request is valid but impossible in the current state."""

    grpc_code = "FAILED_PRECONDITION"


class Aborted(VedetteError):
    """Someone else changed it since it was read (an alarm's or rule's version):
    reload and try again."""

    grpc_code = "ABORTED"


class PermissionDenied(VedetteError):
    """The logged-in user lacks the right for this operation or camera."""

    grpc_code = "PERMISSION_DENIED"


class Unauthenticated(VedetteError):
    """Wrong user name or password, or the session token expired or was closed."""

    grpc_code = "UNAUTHENTICATED"


class ResourceExhausted(VedetteError):
    """The server refuses for now (logins throttled, a limit reached)."""

    grpc_code = "RESOURCE_EXHAUSTED"


class Unavailable(VedetteError):
    """The server cannot be reached or is shutting down."""

    grpc_code = "UNAVAILABLE"


class DeadlineExceeded(VedetteError):
    """The call did not finish within its deadline."""

    grpc_code = "DEADLINE_EXCEEDED"


class Unimplemented(VedetteError):
    """The server does not offer this RPC (an older server)."""

    grpc_code = "UNIMPLEMENTED"


class Cancelled(VedetteError):
    """The call was cancelled."""

    grpc_code = "CANCELLED"


class ServerError(VedetteError):
    """Any other server failure (INTERNAL, UNKNOWN, DATA_LOSS, ...)."""


class InsecureConnectionRefused(VedetteError):
    """Plaintext (``insecure=True``) was asked for a host that is not loopback."""

    def __init__(self, address: str) -> None:
        super().__init__(
            f"refusing an unencrypted connection to {address}: plaintext is only allowed "
            "to a loopback address (127.0.0.1, ::1, localhost); drop --insecure to use TLS"
        )
        self.address = address


class CertificateMismatch(VedetteError):
    """The server presented a certificate other than the one pinned for it."""

    def __init__(
        self,
        server: str,
        *,
        pinned_fingerprint: str,
        presented_fingerprint: str,
        known_servers_path: str,
    ) -> None:
        super().__init__(
            f"the TLS certificate of {server} has changed; refusing to connect.\n"
            f"  pinned:    SHA-256 {pinned_fingerprint}\n"
            f"  presented: SHA-256 {presented_fingerprint}\n"
            "This happens when the server was reinstalled or its certificate was "
            "regenerated, but it is also what an attacker intercepting the connection "
            "looks like. Compare the presented fingerprint with the one the server "
            "prints; if they match, trust the new certificate with "
            "--trust-new-certificate (SDK: trust_new=True). "
            f"Pinned certificates are stored in {known_servers_path}."
        )
        self.server = server
        self.pinned_fingerprint = pinned_fingerprint
        self.presented_fingerprint = presented_fingerprint
        self.known_servers_path = known_servers_path


_BY_CODE: dict[grpc.StatusCode, type[VedetteError]] = {
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.OUT_OF_RANGE: InvalidArgument,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExists,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.ABORTED: Aborted,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
    grpc.StatusCode.UNIMPLEMENTED: Unimplemented,
    grpc.StatusCode.CANCELLED: Cancelled,
}


def error_info(error: grpc.RpcError) -> tuple[str, dict[str, str]]:
    """The reason and metadata of the Vedette ``ErrorInfo`` in a failed call's status
    details; ``("", {})`` when it has none (or they cannot be read)."""
    trailers = error.trailing_metadata() if isinstance(error, grpc.Call) else None
    for key, value in trailers or ():
        if key != _DETAILS_KEY or not isinstance(value, bytes):
            continue
        try:
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info) and info.domain == ERROR_DOMAIN:
                    return info.reason, dict(info.metadata)
        except DecodeError:
            return "", {}
    return "", {}


def error_from_rpc(error: grpc.RpcError, *, server: str) -> VedetteError:
    """Translate a failed gRPC call into the matching ``VedetteError`` subclass.

    The server's message is kept as it is, with its reason and metadata; transport
    failures (no details from the server) get a message naming ``server``.
    """
    code: grpc.StatusCode | None = error.code() if isinstance(error, grpc.Call) else None
    details = (error.details() if isinstance(error, grpc.Call) else None) or ""
    cls = _BY_CODE.get(code, ServerError) if code is not None else ServerError
    if cls is Unavailable:
        message = f"cannot reach the Vedette server at {server}: {details or 'unavailable'}"
    elif cls is DeadlineExceeded:
        message = f"the Vedette server at {server} did not answer in time"
    else:
        message = details or f"{code.name if code else 'error'} from {server}"
    reason, metadata = error_info(error)
    result = cls(message, reason=reason, metadata=metadata)
    if cls is ServerError and code is not None:
        result.grpc_code = code.name
    return result
