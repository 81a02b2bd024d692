"""The one place where domain errors become gRPC status codes and messages.

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

from vedette_server import errors
from vedette_server.export.errors import ExportCancelled, UnreadableSegment
from vedette_server.log_redaction import mask_urls

log = logging.getLogger(__name__)
MAX_STATUS_MESSAGE_CHARS: Final = 400

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


async def _abort(context: grpc.aio.ServicerContext, method: str, error: Exception) -> None:
    code = status_for(error)
    if code is grpc.StatusCode.INTERNAL:
        log.exception("%s failed", method, exc_info=error)
        await context.abort(code, f"internal error in {method}; see the server log")
    await context.abort(code, status_message(error))


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
