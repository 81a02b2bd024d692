"""What a camsim started with ``--onvif`` announced: each camera's ONVIF addresses.

camsim prints, before its ready line, one line per camera:
``onvif cam1 http://127.0.1.11:PORT/onvif/device_service discovery udp://127.0.1.11:3702``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.support.camsim_process import CamsimProcess, start_camsim

#: What every ONVIF camsim of the tests is started with: ephemeral ports (tests run
#: in parallel; only test_camsim_onvif_discovery binds WS-Discovery's own port).
ONVIF_ARGS = ("--onvif", "--onvif-port", "0", "--discovery-port", "0")

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


def start_onvif_camsim(
    *args: str, cameras: int, user: str | None = None, password: str | None = None
) -> CamsimProcess:
    """camsim with ``--onvif`` on ephemeral ports, ``cameras`` cameras, ``args``, and
    (when given) ``--user/--password`` protecting RTSP and ONVIF."""
    credentials = ("--user", user, "--password", password) if user and password else ()
    return start_camsim(*args, *ONVIF_ARGS, *credentials, cameras=cameras)
