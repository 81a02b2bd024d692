"""A camera's picture settings over ONVIF Imaging (ver20): read them with the bounds the
camera gives (GetOptions), and change some of them (CAM-09).

Settings and bounds are plain dataclasses whose field names are the controls' names
(``brightness``, ``white_balance_cr_gain``…), the same as the API's
``ImagingSettings``; ``CONTROLS`` maps each to its ONVIF element. ONVIF Imaging has
no hue, no noise reduction (DNR) before ONVIF 18.12's extension, which the bundled
schemas lack, and no mirror or flip (that is the video source's rotation in Media):
none of them is offered.

Invariants:
- ``check_change`` refuses, before anything is sent, a control the camera does not
  offer, a number outside its bounds or a mode it does not list (``InvalidArgument``
  naming the control and its bounds).
- ``apply_change`` reads the camera's current settings, changes only the controls
  given and sends them all back, so a camera that resets what a SetImagingSettings
  leaves out (some do) keeps its other settings.
- A camera without an imaging service, or that refuses an imaging operation as not
  supported, is ``NoImaging`` (a ``FailedPrecondition`` that says so).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Final

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.capabilities import IMAGING_NS
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

#: ONVIF fault subcodes that mean "this camera does not do that".
_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoImagingForSource", "NoSuchService"}
#: ONVIF fault subcodes that mean "these settings are not acceptable".
_REFUSED: Final = {"SettingsInvalid", "InvalidArgVal", "InvalidArgs"}


class NoImaging(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} has no ONVIF picture settings: {why}")


class CameraRefused(InvalidArgument):
    """The camera refused a change that its options allowed (its own reason kept)."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__("settings", f"camera {host}:{port} refused them: {reason}")


@dataclass(frozen=True)
class Control:
    """One control: its name, its element in ``tt:ImagingSettings20`` and the element of
    its bounds (a FloatRange) or modes (a list) in ``tt:ImagingOptions20``."""

    name: str
    path: tuple[str, ...]
    options_path: tuple[str, ...]
    numeric: bool


CONTROLS: Final = (
    Control("brightness", ("Brightness",), ("Brightness",), True),
    Control("color_saturation", ("ColorSaturation",), ("ColorSaturation",), True),
    Control("contrast", ("Contrast",), ("Contrast",), True),
    Control("sharpness", ("Sharpness",), ("Sharpness",), True),
    Control(
        "backlight_compensation",
        ("BacklightCompensation", "Mode"),
        ("BacklightCompensation", "Mode"),
        False,
    ),
    Control(
        "backlight_compensation_level",
        ("BacklightCompensation", "Level"),
        ("BacklightCompensation", "Level"),
        True,
    ),
    Control(
        "wide_dynamic_range", ("WideDynamicRange", "Mode"), ("WideDynamicRange", "Mode"), False
    ),
    Control(
        "wide_dynamic_range_level",
        ("WideDynamicRange", "Level"),
        ("WideDynamicRange", "Level"),
        True,
    ),
    Control("white_balance", ("WhiteBalance", "Mode"), ("WhiteBalance", "Mode"), False),
    # ONVIF names the gains CrGain/CbGain in settings and YrGain/YbGain in options.
    Control("white_balance_cr_gain", ("WhiteBalance", "CrGain"), ("WhiteBalance", "YrGain"), True),
    Control("white_balance_cb_gain", ("WhiteBalance", "CbGain"), ("WhiteBalance", "YbGain"), True),
    Control("ir_cut_filter", ("IrCutFilter",), ("IrCutFilterModes",), False),
    Control("focus", ("Focus", "AutoFocusMode"), ("Focus", "AutoFocusModes"), False),
)
CONTROL_NAMES: Final = tuple(c.name for c in CONTROLS)


@dataclass(frozen=True)
class ImagingSettings:
    """Picture settings; ``None``: the camera does not report it (or, in a change, leave it)."""

    brightness: float | None = None
    color_saturation: float | None = None
    contrast: float | None = None
    sharpness: float | None = None
    backlight_compensation: str | None = None  # OFF, ON
    backlight_compensation_level: float | None = None
    wide_dynamic_range: str | None = None  # OFF, ON
    wide_dynamic_range_level: float | None = None
    white_balance: str | None = None  # AUTO, MANUAL
    white_balance_cr_gain: float | None = None
    white_balance_cb_gain: float | None = None
    ir_cut_filter: str | None = None  # ON, OFF, AUTO
    focus: str | None = None  # AUTO, MANUAL (auto focus mode)

    def given(self) -> dict[str, float | str]:
        """The controls set (not ``None``), by name."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class Bounds:
    """What a control accepts: a closed range for a number, modes for a mode."""

    low: float = 0.0
    high: float = 0.0
    modes: tuple[str, ...] = ()

    def describe(self) -> str:
        return ", ".join(self.modes) if self.modes else f"{self.low:g}..{self.high:g}"


@dataclass(frozen=True)
class Imaging:
    """A camera's settings and the bounds of each control it offers (by name)."""

    video_source: str
    settings: ImagingSettings
    bounds: Mapping[str, Bounds]


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if value is None:
            return None
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    return value


