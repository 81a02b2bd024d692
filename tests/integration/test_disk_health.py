"""Disk health in a real server (DISK-04): ``ListVolumes`` gives each volume's
S.M.A.R.T. verdict as the real smartctl reads it, with the words of why there is
none (a volume on a loop-mounted image or a tmpfs), as the console's Storage page
words it; with smartctl missing from the server's PATH every reading says so, and
the server still records."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import start_camsim
from tests.support.server_process import (
    ServerProcess,
    init_data_dir,
    running_server,
    start_server,
    wait_for,
)
from tests.support.small_filesystem import small_filesystem
from vedette_api.client import Client
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import storage_pb2, system_pb2
from vedette_console.log_words import log_text
from vedette_console.settings.storage import health_detail, health_text
from vedette_hw.smart import smart_device

pytestmark = pytest.mark.slow

UNAVAILABLE = storage_pb2.DISK_HEALTH_STATUS_UNAVAILABLE
VERDICTS = {
    storage_pb2.DISK_HEALTH_STATUS_PASSED,
    storage_pb2.DISK_HEALTH_STATUS_FAILING,
    UNAVAILABLE,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    if shutil.which("smartctl") is None:
        pytest.skip("smartctl not installed: make setup installs smartmontools")
    with running_server(tmp_path_factory.mktemp("disk-health")) as process:
        yield process


def health_of(client: Client, path: Path) -> storage_pb2.DiskHealth | None:
    """The volume at ``path``'s health once read (None before)."""
    for volume in client.list_volumes():
        if volume.path == str(path) and volume.HasField("health"):
            return volume.health
    return None


def test_the_default_volume_has_a_verdict_with_its_time(server: ServerProcess) -> None:
    client = server.client()
    root = server.data / "recordings"
    health = wait_for(lambda: health_of(client, root), 60, "the default volume's health")
    assert health.status in VERDICTS
    assert health.check_time.seconds > 0
    device, why = smart_device(root)
    if device is None:
        assert (health.status, health.message) == (UNAVAILABLE, why)
    else:
        assert health.device == device
    if health.status != storage_pb2.DISK_HEALTH_STATUS_PASSED:
        assert health.message  # never a verdict without its reason
    client.close()


@pytest.mark.parametrize("kind", ["loop", "tmpfs"])
def test_a_volume_on_no_physical_disk_says_why(
    server: ServerProcess, tmp_path: Path, kind: str
) -> None:
    with small_filesystem(tmp_path, 16, ext4_only=kind == "loop") as mount:
        if mount is None:
            pytest.skip(f"cannot mount a {kind} file system here (needs root)")
        found = subprocess.run(
            ["findmnt", "-no", "FSTYPE", "-T", str(mount)], capture_output=True, text=True
        ).stdout.strip()
        if kind == "tmpfs" and found != "tmpfs":
            pytest.skip(f"no tmpfs could be mounted here ({found} instead)")
        client = server.client()
        volume = client.add_volume(str(mount))
        try:
            health = wait_for(lambda: health_of(client, mount), 60, f"the {kind} volume's health")
            expected = {
                "loop": "a loop device has no S.M.A.R.T. data",
                "tmpfs": "a tmpfs file system has no disk under it: no S.M.A.R.T. data",
            }[kind]
            assert (health.status, health.message, health.device) == (UNAVAILABLE, expected, "")
            assert not health.HasField("temperature_celsius")
            # What the console's Storage page shows of it: the cell and its tooltip.
            (shown,) = [v for v in client.list_volumes() if v.id == volume.id]
            assert health_text(shown) == "Unavailable"
            checked = us_from_timestamp(health.check_time)
            lines = health_detail(shown, lambda us: f"at {us}").splitlines()
            assert lines == [expected, f"Checked: at {checked}"]
        finally:
            client.remove_volume(volume.id)
            client.close()


def entry_volume(entry: system_pb2.LogEntry) -> int:
    return int(json.loads(entry.detail_json)["volume_id"])


def path_without_smartctl() -> str:
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    return os.pathsep.join(d for d in kept if not (Path(d) / "smartctl").exists())


def test_smartctl_missing_is_said_and_the_server_keeps_recording(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = init_data_dir(data)
    assert result.returncode == 0, result.stderr
    device, why = smart_device(data / "recordings")
    if device is None:
        pytest.skip(f"the data directory is on no disk here: {why}")
    process = start_server(
        data, tmp_path / "known.json", "--segment-seconds", "2",
        env={"PATH": path_without_smartctl()},
    )  # fmt: skip
    camsim = start_camsim(*SMALL)
    try:
        client = process.client()
        health = wait_for(lambda: health_of(client, data / "recordings"), 60, "the volume's health")
        assert (health.status, health.device) == (UNAVAILABLE, device)
        assert health.message == "smartctl is not installed (not on the server's PATH)"
        camera = client.create_camera("gate", camsim.url("cam1", "main"))
        wait_for(
            lambda: client.get_camera(camera.id).status.main.segment_count >= 2,
            120,
            "segments recorded",
        )
        said = client.search_logs(text="S.M.A.R.T.")
        (entry,) = [e for e in said if e.action.startswith("disk.")]
        assert entry.action == "disk.unavailable"
        assert json.loads(entry.detail_json)["health"] == "unavailable"
        assert log_text(entry) == (
            f"Volume {entry_volume(entry)} ({data / 'recordings'}): no S.M.A.R.T. data: "
            "smartctl is not installed (not on the server's PATH)."
        )
        assert process.process.poll() is None
        client.close()
    finally:
        camsim.stop()
        assert process.stop() == 0
