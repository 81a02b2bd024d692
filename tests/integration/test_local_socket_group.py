"""``--local-socket-group``: a real server opens its local socket to a group (0660,
owned by that group), as the Debian package's service does for the kiosk user's
vedette-console; without it the socket stays its user's only (0600); an unknown group
stops the server before it starts, naming the group.
"""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.support.bytecode import environment
from tests.support.server_process import init_data_dir, start_server


def a_group_to_give() -> grp.struct_group:
    """A group this process may give a file to other than its own: any for root
    ('nogroup'), else one of its supplementary groups."""
    if os.geteuid() == 0:
        return grp.getgrnam("nogroup")
    others = [gid for gid in os.getgroups() if gid != os.getegid()]
    if not others:
        pytest.skip("this user is in no supplementary group to give the socket to")
    return grp.getgrgid(others[0])


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("socket-group") / "data"
    result = init_data_dir(data, default_volume=False)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def socket_dir() -> Iterator[Path]:
    """Short enough for sun_path (pytest's directories can be too deep)."""
    with tempfile.TemporaryDirectory(prefix="vsg-", dir="/tmp") as directory:
        yield Path(directory)


def serving(socket: Path) -> bool:
    with grpc.insecure_channel(f"unix:{socket}") as channel:
        answer = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=30
        )
    return bool(answer.status == health_pb2.HealthCheckResponse.SERVING)


@pytest.mark.slow
def test_the_socket_is_0660_and_the_groups_with_the_flag_and_0600_without(
    data: Path, socket_dir: Path
) -> None:
    group = a_group_to_give()
    shared, private = socket_dir / "shared.sock", socket_dir / "private.sock"
    servers = []
    try:
        servers.append(
            start_server(
                data, socket_dir / "known.json", "--local-socket", str(shared),
                "--local-socket-group", group.gr_name, "--rtsp-listen", "none",
            )
        )  # fmt: skip
        info = shared.stat()
        assert stat.S_ISSOCK(info.st_mode)
        assert stat.S_IMODE(info.st_mode) == 0o660
        assert info.st_gid == group.gr_gid
        assert serving(shared)
        servers.pop().stop()
        assert not shared.exists()  # removed at close
        servers.append(
            start_server(
                data, socket_dir / "known.json", "--local-socket", str(private),
                "--rtsp-listen", "none",
            )
        )  # fmt: skip
        info = private.stat()
        assert stat.S_IMODE(info.st_mode) == 0o600
        assert info.st_gid == os.getegid()
    finally:
        for server in servers:
            server.stop()


def test_an_unknown_group_stops_the_server_before_it_starts(data: Path, socket_dir: Path) -> None:
    socket = socket_dir / "console.sock"
    done = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
         "--listen", "127.0.0.1:0", "--rtsp-listen", "none", "--local-socket", str(socket),
         "--local-socket-group", "no-such-vedette-group"],
        env=environment(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "--local-socket-group 'no-such-vedette-group': no such group" in done.stderr
    assert not socket.exists()
