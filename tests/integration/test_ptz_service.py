"""PtzService end to end: a real vedette-server process driving a simulated Pelco-D
dome on a pty, through the SDK and the ``vedette`` CLI.

The dome (``PtyPelcoDome``) runs in this process on real time; the server opens the
pty's device path as it would a USB–RS-485 adapter. Every wait is a bounded poll
with a generous bound; nothing asserts on wall-clock timing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from tests.support.threads import no_thread_outlives_the_test  # noqa: F401 (autouse)
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from vedette_hw.pelco import Protocol
from vedette_hw.sim.pelco_dome import PelcoDome, PtyPelcoDome
from vedette_hw.sim.ptz_model import MoveStatus, PtzLimits, PtzModel, PtzPosition
from vedette_server.ptz.priority import ADMIN_PRIORITY

WAIT_S = 30.0
ADDRESS = 7
BAUD = 9600
OPERATOR_PASSWORD = "Night-Shift-Dome-2026!"
LIMITS = PtzLimits(pan_speed_max_deg_s=90.0, pan_accel_deg_s2=900.0)
#: A stream bound for tests: a stream the server never answers fails the test, not CI.
STREAM_S = 120.0


class Dome:
    """A simulated dome on its own pty, on real time."""

    def __init__(self) -> None:
        self.model = PtzModel(time.monotonic, LIMITS, home=PtzPosition(0.0, 0.0))
        self.pty = PtyPelcoDome(PelcoDome(ADDRESS, Protocol.D, self.model))
        self.path = self.pty.start()

    def pan(self) -> float:
        return self.pty.status().position.pan_deg

    def moving(self) -> bool:
        return self.pty.status().pan_tilt is MoveStatus.MOVING

    def close(self) -> None:
        self.pty.close()


@pytest.fixture
def domes() -> Iterator[Callable[[], Dome]]:
    started: list[Dome] = []

    def start() -> Dome:
        dome = Dome()
        started.append(dome)
        return dome

    yield start
    for dome in started:
        dome.close()


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def connect(server: ServerProcess, user: str = "admin") -> Client:
    password = ADMIN_PASSWORD if user == "admin" else OPERATOR_PASSWORD
    return Client.connect(
        server.address,
        username=user,
        password=password,
        known_servers_path=server.known_servers,
    )


def ptz_camera(admin: Client, dome: Dome, name: str = "Dome") -> int:
    """A camera (not recording: nothing answers its RTSP address) with the dome as
    its PTZ device."""
    camera = admin.create_camera(name, "rtsp://127.0.0.1:9/dome", enabled=False)
    admin.set_ptz_device(
        camera.id, protocol="pelco-d", serial_port=dome.path, address=ADDRESS, baud_rate=BAUD
    )
    return int(camera.id)


def add_user(admin: Client, name: str, areas: tuple[str, ...], cameras: dict[str, object]) -> None:
    group = admin.create_group(f"g-{name}", remote_rights=make_rights(areas, cameras))  # type: ignore[arg-type]
    admin.create_user(name, OPERATOR_PASSWORD, group_id=group.id)


def pan_to(client: Client, camera_id: int, dome: Dome, target_deg: float) -> None:
    """Pan right until the dome is past ``target_deg`` (from below), then stop."""
    with client.ptz_control(camera_id, timeout_s=STREAM_S) as control:
        assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
        control.move(pan=0.5)

        def past() -> bool:
            control.ping()  # held still: a silent stream would be stopped after 1 s
            return dome.pan() >= target_deg

        wait_for(past, WAIT_S, f"the dome past {target_deg}°", 0.1)
        control.stop()
        control.finish()
    wait_for(lambda: not dome.moving(), WAIT_S, "the dome to stop", 0.02)


def events_of(client: Client, action: str) -> list[object]:
    return [e for e in client.search_logs(types=["operation"]) if e.action == action]


def vedette(server: ServerProcess, home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_vedette(server: ServerProcess, home: Path, *args: str) -> str:
    process = vedette(server, home, *args)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def test_the_cli_sets_the_device_moves_the_dome_stops_it_and_reports_its_state(
    server: ServerProcess, domes: Callable[[], Dome], tmp_path: Path
) -> None:
    dome = domes()
    home = tmp_path / "home"
    with connect(server) as admin:
        camera = admin.create_camera("Gate", "rtsp://127.0.0.1:9/gate", enabled=False)
    run_vedette(server, home, "ptz", "Gate", "device", "--protocol", "pelco-d",
                "--port", dome.path, "--baud", str(BAUD), "--address", str(ADDRESS))  # fmt: skip
    shown = json.loads(run_vedette(server, home, "ptz", "Gate", "device", "--json"))
    assert shown["serial_port"] == dome.path and shown["address"] == ADDRESS

    run_vedette(server, home, "ptz", "Gate", "move", "--pan", "0.5", "--tilt", "-0.3",
                "--seconds", "1")  # fmt: skip
    wait_for(lambda: not dome.moving(), WAIT_S, "the dome to stop after the move", 0.02)
    position = dome.pty.status().position
    assert position.pan_deg > 5.0 and position.tilt_deg < -2.0

    status = json.loads(run_vedette(server, home, "ptz", "Gate", "status", "--json"))
    assert status["camera_id"] == camera.id
    assert status["holder"] is None  # released when the move's stream ended
    assert status["moving"] is False
    assert status["position"]["pan_deg"] == pytest.approx(position.pan_deg, abs=1.0)
    assert status["position"]["tilt_deg"] == pytest.approx(position.tilt_deg, abs=1.0)

    mover = vedette(server, home, "ptz", "Gate", "move", "--pan", "-0.5", "--seconds", "60")
    try:
        wait_for(dome.moving, WAIT_S, "the dome to move", 0.02)
        run_vedette_as_admin_stop = vedette(server, home, "ptz", "Gate", "stop")
        _, err = run_vedette_as_admin_stop.communicate(timeout=120)
        # Same user: the stop is the holder's own and is sent.
        assert run_vedette_as_admin_stop.returncode == 0, err
        wait_for(lambda: not dome.moving(), WAIT_S, "the stop to stop the dome", 0.02)
    finally:
        mover.kill()
        mover.communicate(timeout=30)


def test_presets_1_to_255_are_saved_called_renamed_and_deleted(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        for number in range(1, 256):
            admin.set_preset(camera, number)
        pan_to(admin, camera, dome, 40.0)
        admin.set_preset(camera, 2, "Gate")  # saved again, elsewhere
        presets = admin.list_presets(camera)
        assert [p.number for p in presets] == list(range(1, 256))
        assert presets[1].name == "Gate" and presets[254].name == "Preset 255"
        assert set(dome.model.presets()) == set(range(1, 256))

        admin.goto_preset(camera, 1)
        wait_for(lambda: abs(dome.pan()) < 0.5 and not dome.moving(), WAIT_S, "preset 1", 0.02)
        admin.goto_preset(camera, 2)
        wait_for(lambda: dome.pan() >= 39.0 and not dome.moving(), WAIT_S, "preset 2", 0.02)

        assert admin.rename_preset(camera, 255, "Car park").name == "Car park"
        admin.delete_preset(camera, 100)
        numbers = [p.number for p in admin.list_presets(camera)]
        assert 100 not in numbers and len(numbers) == 254
        wait_for(lambda: 100 not in dome.model.presets(), WAIT_S, "the dome to forget 100", 0.02)
        with pytest.raises(NotFound, match="100"):
            admin.goto_preset(camera, 100)


def test_preset_256_and_ten_thousand_presets_are_refused_clearly(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        with pytest.raises(InvalidArgument, match=r"1\.\.255, got 256"):
            admin.set_preset(camera, 256)
        with pytest.raises(InvalidArgument, match=r"1\.\.255, got 10000"):
            admin.set_preset(camera, 10_000)
        admin.set_preset(camera, 1)
        with pytest.raises(InvalidArgument, match=r"1\.\.32 steps, got 10000"):
            admin.put_cruise(camera, 1, [(1, 1.0, 1.0)] * 10_000)  # 10 000 preset calls
        assert [p.number for p in admin.list_presets(camera)] == [1]
        assert admin.list_cruises(camera).cruises == []
        with pytest.raises(NotFound, match="camera"):
            admin.set_preset(999_999, 1)
        plain = admin.create_camera("Fixed", "rtsp://127.0.0.1:9/fixed", enabled=False)
        with pytest.raises(FailedPrecondition, match="no PTZ device"):
            admin.list_presets(plain.id)


def test_a_cruise_runs_survives_a_restart_and_a_higher_priority_move_stops_it(
    server_factory: Callable[..., ServerProcess], domes: Callable[[], Dome]
) -> None:
    dome = domes()
    server = server_factory()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        add_user(admin, "op", (), {"ptz": [camera], "live": [camera]})
        admin.set_preset(camera, 1, "Zero")
        pan_to(admin, camera, dome, 30.0)
        admin.set_preset(camera, 2, "Thirty")
        pan_to(admin, camera, dome, 60.0)
        admin.set_preset(camera, 3, "Sixty")
    with connect(server, "op") as op:
        op.put_cruise(camera, 1, [(1, 1.0, 1.0), (2, 1.0, 1.0), (3, 1.0, 1.0)], "Round")
        op.start_cruise(camera, 1)
        assert op.ptz_state(camera).cruise_number == 1
        assert op.ptz_state(camera).holder == "cruise:1"
    seen: set[int] = set()

    def visited_all() -> bool:
        pan = dome.pan()
        seen.update(n for n, at in ((1, 0.0), (2, 30.0), (3, 60.0)) if abs(pan - at) < 1.0)
        return seen == {1, 2, 3}

    wait_for(visited_all, WAIT_S, "the cruise to visit presets 1, 2 and 3", 0.02)

    server.stop()
    server = server_factory()  # the same data directory
    with connect(server) as admin:
        wait_for(lambda: admin.ptz_state(camera).cruise_number == 1, WAIT_S, "the resume")
        seen.clear()
        wait_for(visited_all, WAIT_S, "the resumed cruise to visit every preset", 0.02)
        assert admin.list_cruises(camera).running_cruise_number == 1

        with admin.ptz_control(camera, timeout_s=STREAM_S) as control:
            events = [control.next_event(), control.next_event()]
            kinds = {e.WhichOneof("event") for e in events if e is not None}
            assert kinds == {"granted", "cruise_stopped"}
            control.move(pan=-0.5)
            wait_for(lambda: admin.ptz_state(camera).cruise_number == 0, WAIT_S, "the end")
            control.stop()
            control.finish()
        assert admin.list_cruises(camera).running_cruise_number == 0
        wait_for(lambda: events_of(admin, "ptz.cruise.end"), WAIT_S, "the cruise's end entry")
        (takeover,) = events_of(admin, "ptz.takeover")
        assert "user:admin" in takeover.message and "cruise:1" in takeover.message  # type: ignore[attr-defined]

    server.stop()
    server = server_factory()
    with connect(server) as admin:  # ended for good: not resumed
        time.sleep(0.5)  # let a wrongly resumed cruise start, if it would
        assert admin.ptz_state(camera).cruise_number == 0


def test_a_lower_priority_is_denied_naming_the_holder_and_a_higher_takes_over(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        admin.set_preset(camera, 1)
        add_user(admin, "op", (), {"ptz": [camera]})
        with connect(server, "op") as op:
            with admin.ptz_control(camera, timeout_s=STREAM_S) as held:
                assert held.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
                held.move(pan=0.3)
                wait_for(dome.moving, WAIT_S, "the admin's move", 0.02)
                with op.ptz_control(camera, timeout_s=STREAM_S) as denied:
                    answer = denied.next_event()
                    assert answer is not None and answer.WhichOneof("event") == "denied"
                    assert answer.denied.holder == "user:admin"
                    assert answer.denied.priority == ADMIN_PRIORITY
                    assert answer.denied.HasField("remaining")
                    denied.move(pan=-1.0)  # refused again, not sent
                    assert denied.next_event().WhichOneof("event") == "denied"  # type: ignore[union-attr]
                with pytest.raises(FailedPrecondition, match="user:admin"):
                    op.goto_preset(camera, 1)  # a preset call is refused the same way
                held.stop()
                held.finish()
            wait_for(lambda: not dome.moving(), WAIT_S, "the admin's stop", 0.02)

            with op.ptz_control(camera, timeout_s=STREAM_S) as low:
                assert low.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
                low.move(pan=0.3)
                with admin.ptz_control(camera, timeout_s=STREAM_S) as high:
                    assert high.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
                    taken = low.next_event()
                    assert taken is not None and taken.WhichOneof("event") == "taken_over"
                    assert taken.taken_over.by == "user:admin"
                    high.stop()
                    high.finish()
        wait_for(lambda: events_of(admin, "ptz.takeover"), WAIT_S, "the takeover's log entry")
        (entry,) = events_of(admin, "ptz.takeover")
        assert entry.username == "admin" and entry.camera_id == camera  # type: ignore[attr-defined]
        assert "user:op" in entry.message  # type: ignore[attr-defined]


def test_a_killed_control_stream_and_a_silent_one_both_stop_the_dome(
    server: ServerProcess, domes: Callable[[], Dome], tmp_path: Path
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        # A client killed mid-move: its connection drops and the server stops the dome.
        mover = vedette(server, tmp_path / "home", "ptz", str(camera), "move",
                        "--pan", "0.4", "--seconds", "300")  # fmt: skip
        try:
            wait_for(dome.moving, WAIT_S, "the CLI's move", 0.02)
            mover.send_signal(signal.SIGKILL)
            mover.communicate(timeout=30)
            wait_for(lambda: not dome.moving(), WAIT_S, "the stop after the kill", 0.02)
        finally:
            if mover.poll() is None:
                mover.kill()
                mover.communicate(timeout=30)

        # A stream still open but silent: the dead-man stops the dome.
        with admin.ptz_control(camera, timeout_s=STREAM_S) as silent:
            assert silent.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            silent.move(pan=0.4)
            wait_for(dome.moving, WAIT_S, "the silent stream's move", 0.02)
            wait_for(lambda: not dome.moving(), WAIT_S, "the dead-man stop", 0.02)
            assert admin.ptz_state(camera).holder == "user:admin"  # still held, stopped


def test_a_server_stopped_while_an_operator_moves_the_dome_stops_it(
    server: ServerProcess, domes: Callable[[], Dome], tmp_path: Path
) -> None:
    """Pelco has no move timeout: a server going away must not leave the dome turning."""
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
    mover = vedette(server, tmp_path / "home", "ptz", str(camera), "move",
                    "--pan", "0.4", "--seconds", "300")  # fmt: skip
    try:
        wait_for(dome.moving, WAIT_S, "the CLI's move", 0.02)
        assert server.stop() == 0
        wait_for(lambda: not dome.moving(), WAIT_S, "the dome to stop with the server", 0.02)
    finally:
        if mover.poll() is None:
            mover.kill()
        mover.communicate(timeout=30)


def test_a_vanished_port_is_a_clear_error_and_the_server_keeps_serving(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome, other = domes(), domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome, "Lost")
        working = ptz_camera(admin, other, "Working")
        admin.set_preset(camera, 1)
        dome.close()  # the adapter is unplugged
        port = re.escape(dome.path)
        with pytest.raises(FailedPrecondition, match=port):
            admin.set_preset(camera, 2)
        with pytest.raises(FailedPrecondition, match=port):
            admin.ptz_state(camera)
        with (
            admin.ptz_control(camera, timeout_s=STREAM_S) as control,
            pytest.raises(FailedPrecondition, match=port),
        ):
            control.next_event()
        assert [p.number for p in admin.list_presets(camera)] == [1]
        admin.set_preset(working, 1)
        pan_to(admin, working, other, 10.0)
        assert [c.name for c in admin.list_cameras()] == ["Lost", "Working"]


def test_a_user_without_the_ptz_right_on_the_camera_is_refused(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        other = admin.create_camera("Other", "rtsp://127.0.0.1:9/other", enabled=False)
        add_user(admin, "viewer", (), {"live": [camera], "ptz": [other.id]})
        with connect(server, "viewer") as viewer:
            for call in (
                lambda: viewer.ptz_state(camera),
                lambda: viewer.set_preset(camera, 1),
                lambda: viewer.goto_preset(camera, 1),
                lambda: viewer.put_cruise(camera, 1, [(1, 1.0, 1.0)]),
                lambda: viewer.start_cruise(camera, 1),
                lambda: viewer.get_ptz_device(camera),
                lambda: viewer.set_ptz_device(
                    camera, protocol="pelco-d", serial_port="/dev/null", address=1
                ),
            ):
                with pytest.raises(PermissionDenied):
                    call()
            with (
                viewer.ptz_control(camera, timeout_s=STREAM_S) as control,
                pytest.raises(PermissionDenied, match="ptz"),
            ):
                control.next_event()
        assert not dome.moving() and dome.pty.counts() == (0, 0)


def test_deleting_a_camera_ends_the_cruise_on_its_dome(
    server: ServerProcess, domes: Callable[[], Dome]
) -> None:
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        admin.set_preset(camera, 1)
        pan_to(admin, camera, dome, 45.0)
        admin.set_preset(camera, 2)
        admin.put_cruise(camera, 1, [(1, 0.2, 1.0), (2, 0.2, 1.0)])
        admin.start_cruise(camera, 1)
        wait_for(lambda: abs(dome.pan()) < 1.0, WAIT_S, "the cruise back at preset 1", 0.02)
        admin.delete_camera(camera)
        wait_for(lambda: not dome.moving(), WAIT_S, "the dome to stop", 0.02)
        # A cruise still running would leave within its 0.2 s dwell; none does.
        still_at = dome.pan()
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            assert abs(dome.pan() - still_at) < 0.5, "the cruise kept running"
            time.sleep(0.05)
