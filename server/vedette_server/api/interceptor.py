"""Puts every API method behind the ``CallGate``: servicers are registered through a
``GatedRegistrar``, which wraps each method handler.

Invariants:
- Every method of a Vedette service runs only after ``CallGate.admit`` let it
  through; a refusal aborts with the status of the domain error. Health and
  reflection are outside the API: they pass the access filter only. A servicer
  registered on the gRPC server directly, not through a registrar, would be
  unguarded: ``composition`` registers every service through one.
- Unary calls get a server-side deadline (``UNARY_DEADLINE_S``) whatever the
  client asked, so no call can hold the server forever.
- After an audited call, its outcome (``OK`` or the status name) is written to the
  system log.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc

from vedette_server.api.gate import Admission, CallGate
from vedette_server.api.peer import parse_peer
from vedette_server.api.status import status_for
from vedette_server.errors import VedetteError

UNARY_DEADLINE_S = 120.0

_KINDS = {
    (False, False): ("unary_unary", grpc.unary_unary_rpc_method_handler),
    (False, True): ("unary_stream", grpc.unary_stream_rpc_method_handler),
    (True, False): ("stream_unary", grpc.stream_unary_rpc_method_handler),
    (True, True): ("stream_stream", grpc.stream_stream_rpc_method_handler),
}


def _outcome(context: grpc.aio.ServicerContext) -> str:
    code = context.code()
    if code is None:
        return "OK"
    if isinstance(code, grpc.StatusCode):
        return str(code.name)
    return str(code)


async def _refuse(context: grpc.aio.ServicerContext, error: VedetteError) -> None:
    await context.abort(status_for(error), str(error))


class GatedRegistrar:
    """Stands in for the gRPC server while servicers are added: every method handler is
    wrapped with the gate before the real server gets it.

    Wrapping at registration, not with a ``grpc.aio.ServerInterceptor``, spares every
    call the interceptor round trip (an extra coroutine and handler lookup per call:
    measured at most of the gate's cost, bench/auth.py).
    """

    def __init__(
        self,
        server: grpc.aio.Server,
        gate: CallGate,
        *,
        open_service: bool = False,
        gated: bool = True,
    ) -> None:
        self.server = server
        self.gate = gate
        self.open_service = open_service
        self.gated = gated  # False: register the handlers as they are (benchmarks only)

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        """Ignored: ``add_registered_method_handlers`` registers the wrapped ones."""

    def add_registered_method_handlers(
        self, service: str, method_handlers: dict[str, grpc.RpcMethodHandler]
    ) -> None:
        wrapped = {
            name: self._wrap(f"/{service}/{name}", handler)
            for name, handler in method_handlers.items()
        }
        self.server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(service, wrapped),)
        )
        self.server.add_registered_method_handlers(service, wrapped)

    def _wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        if not self.gated:
            return handler
        attribute, make = _KINDS[(handler.request_streaming, handler.response_streaming)]
        behaviour = getattr(handler, attribute)
        if self.open_service:
            wrapped = self._filtered(behaviour, handler.response_streaming)
        else:
            wrapped = self._gated(method, behaviour, handler)
        return make(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _admit(self, method: str, request: Any, context: grpc.aio.ServicerContext) -> Admission:
        return self.gate.admit(
            method,
            parse_peer(context.peer()),
            context.invocation_metadata(),
            request,
        )

    def _filtered(self, behaviour: Callable[..., Any], streaming: bool) -> Callable[..., Any]:
        gate = self.gate

        if streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                try:
                    gate.check_filter(parse_peer(context.peer()))
                except VedetteError as error:
                    await _refuse(context, error)
                async for item in behaviour(request, context):
                    yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                gate.check_filter(parse_peer(context.peer()))
            except VedetteError as error:
                await _refuse(context, error)
            return await behaviour(request, context)

        return unary

    def _gated(
        self, method: str, behaviour: Callable[..., Any], handler: grpc.RpcMethodHandler
    ) -> Callable[..., Any]:
        gate = self.gate
        request_streaming = handler.request_streaming

        if handler.response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                first = None if request_streaming else request
                try:
                    admission = self._admit(method, first, context)
                except VedetteError as error:
                    await _refuse(context, error)
                    return
                try:
                    async for item in behaviour(request, context):
                        yield item
                finally:
                    gate.finish(admission, _outcome(context), first)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            first = None if request_streaming else request
            try:
                admission = self._admit(method, first, context)
            except VedetteError as error:
                await _refuse(context, error)
                return None
            audited = admission.rule.audit is not None
            try:
                remaining = context.time_remaining()
                if remaining is not None and remaining <= UNARY_DEADLINE_S:
                    return await behaviour(request, context)  # the client's deadline is enough
                async with asyncio.timeout(UNARY_DEADLINE_S):
                    return await behaviour(request, context)
            except TimeoutError:
                await context.abort(
                    grpc.StatusCode.DEADLINE_EXCEEDED,
                    f"{method} took longer than the server's {UNARY_DEADLINE_S:g} s limit",
                )
            finally:
                if audited:
                    gate.finish(admission, _outcome(context), first)

        return unary
