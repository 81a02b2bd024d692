"""Live status of every camera stream, as the ingest workers last reported it.

Lives on the event loop (no locks); written by the recorder, read by services.

"Recording" means a segment file is being written now (the worker's own word), not
that the camera is connected: a connected camera with no writable volume is online
and not recording (issue 11: ``status`` said "REC yes" while nothing was written).
A report older than ``STALE_AFTER_S`` (a stuck or dead worker reports every second)
is not taken as recording.

A transition (a stream's state, its offline reason, or whether it records,
changes) is told to ``on_transition`` with the camera's id (the live feed's
CAMERA_STATUS); the workers' per-second figures (bitrate, frame rate) are not
transitions, and neither is an offline camera trying again (offline → connecting
→ offline for the same reason), which would tell every console every few seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
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
    def __init__(self, *, on_transition: Callable[[int], None] | None = None) -> None:
        self._streams: dict[tuple[int, str], StreamHealth] = {}
        self._on_transition = on_transition
        #: (state, reason, recording) last told of each stream.
        self._told: dict[tuple[int, str], tuple[str, str, bool]] = {}
        #: What each camera's recording plan asks of (main, sub) now (the recorder's).
        self._modes: dict[int, tuple[str, str]] = {}

    def set_modes(self, modes: dict[int, tuple[str, str]]) -> None:
        """The streams' modes the workers were given (continuous, tentative, off)."""
        self._modes = dict(modes)

    def modes(self, camera_id: int) -> tuple[str, str] | None:
        return self._modes.get(camera_id)

    def update(self, camera_id: int, stream: str, health: StreamHealth) -> None:
        key = (camera_id, stream)
        self._streams[key] = health
        told = self._told.get(key)
        if told is not None and told[0] == "offline" and health.state == "connecting":
            return  # trying again: news only when it comes online or fails otherwise
        now = (health.state, health.reason, health.recording)
        if now != told:
            self._told[key] = now
            if self._on_transition is not None:
                self._on_transition(camera_id)

    def get(self, camera_id: int, stream: str) -> StreamHealth | None:
        return self._streams.get((camera_id, stream))

    def forget(self, camera_id: int) -> None:
        for key in [k for k in self._streams if k[0] == camera_id]:
            del self._streams[key]
            self._told.pop(key, None)


def not_recording_reason(
    main: StreamHealth | None,
    sub: StreamHealth | None,
    *,
    enabled: bool,
    disk_group: int,
    now_s: float | None = None,
    modes: tuple[str, str] | None = None,
) -> str:
    """Why a camera writes nothing now, in words ("" while a stream of it records):
    what ``status`` shows next to a camera that is not recording (issue 12);
    ``modes``: what the recording plan asks of (main, sub) now."""
    now_s = time.monotonic() if now_s is None else now_s
    streams = [h for h in (main, sub) if h is not None]
    if not enabled:
        return "camera disabled"
    if any(h.is_recording(now_s) for h in streams):
        return ""
    if any(h.reason == "no_writable_volume" and h.state == "online" for h in streams):
        return f"no writable volume in disk group {disk_group}"
    if main is None or main.state == "connecting":
        return "connecting to the camera"
    if main.state == "offline":
        detail = f": {main.message[:160]}" if main.message else ""
        return f"camera offline ({main.reason or 'error'}){detail}"
    if now_s - main.updated_s > STALE_AFTER_S:
        return f"its ingest worker has not reported for {now_s - main.updated_s:.0f} s"
    if modes is not None and "continuous" not in modes:
        if "tentative" in modes:
            return "records on events only: waiting for an event"
        return "its recording schedule records nothing now"
    return "no segment open yet (waiting for a keyframe)"
