"""What a camsim started with ``--onvif`` announced: each camera's ONVIF addresses.

camsim prints, before its ready line, one line per camera:
``onvif cam1 http://127.0.1.11:PORT/onvif/device_service discovery udp://127.0.1.11:3702``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.support.camsim_process import CamsimProcess

_ONVIF_LINE = re.compile(r"^onvif (\S+) (http://\S+) discovery udp://(\S+):(\d+)$")


@dataclass(frozen=True)
class OnvifCamera:
    """One camera's device service URL and WS-Discovery address."""

    device_url: str
    discovery_address: str
    discovery_port: int

    @property
    def host_port(self) -> tuple[str, int]:
        """Host and port of the device service (what TestCamera and AddOnvifCamera take)."""
        return host_port_of(self.device_url)

    @property
    def media_url(self) -> str:
        return self.device_url.replace("/onvif/device_service", "/onvif/media_service")


def host_port_of(url: str) -> tuple[str, int]:
    """Host and port of an ``http://HOST:PORT/...`` service URL."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None, url
    return parts.hostname, parts.port


def onvif_cameras(camsim: CamsimProcess) -> dict[str, OnvifCamera]:
    """Camera name → its ONVIF addresses, from camsim's ``onvif …`` lines."""
    found = {}
    for line in list(camsim.lines):
        match = _ONVIF_LINE.match(line)
        if match:
            found[match[1]] = OnvifCamera(match[2], match[3], int(match[4]))
    return found
