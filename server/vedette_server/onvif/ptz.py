"""A camera's ONVIF PTZ service (ver20, ``tptz:``) for one media profile.

``OnvifPtz`` wraps the PTZ operations a VMS needs: ContinuousMove, Stop, GotoPreset,
SetPreset, RemovePreset and GetStatus, on the first media profile that carries a
PTZConfiguration (some cameras put PTZ on the sub profile only), plus what GetNode and
GetConfigurationOptions say the head can do (``PtzLimits``).

Units (the server's, ``ptz.model``): pan 0 ≤ pan° < 360 clockwise, tilt° positive up,
zoom 0 (wide) … 1 (tele). Moves are sent in ONVIF's generic spaces (PTZ spec §5.7),
named explicitly: velocities -1…1 per axis (+pan right, +tilt up, +zoom tele) are the
server's ``Velocity`` unchanged; speeds (0, 1] likewise. Positions from GetStatus map:

- **Pan.** Generic x ∈ [-1, 1] is the full circle: pan° = 180·x, taken modulo 360
  (x = 0 is 0°, x = 0.5 is 90° right, x = ±1 is 180°).
- **Tilt.** Generic y ∈ [-1, 1] carries no degrees in ONVIF; it is read as
  ``TILT_DEG_PER_UNIT``·y, i.e. -90° (straight down) … +90° (straight up), nominal
  degrees: a head whose tilt range is narrower spreads it over the same -1…1, so the
  value orders positions and gives the direction, not the true angle.
- **Zoom.** Generic z ∈ [0, 1] is the zoom fraction itself.
- A position in another space the node lists with ranges (a camera-specific space) is
  first scaled linearly from the node's range onto the generic one; the
  ``SphericalPositionSpaceDegrees`` space is taken as degrees as it is. A space neither
  generic nor listed by the node gives no position (None), never a wrong one.

Moves in the picture (``relative_in_view``): RelativeMove with pan/tilt in
``TranslationSpaceFov`` (x, y ∈ [-1, 1]: fractions of half the current field of view,
+x right, +y up, so x = 1 brings the picture's right edge to its centre) and zoom in the
generic translation space; only for a camera whose node or configuration options list
that space (``PtzLimits.has_fov_translation``).

Presets: ONVIF cameras choose their preset tokens; ``OnvifPtz`` keeps the map from the
server's numbers (1..255) to the camera's tokens, starting from the one it is given
(what the catalog stored) and updated by every SetPreset and RemovePreset.

Errors: the client's typed ``OnvifError`` when the camera cannot be reached or refuses
the credentials; ``PtzRefused`` when it answered with a SOAP fault (it understood and
said no: an unknown token, a full preset table).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Final

from vedette_server.errors import FailedPrecondition
from vedette_server.onvif import ptz_fast
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import NotOnvifDevice

_SPACES: Final = "http://www.onvif.org/ver10/tptz/"
PAN_TILT_POSITION: Final = _SPACES + "PanTiltSpaces/PositionGenericSpace"
ZOOM_POSITION: Final = _SPACES + "ZoomSpaces/PositionGenericSpace"
PAN_TILT_VELOCITY: Final = _SPACES + "PanTiltSpaces/VelocityGenericSpace"
ZOOM_VELOCITY: Final = _SPACES + "ZoomSpaces/VelocityGenericSpace"
PAN_TILT_SPEED: Final = _SPACES + "PanTiltSpaces/GenericSpeedSpace"
ZOOM_SPEED: Final = _SPACES + "ZoomSpaces/ZoomGenericSpeedSpace"
PAN_TILT_DEGREES: Final = _SPACES + "PanTiltSpaces/SphericalPositionSpaceDegrees"
PAN_TILT_FOV: Final = _SPACES + "PanTiltSpaces/TranslationSpaceFov"
ZOOM_TRANSLATION: Final = _SPACES + "ZoomSpaces/TranslationGenericSpace"

#: Nominal degrees of one generic tilt unit: y = ±1 reads as ±90° (module doc).
TILT_DEG_PER_UNIT: Final = 90.0
#: The presets a node that does not say how many it keeps is assumed to keep.
DEFAULT_MAX_PRESETS: Final = 255

Range = tuple[float, float]


class PtzRefused(FailedPrecondition):
    """The camera answered an operation with a SOAP fault."""

    def __init__(
        self,
        host: str,
        port: int,
        operation: str,
        detail: str,
        subcodes: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(f"camera {host}:{port} refused {operation}: {detail}")
        self.operation, self.detail = operation, detail
        #: The fault's subcodes' local names (``NoToken``, ``TooManyPresets``, …).
        self.subcodes = subcodes


class NoPtzProfile(FailedPrecondition):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"camera {host}:{port} has no media profile with a PTZ configuration:"
            " it cannot be moved over ONVIF"
        )


@dataclass(frozen=True)
class PtzProfile:
    """The media profile PTZ commands name, and its PTZ configuration and node."""

    profile_token: str
    configuration_token: str
    node_token: str


@dataclass(frozen=True)
class PtzLimits:
    """What the node and its configuration options say (fixed for a session)."""

    max_presets: int = DEFAULT_MAX_PRESETS
    #: The node lists an absolute pan/tilt position space: GetStatus may say where it is.
    has_absolute: bool = False
    #: ContinuousMove's Timeout range, seconds; None when the camera gives none.
    timeout_range_s: Range | None = None
    #: Absolute position spaces: URI → (x range, y range) for pan/tilt, x range for zoom.
    pan_tilt_spaces: Mapping[str, tuple[Range, Range]] = field(default_factory=dict)
    zoom_spaces: Mapping[str, Range] = field(default_factory=dict)
    #: RelativeMove takes pan/tilt in ``TranslationSpaceFov`` (fractions of the view).
    has_fov_translation: bool = False


@dataclass(frozen=True)
class PtzReading:
    """A position in the server's units (``ptz.driver.PositionReading``)."""

    pan_deg: float
    tilt_deg: float
    zoom_fraction: float | None


