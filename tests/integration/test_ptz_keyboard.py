"""The RS-485 control keyboard (PTZ-05) end to end: a simulated keyboard writing Pelco-D
frames into a pty, a real vedette-server reading it (SetPtzKeyboard), and camsim's
simulated ONVIF PTZ camera moving.

Where the head points is read back with GetPtzState and from the position strip
camsim burns into its picture (``test_ptz_onvif.assert_picture_shows``). The ONVIF
driver renews a held move past the camera's own move timeout, so a camera that stops
was stopped by the server. Every wait is a bounded poll; nothing asserts on
wall-clock timing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL
from tests.integration.test_ptz_onvif import (
    PASSWORD,
    STREAM_S,
    USER,
    WAIT_S,
    add,
    assert_picture_shows,
    go,
    pan_apart_deg,
    state,
    wait_still,
)
from tests.integration.test_ptz_service import (  # noqa: F401 (domes: a fixture)
    OPERATOR_PASSWORD,
    Dome,
    add_user,
    domes,
    ptz_camera,
    run_vedette,
    vedette,
)
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_api.v1 import ptz_pb2
from vedette_hw.pelco import Protocol
from vedette_hw.sim.keyboard import (
    CallPreset,
    Joystick,
    KeyAction,
    PtyKeyboard,
    Release,
    SelectCamera,
    SetPreset,
)
from vedette_server.ptz.arbiter import DEFAULT_IDLE_TIMEOUT_S

pytestmark = pytest.mark.slow

#: The server's own address on the keyboard's bus, and the keyboard number of the camera.
OWN_ADDRESS = 64
NUMBER = 3


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


@pytest.fixture
def keyboard() -> Iterator[PtyKeyboard]:
    board = PtyKeyboard(Protocol.D)
    board.start()
    yield board
    board.close()


def connect(server: ServerProcess, user: str = "admin") -> Client:
    password = ADMIN_PASSWORD if user == "admin" else OPERATOR_PASSWORD
    return Client.connect(
        server.address, username=user, password=password, known_servers_path=server.known_servers
    )


def set_keyboard(client: Client, board: PtyKeyboard, camera: int, **fields: Any) -> None:
    """Plug ``board`` in: keyboard number ``NUMBER`` drives ``camera``; wait until the
    server reads the port."""
    settings: dict[str, Any] = {
        "serial_port": board.device_path,
        "protocol": ptz_pb2.PTZ_PROTOCOL_PELCO_D,
        "baud_rate": 9600,
        "address": OWN_ADDRESS,
        "cameras": [ptz_pb2.PtzKeyboardCamera(number=NUMBER, camera_id=camera)],
        **fields,
    }
    client.set_ptz_keyboard(ptz_pb2.PtzKeyboard(**settings))
    wait_for(lambda: client.get_ptz_keyboard().status.connected, WAIT_S, "the keyboard's port open")


def hold(board: PtyKeyboard, action: KeyAction, done: Callable[[], bool], what: str) -> None:
    """A keyboard that repeats its frame while the joystick is held, until ``done()``."""

    def held() -> bool:
        board.play([action])
        return done()

    wait_for(held, WAIT_S, what, 0.1)


def test_a_keyboard_move_moves_the_onvif_camera_and_its_release_stops_it(
    camsim: CamsimProcess, server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as client:
        camera = add(client, camsim)
        wait_still(client, camera)
        set_keyboard(client, keyboard, camera)
        keyboard.play([SelectCamera(NUMBER)])
        hold(
            keyboard,
            Joystick(0.5, 0.5),
            lambda: 20.0 < state(client, camera).position.pan_degrees < 180.0,
            "the camera panned right by the keyboard",
        )
        moving = state(client, camera)
        assert moving.moving and moving.holder == "keyboard:1"
        keyboard.play([Release()])
        stopped = wait_still(client, camera)
        assert 20.0 < stopped.position.pan_degrees < 180.0
        assert stopped.position.tilt_degrees > 0.0  # up is up
        assert wait_still(client, camera).position.pan_degrees == stopped.position.pan_degrees
        status = client.get_ptz_keyboard().status
        assert (status.selected_number, status.selected_camera_id) == (NUMBER, camera)
        assert status.last_refusal == ""
    assert_picture_shows(camsim, stopped)


def test_a_keyboard_preset_call_moves_the_camera_to_the_preset_and_preset_saves_there(
    camsim: CamsimProcess, server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    go(camsim, 0.5, 0.2, 0.3)
    with connect(server) as client:
        camera = add(client, camsim)
        gate = wait_still(client, camera)
        client.set_preset(camera, 5, "Gate")
        go(camsim, -0.5, -0.6, 0.0)
        yard = wait_still(client, camera)
        set_keyboard(client, keyboard, camera)
        keyboard.play([SelectCamera(NUMBER), SetPreset(9), CallPreset(5)])
        wait_for(
            lambda: (
                pan_apart_deg(state(client, camera).position.pan_degrees, yard.position.pan_degrees)
                > 1.0
            ),
            WAIT_S,
            "the camera on its way to preset 5",
        )
        at_5 = wait_still(client, camera)
        assert pan_apart_deg(at_5.position.pan_degrees, gate.position.pan_degrees) < 0.01
        assert abs(at_5.position.tilt_degrees - gate.position.tilt_degrees) < 0.01
        assert abs(at_5.position.zoom_fraction - gate.position.zoom_fraction) < 1e-6
        assert at_5.holder == "keyboard:1"
        # "9 PRESET" saved the yard; "5 PRESET" saves over the gate and keeps its name.
        keyboard.play([SetPreset(5)])
        wait_for(
            lambda: (
                [(p.number, p.name) for p in client.list_presets(camera)]
                == [(5, "Gate"), (9, "Preset 9")]
            ),
            WAIT_S,
            "presets 5 and 9 saved from the keyboard",
        )
        keyboard.play([CallPreset(9)])
        at_9 = wait_for_position(client, camera, yard)
        assert abs(at_9.position.tilt_degrees - yard.position.tilt_degrees) < 0.01
    assert_picture_shows(camsim, at_9)


def wait_for_position(
    client: Client, camera: int, where: ptz_pb2.GetPtzStateResponse
) -> ptz_pb2.GetPtzStateResponse:
    found: list[ptz_pb2.GetPtzStateResponse] = []

    def there() -> bool:
        found.append(state(client, camera))
        seen = found[-1]
        return (
            seen.HasField("moving")
            and not seen.moving
            and pan_apart_deg(seen.position.pan_degrees, where.position.pan_degrees) < 0.01
        )

    wait_for(there, WAIT_S, f"the camera at pan {where.position.pan_degrees:.2f}", 0.05)
    return found[-1]


def test_the_keyboard_is_denied_a_camera_a_higher_priority_holds_and_takes_it_from_a_lower(
    camsim: CamsimProcess, server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as admin:
        camera = add(admin, camsim)
        add_user(admin, "op", (), {"ptz": [camera]})  # an operator: priority 3000
        wait_still(admin, camera)
        set_keyboard(admin, keyboard, camera, priority=1000)
        with connect(server, "op") as op, op.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]

            def refused() -> bool:
                control.ping()
                keyboard.play([SelectCamera(NUMBER), Joystick(0.5, 0.0)])
                return "user:op" in admin.get_ptz_keyboard().status.last_refusal

            wait_for(refused, WAIT_S, "the keyboard's move refused", 0.1)
            control.ping()
            held = wait_still(admin, camera)
            assert held.holder == "user:op"
            assert pan_apart_deg(held.position.pan_degrees, 0.0) < 0.01
            control.stop()
            control.finish()

        # Above the operator now: the keyboard takes the camera from them.
        set_keyboard(admin, keyboard, camera, priority=5000)
        with connect(server, "op") as op, op.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            hold(
                keyboard,
                Joystick(0.5, 0.0),
                lambda: state(admin, camera).position.pan_degrees > 10.0,
                "the keyboard moving the operator's camera",
            )
            taken = control.next_event()
            assert taken is not None and taken.WhichOneof("event") == "taken_over"
            assert (taken.taken_over.by, taken.taken_over.priority) == ("keyboard:1", 5000)
            keyboard.play([Release()])
            control.close()
        assert wait_still(admin, camera).holder == "keyboard:1"
        takeovers = [
            e for e in admin.search_logs(types=["operation"]) if e.action == "ptz.takeover"
        ]
        assert any("keyboard:1" in e.message for e in takeovers)


def test_a_keyboard_unplugged_mid_move_stops_the_camera_and_says_so(
    camsim: CamsimProcess, server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as client:
        camera = add(client, camsim)
        wait_still(client, camera)
        # Sends only on change: no silence watchdog, only the lost port can stop it.
        set_keyboard(client, keyboard, camera, sends_only_changes=True)
        keyboard.play([SelectCamera(NUMBER), Joystick(-0.4, 0.0)])
        wait_for(
            lambda: 180.0 < state(client, camera).position.pan_degrees < 350.0,
            WAIT_S,
            "the camera panned left by the keyboard",
        )
        keyboard.close()  # the pty goes: the server's reads fail
        stopped = wait_still(client, camera)
        assert wait_still(client, camera).position.pan_degrees == stopped.position.pan_degrees
        status = client.get_ptz_keyboard().status
        assert not status.connected
        assert keyboard.device_path in status.last_error


def test_a_repeating_keyboard_that_falls_silent_mid_move_stops_the_camera(
    camsim: CamsimProcess, server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as client:
        camera = add(client, camsim)
        wait_still(client, camera)
        set_keyboard(client, keyboard, camera)
        keyboard.play([SelectCamera(NUMBER), Joystick(0.3, 0.0)])  # once, then silence
        wait_for(lambda: bool(state(client, camera).moving), WAIT_S, "the camera moving")
        stopped = wait_still(client, camera)
        assert wait_still(client, camera).position.pan_degrees == stopped.position.pan_degrees
        assert client.get_ptz_keyboard().status.connected


def test_a_camera_selected_and_a_server_key_reach_change_feed_subscribers(
    server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    with connect(server) as client:
        camera = int(client.create_camera("Gate", "rtsp://127.0.0.1:9/x", enabled=False).id)
        set_keyboard(client, keyboard, camera)
        seen: list[Any] = []
        with client.watch_events(timeout_s=STREAM_S) as stream:
            responses = iter(stream)
            assert next(responses).WhichOneof("event") == "heartbeat"

            def read() -> None:
                for response in responses:
                    if response.WhichOneof("event") == "keyboard":
                        seen.append(response.keyboard)
                        if len(seen) == 3:
                            return

            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            # CAM 3 and the joystick released: the selection is told; CAM 9, a number
            # that drives no camera: told without one; "7 CALL" to the server's own
            # address: its key 7.
            keyboard.play([SelectCamera(NUMBER), Release(), SelectCamera(9), Release()])
            keyboard.play([SelectCamera(OWN_ADDRESS), CallPreset(7)])
            reader.join(WAIT_S)
            assert not reader.is_alive(), f"keyboard events seen: {seen}"
        assert [(e.number, e.camera_id, e.dvr_key) for e in seen] == [
            (NUMBER, camera, 0),
            (9, 0, 0),
            (0, 0, 7),
        ]
        # Releases for cameras the keyboard never moved send nothing and refuse nothing.
        status = client.get_ptz_keyboard().status
        assert status.last_refusal == "keyboard camera 9 drives no camera"
        assert (status.selected_number, status.selected_camera_id) == (9, 0)


#: Bad keyboards and what the refusal says (one server for all: a server each took
#: 13 s of a loaded CI worker for a validation that takes milliseconds).
BAD_KEYBOARDS: list[tuple[dict[str, Any], str]] = [
    ({"serial_port": "/dev/ttyNoSuchPort9"}, "no such serial port '/dev/ttyNoSuchPort9'"),
    ({"baud_rate": 12345}, "keyboard.baud_rate: must be one of 1200, 2400"),
    ({"address": 0}, "keyboard.address"),
    ({"address": 300}, "within 1..255 on pelco-d, got 300"),
    ({"priority": 40000}, "keyboard.priority: must be within 1..32000"),
    ({"protocol": 0}, "keyboard.protocol"),
    ({"cameras": [ptz_pb2.PtzKeyboardCamera(number=OWN_ADDRESS, camera_id=1)]}, "own address"),
    (
        {"cameras": [ptz_pb2.PtzKeyboardCamera(number=2, camera_id=1)] * 2},
        "number 2 is given twice",
    ),
]


def test_a_bad_keyboard_is_refused_with_what_is_wrong(
    server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    with connect(server) as client:
        camera = int(client.create_camera("Gate", "rtsp://127.0.0.1:9/x", enabled=False).id)
        for fields, message in BAD_KEYBOARDS:
            settings: dict[str, Any] = {
                "serial_port": keyboard.device_path,
                "protocol": ptz_pb2.PTZ_PROTOCOL_PELCO_D,
                "address": OWN_ADDRESS,
                "cameras": [ptz_pb2.PtzKeyboardCamera(number=NUMBER, camera_id=camera)],
                **fields,
            }
            pattern = message.replace("(", r"\(").replace(".", r"\.")
            with pytest.raises(InvalidArgument, match=pattern):
                client.set_ptz_keyboard(ptz_pb2.PtzKeyboard(**settings))
            assert not client.get_ptz_keyboard().configured, fields  # nothing was stored
        with pytest.raises(NotFound, match="camera 999"):
            client.set_ptz_keyboard(
                ptz_pb2.PtzKeyboard(
                    serial_port=keyboard.device_path,
                    protocol=ptz_pb2.PTZ_PROTOCOL_PELCO_D,
                    address=OWN_ADDRESS,
                    cameras=[ptz_pb2.PtzKeyboardCamera(number=NUMBER, camera_id=999)],
                )
            )
        assert not client.get_ptz_keyboard().configured  # nothing was stored


def test_the_cli_sets_and_shows_the_keyboard_and_refuses_bad_input(
    server: ServerProcess, keyboard: PtyKeyboard, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    with connect(server) as client:
        gate = int(client.create_camera("Gate", "rtsp://127.0.0.1:9/x", enabled=False).id)
    shown = run_vedette(server, home, "ptz", "keyboard", "show")
    assert "no control keyboard" in shown
    run_vedette(server, home, "ptz", "keyboard", "set", "--port", keyboard.device_path,
                "--protocol", "d", "--baud", "9600", "--address", str(OWN_ADDRESS),
                "--camera", f"{NUMBER}=Gate")  # fmt: skip
    with connect(server) as client:
        wait_for(lambda: client.get_ptz_keyboard().status.connected, WAIT_S, "the port open")
    keyboard.play([SelectCamera(NUMBER), Release()])
    with connect(server) as client:
        wait_for(
            lambda: client.get_ptz_keyboard().status.selected_number == NUMBER,
            WAIT_S,
            "the selection seen",
        )
    shown = run_vedette(server, home, "ptz", "keyboard", "show")
    assert f"pelco-d on {keyboard.device_path} at 9600 baud, server address {OWN_ADDRESS}" in shown
    assert f"number {NUMBER} -> camera {gate} (Gate)" in shown
    assert "port: open" in shown
    assert f"selected: keyboard camera {NUMBER} -> camera {gate}" in shown
    # A change keeps the rest.
    run_vedette(server, home, "ptz", "keyboard", "set", "--priority", "4000", "--unmap", "3")
    stored = json.loads(run_vedette(server, home, "ptz", "keyboard", "show", "--json"))
    assert stored["keyboard"]["priority"] == 4000
    assert stored["keyboard"]["serial_port"] == keyboard.device_path
    assert stored["keyboard"].get("cameras", []) == []
    with connect(server) as client:
        changes = [
            e for e in client.search_logs(types=["operation"]) if e.action == "ptz.keyboard.set"
        ]
        assert len(changes) == 2 and all(e.username == "admin" for e in changes)
        assert keyboard.device_path in changes[0].detail_json

    for args, error, code in (
        (("set", "--baud", "12345"), "invalid choice: 12345", 2),
        (("set", "--address", "0"), "must be at least 1", 2),
        (("set", "--port", "/dev/ttyNoSuchPort9"), "no such serial port", 1),
        (("set", "--address", "256"), "within 1..255 on pelco-d, got 256", 1),
    ):
        process = vedette(server, home, "ptz", "keyboard", *args)
        _, err = process.communicate(timeout=120)
        assert process.returncode == code and error in err, err
    process = vedette(server, home, "ptz", "Gate", "show")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2 and "only `vedette ptz keyboard show`" in err


def test_a_port_that_carries_a_dome_is_refused_for_the_keyboard(
    server: ServerProcess, keyboard: PtyKeyboard
) -> None:
    with connect(server) as client:
        camera = int(client.create_camera("Dome", "rtsp://127.0.0.1:9/x", enabled=False).id)
        client.set_ptz_device(
            camera, protocol="pelco-d", serial_port=keyboard.device_path, address=1
        )
        with pytest.raises(FailedPrecondition, match=f"carries the dome of camera {camera}"):
            set_keyboard(client, keyboard, camera)
        assert not client.get_ptz_keyboard().configured


def test_a_keyboard_port_that_vanishes_and_comes_back_is_read_again(
    server: ServerProcess, tmp_path: Path
) -> None:
    """The port is a stable name (as udev's /dev/serial/by-id links are) for whichever
    adapter is plugged in: a pty, then, once that one is gone, another."""
    first, second = PtyKeyboard(Protocol.D), PtyKeyboard(Protocol.D)
    link = tmp_path / "usb-keyboard"
    try:
        link.symlink_to(first.start())
        with connect(server) as client:
            camera = int(client.create_camera("Gate", "rtsp://127.0.0.1:9/x", enabled=False).id)
            client.set_ptz_keyboard(
                ptz_pb2.PtzKeyboard(
                    serial_port=str(link),
                    protocol=ptz_pb2.PTZ_PROTOCOL_PELCO_D,
                    address=OWN_ADDRESS,
                    cameras=[ptz_pb2.PtzKeyboardCamera(number=NUMBER, camera_id=camera)],
                )
            )
            wait_for(lambda: client.get_ptz_keyboard().status.connected, WAIT_S, "port open")
            first.close()  # unplugged
            wait_for(
                lambda: str(link) in client.get_ptz_keyboard().status.last_error,
                WAIT_S,
                "the lost port in the status",
            )
            assert not client.get_ptz_keyboard().status.connected
            link.unlink()
            link.symlink_to(second.start())  # plugged back in
            wait_for(lambda: client.get_ptz_keyboard().status.connected, WAIT_S, "port again")
            assert client.get_ptz_keyboard().status.last_error == ""
            second.play([SelectCamera(NUMBER), Release()])
            wait_for(
                lambda: client.get_ptz_keyboard().status.selected_camera_id == camera,
                WAIT_S,
                "the new keyboard's selection",
            )
    finally:
        first.close()
        second.close()


def test_a_joystick_held_on_a_repeating_keyboard_keeps_a_pelco_dome_past_the_idle_end(
    server: ServerProcess,
    keyboard: PtyKeyboard,
    domes: Callable[[], Dome],  # noqa: F811 (the fixture imported above)
) -> None:
    """Repeated frames change nothing the decoder reports, yet each renews the
    keyboard's session: an operator of the same priority is still denied after the
    arbiter's idle end (15 s after the last command) has long passed."""
    dome = domes()
    with connect(server) as admin:
        camera = ptz_camera(admin, dome)
        add_user(admin, "op", (), {"ptz": [camera]})  # priority 3000, the keyboard's too
        set_keyboard(admin, keyboard, camera)
        keyboard.play([SelectCamera(NUMBER)])
        started = time.monotonic()
        hold(
            keyboard,
            Joystick(0.2, 0.0),
            lambda: time.monotonic() - started > DEFAULT_IDLE_TIMEOUT_S + 2.0,
            "the joystick held past the idle end",
        )
        assert dome.moving() and state(admin, camera).holder == "keyboard:1"
        with connect(server, "op") as op, op.ptz_control(camera, timeout_s=STREAM_S) as control:
            denied = control.next_event()
            assert denied is not None and denied.WhichOneof("event") == "denied"
            assert denied.denied.holder == "keyboard:1"
            control.close()
        keyboard.play([Release()])
        wait_for(lambda: not dome.moving(), WAIT_S, "the dome stopped by the release", 0.02)
