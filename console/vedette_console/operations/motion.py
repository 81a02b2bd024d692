"""Motion detection (ALARM-02): a camera's settings, its live cells and motion search.

Cells are the 22 × 18 grid as an (18, 22) numpy array of booleans in the console and
56 packed bytes on the wire (``vedette_api.client.motion``).

- ``get_config_op`` / ``save_config_op``: ``GetMotionConfig`` / ``SetMotionConfig``;
- ``CellWatcher``: ``WatchMotionCells`` read on a thread of its own, each frame's cells
  handed to the UI thread (``cells(time_us, array)``); it subscribes again after a loss
  (``lost(error)``) until stopped;
- ``picture_op``: a recorded picture to draw a search region on;
- ``search_op``: ``SearchMotion`` of one camera, cancellable between messages.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from vedette_api.client import Client
from vedette_api.client.motion import COLUMNS, ROWS, cells_from_rows, cells_to_rows
from vedette_api.errors import NotFound, PermissionDenied, Unauthenticated, VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import images_pb2, motion_pb2
from vedette_console.operations.server_op import ServerOp

#: Waits before watching again after a loss: 1 s, doubling, at most 10 s.
RETRY_S: tuple[float, ...] = (1.0, 2.0, 4.0, 10.0)
#: The most areas the server keeps per camera (motion.proto).
MAX_AREAS = 16
#: The hold times offered, in seconds (docs/motion.md).
HOLD_CHOICES_S: tuple[float, ...] = (5, 10, 20, 30, 60, 120, 300)


def empty_cells() -> np.ndarray:
    return np.zeros((ROWS, COLUMNS), dtype=bool)


def unpack(cells: bytes) -> np.ndarray:
    """56 bytes → (18, 22) booleans."""
    return np.array(cells_to_rows(cells), dtype=bool)


def pack(cells: np.ndarray) -> bytes:
    """(18, 22) booleans → 56 bytes."""
    return cells_from_rows(cells.tolist())


@dataclass
class Area:
    name: str
    cells: np.ndarray


@dataclass
class MotionSettings:
    """What the motion tab edits (``MotionConfig``)."""

    enabled: bool
    sensitivity: int
    hold_s: float
    make_frames: int
    areas: list[Area]

    @classmethod
    def from_proto(cls, config: motion_pb2.MotionConfig) -> MotionSettings:
        return cls(
            enabled=config.enabled,
            sensitivity=config.sensitivity,
            hold_s=config.hold_seconds,
            make_frames=config.make_frames,
            areas=[Area(a.name, unpack(a.cells)) for a in config.areas],
        )

    def to_proto(self) -> motion_pb2.MotionConfig:
        return motion_pb2.MotionConfig(
            enabled=self.enabled,
            sensitivity=self.sensitivity,
            hold_seconds=self.hold_s,
            make_frames=self.make_frames,
            areas=[motion_pb2.MotionArea(name=a.name, cells=pack(a.cells)) for a in self.areas],
        )


def get_config_op(
    camera_id: int, *, parent: QObject | None
) -> ServerOp[motion_pb2.GetMotionConfigResponse]:
    return ServerOp(parent, lambda client: client.get_motion_config(camera_id))


def save_config_op(
    camera_id: int, settings: MotionSettings, *, parent: QObject | None
) -> ServerOp[motion_pb2.MotionConfig]:
    """Replace the camera's settings; the settings the server stored."""

    def work(client: Client) -> motion_pb2.MotionConfig:
        return client.set_motion_config(
            camera_id,
            enabled=settings.enabled,
            sensitivity=settings.sensitivity,
            hold_seconds=settings.hold_s,
            make_frames=settings.make_frames,
            areas=[(a.name, pack(a.cells)) for a in settings.areas],
        )

    return ServerOp(parent, work)


# -- motion search ----------------------------------------------------------------------

#: The width of the picture a region is drawn on.
PICTURE_WIDTH = 640