@dataclass(frozen=True)
class PtzStatusReading:
    """GetStatus in the server's terms (``ptz.driver.DriverStatus``)."""

    position: PtzReading | None
    moving: bool | None


# ------------------------------------------------------------------------ the mapping


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def pan_deg_from_generic(x: float) -> float:
    """Generic pan x ∈ [-1, 1] → 0 ≤ pan° < 360 clockwise (x clamped to its range)."""
    pan = (_clamp(x, -1.0, 1.0) * 180.0) % 360.0
    return 0.0 if pan >= 360.0 else pan  # -1e-17 % 360 is 360.0 in floats


def tilt_deg_from_generic(y: float) -> float:
    """Generic tilt y ∈ [-1, 1] → nominal degrees -90 … +90, positive up."""
    return _clamp(y, -1.0, 1.0) * TILT_DEG_PER_UNIT


def zoom_fraction_from_generic(z: float) -> float:
    """Generic zoom z ∈ [0, 1] → the zoom fraction (clamped)."""
    return _clamp(z, 0.0, 1.0)


def to_generic(value: float, source: Range, target: Range) -> float:
    """``value`` scaled linearly from the ``source`` range onto ``target``."""
    low, high = source
    if not high > low:
        return target[0]
    return target[0] + (value - low) / (high - low) * (target[1] - target[0])


