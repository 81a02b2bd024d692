"""CameraService's network and password calls (SetCameraNetwork, SetCameraPassword):
the batch plan, each camera's outcome, and what the server stores after a camera
accepted (its new ONVIF host and stream URLs; its new password).

Invariants: the new password only goes to the camera and, encrypted, to the catalog;
it is in no result, audit entry or log line (a failure's text comes from typed
errors that never carry it). An unexpected error is logged without its arguments and
reported as internal.
"""

from __future__ import annotations

import logging
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import grpc

from vedette_api.v1 import cameras_pb2
from vedette_server.api.status import status_for, status_message
from vedette_server.errors import InvalidArgument

log = logging.getLogger(__name__)

MAX_CAMERAS: Final = 256
DEFAULT_PREFIX: Final = 24


def camera_ids(ids: list[int]) -> list[int]:
    """The cameras asked, once each, in order; INVALID_ARGUMENT for none or too many."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise InvalidArgument("camera_ids", "names no camera")
    if len(unique) > MAX_CAMERAS:
        raise InvalidArgument("camera_ids", f"at most {MAX_CAMERAS} cameras per request")
    return unique


def failure(camera_id: int, error: Exception, address: str = "") -> cameras_pb2.CameraChangeResult:
    """One camera's failed outcome: its status code's name and the masked message."""
    code = status_for(error)
    if code is grpc.StatusCode.INTERNAL:
        # exc_info only: the traceback's frames are not printed with their arguments.
        log.error("camera %d: change failed (%s)", camera_id, type(error).__name__)
        text = "internal error; see the server log"
    else:
        text = status_message(error)
    return cameras_pb2.CameraChangeResult(
        camera_id=camera_id, error_code=code.name, error=text, address=address
    )


def moved_url(url: str, old_host: str, new_host: str) -> str:
    """``url`` with ``new_host`` in place of ``old_host``; unchanged when it names
    another host (a stream served from elsewhere stays where it is)."""
    if not url:
        return url
    parts = urlsplit(url)
    if (parts.hostname or "").lower() != old_host.lower():
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    port = f":{parts.port}" if parts.port is not None else ""
    netloc = (userinfo + "@" if userinfo else "") + new_host + port
    del hostport
    return urlunsplit(parts._replace(netloc=netloc))
