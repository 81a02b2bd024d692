"""ModbusIo against pymodbus's own Modbus TCP server on 127.0.0.1 (an ephemeral port) as
the I/O box: inputs read from the box's datastore, outputs written to its coils,
pulses that end off even when the caller has gone, a box that does not answer, and
the box's refusals (illegal address, unknown unit)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from tests.support.modbus_box import ModbusBox, SwitchableLink, eventually

from vedette_hw.io_port import IoDevice, IoDeviceError, IoDeviceUnreachable, NoSuchIoPoint
from vedette_hw.modbus_io import ModbusIo, ModbusIoConfig

BOUND_S = 20.0  # generous: a loaded 2-core machine


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), 120))


@asynccontextmanager
async def box_and_device(**config: object) -> AsyncIterator[tuple[ModbusBox, ModbusIo]]:
    box = await ModbusBox().start()
    settings: dict[str, object] = {"input_count": 6, "output_count": 6} | config
    device = ModbusIo(ModbusIoConfig("127.0.0.1", box.port, **settings))  # type: ignore[arg-type]
    try:
        yield box, device
    finally:
        await device.aclose()
        await box.stop()


def as_port(device: ModbusIo) -> IoDevice:
    """mypy checks here that ModbusIo implements the port."""
    return device


def test_reads_the_inputs_the_box_holds() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            assert await as_port(device).read_inputs() == (False,) * 6
            await box.set_input(0, True)
            await box.set_input(3, True)
            assert await device.read_inputs() == (True, False, False, True, False, False)

    run(scenario)


def test_input_base_shifts_the_addresses_read() -> None:
    async def scenario() -> None:
        async with box_and_device(input_base=4, input_count=3) as (box, device):
            await box.set_input(5, True)
            assert await device.read_inputs() == (False, True, False)

    run(scenario)


def test_set_output_writes_the_coil_and_reads_it_back() -> None:
    async def scenario() -> None:
        async with box_and_device(output_base=8) as (box, device):
            await device.set_output(2, True)
            assert (await box.coils())[10] is True
            assert await device.read_outputs() == (False, False, True, False, False, False)
            await device.set_output(2, False)
            assert (await box.coils())[10] is False
            assert await device.read_outputs() == (False,) * 6
            assert box.coil_writes == [(10, True), (10, False)]

    run(scenario)


def test_a_pulse_turns_the_coil_on_then_off() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            await device.pulse_output(1, 0.3)
            assert (await box.coils())[1] is True  # the on was answered before returning
            await eventually("the pulse's off reached the box", lambda: len(box.coil_writes) == 2)
            assert box.coil_writes == [(1, True), (1, False)]
            assert (await box.coils())[1] is False
            assert device.pulse_ends_at(1) is None

    run(scenario)


def test_a_pulse_ends_off_even_when_the_caller_is_cancelled() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            caller = asyncio.create_task(device.pulse_output(0, 0.5))
            await eventually("the pulse's on reached the box", lambda: bool(box.coil_writes))
            caller.cancel()
            await eventually("the pulse's off reached the box", lambda: len(box.coil_writes) == 2)
            assert box.coil_writes == [(0, True), (0, False)]
            assert (await box.coils())[0] is False

    run(scenario)


def test_a_second_pulse_extends_the_first_and_set_output_cancels_it() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            loop = asyncio.get_running_loop()
            await device.pulse_output(4, 1.0)
            first_end = device.pulse_ends_at(4)
            assert first_end is not None
            await device.pulse_output(4, 60.0)
            extended = device.pulse_ends_at(4)
            assert extended is not None and extended >= first_end + 58.0
            await device.pulse_output(4, 0.1)  # a shorter pulse does not cut it short
            assert device.pulse_ends_at(4) == extended
            assert extended > loop.time()
            await device.set_output(4, False)
            assert device.pulse_ends_at(4) is None
            assert box.coil_writes == [(4, True)] * 3 + [(4, False)]
            await asyncio.sleep(1.5)  # past the first pulse's end: no off was left behind
            assert box.coil_writes == [(4, True)] * 3 + [(4, False)]

    run(scenario)


def test_close_turns_a_pulsing_output_off() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            await device.pulse_output(3, 600.0)
            await device.aclose()
            assert (await box.coils())[3] is False
            assert box.coil_writes == [(3, True), (3, False)]

    run(scenario)


def test_a_box_that_never_answers_is_unreachable_in_time_and_the_next_call_recovers() -> None:
    async def scenario() -> None:
        box = await ModbusBox().start()
        link = await SwitchableLink(box.port, silent=True).start()
        device = ModbusIo(
            ModbusIoConfig(
                "127.0.0.1", link.port, input_count=4, output_count=2, request_timeout_s=0.5
            )
        )
        try:
            await box.set_input(2, True)
            for _ in range(2):
                with pytest.raises(IoDeviceUnreachable) as caught:
                    await asyncio.wait_for(device.read_inputs(), BOUND_S)
                assert f"127.0.0.1:{link.port}" in str(caught.value)
                assert "no answer within 0.5 s" in str(caught.value)
            assert link.connections == 2  # the failure dropped the connection
            link.set_silent(False)
            assert await device.read_inputs() == (False, False, True, False)
            await device.set_output(1, True)
            assert box.coil_writes == [(1, True)]
        finally:
            await device.aclose()
            await link.stop()
            await box.stop()

    run(scenario)


def test_a_closed_port_is_unreachable_naming_the_address() -> None:
    async def scenario() -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        device = ModbusIo(ModbusIoConfig("127.0.0.1", port, connect_timeout_s=2.0))
        try:
            with pytest.raises(IoDeviceUnreachable) as caught:
                await asyncio.wait_for(device.set_output(0, True), BOUND_S)
            assert f"127.0.0.1:{port} unit 1" in str(caught.value)
            assert "cannot connect" in str(caught.value)
            assert "output 0" in str(caught.value)
        finally:
            await device.aclose()

    run(scenario)


def test_an_illegal_address_is_a_device_error_naming_it() -> None:
    async def scenario() -> None:
        async with box_and_device(input_base=100) as (_box, device):
            with pytest.raises(IoDeviceError) as caught:
                await device.read_inputs()
            message = str(caught.value)
            assert "illegal data address" in message
            assert "100..105" in message
            assert "unit 1" in message
            # The connection is fine after a refusal: the outputs still work.
            assert await device.read_outputs() == (False,) * 6

    run(scenario)


def test_an_unknown_unit_id_is_a_device_error_naming_it() -> None:
    async def scenario() -> None:
        async with box_and_device(unit_id=7) as (box, device):
            with pytest.raises(IoDeviceError) as caught:
                await device.set_output(0, True)
            assert "unit 7" in str(caught.value)
            assert "refused" in str(caught.value)
            assert box.coil_writes == []

    run(scenario)


def test_an_output_number_out_of_range_is_refused_before_the_wire() -> None:
    async def scenario() -> None:
        async with box_and_device() as (box, device):
            for bad in (6, -1, True):
                with pytest.raises(NoSuchIoPoint) as caught:
                    await device.set_output(bad, True)
                assert "0..5" in str(caught.value)
            with pytest.raises(ValueError, match="positive number of seconds"):
                await device.pulse_output(0, float("nan"))
            assert box.coil_writes == []

    run(scenario)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("host", ""),
        ("port", 0),
        ("port", 65536),
        ("unit_id", 256),
        ("unit_id", True),
        ("input_count", 2001),
        ("output_count", -1),
        ("input_base", 65535),  # 12 inputs from 65535 overrun the address space
        ("connect_timeout_s", 0),
        ("request_timeout_s", float("inf")),
    ],
)
def test_bad_settings_are_refused_naming_the_field(field: str, value: object) -> None:
    settings: dict[str, object] = {"host": "127.0.0.1"} | {field: value}
    with pytest.raises(ValueError, match=field):
        ModbusIoConfig(**settings)  # type: ignore[arg-type]
