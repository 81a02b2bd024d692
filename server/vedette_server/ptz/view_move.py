"""Centring on a point of the picture and zooming to an area of it ("click to centre,
drag a rectangle to zoom", as Nx and Milestone offer): the request's checks and its
translation into a move in the camera's field of view.

Coordinates are fractions of the picture: x, y ∈ [0, 1], origin at the top left, x to
the right, y down. An area is given by its centre (x, y) and its size (width, height),
each in (0, 1], and lies inside the picture.

- **Centre.** The point comes to the picture's centre: ONVIF's ``TranslationSpaceFov``
  fractions (2x − 1, 1 − 2y) of half the current field of view (+x right, +y up).
- **Area.** Centred as above, then zoomed in by 1 / max(width, height), so the whole
  area fills the picture (the longer side decides, so nothing of it leaves the view).
  Dragging always zooms in, as Milestone's does; zooming out is the panel's Wide
  button, the − key or holding the right button on the picture.
- **How much zoom.** ONVIF's generic zoom axis (0 … 1) carries no magnification, so it
  is taken as linear in magnification from 1× to ``ASSUMED_ZOOM_RATIO`` (exact on
  camsim's heads; a real dome's range is 20–40× and its axis roughly linear in focal
  length, so the area is approached, not matched). A zoom beyond the tele end stops
  there. The driver reads the current zoom first; a camera that does not report it is
  only centred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from vedette_server.errors import InvalidArgument

#: The magnification range a generic zoom axis is taken to span (module doc).
ASSUMED_ZOOM_RATIO: Final = 30.0
#: How far outside the picture an area's edge may reach (rounding of pixel coordinates).
EDGE_SLACK: Final = 1e-6


@dataclass(frozen=True)
class ViewTarget:
    """Where to look: the point (x, y) to centre on, and the magnification to multiply
    the current one by (1: keep the zoom)."""

    x: float
    y: float
    zoom_by: float = 1.0

    def fov_translation(self) -> tuple[float, float]:
        """The move in ``TranslationSpaceFov``: (x, y) ∈ [-1, 1], +x right, +y up."""
        return 2.0 * self.x - 1.0, 1.0 - 2.0 * self.y


def _fraction(field: str, value: float, *, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidArgument(field, f"must be a finite number, got {value!r}")
    if not (0.0 < value <= 1.0 if low_open else 0.0 <= value <= 1.0):
        span = "(0, 1]" if low_open else "[0, 1]"
        raise InvalidArgument(field, f"must be within {span} of the picture, got {value}")
    return float(value)


def view_target(x: float, y: float, width: float = 0.0, height: float = 0.0) -> ViewTarget:
    """The target of a request: centre on (x, y); with an area of ``width`` ×
    ``height`` around it, also zoom until it fills the picture. Both sizes 0: no
    zoom. ``InvalidArgument`` for a coordinate outside the picture, NaN, one size
    without the other, or an area reaching outside the picture."""
    x, y = _fraction("x", x), _fraction("y", y)
    if width == 0.0 and height == 0.0:
        return ViewTarget(x, y)
    width = _fraction("width", width, low_open=True)
    height = _fraction("height", height, low_open=True)
    for name, centre, size in (("width", x, width), ("height", y, height)):
        if centre - size / 2 < -EDGE_SLACK or centre + size / 2 > 1.0 + EDGE_SLACK:
            raise InvalidArgument(
                name,
                f"an area {size} across centred on {centre} reaches outside the picture",
            )
    return ViewTarget(x, y, 1.0 / max(width, height))


def zoom_translation(
    zoom_fraction: float, zoom_by: float, ratio: float = ASSUMED_ZOOM_RATIO
) -> tuple[float, float]:
    """The generic zoom translation (a difference of zoom fractions) that multiplies the
    magnification at ``zoom_fraction`` by ``zoom_by``, stopping at the tele end, and
    the factor it gives (below ``zoom_by`` when the tele end stops it)."""
    here = 1.0 + min(max(zoom_fraction, 0.0), 1.0) * (ratio - 1.0)
    there = min(here * zoom_by, ratio)
    return (there - here) / (ratio - 1.0), there / here
