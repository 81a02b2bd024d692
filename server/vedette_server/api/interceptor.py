"""The authentication gate in front of every RPC.

Invariant: every method except Login, the gRPC health service and reflection
needs a valid ``authorization: Bearer <token>``; anything else gets
UNAUTHENTICATED before the servicer runs. The caller's session reaches servicers
through :data:`current_session`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from vedette_server.api.sessions import LoginSession, SessionTable

current_session: contextvars.ContextVar[LoginSession | None] = contextvars.ContextVar(
    "current_session", default=None
)

OPEN_PREFIXES = (
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)
OPEN_METHODS = frozenset({"/vedette.v1.AuthService/Login"})


def bearer_token(metadata: tuple[tuple[str, str | bytes], ...] | None) -> str | None:
    for key, value in metadata or ():
        if key == "authorization" and isinstance(value, str) and value.startswith("Bearer "):
            return value[7:].strip() or None
    return None


def _wrap(handler: grpc.RpcMethodHandler, session: LoginSession) -> grpc.RpcMethodHandler:
    def bind(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        if handler.response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> Any:
                current_session.set(session)
                async for item in behaviour(request, context):
                    yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            current_session.set(session)
            return await behaviour(request, context)

        return unary

    kinds = {
        (False, False): ("unary_unary", grpc.unary_unary_rpc_method_handler),
        (False, True): ("unary_stream", grpc.unary_stream_rpc_method_handler),
        (True, False): ("stream_unary", grpc.stream_unary_rpc_method_handler),
        (True, True): ("stream_stream", grpc.stream_stream_rpc_method_handler),
    }
    attribute, make = kinds[(handler.request_streaming, handler.response_streaming)]
    return make(
        bind(getattr(handler, attribute)),
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def _deny(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    async def abort(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    if handler.request_streaming or handler.response_streaming:

        async def abort_stream(request: Any, context: grpc.aio.ServicerContext) -> Any:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)
            yield None  # pragma: no cover - makes this an async generator

        if handler.request_streaming and handler.response_streaming:
            return grpc.stream_stream_rpc_method_handler(abort_stream)
        if handler.request_streaming:
            return grpc.stream_unary_rpc_method_handler(abort)
        return grpc.unary_stream_rpc_method_handler(abort_stream)
    return grpc.unary_unary_rpc_method_handler(abort)


class AuthInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, sessions: SessionTable) -> None:
        self.sessions = sessions

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        method = handler_call_details.method
        handler = await continuation(handler_call_details)
        if handler is None or method in OPEN_METHODS or method.startswith(OPEN_PREFIXES):
            return handler
        token = bearer_token(handler_call_details.invocation_metadata)
        if token is None:
            return _deny(handler, "missing 'authorization: Bearer <token>' metadata; log in first")
        session = self.sessions.validate(token)
        if session is None:
            return _deny(handler, "session expired or logged out; log in again")
        return _wrap(handler, session)
