"""pymodbus's own Modbus TCP server on 127.0.0.1 as the I/O box, and a link in front of
it that can go silent (a box that accepts connections but never answers).

Both run on the caller's event loop (start them inside the test's coroutine). The box
has one unit, 16 discrete inputs and 16 coils at addresses 0..15; any other address is
illegal, and another unit id gets an exception answer. ``coil_writes`` lists the coil
writes in the order the box received them, as (address, on).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from pymodbus.constants import ExcCodes
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

BOX_POINTS = 16
_READ_COILS, _READ_DISCRETE_INPUTS = 1, 2
_WRITE_COIL, _WRITE_COILS = 5, 15


@dataclass
class ModbusBox:
    unit_id: int = 1
    coil_writes: list[tuple[int, bool]] = field(default_factory=list)
    port: int = 0
    _server: ModbusTcpServer | None = None

    async def start(self) -> ModbusBox:
        device = SimDevice(
            id=self.unit_id,
            simdata=(
                [SimData(0, count=BOX_POINTS, values=False, datatype=DataType.BITS)],
                [SimData(0, count=BOX_POINTS, values=False, datatype=DataType.BITS)],
                [SimData(0, count=1, values=0, datatype=DataType.REGISTERS)],
                [SimData(0, count=1, values=0, datatype=DataType.REGISTERS)],
            ),
            action=self._on_access,
        )
        self._server = ModbusTcpServer(device, address=("127.0.0.1", 0))
        await self._server.serve_forever(background=True)
        self.port = self._server.transport.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.shutdown()
            self._server = None

    async def set_input(self, address: int, closed: bool) -> None:
        assert self._server is not None
        await self._server.async_setValues(self.unit_id, _READ_DISCRETE_INPUTS, address, [closed])

    async def coils(self, count: int = BOX_POINTS) -> list[bool]:
        assert self._server is not None
        values = await self._server.async_getValues(self.unit_id, _READ_COILS, 0, count)
        return [bool(v) for v in values]

    async def _on_access(
        self,
        function_code: int,
        _start_address: int,
        address: int,
        _count: int,
        _registers: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        if function_code in (_WRITE_COIL, _WRITE_COILS) and set_values is not None:
            self.coil_writes.extend((address + i, bool(v)) for i, v in enumerate(set_values))
        return None


class SwitchableLink:
    """Listens on 127.0.0.1:0; while ``silent`` it accepts connections and reads what
    arrives but never answers, otherwise it forwards to ``target_port``. Going silent
    or back cuts the connections open at that moment."""

    def __init__(self, target_port: int, *, silent: bool) -> None:
        self.target_port = target_port
        self.silent = silent
        self.port = 0
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> SwitchableLink:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def set_silent(self, silent: bool) -> None:
        self.silent = silent
        for writer in list(self._writers):
            writer.close()

    async def stop(self) -> None:
        self.set_silent(self.silent)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            if self.silent:
                with contextlib.suppress(OSError):
                    while await reader.read(65536):
                        pass
                return
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
            self._writers.add(up_writer)
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(OSError):
                writer.close()


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    with contextlib.suppress(OSError):
        sink.close()


async def eventually(what: str, check: Callable[[], bool], bound_s: float = 20.0) -> None:
    """Poll ``check`` on the loop until it is true; an AssertionError naming ``what``
    when ``bound_s`` seconds pass first (generous: the test machine may be loaded)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bound_s
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"not within {bound_s:g} s: {what}")
        await asyncio.sleep(0.02)
