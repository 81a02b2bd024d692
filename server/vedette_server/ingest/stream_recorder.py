"""One camera stream recorded by its own thread: connect, stamp, write, reconnect.

A :class:`StreamRecorder` runs the loop of one stream (main or sub) of one camera:
open the RTSP source, stamp packets with the wall clock, hand them to the
segmenter (and to the live channel when live is on), and when the source fails,
close the segment (the gap until the reconnect is a real gap), report offline
with the reason, wait a jittered backoff and try again.

Invariants:
- At most one segment of the stream is open, and none while disconnected.
- A state change is reported at once (HEALTH); ``health()`` gives the figures the
  worker sends every second.
- ``stop`` returns at once; the thread ends at its next packet or timeout. When it
  is stuck in a read, ``abandon`` (worker shutdown) closes the segment from the
  calling thread; the segmenter's lock keeps the two apart.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from vedette_api.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_server.ingest.backoff import SLOW_CAP_S, Backoff
from vedette_server.ingest.codec_params import ParameterSetWatch
from vedette_server.ingest.config import CameraIngestConfig, StreamName, VolumeTarget
from vedette_server.ingest.health import StreamHealth
from vedette_server.ingest.messages import (
    Health,
    OfflineReason,
    StreamCodecs,
    StreamState,
    WorkerMessage,
)
from vedette_server.ingest.native_source import RECORDING_READ_INTERVAL_S, NativeRtspSource
from vedette_server.ingest.rtsp_source import RtspSource
from vedette_server.ingest.segmenter import StreamSegmenter
from vedette_server.ingest.source import DemuxedPacket, SourceError, StreamSource
from vedette_server.ingest.wallclock import Stamped, WallClock

log = logging.getLogger(__name__)

SendPacket = Callable[[int, StreamName, MediaPacket], None]


def read_interval_s(live: bool) -> float:
    """How often a native source reads: as data comes when live, else in batches."""
    return 0.0 if live else RECORDING_READ_INTERVAL_S


def source_losses(source: StreamSource | None) -> tuple[int, int]:
    """(RTP packets lost, frames dropped) on a connection so far: counted by our own
    client's depacketizers; FFmpeg's does not tell (0, 0)."""
    if not isinstance(source, NativeRtspSource):
        return 0, 0
    units = source.depacketizers
    return sum(u.lost_packets for u in units), sum(u.dropped_units for u in units)


def open_source(camera: CameraIngestConfig, url: str) -> StreamSource:
    """The source for one stream: our RTSP client for rtsp:// unless the camera is
    configured for FFmpeg's, which also serves rtsps:// (TLS)."""
    native = camera.rtsp_client == "native" and url.lower().startswith("rtsp://")
    kind: type[NativeRtspSource] | type[RtspSource] = NativeRtspSource if native else RtspSource
    return kind(
        url,
        username=camera.username,
        password=camera.password,
        connect_timeout_s=camera.connect_timeout_s,
        read_timeout_s=camera.read_timeout_s,
        record_audio=camera.record_audio,
    )


