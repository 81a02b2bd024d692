"""A camera's text overlays (OSD) over ONVIF Media ver10: list them with the options
the camera gives, create, change and delete them.

Only text overlays are handled (plain text, date, time, date and time), at a corner
or at a custom position; image overlays a camera has are listed with their token
and position but cannot be changed here.

Invariants:
- ``check_overlay`` refuses, before anything is sent, a position or text kind the
  camera's GetOSDOptions does not list, a date or time format it does not list, a
  font size outside its range, a custom position outside -1..1 and plain text that
  is empty (``InvalidArgument`` naming the field and what is allowed).
- A camera that answers the OSD operations as not supported is ``NoOsd`` (a
  ``FailedPrecondition``); one that refuses an overlay keeps its reason
  (``InvalidArgument``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

POSITIONS: Final = ("UpperLeft", "UpperRight", "LowerLeft", "LowerRight", "Custom")
TEXT_KINDS: Final = ("Plain", "Date", "Time", "DateAndTime")
MAX_TEXT_CHARS: Final = 256
_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoSuchService"}
_REFUSED: Final = {"SettingsInvalid", "InvalidArgVal", "InvalidArgs", "MaxOSDs", "NoConfig"}


class NoOsd(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} has no ONVIF text overlays (OSD): {why}")


class OsdRefused(InvalidArgument):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__("osd", f"camera {host}:{port} refused it: {reason}")


@dataclass(frozen=True)
class Overlay:
    """One overlay. ``token`` is the camera's ("" for one not created yet)."""

    token: str = ""
    kind: str = "Text"  # Text or Image (image overlays are listed, not edited)
    position: str = "UpperLeft"  # one of POSITIONS
    x: float = 0.0  # with position Custom: -1 (left) .. 1 (right)
    y: float = 0.0  # -1 (bottom) .. 1 (top)
    text: str = "Plain"  # one of TEXT_KINDS
    plain_text: str = ""
    date_format: str = ""
    time_format: str = ""
    font_size: int = 0  # 0: the camera's default


@dataclass(frozen=True)
class OsdOptions:
    max_overlays: int = 0  # 0: the camera did not say
    positions: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    time_formats: tuple[str, ...] = ()
    font_size_min: int = 0
    font_size_max: int = 0  # 0: no range given


@dataclass(frozen=True)
class Osd:
    configuration: str  # the video source configuration the overlays are on
    overlays: tuple[Overlay, ...]
    options: OsdOptions = field(default_factory=OsdOptions)


def _part(reply: Any, name: str) -> Any:
    """The ``name`` part of an answer the library did not unwrap (its schema allows
    extra elements after it), or the answer itself."""
    if reply is None or isinstance(reply, str | list):
        return reply
    return getattr(reply, name, reply)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(str(item) for item in items if item)


def overlay_from(raw: Any) -> Overlay:
    position = getattr(raw, "Position", None)
    pos = getattr(position, "Pos", None)
    text = getattr(raw, "TextString", None)
    return Overlay(
        token=_text(getattr(raw, "token", "")),
        kind=_text(getattr(raw, "Type", "")) or "Text",
        position=_text(getattr(position, "Type", "")),
        x=float(getattr(pos, "x", 0.0) or 0.0),
        y=float(getattr(pos, "y", 0.0) or 0.0),
        text=_text(getattr(text, "Type", "")),
        plain_text=_text(getattr(text, "PlainText", "")),
        date_format=_text(getattr(text, "DateFormat", "")),
        time_format=_text(getattr(text, "TimeFormat", "")),
        font_size=int(getattr(text, "FontSize", 0) or 0),
    )


def options_from(raw: Any) -> OsdOptions:
    maximum = getattr(raw, "MaximumNumberOfOSDs", None)
    text = getattr(raw, "TextOption", None)
    sizes = getattr(text, "FontSizeRange", None)
    return OsdOptions(
        max_overlays=int(getattr(maximum, "Total", 0) or 0),
        positions=_strings(getattr(raw, "PositionOption", None)),
        texts=_strings(getattr(text, "Type", None)),
        date_formats=_strings(getattr(text, "DateFormat", None)),
        time_formats=_strings(getattr(text, "TimeFormat", None)),
        font_size_min=int(getattr(sizes, "Min", 0) or 0),
        font_size_max=int(getattr(sizes, "Max", 0) or 0),
    )


def _one_of(field_name: str, value: str, allowed: tuple[str, ...]) -> None:
    if allowed and value not in allowed:
        raise InvalidArgument(f"osd.{field_name}", f"{value!r} is not one of {', '.join(allowed)}")