def settings_from(reply: Any) -> ImagingSettings:
    """The settings in a GetImagingSettings answer (``ImagingSettings20``)."""
    values: dict[str, float | str] = {}
    for control in CONTROLS:
        value = _get(reply, control.path)
        if value is None:
            continue
        values[control.name] = float(value) if control.numeric else str(value)
    return ImagingSettings(**values)  # type: ignore[arg-type]


def bounds_from(reply: Any) -> dict[str, Bounds]:
    """The bounds in a GetOptions answer (``ImagingOptions20``), for the controls it has."""
    found: dict[str, Bounds] = {}
    for control in CONTROLS:
        value = _get(reply, control.options_path)
        if value is None:
            continue
        if control.numeric:
            low, high = _get(value, ("Min",)), _get(value, ("Max",))
            if low is not None and high is not None:
                found[control.name] = Bounds(float(low), float(high))
        else:
            modes = [str(m) for m in (value if isinstance(value, list) else [value]) if m]
            if modes:
                found[control.name] = Bounds(modes=tuple(modes))
    return found


def check_change(change: ImagingSettings, bounds: Mapping[str, Bounds]) -> None:
    """``InvalidArgument`` naming the first control of ``change`` that the camera does
    not offer or whose value is outside its bounds."""
    given = change.given()
    if not given:
        raise InvalidArgument("settings", "names no control to change")
    for name, value in given.items():
        allowed = bounds.get(name)
        if allowed is None:
            offered = ", ".join(n for n in CONTROL_NAMES if n in bounds) or "none"
            raise InvalidArgument(
                f"settings.{name}", f"this camera has no such control (it has: {offered})"
            )
        if allowed.modes:
            if str(value) not in allowed.modes:
                raise InvalidArgument(
                    f"settings.{name}", f"{value!r} is not one of {allowed.describe()}"
                )
            continue
        number = float(value)
        if not math.isfinite(number) or not allowed.low <= number <= allowed.high:
            raise InvalidArgument(
                f"settings.{name}",
                f"{number:g} is outside the camera's bounds {allowed.describe()}",
            )


def _fault(error: OnvifError) -> tuple[set[str], str] | None:
    """The subcodes and reason of the SOAP fault behind ``error``, if it was one."""
    cause = error.__cause__
    if cause is None or not hasattr(cause, "subcodes"):
        return None
    names = {getattr(q, "localname", str(q)) for q in getattr(cause, "subcodes", None) or []}
    return names, str(getattr(cause, "message", "") or "")


async def _call(device: OnvifDevice, operation: str, params: Any) -> Any:
    try:
        return await device.call("imaging", operation, params)
    except OnvifError as error:
        fault = _fault(error)
        if fault is not None and fault[0] & _NOT_SUPPORTED:
            raise NoImaging(device.host, device.port, f"{operation} is not supported") from error
        if fault is not None and fault[0] & _REFUSED:
            raise CameraRefused(device.host, device.port, fault[1]) from error
        raise


async def video_source(device: OnvifDevice) -> str:
    """The token of the camera's first video source (the one its settings are of)."""
    if IMAGING_NS not in device.services:
        raise NoImaging(device.host, device.port, "it lists no imaging service")
    sources = await device.call("media", "GetVideoSources") or []
    token = str(getattr(sources[0], "token", "") or "") if sources else ""
    if not token:
        raise NoImaging(device.host, device.port, "it has no video source")
    return token


async def read_imaging(device: OnvifDevice) -> Imaging:
    """The connected camera's settings and bounds. Raises ``NoImaging`` or an ``OnvifError``."""
    source = await video_source(device)
    settings = await _call(device, "GetImagingSettings", {"VideoSourceToken": source})
    options = await _call(device, "GetOptions", {"VideoSourceToken": source})
    return Imaging(source, settings_from(settings), bounds_from(options))


def _serialise(value: Any) -> Any:
    """The library's answer object as plain dicts and lists (what it accepts back)."""
    from zeep.helpers import serialize_object

    return serialize_object(value, dict)


def _put(tree: dict[str, Any], path: tuple[str, ...], value: float | str) -> None:
    for part in path[:-1]:
        child = tree.get(part)
        if not isinstance(child, dict):
            child = {}
            tree[part] = child
        tree = child
    tree[path[-1]] = value


