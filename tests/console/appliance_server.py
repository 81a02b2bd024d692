"""A real appliance for the appliance console's tests: a server initialised with
``--no-admin`` (its admin password then set on the local socket, as the wizard
does), run with host control (an appliance) and its local socket, recording two
camsim cameras, with a live-only user ``wall``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc

from tests.conftest import SMALL
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import auth_pb2, auth_pb2_grpc, system_pb2

USER_PASSWORD = "Night-Shift-Screen-2026!"
QUESTIONS = [("First pet?", "Biscuit"), ("Home town?", "Brest"), ("Best friend?", "Lou")]


@dataclass
class Appliance:
    server: ServerProcess
    camsim: CamsimProcess
    socket: Path
    known: Path
    cameras: list[int]
    argv: tuple[str, ...]

    @property
    def address(self) -> str:
        return f"unix:{self.socket}"

    def admin(self) -> Client:
        return self.server.client()

    def set_display(self, cameras: list[int], *, auto_login_user: str | None = None) -> None:
        settings = system_pb2.Settings(
            display=system_pb2.DisplaySettings(logged_out_cameras=cameras)
        )
        paths = ["display.logged_out_cameras"]
        if auto_login_user is not None:
            settings.general.auto_login_user = auto_login_user
            paths.append("general.auto_login_user")
        with self.admin() as admin:
            admin.update_settings(settings, paths)

    def restart(self) -> None:
        """Stop the server process and start it again on the same data and socket."""
        self.server.stop()
        self.server = start_server(self.server.data, self.known, *self.argv)


@contextmanager
def running_appliance(tmp: Path) -> Iterator[Appliance]:
    camsim = start_camsim(*SMALL, cameras=2)
    short = Path(tempfile.mkdtemp(prefix="va-", dir="/tmp"))  # a Unix socket path is short
    socket = short / "console.sock"
    data = tmp / "data"
    server: ServerProcess | None = None
    try:
        result = init_data_dir(data, no_admin=True)
        assert result.returncode == 0, result.stderr
        argv = ("--local-socket", str(socket), "--host-control", f"record:{tmp / 'host.json'}")
        server = start_server(data, tmp / "known.json", *argv)
        with grpc.insecure_channel(f"unix:{socket}") as channel:
            auth_pb2_grpc.AuthServiceStub(channel).SetUpAdmin(
                auth_pb2.SetUpAdminRequest(
                    password=ADMIN_PASSWORD,
                    questions=[
                        auth_pb2.RecoveryQuestion(question=q, answer=a) for q, a in QUESTIONS
                    ],
                ),
                timeout=60,
            )
        with server.client() as admin:
            ids = [
                admin.create_camera(
                    name, camsim.url(cam, "main"), sub_url=camsim.url(cam, "sub")
                ).id
                for name, cam in (("Gate", "cam1"), ("Lobby", "cam2"))
            ]
            group = admin.create_group(
                "Wall", local_rights=make_rights([], {"live": "all"}), remote_rights=make_rights()
            )
            admin.create_user("wall", USER_PASSWORD, group_id=group.id)
            wait_for(
                lambda: all(s.recording for s in admin.get_recording_status(ids)),
                60,
                "both cameras recording",
            )
        appliance = Appliance(server, camsim, socket, tmp / "known.json", ids, argv)
        yield appliance
        server = appliance.server
    finally:
        if server is not None:
            server.stop()
        camsim.stop()
        shutil.rmtree(short, ignore_errors=True)
