"""CameraService's picture calls (GetImaging, SetImaging, GetOsd, SetOsd, DeleteOsd):
protobuf ↔ ``vedette_server.onvif.imaging`` / ``onvif.osd`` translation, and the
connection to the camera's ONVIF service with its stored address and credentials.

A camera added by RTSP URL has no ONVIF address: FAILED_PRECONDITION says so. The
camera's password goes to the camera only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Final

from vedette_api.v1 import cameras_pb2
from vedette_server.api.onvif_calls import CAMERA_TIMEOUT_S, CAMERA_TOTAL_S
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import CameraUnreachable
from vedette_server.onvif.imaging import CONTROL_NAMES, Bounds, ImagingSettings
from vedette_server.onvif.osd import Osd, Overlay
from vedette_server.recording.onvif_sources import OnvifSource
from vedette_server.security.secretbox import CameraCredentials

_POSITIONS: Final = {
    "UpperLeft": cameras_pb2.OSD_POSITION_UPPER_LEFT,
    "UpperRight": cameras_pb2.OSD_POSITION_UPPER_RIGHT,
    "LowerLeft": cameras_pb2.OSD_POSITION_LOWER_LEFT,
    "LowerRight": cameras_pb2.OSD_POSITION_LOWER_RIGHT,
    "Custom": cameras_pb2.OSD_POSITION_CUSTOM,
}
_TEXTS: Final = {
    "Plain": cameras_pb2.OSD_TEXT_PLAIN,
    "Date": cameras_pb2.OSD_TEXT_DATE,
    "Time": cameras_pb2.OSD_TEXT_TIME,
    "DateAndTime": cameras_pb2.OSD_TEXT_DATE_AND_TIME,
}
_POSITION_NAMES: Final = {v: k for k, v in _POSITIONS.items()}
_TEXT_NAMES: Final = {v: k for k, v in _TEXTS.items()}
#: The fields of an overlay SetOsd may change (its update_mask paths).
OSD_FIELDS: Final = (
    "position",
    "x",
    "y",
    "text",
    "plain_text",
    "date_format",
    "time_format",
    "font_size",
)


@asynccontextmanager
async def camera_device(
    name: str, source: OnvifSource | None, credentials: CameraCredentials | None
) -> AsyncIterator[OnvifDevice]:
    """The connected ONVIF device of camera ``name``; FAILED_PRECONDITION without one.
    Each call is bounded by ``CAMERA_TIMEOUT_S``, all of them by ``CAMERA_TOTAL_S``."""
    if source is None:
        raise FailedPrecondition(
            f"camera {name} was not added over ONVIF (AddOnvifCamera): Vedette does not"
            " know its ONVIF address, so its ONVIF settings cannot be reached"
        )
    user, password = (credentials.user, credentials.password) if credentials else ("", "")
    try:
        async with asyncio.timeout(CAMERA_TOTAL_S):
            async with OnvifDevice(
                source.host, source.port, user, password, timeout_s=CAMERA_TIMEOUT_S
            ) as device:
                yield device
    except TimeoutError:
        raise CameraUnreachable(
            source.host, source.port, f"no complete answer within {CAMERA_TOTAL_S:g} s"
        ) from None


# ------------------------------------------------------------------------ imaging


def settings_of(message: cameras_pb2.ImagingSettings) -> ImagingSettings:
    """The controls set in ``message`` (modes upper-cased, as ONVIF spells them)."""
    values = {name: getattr(message, name) for name in CONTROL_NAMES if message.HasField(name)}
    modes = {n: v.strip().upper() for n, v in values.items() if isinstance(v, str)}
    return ImagingSettings(**(values | modes))


def settings_message(settings: ImagingSettings) -> cameras_pb2.ImagingSettings:
    message = cameras_pb2.ImagingSettings()
    for name, value in settings.given().items():
        setattr(message, name, value)
    return message


def options_message(bounds: Mapping[str, Bounds]) -> cameras_pb2.ImagingOptions:
    message = cameras_pb2.ImagingOptions()
    for name, allowed in bounds.items():
        if allowed.modes:
            getattr(message, name).extend(allowed.modes)
        else:
            getattr(message, name).CopyFrom(
                cameras_pb2.ImagingRange(min=allowed.low, max=allowed.high)
            )
    return message


# ---------------------------------------------------------------------------- OSD


def overlay_message(overlay: Overlay) -> cameras_pb2.OsdOverlay:
    return cameras_pb2.OsdOverlay(
        token=overlay.token,
        position=_POSITIONS.get(overlay.position, cameras_pb2.OSD_POSITION_UNSPECIFIED),
        x=overlay.x,
        y=overlay.y,
        text=_TEXTS.get(overlay.text, cameras_pb2.OSD_TEXT_UNSPECIFIED),
        plain_text=overlay.plain_text,
        date_format=overlay.date_format,
        time_format=overlay.time_format,
        font_size=overlay.font_size,
        editable=overlay.kind == "Text",
    )


def osd_response(osd: Osd) -> cameras_pb2.GetOsdResponse:
    options = osd.options
    return cameras_pb2.GetOsdResponse(
        overlays=[overlay_message(o) for o in osd.overlays],
        options=cameras_pb2.OsdOptions(
            max_overlays=options.max_overlays,
            positions=[_POSITIONS[p] for p in options.positions if p in _POSITIONS],
            texts=[_TEXTS[t] for t in options.texts if t in _TEXTS],
            date_formats=list(options.date_formats),
            time_formats=list(options.time_formats),
            font_size_min=options.font_size_min,
            font_size_max=options.font_size_max,
        ),
    )


def _overlay_fields(message: cameras_pb2.OsdOverlay, names: set[str]) -> dict[str, object]:
    """``names`` of ``message`` as ``Overlay`` fields; INVALID_ARGUMENT for an unset enum."""
    values: dict[str, object] = {}
    for name in names:
        if name == "position":
            if message.position not in _POSITION_NAMES:
                raise InvalidArgument("overlay.position", "is required (a corner or custom)")
            values["position"] = _POSITION_NAMES[message.position]
        elif name == "text":
            if message.text not in _TEXT_NAMES:
                raise InvalidArgument(
                    "overlay.text", "is required (plain, date, time or date and time)"
                )
            values["text"] = _TEXT_NAMES[message.text]
        else:
            values[name] = getattr(message, name)
    return values


def new_overlay(message: cameras_pb2.OsdOverlay) -> Overlay:
    """The overlay SetOsd creates from ``message`` (no token)."""
    return Overlay(**_overlay_fields(message, set(OSD_FIELDS)))  # type: ignore[arg-type]


def changed_overlay(current: Overlay, message: cameras_pb2.OsdOverlay, paths: list[str]) -> Overlay:
    """``current`` with the fields of ``message`` that ``paths`` name."""
    names = set(paths)
    unknown = names - set(OSD_FIELDS)
    if unknown:
        raise InvalidArgument("update_mask", f"cannot update {', '.join(sorted(unknown))}")
    if not names:
        raise InvalidArgument("update_mask", "names no field to change")
    if current.kind != "Text":
        raise InvalidArgument("overlay.token", f"overlay {current.token!r} is not a text overlay")
    return replace(current, **_overlay_fields(message, names))  # type: ignore[arg-type]
