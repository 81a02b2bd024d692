"""VirtualIo, the in-memory I/O device, and the pulse logic every device shares: on
then off, extension, cancel by set_output, the off retried after a failure, clear
errors for bad numbers and an unreachable device."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from tests.support.modbus_box import eventually

from vedette_hw.io_port import IoDevice, IoDeviceUnreachable, NoSuchIoPoint
from vedette_hw.virtual_io import VirtualIo


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), 120))


def test_inputs_read_what_was_set_and_outputs_what_was_written() -> None:
    async def scenario() -> None:
        device: IoDevice = VirtualIo(3, 2)
        assert isinstance(device, VirtualIo)
        device.set_input(1, True)
        assert await device.read_inputs() == (False, True, False)
        await device.set_output(0, True)
        assert await device.read_outputs() == (True, False)

    run(scenario)


def test_a_pulse_writes_on_then_off() -> None:
    async def scenario() -> None:
        device = VirtualIo(0, 2)
        await device.pulse_output(1, 0.05)
        assert await device.read_outputs() == (False, True)
        await eventually("the pulse ended", lambda: len(device.writes) == 2)
        assert device.writes == [(1, True), (1, False)]
        assert await device.read_outputs() == (False, False)

    run(scenario)


def test_a_pulse_asked_while_the_off_is_written_starts_a_new_pulse() -> None:
    async def scenario() -> None:
        device = VirtualIo(0, 1)
        await device.pulse_output(0, 0.05)
        await eventually("the first pulse ended", lambda: len(device.writes) == 2)
        await device.pulse_output(0, 0.05)
        await eventually("the second pulse ended", lambda: len(device.writes) == 4)
        assert device.writes == [(0, True), (0, False)] * 2

    run(scenario)


def test_the_off_is_retried_when_the_device_failed() -> None:
    async def scenario() -> None:
        device = VirtualIo(0, 1, pulse_retry_delay_s=1.0)
        await device.pulse_output(0, 0.05)
        device.unreachable = True
        await eventually("the pulse's end passed", lambda: device.pulse_ends_at(0) is None)
        device.unreachable = False
        await eventually("a retried off went out", lambda: len(device.writes) == 2)
        assert device.writes == [(0, True), (0, False)]

    run(scenario)


def test_an_unreachable_device_and_bad_numbers_give_clear_errors() -> None:
    async def scenario() -> None:
        device = VirtualIo(2, 2, name="virtual box 9")
        with pytest.raises(NoSuchIoPoint, match="virtual box 9: no output 2"):
            await device.set_output(2, True)
        with pytest.raises(NoSuchIoPoint, match="no input -1"):
            device.set_input(-1, True)
        device.unreachable = True
        with pytest.raises(IoDeviceUnreachable, match="virtual box 9: read inputs"):
            await device.read_inputs()
        with pytest.raises(ValueError, match="output_count"):
            VirtualIo(1, -1)

    run(scenario)
