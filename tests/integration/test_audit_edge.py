"""The audit log and the API edge against a hostile client (issue 11): changes that
skip the log, log flooding by a user with no rights, camera passwords in refused
URLs, malformed protobuf, and megabyte values echoed in errors.

Requests go through raw stubs and raw channels, as an attacker's would, to a real
server: in this process (its log records are captured) or, for the flood, a server
process whose memory is measured.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
    export_pb2,
    export_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

NOBODY_PASSWORD = "No-Rights-At-All-7"
CAMERA_SECRET = "Cam-Pa55word-Secret"


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def _bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def _refusal(call: Callable[..., Any], *args: Any, **kwargs: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, timeout=60, **kwargs)
    return caught.value


def _logs(channel: grpc.Channel, token: str, text: str = "") -> list[Any]:
    """The newest 500 entries whose text holds ``text``."""
    stub = system_pb2_grpc.SystemServiceStub(channel)
    request = system_pb2.SearchLogsRequest(text=text, page_size=500)
    return list(stub.SearchLogs(request, metadata=_bearer(token), timeout=60).entries)


def _catalog_bytes(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data.glob("catalog.sqlite3*") if p.is_file())


def test_out_of_range_well_known_values_are_refused_before_anything_changes(
    inproc: InProcessServer,
) -> None:
    token = inproc.login()
    with inproc.channel() as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        cameras = cameras_pb2_grpc.CameraServiceStub(channel)
        camera = cameras.CreateCamera(
            cameras_pb2.CreateCameraRequest(
                camera=cameras_pb2.Camera(name="Door", main_url="rtsp://127.0.0.1:9/door")
            ),
            metadata=_bearer(token),
            timeout=60,
        ).camera
        # A field the server ignores, holding a Timestamp json_format cannot print: the
        # probe made an administrator this way, with no log entry.
        user = accounts_pb2.User(name="intruder", password="Xq7-Unrelated-Pass!", group_id=1)
        user.create_time.seconds = -(2**62)
        refused = _refusal(
            accounts.CreateUser, accounts_pb2.CreateUserRequest(user=user), metadata=_bearer(token)
        )
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert "user.create_time" in (refused.details() or "")
        changed = cameras_pb2.Camera(id=camera.id, main_url="rtsp://127.0.0.1:9/other")
        changed.update_time.nanos = -1
        refused = _refusal(
            cameras.UpdateCamera,
            cameras_pb2.UpdateCameraRequest(camera=changed, update_mask={"paths": ["main_url"]}),
            metadata=_bearer(token),
        )
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        # An invalid FieldMask, and a Duration out of range deep in a request.
        refused = _refusal(
            cameras.UpdateCamera,
            cameras_pb2.UpdateCameraRequest(
                camera=cameras_pb2.Camera(id=camera.id, main_url="rtsp://127.0.0.1:9/other"),
                update_mask={"paths": ["Main_URL"]},
            ),
            metadata=_bearer(token),
        )
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        exports = export_pb2_grpc.ExportServiceStub(channel)
        export = export_pb2.CreateExportTaskRequest(tag_id=1)
        export.margin.seconds = 10**15
        refused = _refusal(exports.CreateExportTask, export, metadata=_bearer(token))
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        item = export_pb2.ExportItem(camera_id=camera.id)
        item.end_time.seconds = 2**40
        export = export_pb2.CreateExportTaskRequest(items=[export_pb2.ExportItem(), item])
        refused = _refusal(exports.CreateExportTask, export, metadata=_bearer(token))
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert "items[1].end_time" in (refused.details() or "")
        users = accounts.ListUsers(accounts_pb2.ListUsersRequest(), metadata=_bearer(token))
        assert "intruder" not in {u.name for u in users.users}
        got = cameras.GetCamera(
            cameras_pb2.GetCameraRequest(camera_id=camera.id), metadata=_bearer(token)
        )
        assert got.camera.main_url == "rtsp://127.0.0.1:9/door"
        # What is accepted is audited.
        user.ClearField("create_time")
        user.name = "guard"
        accounts.CreateUser(
            accounts_pb2.CreateUserRequest(user=user), metadata=_bearer(token), timeout=60
        )
        logged = wait_for(
            lambda: [e for e in _logs(channel, token, "user.create") if e.outcome == "ok"],
            60,
            "the user.create entry",
        )
        assert "guard" in logged[0].detail_json


def test_a_camera_password_in_a_refused_url_never_reaches_the_log(
    inproc: InProcessServer, tmp_path: Path
) -> None:
    token = inproc.login()
    url = f"rtsp://cam-admin:{CAMERA_SECRET}@10.1.2.3:554/stream1"
    with inproc.channel() as channel:
        cameras = cameras_pb2_grpc.CameraServiceStub(channel)
        refused = _refusal(
            cameras.CreateCamera,
            cameras_pb2.CreateCameraRequest(camera=cameras_pb2.Camera(name="Gate", main_url=url)),
            metadata=_bearer(token),
        )
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert CAMERA_SECRET not in (refused.details() or "")
        entries = wait_for(
            lambda: [e for e in _logs(channel, token, "camera.create") if e.outcome != "ok"],
            60,
            "the refused camera.create entry",
        )
        everything = repr(_logs(channel, token))
    assert "rtsp://***@10.1.2.3:554/stream1" in entries[0].detail_json
    assert CAMERA_SECRET not in everything and "cam-admin" not in everything
    assert CAMERA_SECRET.encode() not in _catalog_bytes(tmp_path / "data")


def test_malformed_protobuf_is_invalid_argument_without_a_traceback(
    inproc: InProcessServer, caplog: pytest.LogCaptureFixture
) -> None:
    token = inproc.login()
    garbage = b"\x0a\xff\xff\xff\xff\x0f\x01"  # a length-delimited field longer than the data
    identity: dict[str, Any] = {"request_serializer": None, "response_deserializer": None}
    caplog.set_level(logging.INFO)
    with inproc.channel() as channel:
        calls = [
            channel.unary_unary("/vedette.v1.SystemService/GetServerInfo", **identity),
            channel.unary_unary("/vedette.v1.AuthService/Login", **identity),
            channel.unary_unary("/vedette.v1.AccountService/CreateUser", **identity),
        ]
        for call in calls:
            for metadata in ((), _bearer(token)):
                refused = _refusal(call, garbage, metadata=metadata)
                assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT, call
        download = channel.unary_stream("/vedette.v1.ExportService/DownloadExportFile", **identity)
        refused = _refusal(lambda **kw: list(download(garbage, **kw)), metadata=_bearer(token))
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        playback = channel.stream_stream("/vedette.v1.MediaService/Playback", **identity)
        refused = _refusal(
            lambda **kw: list(playback(iter([garbage]), **kw)), metadata=_bearer(token)
        )
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT
        # The server still answers.
        system_pb2_grpc.SystemServiceStub(channel).GetServerInfo(
            system_pb2.GetServerInfoRequest(), metadata=_bearer(token), timeout=60
        )
    noisy = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not noisy, [r.getMessage() for r in noisy]


def test_a_megabyte_value_in_a_bad_request_gets_a_short_error(inproc: InProcessServer) -> None:
    token = inproc.login()
    huge = "x" * 1_000_000
    with inproc.channel() as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        cameras = cameras_pb2_grpc.CameraServiceStub(channel)
        refusals = [
            _refusal(
                accounts.UpdateUser,
                accounts_pb2.UpdateUserRequest(
                    user=accounts_pb2.User(id=1), update_mask={"paths": [huge]}
                ),
                metadata=_bearer(token),
            ),
            _refusal(
                cameras.ListCameras,
                cameras_pb2.ListCamerasRequest(page_token=huge),
                metadata=_bearer(token),
            ),
            _refusal(
                cameras.CreateCamera,
                cameras_pb2.CreateCameraRequest(
                    camera=cameras_pb2.Camera(name="Big", main_url="http://" + huge)
                ),
                metadata=_bearer(token),
            ),
        ]
    for refused in refusals:
        assert refused.code() is grpc.StatusCode.INVALID_ARGUMENT, refused.details()
        assert len(refused.details() or "") <= 500


# -- the flood, against a server process -------------------------------------------------


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _login(address: str, username: str, password: str) -> str:
    with grpc.insecure_channel(address) as channel:
        reply = auth_pb2_grpc.AuthServiceStub(channel).Login(
            auth_pb2.LoginRequest(username=username, password=password), timeout=60
        )
    return str(reply.token)


def _no_rights_user(address: str, admin: str) -> str:
    """Log in as a user whose group has no rights at all; returns the token."""
    with grpc.insecure_channel(address) as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        group = accounts.CreateGroup(
            accounts_pb2.CreateGroupRequest(
                group=accounts_pb2.Group(
                    name="nothing",
                    local_rights=accounts_pb2.Rights(),
                    remote_rights=accounts_pb2.Rights(),
                )
            ),
            metadata=_bearer(admin),
            timeout=60,
        ).group
        user = accounts_pb2.User(
            name="nobody",
            password=NOBODY_PASSWORD,
            group_id=group.id,
            enabled=True,
            permission_control=True,
        )
        accounts.CreateUser(
            accounts_pb2.CreateUserRequest(user=user), metadata=_bearer(admin), timeout=60
        )
    return _login(address, "nobody", NOBODY_PASSWORD)


def _flood(address: str, token: str, calls: int, name_bytes: int, threads: int = 4) -> int:
    """Refused DownloadExportFile calls, each naming a file of ``name_bytes`` characters;
    returns how many the server answered (each answer is a refusal)."""
    answered = 0
    lock = threading.Lock()
    request = export_pb2.DownloadExportFileRequest(task_id=424242, name="n" * name_bytes)

    def worker(count: int) -> None:
        nonlocal answered
        with grpc.insecure_channel(
            address, options=[("grpc.max_send_message_length", 16 << 20)]
        ) as channel:
            stub = export_pb2_grpc.ExportServiceStub(channel)
            for _ in range(count):
                try:
                    list(stub.DownloadExportFile(request, metadata=_bearer(token), timeout=120))
                except grpc.RpcError as error:
                    assert error.code() is not grpc.StatusCode.OK
                    assert error.code() is not grpc.StatusCode.UNKNOWN
                    with lock:
                        answered += 1

    workers = [threading.Thread(target=worker, args=(calls // threads,)) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(600)
    return answered


def test_a_user_with_no_rights_cannot_flood_the_log_or_the_servers_memory(
    server_factory: Callable[..., ServerProcess],
) -> None:
    server = server_factory("--insecure", volume=False)
    admin = _login(server.address, "admin", ADMIN_PASSWORD)
    nobody = _no_rights_user(server.address, admin)
    catalog_before = len(_catalog_bytes(server.data))
    rss_before = _rss_bytes(server.process.pid)
    calls, name_bytes = 240, 1_000_000
    assert _flood(server.address, nobody, calls, name_bytes) == calls
    rss_after = _rss_bytes(server.process.pid)
    with grpc.insecure_channel(server.address) as channel:
        status = system_pb2_grpc.SystemServiceStub(channel).GetServerInfo(
            system_pb2.GetServerInfoRequest(), metadata=_bearer(admin), timeout=60
        )
        assert status.server_id

        def accounted() -> tuple[list[Any], int] | None:
            downloads = [e for e in _logs(channel, admin, "export.download") if e.outcome != "ok"]
            dropped = sum(
                json.loads(e.detail_json)["dropped"].get("export.download", 0)
                for e in _logs(channel, admin, "audit.dropped")
            )
            return (downloads, dropped) if len(downloads) + dropped == calls else None

        # Every refused call is in the log, or counted in an audit.dropped entry.
        downloads, _ = wait_for(accounted, 90, "every refused call logged or counted")
    for entry in downloads:
        assert len(entry.detail_json) + len(entry.message) <= 4096
    # 240 MB were sent; what was kept is a few kilobytes a call.
    assert len(_catalog_bytes(server.data)) - catalog_before < 16 * 1024 * 1024
    assert rss_after - rss_before < 150 * 1024 * 1024
