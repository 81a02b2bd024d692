"""Cold-standby failover in a site (issue 19): a recording server killed, its camera
recorded by the standby; custody says who recorded when; the failed server coming
back is fenced (it stops recording the camera, keeping its recordings); an
operator's failback gives the camera back."""

from __future__ import annotations

import itertools
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, init_data_dir, wait_for
from tests.support.site_directory import ADMIN_PASSWORD, DirectoryProcess, join_server
from vedette_api.client import Client, SiteSession
from vedette_api.errors import InvalidArgument, NotFound
from vedette_api.v1 import cameras_pb2, site_pb2

#: Failover is 5 s to be called down, then about 1 s each for the coordinator and the
#: standby's heartbeat, then the camera's connection: generous bounds for a loaded CI.
TIMEOUT_S = 90.0


def camera_named(client: Client, name: str) -> cameras_pb2.Camera | None:
    return next((c for c in client.list_cameras() if c.name == name), None)


def recorded_s(client: Client, camera_id: int, since_us: int) -> float:
    timelines = client.get_timeline([camera_id], since_us, time.time_ns() // 1000 + 60_000_000)
    return sum(
        (r.end_time.ToMicroseconds() - r.start_time.ToMicroseconds()) / 1e6
        for t in timelines
        for r in t.runs
    )


def recording_here(server: ServerProcess, name: str, since_us: int) -> bool:
    with server.client() as client:
        camera = camera_named(client, name)
        return camera is not None and camera.enabled and recorded_s(client, camera.id, since_us) > 1


def disabled_here(server: ServerProcess, name: str) -> bool:
    with server.client() as client:
        camera = camera_named(client, name)
        return camera is not None and not camera.enabled


def test_a_standby_takes_over_a_killed_servers_camera_and_failback_returns_it(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    for name in ("rs1", "rs2"):
        assert init_data_dir(tmp_path / name).returncode == 0
    assert join_server(tmp_path / "rs1", directory, "rs1").returncode == 0
    joined = join_server(tmp_path / "rs2", directory, "rs2", standby=True)
    assert joined.returncode == 0, joined.stderr
    rs1 = server_factory(data=tmp_path / "rs1")
    rs2 = server_factory(data=tmp_path / "rs2")
    camsim = camsim_factory()
    started_us = time.time_ns() // 1000
    site = Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "known-directory.json",
    )  # fmt: skip
    camera = site.create_camera("gate", camsim.url("cam1", "main"), recording_server="rs1")
    wait_for(lambda: recording_here(rs1, "gate", started_us), TIMEOUT_S, "rs1 recording gate")
    assert camera_named(rs2.client(), "gate") is None  # a standby records nothing of its own

    rs1.kill()
    killed_us = time.time_ns() // 1000
    wait_for(lambda: recording_here(rs2, "gate", killed_us), TIMEOUT_S, "rs2 recording gate")
    assert site.get_camera(camera.id).recording_server == "rs2"
    custody = site.get_custody(camera.id).intervals
    assert [(c.server, c.reason) for c in custody] == [("rs1", "added"), ("rs2", "failover")]
    assert custody[0].end_time.ToMicroseconds() >= killed_us
    raised = [a for a in site.list_site_alarms() if a.server == "directory"]
    assert [a.title for a in raised] == [
        "recording server rs1 is down: 1 camera(s) failed over to rs2"
    ]

    # rs1 comes back: it records the camera from its catalog until its first
    # heartbeat, which tells it the camera is rs2's now; it stops and keeps its video.
    rs1 = server_factory(data=tmp_path / "rs1")
    wait_for(lambda: disabled_here(rs1, "gate"), TIMEOUT_S, "rs1 fenced")
    with rs1.client() as client:
        local = camera_named(client, "gate")
        assert local is not None and recorded_s(client, local.id, started_us) > 1

    # The operator gives it back.
    assert site.failback("rs1") == 1
    back_us = time.time_ns() // 1000
    wait_for(lambda: recording_here(rs1, "gate", back_us), TIMEOUT_S, "rs1 recording gate again")
    wait_for(lambda: disabled_here(rs2, "gate"), TIMEOUT_S, "rs2 released gate")
    custody = site.get_custody(camera.id).intervals
    assert [(c.server, c.reason) for c in custody] == [
        ("rs1", "added"),
        ("rs2", "failover"),
        ("rs1", "failback"),
    ]
    assert not custody[-1].HasField("end_time")
    # The same custody by the camera's site id (what a member server's camera shows).
    by_site_id = site.get_custody(camera.site_camera_id)
    assert by_site_id.site_camera_id == camera.site_camera_id
    assert list(by_site_id.intervals) == list(custody)
    with pytest.raises(NotFound, match="not found"):
        site.get_custody("no-such-site-camera")
    both = site_pb2.GetCustodyRequest(camera_id=camera.id, site_camera_id=camera.site_camera_id)
    with pytest.raises(InvalidArgument, match="not both"):
        site._call(site._site.GetCustody, both)

    # The merged timeline asks each server for its part of the camera's history.
    with SiteSession(site, known_servers_path=rs1.known_servers) as across:
        merged = across.camera_timeline(camera.id, started_us, time.time_ns() // 1000)
    assert merged.unreachable == {}
    order = [run.server for run in merged.runs]
    assert [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s] == ["rs1", "rs2", "rs1"]
    for earlier, later in itertools.pairwise(merged.runs):
        assert earlier.end_us <= later.start_us  # no stretch counted twice
    site.close()


def test_a_server_that_hangs_is_failed_over_and_fenced_when_it_wakes(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    """A partition: the server stops (SIGSTOP) with its sockets open; the directory
    hears nothing and fails it over; woken (SIGCONT), its first heartbeat fences it."""
    for name in ("rs1", "rs2"):
        assert init_data_dir(tmp_path / name).returncode == 0
    assert join_server(tmp_path / "rs1", directory, "rs1").returncode == 0
    assert join_server(tmp_path / "rs2", directory, "rs2", standby=True).returncode == 0
    rs1 = server_factory(data=tmp_path / "rs1")
    rs2 = server_factory(data=tmp_path / "rs2")
    camsim = camsim_factory()
    started_us = time.time_ns() // 1000
    with Client.connect(
        directory.address, username="admin", password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "known-directory.json",
    ) as site:  # fmt: skip
        site.create_camera("yard", camsim.url("cam1", "main"), recording_server="rs1")
        wait_for(lambda: recording_here(rs1, "yard", started_us), TIMEOUT_S, "rs1 recording")
        rs1.process.send_signal(signal.SIGSTOP)
        try:
            stopped_us = time.time_ns() // 1000
            wait_for(lambda: recording_here(rs2, "yard", stopped_us), TIMEOUT_S, "rs2 recording")
        finally:
            rs1.process.send_signal(signal.SIGCONT)
        wait_for(lambda: disabled_here(rs1, "yard"), TIMEOUT_S, "rs1 fenced once awake")
        assert recording_here(rs2, "yard", stopped_us)
