"""The PTZ hot path: ContinuousMove and Stop sent as prepared SOAP envelopes, not through zeep.

Why: a joystick sends a ContinuousMove or a Stop several times a second, and zeep
spent about 1.4 ms of the server's event loop on each (bench/README.md,
``ptz_latency.py``: building and serialising the envelope from the WSDL, signing the
WS-UsernameToken through lxml, parsing the reply), three times what the bytes take to
send. Here the envelope is a string template filled in microseconds.

``call`` stands in for ``OnvifDevice.call`` (onvif/ptz.py sends every PTZ operation
through it). What it sends for ContinuousMove and Stop is what zeep sends for the same
call, byte for byte but the token's fresh nonce, digest and time:

- the envelope zeep renders from ptz.wsdl, XML declaration, namespace declarations
  and prefixes included; numbers as zeep's ``xs:float``, the Timeout as its
  ``xs:duration``, booleans as its ``xs:boolean`` (zeep's own type objects render them);
- the WS-UsernameToken PasswordDigest of the library's token for the PTZ service
  (``UsernameDigestTokenDtDiff``): Base64(SHA-1(nonce + Created + password)), a fresh
  16-byte nonce, Created in UTC to the second with a ``Z``, shifted by the camera's
  clock offset the library measured; no token (and no Header) when that service has
  none (``AuthMode.DIGEST``);
- the same HTTP request (SOAPAction, the SOAP 1.2 Content-Type with its action, zeep's
  User-Agent) through the library's own HTTP session for the PTZ service: the same
  kept-alive connections, the same HTTP Digest middleware and challenge observer
  (``AuthMode.AUTO`` answers a Digest challenge as it does), the same single retry of
  a request whose pooled connection the camera had closed.

Replies are read as zeep reads them (its XML parser and settings, its SOAP 1.2 fault
reader) and raise zeep's own ``Fault`` and ``TransportError`` inside the device's time
bound, so ``OnvifDevice`` classifies them into the same typed errors (``NotAuthorised``,
``ClockSkew``, ``DigestRequired``, ``CameraUnreachable``, ``NotOnvifDevice``) and
onvif/ptz.py turns a fault into the same ``PtzRefused``. A success is a 200 answer
without a fault (or an empty 201/202), as zeep accepts it; its body is not read
(ptz.py uses nothing from it).

Anything else — another service or operation, parameters of another shape, a value
zeep would render otherwise (an int, a character lxml escapes differently or rejects),
a token configured otherwise — goes through zeep unchanged.

It reaches into ``OnvifDevice`` (``_camera``, ``_bounded``; same package) on purpose:
the library's PTZ service, its session and the device's time bound and error
classification are then the very ones a zeep call goes through. The password is only
read from the library's token to sign; it is kept nowhere.
Tests: tests/integration/test_onvif_ptz_fast.py (camsim: moves and stops, faults,
errors, the envelope against zeep's and against the WSDL schema).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any, Final
from xml.sax.saxutils import escape

from vedette_server.onvif.client import OnvifDevice, onvif_library
from vedette_server.onvif.soap_post import check_reply, post, signed_envelope

TPTZ: Final = "http://www.onvif.org/ver20/ptz/wsdl"
TT: Final = "http://www.onvif.org/ver10/schema"
#: The operations sent here; every other one goes through zeep.
OPERATIONS: Final = frozenset({"ContinuousMove", "Stop"})
#: The library's key for the PTZ service it made (``ONVIFCamera.services``).
_PTZ_SERVICE: Final = ("ptz", None)

_CONTINUOUS: Final = (
    f'<ns0:ContinuousMove xmlns:ns0="{TPTZ}"><ns0:ProfileToken>{{token}}</ns0:ProfileToken>'
    f'<ns0:Velocity><ns1:PanTilt xmlns:ns1="{TT}" x="{{x}}" y="{{y}}" space="{{pan_tilt_space}}"/>'
    f'<ns2:Zoom xmlns:ns2="{TT}" x="{{z}}" space="{{zoom_space}}"/></ns0:Velocity>'
    "<ns0:Timeout>{timeout}</ns0:Timeout></ns0:ContinuousMove>"
)
_STOP: Final = (
    f'<ns0:Stop xmlns:ns0="{TPTZ}"><ns0:ProfileToken>{{token}}</ns0:ProfileToken>'
    "<ns0:PanTilt>{pan_tilt}</ns0:PanTilt><ns0:Zoom>{zoom}</ns0:Zoom></ns0:Stop>"
)


async def call(device: OnvifDevice, service: str, operation: str, params: Any = None) -> Any:
    """``device.call(service, operation, params)``, with ContinuousMove and Stop of the
    shapes onvif/ptz.py sends built here instead of by zeep (module doc)."""
    body = request_body(operation, params) if service == "ptz" else None
    camera = device._camera  # the library's ONVIFCamera (module doc)
    if body is None or camera is None:
        return await device.call(service, operation, params)

    async def run() -> Any:
        proxy = camera.services.get(_PTZ_SERVICE) or await camera.create_onvif_service("ptz")
        if not _signs_as_known(proxy):
            return await getattr(proxy, operation)(params)
        data = signed_envelope(body, proxy.zeep_client.wsse)
        status, content = await post(proxy._session, proxy.xaddr, data, _headers(operation))
        check_reply(proxy, status, content)
        return None

    # The device's bound and classification: the same typed errors as device.call.
    return await device._bounded(run)


def envelope(operation: str, params: Any, wsse: Any) -> bytes | None:
    """The request ``call`` sends for ``operation`` with ``params``, signed as the
    library's token ``wsse`` (None: no token) would sign it; None when zeep sends it."""
    body = request_body(operation, params)
    return None if body is None else signed_envelope(body, wsse)