class StreamRecorder:
    """The thread that records one camera stream; see the module docstring."""

    def __init__(
        self,
        camera: CameraIngestConfig,
        stream: StreamName,
        *,
        emit: Callable[[WorkerMessage], None],
        send_packet: SendPacket,
        rng: random.Random | None = None,
        not_before_us: int = 0,
    ) -> None:
        self.camera = camera
        self.stream: StreamName = stream
        self._emit = emit
        self._send_packet = send_packet
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._live = False
        self._source: StreamSource | None = None
        self.health_state = StreamHealth()
        self.backoff = Backoff(
            base_s=camera.reconnect_base_s, cap_s=camera.reconnect_cap_s, rng=rng
        )
        self.segmenter = StreamSegmenter(
            camera_id=camera.camera_id,
            stream=stream,
            volumes=camera.volumes,
            segment_seconds=camera.segment_seconds,
            fsync_interval_s=camera.fsync_interval_s,
            record_reasons=camera.reasons(stream),
            tentative=camera.tentative(stream),
            tentative_segment_seconds=camera.tentative_segment_seconds,
            emit=emit,
            not_before_us=not_before_us,
        )
        self._tracks: tuple[CodecParameters, ...] = ()
        self._logged_failure: tuple[OfflineReason, str] | None = None
        self.packets_received = self.bytes_received = self.reconnects = 0
        # Tells the main process these counters are not its predecessor's.
        self.counters_id = random.getrandbits(62)
        # (lost packets, dropped frames) of the connections that ended, and the open
        # one's source: swapped in one assignment, so ``health()`` (another thread)
        # never counts a connection twice or not at all.
        self._losses: tuple[int, int, StreamSource | None] = (0, 0, None)

    @property
    def live(self) -> bool:
        """Whether packets also go to the live channel (set from the worker's thread)."""
        return self._live

    @live.setter
    def live(self, on: bool) -> None:
        self._live = on
        if isinstance(self._source, NativeRtspSource):
            self._source.read_interval_s = read_interval_s(on)

    @property
    def name(self) -> str:
        return f"camera {self.camera.camera_id}/{self.stream}"

    # -- control (any thread) -----------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        source = self._source
        if isinstance(source, NativeRtspSource):
            source.stop()  # it yields what it has received, then ends

    def join(self, timeout_s: float) -> bool:
        """Wait for the thread (blocking); returns whether it ended."""
        if self._thread is not None:
            self._thread.join(timeout_s)
            return not self._thread.is_alive()
        return True

    def abandon(self) -> None:
        """Close the open segment from another thread (the stream thread is stuck in
        a read); the thread writes nothing more if it wakes up."""
        self._stop.set()
        self.segmenter.close(final=True)

    def set_volumes(self, volumes: tuple[VolumeTarget, ...]) -> None:
        self.segmenter.set_volumes(volumes)

    def update(self, camera: CameraIngestConfig) -> None:
        """New volumes and record reasons, on the same connection: a change of
        reasons never cuts the recording (segmenter.py says how segments keep them)."""
        if camera.volumes != self.camera.volumes:  # else keep what failed and when
            self.segmenter.set_volumes(camera.volumes)
        stream = self.stream
        if (camera.reasons(stream), camera.tentative(stream)) != (
            self.camera.reasons(stream),
            self.camera.tentative(stream),
        ):
            self.segmenter.set_record_reasons(
                camera.reasons(stream), tentative=camera.tentative(stream)
            )
        self.camera = camera

    def _lost_and_dropped(self) -> tuple[int, int]:
        lost, dropped, source = self._losses
        now_lost, now_dropped = source_losses(source)
        return lost + now_lost, dropped + now_dropped

    def health(self) -> Health:
        snap = self.health_state.snapshot()
        video = self._tracks[0] if self._tracks else None
        lost, dropped = self._lost_and_dropped()
        return Health(
            camera_id=self.camera.camera_id,
            stream=self.stream,
            state=snap.state,
            reason=snap.reason,
            message=snap.message,
            fps=snap.fps,
            bitrate_kbps=snap.bitrate_kbps,
            last_packet_us=snap.last_packet_us,
            bytes_written=self.segmenter.total_bytes_written,
            segments_written=self.segmenter.segments_written,
            recording=self.segmenter.recording,
            storage_message=self.segmenter.storage_message,
            codec=video.codec.value if video else "",
            width=video.width if video else 0,
            height=video.height if video else 0,
            has_audio=len(self._tracks) > 1,
            counters_id=self.counters_id,
            packets_received=self.packets_received,
            bytes_received=self.bytes_received,
            lost_packets=lost,
            dropped_frames=dropped,
            reconnects=self.reconnects,
            fsync_by_volume=self.segmenter.fsync_latency(),
        )

    # -- the stream thread ---------------------------------------------------------------

    def _set_state(
        self, state: StreamState, reason: OfflineReason | None = None, message: str = ""
    ) -> bool:
        """Change state; a change is reported at once (and returned)."""
        changed = self.health_state.set_state(state, reason, message)
        if changed:
            self._emit(self.health())
        return changed

    def _run(self) -> None:
        url = self.camera.url(self.stream)
        assert url is not None
        self._emit(self.health())  # "connecting", at once
        while not self._stop.is_set():
            self._set_state(StreamState.CONNECTING)
            source = self._source = open_source(self.camera, url)
            self._losses = (*self._lost_and_dropped(), source)
            if isinstance(source, NativeRtspSource):  # after _source: see live and stop
                source.read_interval_s = read_interval_s(self._live)
                if self._stop.is_set():
                    source.stop()
            try:
                reason, message = self._record(source)
            except Exception as e:  # a bug must not end the stream for good
                log.exception("%s: unexpected failure", self.name)
                reason, message = OfflineReason.ERROR, source.mask(f"{type(e).__name__}: {e}")
            finally:
                self.segmenter.close()
                source.close()
                self._losses = (*self._lost_and_dropped(), None)
            if self._stop.is_set():
                break
            self._set_state(StreamState.OFFLINE, reason, message)
            if self._logged_failure != (reason, message):  # once, not at every retry
                self._logged_failure = (reason, message)
                log.info("%s offline (%s): %s", self.name, reason.value, message)
            lasting = reason in (OfflineReason.AUTH_FAILED, OfflineReason.UNSUPPORTED_CODEC)
            cap_s = max(SLOW_CAP_S, self.backoff.cap_s) if lasting else None
            if not self._stop.wait(self.backoff.next_delay_s(time.monotonic(), cap_s=cap_s)):
                self.reconnects += 1
        self.segmenter.close(final=True)  # writes nothing more: its volumes are free

    def _record(self, source: StreamSource) -> tuple[OfflineReason, str]:
        """Record one connection until it fails; returns why it ended (blocking)."""
        clock: WallClock[DemuxedPacket] = WallClock(
            drift_threshold_us=self.camera.drift_threshold_us
        )
        try:
            self._tracks = source.open()
        except SourceError as e:
            return e.reason, e.message
        self._emit(StreamCodecs(self.camera.camera_id, self.stream, self._tracks))
        self.segmenter.set_tracks(self._tracks)
        watch = ParameterSetWatch(self._tracks[0])
        try:
            for packet in source.packets():
                # A native source ends by itself once stopped, after what it received.
                if self._stop.is_set() and not isinstance(source, NativeRtspSource):
                    return OfflineReason.STREAM_ENDED, "stopped"
                if self.health_state.state != StreamState.ONLINE:
                    self.backoff.connected(time.monotonic())
                    self._set_state(StreamState.ONLINE)
                    self._logged_failure = None
                for stamped in clock.push(packet.track, packet.pts_us, packet.arrival_us, packet):
                    self._handle(stamped, watch)
        except SourceError as e:
            for stamped in clock.flush():
                self._handle(stamped, watch)
            return e.reason, e.message
        return OfflineReason.STREAM_ENDED, "the camera ended the stream"

    def _handle(self, stamped: Stamped[DemuxedPacket], watch: ParameterSetWatch) -> None:
        demuxed = stamped.item
        packet = MediaPacket(
            kind=demuxed.kind,
            timestamp_us=stamped.timestamp_us,
            duration_us=demuxed.duration_us,
            keyframe=demuxed.keyframe,
            data=demuxed.data,
        )
        if packet.kind == PacketKind.VIDEO and packet.keyframe:
            changed = watch.check(packet.data)
            if changed is not None:
                self._tracks = (changed, *self._tracks[1:])
                self.segmenter.set_tracks(self._tracks)
                self._emit(StreamCodecs(self.camera.camera_id, self.stream, self._tracks))
        if stamped.discontinuity:
            self.segmenter.discontinuity(stamped.timestamp_us, stamped.reason)
        self.segmenter.write(packet)
        self.packets_received += 1
        self.bytes_received += len(packet.data)
        self.health_state.packet(
            packet.timestamp_us,
            len(packet.data),
            packet.kind == PacketKind.VIDEO,
            demuxed.arrival_us,
        )
        if self.live:
            self._send_packet(self.camera.camera_id, self.stream, packet)
