"""Prepared SOAP requests over the ONVIF library's own HTTP session: what onvif/ptz_fast.py
(the PTZ hot path) and onvif/media2.py (Media2, which the library's WSDLs lack) send
without zeep building the envelope.

- ``signed_envelope``: the envelope zeep renders (XML declaration, namespace
  declarations and prefixes included) around a Body's content, with the
  WS-UsernameToken PasswordDigest of the library's token (``UsernameDigestTokenDtDiff``:
  Base64(SHA-1(nonce + Created + password)), a fresh 16-byte nonce, Created in UTC to the
  second with a ``Z``, shifted by the camera's clock offset the library measured); no
  Header when the service has no token (``AuthMode.DIGEST``).
- ``post``: through the library's session for the service (its kept-alive connections,
  HTTP Digest middleware and challenge observer), with the same single retry of a
  request whose pooled connection the camera had closed.
- ``check_reply``: raises what zeep's SOAP binding raises for the reply (its parser and
  settings, its SOAP 1.2 fault reader), so ``OnvifDevice`` classifies errors into the
  same typed errors as for any call made through zeep.

The password is only read from the library's token to sign; it is kept nowhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from typing import TYPE_CHECKING, Any, Final
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    import aiohttp

ENV: Final = "http://www.w3.org/2003/05/soap-envelope"
WSSE: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_TOKEN_PROFILE: Final = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
)
_MESSAGE_SECURITY: Final = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0"
)

_START: Final = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    f'<soap-env:Envelope xmlns:soap-env="{ENV}" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"'
    ' xmlns:wsa="http://www.w3.org/2005/08/addressing">'
)
_HEADER: Final = (
    f'<soap-env:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
    "<wsse:Username>{user}</wsse:Username>"
    f'<wsse:Password Type="{_TOKEN_PROFILE}#PasswordDigest">{{digest}}</wsse:Password>'
    f'<wsse:Nonce EncodingType="{_MESSAGE_SECURITY}#Base64Binary">{{nonce}}</wsse:Nonce>'
    f'<wsu:Created xmlns:wsu="{WSU}">{{created}}</wsu:Created>'
    "</wsse:UsernameToken></wsse:Security></soap-env:Header>"
)
_BODY: Final = "<soap-env:Body>{}</soap-env:Body></soap-env:Envelope>"
_FAULT: Final = f"{{{ENV}}}Body/{{{ENV}}}Fault"


def signed_envelope(body: str, wsse: Any) -> bytes:
    """The SOAP 1.2 envelope of ``body`` (the Body's content), with the Header the
    library's token ``wsse`` signs (none when ``wsse`` is None), as zeep renders it."""
    header = "" if wsse is None else security_header(wsse.username, wsse.password, wsse.dt_diff)
    return (_START + header + _BODY.format(body)).encode()


def security_header(user: str, password: str, offset: dt.timedelta | None) -> str:
    """The SOAP Header with the WS-UsernameToken PasswordDigest the library's
    ``UsernameDigestTokenDtDiff`` signs for a camera whose clock is ``offset`` from ours."""
    nonce = os.urandom(16)
    now = dt.datetime.now(dt.UTC)
    created = (now + offset if offset is not None else now).replace(microsecond=0)
    stamp = created.isoformat().replace("+00:00", "Z")
    digest = base64.b64encode(hashlib.sha1(nonce + stamp.encode() + password.encode()).digest())
    return _HEADER.format(
        user=escape(user),
        digest=digest.decode("ascii"),
        nonce=base64.b64encode(nonce).decode("ascii"),
        created=stamp,
    )


async def post(
    session: aiohttp.ClientSession, address: str, data: bytes, headers: dict[str, str]
) -> tuple[int, bytes]:
    """POST ``data``; a pooled connection the camera had closed before the request went
    out is tried once more, as the library's transport does."""
    import aiohttp  # the session's: already loaded

    for attempt in (1, 2):
        try:
            async with session.post(address, data=data, headers=headers) as response:
                return response.status, await response.read()
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientConnectionResetError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def parse_reply(content: bytes, settings: Any) -> Any:
    """The reply's root element, parsed by zeep's ``parse_xml`` with ``settings`` (the
    library's: lxml in recover mode). Raises zeep's ``XMLSyntaxError`` (or its
    ``DTDForbidden``/``EntitiesForbidden``) for what is not XML, including a body
    from which lxml recovers no element at all, such as a lone newline: zeep then
    calls a method on None, and its AttributeError would reach the operator as the
    camera's error message (found by bench/fuzz.py)."""
    from zeep.exceptions import XMLSyntaxError
    from zeep.loader import parse_xml

    try:
        return parse_xml(content, None, settings=settings)  # type: ignore[arg-type]
    except AttributeError:
        raise XMLSyntaxError("Invalid XML content received (no element)", content=content) from None


def check_reply(proxy: Any, status: int, content: bytes) -> None:
    """Raise what zeep's SOAP binding raises for this reply (``process_reply``), or
    nothing for a success."""
    from zeep.exceptions import TransportError, XMLSyntaxError

    if status in (201, 202) and not content:
        return
    if status != 200 and not content:
        raise TransportError(
            f"Server returned HTTP status {status} (no content available)", status_code=status
        )
    try:
        document = parse_reply(content, proxy.zeep_client.settings)
    except XMLSyntaxError as error:
        raise TransportError(
            f"Server returned response ({status}) with invalid XML: {error}.",
            status_code=status,
            content=content,
        ) from error
    if status != 200 or document.find(_FAULT) is not None:
        proxy.ws_client._binding.process_error(document, None)  # raises zeep's Fault
