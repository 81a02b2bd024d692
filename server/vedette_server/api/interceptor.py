"""Puts every API method behind the ``CallGate``: servicers are registered through a
``GatedRegistrar``, which wraps each method handler.

Invariants:
- Every method of a Vedette service runs only after ``CallGate.admit`` let it
  through; a refusal aborts with the status of the domain error. Health and
  reflection are outside the API: they pass the access filter only. A servicer
  registered on the gRPC server directly, not through a registrar, would be
  unguarded: ``api/registration.py`` registers every service through one.
- Unary calls get a server-side deadline (``UNARY_DEADLINE_S``) whatever the
  client asked, so no call can hold the server forever.
- After an audited call, its outcome (``OK`` or the status name) is written to the
  system log.
- Every call that ends is counted in ``CallGate.calls`` by method and status,
  refusals by the gate and malformed requests included (the metrics').
- A request that is too big for its type (RESOURCE_EXHAUSTED), cannot be parsed or
  holds an invalid well-known value (INVALID_ARGUMENT; ``request_checks``) is
  refused before the gate looks at it (only the access filter comes first),
  quietly: no traceback, no audit entry. The wrapped deserializers never raise; they
  hand the call a ``MalformedRequest``.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from google.protobuf.message import Message

from vedette_server.api import request_checks
from vedette_server.api.gate import Admission, CallGate
from vedette_server.api.peer import parse_peer
from vedette_server.api.status import abort, abort_for
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


def _ended(context: grpc.aio.ServicerContext, error: BaseException | None) -> str:
    """The status a call ended with: the one set or aborted with, CANCELLED when it
    was cancelled or its stream closed early, UNKNOWN for an exception gRPC turns
    into one."""
    if error is None or isinstance(error, grpc.aio.AbortError):
        return _outcome(context)
    if isinstance(error, (asyncio.CancelledError, GeneratorExit)):
        return "CANCELLED"
    return "UNKNOWN"


async def _refuse(context: grpc.aio.ServicerContext, error: VedetteError) -> None:
    await abort_for(context, error)


async def _refuse_malformed(context: grpc.aio.ServicerContext, request: MalformedRequest) -> None:
    too_big = request.code is grpc.StatusCode.RESOURCE_EXHAUSTED
    reason = "REQUEST_TOO_LARGE" if too_big else "MALFORMED_REQUEST"
    await abort(context, request.code, request.reason, reason, detail=request.reason)


class MalformedRequest:
    """Stands in for a request that is too big, whose bytes are not a valid message of
    the method's type, or whose well-known values are invalid: nothing of it is
    trusted, and the call ends with ``code``."""

    __slots__ = ("code", "reason")

    def __init__(
        self, reason: str, code: grpc.StatusCode = grpc.StatusCode.INVALID_ARGUMENT
    ) -> None:
        self.reason = reason
        self.code = code


NOT_A_MESSAGE = "the request is not a valid protobuf message of this method's type"


def checked_deserializer(
    deserialize: Callable[[bytes], Any] | None,
) -> Callable[[bytes], Any] | None:
    """``deserialize``, but a request too big for its type, a parse failure or an
    invalid well-known value gives a ``MalformedRequest`` instead of an exception
    (which gRPC would answer UNKNOWN, with a traceback in the log)."""
    if deserialize is None:
        return None
    message_type = getattr(getattr(deserialize, "__self__", None), "DESCRIPTOR", None)
    limit = None if message_type is None else request_checks.size_limit(message_type)
    too_big = f"a {getattr(message_type, 'name', 'request')} is at most {limit} bytes"

    def parse(data: bytes) -> Any:
        if limit is not None and len(data) > limit:
            return MalformedRequest(
                f"{too_big}; this one has {len(data)}", grpc.StatusCode.RESOURCE_EXHAUSTED
            )
        try:
            message = deserialize(data)
        except Exception:
            return MalformedRequest(NOT_A_MESSAGE)
        if not isinstance(message, Message):
            return message
        try:
            reason = request_checks.problem(message)
        except Exception:  # a bug in the check must not let the request through
            return MalformedRequest(NOT_A_MESSAGE)
        return message if reason is None else MalformedRequest(reason)

    return parse


async def _streamed(
    behaviour: Callable[..., Any], request: Any, context: grpc.aio.ServicerContext
) -> AsyncIterator[Any]:
    """A response-streaming handler's responses, whether it yields them or writes them
    with ``context.write`` and returns a coroutine (grpc's own aio health Watch)."""
    responses = behaviour(request, context)
    if inspect.isawaitable(responses):
        await responses
        return
    async for item in responses:
        yield item


async def _checked_requests(
    requests: AsyncIterator[Any], context: grpc.aio.ServicerContext
) -> AsyncIterator[Any]:
    """A client stream whose malformed message ends the call with INVALID_ARGUMENT."""
    async for request in requests:
        if isinstance(request, MalformedRequest):
            await _refuse_malformed(context, request)
        yield request


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
            wrapped = self._filtered(behaviour, handler)
        else:
            wrapped = self._gated(method, behaviour, handler)
        return make(
            self._counted(method.lstrip("/"), wrapped, handler.response_streaming),
            request_deserializer=checked_deserializer(handler.request_deserializer),
            response_serializer=handler.response_serializer,
        )

    def _counted(
        self, method: str, behaviour: Callable[..., Any], response_streaming: bool
    ) -> Callable[..., Any]:
        calls = self.gate.calls

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                error: BaseException | None = None
                try:
                    async for item in behaviour(request, context):
                        yield item
                except BaseException as e:
                    error = e
                    raise
                finally:
                    calls.add(method, _ended(context, error))

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            error: BaseException | None = None
            try:
                return await behaviour(request, context)
            except BaseException as e:
                error = e
                raise
            finally:
                calls.add(method, _ended(context, error))

        return unary

    async def _admit(
        self, method: str, request: Any, context: grpc.aio.ServicerContext
    ) -> Admission:
        """Let the call through, or end it (``context.abort`` raises)."""
        peer = parse_peer(context.peer())
        try:
            if isinstance(request, MalformedRequest):
                self.gate.check_filter(peer)
                await _refuse_malformed(context, request)
            return self.gate.admit(method, peer, context.invocation_metadata(), request)
        except VedetteError as error:
            await _refuse(context, error)
            raise  # unreachable: abort raises

    async def _check_filter(self, request: Any, context: grpc.aio.ServicerContext) -> None:
        try:
            self.gate.check_filter(parse_peer(context.peer()))
        except VedetteError as error:
            await _refuse(context, error)
        if isinstance(request, MalformedRequest):
            await _refuse_malformed(context, request)

    def _filtered(
        self, behaviour: Callable[..., Any], handler: grpc.RpcMethodHandler
    ) -> Callable[..., Any]:
        request_streaming = handler.request_streaming

        if handler.response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                await self._check_filter(request, context)
                if request_streaming:
                    request = _checked_requests(request, context)
                async for item in _streamed(behaviour, request, context):
                    yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            await self._check_filter(request, context)
            if request_streaming:
                request = _checked_requests(request, context)
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
                admission = await self._admit(method, first, context)
                if request_streaming:
                    request = _checked_requests(request, context)
                try:
                    async for item in behaviour(request, context):
                        yield item
                finally:
                    gate.finish(admission, _outcome(context), first)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            first = None if request_streaming else request
            admission = await self._admit(method, first, context)
            if request_streaming:
                request = _checked_requests(request, context)
            audited = admission.rule.audit is not None
            response = None
            try:
                remaining = context.time_remaining()
                if remaining is not None and remaining <= UNARY_DEADLINE_S:
                    response = await behaviour(request, context)  # the client's deadline
                    return response
                async with asyncio.timeout(UNARY_DEADLINE_S):
                    response = await behaviour(request, context)
                return response
            except TimeoutError:
                await abort(
                    context,
                    grpc.StatusCode.DEADLINE_EXCEEDED,
                    f"{method} took longer than the server's {UNARY_DEADLINE_S:g} s limit",
                    "SERVER_DEADLINE",
                    method=method,
                    limit_s=f"{UNARY_DEADLINE_S:g}",
                )
            finally:
                if audited:
                    gate.finish(admission, _outcome(context), first, response)

        return unary