def position_from(
    pan_tilt: tuple[float, float, str] | None,
    zoom: tuple[float, str] | None,
    limits: PtzLimits,
) -> PtzReading | None:
    """A GetStatus position, (x, y, space) and (z, space) with "" for no space (the
    generic one), in the server's units; None when pan/tilt is missing or in a space
    this module cannot read (see module doc)."""
    if pan_tilt is None:
        return None
    x, y, space = pan_tilt
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    if space == PAN_TILT_DEGREES:
        pan_deg, tilt_deg = x % 360.0, _clamp(y, -180.0, 180.0)
    else:
        if space not in ("", PAN_TILT_POSITION):
            ranges = limits.pan_tilt_spaces.get(space)
            if ranges is None:
                return None
            x = to_generic(x, ranges[0], (-1.0, 1.0))
            y = to_generic(y, ranges[1], (-1.0, 1.0))
        pan_deg, tilt_deg = pan_deg_from_generic(x), tilt_deg_from_generic(y)
    zoom_fraction = None
    if zoom is not None and math.isfinite(zoom[0]):
        z, zoom_space = zoom
        if zoom_space in ("", ZOOM_POSITION):
            zoom_fraction = zoom_fraction_from_generic(z)
        elif zoom_space in limits.zoom_spaces:
            zoom_fraction = zoom_fraction_from_generic(
                to_generic(z, limits.zoom_spaces[zoom_space], (0.0, 1.0))
            )
    return PtzReading(pan_deg % 360.0, tilt_deg, zoom_fraction)


def moving_from(pan_tilt: str | None, zoom: str | None) -> bool | None:
    """MoveStatus (IDLE, MOVING, UNKNOWN or absent per axis) → moving, None if unknown."""
    states = [s.upper() for s in (pan_tilt, zoom) if s]
    if "MOVING" in states:
        return True
    if states and all(s == "IDLE" for s in states):
        return False
    return None


def move_timeout_s(wanted_s: float, allowed: Range | None) -> float:
    """``wanted_s`` within the camera's ContinuousMove Timeout range, if it gives one."""
    if allowed is None:
        return wanted_s
    low, high = allowed
    return _clamp(wanted_s, low, high) if high >= low > 0 else wanted_s


# ------------------------------------------------------------ reading the replies


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    to_timedelta = getattr(value, "totimedelta", None)  # isodate.Duration
    if to_timedelta is not None:
        try:
            return float(to_timedelta(start=None, end=None).total_seconds())
        except (TypeError, ValueError, OverflowError):
            return None
    return None


def _range(raw: Any) -> Range | None:
    low, high = _float(getattr(raw, "Min", None)), _float(getattr(raw, "Max", None))
    return None if low is None or high is None else (low, high)


def choose_profile(profiles: Iterable[Any]) -> PtzProfile | None:
    """The first profile (in the camera's order) with a PTZConfiguration that names a
    node; None if none has one."""
    for raw in profiles:
        configuration = getattr(raw, "PTZConfiguration", None)
        if configuration is None:
            continue
        token = _text(getattr(raw, "token", None))
        node = _text(getattr(configuration, "NodeToken", None))
        if token and node:
            return PtzProfile(token, _text(getattr(configuration, "token", None)), node)
    return None


def limits_from(node: Any, options: Any) -> PtzLimits:
    """PtzLimits from a PTZNode and PTZConfigurationOptions (either may be None)."""
    spaces = getattr(node, "SupportedPTZSpaces", None)
    pan_tilt: dict[str, tuple[Range, Range]] = {}
    for space in getattr(spaces, "AbsolutePanTiltPositionSpace", None) or []:
        x, y = _range(getattr(space, "XRange", None)), _range(getattr(space, "YRange", None))
        if x is not None and y is not None:
            pan_tilt[_text(getattr(space, "URI", None))] = (x, y)
    zoom: dict[str, Range] = {}
    for space in getattr(spaces, "AbsoluteZoomPositionSpace", None) or []:
        x = _range(getattr(space, "XRange", None))
        if x is not None:
            zoom[_text(getattr(space, "URI", None))] = x
    relative = [
        _text(getattr(space, "URI", None))
        for listed in (spaces, getattr(options, "Spaces", None))
        for space in getattr(listed, "RelativePanTiltTranslationSpace", None) or []
    ]
    presets = getattr(node, "MaximumNumberOfPresets", None)
    timeout = getattr(options, "PTZTimeout", None)
    low, high = _seconds(getattr(timeout, "Min", None)), _seconds(getattr(timeout, "Max", None))
    return PtzLimits(
        max_presets=presets if isinstance(presets, int) and presets >= 0 else DEFAULT_MAX_PRESETS,
        has_absolute=bool(pan_tilt),
        timeout_range_s=None if low is None or high is None else (low, high),
        pan_tilt_spaces=pan_tilt,
        zoom_spaces=zoom,
        has_fov_translation=PAN_TILT_FOV in relative,
    )


