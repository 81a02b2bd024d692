"""SOAP 1.2 envelopes for camsim's ONVIF services: parsing requests, writing answers and faults.

Owns the XML edge of the simulated device. No I/O and no ONVIF semantics here: the
caller passes bytes and gets a ``SoapRequest`` or a ``SoapFault``, and turns response
elements or faults into bytes.

Invariants:
- ``parse_request`` never raises anything but ``SoapFault``, whatever the bytes: every
  malformed request becomes an ``env:Sender`` fault that says what is wrong.
- The parser resolves no entities, loads no DTD and touches no network; a document
  with a DOCTYPE is refused (no SOAP message has one, SOAP 1.2 part 1 §5).
- A fault's HTTP status follows the SOAP 1.2 HTTP binding (part 2 §7.5.1): 400 for
  ``env:Sender``, 500 for ``env:Receiver``, unless the fault says otherwise (401 for a
  missing or refused HTTP Digest, 413 for an oversized body).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree

ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TER = "http://www.onvif.org/ver10/error"
TT = "http://www.onvif.org/ver10/schema"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TRT = "http://www.onvif.org/ver10/media/wsdl"
TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
TIMG = "http://www.onvif.org/ver20/imaging/wsdl"
TR2 = "http://www.onvif.org/ver20/media/wsdl"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"

#: Prefixes of the answers, so that they read like a camera's (``tt:``, ``tds:``…).
NSMAP = {"env": ENV, "ter": TER, "tt": TT, "tds": TDS, "trt": TRT, "tptz": TPTZ, "timg": TIMG}

CONTENT_TYPE = "application/soap+xml; charset=utf-8"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class SoapFault(Exception):
    """A SOAP 1.2 fault to send back: ``code`` is ``Sender``/``Receiver``/``VersionMismatch``,
    ``subcodes`` the ONVIF ``ter:`` local names from outer to inner."""

    def __init__(
        self,
        code: str,
        subcodes: tuple[str, ...],
        reason: str,
        *,
        http_status: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.code = code
        self.subcodes = subcodes
        self.reason = reason
        default = 500 if code == "Receiver" else 400
        self.http_status = http_status if http_status is not None else default


def action_not_supported(operation: str) -> SoapFault:
    return SoapFault(
        "Receiver",
        ("ActionNotSupported",),
        f"Optional Action Not Implemented: {operation} is not supported by this device",
    )


def not_authorized(reason: str = "Sender not Authorized", *, http_status: int = 400) -> SoapFault:
    return SoapFault("Sender", ("NotAuthorized",), reason, http_status=http_status)


def invalid_arg_val(subcode: str, reason: str) -> SoapFault:
    return SoapFault("Sender", ("InvalidArgVal", subcode), reason)


def child(parent: etree._Element | None, namespace: str, name: str) -> etree._Element | None:
    """``parent``'s first ``{namespace}name`` child (None without a parent)."""
    return parent.find(f"{{{namespace}}}{name}") if parent is not None else None


def child_text(parent: etree._Element | None, namespace: str, name: str) -> str | None:
    """The stripped text of ``child``; None when there is no such child."""
    element = child(parent, namespace, name)
    return None if element is None else (element.text or "").strip()


def normalised(element: etree._Element, name: str) -> float | None:
    """The attribute ``name`` as a coordinate of ONVIF's normalised space (-1..1);
    None when it is missing, not a number or outside."""
    text = element.get(name)
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and -1.0 <= value <= 1.0 else None


@dataclass(frozen=True)
class SoapRequest:
    """A parsed request: the operation is the Body's first element."""

    operation: etree.QName
    body: etree._Element
    header: etree._Element | None = field(default=None)
    #: The HTTP path it was posted to (a subscription's address names it).
    path: str = ""

    def find_text(self, local_name: str, namespace: str) -> str | None:
        """The text of the operation's first ``{namespace}local_name`` descendant, stripped."""
        element = self.body.find(f".//{{{namespace}}}{local_name}")
        if element is None or element.text is None:
            return None
        return element.text.strip()


def _malformed(reason: str) -> SoapFault:
    return SoapFault("Sender", ("WellFormed",), reason)


def parse_request(data: bytes) -> SoapRequest:
    """Parse a SOAP 1.2 request; raises ``SoapFault`` (never anything else) when it is not one."""
    if not data.strip():
        raise _malformed("the request has no body: expected a SOAP 1.2 envelope")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise _malformed(f"the request is not well-formed XML: {error}") from None
    except ValueError as error:  # e.g. an encoding declaration lxml cannot honour
        raise _malformed(f"the request cannot be parsed: {error}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise _malformed("a SOAP message must not contain a document type declaration")
    if root.tag == f"{{{SOAP11_ENV}}}Envelope":
        raise SoapFault(
            "VersionMismatch", (), "SOAP 1.1 envelope received: this device speaks SOAP 1.2"
        )
    if root.tag != f"{{{ENV}}}Envelope":
        raise _malformed(f"the root element is {root.tag!r}, not a SOAP 1.2 Envelope")
    header = root.find(f"{{{ENV}}}Header")
    body = root.find(f"{{{ENV}}}Body")
    if body is None:
        raise _malformed("the envelope has no Body")
    operation = next((child for child in body if isinstance(child.tag, str)), None)
    if operation is None:
        raise _malformed("the Body is empty: it must hold the operation's element")
    return SoapRequest(etree.QName(operation), operation, header)


def _envelope() -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(f"{{{ENV}}}Envelope", nsmap=NSMAP)
    body = etree.SubElement(envelope, f"{{{ENV}}}Body")
    return envelope, body


def _serialise(envelope: etree._Element) -> bytes:
    # ter: and tns1: are kept even when only texts (faults, event topics) use them:
    # QNames in text are invisible to lxml.
    etree.cleanup_namespaces(envelope, top_nsmap=NSMAP, keep_ns_prefixes=["ter", "tns1"])
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def response_envelope(response: etree._Element) -> bytes:
    """The SOAP 1.2 envelope carrying ``response`` (an operation's ``…Response`` element)."""
    envelope, body = _envelope()
    body.append(response)
    return _serialise(envelope)


def fault_envelope(fault: SoapFault) -> bytes:
    """The SOAP 1.2 envelope of ``fault``: Code/Value, nested Subcodes, Reason/Text."""
    envelope, body = _envelope()
    element = etree.SubElement(body, f"{{{ENV}}}Fault")
    code = etree.SubElement(element, f"{{{ENV}}}Code")
    etree.SubElement(code, f"{{{ENV}}}Value").text = f"env:{fault.code}"
    parent = code
    for subcode in fault.subcodes:
        parent = etree.SubElement(parent, f"{{{ENV}}}Subcode")
        etree.SubElement(parent, f"{{{ENV}}}Value").text = f"ter:{subcode}"
    reason = etree.SubElement(element, f"{{{ENV}}}Reason")
    text = etree.SubElement(reason, f"{{{ENV}}}Text")
    text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    text.text = fault.reason
    return _serialise(envelope)
