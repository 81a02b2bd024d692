"""Answers rendered by zeep's XSD engine from the WSDLs that onvif-zeep-async ships.

Building responses from the schema, not from strings, gives them the namespaces,
element order and types the WSDLs define; a required element left out fails here
(zeep's ``ValidationError``) instead of in a client. The WSDL files are read from
the installed ``onvif`` package at run time and never copied into the repository
(their licence allows redistribution only unmodified; see docs/camsim.md).

Loading parses ~1.5 MB of WSDL and XSD (about half a second): ``OnvifSchema.load``
blocks, so run it in an executor; one instance serves every camera.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import LookupError as ZeepLookupError
from zeep.exceptions import NamespaceError

_WSDLS = (
    "devicemgmt.wsdl",
    "media.wsdl",
    "ptz.wsdl",
    "imaging.wsdl",
    "events.wsdl",
    "deviceio.wsdl",
)


def wsdl_dir() -> Path:
    """Where the installed onvif-zeep-async keeps its WSDLs (without importing it: its
    import configures logging)."""
    spec = importlib.util.find_spec("onvif")
    if spec is None or spec.origin is None:
        raise RuntimeError("onvif-zeep-async is not installed: camsim's ONVIF needs its WSDLs")
    return Path(spec.origin).parent / "wsdl"


class OnvifSchema:
    """Renders ONVIF elements by qualified name: ``render(TDS, 'GetHostnameResponse', …)``."""

    def __init__(self, clients: list[Client]) -> None:
        self._clients = clients

    @classmethod
    def load(cls) -> OnvifSchema:
        """Read the device, media, PTZ, imaging, events and DeviceIO WSDLs. Blocks (file
        reads, parsing)."""
        settings = Settings(
            strict=False, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        folder = wsdl_dir()
        return cls([Client(str(folder / name), settings=settings) for name in _WSDLS])

    def _element(self, qname: str) -> Any:
        for client in self._clients:
            try:
                return client.get_element(qname)
            except (ZeepLookupError, NamespaceError):
                continue
        raise LookupError(f"no element {qname} in {', '.join(_WSDLS)}")

    def render(self, namespace: str, name: str, **fields: Any) -> etree._Element:
        """The element ``{namespace}name`` holding ``fields``; raises zeep's
        ``ValidationError`` when a required part is missing."""
        element = self._element(f"{{{namespace}}}{name}")
        holder = etree.Element("holder")
        element.render(holder, element(**fields))
        return holder[0]
