"""An administrator's PTZ reservation (ReservePtz/ReleasePtz, Milestone's "reserved PTZ
session") end to end: a real vedette-server driving camsim's ONVIF PTZ camera.

While an administrator holds a reservation, only they move the camera: an operator's
control stream and preset call are denied naming them, a cruise cannot start on it,
and their own control stream ending leaves the reservation in place. Releasing it, or
its expiry, frees the camera. Only administrators reserve; bad durations are refused.
Every wait is a bounded poll; nothing asserts on wall-clock timing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.integration.test_ptz_onvif import PASSWORD, USER, add
from tests.integration.test_ptz_service import STREAM_S, events_of, run_vedette
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from vedette_api.v1 import ptz_pb2

pytestmark = pytest.mark.slow

WAIT_S = 60.0
OPERATOR, OPERATOR_PASSWORD = "nightshift", "Reserved-Dome-Pass-2026!"


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD),
        cameras=1,
    )
    yield process
    process.stop()


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def operator(server: ServerProcess, admin: Client, camera: int) -> Client:
    """A user with the PTZ right on ``camera`` and no area right (priority 3000)."""
    group = admin.create_group("operators", remote_rights=make_rights((), {"ptz": [camera]}))
    admin.create_user(OPERATOR, OPERATOR_PASSWORD, group_id=group.id)
    return Client.connect(
        server.address,
        username=OPERATOR,
        password=OPERATOR_PASSWORD,
        known_servers_path=server.known_servers,
    )


def first_event(client: Client, camera: int) -> ptz_pb2.ControlResponse:
    with client.ptz_control(camera, timeout_s=STREAM_S) as control:
        answer = control.next_event()
        assert answer is not None
        control.finish()
    return answer


def test_a_reservation_blocks_operators_and_cruises_until_released(
    server: ServerProcess, camsim: CamsimProcess
) -> None:
    with server.client() as admin:
        camera = add(admin, camsim)
        admin.set_preset(camera, 1)
        admin.set_preset(camera, 2)
        admin.put_cruise(camera, 1, [(1, 1.0, 1.0), (2, 1.0, 1.0)])
        with operator(server, admin, camera) as op:
            with pytest.raises(PermissionDenied):
                op.reserve_ptz(camera)
            with pytest.raises(PermissionDenied):
                op.release_ptz(camera)
            for seconds in (0.0, 24 * 3600.0 + 1, -5.0):
                with pytest.raises(InvalidArgument, match="reservation lasts"):
                    admin.reserve_ptz(camera, seconds)
            assert admin.ptz_state(camera).holder == ""  # a refused reserve took nothing

            reserved = admin.reserve_ptz(camera)  # the default: 1 h
            assert reserved.holder == "user:admin"
            assert 3500 < reserved.remaining.ToNanoseconds() / 1e9 <= 3600
            state = admin.ptz_state(camera)
            assert state.holder == "user:admin"
            assert state.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED
            assert 0 < state.holder_remaining.ToNanoseconds() / 1e9 <= 3600

            denied = first_event(op, camera)
            assert denied.WhichOneof("event") == "denied"
            assert denied.denied.holder == "user:admin"
            with pytest.raises(FailedPrecondition, match="user:admin"):
                op.goto_preset(camera, 1)
            with pytest.raises(FailedPrecondition, match=r"user:admin \(reserved"):
                op.start_cruise(camera, 1)
            assert admin.list_cruises(camera).running_cruise_number == 0

            # The administrator moves under their own reservation; their stream ending
            # does not end it.
            assert first_event(admin, camera).WhichOneof("event") == "granted"
            after = admin.ptz_state(camera)
            assert after.holder == "user:admin"
            assert after.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED
            assert first_event(op, camera).WhichOneof("event") == "denied"

            assert admin.release_ptz(camera) == "user:admin"
            assert admin.release_ptz(camera) == ""  # nothing left to release
            assert admin.ptz_state(camera).holder == ""
            assert first_event(op, camera).WhichOneof("event") == "granted"
            op.start_cruise(camera, 1)  # a cruise may take the camera again
            assert admin.list_cruises(camera).running_cruise_number == 1
            op.stop_cruise(camera)

        wait_for(lambda: events_of(admin, "ptz.release"), WAIT_S, "the release's log entry")
        (reserve,) = [e for e in events_of(admin, "ptz.reserve") if e.outcome == "ok"]  # type: ignore[attr-defined]
        assert reserve.camera_id == camera and reserve.username == "admin"  # type: ignore[attr-defined]
        releases = events_of(admin, "ptz.release")
        assert any("user:admin" in e.message for e in releases)  # type: ignore[attr-defined]


def test_a_reservation_expires_by_itself_and_the_cli_reserves_and_releases(
    server: ServerProcess, camsim: CamsimProcess, tmp_path: Path
) -> None:
    with server.client() as admin:
        camera = add(admin, camsim)
        name = admin.get_camera(camera).name
        with operator(server, admin, camera) as op:
            reserved = admin.reserve_ptz(camera, 5.0)
            assert 0 < reserved.remaining.ToNanoseconds() / 1e9 <= 5.0
            wait_for(lambda: admin.ptz_state(camera).holder == "", WAIT_S, "the expiry", 0.5)
            assert first_event(op, camera).WhichOneof("event") == "granted"
            wait_for(
                lambda: events_of(admin, "ptz.reservation.expired"), WAIT_S, "the expiry entry"
            )

            home = tmp_path / "home"
            out = run_vedette(server, home, "ptz", name, "reserve", "--minutes", "2")
            assert "reserved by user:admin" in out
            state = admin.ptz_state(camera)
            assert state.holder_kind == ptz_pb2.PTZ_SESSION_KIND_RESERVED
            assert 0 < state.holder_remaining.ToNanoseconds() / 1e9 <= 120
            assert first_event(op, camera).WhichOneof("event") == "denied"
            out = run_vedette(server, home, "ptz", name, "release")
            assert "reservation by user:admin released" in out
            assert first_event(op, camera).WhichOneof("event") == "granted"
