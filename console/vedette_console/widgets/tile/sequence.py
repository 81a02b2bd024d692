"""An in-tile sequence (LIVE-08): a named group of cameras that take turns in one
tile, each for the group's dwell.

``TileSequencer`` belongs to a tile and switches its camera through the ``assign``
it is given (the grid's, so names, server and source follow as for any camera), one
stream open at a time. Any other change of the tile's camera (a drop, "Close", a
recalled view, a tour) ends the sequence: the tile calls ``camera_changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from vedette_api.v1 import views_pb2

#: The server's bounds (views.proto TileSequence).
MIN_CAMERAS, MAX_CAMERAS = 2, 64
MIN_DWELL_S, MAX_DWELL_S = 3, 3600


@dataclass(frozen=True)
class Sequence:
    name: str
    camera_ids: tuple[int, ...]
    dwell_s: int

    @classmethod
    def from_message(cls, message: views_pb2.TileSequence) -> Sequence:
        return cls(message.name, tuple(message.camera_ids), message.dwell_s)

    def to_message(self) -> views_pb2.TileSequence:
        return views_pb2.TileSequence(
            name=self.name, camera_ids=list(self.camera_ids), dwell_s=self.dwell_s
        )


class TileSequencer(QObject):
    """Cycles one tile through a sequence's cameras every dwell seconds."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sequence: Sequence | None = None
        #: The position in ``sequence.camera_ids`` of the camera shown.
        self.position = 0
        self._assign: Callable[[int], None] | None = None
        self._switching = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.next)

    @property
    def running(self) -> bool:
        return self.sequence is not None

    def start(self, sequence: Sequence, assign: Callable[[int], None]) -> None:
        """Show ``sequence``'s first camera (``assign(camera_id)``), then each in turn."""
        self.sequence, self._assign, self.position = sequence, assign, -1
        self.next()
        self._timer.start(sequence.dwell_s * 1000)

    def next(self) -> None:
        sequence, assign = self.sequence, self._assign
        if sequence is None or assign is None:
            return
        self.position = (self.position + 1) % len(sequence.camera_ids)
        self._switching = True
        try:
            assign(sequence.camera_ids[self.position])
        finally:
            self._switching = False

    def stop(self) -> None:
        self._timer.stop()
        self.sequence, self._assign = None, None

    def camera_changed(self) -> None:
        """The tile's camera changed: by the sequence itself, or else by the operator
        or a view (which ends it)."""
        if not self._switching and self.sequence is not None:
            self.stop()
