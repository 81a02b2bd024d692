"""Camera faults (camsim --fault) while recording: discontinuities, damage, outages."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from tests.conftest import SMALL
from tests.integration.ingest_harness import (
    IngestHarness,
    camera_config,
    make_volume,
    media_records,
)
from tests.support.camsim_process import CamsimProcess, start_camsim
from vedette_api.media.records import Record, RecordKind
from vedette_api.media.segment_reader import scan_segment
from vedette_server.ingest import OfflineReason, StreamState, VolumeTarget


def stream_records(ingest: IngestHarness, volume: VolumeTarget, camera_id: int) -> list[Record]:
    """Every record of a camera's main stream, segment after segment."""
    closed = sorted(ingest.closed(camera_id, "main"), key=lambda m: m.start_us)
    records: list[Record] = []
    for message in closed:
        path = Path(volume.root) / message.relpath
        assert scan_segment(path).clean
        records += media_records(path)
    return records


def test_drop_and_clock_jumps_leave_discontinuities_and_monotonic_time(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path
) -> None:
    camsim = camsim_factory(
        "--sub", "none",
        "--fault", "cam1:drop=3s@5s",
        "--fault", "cam2:jump=-20s@5s",
        "--fault", "cam3:jump=+20s@5s",
        cameras=3,
    )  # fmt: skip
    ready_at = time.time()
    volume = make_volume(tmp_path)
    with IngestHarness() as ingest:
        ingest.set_cameras(
            [
                camera_config(i, camsim.url(f"cam{i}", "main"), None, [volume], segment_seconds=30)
                for i in (1, 2, 3)
            ]
        )
        # The faults strike 5 s after camsim started (before ready_at), well after
        # recording starts; wait for 3 s of packets after the drop ends.
        ingest.wait_for("recording", lambda: all(ingest.opened(i, "main") for i in (1, 2, 3)))
        assert time.time() < ready_at + 4.5, "recording must start before the faults"
        until_us = int((ready_at + 5 + 3 + 3) * 1e6)
        ingest.wait_for(
            "recording well past the faults",
            lambda: all(
                (h := ingest.health(i, "main")) and (h[-1].last_packet_us or 0) > until_us
                for i in (1, 2, 3)
            ),
            timeout_s=20,
        )
    for camera_id in (1, 2, 3):
        records = stream_records(ingest, volume, camera_id)
        breaks = [r for r in records if r.kind == RecordKind.DISCONTINUITY]
        assert len(breaks) == 1, f"camera {camera_id}: {breaks}"
        expected = {1: b"jumped by +3.", 2: b"jumped by -19.9", 3: b"jumped by +20.0"}[camera_id]
        assert expected in breaks[0].payload, breaks[0].payload
        video = [r.timestamp_us for r in records if r.kind == RecordKind.VIDEO]
        assert video == sorted(video), f"camera {camera_id}: time went backwards"
        steps = [b - a for a, b in pairwise(video)]
        big = [s for s in steps if s > 200_000]
        if camera_id == 1:
            assert len(big) == 1 and 2_800_000 < big[0] < 3_400_000, "the drop is a 3 s hole"
        else:
            assert not big, "a jump of the camera clock does not move the wall-clock times"
        assert len(ingest.opened(camera_id, "main")) == 1, "one connection, one segment"


def test_corrupt_and_truncated_frames_are_recorded_without_interruption(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path
) -> None:
    camsim = camsim_factory(
        "--sub", "none",
        "--fault", "cam1:corrupt=0.3@0s",
        "--fault", "cam2:truncate=0.5@0s",
        cameras=2,
    )  # fmt: skip
    volume = make_volume(tmp_path)
    with IngestHarness() as ingest:
        cameras = [camera_config(i, camsim.url(f"cam{i}", "main"), None, [volume]) for i in (1, 2)]
        ingest.set_cameras(cameras)
        ingest.wait_for(
            "two closed segments per camera",
            lambda: all(len(ingest.closed(i, "main")) >= 2 for i in (1, 2)),
            timeout_s=20,
        )
    for camera_id in (1, 2):
        assert all(h.state != StreamState.OFFLINE for h in ingest.health(camera_id, "main"))
        records = stream_records(ingest, volume, camera_id)
        video = [r for r in records if r.kind == RecordKind.VIDEO]
        span_s = (video[-1].timestamp_us - video[0].timestamp_us) / 1e6
        assert len(video) >= 25 * span_s - 2, "every frame, damaged or not, is kept"


def test_camera_server_down_for_seconds_reconnects_with_backoff_leaving_a_gap(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path
) -> None:
    first = camsim_factory("--sub", "none")
    port = first.port
    volume = make_volume(tmp_path)
    with IngestHarness() as ingest:
        url = first.url("cam1", "main")
        ingest.set_cameras([camera_config(1, url, None, [volume], segment_seconds=60)])
        ingest.wait_for("recording", lambda: ingest.opened(1, "main"))
        down_at = time.time()
        first.stop()
        ingest.wait_for(
            "offline: refused",
            lambda: [h for h in ingest.health(1, "main") if h.reason == OfflineReason.REFUSED],
        )
        while time.time() - down_at < 3.0:
            time.sleep(0.05)
        second = start_camsim(*SMALL, "--sub", "none", "--rtsp-port", str(port))
        try:
            up_at = time.time()
            ingest.wait_for("recording again", lambda: len(ingest.opened(1, "main")) >= 2)
            ingest.wait_for("two segments closed", lambda: len(ingest.closed(1, "main")) >= 1)
        finally:
            ingest.set_cameras([])
            second.stop()
    before, after = sorted(ingest.opened(1, "main"), key=lambda m: m.start_us)[:2]
    (closed_before,) = [m for m in ingest.closed(1, "main") if m.relpath == before.relpath]
    gap_s = (after.start_us - closed_before.end_us) / 1e6
    outage_s = up_at - down_at
    # The gap covers the outage, plus at most a backoff window (2 s) and a GOP (2 s).
    assert outage_s - 0.2 <= gap_s <= outage_s + 4.5, (gap_s, outage_s)
    attempts = [h for h in ingest.health(1, "main") if h.state == StreamState.CONNECTING]
    assert 3 <= len(attempts) <= 20, "retries back off instead of spinning"