async def apply_change(device: OnvifDevice, change: ImagingSettings) -> Imaging:
    """Check ``change`` against the camera's bounds, send it with the camera's other
    settings unchanged, and return what the camera then reports."""
    source = await video_source(device)
    options = await _call(device, "GetOptions", {"VideoSourceToken": source})
    check_change(change, bounds_from(options))
    current = await _call(device, "GetImagingSettings", {"VideoSourceToken": source})
    tree = _serialise(current) or {}
    by_name = {c.name: c for c in CONTROLS}
    for name, value in change.given().items():
        _put(tree, by_name[name].path, value)
    request = {"VideoSourceToken": source, "ImagingSettings": tree, "ForcePersistence": True}
    await _call(device, "SetImagingSettings", request)
    return await read_imaging(device)


# -- the lens: continuous focus (Imaging Move/Stop/GetStatus) and iris (Exposure) ------


@dataclass(frozen=True)
class LensOptions:
    """What a camera's lens takes: its video source, the range of a continuous focus
    speed (GetMoveOptions; None: no continuous focus) and of its iris (GetOptions'
    Exposure Iris with a MANUAL exposure mode; None: no iris control)."""

    video_source: str
    focus_speed: tuple[float, float] | None = None
    iris: tuple[float, float] | None = None


@dataclass(frozen=True)
class FocusStatus:
    """GetStatus's ``FocusStatus20``: the position (None: not said) and whether it moves
    (None: not said, or UNKNOWN)."""

    position: float | None
    moving: bool | None


def _span(value: Any) -> tuple[float, float] | None:
    low, high = _get(value, ("Min",)), _get(value, ("Max",))
    if low is None or high is None:
        return None
    span = float(low), float(high)
    return span if math.isfinite(span[0]) and math.isfinite(span[1]) and span[0] < span[1] else None


async def lens_options(device: OnvifDevice) -> LensOptions:
    """The connected camera's lens controls. ``NoImaging`` when it has no imaging
    service or video source; a camera that refuses GetMoveOptions as not supported has
    no continuous focus, one whose options list no manual iris has no iris."""
    source = await video_source(device)
    focus_speed = None
    try:
        moves = await _call(device, "GetMoveOptions", {"VideoSourceToken": source})
        focus_speed = _span(_get(moves, ("Continuous", "Speed")))
    except NoImaging:
        pass
    options = await _call(device, "GetOptions", {"VideoSourceToken": source})
    modes = _get(options, ("Exposure", "Mode")) or []
    modes = modes if isinstance(modes, list) else [modes]
    manual = "MANUAL" in {str(m) for m in modes}
    iris = _span(_get(options, ("Exposure", "Iris"))) if manual else None
    return LensOptions(source, focus_speed, iris)


def focus_speed_of(velocity: float, speeds: tuple[float, float]) -> float:
    """A focus velocity (-1 near … +1 far) as the camera's continuous speed: scaled to
    its range on each side of 0, and clamped to the range."""
    low, high = speeds
    value = velocity * (high if velocity > 0 else -low)
    return min(max(value, low), high)


async def focus_continuous(device: OnvifDevice, source: str, speed: float) -> None:
    """Move the focus at ``speed`` (the camera's units) until ``focus_stop``."""
    params = {"VideoSourceToken": source, "Focus": {"Continuous": {"Speed": speed}}}
    await _call(device, "Move", params)


async def focus_stop(device: OnvifDevice, source: str) -> None:
    await _call(device, "Stop", {"VideoSourceToken": source})


async def focus_status(device: OnvifDevice, source: str) -> FocusStatus:
    reply = await _call(device, "GetStatus", {"VideoSourceToken": source})
    status = _get(reply, ("FocusStatus20",))
    position = _get(status, ("Position",))
    move = str(_get(status, ("MoveStatus",)) or "UNKNOWN")
    moving = None if move == "UNKNOWN" else move == "MOVING"
    return FocusStatus(None if position is None else float(position), moving)


async def set_iris(device: OnvifDevice, source: str, iris: float) -> None:
    """Set the iris (manual exposure), the camera's other settings kept."""
    current = await _call(device, "GetImagingSettings", {"VideoSourceToken": source})
    tree = _serialise(current) or {}
    _put(tree, ("Exposure", "Mode"), "MANUAL")
    _put(tree, ("Exposure", "Iris"), iris)
    request = {"VideoSourceToken": source, "ImagingSettings": tree, "ForcePersistence": False}
    await _call(device, "SetImagingSettings", request)


async def read_iris(device: OnvifDevice, source: str) -> float | None:
    current = await _call(device, "GetImagingSettings", {"VideoSourceToken": source})
    value = _get(current, ("Exposure", "Iris"))
    return None if value is None else float(value)