def check_overlay(overlay: Overlay, options: OsdOptions) -> None:
    """``InvalidArgument`` naming the first field of ``overlay`` the camera would not take."""
    if overlay.kind != "Text":
        raise InvalidArgument("osd", "only text overlays can be set")
    _one_of("position", overlay.position, options.positions or POSITIONS)
    _one_of("text", overlay.text, options.texts or TEXT_KINDS)
    if overlay.position == "Custom":
        for name, value in (("x", overlay.x), ("y", overlay.y)):
            if not math.isfinite(value) or not -1.0 <= value <= 1.0:
                raise InvalidArgument(f"osd.{name}", f"{value:g} is not in -1..1")
    if overlay.text == "Plain" and not overlay.plain_text.strip():
        raise InvalidArgument("osd.plain_text", "is required for a plain-text overlay")
    if len(overlay.plain_text) > MAX_TEXT_CHARS:
        raise InvalidArgument("osd.plain_text", f"is longer than {MAX_TEXT_CHARS} characters")
    if overlay.date_format and overlay.text in ("Date", "DateAndTime"):
        _one_of("date_format", overlay.date_format, options.date_formats)
    if overlay.time_format and overlay.text in ("Time", "DateAndTime"):
        _one_of("time_format", overlay.time_format, options.time_formats)
    low, high = options.font_size_min, options.font_size_max
    if overlay.font_size and high and not low <= overlay.font_size <= high:
        raise InvalidArgument(
            "osd.font_size", f"{overlay.font_size} is outside the camera's bounds {low}..{high}"
        )


def _request(overlay: Overlay, configuration: str) -> dict[str, Any]:
    position: dict[str, Any] = {"Type": overlay.position}
    if overlay.position == "Custom":
        position["Pos"] = {"x": overlay.x, "y": overlay.y}
    text: dict[str, Any] = {"Type": overlay.text}
    if overlay.font_size:
        text["FontSize"] = overlay.font_size
    if overlay.text in ("Date", "DateAndTime") and overlay.date_format:
        text["DateFormat"] = overlay.date_format
    if overlay.text in ("Time", "DateAndTime") and overlay.time_format:
        text["TimeFormat"] = overlay.time_format
    if overlay.text == "Plain":
        text["PlainText"] = overlay.plain_text
    return {
        "token": overlay.token or "new",
        "VideoSourceConfigurationToken": {"_value_1": configuration},
        "Type": "Text",
        "Position": position,
        "TextString": text,
    }


async def _call(device: OnvifDevice, operation: str, params: Any = None) -> Any:
    try:
        return await device.call("media", operation, params)
    except OnvifError as error:
        cause = error.__cause__
        subcodes = {getattr(q, "localname", str(q)) for q in getattr(cause, "subcodes", None) or []}
        if subcodes & _NOT_SUPPORTED:
            raise NoOsd(device.host, device.port, f"{operation} is not supported") from error
        if subcodes & _REFUSED:
            reason = str(getattr(cause, "message", "") or "")
            raise OsdRefused(device.host, device.port, reason) from error
        raise


async def _configuration(device: OnvifDevice) -> str:
    profiles = await device.call("media", "GetProfiles") or []
    for profile in profiles:
        token = _text(getattr(getattr(profile, "VideoSourceConfiguration", None), "token", ""))
        if token:
            return token
    raise NoOsd(device.host, device.port, "no profile has a video source configuration")


async def read_osd(device: OnvifDevice) -> Osd:
    """The connected camera's overlays and options. Raises ``NoOsd`` or an ``OnvifError``."""
    configuration = await _configuration(device)
    reply = await _call(device, "GetOSDs", {"ConfigurationToken": configuration})
    overlays = _part(reply, "OSDs") or []
    options = _part(
        await _call(device, "GetOSDOptions", {"ConfigurationToken": configuration}), "OSDOptions"
    )
    return Osd(configuration, tuple(overlay_from(raw) for raw in overlays), options_from(options))


async def save_overlay(device: OnvifDevice, overlay: Overlay) -> str:
    """Create ``overlay`` (no token) or replace the camera's overlay of that token, after
    ``check_overlay``; returns its token."""
    osd = await read_osd(device)
    if overlay.token and overlay.token not in {o.token for o in osd.overlays}:
        raise InvalidArgument("osd.token", f"the camera has no overlay {overlay.token!r}")
    check_overlay(overlay, osd.options)
    request = _request(overlay, osd.configuration)
    if overlay.token:
        await _call(device, "SetOSD", {"OSD": request})
        return overlay.token
    maximum = osd.options.max_overlays
    if maximum and len(osd.overlays) >= maximum:
        raise FailedPrecondition(
            f"camera {device.host}:{device.port} shows at most {maximum} overlays: delete one first"
        )
    return _text(_part(await _call(device, "CreateOSD", {"OSD": request}), "OSDToken"))


async def delete_overlay(device: OnvifDevice, token: str) -> None:
    osd = await read_osd(device)
    if token not in {o.token for o in osd.overlays}:
        raise InvalidArgument("token", f"the camera has no overlay {token!r}")
    await _call(device, "DeleteOSD", {"OSDToken": token})
