"""ONVIF's generic PTZ spaces and the simulated head's units, both ways.

camsim's PTZ cameras answer in the standard generic spaces only (ONVIF PTZ spec §5.7):

- ``PositionGenericSpace`` (pan/tilt): x ∈ [-1, 1] is the pan over the full circle,
  x = pan° / 180 with pan taken in (-180, 180], so x = ±1 both mean 180° (the wrap);
  y ∈ [-1, 1] spans the tilt limits linearly (-1 lowest, +1 highest).
- ``PositionGenericSpace`` (zoom): z ∈ [0, 1] spans the magnification 1 … ``zoom_max``
  linearly.
- ``TranslationGenericSpace``: the difference of two positions in the spaces above
  (x = 1 pans by 180°, y = 1 tilts by half the tilt range, z = 1 zooms in by the full
  magnification range), so a RelativeMove is an AbsoluteMove by a difference.
- ``TranslationSpaceFov`` (pan/tilt only, ONVIF PTZ spec §5.7): x, y ∈ [-1, 1] are
  fractions of half the *current* field of view, so x = 1 brings the point at the
  picture's right edge to its centre (x = 0.5: the point half way to the right edge),
  y = 1 the point at its top edge. The picture is a linear crop of an equirectangular
  panorama (``camsim.panorama``), so this is exact: the point shown at a fraction of the
  width is that fraction of the horizontal field of view away from the centre. Tilt
  still stops at its limits and pan wraps.
- ``VelocityGenericSpace``: [-1, 1] times each axis's maximum speed, which is what the
  model's ``continuous`` takes (+pan right, +tilt up, +zoom tele).
- ``GenericSpeedSpace`` / ``ZoomGenericSpeedSpace``: (0, 1] of the maximum speed.

Values outside a space's range are refused by the caller with the ONVIF fault the
operation defines; the functions here assume they were checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from vedette_hw.sim.ptz_model import PtzLimits, PtzPosition

_SPACES = "http://www.onvif.org/ver10/tptz/"
PAN_TILT_POSITION = _SPACES + "PanTiltSpaces/PositionGenericSpace"
ZOOM_POSITION = _SPACES + "ZoomSpaces/PositionGenericSpace"
PAN_TILT_TRANSLATION = _SPACES + "PanTiltSpaces/TranslationGenericSpace"
ZOOM_TRANSLATION = _SPACES + "ZoomSpaces/TranslationGenericSpace"
PAN_TILT_FOV = _SPACES + "PanTiltSpaces/TranslationSpaceFov"
PAN_TILT_VELOCITY = _SPACES + "PanTiltSpaces/VelocityGenericSpace"
ZOOM_VELOCITY = _SPACES + "ZoomSpaces/VelocityGenericSpace"
PAN_TILT_SPEED = _SPACES + "PanTiltSpaces/GenericSpeedSpace"
ZOOM_SPEED = _SPACES + "ZoomSpaces/ZoomGenericSpeedSpace"


@dataclass(frozen=True)
class GenericPosition:
    """A position in the generic spaces: x, y ∈ [-1, 1], zoom ∈ [0, 1]."""

    x: float
    y: float
    zoom: float


class GenericSpaces:
    """Converts between the generic spaces and the model's degrees and zoom factor."""

    def __init__(self, limits: PtzLimits) -> None:
        self.limits = limits
        self._tilt_half_deg = (limits.tilt_max_deg - limits.tilt_min_deg) / 2
        self._tilt_mid_deg = (limits.tilt_max_deg + limits.tilt_min_deg) / 2
        self._zoom_span = limits.zoom_max - 1.0

    # ------------------------------------------------------------------ positions

    def to_generic(self, position: PtzPosition) -> GenericPosition:
        pan = position.pan_deg % 360.0
        x = (pan if pan <= 180.0 else pan - 360.0) / 180.0
        y = (position.tilt_deg - self._tilt_mid_deg) / self._tilt_half_deg
        zoom = (position.zoom - 1.0) / self._zoom_span if self._zoom_span else 0.0
        return GenericPosition(_clamp(x, -1, 1), _clamp(y, -1, 1), _clamp(zoom, 0, 1))

    def pan_deg(self, x: float) -> float:
        return (x * 180.0) % 360.0

    def tilt_deg(self, y: float) -> float:
        return _clamp(
            self._tilt_mid_deg + y * self._tilt_half_deg,
            self.limits.tilt_min_deg,
            self.limits.tilt_max_deg,
        )

    def zoom_factor(self, zoom: float) -> float:
        return _clamp(1.0 + zoom * self._zoom_span, 1.0, self.limits.zoom_max)

    # --------------------------------------------------------------- translations

    def pan_delta_deg(self, x: float) -> float:
        return x * 180.0

    def tilt_delta_deg(self, y: float) -> float:
        return y * self._tilt_half_deg

    def zoom_delta(self, zoom: float) -> float:
        return zoom * self._zoom_span


@dataclass(frozen=True)
class FieldOfView:
    """The picture's angles at zoom 1 (degrees), the scale of ``TranslationSpaceFov``;
    zoom *z* narrows both by *z* (the view crops 1/z of the picture)."""

    horizontal_deg: float
    vertical_deg: float

    def pan_delta_deg(self, x: float, zoom: float) -> float:
        return x * self.horizontal_deg / 2 / zoom

    def tilt_delta_deg(self, y: float, zoom: float) -> float:
        return y * self.vertical_deg / 2 / zoom


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)
