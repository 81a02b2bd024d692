"""Cameras of a site (issue 19): added at the directory with the member server that
records them (``vedette cameras add … --recording-server NAME``), recorded there,
listed at the directory with their server, owned by the directory (the server refuses
to rename or delete them), and, once removed at the directory, stopped on the server
with their recordings kept."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, init_data_dir, wait_for
from tests.support.site_directory import (
    ADMIN_PASSWORD,
    DirectoryProcess,
    join_server,
    start_directory,
)
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_api.v1 import cameras_pb2

TIMEOUT_S = 90.0


def directory_cli(directory: DirectoryProcess, tmp_path: Path, *args: str) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "vedette_api.cli", "--server", directory.address,
         "--trust-new-certificate", *args],
        env=environment({"VEDETTE_PASSWORD": ADMIN_PASSWORD, "HOME": str(tmp_path),
                         "XDG_CONFIG_HOME": str(tmp_path / "config")}),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def camera_named(client: Client, name: str) -> cameras_pb2.Camera | None:
    return next((c for c in client.list_cameras() if c.name == name), None)


def recorded_s(client: Client, camera_id: int, since_us: int) -> float:
    timelines = client.get_timeline([camera_id], since_us, time.time_ns() // 1000 + 60_000_000)
    return sum(
        (r.end_time.ToMicroseconds() - r.start_time.ToMicroseconds()) / 1e6
        for t in timelines
        for r in t.runs
    )


def test_a_camera_added_at_the_directory_is_recorded_by_its_server(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    restarted: list[DirectoryProcess] = []
    try:
        recorded_by_its_server(directory, tmp_path, server_factory, camsim_factory, restarted)
    finally:
        for process in restarted:
            process.stop()


def recorded_by_its_server(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    restarted: list[DirectoryProcess],
) -> None:
    data = tmp_path / "rs1"
    assert init_data_dir(data).returncode == 0
    assert join_server(data, directory, "rs1").returncode == 0
    server = server_factory(data=data)
    # A camera that wants a password: the directory's sealed credentials must reach
    # the server for it to record.
    camsim = camsim_factory("--user", "viewer", "--password", "Cam-Secret-2026")
    started_us = time.time_ns() // 1000

    unknown = directory_cli(
        directory, tmp_path, "cameras", "add", "--name", "gate", "--main",
        camsim.url("cam1", "main", auth=False), "--recording-server", "rs9",
    )  # fmt: skip
    assert unknown.returncode == 1
    assert "no member server is named 'rs9' (members: rs1)" in unknown.stderr
    added = directory_cli(
        directory, tmp_path, "cameras", "add", "--name", "gate", "--main",
        camsim.url("cam1", "main", auth=False), "--recording-server", "rs1",
        "--cam-user", "viewer", "--cam-password", "Cam-Secret-2026",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "recorded by rs1" in added.stdout

    listed = directory_cli(directory, tmp_path, "cameras", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [at_directory] = json.loads(listed.stdout)
    assert at_directory["recording_server"] == "rs1"
    assert len(at_directory["site_camera_id"]) == 36

    with server.client() as client:
        camera = wait_for(lambda: camera_named(client, "gate"), TIMEOUT_S, "gate on rs1")
        wait_for(
            lambda: recorded_s(client, camera.id, started_us) >= 2,
            TIMEOUT_S,
            "rs1 recording gate",
        )
        # The directory owns the camera: the server refuses to rename or delete it,
        # and refuses cameras that say they belong to a site.
        with pytest.raises(FailedPrecondition) as refused:
            client.update_camera(camera.id, name="renamed")
        assert refused.value.reason == "SITE_CAMERA"
        with pytest.raises(FailedPrecondition):
            client.delete_camera(camera.id)
        with pytest.raises(InvalidArgument):
            client.create_camera("other", camsim.url("cam1"), recording_server="rs1")

        # The directory going away changes nothing for recording: the camera's
        # recording goes on, without a gap, while it is down.
        directory.kill()
        outage_us = time.time_ns() // 1000
        before = recorded_s(client, camera.id, started_us)
        wait_for(
            lambda: recorded_s(client, camera.id, started_us) >= before + 5,
            TIMEOUT_S,
            "gate still recording with the directory down",
        )
        [line] = client.get_timeline([camera.id], outage_us, time.time_ns() // 1000)
        assert len(line.runs) == 1, "a gap in the recording while the directory was down"
        directory = start_directory(
            directory.data, port=directory.port, site_port=directory.site_port
        )
        restarted.append(directory)

        # Removed at the directory: the server stops recording it and keeps its video.
        removed = directory_cli(directory, tmp_path, "cameras", "rm", "gate")
        assert removed.returncode == 0, removed.stderr
        wait_for(
            lambda: not client.get_camera(camera.id).enabled, TIMEOUT_S, "gate disabled on rs1"
        )
        assert recorded_s(client, camera.id, started_us) >= 2
        client.delete_camera(camera.id)  # no longer the site's: the server's to delete
