"""Pelco over real pseudo-terminals: the driver side opens the pty's device path with
pyserial (as it would a USB–RS-485 adapter), the simulators sit on the raw master end.

A move reaches the dome simulator and its position query is answered; a port whose pty
is closed reports ``SerialPortLost`` naming it; a scripted keyboard is decoded into
events. Motion runs on a fake clock; every wait is a bounded poll."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from tests.support.threads import ThreadSafeFakeClock as FakeClock
from tests.support.threads import no_thread_outlives_the_test  # noqa: F401 (autouse)
from vedette_hw.keyboard import (
    CallPreset,
    DvrKey,
    KeyboardDecoder,
    KeyboardEvent,
    KeyboardMove,
    KeyboardReader,
    KeyboardStop,
    SelectCamera,
    SetPreset,
)
from vedette_hw.pelco import (
    Axis,
    Command,
    Frame,
    Move,
    PelcoParser,
    PositionReply,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Query,
    Stop,
    encode,
    encode_d,
    pan_from_wire,
)
from vedette_hw.serial_port import SerialPort, SerialPortError, SerialPortLost
from vedette_hw.sim import keyboard as sim_keyboard
from vedette_hw.sim.pelco_dome import PelcoDome, PtyPelcoDome
from vedette_hw.sim.ptz_model import MoveStatus, PtzLimits, PtzModel, PtzPosition

WAIT_S = 10.0
LIMITS = PtzLimits(pan_speed_max_deg_s=90.0, pan_accel_deg_s2=900.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def start_dome(clock: FakeClock, protocol: Protocol, camera: int) -> PtyPelcoDome:
    dome = PtyPelcoDome(PelcoDome(camera, protocol, PtzModel(clock, LIMITS)))
    dome.start()
    return dome


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up after {WAIT_S} s waiting for {what}"
        await asyncio.sleep(0.005)


def test_a_move_through_the_pty_turns_the_dome_and_its_position_is_answered(
    clock: FakeClock,
) -> None:
    dome = start_dome(clock, Protocol.D, camera=7)

    async def scenario() -> PositionReply:
        replies: asyncio.Queue[Frame] = asyncio.Queue()
        errors: list[SerialPortError] = []
        port: SerialPort[Frame] = SerialPort(dome.device_path, 2400, PelcoParser(Protocol.D))
        port.open(asyncio.get_running_loop(), replies.put_nowait, errors.append)
        try:
            await port.send(encode_d(7, Move(pan=1, pan_speed=0x3F)))
            await wait_until(lambda: dome.counts()[0] == 1, "the dome to take the move")
            clock.advance(2.0)
            assert dome.status().pan_tilt is MoveStatus.MOVING
            await port.send(encode_d(7, Stop()))
            await wait_until(lambda: dome.counts()[0] == 2, "the dome to take the stop")
            clock.advance(1.0)
            await port.send(encode_d(7, Query(Axis.PAN)))
            reply = await asyncio.wait_for(replies.get(), WAIT_S)
        finally:
            port.close()
        assert errors == []
        assert reply.camera == 7
        assert isinstance(reply.command, PositionReply)
        return reply.command

    try:
        answer = asyncio.run(scenario())
        status = dome.status()
    finally:
        dome.close()

    # 2 s at 90°/s with 0.1 s ramps up and down: 180° of pan.
    assert status.pan_tilt is MoveStatus.IDLE
    assert status.position.pan_deg == pytest.approx(180.0, abs=0.01)
    assert answer.axis is Axis.PAN
    assert pan_from_wire(answer.value) == pytest.approx(status.position.pan_deg, abs=0.01)


@pytest.mark.parametrize("variant", list(PVariant))
def test_pelco_p_presets_through_the_pty_reach_the_right_dome(
    clock: FakeClock, variant: PVariant
) -> None:
    dome = PtyPelcoDome(
        PelcoDome(1, Protocol.P, PtzModel(clock, LIMITS, home=PtzPosition(0, 0)), variant)
    )
    dome.start()

    async def scenario() -> None:
        port: SerialPort[Frame] = SerialPort(dome.device_path, 4800, PelcoParser(Protocol.P))
        port.open(asyncio.get_running_loop(), lambda frame: None, lambda error: None)
        try:
            frames: list[Command] = [
                Move(pan=-1, tilt=-1, pan_speed=0x3F, tilt_speed=0x3F),
                Stop(),
                Preset(PresetOp.SET, 33),
                Move(pan=1, pan_speed=0x10),  # for camera 2: not this dome
                Preset(PresetOp.GOTO, 1),  # never set: ignored
            ]
            for index, command in enumerate(frames):
                camera = 2 if index == 3 else 1
                await port.send(encode(Protocol.P, camera, command, variant))
                if index == 0:
                    await wait_until(lambda: dome.counts()[0] == 1, "the move")
                    clock.advance(0.5)
            await wait_until(lambda: sum(dome.counts()) == 4, "every frame for camera 1")
        finally:
            port.close()

    try:
        asyncio.run(scenario())
        clock.advance(5.0)
        status = dome.status()
        counts = dome.counts()
    finally:
        dome.close()

    assert counts == (3, 1)
    assert status.pan_tilt is MoveStatus.IDLE
    assert 300.0 < status.position.pan_deg < 360.0, "it panned left, wrapping through 0°"
    assert status.position.tilt_deg < -10.0


def test_a_port_whose_pty_vanishes_reports_a_clear_error_and_refuses_writes(
    clock: FakeClock,
) -> None:
    dome = start_dome(clock, Protocol.D, camera=1)
    path = dome.device_path

    async def scenario() -> tuple[SerialPortError, SerialPortLost | None]:
        errors: asyncio.Queue[SerialPortError] = asyncio.Queue()
        port: SerialPort[Frame] = SerialPort(path, 9600, PelcoParser(Protocol.D))
        port.open(asyncio.get_running_loop(), lambda frame: None, errors.put_nowait)
        try:
            await port.send(encode_d(1, Stop()))
            dome.close()  # the master end goes away: the device is gone
            error = await asyncio.wait_for(errors.get(), WAIT_S)
            with pytest.raises(SerialPortLost, match=f"serial port {path}: lost"):
                await port.send(encode_d(1, Stop()))
        finally:
            port.close()
        assert errors.empty(), "the loss is reported once"
        return error, port.lost

    try:
        error, lost = asyncio.run(scenario())
    finally:
        dome.close()

    assert isinstance(error, SerialPortLost)
    assert error.port == path
    assert lost is error


def test_a_scripted_keyboard_on_a_pty_is_decoded_into_events() -> None:
    keyboard = sim_keyboard.PtyKeyboard(Protocol.P)
    path = keyboard.start()
    script: list[sim_keyboard.KeyAction] = [
        sim_keyboard.SelectCamera(3),
        sim_keyboard.Joystick(x=1.0, y=0.0),
        sim_keyboard.Joystick(x=1.0, y=0.0),  # held: the keyboard repeats
        sim_keyboard.Joystick(x=0.0, y=-1.0, zoom=1),
        sim_keyboard.Release(),
        sim_keyboard.SetPreset(10),
        sim_keyboard.SelectCamera(4),
        sim_keyboard.CallPreset(10),
        sim_keyboard.SelectCamera(64),  # Vedette's own address: DVR key 2
        sim_keyboard.CallPreset(2),
    ]
    expected: list[KeyboardEvent] = [
        SelectCamera(3),
        KeyboardMove(3, vx=1.0, vy=0.0),
        KeyboardMove(3, vx=0.0, vy=-1.0, zoom=1),
        KeyboardStop(3),
        SetPreset(3, 10),
        SelectCamera(4),
        CallPreset(4, 10),
        DvrKey(2),
    ]

    async def scenario() -> list[KeyboardEvent]:
        events: list[KeyboardEvent] = []
        errors: list[SerialPortError] = []
        reader = KeyboardReader(
            path,
            9600,
            Protocol.P,
            KeyboardDecoder(lambda: 0.0, own_address=64),  # the watchdog is unit-tested
            events.append,
            errors.append,
        )
        await reader.start()
        try:
            keyboard.write_raw(b"\x13\xa0\x37")  # line noise before the first frame
            keyboard.play(script)
            await wait_until(lambda: len(events) >= len(expected), "every keyboard event")
        finally:
            await reader.aclose()
        assert errors == []
        return events

    try:
        events = asyncio.run(scenario())
    finally:
        keyboard.close()

    assert events == expected
