"""One stream's files fail to write, the volume does not (issue 18 §2): real EIO from
the power-cut file system (tests/support/powercut_fs.py) on one camera's recordings
only, under a real server recording two camsim cameras on one volume.

The volume takes the worker's test write, so it stays in use: the other camera
records on without a hole, the volume's state stays read-write, the system log has
the write error as an exception and the alarm engine an instant disk error; once
the files can be written again the failing camera records again by itself. Before,
one stream's EIO marked the whole volume unavailable and every camera on it lost
seconds until the volume was probed again."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_alarm_engine import alarms_of
from tests.integration.test_disk_faults import READ_WRITE, holes, recorded_s, runs, volume
from tests.support.camsim_process import start_camsim
from tests.support.powercut_fs import PowerCutMount, powercut_mount_or_skip
from tests.support.server_process import init_data_dir, start_server, wait_for

S = 1_000_000
MAX_HOLE_US = S // 2


@pytest.fixture
def fs(tmp_path: Path) -> Iterator[PowerCutMount]:
    with powercut_mount_or_skip(tmp_path) as mount:
        yield mount


def test_one_cameras_write_errors_leave_the_volume_and_the_other_camera_recording(
    fs: PowerCutMount, tmp_path: Path
) -> None:
    camsim = start_camsim("--main", "320x180", "--main-kbps", "200", cameras=2)
    data = fs.mountpoint / "data"
    server = None
    try:
        assert init_data_dir(data).returncode == 0
        server = start_server(data, tmp_path / "known_servers.json", "--segment-seconds", "3")
        with server.client() as client:
            failing, other = (
                client.create_camera(name, camsim.url(name, "main"), record_audio=False).id
                for name in ("cam1", "cam2")
            )
            (vol,) = [v.id for v in client.list_volumes()]
            for camera in (failing, other):
                wait_for(lambda c=camera: recorded_s(client, c) > 4, 90, "both recording")
            fs.fail(f"data/recordings/vedette/{failing}/main/*", errno.EIO, ["write"])
            wait_for(
                lambda: any(e.action == "volume.write_error" for e in client.search_logs()),
                90,
                "the write error in the system log",
            )
            (entry,) = [e for e in client.search_logs() if e.action == "volume.write_error"]
            assert entry.camera_id == failing and "Input/output error" in entry.message
            assert "stays in use" in entry.message
            key = f"exc:disk_error:{vol}:{failing}:main"
            wait_for(lambda: alarms_of(client, key), 60, "an instant disk error alarm")
            before = recorded_s(client, other)
            wait_for(lambda: recorded_s(client, other) > before + 8, 90, "the other recording on")
            assert volume(client, vol).state == READ_WRITE
            assert not alarms_of(client, f"exc:disk_error:{vol}"), "the volume did not fail"
            stuck = runs(client, failing)[-1][1]
            fs.clear_faults()
            wait_for(lambda: runs(client, failing)[-1][1] > stuck + 4 * S, 90, "recording again")
            assert all(h <= MAX_HOLE_US for h in holes(runs(client, other))), runs(client, other)
            assert volume(client, vol).state == READ_WRITE
            assert [e.action for e in client.search_logs()].count("volume.write_error") == 1
            assert not [e for e in client.search_logs() if e.action == "volume.unavailable"]
        assert server.stop() == 0
    finally:
        if server is not None:
            server.stop()
        camsim.stop()
