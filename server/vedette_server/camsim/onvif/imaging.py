"""The ONVIF imaging service (ver20, ``timg:``) of one simulated camera: picture settings
stored per video source and echoed back, bounded by GetOptions, and a focus motor.

The camera has one video source (``media.VIDEO_SOURCE_TOKEN``). Its settings start at
mid-range (brightness, saturation, contrast, sharpness 50 of 0..100), automatic white
balance, exposure, focus and IR-cut filter, the iris fully open (0 dB of -22..0, set in
manual exposure), and backlight compensation and WDR off.

Invariants:
- SetImagingSettings changes the elements it carries and leaves the others as they
  were (the common camera behaviour; the ONVIF text does not say). It is all or
  nothing: a value outside GetOptions' bounds, a mode GetOptions does not list or a
  number that is not one is ``ter:InvalidArgVal/ter:SettingsInvalid`` naming the
  element and its bounds, and nothing is changed.
- A video source token other than the camera's is ``ter:InvalidArgVal/ter:NoSource``.
- Focus moves never block: an absolute or relative move reaches its position at
  once; a continuous move runs at ``speed × FOCUS_UNITS_PER_S`` until Stop or a limit
  (0..1), and GetStatus reports ``MOVING`` until then.
- The settings are stored; a live-rendered camera (``--ptz``) also shows its brightness
  and contrast (``camera.tone``), the pre-encoded loops of the others do not change.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from vedette_server.camsim.onvif.media import VIDEO_SOURCE_TOKEN
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TIMG, TT, SoapFault, SoapRequest, invalid_arg_val

Operation = Callable[[SoapRequest], etree._Element]

LEVEL = (0.0, 100.0)
FOCUS_POSITION = (0.0, 1.0)
FOCUS_SPEED = (-1.0, 1.0)
#: How far a continuous focus move at speed 1 goes in a second.
FOCUS_UNITS_PER_S = 0.5
ON_OFF = ("OFF", "ON")
EXPOSURE_MODES = ("AUTO", "MANUAL")
#: The iris in dB of attenuation: 0 fully open, -22 closed down (a DC-iris lens).
IRIS = (-22.0, 0.0)
AUTO_MANUAL = ("AUTO", "MANUAL")
IR_CUT_MODES = ("ON", "OFF", "AUTO")


@dataclass(frozen=True)
class Control:
    """One settable value: its path under ``tt:ImagingSettings`` and its bounds."""

    path: tuple[str, ...]
    bounds: tuple[float, float] | None = None
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return ".".join(self.path)

    def parse(self, text: str) -> float | str:
        """The value of ``text``; ``ter:SettingsInvalid`` naming the control otherwise."""
        if self.bounds is not None:
            low, high = self.bounds
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or not low <= value <= high:
                raise _settings_invalid(f"{self.name} {text!r} is not in {low:g}..{high:g}")
            return value
        if text not in self.choices:
            raise _settings_invalid(f"{self.name} {text!r} is not one of {', '.join(self.choices)}")
        return text


#: Every control camsim offers, in the order of ``tt:ImagingSettings20``.
CONTROLS = (
    Control(("BacklightCompensation", "Mode"), choices=ON_OFF),
    Control(("BacklightCompensation", "Level"), LEVEL),
    Control(("Brightness",), LEVEL),
    Control(("ColorSaturation",), LEVEL),
    Control(("Contrast",), LEVEL),
    Control(("Exposure", "Mode"), choices=EXPOSURE_MODES),
    Control(("Exposure", "Iris"), IRIS),
    Control(("Focus", "AutoFocusMode"), choices=AUTO_MANUAL),
    Control(("IrCutFilter",), choices=IR_CUT_MODES),
    Control(("Sharpness",), LEVEL),
    Control(("WideDynamicRange", "Mode"), choices=ON_OFF),
    Control(("WideDynamicRange", "Level"), LEVEL),
    Control(("WhiteBalance", "Mode"), choices=AUTO_MANUAL),
    Control(("WhiteBalance", "CrGain"), LEVEL),
    Control(("WhiteBalance", "CbGain"), LEVEL),
)
_DEFAULTS: dict[tuple[str, ...], float | str] = {
    ("BacklightCompensation", "Mode"): "OFF",
    ("BacklightCompensation", "Level"): 50.0,
    ("Brightness",): 50.0,
    ("ColorSaturation",): 50.0,
    ("Contrast",): 50.0,
    ("Exposure", "Mode"): "AUTO",
    ("Exposure", "Iris"): 0.0,
    ("Focus", "AutoFocusMode"): "AUTO",
    ("IrCutFilter",): "AUTO",
    ("Sharpness",): 50.0,
    ("WideDynamicRange", "Mode"): "OFF",
    ("WideDynamicRange", "Level"): 50.0,
    ("WhiteBalance", "Mode"): "AUTO",
    ("WhiteBalance", "CrGain"): 50.0,
    ("WhiteBalance", "CbGain"): 50.0,
}


def _settings_invalid(reason: str) -> SoapFault:
    return invalid_arg_val("SettingsInvalid", reason)


def imaging_capabilities(schema: OnvifSchema) -> etree._Element:
    """The ``timg:Capabilities`` element (GetServiceCapabilities, GetServices)."""
    return schema.render(TIMG, "Capabilities", ImageStabilization=False)


@dataclass
class FocusMotor:
    """The lens: a position in 0..1, moved at once or at a speed until stopped."""

    clock: Callable[[], float] = time.monotonic
    _position: float = 0.5
    _speed: float = 0.0
    _since_s: float = 0.0

    def position(self) -> float:
        if self._speed == 0.0:
            return self._position
        moved = self._position + self._speed * FOCUS_UNITS_PER_S * (self.clock() - self._since_s)
        return min(max(moved, FOCUS_POSITION[0]), FOCUS_POSITION[1])

    def moving(self) -> bool:
        position = self.position()
        if self._speed == 0.0:
            return False
        return FOCUS_POSITION[0] < position < FOCUS_POSITION[1]

    def go_to(self, position: float) -> None:
        self._position, self._speed = position, 0.0

    def run(self, speed: float) -> None:
        self._position, self._speed, self._since_s = self.position(), speed, self.clock()

    def stop(self) -> None:
        self.go_to(self.position())


@dataclass
class ImagingState:
    """The settings of the camera's one video source."""

    values: dict[tuple[str, ...], float | str] = field(default_factory=lambda: dict(_DEFAULTS))
    focus: FocusMotor = field(default_factory=FocusMotor)

    def settings(self) -> dict[str, Any]:
        """``tt:ImagingSettings20`` fields."""
        fields: dict[str, Any] = {}
        for path, value in self.values.items():
            holder = fields
            for part in path[:-1]:
                holder = holder.setdefault(part, {})
            holder[path[-1]] = value
        fields["Focus"]["DefaultSpeed"] = 1.0
        return fields


