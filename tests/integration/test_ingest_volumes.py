"""Volumes that fill up or vanish while recording: the stream moves on, nothing is lost.

Real file systems: small tmpfs mounts (needs root; skipped otherwise)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.ingest_harness import IngestHarness, camera_config, make_volume
from tests.support.camsim_process import CamsimProcess
from vedette_api.media.segment_reader import scan_segment
from vedette_server.ingest import SegmentOpened, StreamState, VolumeError, VolumeTarget

TmpfsFactory = Callable[[str, str], Path]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[TmpfsFactory]:
    """Mount small tmpfs file systems (``tmpfs(name, size)``); unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount tmpfs: {result.stderr.strip()}")
        mounted.append(path)
        return path

    yield mount
    for path in mounted:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(root: Path, size_bytes: int) -> None:
    (root / "filler").write_bytes(b"\xff" * size_bytes)


def test_full_volume_moves_recording_to_the_next_then_reports_none_left(
    camsim_factory: Callable[..., CamsimProcess], tmpfs: TmpfsFactory
) -> None:
    camsim = camsim_factory()
    first, second = tmpfs("a", "1m"), tmpfs("b", "1m")
    fill(first, 300_000)
    fill(second, 600_000)  # less free space: chosen second
    volumes = [make_volume(first, 1), make_volume(second, 2)]
    with IngestHarness() as ingest:
        url = camsim.url
        ingest.set_cameras(
            [camera_config(1, url("cam1", "main"), url("cam1", "sub"), volumes, segment_seconds=60)]
        )
        ingest.wait_for(
            "no volume left",
            lambda: [h for h in ingest.health(1, "main") if h.storage_message],
            timeout_s=30,
        )
        health = ingest.health(1, "main")[-1]
    errors = ingest.of(VolumeError)
    assert [(e.volume_id, e.errno) for e in errors][:1] == [(1, errno.ENOSPC)]
    assert {e.volume_id for e in errors} == {1, 2}
    opened = sorted(ingest.of(SegmentOpened), key=lambda m: m.start_us)
    assert [m.volume_id for m in opened if m.stream == "main"][:2] == [1, 2]
    assert health.storage_message == "no writable volume" and not health.recording
    assert health.state == StreamState.ONLINE, "the camera stays connected"
    roots = {1: first, 2: second}
    for message in ingest.closed(1, "main") + ingest.closed(1, "sub"):
        scan = scan_segment(roots[message.volume_id] / message.relpath)
        assert scan.clean and scan.frames == message.frames > 0, "what was written is kept"


def test_volume_that_disappears_is_left_for_another_at_the_next_segment(
    camsim_factory: Callable[..., CamsimProcess], tmpfs: TmpfsFactory
) -> None:
    camsim = camsim_factory("--sub", "none")
    first, second = tmpfs("a", "64m"), tmpfs("b", "32m")
    volumes = [make_volume(first, 1), make_volume(second, 2)]
    with IngestHarness() as ingest:
        ingest.set_cameras(
            [camera_config(1, camsim.url("cam1", "main"), None, volumes, segment_seconds=2)]
        )
        ingest.wait_for("recording on volume 1", lambda: ingest.opened(1, "main"))
        assert ingest.opened(1, "main")[0].volume_id == 1
        subprocess.run(["umount", "-l", str(first)], check=True)  # the disk is pulled
        moved = ingest.wait_for(
            "a segment on volume 2",
            lambda: [m for m in ingest.opened(1, "main") if m.volume_id == 2],
        )
    (error,) = [e for e in ingest.of(VolumeError) if e.volume_id == 1][:1]
    assert error.errno == errno.ENOENT and "not mounted" in error.reason
    before = [m for m in ingest.closed(1, "main") if m.volume_id == 1]
    assert moved[0].start_us - max(m.end_us for m in before) < 100_000, "no gap"


def test_camera_without_a_writable_volume_records_once_given_one(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path
) -> None:
    camsim = camsim_factory("--sub", "none")
    missing = tmp_path / "not-initialised"
    missing.mkdir()
    with IngestHarness() as ingest:
        supervisor = ingest.supervisor
        assert supervisor is not None
        url = camsim.url("cam1", "main")
        # A directory without <root>/vedette: not initialised, or its disk not mounted.
        ingest.set_cameras([camera_config(1, url, None, [VolumeTarget(1, str(missing))])])
        ingest.wait_for(
            "no writable volume",
            lambda: [h for h in ingest.health(1, "main") if h.storage_message],
        )
        good = make_volume(tmp_path / "good", 2)
        ingest.on_loop(lambda: supervisor.set_volumes(1, [good]))
        opened = ingest.wait_for("recording on the new volume", lambda: ingest.opened(1, "main"))
        ingest.wait_for(
            "health says recording", lambda: [h for h in ingest.health(1, "main") if h.recording]
        )
    assert opened[0].volume_id == 2
    assert ingest.health(1, "main")[-1].storage_message == ""
