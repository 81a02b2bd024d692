"""A site directory on a real PostgreSQL, and recording servers joining it (issue 19):
a good token, a reused token, a wrong CA hash, heartbeats over mutual TLS that make a
server online with its true camera count, leaving, the site port refusing callers
without a member certificate, the directory going away and coming back, and
PostgreSQL refusing connections at the directory's start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess
from tests.support.postgres import PostgresCluster
from tests.support.server_process import ServerProcess, wait_for
from tests.support.site_directory import (
    ADMIN_PASSWORD,
    DirectoryProcess,
    free_port,
    init_directory,
    join_server,
    start_directory,
)
from vedette_api.client import Client
from vedette_api.errors import Unimplemented
from vedette_api.v1 import site_pb2, site_pb2_grpc
from vedette_server.directory.keys import DIRECTORY_NAME

ONLINE_TIMEOUT_S = 60.0


def site_client(directory: DirectoryProcess, tmp_path: Path) -> Client:
    return Client.connect(
        directory.address,
        username="admin",
        password=ADMIN_PASSWORD,
        known_servers_path=tmp_path / "known-directory.json",
    )


def servers_by_name(directory: DirectoryProcess, tmp_path: Path) -> dict[str, site_pb2.SiteServer]:
    with site_client(directory, tmp_path) as client:
        return {s.name: s for s in client.list_site_servers().servers}


def state_of(directory: DirectoryProcess, tmp_path: Path, name: str) -> int | None:
    server = servers_by_name(directory, tmp_path).get(name)
    return None if server is None else server.state


def test_a_server_joins_with_a_token_and_its_heartbeats_say_what_it_records(
    directory: DirectoryProcess,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    data = tmp_path / "rs1"
    server = server_factory(data=data)  # init + run: a server that was alone
    camsim = camsim_factory()
    with server.client() as client:
        client.create_camera("gate", camsim.url("cam1", "main"))
    server.stop()
    joined = join_server(data, directory, "rs1")
    assert joined.returncode == 0, joined.stderr
    assert "Joined the site 'test-site'" in joined.stdout
    assert os.stat(data / "site" / "client.key").st_mode & 0o777 == 0o600

    server = server_factory(data=data)
    wait_for(
        lambda: state_of(directory, tmp_path, "rs1") == site_pb2.SITE_SERVER_STATE_ONLINE,
        ONLINE_TIMEOUT_S,
        "rs1 online at the directory",
    )
    member = wait_for(
        lambda: (s := servers_by_name(directory, tmp_path)["rs1"]).cameras_recording == 1 and s,
        ONLINE_TIMEOUT_S,
        "rs1 saying it records its one camera",
    )
    assert member.cameras == 1
    assert member.address == server.address
    assert member.version

    # The command line shows the same, as JSON, from the directory.
    listed = subprocess.run(
        [sys.executable, "-m", "vedette_api.cli", "--server", directory.address,
         "--trust-new-certificate", "servers", "list", "--json"],
        env=environment({"VEDETTE_PASSWORD": ADMIN_PASSWORD, "HOME": str(tmp_path),
                         "XDG_CONFIG_HOME": str(tmp_path / "config")}),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    site = json.loads(listed.stdout)
    assert site["site_name"] == "test-site"
    assert [(s["name"], s["state"]) for s in site["servers"]] == [
        ("rs1", "SITE_SERVER_STATE_ONLINE")
    ]

    # A recording server is no directory: the same command says so.
    with server.client() as client, pytest.raises(Unimplemented):
        client.list_site_servers()


def test_a_token_works_once(directory: DirectoryProcess, tmp_path: Path) -> None:
    from tests.support.server_process import init_data_dir

    for name in ("a", "b"):
        assert init_data_dir(tmp_path / name, default_volume=False).returncode == 0
    issued = directory.token()
    first = join_server(
        tmp_path / "a", directory, "a", token=issued["token"], ca_hash=issued["ca_hash"]
    )
    assert first.returncode == 0, first.stderr
    second = join_server(
        tmp_path / "b", directory, "b", token=issued["token"], ca_hash=issued["ca_hash"]
    )
    assert second.returncode == 1
    assert "already used" in second.stderr
    assert not (tmp_path / "b" / "site").exists()
    assert issued["token"] not in second.stderr + second.stdout
    assert sorted(servers_by_name(directory, tmp_path)) == ["a"]


def test_a_wrong_ca_hash_is_refused_before_the_token_is_sent(
    directory: DirectoryProcess, tmp_path: Path
) -> None:
    from tests.support.server_process import init_data_dir

    assert init_data_dir(tmp_path / "rs", default_volume=False).returncode == 0
    issued = directory.token()
    wrong = "sha256:" + "0" * 64
    refused = join_server(tmp_path / "rs", directory, "rs", token=issued["token"], ca_hash=wrong)
    assert refused.returncode == 1
    assert "refusing to join (nothing was sent)" in refused.stderr
    assert not (tmp_path / "rs" / "site").exists()
    # Nothing was sent: the token is still unused, and works with the right hash.
    good = join_server(
        tmp_path / "rs", directory, "rs", token=issued["token"], ca_hash=issued["ca_hash"]
    )
    assert good.returncode == 0, good.stderr


def test_a_taken_name_and_an_expired_token_are_refused_clearly(
    directory: DirectoryProcess, postgres: PostgresCluster, tmp_path: Path
) -> None:
    from tests.support.server_process import init_data_dir

    for name in ("a", "b"):
        assert init_data_dir(tmp_path / name, default_volume=False).returncode == 0
    assert join_server(tmp_path / "a", directory, "cam-room").returncode == 0
    taken = join_server(tmp_path / "b", directory, "cam-room")
    assert taken.returncode == 1
    assert "(ALREADY_EXISTS): server 'cam-room' already exists" in taken.stderr
    bad_name = join_server(tmp_path / "b", directory, "no spaces allowed")
    assert bad_name.returncode == 1
    assert "server name 'no spaces allowed'" in bad_name.stderr
    # An expired token (its expiry moved to the past in the database) is refused
    # and says so; the refused joins above left it unused.
    issued = directory.token()
    database = json.loads((directory.data / "directory.json").read_text())["database"]
    postgres.psql("UPDATE join_token SET expires_us = 0", database.split("@/")[1].split("?")[0])
    expired = join_server(
        tmp_path / "b", directory, "b", token=issued["token"], ca_hash=issued["ca_hash"]
    )
    assert expired.returncode == 1
    assert "this join token has expired" in expired.stderr
    assert not (tmp_path / "b" / "site").exists()


def test_leaving_stops_the_certificate_and_a_new_token_rejoins(
    directory: DirectoryProcess, tmp_path: Path
) -> None:
    from tests.support.server_process import init_data_dir

    data = tmp_path / "rs"
    assert init_data_dir(data, default_volume=False).returncode == 0
    assert join_server(data, directory, "rs").returncode == 0
    old = tmp_path / "old-site"
    shutil.copytree(data / "site", old)
    left = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "leave", "--data", str(data)],
        env=environment({}), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert left.returncode == 0, left.stderr
    assert "Left the site 'test-site'" in left.stdout
    assert not (data / "site").exists()
    assert servers_by_name(directory, tmp_path)["rs"].state == site_pb2.SITE_SERVER_STATE_LEFT

    # The certificate of the server that left opens no door.
    assert heartbeat_with(old, directory) is grpc.StatusCode.UNAUTHENTICATED
    # Re-joining takes a new token; the old certificate stays refused.
    assert join_server(data, directory, "rs").returncode == 0
    assert heartbeat_with(data / "site", directory) is grpc.StatusCode.OK
    assert heartbeat_with(old, directory) is grpc.StatusCode.UNAUTHENTICATED
    assert servers_by_name(directory, tmp_path)["rs"].state == site_pb2.SITE_SERVER_STATE_ONLINE


def heartbeat_with(site_folder: Path, directory: DirectoryProcess) -> grpc.StatusCode:
    credentials = grpc.ssl_channel_credentials(
        (site_folder / "ca.crt").read_bytes(),
        (site_folder / "client.key").read_bytes(),
        (site_folder / "client.crt").read_bytes(),
    )
    options = [("grpc.ssl_target_name_override", DIRECTORY_NAME)]
    address = f"127.0.0.1:{directory.site_port}"
    with grpc.secure_channel(address, credentials, options=options) as channel:
        try:
            site_pb2_grpc.SiteSyncServiceStub(channel).Heartbeat(
                site_pb2.HeartbeatRequest(address="x"), timeout=30
            )
        except grpc.RpcError as exc:
            assert isinstance(exc, grpc.Call)
            return exc.code()
    return grpc.StatusCode.OK


def test_the_site_port_refuses_callers_without_a_member_certificate(
    directory: DirectoryProcess, tmp_path: Path
) -> None:
    ca = (directory.data / "site-ca.pem").read_bytes()
    options = [("grpc.ssl_target_name_override", DIRECTORY_NAME)]
    address = f"127.0.0.1:{directory.site_port}"
    credentials = grpc.ssl_channel_credentials(ca)
    with (
        grpc.secure_channel(address, credentials, options=options) as channel,
        pytest.raises(grpc.RpcError) as refused,
    ):
        site_pb2_grpc.SiteSyncServiceStub(channel).Heartbeat(
            site_pb2.HeartbeatRequest(), timeout=30
        )
    assert refused.value.code() is grpc.StatusCode.UNAVAILABLE  # the handshake fails


def test_a_server_comes_back_online_when_the_directory_returns(
    postgres: PostgresCluster,
    tmp_path: Path,
    server_factory: Callable[..., ServerProcess],
) -> None:
    folder = tmp_path / "directory"
    assert init_directory(folder, postgres.new_database()).returncode == 0
    port, site_port = free_port(), free_port()
    directory = start_directory(folder, port=port, site_port=site_port)
    try:
        data = tmp_path / "rs"
        from tests.support.server_process import init_data_dir

        assert init_data_dir(data).returncode == 0
        assert join_server(data, directory, "rs").returncode == 0
        server = server_factory(data=data)
        online = site_pb2.SITE_SERVER_STATE_ONLINE
        wait_for(lambda: state_of(directory, tmp_path, "rs") == online, ONLINE_TIMEOUT_S, "online")
        directory.kill()
        # The server does not depend on its directory: it goes on serving.
        with server.client() as client:
            assert client.list_volumes()
        wait_for(
            lambda: any("does not answer" in line for line in server.lines),
            ONLINE_TIMEOUT_S,
            "the server noticing its directory is gone",
        )
        directory = start_directory(folder, port=port, site_port=site_port)
        wait_for(lambda: state_of(directory, tmp_path, "rs") == online, ONLINE_TIMEOUT_S, "back")
        assert server.process.poll() is None
    finally:
        directory.stop()


def test_postgresql_refusing_connections_is_a_clear_error_at_start(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    missing = tmp_path / "no-postgres-here"
    missing.mkdir()
    result = init_directory(tmp_path / "d1", f"postgresql://vedette@/x?host={missing}")
    assert result.returncode == 1
    assert "cannot reach PostgreSQL" in result.stderr
    assert not (tmp_path / "d1").exists()
    # A directory whose database went away says so and exits, instead of serving.
    folder = tmp_path / "d2"
    assert init_directory(folder, postgres.new_database()).returncode == 0
    config = json.loads((folder / "directory.json").read_text())
    config["database"] = f"postgresql://vedette@/x?host={missing}"
    (folder / "directory.json").write_text(json.dumps(config))
    run = subprocess.run(
        [sys.executable, "-m", "vedette_server.directory.cli", "run", "--data", str(folder),
         "--listen", "127.0.0.1:0"],
        env=environment({}), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert "cannot reach PostgreSQL" in run.stderr
    assert "Traceback" not in run.stderr


def vedette_cli(directory: DirectoryProcess, tmp_path: Path, *args: str, **env: str) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "vedette_api.cli", "--server", directory.address,
         "--trust-new-certificate", *args],
        env=environment({"VEDETTE_PASSWORD": ADMIN_PASSWORD, "HOME": str(tmp_path),
                         "XDG_CONFIG_HOME": str(tmp_path / "config"), **env}),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_site_users_are_managed_from_the_command_line(
    directory: DirectoryProcess, tmp_path: Path
) -> None:
    added = vedette_cli(
        directory, tmp_path, "site-users", "add", "dave", "--role", "operator",
        VEDETTE_NEW_PASSWORD="Night-Shift-2026!",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "added site user dave (operator)" in added.stdout
    changed = vedette_cli(directory, tmp_path, "site-users", "set", "dave", "--disable")
    assert changed.returncode == 0, changed.stderr
    assert "site user dave: operator, disabled" in changed.stdout
    listed = vedette_cli(directory, tmp_path, "site-users", "list", "--json")
    users = {u["name"]: u for u in json.loads(listed.stdout)["users"]}
    assert users["dave"]["role"] == "SITE_ROLE_OPERATOR" and users["dave"]["enabled"] is False
    assert users["admin"]["role"] == "SITE_ROLE_ADMINISTRATOR"
    weak = vedette_cli(
        directory, tmp_path, "site-users", "add", "erin", "--role", "viewer",
        VEDETTE_NEW_PASSWORD="short",
    )  # fmt: skip
    assert weak.returncode == 1 and "password refused" in weak.stderr
    refused = vedette_cli(directory, tmp_path, "site-users", "delete", "admin")
    assert refused.returncode == 1 and "cannot be deleted" in refused.stderr
    assert vedette_cli(directory, tmp_path, "site-users", "delete", "dave").returncode == 0
