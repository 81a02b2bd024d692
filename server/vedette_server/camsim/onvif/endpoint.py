"""One camera's ONVIF HTTP endpoint (aiohttp): SOAP 1.2 POSTs to its service paths.

Each camera listens on its own loopback address (``model.camera_address``) with
its device and media services; a request goes: size check → parse → authenticate
→ dispatch → answer or fault.

Invariants:
- Every answer to a POST on a service path is a SOAP envelope: the operation's
  response, or a fault (malformed XML, wrong credentials, unknown operation, bad
  argument, and camsim's own bugs as an ``env:Receiver`` fault without a
  traceback). Nothing a client sends stops the endpoint.
- A body over ``MAX_BODY_BYTES`` is refused with 413 before it is read whole.
- With ``--fault camN:fault-200`` every SOAP fault goes out with HTTP 200 instead of
  400/500 (a 401 Digest challenge and a 413 stay: they are HTTP's, not SOAP's).
- An operation that is not implemented answers ``ter:ActionNotSupported`` and is
  logged once per camsim process (``UnsupportedLog``), so that running a client
  against camsim lists exactly what it still lacks.
- With a ``RequestLog`` (``--request-log``, off by default; for benchmarks) every
  request's arrival is noted with ``time.monotonic_ns()`` taken before anything else
  is done with it; without one nothing is noted and nothing is parsed twice.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from aiohttp import web
from lxml import etree

from vedette_server.camsim.faults import FaultKind
from vedette_server.camsim.onvif.auth import OnvifAuthenticator
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.soap import (
    CONTENT_TYPE,
    SoapFault,
    SoapRequest,
    action_not_supported,
    fault_envelope,
    parse_request,
    response_envelope,
)

log = logging.getLogger("vedette.camsim.onvif")

#: Larger than any ONVIF request camsim answers (a SetVideoEncoderConfiguration is ~2 kB).
MAX_BODY_BYTES = 64 * 1024
SHUTDOWN_TIMEOUT_S = 2.0


class OnvifService(Protocol):
    """A service of the camera: its namespace and its operations by local name."""

    namespace: str
    operations: dict[str, Callable[[SoapRequest], etree._Element]]


@dataclass
class UnsupportedLog:
    """Logs each unsupported (namespace, operation) once; shared by every camera."""

    seen: set[tuple[str, str]] = field(default_factory=set)

    def note(self, camera: str, operation: etree.QName) -> None:
        key = (operation.namespace or "", operation.localname)
        if key in self.seen:
            return
        self.seen.add(key)
        log.warning(
            "%s: ONVIF operation %s {%s} is not supported (answered ActionNotSupported;"
            " not logged again)",
            camera,
            operation.localname,
            operation.namespace,
        )


class RequestLog:
    """One line per ONVIF request, as it arrived: ``MONOTONIC_NS CAMERA OPERATION``.

    ``MONOTONIC_NS`` is ``time.monotonic_ns()`` when the request's headers had been
    read (CLOCK_MONOTONIC: on Linux the same clock in every process, so a benchmark
    compares it with its own); OPERATION is the body's operation, ``-`` when the body
    is not a SOAP request. Lines are written whole (line-buffered), appended."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None

    def open(self) -> None:
        self._file = self.path.open("a", buffering=1, encoding="utf-8")

    def note(self, arrived_ns: int, camera: str, body: bytes) -> None:
        if self._file is None:
            return
        try:
            operation = parse_request(body).operation.localname
        except Exception:  # any unreadable body is noted as "-"
            operation = "-"
        self._file.write(f"{arrived_ns} {camera} {operation}\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _fault_response(
    fault: SoapFault, challenge: list[str] | None = None, *, status_200: bool = False
) -> web.Response:
    status = fault.http_status
    if status_200 and status in (400, 500):
        status = 200  # the fault-200 quirk
    response = web.Response(
        body=fault_envelope(fault),
        status=status,
        headers={"Content-Type": CONTENT_TYPE},
    )
    for value in challenge or []:
        response.headers.add("WWW-Authenticate", value)
    return response


