"""What an ingest source is: the interface of a camera stream's demuxer, its packets and errors.

Two sources implement :class:`StreamSource`: ``native_source.NativeRtspSource``
(our own RTSP client, for ``rtsp://``) and ``rtsp_source.RtspSource`` (FFmpeg's
demuxer through PyAV, for ``rtsps://`` and as the configured fallback). The stream
recorder only sees this interface.

Invariants every source keeps:
- ``open()`` returns the tracks: track 0 is the video (H.264 or H.265, else
  ``SourceError(unsupported_codec)``), track 1 when present the audio (AAC, G.711),
  only when audio is wanted.
- ``packets()`` yields :class:`DemuxedPacket` with ``pts_us`` on one timeline shared
  by the stream's tracks, and always ends by raising :class:`SourceError`.
- Messages (``SourceError.message``, logs) never carry credentials; ``mask()``
  hides them in any text.
- Every method blocks (network I/O); call them from the stream's own thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from vedette_api.media.packet import CodecParameters, PacketKind
from vedette_server.ingest.messages import OfflineReason


class SourceError(Exception):
    """The stream cannot be read: why (``reason``) and a human message without secrets."""

    def __init__(self, reason: OfflineReason, message: str) -> None:
        super().__init__(f"{reason.value}: {message}")
        self.reason, self.message = reason, message


@dataclass(frozen=True, slots=True)
class DemuxedPacket:
    """One access unit or audio frame as the source read it (before wall-clock stamping)."""

    track: int
    kind: PacketKind
    pts_us: int
    duration_us: int
    keyframe: bool
    arrival_us: int
    data: bytes = field(repr=False)


class StreamSource(Protocol):
    """A camera stream's demuxer; see the module docstring."""

    def open(self) -> tuple[CodecParameters, ...]: ...

    def packets(self) -> Iterator[DemuxedPacket]: ...

    def close(self) -> None: ...

    def mask(self, text: str) -> str: ...
