"""Brightness and contrast of a live-rendered camsim picture, as its ONVIF imaging
settings say (0..100, 50 = the picture as rendered).

The imaging service (event loop) sets them; the camera's encoder thread reads ``current()``
and applies it to the rendered view, before the machine-readable overlays (clock,
position strip) are drawn, so those stay exact whatever the settings.

Invariants:
- At 50/50 the picture is untouched and nothing is computed (the table is None).
- The version changes exactly when the look-up table does, so a renderer that caches a
  toned view keys it by version; the table and its version are replaced together
  (one tuple assignment), so a reader on another thread never pairs a version with
  another version's table.
"""

from __future__ import annotations

import numpy as np

NEUTRAL = 50.0


def tone_table(brightness: float, contrast: float) -> np.ndarray:
    """The 256-entry uint8 table: contrast scales around mid-grey (0 → flat grey,
    100 → twice as steep), brightness shifts by up to ±127 levels."""
    levels = np.arange(256, dtype=np.float32)
    gain = contrast / NEUTRAL
    offset = (brightness - NEUTRAL) * 127.0 / NEUTRAL
    out = (levels - 128.0) * gain + 128.0 + offset
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


class PictureTone:
    def __init__(self) -> None:
        self.brightness = NEUTRAL
        self.contrast = NEUTRAL
        self._current: tuple[int, np.ndarray | None] = (0, None)

    def current(self) -> tuple[int, np.ndarray | None]:
        """(version, table): the table to apply, None at 50/50."""
        return self._current

    def set(self, brightness: float, contrast: float) -> None:
        if (brightness, contrast) == (self.brightness, self.contrast):
            return
        self.brightness, self.contrast = brightness, contrast
        neutral = brightness == NEUTRAL and contrast == NEUTRAL
        table = None if neutral else tone_table(brightness, contrast)
        self._current = (self._current[0] + 1, table)
