"""The serial port adapter on pyserial's ``loop://``: frames reach the loop, writes are
paced by wire time plus the gap (a fake clock), errors name the port."""

from __future__ import annotations

import asyncio

import pytest

from vedette_hw.pelco import Frame, Move, PelcoParser, Preset, PresetOp, Protocol, encode_d
from vedette_hw.serial_port import SerialPort, SerialPortError, SerialPortUnavailable

WAIT_S = 10.0


class FakeTime:
    """A clock that only moves when the port sleeps."""

    def __init__(self) -> None:
        self.now_s = 50.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now_s

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now_s += seconds


def test_frames_written_to_a_loopback_reach_the_event_loop_in_order() -> None:
    async def scenario() -> list[Frame]:
        loop = asyncio.get_running_loop()
        received: asyncio.Queue[Frame] = asyncio.Queue()
        errors: list[SerialPortError] = []
        port: SerialPort[Frame] = SerialPort(
            "loop://", 9600, PelcoParser(Protocol.D), inter_frame_gap_s=0.0
        )
        port.open(loop, received.put_nowait, errors.append)
        try:
            await port.send(encode_d(3, Move(pan=1, pan_speed=9)))
            await port.send(encode_d(3, Preset(PresetOp.GOTO, 12)))
            frames = [await asyncio.wait_for(received.get(), WAIT_S) for _ in range(2)]
        finally:
            port.close()
        assert errors == []
        return frames

    frames = asyncio.run(scenario())

    assert [frame.command for frame in frames] == [
        Move(pan=1, pan_speed=9),
        Preset(PresetOp.GOTO, 12),
    ]


def test_writes_are_paced_by_the_frame_wire_time_plus_the_gap() -> None:
    fake = FakeTime()

    async def scenario() -> None:
        port: SerialPort[Frame] = SerialPort(
            "loop://",
            2400,
            PelcoParser(Protocol.D),
            inter_frame_gap_s=0.020,
            clock=fake.clock,
            sleep=fake.sleep,
        )
        port.open(asyncio.get_running_loop(), lambda frame: None, lambda error: None)
        try:
            for _ in range(3):
                port.write_frame(encode_d(1, Move(tilt=1, tilt_speed=1)))
            fake.now_s += 1.0  # a pause longer than the gap: no wait
            port.write_frame(encode_d(1, Move(tilt=1, tilt_speed=1)))
        finally:
            port.close()

    asyncio.run(scenario())

    # 7 bytes × 10 bits at 2400 baud = 29.2 ms, plus 20 ms.
    assert fake.sleeps == [pytest.approx(0.049167, abs=1e-5)] * 2


def test_a_port_that_cannot_be_opened_names_itself() -> None:
    port: SerialPort[Frame] = SerialPort("/dev/vedette-no-such-port", 2400, PelcoParser(Protocol.D))

    async def scenario() -> None:
        port.open(asyncio.get_running_loop(), lambda frame: None, lambda error: None)

    with pytest.raises(SerialPortUnavailable, match="serial port /dev/vedette-no-such-port: ") as e:
        asyncio.run(scenario())
    assert e.value.port == "/dev/vedette-no-such-port"


def test_writing_to_a_closed_port_is_an_error_naming_it() -> None:
    async def scenario() -> None:
        port: SerialPort[Frame] = SerialPort("loop://", 2400, PelcoParser(Protocol.D))
        port.open(asyncio.get_running_loop(), lambda frame: None, lambda error: None)
        port.close()
        port.write_frame(encode_d(1, Move()))

    with pytest.raises(SerialPortError, match="serial port loop://: not open"):
        asyncio.run(scenario())


@pytest.mark.parametrize("baud_rate", [0, -9600, 2400.5])
def test_the_baud_rate_must_be_a_positive_integer(baud_rate: int) -> None:
    with pytest.raises(ValueError, match="baud_rate must be a positive integer"):
        SerialPort("loop://", baud_rate, PelcoParser(Protocol.D))