def request_body(operation: str, params: Any) -> str | None:
    """The SOAP Body's content zeep renders for ``operation`` with ``params``, or None
    when they are not of the shape handled here (zeep then sends them)."""
    if not isinstance(params, Mapping) or operation not in OPERATIONS:
        return None
    token = _text(params.get("ProfileToken"))
    if token is None:
        return None
    if operation == "Stop":
        if set(params) != {"ProfileToken", "PanTilt", "Zoom"}:
            return None
        pan_tilt, zoom = _boolean(params["PanTilt"]), _boolean(params["Zoom"])
        if pan_tilt is None or zoom is None:
            return None
        return _STOP.format(token=token, pan_tilt=pan_tilt, zoom=zoom)
    if set(params) != {"ProfileToken", "Velocity", "Timeout"}:
        return None
    velocity, timeout = params["Velocity"], params["Timeout"]
    if not isinstance(velocity, Mapping) or set(velocity) != {"PanTilt", "Zoom"}:
        return None
    pan_tilt, zoom = velocity["PanTilt"], velocity["Zoom"]
    if not (isinstance(pan_tilt, Mapping) and set(pan_tilt) == {"x", "y", "space"}):
        return None
    if not (isinstance(zoom, Mapping) and set(zoom) == {"x", "space"}):
        return None
    values = {
        "x": _float(pan_tilt["x"]),
        "y": _float(pan_tilt["y"]),
        "pan_tilt_space": _attribute(pan_tilt["space"]),
        "z": _float(zoom["x"]),
        "zoom_space": _attribute(zoom["space"]),
        "timeout": _duration(timeout),
    }
    if any(value is None for value in values.values()):
        return None
    return _CONTINUOUS.format(token=token, **values)


def _signs_as_known(proxy: Any) -> bool:
    """Whether the library's PTZ client would sign (or not) as ``security_header`` does:
    no token, or a digest UsernameToken with nothing else set; and no plugin but the
    WS-Addressing one, which adds nothing to PTZ operations."""
    library = onvif_library()
    client = proxy.zeep_client
    plugins = client.plugins or []
    if not all(type(p) is library.WsAddressingIfMissingPlugin for p in plugins):
        return False
    wsse = client.wsse
    if wsse is None:
        return True
    return (
        type(wsse) is library.UsernameDigestTokenDtDiff
        and wsse.use_digest
        and wsse.zulu_timestamp
        and not wsse.hash_password
        and wsse.password_digest is None
        and wsse.nonce is None
        and wsse.created is None
        and wsse.timestamp_token is None
        and isinstance(wsse.password, str)
        and _text(wsse.username) is not None
        and (wsse.dt_diff is None or isinstance(wsse.dt_diff, dt.timedelta))
    )


_HEADERS: dict[str, dict[str, str]] = {}


def _headers(operation: str) -> dict[str, str]:
    """The HTTP headers zeep and the library's transport send with ``operation``."""
    headers = _HEADERS.get(operation)
    if headers is None:
        from zeep.utils import get_version

        action = f"{TPTZ}/{operation}"
        headers = _HEADERS[operation] = {
            "SOAPAction": f'"{action}"',
            "Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"',
            "User-Agent": f"Zeep/{get_version()}",
        }
    return dict(headers)  # aiohttp's middlewares may add to them


# ----------------------------------------------- values as zeep's XSD types render them


def _text(value: Any) -> str | None:
    """``value`` as element text, escaped as lxml escapes it; None when lxml would
    render it otherwise or refuse it (not a str, a control character)."""
    if not isinstance(value, str) or not value.isprintable():
        return None
    return escape(value)


def _attribute(value: Any) -> str | None:
    text = _text(value)
    return None if text is None else text.replace('"', "&quot;")


def _float(value: Any) -> str | None:
    return _zeep_types()[0].xmlvalue(value) if type(value) is float else None


def _boolean(value: Any) -> str | None:
    return _zeep_types()[1].xmlvalue(value) if type(value) is bool else None


def _duration(value: Any) -> str | None:
    return _rendered_duration(value) if type(value) is dt.timedelta else None


@functools.lru_cache(maxsize=64)
def _rendered_duration(value: dt.timedelta) -> str:
    """zeep's rendering (isodate's, ~30 µs); a driver sends the same Timeout every time."""
    rendered: str = _zeep_types()[2].xmlvalue(value)
    return rendered


@functools.cache
def _zeep_types() -> tuple[Any, Any, Any]:
    """zeep's xs:float, xs:boolean and xs:duration, which render the values."""
    from zeep.xsd.types.builtins import Boolean, Duration, Float

    return Float(), Boolean(), Duration()
