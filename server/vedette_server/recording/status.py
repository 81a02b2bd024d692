"""Live status of every camera stream, as the ingest workers last reported it.

Lives on the event loop (no locks); written by the recorder, read by services.

"Recording" means a segment file is being written now (the worker's own word), not
that the camera is connected: a connected camera with no writable volume is online
and not recording (issue 11: ``status`` said "REC yes" while nothing was written).
A report older than ``STALE_AFTER_S`` (a stuck or dead worker reports every second)
is not taken as recording.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

#: Workers report every second; a report this old means the worker is stuck or gone.
STALE_AFTER_S = 10.0


@dataclass
class StreamHealth:
    """What a worker last said about one stream (units in the names)."""

    state: str = "connecting"  # connecting | online | offline | disabled
    reason: str = ""  # when offline: auth_failed, timeout, refused, unsupported_codec, …
    message: str = ""
    codec: str = ""
    width: int = 0
    height: int = 0
    fps: float = 0.0
    bitrate_kbps: int = 0
    last_packet_us: int | None = None
    bytes_written: int = 0
    segments_written: int = 0
    recording: bool = False  # a segment file is open and written to
    updated_s: float = field(default_factory=time.monotonic)

    def is_recording(self, now_s: float | None = None) -> bool:
        """Online, a segment open, and said so recently."""
        now_s = time.monotonic() if now_s is None else now_s
        fresh = now_s - self.updated_s <= STALE_AFTER_S
        return self.state == "online" and self.recording and fresh


class StatusBoard:
    def __init__(self) -> None:
        self._streams: dict[tuple[int, str], StreamHealth] = {}

    def update(self, camera_id: int, stream: str, health: StreamHealth) -> None:
        self._streams[(camera_id, stream)] = health

    def get(self, camera_id: int, stream: str) -> StreamHealth | None:
        return self._streams.get((camera_id, stream))

    def forget(self, camera_id: int) -> None:
        for key in [k for k in self._streams if k[0] == camera_id]:
            del self._streams[key]