class OnvifEndpoint:
    """The HTTP server of one camera: ``start()`` binds ``(camera.address, port)``."""

    def __init__(
        self,
        camera: OnvifCameraModel,
        services: dict[str, OnvifService],
        authenticator: OnvifAuthenticator | None,
        unsupported: UnsupportedLog,
        request_log: RequestLog | None = None,
    ) -> None:
        self.camera = camera
        self.services = services
        self.authenticator = authenticator
        self.unsupported = unsupported
        self.request_log = request_log
        #: Plain HTTP POST routes beside the SOAP ones (a firmware upload, which
        #: bounds its own body): path pattern → handler.
        self.uploads: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {}
        self._runner: web.AppRunner | None = None

    async def start(self, port: int) -> None:
        """Listen on the camera's address; ``port`` 0 picks a free one (then in
        ``camera.port``)."""
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        for path, service in self.services.items():
            app.router.add_post(path, self._handler(service))
        for path, upload in self.uploads.items():
            app.router.add_post(path, upload)
        # Requests are answered at once; stopping camsim waits no longer than this for them.
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT_S
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.camera.address, port, reuse_address=True)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.camera.port = runner.addresses[0][1]

    async def aclose(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _handler(
        self, service: OnvifService
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            arrived_ns = time.monotonic_ns()
            length = request.content_length
            if length is not None and length > MAX_BODY_BYTES:
                return _fault_response(_too_large())
            try:
                body = await request.read()
            except web.HTTPRequestEntityTooLarge:
                return _fault_response(_too_large())
            if self.request_log is not None:
                self.request_log.note(arrived_ns, self.camera.name, body)
            return await self.answer(
                service, body, request.headers.get("Authorization"), request.path
            )

        return handle

    def _fault(self, fault: SoapFault, challenge: list[str] | None = None) -> web.Response:
        status_200 = self.camera.quirk(FaultKind.FAULT_200)
        return _fault_response(fault, challenge, status_200=status_200)

    async def answer(
        self, service: OnvifService, body: bytes, authorization: str | None, path: str = ""
    ) -> web.Response:
        """The HTTP answer to one SOAP request on ``service`` (posted to ``path``)."""
        try:
            request = dataclasses.replace(parse_request(body), path=path)
            operation = request.operation
            known = operation.namespace == service.namespace
            handler = service.operations.get(operation.localname) if known else None
            # A service may also answer operations of other namespaces (wsnt:Renew…),
            # and some only after a wait (PullMessages): see camsim/onvif/events.py.
            key = (operation.namespace or "", operation.localname)
            other = getattr(service, "other_operations", {}).get(key)
            waiting = getattr(service, "async_operations", {}).get(operation.localname)
            waiting = waiting if known else None
            if handler is None:
                handler = other
            if self.authenticator is not None:
                refusal = self.authenticator.check(
                    operation.localname, authorization, request.header
                )
                if refusal is not None:
                    log.info(
                        "%s: %s refused: %s",
                        self.camera.name,
                        operation.localname,
                        refusal.fault.reason,
                    )
                    return self._fault(refusal.fault, refusal.challenge)
            if waiting is not None:
                response = await waiting(request)
            elif handler is not None:
                response = handler(request)
            else:
                self.unsupported.note(self.camera.name, operation)
                raise action_not_supported(operation.localname)
        except SoapFault as fault:
            return self._fault(fault)
        except Exception as error:  # camsim's own bug: a fault, never a traceback on the wire
            log.exception("%s: ONVIF request failed", self.camera.name)
            return self._fault(
                SoapFault("Receiver", (), f"camsim failed to answer: {type(error).__name__}")
            )
        return web.Response(
            body=response_envelope(response), headers={"Content-Type": CONTENT_TYPE}
        )


def _too_large() -> SoapFault:
    return SoapFault(
        "Sender", (), f"request body over {MAX_BODY_BYTES} bytes refused", http_status=413
    )
