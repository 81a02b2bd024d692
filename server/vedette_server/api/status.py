"""The one place where domain errors become gRPC status codes and messages.

Every error a call ends with carries a ``google.rpc.ErrorInfo`` (domain ``vedette``,
the error's stable ``reason`` and its ``metadata``) in a ``google.rpc.Status`` in the
``grpc-status-details-bin`` trailer, while the status message stays the English
sentence (AIP-193): a client shows the reason in its user's language, or the
sentence when it does not know the reason (docs/api.md "Errors").

A status message is at most ``MAX_STATUS_MESSAGE_CHARS`` characters, URL credentials
masked (``status_message``), whichever code built the error: a client that sent a
megabyte gets a short answer, and no camera password travels back.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final, TypeVar

import grpc
from google.rpc import error_details_pb2, status_pb2

from vedette_server import errors
from vedette_server.export.errors import ExportCancelled, UnreadableSegment
from vedette_server.log_redaction import mask_urls

log = logging.getLogger(__name__)
MAX_STATUS_MESSAGE_CHARS: Final = 400
ERROR_DOMAIN: Final = "vedette"
#: The trailer gRPC clients read rich error details from (grpcio-status).
DETAILS_KEY: Final = "grpc-status-details-bin"
INTERNAL_REASON: Final = "INTERNAL"

_CODES: list[tuple[type[Exception], grpc.StatusCode]] = [
    (UnreadableSegment, grpc.StatusCode.DATA_LOSS),
    (ExportCancelled, grpc.StatusCode.CANCELLED),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (errors.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (errors.ResourceExhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (errors.Unavailable, grpc.StatusCode.UNAVAILABLE),
]

T = TypeVar("T")


def status_for(error: Exception) -> grpc.StatusCode:
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code
    return grpc.StatusCode.INTERNAL


def status_message(error: Exception) -> str:
    """The error's message as a client may see it: masked and short."""
    text = str(error)
    if len(text) <= MAX_STATUS_MESSAGE_CHARS:
        return mask_urls(text)
    head = mask_urls(text[:MAX_STATUS_MESSAGE_CHARS], cut=True)
    return f"{head}… ({len(text)} characters)"


def error_info(error: Exception) -> tuple[str, dict[str, str]]:
    """The error's reason and metadata (``INTERNAL`` and none for an unexpected one)."""
    if isinstance(error, errors.VedetteError):
        return error.error_reason, error.metadata
    return INTERNAL_REASON, {}


def details_trailer(
    code: grpc.StatusCode, message: str, reason: str, metadata: dict[str, str]
) -> tuple[tuple[str, bytes], ...]:
    """The ``grpc-status-details-bin`` trailer: a Status holding one ErrorInfo."""
    info = error_details_pb2.ErrorInfo(reason=reason, domain=ERROR_DOMAIN, metadata=metadata)
    status = status_pb2.Status(code=code.value[0], message=message)
    status.details.add().Pack(info)
    return ((DETAILS_KEY, status.SerializeToString()),)


async def abort(
    context: grpc.aio.ServicerContext,
    code: grpc.StatusCode,
    message: str,
    reason: str,
    **metadata: object,
) -> None:
    """End the call with ``code``, ``message`` and an ErrorInfo of ``reason`` and
    ``metadata`` (for calls that end without a domain error). Raises."""
    facts = {k: errors.metadata_value(v) for k, v in metadata.items() if v is not None}
    await context.abort(code, message, details_trailer(code, message, reason, facts))


async def abort_for(context: grpc.aio.ServicerContext, error: Exception) -> None:
    """End the call with ``error``'s status, message and ErrorInfo. Raises."""
    reason, metadata = error_info(error)
    await abort(context, status_for(error), status_message(error), reason, **metadata)


async def _abort(context: grpc.aio.ServicerContext, method: str, error: Exception) -> None:
    code = status_for(error)
    if code is grpc.StatusCode.INTERNAL:
        log.exception("%s failed", method, exc_info=error)
        message = f"internal error in {method}; see the server log"
        await abort(context, code, message, INTERNAL_REASON, method=method)
    await abort_for(context, error)


def unary(
    method: Callable[[Any, Any, grpc.aio.ServicerContext], Awaitable[T]],
) -> Callable[[Any, Any, grpc.aio.ServicerContext], Awaitable[T]]:
    """Map domain errors raised by a unary servicer method to status codes."""

    @functools.wraps(method)
    async def wrapper(self: Any, request: Any, context: grpc.aio.ServicerContext) -> T:
        try:
            return await method(self, request, context)
        except errors.VedetteError as error:
            await _abort(context, method.__name__, error)
            raise  # unreachable: abort raises
        except (grpc.aio.AbortError, grpc.RpcError):
            raise
        except Exception as error:
            await _abort(context, method.__name__, error)
            raise

    return wrapper


def streaming(
    method: Callable[[Any, Any, grpc.aio.ServicerContext], AsyncIterator[T]],
) -> Callable[[Any, Any, grpc.aio.ServicerContext], AsyncIterator[T]]:
    """Map domain errors raised by a server-streaming servicer method to status codes."""

    @functools.wraps(method)
    async def wrapper(
        self: Any, request: Any, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[T]:
        try:
            async for item in method(self, request, context):
                yield item
        except (grpc.aio.AbortError, grpc.RpcError):
            raise
        except Exception as error:
            await _abort(context, method.__name__, error)

    return wrapper
