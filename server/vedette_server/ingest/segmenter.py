"""One camera stream's segment files: when to open, rotate and close them, and where.

A :class:`StreamSegmenter` receives stamped packets and writes them with
``SegmentWriter`` (storage/segment_file.py), reporting SEGMENT_OPENED right after a
file is created and SEGMENT_CLOSED after it is closed, through ``emit``.

Rules (ARCHITECTURE.md "Storage", issue 3):
- A segment starts at a video keyframe and rotates at the first keyframe
  ``segment_seconds`` after its start; at ``MAX_SEGMENT_SECONDS`` it rotates at the
  next video packet, keyframe or not. New codec parameters close the segment; the
  next one (header with the new parameters) starts at the next keyframe.
- A change of record reasons never cuts the recording. The open segment's mask is
  the union of every mask that applied while it was open (reported in
  SEGMENT_CLOSED): a reason added joins it at once; when a reason is removed, the
  segment rotates at the next keyframe, so the next one no longer claims it. No
  packet is lost and the next segment starts where the last one ended. Only a change
  to 0 ("record nothing") closes the segment at once.
- A tentative stream (pre-alarm recording) is written even while it has no reason,
  in segments of ``tentative_segment_seconds`` with the mask 0: the main process
  keeps those an event claims and reaps the others (recording/keeper.py). A change to
  0 on a tentative stream rotates at the next keyframe, like any removed reason;
  a tentative stream that stops being one with no reason closes at once.
- Each new segment goes to the volume with the most free space among the camera's
  volumes that are mounted (``<root>/vedette`` exists) and have not failed in the
  last ``VOLUME_RETRY_S`` (``RESOURCE_RETRY_S`` when the failure was the process
  running short of descriptors or memory, which says nothing about the volume).
- Nothing older than ``not_before_us`` is written (a restarted worker must not
  overlap what its killed predecessor recorded), and within a track nothing older
  than what was already written (servers replay a GOP at each connection).
- While a segment is open, and across a rotation from one segment to the next, the
  segmenter holds its volume for writing (storage/writer_lock.py): a recovery waits
  until this process has written its last record there, also when its main process
  was killed. A close that no segment follows at once (the stream dropped, new codec
  parameters, recording stopped, a failed volume, the worker stopping) lets go, so a
  volume is never held while nothing is open on it (and can be unmounted).
- A write error closes the segment, keeping what was written. Then the volume is
  asked to take a small test write (``probe_volume_write``). If it does, the error
  was this stream's file's, not the volume's (a bad block under one file, one broken
  folder): VOLUME_ERROR with ``volume_ok`` (once per run of such errors, which a
  clean close ends), and this stream alone tries the volume again after
  ``FILE_RETRY_S``, twice that after a second failure in the run, and so on up to
  ``VOLUME_RETRY_S``; the other streams recording there go on. Otherwise (and at once
  for a full volume or a want of resources) VOLUME_ERROR marks the volume failed and
  the next keyframe opens a segment on another volume. With no volume left,
  ``storage_message`` says "no writable volume" and opening is retried every
  ``NO_VOLUME_RETRY_S``.

Thread-safety: every public method takes the instance lock, so the worker's main
thread may close a segment (at shutdown) while the stream thread is stuck in a read.
All methods block on disk I/O.
"""

from __future__ import annotations

import errno
import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vedette_api.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_server.ingest.config import MAX_SEGMENT_SECONDS, StreamName, VolumeTarget
from vedette_server.ingest.messages import SegmentClosed, SegmentOpened, VolumeError, WorkerMessage
from vedette_server.ops.tallies import HistogramCounts, LatencyHistogram
from vedette_server.storage.layout import (
    TOP_DIRECTORY,
    is_out_of_space,
    is_resource_shortage,
    probe_volume_write,
    segment_relpath,
)
from vedette_server.storage.segment_file import SegmentWriteError, SegmentWriter
from vedette_server.storage.writer_lock import VolumeLock, hold_for_writing

log = logging.getLogger(__name__)

VOLUME_RETRY_S = 30.0
#: After a failure for want of descriptors or memory (nothing wrong with the volume):
#: retried soon, since every second waited is a second of video lost.
RESOURCE_RETRY_S = 2.0
NO_VOLUME_RETRY_S = 3.0
#: After a write error on a volume that still takes a test write: this stream's next
#: keyframe at least this much later opens its next segment there again.
FILE_RETRY_S = 1.0
NO_WRITABLE_VOLUME = "no writable volume"


