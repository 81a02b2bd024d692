"""The server's first API: init, TLS, authentication on every RPC, cameras, volumes."""

from __future__ import annotations

import os
import subprocess
import sys

import grpc
import pytest
from google.protobuf import message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.support.bytecode import with_bytecode_cache
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, wait_for
from tests.support.small_filesystem import small_filesystem
from vedette_api import errors
from vedette_api.client import open_channel
from vedette_api.services import SERVICES
from vedette_api.v1 import cameras_pb2, storage_pb2, system_pb2
from vedette_hw.disk_identity import identify_disk


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1A", "shorter than 8 characters"),
        ("alllowercase", "character classes"),
        ("Password1", "commonly used"),
        ("Admin-2026-x", "contains the user name"),
    ],
)
def test_init_refuses_weak_admin_passwords_with_the_reason(tmp_path, password, reason) -> None:
    result = init_data_dir(tmp_path / "data", password)
    assert result.returncode == 1
    assert reason in result.stderr
    assert not (tmp_path / "data" / "catalog.sqlite3").exists()


def test_init_without_any_password_source_refuses(tmp_path) -> None:
    env = with_bytecode_cache(
        {k: v for k, v in os.environ.items() if k != "VEDETTE_ADMIN_PASSWORD"}
    )
    result = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(tmp_path / "d")],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "no admin password" in result.stderr


