"""A real ``VedetteServer`` in this process, on its own event loop thread, with an
injected clock: for tests of timings (session expiry, login throttling) that must
not sleep, and of what the server publishes on its event bus.

The server is the production one (built by ``composition``), serving gRPC on an
ephemeral loopback port (plaintext) and, optionally, its local socket; only the
clocks are the test's.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc

from tests.support.server_process import ADMIN_PASSWORD, init_data_dir
from vedette_api.v1 import auth_pb2, auth_pb2_grpc
from vedette_hw.host_network import NeighbourTable
from vedette_server.composition import ServerConfig, VedetteServer, build_server
from vedette_server.datadir import DataDir
from vedette_server.events import ServerEvent

T = TypeVar("T")


@dataclass
class FakeClock:
    """Wall and monotonic time that move only when the test says so."""

    wall_s: float = 1_800_000_000.0
    mono_s: float = 1_000.0

    def wall(self) -> float:
        return self.wall_s

    def monotonic(self) -> float:
        return self.mono_s

    def advance(self, seconds: float) -> None:
        self.wall_s += seconds
        self.mono_s += seconds


@dataclass
class InProcessServer:
    server: VedetteServer
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    clock: FakeClock
    events: list[ServerEvent] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.address)

    def login(self, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
        with self.channel() as channel:
            stub = auth_pb2_grpc.AuthServiceStub(channel)
            reply = stub.Login(
                auth_pb2.LoginRequest(username=username, password=password), timeout=30
            )
        return str(reply.token)

    def stop(self) -> None:
        self.run(self.server.aclose(), timeout=60)
        self.run(self._cancel_tasks(), timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()

    async def _cancel_tasks(self) -> None:
        """End what still runs on the loop (the event recorder), so no task is left
        pending for the garbage collector to complain about during a later test."""
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def start_inprocess_server(
    tmp: Path,
    *,
    local_socket: Path | None = None,
    neighbours: NeighbourTable | None = None,
    no_admin: bool = False,
    host_control: str = "none",
) -> InProcessServer:
    """``no_admin``: initialised as an appliance image (no admin password);
    ``host_control``: as ``vedette-server run --host-control`` (an appliance's)."""
    data = DataDir(tmp / "data")
    result = init_data_dir(data.root, no_admin=no_admin)
    assert result.returncode == 0, result.stderr
    clock = FakeClock()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="server-loop", daemon=True)
    thread.start()

    async def build() -> VedetteServer:
        server = await build_server(
            ServerConfig(
                data=data,
                port=0,
                insecure=True,
                local_socket=local_socket,
                host_control=host_control,
            ),
            neighbours=neighbours,
            clock=clock.wall,
            monotonic=clock.monotonic,
        )
        await server.start()
        return server

    server = asyncio.run_coroutine_threadsafe(build(), loop).result(60)
    started = InProcessServer(server, loop, thread, clock)

    async def record_events() -> None:
        async with server.events.subscribe() as queue:
            while True:
                started.events.append(await queue.get())

    loop.call_soon_threadsafe(lambda: loop.create_task(record_events()))
    return started
