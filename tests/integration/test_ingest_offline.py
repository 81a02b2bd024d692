"""Cameras that cannot be recorded go offline with the right reason, retry, and never
disturb the cameras that can; passwords never leak into messages or logs."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.ingest_harness import (
    IngestHarness,
    camera_config,
    free_port,
    make_volume,
    start_gst_server,
)
from tests.support.camsim_process import CamsimProcess
from vedette_server.ingest import Health, OfflineReason, SegmentOpened, StreamState

PASSWORD = "s3cret-Pass"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield int(listener.getsockname()[1])
    listener.close()


def offline_with(ingest: IngestHarness, camera_id: int, reason: OfflineReason) -> Health:
    def found() -> list[Health]:
        return [
            h
            for h in ingest.health(camera_id, "main")
            if h.state == StreamState.OFFLINE and h.reason == reason
        ]

    return ingest.wait_for(f"camera {camera_id} offline ({reason.value})", found)[0]


def test_each_failure_has_its_reason_and_the_good_camera_keeps_recording(
    camsim_factory: Callable[..., CamsimProcess],
    silent_server: int,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    camsim = camsim_factory("--user", "viewer", "--password", PASSWORD, "--sub", "none")
    volume = make_volume(tmp_path)
    plain = camsim.url("cam1", "main", auth=False)
    cameras = [
        camera_config(1, plain, None, [volume], username="viewer", password=PASSWORD),
        camera_config(2, plain, None, [volume], username="viewer", password="wrong-" + PASSWORD),
        camera_config(3, f"rtsp://127.0.0.1:{free_port()}/x", None, [volume]),
        camera_config(4, f"rtsp://127.0.0.1:{silent_server}/x", None, [volume],
                      connect_timeout_s=1.0, read_timeout_s=1.0),
    ]  # fmt: skip
    with IngestHarness() as ingest:
        ingest.set_cameras(cameras)
        auth = offline_with(ingest, 2, OfflineReason.AUTH_FAILED)
        refused = offline_with(ingest, 3, OfflineReason.REFUSED)
        timeout = offline_with(ingest, 4, OfflineReason.TIMEOUT)
        ingest.wait_for("camera 1 recording", lambda: ingest.opened(1, "main"))
        ingest.wait_for(
            "several attempts by the failing cameras",
            lambda: len([h for h in ingest.health(3, "main") if h.state == "connecting"]) >= 3,
        )
    assert "401" in auth.message
    assert "refused" in refused.message.lower()
    assert "1 s" in timeout.message
    assert not any(ingest.opened(c, "main") for c in (2, 3, 4))
    assert all(h.state != StreamState.OFFLINE for h in ingest.health(1, "main"))
    for message in ingest.of(object):
        assert PASSWORD not in repr(message)
    logs = capfd.readouterr()
    assert "401" in logs.err, "the worker logs the failure"
    assert PASSWORD not in logs.out + logs.err


@pytest.mark.interop
def test_mjpeg_camera_is_offline_as_unsupported_codec(tmp_path: Path) -> None:
    port = free_port()
    server = start_gst_server(
        port, "cam/mjpeg=( videotestsrc is-live=true ! jpegenc ! rtpjpegpay name=pay0 pt=26 )"
    )
    try:
        with IngestHarness() as ingest:
            url = f"rtsp://127.0.0.1:{port}/cam/mjpeg"
            ingest.set_cameras([camera_config(5, url, None, [make_volume(tmp_path)])])
            health = offline_with(ingest, 5, OfflineReason.UNSUPPORTED_CODEC)
    finally:
        server.terminate()
        server.wait(10)
    assert "mjpeg" in health.message
    assert not ingest.of(SegmentOpened)


def test_camera_closing_the_connection_is_stream_ended_then_recorded_again(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path
) -> None:
    # At 5 s (recording by then) camsim closes the session, then answers 503 for 2 s.
    camsim = camsim_factory("--sub", "none", "--fault", "cam1:close@5s+2s")
    with IngestHarness() as ingest:
        url = camsim.url("cam1", "main")
        config = camera_config(1, url, None, [make_volume(tmp_path)], segment_seconds=60)
        ingest.set_cameras([config])
        ingest.wait_for("recording", lambda: ingest.opened(1, "main"))
        offline_with(ingest, 1, OfflineReason.STREAM_ENDED)
        ingest.wait_for("recording again", lambda: len(ingest.opened(1, "main")) >= 2)
    states = [h.state for h in ingest.health(1, "main")]
    assert states[-1] == StreamState.ONLINE
    # The metrics' counters: the reconnect is counted, the packets go on counting.
    last = ingest.health(1, "main")[-1]
    assert last.reconnects >= 1
    assert last.bytes_received > last.packets_received > 0
    ended_at = next(t for t, h in ingest.timed(Health) if h.reason == OfflineReason.STREAM_ENDED)
    reopened_at = [t for t, _ in ingest.timed(SegmentOpened)][1]
    # 2 s of 503, then at most a backoff window (2 s here), the anchor's settling
    # (0.5 s) and a GOP (2 s: the replayed one is older than what was written).
    assert 1.5 <= reopened_at - ended_at < 8.5, reopened_at - ended_at
    first, second = sorted(ingest.opened(1, "main"), key=lambda m: m.start_us)
    (closed,) = [m for m in ingest.closed(1, "main") if m.relpath == first.relpath]
    # A real gap, no overlap. It can be much shorter than the 2 s outage: the camera
    # kept capturing and replays its last GOP on reconnection, frames from the outage.
    assert closed.end_us < second.start_us, "the segment was closed at the drop"
