"""Auto-login and the logged-out live display (USER-04, LIVE-14), on a real server:
AutoLogin opens a session as ``general.auto_login_user`` on the local socket only,
a setting naming no user or a disabled one is refused naming the field, and a
disabled user is refused at AutoLogin with the reason; a display session lists only
the logged-out cameras, cannot play back, export or change anything, and ends (its
open live stream with it) when the list changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from vedette_api.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
    export_pb2,
    export_pb2_grpc,
    media_pb2,
    media_pb2_grpc,
    search_pb2,
    search_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

PASSWORD = "Quiet-Lantern-2026!"


def _bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def _code(call: Any, request: Any, **kw: Any) -> grpc.StatusCode:
    try:
        answer = call(request, timeout=60, **kw)
        if hasattr(answer, "__next__"):  # a stream: its status comes with its first message
            next(answer, None)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path, local_socket=tmp_path / "local.sock")
    yield server
    server.stop()


def _local(server: InProcessServer) -> grpc.Channel:
    return grpc.insecure_channel(f"unix:{server.server.config.local_socket}")


def _update(server: InProcessServer, settings: system_pb2.Settings, *paths: str) -> None:
    with server.channel() as channel:
        system_pb2_grpc.SystemServiceStub(channel).UpdateSettings(
            system_pb2.UpdateSettingsRequest(settings=settings, update_mask={"paths": list(paths)}),
            metadata=_bearer(server.login()),
            timeout=60,
        )


def _auto_login_user(name: str) -> system_pb2.Settings:
    return system_pb2.Settings(general=system_pb2.GeneralSettings(auto_login_user=name))


def _display(*cameras: int) -> system_pb2.Settings:
    return system_pb2.Settings(display=system_pb2.DisplaySettings(logged_out_cameras=cameras))


def test_auto_login_signs_in_the_configured_enabled_user_on_the_local_socket_only(
    inproc: InProcessServer,
) -> None:
    admin = inproc.login()
    with inproc.channel() as tcp, _local(inproc) as local:
        auth = auth_pb2_grpc.AuthServiceStub(local)
        assert (
            _code(auth.AutoLogin, auth_pb2.AutoLoginRequest())
            is grpc.StatusCode.FAILED_PRECONDITION
        )
        # Naming nobody, or a disabled user, is refused naming the field; nothing changes.
        for name in ("ghost", "sleeper"):
            if name == "sleeper":
                accounts_pb2_grpc.AccountServiceStub(tcp).CreateUser(
                    accounts_pb2.CreateUserRequest(
                        user=accounts_pb2.User(
                            name=name, password=PASSWORD, enabled=False, group_id=2
                        )
                    ),
                    metadata=_bearer(admin),
                    timeout=60,
                )
            with pytest.raises(grpc.RpcError) as refused:
                _update(inproc, _auto_login_user(name), "general.auto_login_user")
            assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
            assert "general.auto_login_user" in refused.value.details()
        user = (
            accounts_pb2_grpc.AccountServiceStub(tcp)
            .CreateUser(
                accounts_pb2.CreateUserRequest(
                    user=accounts_pb2.User(name="wall", password=PASSWORD, enabled=True, group_id=2)
                ),
                metadata=_bearer(admin),
                timeout=60,
            )
            .user
        )
        _update(inproc, _auto_login_user("wall"), "general.auto_login_user")
        assert auth.GetSetupState(auth_pb2.GetSetupStateRequest(), timeout=30).auto_login
        reply = auth.AutoLogin(auth_pb2.AutoLoginRequest(), timeout=30)
        assert reply.username == "wall"
        me = accounts_pb2_grpc.AccountServiceStub(local).GetMyAccount(
            accounts_pb2.GetMyAccountRequest(), metadata=_bearer(reply.token), timeout=30
        )
        assert me.user.name == "wall" and me.local_session
        assert (
            _code(auth_pb2_grpc.AuthServiceStub(tcp).AutoLogin, auth_pb2.AutoLoginRequest())
            is grpc.StatusCode.PERMISSION_DENIED
        )
        # Disabled later: refused, saying so.
        user.enabled = False
        accounts_pb2_grpc.AccountServiceStub(tcp).UpdateUser(
            accounts_pb2.UpdateUserRequest(user=user, update_mask={"paths": ["enabled"]}),
            metadata=_bearer(admin),
            timeout=60,
        )
        with pytest.raises(grpc.RpcError) as disabled:
            auth.AutoLogin(auth_pb2.AutoLoginRequest(), timeout=30)
        assert disabled.value.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert "'wall' is disabled" in disabled.value.details()


def test_a_display_session_sees_only_its_cameras_changes_nothing_and_ends_with_the_list(
    inproc: InProcessServer,
) -> None:
    admin = inproc.login()
    with inproc.channel() as tcp:
        cameras = cameras_pb2_grpc.CameraServiceStub(tcp)
        a, b = (
            cameras.CreateCamera(
                cameras_pb2.CreateCameraRequest(
                    camera=cameras_pb2.Camera(
                        name=name, main_url=f"rtsp://127.0.0.1:9/{name}", enabled=False
                    )
                ),
                metadata=_bearer(admin),
                timeout=60,
            ).camera.id
            for name in ("a", "b")
        )
    _update(inproc, _display(a), "display.logged_out_cameras")
    with _local(inproc) as local:
        token = (
            auth_pb2_grpc.AuthServiceStub(local)
            .OpenLiveDisplay(auth_pb2.OpenLiveDisplayRequest(), timeout=30)
            .token
        )
        meta = _bearer(token)
        listed = cameras_pb2_grpc.CameraServiceStub(local).ListCameras(
            cameras_pb2.ListCamerasRequest(), metadata=meta, timeout=30
        )
        assert [c.id for c in listed.cameras] == [a]
        refused = {
            "GetCamera b": _code(
                cameras_pb2_grpc.CameraServiceStub(local).GetCamera,
                cameras_pb2.GetCameraRequest(camera_id=b),
                metadata=meta,
            ),
            "timeline": _code(
                search_pb2_grpc.SearchServiceStub(local).GetTimeline,
                search_pb2.GetTimelineRequest(camera_ids=[a]),
                metadata=meta,
            ),
            "export": _code(
                export_pb2_grpc.ExportServiceStub(local).ExportRecording,
                export_pb2.ExportRecordingRequest(camera_id=a),
                metadata=meta,
            ),
            "settings": _code(
                system_pb2_grpc.SystemServiceStub(local).UpdateSettings,
                system_pb2.UpdateSettingsRequest(
                    settings=_display(a, b), update_mask={"paths": ["display.logged_out_cameras"]}
                ),
                metadata=meta,
            ),
            "my account": _code(
                accounts_pb2_grpc.AccountServiceStub(local).GetMyAccount,
                accounts_pb2.GetMyAccountRequest(),
                metadata=meta,
            ),
        }
        assert set(refused.values()) == {grpc.StatusCode.PERMISSION_DENIED}, refused
        playback = media_pb2_grpc.MediaServiceStub(local).Playback(
            iter([media_pb2.PlaybackRequest(open=media_pb2.PlaybackOpen(camera_ids=[a]))]),
            metadata=meta,
            timeout=30,
        )
        with pytest.raises(grpc.RpcError) as played:
            next(playback)
        assert played.value.code() is grpc.StatusCode.PERMISSION_DENIED
        # A live stream of its camera stays open (the camera sends nothing) until the
        # list changes: then it ends, and so does the session.
        live = media_pb2_grpc.MediaServiceStub(local).Live(
            media_pb2.LiveRequest(camera_id=a), metadata=meta, timeout=120
        )
        ended: list[grpc.StatusCode] = []

        def watch() -> None:
            try:
                for _ in live:
                    pass
                ended.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                ended.append(error.code())

        reader = threading.Thread(target=watch)
        reader.start()
        _update(inproc, _display(a, b), "display.logged_out_cameras")
        reader.join(90)
        assert ended and ended[0] is not grpc.StatusCode.DEADLINE_EXCEEDED, ended
        assert (
            _code(
                cameras_pb2_grpc.CameraServiceStub(local).ListCameras,
                cameras_pb2.ListCamerasRequest(),
                metadata=meta,
            )
            is grpc.StatusCode.UNAUTHENTICATED
        )
    # Nothing was changed by the display session's refused update.
    with inproc.channel() as tcp:
        current = system_pb2_grpc.SystemServiceStub(tcp).GetSettings(
            system_pb2.GetSettingsRequest(), metadata=_bearer(admin), timeout=30
        )
    assert list(current.settings.display.logged_out_cameras) == [a, b]
