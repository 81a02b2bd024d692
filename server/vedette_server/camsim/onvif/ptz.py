"""The ONVIF PTZ service (ver20, ``tptz:``) of one simulated camera, driven by its motion model.

A PTZ camera (``--ptz cam1``) has one PTZ node (``ptz_node``) and one PTZ configuration
(``ptz_config``) that both of its media profiles (``main``, ``sub``) carry; every move
goes to the camera's ``PtzModel`` (vedette_hw.sim), which the live picture shows.
Positions, translations, velocities and speeds are in ONVIF's generic spaces
(``ptz_spaces``); RelativeMove also takes pan/tilt in ``TranslationSpaceFov``, fractions
of the picture's current field of view (the main stream's: 90° wide at zoom 1, as tall
as its aspect gives), which makes "click to centre" exact.

Invariants:
- A profile token that is not one of the camera's profiles is ``ter:NoProfile``; on a
  camera without PTZ every profile operation answers ``ter:NoPTZProfile``, its node and
  configuration lists are empty, and the service is not advertised (GetServices,
  GetCapabilities).
- Moves do not block (GotoPreset included, ONVIF PTZ spec): the answer comes at once and
  GetStatus reports ``MOVING`` until the head stops. A newer move replaces an older one.
- ContinuousMove: an axis given with zero velocity stops; an axis left out keeps its
  continuous velocity (an absolute or relative move under way on it is stopped); the
  Timeout (else ``DEFAULT_TIMEOUT``) stops the move by itself, except with the
  ``ignore-move-timeout`` quirk (the move lasts until Stop or the next move).
- With the ``no-fov-space`` quirk TranslationSpaceFov is neither listed nor taken
  (a camera without it, as many are).
- With the ``ptz-sub-only`` quirk only the sub profile carries the PTZ configuration;
  a PTZ call naming another profile answers ``ter:NoPTZProfile``.
- Presets are numbered 1..255 like the model's, and a preset's token is its number
  (``"7"``). SetPreset without a token takes the lowest free number; with a token it
  overwrites that preset, or creates it when the token is a free number (as many cameras
  let a VMS choose the number). Names are unique; the 256th preset is
  ``ter:TooManyPresets``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import etree

from vedette_api.timestamps import US_PER_S
from vedette_hw.sim.ptz_model import MAX_PRESETS, MoveStatus, PtzModel, UnknownPreset
from vedette_server.camsim.faults import FaultKind
from vedette_server.camsim.onvif import ptz_spaces as spaces
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TPTZ, TT, SoapFault, SoapRequest, invalid_arg_val
from vedette_server.camsim.panorama import HFOV_DEG

Operation = Callable[[SoapRequest], etree._Element]

NODE_TOKEN = "ptz_node"
CONFIGURATION_TOKEN = "ptz_config"
DEFAULT_TIMEOUT = timedelta(seconds=10)
MIN_TIMEOUT = timedelta(milliseconds=100)
MAX_TIMEOUT = timedelta(hours=1)
MAX_PRESET_NAME = 64
_DURATION = re.compile(
    r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


_CAPABILITIES = {"EFlip": False, "Reverse": False, "GetCompatibleConfigurations": False}


def ptz_capabilities(schema: OnvifSchema) -> etree._Element:
    """The ``tptz:Capabilities`` element (GetServiceCapabilities, GetServices)."""
    return schema.render(TPTZ, "Capabilities", **_CAPABILITIES)


def _range(low: float, high: float) -> dict[str, float]:
    return {"Min": low, "Max": high}


def _space_2d(uri: str, low: float = -1.0) -> dict[str, Any]:
    return {"URI": uri, "XRange": _range(low, 1.0), "YRange": _range(low, 1.0)}


def _space_1d(uri: str, low: float = -1.0) -> dict[str, Any]:
    return {"URI": uri, "XRange": _range(low, 1.0)}


def supported_spaces(fov: bool = True) -> dict[str, Any]:
    """The PTZSpaces of the node and of the configuration options (``fov``: with
    TranslationSpaceFov)."""
    relative = [_space_2d(spaces.PAN_TILT_TRANSLATION)]
    if fov:
        relative.append(_space_2d(spaces.PAN_TILT_FOV))
    return {
        "AbsolutePanTiltPositionSpace": [_space_2d(spaces.PAN_TILT_POSITION)],
        "AbsoluteZoomPositionSpace": [_space_1d(spaces.ZOOM_POSITION, 0.0)],
        "RelativePanTiltTranslationSpace": relative,
        "RelativeZoomTranslationSpace": [_space_1d(spaces.ZOOM_TRANSLATION)],
        "ContinuousPanTiltVelocitySpace": [_space_2d(spaces.PAN_TILT_VELOCITY)],
        "ContinuousZoomVelocitySpace": [_space_1d(spaces.ZOOM_VELOCITY)],
        "PanTiltSpeedSpace": [_space_1d(spaces.PAN_TILT_SPEED, 0.0)],
        "ZoomSpeedSpace": [_space_1d(spaces.ZOOM_SPEED, 0.0)],
    }


def field_of_view(camera: OnvifCameraModel) -> spaces.FieldOfView:
    """The picture's field of view at zoom 1: ``HFOV_DEG`` wide, the main stream's
    aspect tall (the live picture is the panorama's view at the main stream's size)."""
    main = camera.stream("main") or camera.streams[0]
    width, height = main.profile.width, main.profile.height
    return spaces.FieldOfView(HFOV_DEG, HFOV_DEG * height / width)


def ptz_configuration(camera: OnvifCameraModel) -> dict[str, Any]:
    """The one PTZConfiguration of a PTZ camera (also inside its media profiles)."""
    return {
        "token": CONFIGURATION_TOKEN,
        "Name": "PTZ",
        "UseCount": len(camera.streams),
        "NodeToken": NODE_TOKEN,
        "DefaultAbsolutePantTiltPositionSpace": spaces.PAN_TILT_POSITION,
        "DefaultAbsoluteZoomPositionSpace": spaces.ZOOM_POSITION,
        "DefaultRelativePanTiltTranslationSpace": spaces.PAN_TILT_TRANSLATION,
        "DefaultRelativeZoomTranslationSpace": spaces.ZOOM_TRANSLATION,
        "DefaultContinuousPanTiltVelocitySpace": spaces.PAN_TILT_VELOCITY,
        "DefaultContinuousZoomVelocitySpace": spaces.ZOOM_VELOCITY,
        "DefaultPTZSpeed": {
            "PanTilt": {"x": 1.0, "y": 1.0, "space": spaces.PAN_TILT_SPEED},
            "Zoom": {"x": 1.0, "space": spaces.ZOOM_SPEED},
        },
        "DefaultPTZTimeout": DEFAULT_TIMEOUT,
        "PanTiltLimits": {"Range": _space_2d(spaces.PAN_TILT_POSITION)},
        "ZoomLimits": {"Range": _space_1d(spaces.ZOOM_POSITION, 0.0)},
    }


def parse_duration_s(text: str) -> float:
    """Seconds of an xs:duration without years or months (``PT5S``, ``PT1M30.5S``);
    ``ValueError`` otherwise."""
    match = _DURATION.match(text.strip())
    if match is None or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise ValueError(f"{text!r} is not a duration in days, hours, minutes and seconds")
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    return parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]


class PtzService:
    """``/onvif/ptz_service``: operations by local name."""

    namespace = TPTZ

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.schema = schema
        self.preset_names: dict[int, str] = {}
        # The velocities of the last ContinuousMove, so that an axis it leaves out carries on.
        self._velocity = (0.0, 0.0, 0.0)
        self.operations: dict[str, Operation] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetNodes": self.get_nodes,
            "GetNode": self.get_node,
            "GetConfigurations": self.get_configurations,
            "GetConfiguration": self.get_configuration,
            "GetConfigurationOptions": self.get_configuration_options,
            "GetStatus": self.get_status,
            "ContinuousMove": self.continuous_move,
            "AbsoluteMove": self.absolute_move,
            "RelativeMove": self.relative_move,
            "Stop": self.stop,
            "GetPresets": self.get_presets,
            "SetPreset": self.set_preset,
            "GotoPreset": self.goto_preset,
            "RemovePreset": self.remove_preset,
            "GotoHomePosition": self.goto_home_position,
            "SetHomePosition": self.set_home_position,
        }

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TPTZ, name, **fields)

    # ------------------------------------------------------------------ the model

    @property
    def head(self) -> PtzModel | None:
        return self.camera.ptz

    def _node(self) -> dict[str, Any]:
        return {
            "token": NODE_TOKEN,
            "FixedHomePosition": False,
            "Name": "PTZ head",
            "SupportedPTZSpaces": supported_spaces(self._has_fov()),
            "MaximumNumberOfPresets": MAX_PRESETS,
            "HomeSupported": True,
        }

    def _has_fov(self) -> bool:
        return not self.camera.quirk(FaultKind.NO_FOV_SPACE)

    def _head(self, request: SoapRequest) -> tuple[PtzModel, spaces.GenericSpaces]:
        """The head behind the request's ProfileToken, or the fault a camera answers."""
        token = request.find_text("ProfileToken", TPTZ)
        if self.camera.stream(token or "") is None:
            raise invalid_arg_val("NoProfile", f"no media profile with token {token!r}")
        head = self.head
        if head is None:
            raise invalid_arg_val(
                "NoPTZProfile", f"profile {token!r} has no PTZ configuration: not a PTZ camera"
            )
        carriers = self.camera.ptz_profiles()
        if token not in carriers:  # the ptz-sub-only quirk
            raise invalid_arg_val(
                "NoPTZProfile",
                f"profile {token!r} has no PTZ configuration (profile {carriers[0]!r} has)",
            )
        return head, spaces.GenericSpaces(head.limits)

    def _vector(self, position: spaces.GenericPosition) -> dict[str, Any]:
        return {
            "PanTilt": {"x": position.x, "y": position.y, "space": spaces.PAN_TILT_POSITION},
            "Zoom": {"x": position.zoom, "space": spaces.ZOOM_POSITION},
        }

    def _preset_number(self, token: str | None, head: PtzModel) -> int:
        number = _preset_token_number(token)
        if number is None or number not in head.presets():
            raise invalid_arg_val("NoToken", f"no preset with token {token!r}")
        return number

    # ----------------------------------------------------------------- operations

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        return self._render("GetServiceCapabilitiesResponse", Capabilities=_CAPABILITIES)

    def get_nodes(self, request: SoapRequest) -> etree._Element:
        nodes = [] if self.head is None else [self._node()]
        return self._render("GetNodesResponse", PTZNode=nodes)

    def get_node(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("NodeToken", TPTZ)
        if self.head is None or token != NODE_TOKEN:
            raise invalid_arg_val("NoEntity", f"no PTZ node with token {token!r}")
        return self._render("GetNodeResponse", PTZNode=self._node())

    def get_configurations(self, request: SoapRequest) -> etree._Element:
        configurations = [] if self.head is None else [ptz_configuration(self.camera)]
        return self._render("GetConfigurationsResponse", PTZConfiguration=configurations)

    def _configuration_token(self, request: SoapRequest) -> None:
        token = request.find_text("ConfigurationToken", TPTZ) or request.find_text(
            "PTZConfigurationToken", TPTZ
        )
        if self.head is None or token != CONFIGURATION_TOKEN:
            raise invalid_arg_val("NoConfig", f"no PTZ configuration with token {token!r}")

    def get_configuration(self, request: SoapRequest) -> etree._Element:
        self._configuration_token(request)
        return self._render(
            "GetConfigurationResponse", PTZConfiguration=ptz_configuration(self.camera)
        )

    def get_configuration_options(self, request: SoapRequest) -> etree._Element:
        self._configuration_token(request)
        options = {
            "Spaces": supported_spaces(self._has_fov()),
            "PTZTimeout": {"Min": MIN_TIMEOUT, "Max": MAX_TIMEOUT},
        }
        return self._render("GetConfigurationOptionsResponse", PTZConfigurationOptions=options)

    def get_status(self, request: SoapRequest) -> etree._Element:
        head, generic = self._head(request)
        status = head.status()
        now = datetime.fromtimestamp(self.camera.clock.now_us() / US_PER_S, UTC)
        return self._render(
            "GetStatusResponse",
            PTZStatus={
                "Position": self._vector(generic.to_generic(status.position)),
                "MoveStatus": {
                    "PanTilt": _move_status(status.pan_tilt),
                    "Zoom": _move_status(status.zoom),
                },
                "UtcTime": now.replace(microsecond=0),
            },
        )

    def continuous_move(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        velocity = request.body.find(f"{{{TPTZ}}}Velocity")
        if velocity is None:
            raise invalid_arg_val("InvalidVelocity", "ContinuousMove needs a Velocity")
        pan_tilt = _pair(velocity, "PanTilt", spaces.PAN_TILT_VELOCITY, "InvalidVelocity")
        zoom = _single(velocity, "Zoom", spaces.ZOOM_VELOCITY, "InvalidVelocity")
        status = head.status()
        pan, tilt, zoom_v = self._velocity
        if status.pan_tilt is not MoveStatus.MOVING:
            pan = tilt = 0.0
        if status.zoom is not MoveStatus.MOVING:
            zoom_v = 0.0
        if pan_tilt is not None:
            pan, tilt = pan_tilt
        if zoom is not None:
            zoom_v = zoom
        for value in (pan, tilt, zoom_v):
            if not -1.0 <= value <= 1.0:
                raise invalid_arg_val("InvalidVelocity", f"velocity {value} is outside -1..1")
        timeout_s: float | None = self._timeout_s(request.find_text("Timeout", TPTZ))
        if self.camera.quirk(FaultKind.IGNORE_MOVE_TIMEOUT):
            timeout_s = None  # moves on until Stop or the next move
        head.continuous(pan, tilt, zoom_v, timeout_s)
        self._velocity = (pan, tilt, zoom_v)
        return self._render("ContinuousMoveResponse")

    @staticmethod
    def _timeout_s(text: str | None) -> float:
        if text is None:
            return DEFAULT_TIMEOUT.total_seconds()
        try:
            timeout_s = parse_duration_s(text)
        except ValueError as error:
            raise invalid_arg_val("TimeoutNotSupported", str(error)) from None
        low, high = MIN_TIMEOUT.total_seconds(), MAX_TIMEOUT.total_seconds()
        if not low <= timeout_s <= high:
            raise invalid_arg_val(
                "TimeoutNotSupported", f"Timeout {text} is outside {low:g}..{high:g} s"
            )
        return timeout_s

    def absolute_move(self, request: SoapRequest) -> etree._Element:
        head, generic = self._head(request)
        position = request.body.find(f"{{{TPTZ}}}Position")
        if position is None:
            raise invalid_arg_val("InvalidPosition", "AbsoluteMove needs a Position")
        pan_tilt = _pair(position, "PanTilt", spaces.PAN_TILT_POSITION, "InvalidPosition")
        zoom = _single(position, "Zoom", spaces.ZOOM_POSITION, "InvalidPosition")
        if pan_tilt is not None and not all(-1.0 <= v <= 1.0 for v in pan_tilt):
            raise invalid_arg_val("InvalidPosition", f"pan/tilt {pan_tilt} is outside -1..1")
        if zoom is not None and not 0.0 <= zoom <= 1.0:
            raise invalid_arg_val("InvalidPosition", f"zoom {zoom} is outside 0..1")
        speed = _speed(request)
        self._velocity = (0.0, 0.0, 0.0)
        head.absolute_axes(
            None if pan_tilt is None else generic.pan_deg(pan_tilt[0]),
            None if pan_tilt is None else generic.tilt_deg(pan_tilt[1]),
            None if zoom is None else generic.zoom_factor(zoom),
            speed,
        )
        return self._render("AbsoluteMoveResponse")

    def relative_move(self, request: SoapRequest) -> etree._Element:
        head, generic = self._head(request)
        translation = request.body.find(f"{{{TPTZ}}}Translation")
        if translation is None:
            raise invalid_arg_val("InvalidTranslation", "RelativeMove needs a Translation")
        pan_tilt_spaces: tuple[str, ...] = (spaces.PAN_TILT_TRANSLATION,)
        if self._has_fov():
            pan_tilt_spaces += (spaces.PAN_TILT_FOV,)
        pan_tilt = _pair(translation, "PanTilt", pan_tilt_spaces, "InvalidTranslation")
        in_view = _space(translation, "PanTilt") == spaces.PAN_TILT_FOV
        zoom = _single(translation, "Zoom", spaces.ZOOM_TRANSLATION, "InvalidTranslation")
        for value in (*(pan_tilt or ()), *(() if zoom is None else (zoom,))):
            if not -1.0 <= value <= 1.0:
                raise invalid_arg_val("InvalidTranslation", f"translation {value} is outside -1..1")
        speed = _speed(request)
        self._velocity = (0.0, 0.0, 0.0)
        if pan_tilt is None:
            if zoom is not None:
                here = head.position().zoom
                target = min(max(here + generic.zoom_delta(zoom), 1.0), head.limits.zoom_max)
                head.absolute_axes(zoom=target, speed=speed)
        else:
            if in_view:
                view, zoom_now = field_of_view(self.camera), head.position().zoom
                pan_deg = view.pan_delta_deg(pan_tilt[0], zoom_now)
                tilt_deg = view.tilt_delta_deg(pan_tilt[1], zoom_now)
            else:
                pan_deg = generic.pan_delta_deg(pan_tilt[0])
                tilt_deg = generic.tilt_delta_deg(pan_tilt[1])
            zoom_by = 0.0 if zoom is None else generic.zoom_delta(zoom)
            head.relative(pan_deg, tilt_deg, zoom_by, speed)
        return self._render("RelativeMoveResponse")

    def stop(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        pan_tilt = _flag(request.find_text("PanTilt", TPTZ), default=True)
        zoom = _flag(request.find_text("Zoom", TPTZ), default=True)
        head.stop(pan_tilt=pan_tilt, zoom=zoom)
        pan, tilt, zoom_v = self._velocity
        self._velocity = (
            0.0 if pan_tilt else pan,
            0.0 if pan_tilt else tilt,
            0.0 if zoom else zoom_v,
        )
        return self._render("StopResponse")

    def get_presets(self, request: SoapRequest) -> etree._Element:
        head, generic = self._head(request)
        presets = [
            {
                "token": str(number),
                "Name": self.preset_names.get(number, f"Preset {number}"),
                "PTZPosition": self._vector(generic.to_generic(position)),
            }
            for number, position in sorted(head.presets().items())
        ]
        return self._render("GetPresetsResponse", Preset=presets)

    def set_preset(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        token = request.find_text("PresetToken", TPTZ)
        saved = head.presets()
        if token is None:
            number = next((n for n in range(1, MAX_PRESETS + 1) if n not in saved), None)
            if number is None:
                raise SoapFault(
                    "Receiver",
                    ("Action", "TooManyPresets"),
                    f"all {MAX_PRESETS} presets are set: remove one first",
                )
        else:
            found = _preset_token_number(token)
            if found is None:
                raise invalid_arg_val("NoToken", f"no preset with token {token!r}")
            number = found
        name = request.find_text("PresetName", TPTZ)
        if name is not None:
            if not name or len(name) > MAX_PRESET_NAME or not name.isprintable():
                raise invalid_arg_val(
                    "InvalidPresetName",
                    f"preset name {name[:80]!r} must be 1..{MAX_PRESET_NAME} printable characters",
                )
            other = next(
                (n for n, v in self.preset_names.items() if v == name and n != number), None
            )
            if other is not None:
                raise invalid_arg_val("PresetExist", f"preset {other} is already named {name!r}")
        head.save_preset(number)
        if name is not None:
            self.preset_names[number] = name
        else:
            self.preset_names.setdefault(number, f"Preset {number}")
        return self._render("SetPresetResponse", PresetToken=str(number))

    def goto_preset(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        number = self._preset_number(request.find_text("PresetToken", TPTZ), head)
        speed = _speed(request)
        self._velocity = (0.0, 0.0, 0.0)
        try:
            head.goto_preset(number, speed)
        except UnknownPreset:
            raise invalid_arg_val("NoToken", f"no preset with token {number!r}") from None
        return self._render("GotoPresetResponse")

    def remove_preset(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        number = self._preset_number(request.find_text("PresetToken", TPTZ), head)
        head.clear_preset(number)
        self.preset_names.pop(number, None)
        return self._render("RemovePresetResponse")

    def goto_home_position(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        speed = _speed(request)
        self._velocity = (0.0, 0.0, 0.0)
        head.goto_home(speed)
        return self._render("GotoHomePositionResponse")

    def set_home_position(self, request: SoapRequest) -> etree._Element:
        head, _ = self._head(request)
        head.set_home()
        return self._render("SetHomePositionResponse")


# ---------------------------------------------------------------------- arguments


def _move_status(status: MoveStatus) -> str:
    return "MOVING" if status is MoveStatus.MOVING else "IDLE"


def _preset_token_number(token: str | None) -> int | None:
    """The preset number a token names (``"1"`` … ``"255"``), else None."""
    if token is None or not token.isdigit() or len(token) > 3:
        return None
    number = int(token)
    return number if 1 <= number <= MAX_PRESETS else None


def _flag(text: str | None, *, default: bool) -> bool:
    if text is None:
        return default
    return text.lower() in ("true", "1")


def _number(element: etree._Element, attribute: str, subcode: str) -> float:
    text = element.get(attribute)
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise invalid_arg_val(subcode, f"{etree.QName(element).localname} {attribute}={text!r}")
    return value


def _check_space(element: etree._Element, expected: str | tuple[str, ...]) -> None:
    allowed = (expected,) if isinstance(expected, str) else expected
    space = element.get("space")
    if space is not None and space not in allowed:
        raise invalid_arg_val(
            "SpaceNotSupported",
            f"space {space[:200]!r} is not supported: use {' or '.join(allowed)}",
        )


def _space(parent: etree._Element, name: str) -> str | None:
    """The space attribute of ``parent``'s ``name`` vector (None: absent, the default)."""
    element = parent.find(f"{{{TT}}}{name}")
    return None if element is None else element.get("space")


def _pair(
    parent: etree._Element, name: str, space: str | tuple[str, ...], subcode: str
) -> tuple[float, float] | None:
    element = parent.find(f"{{{TT}}}{name}")
    if element is None:
        return None
    _check_space(element, space)
    return _number(element, "x", subcode), _number(element, "y", subcode)


def _single(parent: etree._Element, name: str, space: str, subcode: str) -> float | None:
    element = parent.find(f"{{{TT}}}{name}")
    if element is None:
        return None
    _check_space(element, space)
    return _number(element, "x", subcode)


def _speed(request: SoapRequest) -> float:
    """One speed for the move, (0, 1] of each axis's maximum: the pan/tilt speed's x (the
    model has one speed per move), else the zoom speed, else full speed."""
    speed = request.body.find(f"{{{TPTZ}}}Speed")
    if speed is None:
        return 1.0
    pan_tilt = _pair(speed, "PanTilt", spaces.PAN_TILT_SPEED, "InvalidSpeed")
    zoom = _single(speed, "Zoom", spaces.ZOOM_SPEED, "InvalidSpeed")
    value = pan_tilt[0] if pan_tilt is not None else zoom
    if value is None:
        return 1.0
    if not 0.0 <= value <= 1.0:
        raise invalid_arg_val("InvalidSpeed", f"speed {value} is outside 0..1")
    return max(value, 0.01)  # a zero speed would never arrive: the slowest speed instead
