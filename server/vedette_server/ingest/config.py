"""What the main process tells ingest workers about each camera: typed and validated here.

A :class:`CameraIngestConfig` is built once by the main process (from the catalog),
validated by :meth:`CameraIngestConfig.validate` and trusted after that by the
supervisor and the worker. It travels to the worker inside a CONFIGURE message
(messages.py).

Invariants: ``password`` never appears in ``repr`` (nor in any message the worker
sends back); ``volumes`` are the only directories the worker ever writes to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from vedette_server.ingest.backoff import DEFAULT_BASE_S, DEFAULT_CAP_S
from vedette_server.ingest.wallclock import DEFAULT_DRIFT_THRESHOLD_US
from vedette_server.storage.segment_file import DEFAULT_FSYNC_INTERVAL_S

StreamName = Literal["main", "sub"]
STREAMS: tuple[StreamName, ...] = ("main", "sub")
# Which RTSP client reads rtsp:// URLs: ours (native_source.py) or FFmpeg's through
# PyAV (rtsp_source.py). rtsps:// always goes through FFmpeg's.
RtspClientName = Literal["native", "ffmpeg"]
RTSP_CLIENTS: tuple[RtspClientName, ...] = ("native", "ffmpeg")

# Hard cap on a segment's length: rotate at the next packet even without a keyframe.
MAX_SEGMENT_SECONDS = 300.0
RECORD_REASON_SCHEDULE = 1  # the catalog owns the other bits; the worker passes them on


@dataclass(frozen=True, slots=True)
class VolumeTarget:
    """A volume the camera may record to: its catalog id and its root directory."""

    volume_id: int
    root: str


@dataclass(frozen=True, slots=True)
class CameraIngestConfig:
    """One camera as an ingest worker records it (main and, when set, sub stream)."""

    camera_id: int
    main_url: str
    sub_url: str | None = None
    username: str = ""
    password: str = field(default="", repr=False)
    record_audio: bool = True
    volumes: tuple[VolumeTarget, ...] = ()
    segment_seconds: float = 60.0
    fsync_interval_s: float = DEFAULT_FSYNC_INTERVAL_S
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 10.0
    # Why the main stream records (0 = connect and report health, and live when
    # asked, but write nothing unless the stream is tentative).
    record_reasons: int = RECORD_REASON_SCHEDULE
    # Why the sub stream records; None: as the main stream.
    sub_record_reasons: int | None = None
    # Streams written even without a reason, in short "tentative" segments of
    # ``tentative_segment_seconds`` that the main process keeps only where an event
    # claims them (recording/keeper.py) and reaps otherwise (pre-alarm recording).
    tentative_streams: tuple[StreamName, ...] = ()
    tentative_segment_seconds: float = 10.0
    reconnect_base_s: float = DEFAULT_BASE_S
    reconnect_cap_s: float = DEFAULT_CAP_S
    drift_threshold_us: int = DEFAULT_DRIFT_THRESHOLD_US
    rtsp_client: RtspClientName = "native"
    # End of what is already recorded of (main, sub), e.g. before a server restart:
    # frames a camera replays from before it (its last GOP) are not written again.
    # Not part of equality, so a new value never forces a reconnect.
    resume_after_us: tuple[int, int] = field(default=(0, 0), compare=False)

    def url(self, stream: StreamName) -> str | None:
        return self.main_url if stream == "main" else self.sub_url

    def resume_after(self, stream: StreamName) -> int:
        return self.resume_after_us[0 if stream == "main" else 1]

    def reasons(self, stream: StreamName) -> int:
        """Why ``stream`` records now (0: only tentatively, or not at all)."""
        if stream == "sub" and self.sub_record_reasons is not None:
            return self.sub_record_reasons
        return self.record_reasons

    def tentative(self, stream: StreamName) -> bool:
        return stream in self.tentative_streams

    def streams(self) -> tuple[StreamName, ...]:
        return ("main", "sub") if self.sub_url else ("main",)

    def validate(self) -> CameraIngestConfig:
        """Raise ValueError naming the first bad field; returns self for chaining."""
        checks: list[tuple[str, bool]] = [
            ("camera_id", 0 <= self.camera_id <= 0xFFFFFFFF),
            ("main_url", self.main_url.startswith(("rtsp://", "rtsps://"))),
            ("sub_url", self.sub_url is None or self.sub_url.startswith(("rtsp://", "rtsps://"))),
            ("segment_seconds", 1.0 <= self.segment_seconds <= MAX_SEGMENT_SECONDS),
            ("fsync_interval_s", 0.0 <= self.fsync_interval_s <= 60.0),
            ("connect_timeout_s", 0.1 <= self.connect_timeout_s <= 120.0),
            ("read_timeout_s", 0.1 <= self.read_timeout_s <= 120.0),
            ("record_reasons", 0 <= self.record_reasons <= 0xFFFFFFFF),
            (
                "sub_record_reasons",
                self.sub_record_reasons is None or 0 <= self.sub_record_reasons <= 0xFFFFFFFF,
            ),
            ("tentative_streams", set(self.tentative_streams) <= set(STREAMS)),
            ("tentative_segment_seconds", 1.0 <= self.tentative_segment_seconds <= 60.0),
            ("reconnect_base_s", 0.0 < self.reconnect_base_s <= self.reconnect_cap_s),
            ("drift_threshold_us", self.drift_threshold_us >= 100_000),
            ("rtsp_client", self.rtsp_client in RTSP_CLIENTS),
        ]
        for name, ok in checks:
            if not ok:
                value = getattr(self, name)
                shown = "<url with credentials>" if "url" in name and "@" in str(value) else value
                raise ValueError(f"camera {self.camera_id}: {name}: bad value {shown!r}")
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "camera_id": self.camera_id,
            "main_url": self.main_url,
            "sub_url": self.sub_url,
            "username": self.username,
            "password": self.password,
            "record_audio": self.record_audio,
            "volumes": volumes_to_json(self.volumes),
            "segment_seconds": self.segment_seconds,
            "fsync_interval_s": self.fsync_interval_s,
            "connect_timeout_s": self.connect_timeout_s,
            "read_timeout_s": self.read_timeout_s,
            "record_reasons": self.record_reasons,
            "sub_record_reasons": self.sub_record_reasons,
            "tentative_streams": list(self.tentative_streams),
            "tentative_segment_seconds": self.tentative_segment_seconds,
            "reconnect_base_s": self.reconnect_base_s,
            "reconnect_cap_s": self.reconnect_cap_s,
            "drift_threshold_us": self.drift_threshold_us,
            "rtsp_client": self.rtsp_client,
            "resume_after_us": list(self.resume_after_us),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CameraIngestConfig:
        fields = dict(data)
        fields["volumes"] = volumes_from_json(fields.get("volumes", []))
        main_us, sub_us = fields.get("resume_after_us", (0, 0))
        fields["resume_after_us"] = (int(main_us), int(sub_us))
        fields["tentative_streams"] = tuple(fields.get("tentative_streams", ()))
        return cls(**fields).validate()


def volumes_to_json(volumes: tuple[VolumeTarget, ...]) -> list[dict[str, Any]]:
    return [{"volume_id": v.volume_id, "root": v.root} for v in volumes]


def volumes_from_json(data: list[dict[str, Any]]) -> tuple[VolumeTarget, ...]:
    return tuple(VolumeTarget(int(v["volume_id"]), str(v["root"])) for v in data)
