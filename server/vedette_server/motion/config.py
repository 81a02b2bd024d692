"""A camera's motion-detection settings, validated on construction (InvalidArgument).

Sensitivity 1–10 maps to a pair (pixel Δ threshold on 0–255 luma, share of a cell's
pixels that must change), research note §2.4: level 1 = (40, 20 %), 6 = (24, 10 %),
10 = (12, 2 %). Areas are named cell masks; motion in any area triggers, each is
reported separately; cells in no area never trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid

#: level → (pixel Δ threshold, share of a cell that must change)
SENSITIVITY: dict[int, tuple[int, float]] = {
    1: (40, 0.20),
    2: (37, 0.18),
    3: (34, 0.16),
    4: (31, 0.14),
    5: (28, 0.12),
    6: (24, 0.10),
    7: (21, 0.08),
    8: (18, 0.06),
    9: (15, 0.04),
    10: (12, 0.02),
}
HOLD_CHOICES_S = (5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)  # what a console offers
MAX_AREAS = 16
MAX_NAME = 64


@dataclass(frozen=True, eq=False)
class MotionArea:
    """A named set of cells (an (18, 22) boolean mask)."""

    name: str
    cells: np.ndarray

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > MAX_NAME or not self.name.isprintable():
            raise InvalidArgument("area.name", f"a name of 1..{MAX_NAME} printable characters")
        object.__setattr__(self, "cells", grid.check_mask(self.cells, f"area {self.name!r}"))


def _all_area() -> tuple[MotionArea, ...]:
    return (MotionArea("all", grid.all_cells()),)


@dataclass(frozen=True, eq=False)
class MotionConfig:
    """Sensitivity 1–10; ``make_frames`` consecutive analysed frames with motion start an
    event; ``hold_s`` without motion end it; ``fps`` analysed frames per second;
    ``alpha`` the background's running-average weight."""

    sensitivity: int = 6
    make_frames: int = 2
    hold_s: float = 10.0
    fps: float = 5.0
    alpha: float = 0.2
    areas: tuple[MotionArea, ...] = field(default_factory=_all_area)

    def __post_init__(self) -> None:
        if isinstance(self.sensitivity, bool) or self.sensitivity not in SENSITIVITY:
            raise InvalidArgument("sensitivity", f"{self.sensitivity!r} is not 1..10")
        if not 1 <= self.make_frames <= 50:
            raise InvalidArgument("make_frames", f"{self.make_frames!r} is not 1..50")
        if not 0 < self.hold_s <= 3600:
            raise InvalidArgument("hold_s", f"{self.hold_s!r} is not in (0, 3600] seconds")
        if not 0.5 <= self.fps <= 30:
            raise InvalidArgument("fps", f"{self.fps!r} is not 0.5..30")
        if not 0 < self.alpha <= 1:
            raise InvalidArgument("alpha", f"{self.alpha!r} is not in (0, 1]")
        if len(self.areas) > MAX_AREAS:
            raise InvalidArgument("areas", f"at most {MAX_AREAS} areas")
        names = [a.name for a in self.areas]
        if len(set(names)) != len(names):
            raise InvalidArgument("areas", "two areas have the same name")

    @property
    def threshold(self) -> int:
        return SENSITIVITY[self.sensitivity][0]

    @property
    def cell_fill(self) -> float:
        return SENSITIVITY[self.sensitivity][1]

    @property
    def hold_us(self) -> int:
        return round(self.hold_s * 1_000_000)

    @property
    def interval_us(self) -> int:
        return round(1_000_000 / self.fps)

    def enabled_cells(self) -> np.ndarray:
        """The union of the areas: the cells that may trigger."""
        enabled = grid.no_cells()
        for area in self.areas:
            enabled |= area.cells
        return enabled
