"""A Pelco dome must never be left moving because a status query was late (the "dome
that would not stop" seen under CPU load), over real pseudo-terminals:

- a position reply that comes after its query gave up is not taken as the answer to
  the next query, and the status that timed out says "unknown", never "not moving";
- when the camera's runtime is dropped (its gate and line closed after a device
  error) while the dome moves, the dome is stopped, and the stop of an operator who
  still held the camera is not refused: the driver reopens the port for it;
- the dome simulator keeps obeying the bus while nobody reads its replies.

The mechanism is produced on purpose (a reply held back, a line closed, a reader
missing), not by loading the CPU. Every wait is a bounded poll.
"""

from __future__ import annotations

import asyncio
import os
import select
import time
import tty
from collections.abc import Callable, Iterator

import pytest

from tests.support.threads import ThreadSafeFakeClock as FakeClock
from tests.support.threads import no_thread_outlives_the_test  # noqa: F401 (autouse)
from vedette_hw.pelco import (
    Axis,
    Move,
    PelcoParser,
    PositionReply,
    Protocol,
    Query,
    Stop,
    encode,
    encode_d,
    pan_to_wire,
    tilt_to_wire,
    zoom_to_wire,
)
from vedette_hw.pelco_driver import PelcoDevice, PelcoPtzDriver
from vedette_hw.pelco_line import PelcoLine
from vedette_hw.serial_port import SerialPortError
from vedette_hw.sim.pelco_dome import PelcoDome, PtyPelcoDome
from vedette_hw.sim.pty_endpoint import PtyEndpoint
from vedette_hw.sim.ptz_model import MoveStatus, PtzLimits, PtzModel
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import Velocity
from vedette_server.ptz.serial_device import PelcoLines, SerialPtzDevice

WAIT_S = 10.0
CAMERA = 9
LIMITS = PtzLimits(pan_speed_max_deg_s=90.0, pan_accel_deg_s2=900.0)


@pytest.fixture
def pty() -> Iterator[PtyEndpoint]:
    endpoint = PtyEndpoint()
    endpoint.open()
    yield endpoint
    endpoint.close()


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up after {WAIT_S} s waiting for {what}"
        await asyncio.sleep(0.005)


async def next_command(pty: PtyEndpoint, parser: PelcoParser) -> object:
    """The next command the driver put on the wire."""
    pending: list[object] = []
    deadline = time.monotonic() + WAIT_S
    while not pending:
        assert time.monotonic() < deadline, "the driver sent nothing"
        pending += [f.command for f in parser.feed(await asyncio.to_thread(pty.read, 0.05))]
    assert len(pending) == 1, pending
    return pending[0]


def reply(axis: Axis, value: int) -> bytes:
    return encode(Protocol.D, CAMERA, PositionReply(axis, value))


def test_a_late_reply_is_not_the_next_answer_and_a_timed_out_status_is_unknown(
    pty: PtyEndpoint,
) -> None:
    async def scenario() -> None:
        # Frames 1.5 s apart: the next query waits on the line, so a late reply is
        # known to arrive before that query goes out.
        driver = await PelcoPtzDriver.open(
            pty.device_path,
            PelcoDevice(CAMERA, Protocol.D, query_timeout_s=0.2),
            inter_frame_gap_s=1.5,
        )
        parser = PelcoParser(Protocol.D)
        try:
            await driver.continuous(Velocity(pan=0.5))
            assert isinstance(await next_command(pty, parser), Move)

            timed_out = await driver.status()  # the pan query gets no answer in time
            assert await next_command(pty, parser) == Query(Axis.PAN)
            # Unknown, not "moving" from memory and never "not moving".
            assert timed_out.position is None
            assert timed_out.moving is None

            second = asyncio.create_task(driver.status())
            await asyncio.sleep(0.05)  # its pan query waits for the line
            await asyncio.to_thread(pty.write, reply(Axis.PAN, pan_to_wire(10.0)))  # late
            assert await next_command(pty, parser) == Query(Axis.PAN)
            await asyncio.to_thread(pty.write, reply(Axis.PAN, pan_to_wire(200.0)))
            assert await next_command(pty, parser) == Query(Axis.TILT)
            await asyncio.to_thread(pty.write, reply(Axis.TILT, tilt_to_wire(-20.0)))
            assert await next_command(pty, parser) == Query(Axis.ZOOM)
            await asyncio.to_thread(pty.write, reply(Axis.ZOOM, zoom_to_wire(0.5)))
            answered = await asyncio.wait_for(second, WAIT_S)

            assert answered.position is not None
            assert answered.position.pan_deg == pytest.approx(200.0)  # not the late 10°
            assert answered.position.tilt_deg == pytest.approx(-20.0)
            assert answered.moving is True
            assert driver._line.late_replies == 1
        finally:
            await driver.aclose()

    asyncio.run(scenario())


