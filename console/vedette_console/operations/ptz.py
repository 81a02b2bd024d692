"""PTZ (PTZ-01..03, LIVE-03/04): which cameras have a PTZ device, a camera's PTZ
state, presets and cruises. Moving the head is not here: it goes through a control
stream (``vedette_console.ptz.control``), not one call per command.

A camera is PTZ-capable when the server has a serial dome set for it (Pelco-D/P:
pan, tilt, zoom, focus and iris) or when the camera said over ONVIF that it has a
PTZ service (pan, tilt, zoom; focus and iris belong to ONVIF imaging, which the PTZ
service does not drive).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, NotFound, PermissionDenied
from vedette_api.v1 import ptz_pb2
from vedette_console.operations.server_op import ServerOp

#: Cruises a camera keeps (PTZ-03) and steps a cruise has, as the server bounds them.
MAX_CRUISES = 8
MAX_CRUISE_STEPS = 32
#: The highest preset number the API takes; a device may keep fewer.
MAX_PRESET = 255


class PtzKind(Enum):
    """What moves the camera's head."""

    NONE = auto()
    #: A Pelco-D/P dome on a serial line.
    SERIAL = auto()
    #: The camera's ONVIF PTZ service.
    ONVIF = auto()


@dataclass(frozen=True)
class PtzSupport:
    """What the console may offer for a camera's head."""

    kind: PtzKind = PtzKind.NONE
    focus: bool = False
    iris: bool = False

    @property
    def capable(self) -> bool:
        return self.kind is not PtzKind.NONE


NO_PTZ = PtzSupport()


def fetch_support(client: Client, camera_id: int) -> PtzSupport:
    """Blocking: whether ``camera_id`` has a PTZ device the user may drive. A user
    without the PTZ right on it gets ``NO_PTZ`` (nothing to offer them)."""
    try:
        client.get_ptz_device(camera_id)
    except (NotFound, FailedPrecondition):  # no serial dome set for it
        pass
    except PermissionDenied:
        return NO_PTZ
    else:
        return PtzSupport(PtzKind.SERIAL, focus=True, iris=True)
    try:
        camera = client.get_camera(camera_id)
    except (NotFound, PermissionDenied):
        return NO_PTZ
    if camera.HasField("onvif") and camera.onvif.capabilities.ptz:
        return PtzSupport(PtzKind.ONVIF)
    return NO_PTZ


def fetch_supports(client: Client, camera_ids: Iterable[int]) -> dict[int, PtzSupport]:
    """Blocking: ``fetch_support`` of each camera (one or two calls each)."""
    return {camera_id: fetch_support(client, camera_id) for camera_id in set(camera_ids)}


def ptz_supports(
    *, parent: QObject | None, camera_ids: Sequence[int]
) -> ServerOp[dict[int, PtzSupport]]:
    return ServerOp(parent, lambda client: fetch_supports(client, camera_ids))


@dataclass(frozen=True)
class PtzOverview:
    """Everything the PTZ panel shows about a camera besides the picture."""

    state: ptz_pb2.GetPtzStateResponse
    presets: list[ptz_pb2.PtzPreset]
    cruises: list[ptz_pb2.PtzCruise]
    #: The running cruise's number, 0 when none runs.
    running_cruise: int

    @property
    def max_presets(self) -> int:
        return self.state.max_presets or MAX_PRESET


def fetch_overview(client: Client, camera_id: int) -> PtzOverview:
    """Blocking: state, presets and cruises (three calls)."""
    state = client.ptz_state(camera_id)
    presets = client.list_presets(camera_id)
    cruises = client.list_cruises(camera_id)
    return PtzOverview(state, presets, list(cruises.cruises), cruises.running_cruise_number)


def load_overview(*, parent: QObject | None, camera_id: int) -> ServerOp[PtzOverview]:
    return ServerOp(parent, lambda client: fetch_overview(client, camera_id))


def ptz_state(*, parent: QObject | None, camera_id: int) -> ServerOp[ptz_pb2.GetPtzStateResponse]:
    """Holder, running cruise, position and motion (the panel polls it)."""
    return ServerOp(parent, lambda client: client.ptz_state(camera_id))


# -- presets (PTZ-02) ---------------------------------------------------------------------


def save_preset(
    *, parent: QObject | None, camera_id: int, number: int, name: str
) -> ServerOp[ptz_pb2.PtzPreset]:
    """Save the head's current position as preset ``number`` named ``name``."""
    return ServerOp(parent, lambda client: client.set_preset(camera_id, number, name))


def goto_preset(
    *, parent: QObject | None, camera_id: int, number: int, speed: float = 1.0
) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.goto_preset(camera_id, number, speed))


def point_at(
    *,
    parent: QObject | None,
    camera_id: int,
    x: float,
    y: float,
    width: float = 0.0,
    height: float = 0.0,
    speed: float = 1.0,
) -> ServerOp[float]:
    """Centre on the picture's point (x, y) and, with a size, zoom to that area
    (fractions of the picture, origin top left); the zoom factor asked."""
    return ServerOp(parent, lambda client: client.point_at(camera_id, x, y, width, height, speed))


def rename_preset(
    *, parent: QObject | None, camera_id: int, number: int, name: str
) -> ServerOp[ptz_pb2.PtzPreset]:
    return ServerOp(parent, lambda client: client.rename_preset(camera_id, number, name))


def delete_preset(*, parent: QObject | None, camera_id: int, number: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_preset(camera_id, number))


# -- cruises (PTZ-03) ---------------------------------------------------------------------


@dataclass(frozen=True)
class CruiseStep:
    """One stop of a cruise as the editor holds it."""

    preset: int
    dwell_s: float
    #: 0 < speed <= 1.
    speed: float


def put_cruise(
    *,
    parent: QObject | None,
    camera_id: int,
    number: int,
    name: str,
    steps: Sequence[CruiseStep],
) -> ServerOp[ptz_pb2.PtzCruise]:
    """Create or replace cruise ``number`` (the server checks the steps' presets)."""
    rows = [(s.preset, s.dwell_s, s.speed) for s in steps]
    return ServerOp(parent, lambda client: client.put_cruise(camera_id, number, rows, name))


def delete_cruise(*, parent: QObject | None, camera_id: int, number: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_cruise(camera_id, number))


def start_cruise(*, parent: QObject | None, camera_id: int, number: int) -> ServerOp[None]:
    """The server runs it from now on, also when this console closes."""
    return ServerOp(parent, lambda client: client.start_cruise(camera_id, number))


def stop_cruise(*, parent: QObject | None, camera_id: int) -> ServerOp[int]:
    """Stop the running cruise; the stopped cruise's number, 0 when none ran."""
    return ServerOp(parent, lambda client: client.stop_cruise(camera_id))


def cruise_steps(cruise: ptz_pb2.PtzCruise) -> list[CruiseStep]:
    """A stored cruise's steps, for the editor."""
    return [
        CruiseStep(s.preset, s.dwell.ToNanoseconds() / 1e9, s.speed or 1.0) for s in cruise.steps
    ]