def test_a_new_server_records_the_first_camera_added_and_an_appliance_init_adds_no_volume(
    server_factory, camsim_factory, tmp_path
) -> None:
    """First run (issue 12): ``init`` with no option adds and initialises DATA/recordings,
    so a camera added to the new server records at once; ``--no-default-volume`` (an
    appliance, whose disks become volumes) adds none."""
    data = tmp_path / "data"
    env = with_bytecode_cache(dict(os.environ, VEDETTE_ADMIN_PASSWORD=ADMIN_PASSWORD))
    init = [sys.executable, "-m", "vedette_server.cli", "init", "--data"]
    made = subprocess.run([*init, str(data)], env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert f"Cameras record to {data / 'recordings'}" in made.stdout
    camsim = camsim_factory()
    server = server_factory(data=data)
    with server.client() as client:
        (volume,) = client.list_volumes()
        assert volume.path == str(data / "recordings")
        assert volume.state == storage_pb2.VOLUME_STATE_READ_WRITE
        camera = client.create_camera("Porch", camsim.url("cam1", "main"))
        wait_for(lambda: client.get_camera(camera.id).status.recording, 60, "recording")
        wait_for(lambda: list((data / "recordings").rglob("*.vseg")), 30, "a segment file")
    bare = tmp_path / "appliance"
    made = subprocess.run(
        [*init, str(bare), "--no-default-volume"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "No volume yet" in made.stdout and not (bare / "recordings").exists()


def test_insecure_is_refused_off_loopback(tmp_path) -> None:
    assert init_data_dir(tmp_path / "data").returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(tmp_path / "data"),
         "--listen", "0.0.0.0:0", "--insecure"],
        env=with_bytecode_cache(os.environ), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "only allowed on loopback" in result.stderr


#: AuthService calls that need no token and answer only on the local socket.
LOCAL_SOCKET_ONLY = frozenset(
    {
        "GetSetupState",
        "SetUpAdmin",
        "GetRecoveryQuestions",
        "RecoverPassword",
        "AutoLogin",
        "OpenLiveDisplay",
    }
)


def test_every_rpc_without_a_token_is_unauthenticated(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        channel = client.channel  # TLS channel with the pinned certificate, no token
        checked = 0
        for service in SERVICES:
            for method in service.methods:
                if method.full_name == "vedette.v1.AuthService.Login":
                    continue
                request_class = message_factory.GetMessageClass(method.input_type)
                response_class = message_factory.GetMessageClass(method.output_type)
                path = f"/{service.full_name}/{method.name}"
                if method.server_streaming:
                    call = channel.unary_stream(
                        path, request_class.SerializeToString, response_class.FromString
                    )
                    with pytest.raises(grpc.RpcError) as info:
                        list(call(request_class(), timeout=10))
                else:
                    call = channel.unary_unary(
                        path, request_class.SerializeToString, response_class.FromString
                    )
                    with pytest.raises(grpc.RpcError) as info:
                        call(request_class(), timeout=10)
                # The appliance's sign-in calls need no token but only answer on the
                # local socket: over TCP they are refused before anything else.
                expected = (
                    grpc.StatusCode.PERMISSION_DENIED
                    if method.name in LOCAL_SOCKET_ONLY
                    # Single sign-on takes a site token instead of a session; a server
                    # in no site refuses it outright (test_site_sso.py).
                    else grpc.StatusCode.FAILED_PRECONDITION
                    if method.name == "ExchangeSiteToken"
                    else grpc.StatusCode.UNAUTHENTICATED
                )
                assert info.value.code() is expected, path
                checked += 1
        assert checked >= 40
        # A forged token is no better than none.
        forged = channel.unary_unary(
            "/vedette.v1.CameraService/ListCameras",
            cameras_pb2.ListCamerasRequest.SerializeToString,
            cameras_pb2.ListCamerasResponse.FromString,
        )
        with pytest.raises(grpc.RpcError) as info:
            forged(cameras_pb2.ListCamerasRequest(), metadata=[("authorization", "Bearer x" * 5)])
        assert info.value.code() is grpc.StatusCode.UNAUTHENTICATED
        # Health stays open, for load balancers and monitoring.
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        assert health.status == health_pb2.HealthCheckResponse.SERVING


def test_wrong_password_is_refused_and_a_token_dies_with_logout(server_factory) -> None:
    server = server_factory(volume=False)
    with pytest.raises(errors.Unauthenticated):
        server.client(password="Wrong-Password-1")
    client = server.client()
    token = client.metadata
    client.close()  # logs out
    channel, _ = open_channel("127.0.0.1", server.port, known_servers_path=server.known_servers)
    info_call = channel.unary_unary(
        "/vedette.v1.SystemService/GetServerInfo",
        system_pb2.GetServerInfoRequest.SerializeToString,
        system_pb2.GetServerInfoResponse.FromString,
    )
    with pytest.raises(grpc.RpcError) as info:
        info_call(system_pb2.GetServerInfoRequest(), metadata=token, timeout=10)
    assert info.value.code() is grpc.StatusCode.UNAUTHENTICATED
    channel.close()


def test_cameras_crud_never_returns_credentials(server_factory) -> None:
    server = server_factory(volume=False)
    with server.client() as client:
        created = client.create_camera(
            "Door", "rtsp://127.0.0.1:9/door", camera_user="u", camera_password="Secret-99"
        )
        assert created.has_credentials and created.camera_password == ""
        assert created.camera_user == ""
        listed = client.list_cameras()
        assert [c.name for c in listed] == ["Door"]
        assert "Secret-99" not in str(listed)
        with pytest.raises(errors.AlreadyExists):
            client.create_camera("door", "rtsp://127.0.0.1:9/other")
        with pytest.raises(errors.InvalidArgument, match="main_url"):
            client.create_camera("Bad", "http://127.0.0.1/x")
        with pytest.raises(errors.NotFound):
            client.get_camera(999)
        renamed = client.update_camera(created.id, name="Front door")
        assert renamed.name == "Front door" and renamed.has_credentials
        client.delete_camera(created.id)
        assert client.list_cameras() == []
    log = "\n".join(server.lines)
    assert "Secret-99" not in log


def test_volumes_are_initialised_before_use_and_foreign_ones_refused(
    server_factory, tmp_path
) -> None:
    server = server_factory(volume=False)
    disk = tmp_path / "disk"
    disk.mkdir()
    with server.client() as client:
        added = client.add_volume(str(disk))
        assert added.state == storage_pb2.VOLUME_STATE_NONE
        ready = client.initialize_volume(added.id)
        assert ready.state == storage_pb2.VOLUME_STATE_READ_WRITE and ready.capacity_bytes > 0
        with pytest.raises(errors.InvalidArgument):
            client.add_volume("relative/path")
        with pytest.raises(errors.AlreadyExists):
            client.add_volume(str(disk))
    # A second server sees the disk as another server's, and refuses it until forced.
    other = server_factory(volume=False, data=tmp_path / "other-data")
    with other.client() as client:
        foreign = client.add_volume(str(disk))
        assert foreign.state == storage_pb2.VOLUME_STATE_FOREIGN
        with pytest.raises(errors.FailedPrecondition, match="another server"):
            client.initialize_volume(foreign.id)
        taken = client.initialize_volume(foreign.id, force=True)
        assert taken.state == storage_pb2.VOLUME_STATE_READ_WRITE


def test_a_volume_names_its_disk_by_serial_or_file_system_uuid(server_factory, tmp_path) -> None:
    """``Volume.serial``: the disk's serial where the host reports it, else the file
    system's UUID (a loop-mounted ext4 image here, when root), else empty."""
    server = server_factory(volume=False)
    disk = tmp_path / "disk"
    disk.mkdir()
    expected = {str(disk): identify_disk(disk).serial}
    with small_filesystem(tmp_path / "image", 8, ext4_only=True) as image:
        if image is not None:
            expected[str(image)] = identify_disk(image).serial
            assert expected[str(image)], "an ext4 file system has a UUID"
        with server.client() as client:
            for path in expected:
                client.initialize_volume(client.add_volume(path).id)
            found = {v.path: v.serial for v in client.list_volumes()}
    assert found == expected


def test_reflection_lists_every_service_without_a_token(server_factory) -> None:
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
        ProtoReflectionDescriptorDatabase,
    )

    server = server_factory(volume=False)
    with server.client() as client:
        database = ProtoReflectionDescriptorDatabase(client.channel)
        names = set(database.get_services())
        found = database.FindFileContainingSymbol("vedette.v1.AccountService")
    assert {service.full_name for service in SERVICES} | {"grpc.health.v1.Health"} <= names
    assert found.name.endswith("accounts.proto")
