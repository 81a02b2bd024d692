"""OnvifDevice: one connection to one camera's ONVIF services, over onvif-zeep-async.

What it adds to the library's ``ONVIFCamera``:
- **Clock offset.** ``connect`` reads the camera's clock with an anonymous
  GetSystemDateAndTime (ONVIF's PRE_AUTH class; the library's ``adjust_time``) and
  every WS-Security token is signed with the camera's time, so a camera whose clock
  is hours off still accepts the right password; ``clock_offset_s`` reports it
  (camera minus server, seconds). A refusal from a camera whose clock is beyond the
  token window (±5 min) is reported as ``ClockSkew``, which says both what to check
  (the password) and what to fix (the camera's clock).
- **HTTP Digest.** In ``AuthMode.AUTO`` every service session carries aiohttp's
  ``DigestAuthMiddleware``: a camera that answers 401 with a Digest challenge gets
  the request again with HTTP Digest (ONVIF Core now prefers it to WS-UsernameToken).
  ``AuthMode.DIGEST`` sends no WS-Security token, only HTTP Digest (which does not
  depend on the camera's clock); ``AuthMode.WSSE`` sends WS-Security alone and
  raises ``DigestRequired`` for a camera that challenges. The library has no option
  for this: the middleware goes into the service's private
  ``_session._middlewares`` (onvif-zeep-async is pinned, and
  tests/integration/test_onvif_client.py checks it on every run).
- **Bounded time.** Every operation, ``connect`` included, is bounded by
  ``timeout_s``; the library's own limits are 30 s to connect and 90 s to read.
- **Typed errors** (``errors.py``): unreachable, not authorised, clock skew, digest
  required, operation unsupported (``ter:ActionNotSupported``), not an ONVIF device;
  whatever the library raised stays as the cause. A fault is read from the answer's
  body whatever its HTTP status: cameras that send faults with HTTP 200 are told
  apart the same way.
- **No GetServices.** The library asks GetServices first and falls back to
  GetCapabilities for the services' addresses when a camera does not support it
  (tests/integration/test_onvif_quirks.py checks it against camsim's
  ``no-getservices``).

Invariants: the password is only handed to the library; it is not kept in any message,
log line or result. ``close`` releases every HTTP session the library opened (one per
service), and may be called whatever ``connect`` did.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeVar

from vedette_server.onvif.errors import (
    CameraUnreachable,
    ClockSkew,
    DigestRequired,
    NotAuthorised,
    NotOnvifDevice,
    OnvifError,
    OperationUnsupported,
)

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S: Final = 10.0
#: How far a camera's clock may be from the token's Created before most cameras
#: refuse it (ONVIF gives no value; ±300 s is common, OpenIPC and camsim use it).
TOKEN_WINDOW_S: Final = 300.0
_NOT_AUTHORIZED = {"NotAuthorized", "FailedAuthentication", "InvalidSecurity"}
_PULLPOINT_KEY: Final = "http://www.onvif.org/ver10/events/wsdl/PullPointSubscription"
T = TypeVar("T")


class AuthMode(enum.Enum):
    AUTO = "auto"  # WS-UsernameToken digest, HTTP Digest when the camera asks for it
    WSSE = "wsse"  # WS-UsernameToken digest only
    DIGEST = "digest"  # HTTP Digest only


@dataclass(frozen=True)
class DeviceInformation:
    manufacturer: str
    model: str
    firmware_version: str
    serial_number: str
    hardware_id: str


_library: Any = None


def onvif_library() -> Any:
    """``onvif.client``, imported once without what its import does to logging
    (``logging.basicConfig(level=INFO)`` on the root logger), and with the library's
    request/response dumps (debug level, whole SOAP envelopes) kept out of the log."""
    global _library
    if _library is None:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        import onvif.client

        root.handlers[:] = handlers
        root.setLevel(level)
        for name in ("onvif", "zeep", "httpx"):
            logging.getLogger(name).setLevel(logging.INFO)
        _library = onvif.client
    return _library


class _ChallengeSeen:
    """An aiohttp middleware that notes whether the camera asked for HTTP Digest."""

    def __init__(self) -> None:
        self.digest_challenge = False

    async def __call__(
        self,
        request: aiohttp.ClientRequest,
        handler: Callable[[aiohttp.ClientRequest], Awaitable[aiohttp.ClientResponse]],
    ) -> aiohttp.ClientResponse:
        response = await handler(request)
        challenge = response.headers.get("WWW-Authenticate", "")
        if response.status == 401 and challenge.lower().startswith("digest"):
            self.digest_challenge = True
        return response


class OnvifDevice:
    """One camera's ONVIF services. ``connect`` first, ``close`` always (``async with``)."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str,
        *,
        auth: AuthMode = AuthMode.AUTO,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.host = host
        self.port = port
        self.user = user
        self.auth = auth
        self.timeout_s = timeout_s
        self._password = password
        self._camera: Any = None
        self._challenges = _ChallengeSeen()
        #: The camera's clock minus the server's, seconds; None until measured.
        self.clock_offset_s: float | None = None

    async def __aenter__(self) -> OnvifDevice:
        try:
            await self.connect()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def services(self) -> dict[str, str]:
        """The camera's services: namespace → XAddr (after ``connect``)."""
        return dict(self._camera.xaddrs) if self._camera is not None else {}

    async def connect(self) -> None:
        """Measure the camera's clock and learn its services. Raises an ``OnvifError``."""
        library = onvif_library()
        device = self

        class _Camera(library.ONVIFCamera):  # type: ignore[name-defined]
            async def create_onvif_service(self, *args: Any, **kwargs: Any) -> Any:
                service = await super().create_onvif_service(*args, **kwargs)
                device._equip(service)
                return service

        # adjust_time: the library asks the camera's time without credentials first
        # (with them if the camera insists) and signs every later token with it.
        self._camera = _Camera(
            self.host, self.port, self.user, self._password, no_cache=True, adjust_time=True
        )
        await self._bounded(self._camera.update_xaddrs)
        offset = self._camera.dt_diff
        self.clock_offset_s = offset.total_seconds() if offset is not None else None

    def _equip(self, service: Any) -> None:
        import aiohttp  # here: 0.15 CPU-s at import, and a server starts without cameras

        # The observer goes inside the digest middleware, to see the 401 it answers.
        middlewares: tuple[Any, ...] = (self._challenges,)
        if self.auth is not AuthMode.WSSE:
            middlewares = (aiohttp.DigestAuthMiddleware(self.user, self._password), *middlewares)
        # Private attribute: see the module docstring.
        service._session._middlewares = middlewares
        if self.auth is AuthMode.DIGEST:
            service.zeep_client.wsse = None

    async def device_information(self) -> DeviceInformation:
        reply = await self.call("devicemgmt", "GetDeviceInformation")
        return DeviceInformation(
            manufacturer=str(getattr(reply, "Manufacturer", "") or ""),
            model=str(getattr(reply, "Model", "") or ""),
            firmware_version=str(getattr(reply, "FirmwareVersion", "") or ""),
            serial_number=str(getattr(reply, "SerialNumber", "") or ""),
            hardware_id=str(getattr(reply, "HardwareId", "") or ""),
        )

    async def call(self, service: str, operation: str, params: Any = None) -> Any:
        """``operation`` of ``service`` (the library's service name: devicemgmt, media,
        ptz, imaging, events, deviceio), bounded and with typed errors."""
        if self._camera is None:
            raise RuntimeError("OnvifDevice.call before connect")

        async def run() -> Any:
            proxy = await self._camera.create_onvif_service(service)
            return await getattr(proxy, operation)(params)

        return await self._bounded(run, operation=operation)

    async def call_subscription(
        self,
        address: str,
        service: str,
        operation: str,
        params: Any = None,
        *,
        timeout_s: float | None = None,
    ) -> Any:
        """``operation`` at a PullPoint subscription's own ``address`` (its
        SubscriptionReference): ``service`` is ``pullpoint`` (PullMessages,
        SetSynchronizationPoint) or ``subscription`` (Renew, Unsubscribe). Bounded by
        ``timeout_s`` (a long poll needs more than ``self.timeout_s``)."""
        if self._camera is None:
            raise RuntimeError("OnvifDevice.call_subscription before connect")
        camera = self._camera

        async def run() -> Any:
            # The library finds a subscription's service by this key (its PullPointManager
            # does the same); a new address closes the binding made for the old one.
            camera.xaddrs[_PULLPOINT_KEY] = address
            if service == "pullpoint":
                proxy = await camera.create_pullpoint_service()
            else:
                proxy = await camera.create_subscription_service("PullPointSubscription")
            return await getattr(proxy, operation)(params)

        return await self._bounded(run, timeout_s, operation=operation)

    async def capabilities_reply(self) -> Any:
        """GetCapabilities(All) as the library parsed it, or None when the camera has
        none to give (best effort: only device I/O counts come from it)."""
        try:
            return await self._bounded(self._camera.get_capabilities)
        except OnvifError:
            return None

    async def _bounded(
        self,
        action: Callable[[], Awaitable[T]],
        timeout_s: float | None = None,
        *,
        operation: str = "",
    ) -> T:
        bound_s = self.timeout_s if timeout_s is None else timeout_s
        try:
            async with asyncio.timeout(bound_s):
                return await action()
        except OnvifError:
            raise
        except TimeoutError as error:
            raise CameraUnreachable(
                self.host, self.port, f"no answer within {bound_s:g} s"
            ) from error
        except Exception as error:
            raise self._classify(error, operation) from error

    def _classify(self, error: Exception, operation: str = "") -> OnvifError:
        import aiohttp
        from zeep.exceptions import Fault, TransportError, XMLSyntaxError

        cause = error.__cause__ if error.__cause__ is not None else error
        if isinstance(cause, aiohttp.ClientConnectionError | OSError):
            return CameraUnreachable(self.host, self.port, _short(cause))
        refused = (isinstance(error, Fault) and _fault_names(error) & _NOT_AUTHORIZED) or (
            isinstance(error, TransportError) and error.status_code == 401
        )
        if refused:
            digest = self._challenges.digest_challenge
            if digest and self.auth is AuthMode.WSSE:
                return DigestRequired(self.host, self.port)
            # HTTP Digest does not depend on the clock: only a refused token may be skew.
            offset = self.clock_offset_s
            token_refused = not digest and self.auth is not AuthMode.DIGEST
            if token_refused and offset is not None and abs(offset) > TOKEN_WINDOW_S:
                return ClockSkew(self.host, self.port, offset)
            return NotAuthorised(self.host, self.port, self.user)
        if isinstance(error, Fault) and "ActionNotSupported" in _fault_names(error):
            what = operation or "asked for"
            return OperationUnsupported(self.host, self.port, what, _short(error))
        if isinstance(error, Fault):
            return NotOnvifDevice(self.host, self.port, f"SOAP fault {_short(error)}")
        if isinstance(error, TransportError):
            return NotOnvifDevice(self.host, self.port, f"HTTP {error.status_code}")
        if isinstance(error, XMLSyntaxError):
            return NotOnvifDevice(self.host, self.port, "the answer is not SOAP")
        return NotOnvifDevice(self.host, self.port, _short(error))

    async def close(self) -> None:
        camera, self._camera = self._camera, None
        if camera is not None:
            await camera.close()


def _fault_names(fault: Any) -> set[str]:
    names = {getattr(q, "localname", str(q)) for q in getattr(fault, "subcodes", None) or []}
    code = str(getattr(fault, "code", "") or "")
    names.add(code.rpartition(":")[2].rpartition("}")[2])
    text = str(getattr(fault, "message", "") or "")
    if "not authorized" in text.lower():
        names.add("NotAuthorized")
    return names


def _short(error: BaseException, max_chars: int = 160) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= max_chars else text[:max_chars] + "…"
