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
from pathlib import Path, PurePosixPath

import pytest

from vedette_api.media.packet import Codec
from vedette_api.media.segment_reader import scan_segment
from vedette_server.catalog.database import open_catalog
from vedette_server.catalog.models import Camera, Segment
from vedette_server.catalog.segments import open_segment
from vedette_server.datadir import DataDir
from vedette_server.recording.recovery import recover
from vedette_server.recording.volumes import VolumeManager

S = 1_000_000
#: How long the old worker goes on writing after recovery started, if recovery lets it.
LATE_S = 1.0


@pytest.mark.parametrize("row_recorded", [True, False], ids=["open-row", "no-row-yet"])
def test_recovery_waits_for_the_killed_servers_workers_to_finish_their_segments(
    tmp_path: Path, row_recorded: bool
) -> None:
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    disk = tmp_path / "disk"
    disk.mkdir()
    with open_catalog(data.catalog) as catalog:
        volumes = VolumeManager(catalog, catalog.server_identity().server_id)
        volume = volumes.initialize(volumes.add(str(disk)).id)
        now = time.time_ns() // 1000
        camera_id = int(
            Camera.create(name="cam", main_url="rtsp://127.0.0.1/x", created_us=now,
                          updated_us=now).id
        )  # fmt: skip
        start_us = now - 10 * S
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.support.late_segment_writer",
             str(disk), str(volume.id), str(camera_id), str(start_us)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert worker.stdout is not None and worker.stdin is not None
            _, relpath, _ = worker.stdout.readline().split()
            if row_recorded:  # the main process recorded SEGMENT_OPENED before it died
                open_segment(catalog, camera_id, 1, volume.id, relpath, start_us,
                             Codec.H264, 320, 180, 1)  # fmt: skip
            recovered = threading.Event()

            def finish_late() -> None:
                recovered.wait(LATE_S)  # a recovery that does not wait is done by then
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()

            late = threading.Thread(target=finish_late)
            late.start()
            report = recover(catalog, {volume.id: disk})
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