def test_a_dropped_runtime_stops_its_dome_and_a_stale_stop_still_reaches_it() -> None:
    clock = FakeClock()
    dome = PtyPelcoDome(PelcoDome(CAMERA, Protocol.D, PtzModel(clock, LIMITS)))
    path = dome.start()

    def stopped() -> bool:
        clock.advance(0.05)
        return dome.status().pan_tilt is MoveStatus.IDLE

    async def scenario() -> None:
        lines = PelcoLines(query_timeout_s=0.2)
        driver, hold = await lines.open_driver(1, SerialPtzDevice(Protocol.D, path, CAMERA))
        gate = CommandGate(1, driver)
        try:
            assert await gate.continuous(Velocity(pan=1.0))
            await wait_until(lambda: dome.status().pan_tilt is MoveStatus.MOVING, "the move")
            # What PtzService does when a driver call fails (a status that raised):
            # the camera's gate and its hold on the line are closed, while the
            # operator's control session and dead-man keep this very gate.
            await gate.aclose()
            await hold.aclose()
            await wait_until(stopped, "the dropped runtime to stop its dome")
            handled, _ = dome.counts()

            # The stale session's stop (its release, or its dead-man) is not refused:
            # it reaches the dome although the gate and the line are closed.
            await asyncio.wait_for(gate.stop(), WAIT_S)
            await wait_until(lambda: dome.counts()[0] == handled + 1, "the stale stop")
        finally:
            await lines.aclose()

    try:
        asyncio.run(scenario())
    finally:
        dome.close()


def test_a_driver_whose_line_was_closed_reopens_the_port_for_a_stop(pty: PtyEndpoint) -> None:
    async def scenario() -> None:
        line = PelcoLine(pty.device_path, 9600, Protocol.D, inter_frame_gap_s=0.0)
        await line.open()
        driver = PelcoPtzDriver(line, PelcoDevice(CAMERA, Protocol.D))
        parser = PelcoParser(Protocol.D)
        await driver.continuous(Velocity(pan=-1.0))
        assert isinstance(await next_command(pty, parser), Move)
        await line.aclose()  # the line is gone (closed, or failed and dropped)
        with pytest.raises(SerialPortError, match="not open"):
            await driver.continuous(Velocity(pan=1.0))  # moves are refused
        await asyncio.wait_for(driver.stop(), WAIT_S)  # the stop is not
        assert await next_command(pty, parser) == Stop()

    asyncio.run(scenario())


def test_the_dome_simulator_obeys_the_bus_while_nobody_reads_its_replies() -> None:
    clock = FakeClock()
    dome = PtyPelcoDome(PelcoDome(CAMERA, Protocol.D, PtzModel(clock, LIMITS)))
    path = dome.start()
    port = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        tty.setraw(port)
        # Far more queries than the pty holds replies (~100 kB of them), then a move;
        # nothing reads the replies.
        data = encode_d(CAMERA, Query(Axis.PAN)) * 15_000 + encode_d(
            CAMERA, Move(pan=1, pan_speed=0x3F)
        )
        view = memoryview(data)
        deadline = time.monotonic() + WAIT_S
        while view:
            assert time.monotonic() < deadline, (
                f"the dome stopped reading the bus with {len(view)} bytes unread"
            )
            _, ready, _ = select.select([], [port], [], 0.1)
            if ready:
                view = view[os.write(port, view) :]
        deadline = time.monotonic() + WAIT_S
        while dome.status().pan_tilt is not MoveStatus.MOVING:
            assert time.monotonic() < deadline, "the move after the queries was not obeyed"
            time.sleep(0.005)
        os.write(port, encode_d(CAMERA, Stop()))
        deadline = time.monotonic() + WAIT_S
        while True:
            clock.advance(0.05)
            if dome.status().pan_tilt is MoveStatus.IDLE:
                break
            assert time.monotonic() < deadline, "the stop was not obeyed"
            time.sleep(0.005)
        assert dome.replies_dropped > 0
    finally:
        os.close(port)
        dome.close()


def test_a_reply_torn_across_reads_after_line_noise_is_still_the_answer(
    pty: PtyEndpoint,
) -> None:
    async def scenario() -> None:
        driver = await PelcoPtzDriver.open(
            pty.device_path,
            PelcoDevice(CAMERA, Protocol.D, query_timeout_s=WAIT_S),
            inter_frame_gap_s=0.0,
        )
        parser = PelcoParser(Protocol.D)
        try:
            reading = asyncio.create_task(driver.status())
            assert await next_command(pty, parser) == Query(Axis.PAN)
            pan = reply(Axis.PAN, pan_to_wire(77.7))
            # Noise: a stray sync byte and the tail of a torn frame, then the reply in
            # two pieces with a pause between them.
            await asyncio.to_thread(pty.write, b"\xff\x00\xff" + pan[3:] + pan[:3])
            await asyncio.sleep(0.1)
            await asyncio.to_thread(pty.write, pan[3:])
            assert await next_command(pty, parser) == Query(Axis.TILT)
            await asyncio.to_thread(pty.write, reply(Axis.TILT, tilt_to_wire(-5.0)))
            assert await next_command(pty, parser) == Query(Axis.ZOOM)
            await asyncio.to_thread(pty.write, reply(Axis.ZOOM, zoom_to_wire(0.0)))
            status = await asyncio.wait_for(reading, WAIT_S)
            assert status.position is not None
            assert status.position.pan_deg == pytest.approx(77.7)
            assert status.position.tilt_deg == pytest.approx(-5.0)
        finally:
            await driver.aclose()

    asyncio.run(scenario())
