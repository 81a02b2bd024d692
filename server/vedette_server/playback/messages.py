"""What a playback session sends and what its client asks: plain values, no gRPC.

``api/playback_calls.py`` turns them into and from the ``media.proto`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from vedette_api.media.packet import CodecParameters, MediaPacket
from vedette_server.playback.clock import ClockState

# -- what a session sends ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CameraTracks:
    camera_id: int
    video: CodecParameters | None
    audio: CodecParameters | None


@dataclass(frozen=True, slots=True)
class Started:
    tracks: list[CameraTracks]
    clock: ClockState


@dataclass(frozen=True, slots=True)
class PacketOut:
    camera_id: int
    packet: MediaPacket
    reverse_gop: bool = False
    keyframes_only: bool = False
    decode_only: bool = False
    gop_end: bool = False


@dataclass(frozen=True, slots=True)
class GapOut:
    camera_id: int
    from_us: int
    to_us: int


@dataclass(frozen=True, slots=True)
class UnreadableOut:
    """Recording that cannot be read (``to_us`` 0: its file is still being written)."""

    camera_id: int
    from_us: int
    to_us: int
    reason: str


Output = Started | PacketOut | ClockState | GapOut | CameraTracks | UnreadableOut


# -- what a client asks ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Play:
    speed: float
    reverse: bool


@dataclass(frozen=True, slots=True)
class Pause:
    pass


@dataclass(frozen=True, slots=True)
class Step:
    frames: int


@dataclass(frozen=True, slots=True)
class Seek:
    time_us: int | None = None
    offset_us: int | None = None


Control = Play | Pause | Step | Seek


@dataclass(frozen=True)
class PlaybackOptions:
    camera_ids: tuple[int, ...]
    stream: int
    start_us: int
    speed: float = 1.0
    reverse: bool = False
    paused: bool = False
    audio: bool = False
    skip_gaps: bool = True
