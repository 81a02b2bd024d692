"""Cameras dragged onto a tile: the MIME data the site tree writes and tiles read.

A drag carries ``server|id`` entries joined by commas, in the tree's order: one
camera, or every camera of a dropped server or group node. A bare id (no ``|``)
is a camera of the window's only server (server "").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

CAMERA_MIME = "application/x-vedette-camera"


class CameraRef(NamedTuple):
    """A camera of one of the signed-in servers."""

    #: ``host:port`` of its server ("" in a single-server window).
    server: str
    camera_id: int


def camera_mime(cameras: Iterable[tuple[str, int]]) -> bytes:
    """Dragged cameras: ``server|id`` entries joined by commas."""
    return ",".join(f"{server}|{camera_id}" for server, camera_id in cameras).encode()


def parse_camera_mime(data: bytes) -> list[CameraRef]:
    """The cameras of ``camera_mime`` data, in order (entries that are not one are
    skipped)."""
    found = []
    for part in data.decode(errors="replace").split(","):
        server, _, ident = part.strip().rpartition("|")
        if ident.isdigit():
            found.append(CameraRef(server, int(ident)))
    return found