def status_from(reply: Any, limits: PtzLimits) -> PtzStatusReading:
    """A GetStatus reply (its PTZStatus) in the server's terms."""
    position = getattr(reply, "Position", None)
    raw_pan_tilt = getattr(position, "PanTilt", None)
    raw_zoom = getattr(position, "Zoom", None)
    pan_tilt = None
    x, y = _float(getattr(raw_pan_tilt, "x", None)), _float(getattr(raw_pan_tilt, "y", None))
    if x is not None and y is not None:
        pan_tilt = (x, y, _text(getattr(raw_pan_tilt, "space", None)))
    zoom = None
    z = _float(getattr(raw_zoom, "x", None))
    if z is not None:
        zoom = (z, _text(getattr(raw_zoom, "space", None)))
    move = getattr(reply, "MoveStatus", None)
    return PtzStatusReading(
        position_from(pan_tilt, zoom, limits),
        moving_from(
            _text(getattr(move, "PanTilt", None)) or None,
            _text(getattr(move, "Zoom", None)) or None,
        ),
    )


# ------------------------------------------------------------------- the service


class OnvifPtz:
    """The PTZ service of a connected ``OnvifDevice`` for one profile. Built by
    ``open``; the device stays its caller's to close."""

    def __init__(
        self,
        device: OnvifDevice,
        profile: PtzProfile,
        limits: PtzLimits,
        tokens: Mapping[int, str] | None = None,
    ) -> None:
        self.device = device
        self.profile = profile
        self.limits = limits
        self._tokens: dict[int, str] = dict(tokens or {})

    @classmethod
    async def open(cls, device: OnvifDevice, tokens: Mapping[int, str] | None = None) -> OnvifPtz:
        """Find the PTZ profile and read the node's limits. Raises ``NoPtzProfile``,
        ``PtzRefused`` or the client's ``OnvifError``."""
        profiles = await _call(device, "media", "GetProfiles")
        profile = choose_profile(profiles or [])
        if profile is None:
            raise NoPtzProfile(device.host, device.port)
        nodes = await _call(device, "ptz", "GetNodes") or []
        node = next(
            (n for n in nodes if _text(getattr(n, "token", None)) == profile.node_token), None
        )
        options = None
        if profile.configuration_token:
            try:
                options = await _call(
                    device,
                    "ptz",
                    "GetConfigurationOptions",
                    {"ConfigurationToken": profile.configuration_token},
                )
            except PtzRefused:
                options = None  # optional knowledge: the Timeout range stays unknown
        limits = limits_from(node, options)
        ptz = cls(device, profile, limits, tokens)
        if not limits.has_absolute:
            # Some cameras list no spaces yet report positions: ask once.
            with contextlib.suppress(PtzRefused):
                if (await ptz.status()).position is not None:
                    ptz.limits = replace(limits, has_absolute=True)
        return ptz

    @property
    def tokens(self) -> dict[int, str]:
        """Preset number → the camera's token (a copy)."""
        return dict(self._tokens)

    def token(self, number: int) -> str | None:
        return self._tokens.get(number)

    async def _call(self, operation: str, params: dict[str, Any]) -> Any:
        return await _call(
            self.device, "ptz", operation, {"ProfileToken": self.profile.profile_token, **params}
        )

    async def continuous(self, pan: float, tilt: float, zoom: float, timeout_s: float) -> None:
        """ContinuousMove at generic velocities -1…1, stopping by itself after
        ``timeout_s`` (sent as the move's Timeout)."""
        velocity = {
            "PanTilt": {"x": pan, "y": tilt, "space": PAN_TILT_VELOCITY},
            "Zoom": {"x": zoom, "space": ZOOM_VELOCITY},
        }
        await self._call(
            "ContinuousMove", {"Velocity": velocity, "Timeout": timedelta(seconds=timeout_s)}
        )

    async def stop(self) -> None:
        await self._call("Stop", {"PanTilt": True, "Zoom": True})

    async def status(self) -> PtzStatusReading:
        return status_from(await self._call("GetStatus", {}), self.limits)

    async def relative_in_view(self, x: float, y: float, zoom: float, speed: float) -> None:
        """RelativeMove by (``x``, ``y``) ∈ [-1, 1] of half the field of view (module
        doc) and by ``zoom`` ∈ [-1, 1] in the generic zoom translation space (0: none)."""
        translation: dict[str, Any] = {"PanTilt": {"x": x, "y": y, "space": PAN_TILT_FOV}}
        speeds: dict[str, Any] = {"PanTilt": {"x": speed, "y": speed, "space": PAN_TILT_SPEED}}
        if zoom:
            translation["Zoom"] = {"x": zoom, "space": ZOOM_TRANSLATION}
            speeds["Zoom"] = {"x": speed, "space": ZOOM_SPEED}
        await self._call("RelativeMove", {"Translation": translation, "Speed": speeds})

    async def goto_preset(self, number: int, speed: float) -> None:
        token = self._tokens.get(number)
        if token is None:
            raise PtzRefused(
                self.device.host, self.device.port, "GotoPreset", f"preset {number} is not set"
            )
        speeds = {
            "PanTilt": {"x": speed, "y": speed, "space": PAN_TILT_SPEED},
            "Zoom": {"x": speed, "space": ZOOM_SPEED},
        }
        await self._call("GotoPreset", {"PresetToken": token, "Speed": speeds})

    async def set_preset(self, number: int) -> str:
        """Save the current position as preset ``number`` and return its token.

        - A number with a token overwrites that camera preset; if the camera no longer
          has it (``NoToken``: reset, removed by hand), a new one is made.
        - A new number asks the camera for a new preset (no token: the camera chooses,
          as ONVIF says). A camera that refuses (a full table: some cameras come with
          every slot filled) is asked to overwrite the preset whose token is the
          number, as a Pelco keyboard would; if it refuses that too, its first refusal
          is raised.
        """
        known = self._tokens.get(number)
        if known is not None:
            try:
                return self._saved(number, await self._set(known), known)
            except PtzRefused as error:
                if "NoToken" not in error.subcodes:
                    raise
        try:
            return self._saved(number, await self._set(None), None)
        except PtzRefused as first:
            try:
                return self._saved(number, await self._set(str(number)), str(number))
            except PtzRefused:
                raise first from None

    async def _set(self, token: str | None) -> Any:
        return await self._call("SetPreset", {} if token is None else {"PresetToken": token})

    def _saved(self, number: int, reply: Any, sent: str | None) -> str:
        token = _text(reply if isinstance(reply, str) else getattr(reply, "PresetToken", None))
        token = token or sent or ""
        if not token:
            raise PtzRefused(
                self.device.host, self.device.port, "SetPreset", "the camera gave no preset token"
            )
        self._tokens[number] = token
        return token

    async def remove_preset(self, number: int) -> None:
        """Remove preset ``number`` from the camera; a number without a token (never set
        on this camera) is already gone."""
        token = self._tokens.get(number)
        if token is None:
            return
        try:
            await self._call("RemovePreset", {"PresetToken": token})
        except PtzRefused as error:
            if "NoToken" not in error.subcodes:
                raise  # else the camera no longer has it (reset, removed by hand): gone
        self._tokens.pop(number, None)


async def _call(device: OnvifDevice, service: str, operation: str, params: Any = None) -> Any:
    try:
        # ContinuousMove and Stop without zeep (the joystick's hot path), else device.call.
        return await ptz_fast.call(device, service, operation, params)
    except NotOnvifDevice as error:
        from zeep.exceptions import Fault

        fault = error.__cause__
        if isinstance(fault, Fault):
            subcodes = frozenset(
                str(getattr(code, "localname", code)).rpartition(":")[2]
                for code in getattr(fault, "subcodes", None) or []
            )
            raise PtzRefused(device.host, device.port, operation, error.why, subcodes) from error
        raise
