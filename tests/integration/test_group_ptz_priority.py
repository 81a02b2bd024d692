"""A permission group's own PTZ priority (PTZ-03) end to end: set through the accounts
API and the CLI, and used by the arbiter on a real vedette-server driving camsim's
ONVIF PTZ camera.

Three groups with the PTZ right on the camera: ``low`` at 2000, ``mid`` at 6000 and
``plain`` without a priority of its own (the default for its rights, 3000). A ``mid``
member takes the camera from a ``low`` member and is denied by ``high`` (9000); the
administrators' 32000 stays above every group. Every wait is a bounded poll.
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
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_server.ptz.priority import ADMIN_PRIORITY, OPERATOR_PRIORITY

pytestmark = pytest.mark.slow

WAIT_S = 60.0
MEMBER_PASSWORD = "Group-Priority-Pass-2026!"


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


def member(server: ServerProcess, admin: Client, name: str, group_id: int) -> Client:
    admin.create_user(name, MEMBER_PASSWORD, group_id=group_id)
    return Client.connect(
        server.address,
        username=name,
        password=MEMBER_PASSWORD,
        known_servers_path=server.known_servers,
    )


def test_group_priorities_decide_who_takes_a_camera(
    server: ServerProcess, camsim: CamsimProcess
) -> None:
    with server.client() as admin:
        camera = add(admin, camsim)
        rights = make_rights((), {"ptz": [camera]})
        low = admin.create_group("low", remote_rights=rights, ptz_priority=2000)
        mid = admin.create_group("mid", remote_rights=rights, ptz_priority=6000)
        high = admin.create_group("high", remote_rights=rights)
        plain = admin.create_group("plain", remote_rights=rights)
        assert (low.ptz_priority, mid.ptz_priority) == (2000, 6000)
        assert not high.HasField("ptz_priority")
        high = admin.update_group(high.id, ptz_priority=9000)
        assert high.ptz_priority == 9000
        assert admin.get_group(1).ptz_priority == ADMIN_PRIORITY  # the administrators'

        with (
            member(server, admin, "lowuser", low.id) as low_user,
            member(server, admin, "miduser", mid.id) as mid_user,
            member(server, admin, "highuser", high.id) as high_user,
            member(server, admin, "plainuser", plain.id) as plain_user,
        ):
            with low_user.ptz_control(camera, timeout_s=STREAM_S) as held:
                granted = held.next_event()
                assert granted is not None and granted.granted.priority == 2000
                held.move(pan=0.2)
                with mid_user.ptz_control(camera, timeout_s=STREAM_S) as taking:
                    taken = taking.next_event()
                    assert taken is not None and taken.WhichOneof("event") == "granted"
                    assert taken.granted.priority == 6000
                    lost = held.next_event()
                    assert lost is not None and lost.WhichOneof("event") == "taken_over"
                    assert lost.taken_over.by == "user:miduser"
                    assert lost.taken_over.priority == 6000
                    taking.stop()
                    # A lower group and the default (3000) are denied, naming the holder.
                    with plain_user.ptz_control(camera, timeout_s=STREAM_S) as lower:
                        refused = lower.next_event()
                        assert refused is not None and refused.WhichOneof("event") == "denied"
                        assert refused.denied.holder == "user:miduser"
                        assert refused.denied.priority == 6000
                        lower.finish()
                    with high_user.ptz_control(camera, timeout_s=STREAM_S) as higher:
                        top = higher.next_event()
                        assert top is not None and top.granted.priority == 9000
                        higher.stop()
                        # ... and now the mid member is the one denied, naming the holder.
                        with mid_user.ptz_control(camera, timeout_s=STREAM_S) as again:
                            denied = again.next_event()
                            assert denied is not None and denied.WhichOneof("event") == "denied"
                            assert denied.denied.holder == "user:highuser"
                            assert denied.denied.priority == 9000
                            again.finish()
                        higher.finish()
                    taking.finish()
                held.finish()

            # Back to the default: the group's users have their rights' priority again.
            plain_again = admin.update_group(high.id, ptz_priority="default")
            assert not plain_again.HasField("ptz_priority")
            with high_user.ptz_control(camera, timeout_s=STREAM_S) as default:
                answer = default.next_event()
                assert answer is not None and answer.granted.priority == OPERATOR_PRIORITY
                default.finish()
        wait_for(lambda: events_of(admin, "ptz.takeover"), WAIT_S, "the takeover entries")
        takeovers = [e.message for e in events_of(admin, "ptz.takeover")]  # type: ignore[attr-defined]
        assert any("user:miduser (priority 6000)" in m and "user:lowuser" in m for m in takeovers)


def test_bad_priorities_are_refused_and_the_cli_sets_them(
    server: ServerProcess, tmp_path: Path
) -> None:
    with server.client() as admin:
        for bad in (0, -1, 40_000, ADMIN_PRIORITY):
            with pytest.raises(InvalidArgument, match="ptz_priority"):
                admin.create_group(f"bad{bad}", ptz_priority=bad)
        group = admin.create_group("night")
        for bad in (0, 40_000, ADMIN_PRIORITY):
            with pytest.raises(InvalidArgument, match="ptz_priority"):
                admin.update_group(group.id, ptz_priority=bad)
        assert not admin.get_group(group.id).HasField("ptz_priority")  # unchanged
        with pytest.raises(FailedPrecondition, match="administrator group"):
            admin.update_group(1, ptz_priority=100)
        assert {g.name for g in admin.list_groups()} == {
            "administrator", "advanced", "ordinary", "night"
        }  # fmt: skip

        home = tmp_path / "home"
        run_vedette(server, home, "groups", "set", "night", "--ptz-priority", "7000")
        assert admin.get_group(group.id).ptz_priority == 7000
        assert "PTZ priority: 7000" in run_vedette(server, home, "groups", "show", "night")
        run_vedette(server, home, "groups", "set", "night", "--ptz-priority", "default")
        assert not admin.get_group(group.id).HasField("ptz_priority")
        assert "PTZ priority: default" in run_vedette(server, home, "groups", "show", "night")
        run_vedette(server, home, "groups", "add", "day", "--ptz-priority", "4500")
        assert admin.find_group("day").ptz_priority == 4500
