"""What ``PelcoPtzDriver`` puts on the wire, byte for byte, read from the raw end of a
pty: speeds from velocities (turbo on Pelco-D only), lens speeds sent when they change,
presets and the function presets it keeps, position read-back that gives up, and two
domes sharing one line."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from tests.support.threads import no_thread_outlives_the_test  # noqa: F401
from vedette_hw.pelco import (
    MAX_SPEED,
    TURBO,
    Axis,
    FocusSpeed,
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
    ZoomSpeed,
    encode,
    pan_to_wire,
    tilt_to_wire,
    zoom_to_wire,
)
from vedette_hw.pelco_driver import (
    PelcoDevice,
    PelcoPtzDriver,
    PelcoStatus,
    ReservedPreset,
    axis_speed,
    lens_speed,
)
from vedette_hw.pelco_line import PelcoLine
from vedette_hw.serial_port import SerialPortUnavailable
from vedette_hw.sim.pty_endpoint import PtyEndpoint
from vedette_server.ptz.model import Velocity

WAIT_S = 10.0


@pytest.fixture
def pty() -> Iterator[PtyEndpoint]:
    endpoint = PtyEndpoint()
    endpoint.open()
    yield endpoint
    endpoint.close()


async def read_frames(pty: PtyEndpoint, size: int, count: int) -> list[bytes]:
    """The next ``count`` frames of ``size`` bytes the driver wrote."""
    data = b""
    deadline = time.monotonic() + WAIT_S
    while len(data) < size * count:
        assert time.monotonic() < deadline, f"only {data.hex(' ')} arrived"
        data += await asyncio.to_thread(pty.read, 0.05)
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_velocities_map_to_pelco_speeds() -> None:
    assert axis_speed(0.0, allow_turbo=True) == (0, 0)
    assert axis_speed(1.0, allow_turbo=True) == (1, TURBO)
    assert axis_speed(1.0, allow_turbo=False) == (1, MAX_SPEED)
    assert axis_speed(-0.5, allow_turbo=True) == (-1, 32)
    assert axis_speed(0.001, allow_turbo=True) == (1, 1), "a touch still moves"
    assert [lens_speed(v) for v in (0.0, 0.2, 0.25, 0.5, 0.75, 1.0, -1.0)] == [0, 0, 0, 1, 2, 3, 3]
    with pytest.raises(ValueError, match=r"velocity must be within -1\.\.1, got 1\.5"):
        axis_speed(1.5, allow_turbo=True)


def test_pelco_d_moves_presets_and_stop_go_out_byte_exact(pty: PtyEndpoint) -> None:
    async def scenario() -> list[bytes]:
        driver = await PelcoPtzDriver.open(
            pty.device_path,
            PelcoDevice(5, Protocol.D, reserved_presets=frozenset({95})),
            inter_frame_gap_s=0.0,
        )
        try:
            await driver.continuous(Velocity(pan=1.0, tilt=-0.5))
            await driver.continuous(Velocity(zoom=0.5, iris=1.0))
            await driver.continuous(Velocity(zoom=-0.5))  # same zoom speed: not resent
            await driver.continuous(Velocity())
            await driver.goto_preset(3, 0.5)
            await driver.set_preset(4)
            with pytest.raises(ReservedPreset, match="preset 95 of Pelco camera 5 is reserved"):
                await driver.set_preset(95)
            with pytest.raises(ReservedPreset):
                await driver.clear_preset(95)
            await driver.clear_preset(95, force=True)
            await driver.stop()
            return await read_frames(pty, 7, 9)
        finally:
            await driver.aclose()

    frames = asyncio.run(scenario())

    assert frames == [
        encode(Protocol.D, 5, c)
        for c in (
            Move(pan=1, tilt=-1, pan_speed=TURBO, tilt_speed=32),
            ZoomSpeed(1),
            Move(zoom=1, iris=1),
            Move(zoom=-1),
            Stop(),
            Preset(PresetOp.GOTO, 3),
            Preset(PresetOp.SET, 4),
            Preset(PresetOp.CLEAR, 95),
            Stop(),
        )
    ]


def test_pelco_p_has_no_turbo_no_read_back_and_uses_its_variant(pty: PtyEndpoint) -> None:
    async def scenario() -> tuple[list[bytes], PelcoStatus]:
        driver = await PelcoPtzDriver.open(
            pty.device_path, PelcoDevice(1, Protocol.P, PVariant.D_STYLE), inter_frame_gap_s=0.0
        )
        try:
            assert not driver.capabilities.has_absolute_position
            await driver.continuous(Velocity(pan=-1.0, focus=1.0))
            status = await driver.status()
            return await read_frames(pty, 8, 2), status
        finally:
            await driver.aclose()

    frames, status = asyncio.run(scenario())

    assert frames == [
        encode(Protocol.P, 1, FocusSpeed(3), PVariant.D_STYLE),
        encode(Protocol.P, 1, Move(pan=-1, focus=1, pan_speed=MAX_SPEED), PVariant.D_STYLE),
    ]
    assert status == PelcoStatus(None, True)


def test_position_read_back_answers_and_gives_up_on_a_silent_dome(pty: PtyEndpoint) -> None:
    async def scenario() -> tuple[PelcoStatus, PelcoStatus]:
        driver = await PelcoPtzDriver.open(
            pty.device_path, PelcoDevice(9, Protocol.D, query_timeout_s=0.2), inter_frame_gap_s=0.0
        )
        try:
            silent = await driver.status()  # nobody answers the pan query
            parser = PelcoParser(Protocol.D)
            answering = asyncio.create_task(driver.status())
            replies = {
                Axis.PAN: pan_to_wire(123.45),
                Axis.TILT: tilt_to_wire(-30.0),
                Axis.ZOOM: zoom_to_wire(0.25),
            }
            answered: list[Axis] = []  # the silent status' pan query comes first
            deadline = time.monotonic() + WAIT_S
            while Axis.ZOOM not in answered:
                assert time.monotonic() < deadline, "the driver stopped asking"
                for frame in parser.feed(await asyncio.to_thread(pty.read, 0.05)):
                    if isinstance(frame.command, Query):
                        axis = frame.command.axis
                        reply = encode(Protocol.D, 9, PositionReply(axis, replies[axis]))
                        await asyncio.to_thread(pty.write, reply)
                        answered.append(axis)
            return silent, await answering
        finally:
            await driver.aclose()

    silent, answered = asyncio.run(scenario())

    assert silent.position is None
    position = answered.position
    assert position is not None
    assert position.pan_deg == pytest.approx(123.45)
    assert position.tilt_deg == pytest.approx(-30.0)
    assert position.zoom_fraction == pytest.approx(0.25, abs=1e-4)


def test_a_port_that_cannot_be_opened_is_named_in_the_error() -> None:
    async def scenario() -> None:
        await PelcoPtzDriver.open("/dev/does-not-exist-ptz", PelcoDevice(1))

    with pytest.raises(SerialPortUnavailable, match="serial port /dev/does-not-exist-ptz"):
        asyncio.run(scenario())


def test_a_device_with_an_impossible_address_is_refused() -> None:
    with pytest.raises(ValueError, match=r"camera must be within 1\.\.255 on pelco-d, got 256"):
        PelcoDevice(256, Protocol.D)
    assert PelcoDevice(256, Protocol.P).camera == 256
    with pytest.raises(ValueError, match=r"reserved preset must be within 1\.\.255, got 0"):
        PelcoDevice(1, reserved_presets=frozenset({0}))


def test_domes_sharing_one_line_get_their_own_frames_and_their_own_replies(
    pty: PtyEndpoint,
) -> None:
    pans = {1: 10.0, 2: 200.0}

    async def answer_queries() -> list[Frame]:
        """Each dome on the bus answers the queries for its own address, until the
        last frame of the scenario (a stop) has come."""
        parser, seen = PelcoParser(Protocol.D), list[Frame]()
        deadline = time.monotonic() + WAIT_S
        while not seen or not isinstance(seen[-1].command, Stop):
            assert time.monotonic() < deadline, f"the bus saw only {seen}"
            for frame in parser.feed(await asyncio.to_thread(pty.read, 0.02)):
                seen.append(frame)
                if isinstance(frame.command, Query):
                    value = {
                        Axis.PAN: pan_to_wire(pans[frame.camera]),
                        Axis.TILT: tilt_to_wire(-frame.camera),
                        Axis.ZOOM: 0,
                    }[frame.command.axis]
                    reply = PositionReply(frame.command.axis, value)
                    await asyncio.to_thread(pty.write, encode(Protocol.D, frame.camera, reply))
        return seen

    async def scenario() -> tuple[list[PelcoStatus], list[Frame]]:
        line = PelcoLine(pty.device_path, 9600, Protocol.D, inter_frame_gap_s=0.0)
        await line.open()
        one = PelcoPtzDriver(line, PelcoDevice(1, query_timeout_s=WAIT_S))
        two = PelcoPtzDriver(line, PelcoDevice(2, query_timeout_s=WAIT_S))
        bus = asyncio.create_task(answer_queries())
        try:
            await one.continuous(Velocity(pan=0.5))
            await two.goto_preset(4, 1.0)
            statuses = await asyncio.gather(one.status(), two.status())
            await one.aclose()  # a driver on a shared line leaves it open
            await two.stop()
            seen = await bus
        finally:
            bus.cancel()
            await line.aclose()
        return list(statuses), seen

    statuses, seen = asyncio.run(scenario())

    assert [s.position.pan_deg for s in statuses if s.position] == [10.0, 200.0]
    assert [s.position.tilt_deg for s in statuses if s.position] == [-1.0, -2.0]
    commands = [(f.camera, f.command) for f in seen if not isinstance(f.command, Query)]
    assert commands == [
        (1, Move(pan=1, pan_speed=32)),
        (2, Preset(PresetOp.GOTO, 4)),
        (2, Stop()),
    ]
