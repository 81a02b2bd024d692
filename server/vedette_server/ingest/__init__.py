"""Ingest: camera streams recorded by worker processes (ARCHITECTURE.md "Processes").

The main process uses :class:`IngestSupervisor` (supervisor.py) with
:class:`CameraIngestConfig` (config.py) and receives the workers' messages
(messages.py). Inside a worker (worker.py) each camera stream has a thread
(stream_recorder.py) that reads RTSP with our own client (native_source.py; or
FFmpeg's through PyAV, rtsp_source.py; see docs/ingest.md), stamps wall-clock
time (wallclock.py), writes segment files (segmenter.py) and reports health
(health.py); reconnects wait a jittered backoff (backoff.py).

Import the public names from here; ``worker`` is only run as a child process.
"""

from vedette_server.ingest.config import (
    RECORD_REASON_SCHEDULE,
    CameraIngestConfig,
    StreamName,
    VolumeTarget,
)
from vedette_server.ingest.messages import (
    Health,
    OfflineReason,
    Packet,
    SegmentClosed,
    SegmentOpened,
    StreamCodecs,
    StreamState,
    VolumeError,
    WorkerExited,
    WorkerMessage,
)
from vedette_server.ingest.supervisor import IngestSupervisor, WorkerInfo

__all__ = [
    "RECORD_REASON_SCHEDULE",
    "CameraIngestConfig",
    "Health",
    "IngestSupervisor",
    "OfflineReason",
    "Packet",
    "SegmentClosed",
    "SegmentOpened",
    "StreamCodecs",
    "StreamName",
    "StreamState",
    "VolumeError",
    "VolumeTarget",
    "WorkerExited",
    "WorkerInfo",
    "WorkerMessage",
]
