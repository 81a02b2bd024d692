"""Start-up recovery after a kill -9 of the main process, while its workers still write.

A killed server's ingest workers finish their open segments by themselves (they
write what the camera already sent, then close), and the new server starts at once.
Its recovery must not scan a file before they are done: it once ended a segment
early, or removed one that had no frame yet, and the kill -9 test lost 1.41 s.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path, PurePosixPath

import pytest

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_api.media.segment_reader import scan_segment
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog.models import Camera, Segment
from vedette_server.catalog.segments import complete_segment, open_segment
from vedette_server.datadir import DataDir
from vedette_server.recording.recovery import recover
from vedette_server.recording.volumes import VolumeManager
from vedette_server.storage.layout import segment_relpath
from vedette_server.storage.segment_file import SegmentWriter

S = 1_000_000
#: How long the old worker goes on writing after recovery started, if recovery lets it.
LATE_S = 1.0
H264 = CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67\x42", 320, 180, Fraction(25))


@dataclass
class Volume:
    catalog: Catalog
    volume_id: int
    root: Path
    camera_id: int


@pytest.fixture
def volume(tmp_path: Path) -> Iterator[Volume]:
    """A catalog with one camera and one initialised volume (no server running)."""
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    disk = tmp_path / "disk"
    disk.mkdir()
    with open_catalog(data.catalog) as catalog:
        volumes = VolumeManager(catalog, catalog.server_identity().server_id)
        volume_id = volumes.initialize(volumes.add(str(disk)).id).id
        now = time.time_ns() // 1000
        camera = Camera.create(name="cam", main_url="rtsp://127.0.0.1/x", created_us=now,
                               updated_us=now)  # fmt: skip
        yield Volume(catalog, volume_id, disk, int(camera.id))


@pytest.mark.parametrize("row_recorded", [True, False], ids=["open-row", "no-row-yet"])
def test_recovery_waits_for_the_killed_servers_workers_to_finish_their_segments(
    volume: Volume, row_recorded: bool
) -> None:
    catalog, disk, camera_id = volume.catalog, volume.root, volume.camera_id
    now = time.time_ns() // 1000
    start_us = now - 10 * S
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.support.late_segment_writer",
         str(disk), str(volume.volume_id), str(camera_id), str(start_us)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert worker.stdout is not None and worker.stdin is not None
        _, relpath, _ = worker.stdout.readline().split()
        if row_recorded:  # the main process recorded SEGMENT_OPENED before it died
            open_segment(catalog, camera_id, 1, volume.volume_id, relpath, start_us,
                         Codec.H264, 320, 180, 1)  # fmt: skip
        recovered = threading.Event()

        def finish_late() -> None:
            recovered.wait(LATE_S)  # a recovery that does not wait is done by then
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()

        late = threading.Thread(target=finish_late)
        late.start()
        report = recover(catalog, {volume.volume_id: disk})
        recovered.set()
        late.join()
        _, end_us, frames = worker.stdout.readline().split()
        assert worker.wait(30) == 0
    finally:
        worker.kill()
        worker.wait()
    assert not report.problems
    row = Segment.get(Segment.relpath == relpath)
    assert (row.frames, row.end_us) == (int(frames), int(end_us)), "frames lost"
    scan = scan_segment(disk / PurePosixPath(relpath))
    assert (scan.frames, scan.file_size_bytes) == (row.frames, row.size_bytes)


def _segment_file(volume: Volume, start_us: int) -> str:
    """A closed segment file of one second (25 frames) on the volume; its relpath."""
    relpath = segment_relpath(volume.camera_id, "main", start_us)
    header = SegmentHeader(volume.camera_id, "main", start_us, (H264,))
    with SegmentWriter.create(volume.root / relpath, header) as writer:
        for i in range(25):
            frame = MediaPacket(PacketKind.VIDEO, start_us + i * 40_000, 40_000, i == 0, b"f")
            writer.append_packet(frame)
    return relpath.as_posix()


def test_start_up_recovery_checks_recent_files_against_recent_rows_only(volume: Volume) -> None:
    catalog = volume.catalog
    now = time.time_ns() // 1000
    year_ago = now - 365 * 86_400 * S
    catalog.database.cursor().executemany(
        "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
        " record_reasons, codec, width, height) VALUES (?, 1, ?, ?, ?, ?, 1, 'h264', 1, 1)",
        [(volume.camera_id, volume.volume_id, f"old/{i}", year_ago + i * S, year_ago + (i + 1) * S)
         for i in range(1000)],
    )  # fmt: skip
    known = _segment_file(volume, now - 20 * S)
    segment_id = open_segment(catalog, volume.camera_id, 1, volume.volume_id, known,
                              now - 20 * S, Codec.H264, 320, 180, 1)  # fmt: skip
    complete_segment(catalog, segment_id, now - 19 * S, 1, 25, b"")
    orphan = _segment_file(volume, now - 10 * S)
    statements: list[str] = []
    catalog.database.connection().set_trace_callback(statements.append)
    try:
        report = recover(catalog, {volume.volume_id: volume.root})
    finally:
        catalog.database.connection().set_trace_callback(None)
    assert (report.adopted, report.removed, report.problems) == (1, 0, [])
    assert Segment.select().where(Segment.relpath.in_([known, orphan])).count() == 2
    # A year of rows is not read to know which of two days of files have one.
    (read,) = [s for s in statements if s.startswith("SELECT relpath FROM segment")]
    plan = catalog.database.execute_sql(f"EXPLAIN QUERY PLAN {read}").fetchall()
    assert "USING INDEX segment_volume_start (volume_id=? AND start_us>?)" in str(plan)