def picture_op(
    camera_id: int, time_us: int, *, parent: QObject | None
) -> ServerOp[images_pb2.Thumbnail]:
    """The camera's recorded picture at ``time_us`` (the keyframe nearest it), to draw
    a search region on; ``no_recording`` where nothing was recorded."""

    def work(client: Client) -> images_pb2.Thumbnail:
        thumbs = list(client.thumbnails_at([camera_id], [time_us], max_width=PICTURE_WIDTH))
        return thumbs[0] if thumbs else images_pb2.Thumbnail(camera_id=camera_id, no_recording=True)

    return ServerOp(parent, work)


class SearchCancelled(Exception):
    """The operator cancelled the search."""


@dataclass(frozen=True)
class FoundRun:
    camera_id: int
    start_us: int
    end_us: int
    seconds: int


def search_op(
    camera_id: int,
    start_us: int,
    end_us: int,
    cells: np.ndarray,
    *,
    parent: QObject | None,
    cancel: threading.Event,
    progress: Callable[[float], None],
) -> ServerOp[list[FoundRun]]:
    """Runs of motion in ``cells`` of the camera over [start_us, end_us); ``progress``
    (on the worker) after each message; ``SearchCancelled`` once ``cancel`` is set."""

    def on_progress(fraction: float) -> None:
        if cancel.is_set():
            raise SearchCancelled()
        progress(fraction)

    def work(client: Client) -> list[FoundRun]:
        region = b"" if cells.all() else pack(cells)
        runs = client.search_motion(
            [camera_id], start_us, end_us, cells=region, on_progress=on_progress
        )
        if cancel.is_set():
            raise SearchCancelled()
        return [
            FoundRun(
                r.camera_id,
                us_from_timestamp(r.start_time),
                us_from_timestamp(r.end_time),
                r.seconds,
            )
            for r in runs
        ]

    return ServerOp(parent, work)


# -- live cells -------------------------------------------------------------------------


class _Bridge(QObject):
    cells = Signal(object, object)
    lost = Signal(object)


class CellWatcher(QObject):
    """A camera's live motion cells while started. Signals (UI thread):
    ``cells(time_us, cells)`` per analysed frame, ``lost(error)`` when the stream
    broke (it is opened again by itself, except after ``Unauthenticated``,
    ``PermissionDenied`` or ``NotFound``, which another try would only repeat)."""

    cells = Signal(object, object)
    lost = Signal(object)

    def __init__(self, parent: QObject | None = None, *, retry_s: tuple[float, ...] = RETRY_S):
        super().__init__(parent)
        self.retry_s = retry_s
        self._bridge = _Bridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.cells.connect(self.cells, queued)
        self._bridge.lost.connect(self.lost, queued)
        self._stop = threading.Event()
        self._stop.set()
        self._lock = threading.Lock()
        self._stream: object | None = None

    @property
    def running(self) -> bool:
        return not self._stop.is_set()

    def start(self, client: Client, camera_id: int) -> None:
        self.stop()
        stop = threading.Event()
        self._stop = stop
        threading.Thread(
            target=self._read,
            args=(client, camera_id, stop),
            name=f"vedette-motion-cells-{camera_id}",
            daemon=True,
        ).start()

    def stop(self) -> None:
        """Stop watching; returns at once."""
        self._stop.set()
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()  # type: ignore[attr-defined]

    def _read(self, client: Client, camera_id: int, stop: threading.Event) -> None:
        attempt = 0
        try:
            while not stop.is_set():
                try:
                    stream = client.watch_motion_cells(camera_id)
                    with self._lock:
                        if stop.is_set():
                            stream.close()
                            return
                        self._stream = stream
                    for message in stream:
                        attempt = 0
                        cells = unpack(message.cells) if message.cells else empty_cells()
                        self._bridge.cells.emit(us_from_timestamp(message.time), cells)
                    error: Exception = VedetteError("the motion cells stream ended")
                except VedetteError as exc:
                    error = exc
                if stop.is_set():
                    return
                self._bridge.lost.emit(error)
                if isinstance(error, Unauthenticated | PermissionDenied | NotFound):
                    return  # asking again would get the same answer
                wait = self.retry_s[min(attempt, len(self.retry_s) - 1)]
                attempt += 1
                if stop.wait(wait):
                    return
        except RuntimeError:  # the watcher's QObject is gone (the dialog closed)
            stop.set()
