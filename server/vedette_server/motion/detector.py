"""``MotionDetector``: feed it analysed luma frames with their timestamps, get per frame
the cells with motion, the areas they fall in, and event starts and ends.

The detector is pure (numpy, no clock, no I/O) and single-threaded: one per camera,
fed from one thread. ``decode.FrameDecoder`` gives it the frames due for analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vedette_server.motion import grid
from vedette_server.motion.analysis import FrameAnalyser
from vedette_server.motion.config import MotionConfig
from vedette_server.motion.hysteresis import Hysteresis, MotionEvent


@dataclass(frozen=True, slots=True)
class MotionResult:
    """One analysed frame: its time, the enabled cells with motion ((18, 22) booleans),
    the names of the areas with motion, why the frame was not compared (``"warming"``,
    ``"global_change"``) or None, and the event that started or ended at this frame."""

    pts_us: int
    cells: np.ndarray
    areas: tuple[str, ...]
    suppressed: str | None
    started: MotionEvent | None
    ended: MotionEvent | None

    @property
    def motion(self) -> bool:
        return bool(self.areas)

    def packed(self) -> bytes:
        """The cells as 56 bytes (``grid.pack``), as the motion index stores them."""
        return grid.pack(self.cells)


class MotionDetector:
    def __init__(self, config: MotionConfig) -> None:
        self.config = config
        self._analyser = FrameAnalyser(config)
        self._enabled = config.enabled_cells()
        self._hysteresis = Hysteresis(config.make_frames, config.hold_us)

    @property
    def event(self) -> MotionEvent | None:
        """The event in progress, if any."""
        return self._hysteresis.active

    @property
    def global_changes(self) -> int:
        """Lighting steps recognised so far (each suppressed, never motion)."""
        return self._analyser.global_changes

    def reset(self) -> None:
        """The stream was interrupted (reconnection, skipped frames, new size): the next
        frame starts a new background. An event in progress ends only by its hold time."""
        self._analyser.reset()

    def feed(self, luma: np.ndarray, pts_us: int) -> MotionResult:
        """Analyse one luma plane (H × W uint8, any size ≥ 22 × 18) taken at ``pts_us``."""
        analysis = self._analyser.analyse(luma)
        cells = analysis.cells & self._enabled
        areas = tuple(a.name for a in self.config.areas if (cells & a.cells).any())
        started, ended = self._hysteresis.update(bool(areas), pts_us)
        return MotionResult(pts_us, cells, areas, analysis.suppressed, started, ended)