def options() -> dict[str, Any]:
    """``tt:ImagingOptions20`` fields: the bounds of every control in ``CONTROLS``."""

    def span(bounds: tuple[float, float]) -> dict[str, float]:
        return {"Min": bounds[0], "Max": bounds[1]}

    return {
        "BacklightCompensation": {"Mode": list(ON_OFF), "Level": span(LEVEL)},
        "Brightness": span(LEVEL),
        "ColorSaturation": span(LEVEL),
        "Contrast": span(LEVEL),
        "Exposure": {"Mode": list(EXPOSURE_MODES), "Iris": span(IRIS)},
        "Focus": {"AutoFocusModes": list(AUTO_MANUAL), "DefaultSpeed": span((0.0, 1.0))},
        "IrCutFilterModes": list(IR_CUT_MODES),
        "Sharpness": span(LEVEL),
        "WideDynamicRange": {"Mode": list(ON_OFF), "Level": span(LEVEL)},
        # ONVIF names the gains' bounds YrGain/YbGain and the settings CrGain/CbGain.
        "WhiteBalance": {"Mode": list(AUTO_MANUAL), "YrGain": span(LEVEL), "YbGain": span(LEVEL)},
    }


class ImagingService:
    """``/onvif/imaging_service``: operations by local name."""

    namespace = TIMG

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.schema = schema
        self.state = ImagingState()
        self.operations: dict[str, Operation] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetImagingSettings": self.get_imaging_settings,
            "SetImagingSettings": self.set_imaging_settings,
            "GetOptions": self.get_options,
            "GetMoveOptions": self.get_move_options,
            "Move": self.move,
            "Stop": self.stop,
            "GetStatus": self.get_status,
        }

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TIMG, name, **fields)

    def _source(self, request: SoapRequest) -> ImagingState:
        token = request.find_text("VideoSourceToken", TIMG)
        if token != VIDEO_SOURCE_TOKEN:
            raise invalid_arg_val("NoSource", f"no video source with token {token!r}")
        return self.state

    # ----------------------------------------------------------------- operations

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetServiceCapabilitiesResponse", Capabilities={"ImageStabilization": False}
        )

    def get_imaging_settings(self, request: SoapRequest) -> etree._Element:
        state = self._source(request)
        return self._render("GetImagingSettingsResponse", ImagingSettings=state.settings())

    def set_imaging_settings(self, request: SoapRequest) -> etree._Element:
        state = self._source(request)
        settings = request.body.find(f"{{{TIMG}}}ImagingSettings")
        if settings is None:
            raise _settings_invalid("SetImagingSettings carries no ImagingSettings")
        changes: dict[tuple[str, ...], float | str] = {}
        for control in CONTROLS:
            element: etree._Element | None = settings
            for part in control.path:
                element = element.find(f"{{{TT}}}{part}") if element is not None else None
            if element is not None:
                changes[control.path] = control.parse((element.text or "").strip())
        state.values.update(changes)
        if self.camera.tone is not None:  # a live-rendered picture shows them
            brightness, contrast = state.values[("Brightness",)], state.values[("Contrast",)]
            self.camera.tone.set(float(brightness), float(contrast))
        return self._render("SetImagingSettingsResponse")

    def get_options(self, request: SoapRequest) -> etree._Element:
        self._source(request)
        return self._render("GetOptionsResponse", ImagingOptions=options())

    def get_move_options(self, request: SoapRequest) -> etree._Element:
        self._source(request)
        position = {"Min": FOCUS_POSITION[0], "Max": FOCUS_POSITION[1]}
        speed = {"Min": 0.0, "Max": 1.0}
        move_options = {
            "Absolute": {"Position": position, "Speed": speed},
            "Relative": {"Distance": {"Min": -1.0, "Max": 1.0}, "Speed": speed},
            "Continuous": {"Speed": {"Min": FOCUS_SPEED[0], "Max": FOCUS_SPEED[1]}},
        }
        return self._render("GetMoveOptionsResponse", MoveOptions=move_options)

    def move(self, request: SoapRequest) -> etree._Element:
        focus = self._source(request).focus
        move = request.body.find(f"{{{TIMG}}}Focus")
        if move is None:
            raise invalid_arg_val("NoFocus", "Move carries no Focus")
        absolute = move.find(f"{{{TT}}}Absolute")
        relative = move.find(f"{{{TT}}}Relative")
        continuous = move.find(f"{{{TT}}}Continuous")
        if absolute is not None:
            focus.go_to(_move_value(absolute, "Position", FOCUS_POSITION))
        elif relative is not None:
            distance = _move_value(relative, "Distance", (-1.0, 1.0))
            focus.go_to(min(max(focus.position() + distance, 0.0), 1.0))
        elif continuous is not None:
            focus.run(_move_value(continuous, "Speed", FOCUS_SPEED))
        else:
            raise invalid_arg_val("NoFocus", "Move carries no Absolute, Relative or Continuous")
        return self._render("MoveResponse")

    def stop(self, request: SoapRequest) -> etree._Element:
        self._source(request).focus.stop()
        return self._render("StopResponse")

    def get_status(self, request: SoapRequest) -> etree._Element:
        focus = self._source(request).focus
        status = {
            "FocusStatus20": {
                "Position": focus.position(),
                "MoveStatus": "MOVING" if focus.moving() else "IDLE",
                "Error": "",
            }
        }
        return self._render("GetStatusResponse", Status=status)


def _move_value(move: etree._Element, name: str, bounds: tuple[float, float]) -> float:
    element = move.find(f"{{{TT}}}{name}")
    text = (element.text or "").strip() if element is not None else ""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        raise invalid_arg_val(
            "SettingsInvalid", f"focus {name} {text!r} is not in {bounds[0]:g}..{bounds[1]:g}"
        )
    return value