def free_bytes(root: str) -> int:
    """Free bytes of a mounted, initialised volume (blocking); OSError when unusable."""
    if not Path(root, TOP_DIRECTORY).is_dir():
        raise FileNotFoundError(errno.ENOENT, "volume not mounted or not initialised", root)
    return shutil.disk_usage(root).free


class StreamSegmenter:
    """Writes one stream's packets into segment files; see the module docstring."""

    def __init__(
        self,
        *,
        camera_id: int,
        stream: StreamName,
        volumes: tuple[VolumeTarget, ...],
        segment_seconds: float,
        fsync_interval_s: float,
        record_reasons: int,
        emit: Callable[[WorkerMessage], None],
        tentative: bool = False,
        tentative_segment_seconds: float = 10.0,
        not_before_us: int = 0,
        clock: Callable[[], float] = time.monotonic,
        volume_free_bytes: Callable[[str], int] = free_bytes,
        volume_probe: Callable[[str], None] = probe_volume_write,
    ) -> None:
        self.camera_id = camera_id
        self.stream: StreamName = stream
        self.segment_us = int(segment_seconds * 1_000_000)
        self.fsync_interval_s = fsync_interval_s
        self.record_reasons = record_reasons
        self.tentative = tentative
        self.tentative_us = int(tentative_segment_seconds * 1_000_000)
        # The open segment's mask: every mask that applied while it was open.
        self._segment_reasons = record_reasons
        self._volumes = volumes
        self._emit = emit
        self._clock = clock
        self._free_bytes = volume_free_bytes
        self._probe_write = volume_probe
        self._lock = threading.Lock()
        self._tracks: tuple[CodecParameters, ...] = ()
        self._writer: SegmentWriter | None = None
        self._volume: VolumeTarget | None = None
        self._failed_until: dict[int, float] = {}
        #: Volumes where this stream's files failed while the volume took a test write,
        #: since the last clean close there (said once per run), with the last wait.
        self._file_errors: dict[int, float] = {}
        self._holds: dict[str, VolumeLock] = {}  # by volume root; see the module doc
        self._retry_at = 0.0
        self._opened_at = 0.0
        self._final = False
        # Per packet kind, the timestamp a packet must reach to be written: keeps
        # every track monotonic across segments and reconnects (GOP replays).
        self._written_until_us: dict[PacketKind, int] = {}
        if not_before_us:
            self._written_until_us = {PacketKind.VIDEO: not_before_us, PacketKind.AUDIO: 0}
        self.storage_message = ""
        self.bytes_written = 0  # in closed segments; see ``total_bytes_written``
        self.segments_written = 0
        self._fsync_latency: dict[int, LatencyHistogram] = {}  # by volume id

    # -- state ----------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        """A segment that claims a reason is open (a tentative one is not recording:
        it is kept only if an event claims it)."""
        return self._writer is not None and self._segment_reasons != 0

    @property
    def writing(self) -> bool:
        """Whether to write at all: a reason, or a tentative stream."""
        return bool(self.record_reasons) or self.tentative

    @property
    def total_bytes_written(self) -> int:
        writer = self._writer
        return self.bytes_written + (writer.size_bytes if writer is not None else 0)

    def fsync_latency(self) -> tuple[tuple[int, HistogramCounts], ...]:
        """How long the segment files' fdatasyncs took, per volume id (any thread)."""
        return tuple((v, h.snapshot()) for v, h in list(self._fsync_latency.items()))

    def set_volumes(self, volumes: tuple[VolumeTarget, ...]) -> None:
        """New volume list from the main process: failures are forgotten."""
        with self._lock:
            self._volumes = volumes
            self._failed_until.clear()
            self._retry_at = 0.0

    def set_record_reasons(self, record_reasons: int, *, tentative: bool = False) -> None:
        """Why to record from now on: the open segment goes on, with the new reasons
        added to its mask (the module docstring says when it rotates); 0 on a stream
        that is not tentative closes it."""
        with self._lock:
            self.record_reasons = record_reasons
            self.tentative = tentative
            if not self.writing:
                self._close_locked()
            else:
                self._segment_reasons |= record_reasons

    def set_tracks(self, tracks: tuple[CodecParameters, ...]) -> None:
        """The stream's codec parameters; a change closes the open segment."""
        with self._lock:
            if tracks != self._tracks:
                self._close_locked()
                self._tracks = tracks

    # -- writing ----------------------------------------------------------------------

    def write(self, packet: MediaPacket) -> None:
        """Append one stamped packet, opening or rotating segments as needed."""
        with self._lock:
            if not self._tracks or not self.writing or self._final:
                return
            if packet.kind == PacketKind.AUDIO and len(self._tracks) < 2:
                return
            if packet.timestamp_us < self._written_until_us.get(packet.kind, packet.timestamp_us):
                return  # replayed at reconnect: already recorded, or older than what was
            writer = self._writer
            if packet.kind == PacketKind.VIDEO:
                writer = self._rotate_locked(packet)
            if writer is None:
                return
            try:
                writer.append_packet(packet)
            except SegmentWriteError as e:
                self._fail_volume_locked(e)
                return
            self._written_until_us[packet.kind] = packet.timestamp_us

    def _rotate_locked(self, packet: MediaPacket) -> SegmentWriter | None:
        """The writer a video packet goes to: rotates or opens as the rules say."""
        writer = self._writer
        if writer is None:
            # After a reconnect, the first keyframe newer than what is on disk.
            fresh = packet.timestamp_us > self._written_until_us.get(PacketKind.VIDEO, -1)
            return self._open_locked(packet.timestamp_us) if packet.keyframe and fresh else None
        age_us = packet.timestamp_us - writer.header.start_us
        claims_a_past_reason = self._segment_reasons != self.record_reasons
        length_us = self.segment_us if self._segment_reasons else self.tentative_us
        if packet.keyframe and (age_us >= length_us or claims_a_past_reason):
            self._close_locked(rotating=True)
            return self._open_locked(packet.timestamp_us)
        if self._clock() - self._opened_at >= MAX_SEGMENT_SECONDS:
            self._close_locked(rotating=True)
            return self._open_locked(packet.timestamp_us)
        return writer

    def discontinuity(self, timestamp_us: int, reason: str) -> None:
        """Mark a new timeline in the open segment (nothing when none is open)."""
        with self._lock:
            if self._writer is None:
                return
            try:
                self._writer.append_discontinuity(timestamp_us, reason)
            except SegmentWriteError as e:
                self._fail_volume_locked(e)

    def close(self, *, final: bool = False) -> None:
        """Close the open segment, if any (the stream dropped). ``final``: the worker
        is stopping, so nothing is written after this, whatever thread calls write."""
        with self._lock:
            self._close_locked()
            self._final = self._final or final

    # -- internals ----------------------------------------------------------------------

    def _pick_volumes(self) -> list[VolumeTarget]:
        """Usable volumes, most free space first; unusable ones are reported."""
        now = self._clock()
        candidates: list[tuple[int, VolumeTarget]] = []
        for volume in self._volumes:
            if self._failed_until.get(volume.volume_id, 0.0) > now:
                continue
            try:
                candidates.append((self._free_bytes(volume.root), volume))
            except OSError as e:
                self._report_volume(volume, e.errno or errno.EIO, e.strerror or str(e))
        candidates.sort(key=lambda c: -c[0])
        return [volume for _, volume in candidates]

    def _open_locked(self, start_us: int) -> SegmentWriter | None:
        writer = self._open_on_a_volume_locked(start_us)
        # Only the volume a segment is open on stays held (see the module docstring).
        kept = self._volume.root if writer is not None and self._volume is not None else None
        for root in [root for root in self._holds if root != kept]:
            self._holds.pop(root).close()
        return writer

    def _open_on_a_volume_locked(self, start_us: int) -> SegmentWriter | None:
        if self._clock() < self._retry_at:
            return None
        header = SegmentHeader(self.camera_id, self.stream, start_us, self._tracks)
        relpath = segment_relpath(self.camera_id, self.stream, start_us)
        for volume in self._pick_volumes():
            try:
                if volume.root not in self._holds:
                    self._holds[volume.root] = hold_for_writing(volume.root)
            except OSError as e:
                self._report_volume(volume, e.errno or errno.EIO, e.strerror or str(e))
                continue
            try:
                latency = self._fsync_latency.setdefault(volume.volume_id, LatencyHistogram())
                writer = SegmentWriter.create(
                    Path(volume.root) / relpath,
                    header,
                    fsync_interval_s=self.fsync_interval_s,
                    on_sync=latency.observe,
                )
            except SegmentWriteError as e:
                if e.errno == errno.EEXIST:
                    # A previous worker (killed) recorded from this very keyframe.
                    self._written_until_us[PacketKind.VIDEO] = start_us
                    return None
                self._write_failed(volume, e.errno, e.reason)
                continue
            self._writer, self._volume = writer, volume
            self._segment_reasons = self.record_reasons
            self._opened_at = self._clock()
            self.storage_message = ""
            video = self._tracks[0]
            self._emit(
                SegmentOpened(
                    camera_id=self.camera_id,
                    stream=self.stream,
                    volume_id=volume.volume_id,
                    relpath=relpath.as_posix(),
                    start_us=start_us,
                    codec=video.codec.value,
                    width=video.width,
                    height=video.height,
                    record_reasons=self.record_reasons,
                )
            )
            return writer
        if self.storage_message != NO_WRITABLE_VOLUME:
            log.warning("camera %s/%s: %s", self.camera_id, self.stream, NO_WRITABLE_VOLUME)
        self.storage_message = NO_WRITABLE_VOLUME
        now = self._clock()
        # A volume this stream's file failed on is tried again sooner (FILE_RETRY_S).
        soon = [self._failed_until.get(v, now) for v in self._file_errors]
        self._retry_at = min([now + NO_VOLUME_RETRY_S, *[t for t in soon if t > now]])
        return None

    def _report_volume(self, volume: VolumeTarget, err: int, reason: str) -> None:
        wait_s = RESOURCE_RETRY_S if is_resource_shortage(err) else VOLUME_RETRY_S
        self._failed_until[volume.volume_id] = self._clock() + wait_s
        log.warning("volume %s (%s) failed: %s", volume.volume_id, volume.root, reason)
        self._emit(VolumeError(self.camera_id, self.stream, volume.volume_id, err, reason))

    def _fail_volume_locked(self, error: SegmentWriteError) -> None:
        volume = self._volume
        self._close_locked()
        if volume is not None and volume.volume_id not in self._failed_now():
            self._write_failed(volume, error.errno, f"{error.reason}: {error}")

    def _write_failed(self, volume: VolumeTarget, err: int, reason: str) -> None:
        """A write to ``volume`` failed: the volume's failure, or this stream's file's
        when the volume still takes a test write (see the module docstring)."""
        if is_resource_shortage(err) or is_out_of_space(err) or not self._takes_a_write(volume):
            self._report_volume(volume, err, reason)
            return
        # Doubling while the run lasts (a stream whose files keep failing must not
        # leave an empty segment every second), up to a failed volume's wait.
        wait_s = self._file_errors.get(volume.volume_id, FILE_RETRY_S / 2) * 2
        wait_s = min(wait_s, VOLUME_RETRY_S)
        self._failed_until[volume.volume_id] = self._clock() + wait_s
        said = volume.volume_id in self._file_errors
        self._file_errors[volume.volume_id] = wait_s
        if said:
            return
        log.warning(
            "camera %s/%s: a write to volume %s (%s) failed: %s; the volume takes a test"
            " write, so only this stream's file failed: it tries again in %g s",
            self.camera_id,
            self.stream,
            volume.volume_id,
            volume.root,
            reason,
            wait_s,
        )
        self._emit(
            VolumeError(self.camera_id, self.stream, volume.volume_id, err, reason, volume_ok=True)
        )

    def _takes_a_write(self, volume: VolumeTarget) -> bool:
        try:
            self._probe_write(volume.root)
        except OSError as e:
            log.warning("volume %s (%s) refuses a test write: %s", volume.volume_id, volume.root, e)
            return False
        return True

    def _failed_now(self) -> set[int]:
        now = self._clock()
        return {v for v, until in self._failed_until.items() if until > now}

    def _release_holds(self) -> None:
        for hold in self._holds.values():
            hold.close()
        self._holds.clear()

    def _close_locked(self, *, rotating: bool = False) -> None:
        """Close the open segment; at a rotation its volume stays held for the next."""
        try:
            self._close_writer_locked()
        finally:
            if not rotating:
                self._release_holds()

    def _close_writer_locked(self) -> None:
        writer, volume = self._writer, self._volume
        self._writer = self._volume = None
        if writer is None or volume is None:
            return
        failed: SegmentWriteError | None = None
        try:
            summary = writer.close()
        except SegmentWriteError as e:
            # The descriptor is released; what reached the kernel is still described
            # by the summary, which close() computed before the failing fsync.
            failed, summary = e, writer.close()
        self.bytes_written += summary.size_bytes
        self.segments_written += 1
        self._emit(
            SegmentClosed(
                camera_id=self.camera_id,
                stream=self.stream,
                volume_id=volume.volume_id,
                relpath=writer.path.relative_to(volume.root).as_posix(),
                start_us=summary.start_us,
                end_us=summary.end_us,
                size_bytes=summary.size_bytes,
                frames=summary.frames,
                keyframe_index=summary.keyframe_index_blob,
                record_reasons=self._segment_reasons,
            )
        )
        if failed is not None:
            self._write_failed(volume, failed.errno, f"{failed.reason}: {failed}")
        else:
            self._file_errors.pop(volume.volume_id, None)
