"""Inputs and outputs on a real server, with pymodbus's own Modbus TCP server on
127.0.0.1 as the I/O box (run on its own event loop in a thread, behind a link that
can go silent): the box added with the CLI, an input closed on the box → an event
row (SearchEvents) and the input's state (ListIo), NC inversion, debounce, an output
pulse read back from the box's coil and then cleared, an output schedule's refusal,
a box that stops answering (silent, then stopped) → offline with the reason and back
online, bad input refused with a clear error, and an input change on the box told by
the live feed (`vedette events watch --kinds io`)."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.support.modbus_box import ModbusBox, SwitchableLink
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_api.v1 import io_pb2

BOUND_S = 60.0  # generous: a loaded 2-core machine, a 100 ms poll
T = TypeVar("T")


class BoxThread:
    """A Modbus box and a link in front of it, on an event loop of their own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.box = self.run(ModbusBox().start())
        self.link = self.run(self._link(self.box.port))

    async def _link(self, port: int) -> SwitchableLink:
        return await SwitchableLink(port, silent=False).start()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(30)

    def set_input(self, address: int, closed: bool) -> None:
        self.run(self.box.set_input(address, closed))

    def coils(self) -> list[bool]:
        return self.run(self.box.coils())

    def set_silent(self, silent: bool) -> None:
        async def switch() -> None:
            self.link.set_silent(silent)

        self.run(switch())

    def restart_box(self) -> None:
        """A new box process behind the same link (the old one stopped)."""
        self.run(self.box.stop())
        self.box = self.run(ModbusBox().start())
        self.link.target_port = self.box.port

    def close(self) -> None:
        self.run(self.link.stop())
        self.run(self.box.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("io")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture
def box() -> Iterator[BoxThread]:
    running = BoxThread()
    try:
        yield running
    finally:
        running.close()


def cli_environment(server: ServerProcess, home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )


VEDETTE = str(Path(sys.executable).parent / "vedette")


def vedette(server: ServerProcess, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VEDETTE, *args],
        env=cli_environment(server, home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def cli_json(server: ServerProcess, home: Path, *args: str) -> Any:
    result = vedette(server, home, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def device_named(client: Client, name: str) -> io_pb2.IoDevice:
    return next(d for d in client.list_io() if d.name == name)


def point_named(client: Client, name: str) -> io_pb2.IoPoint:
    return client.find_point(name)


def wait_status(client: Client, name: str, status: int) -> io_pb2.IoDevice:
    found: io_pb2.IoDevice = wait_for(
        lambda: (d := device_named(client, name)).status == status and d,
        BOUND_S,
        f"device {name} in status {io_pb2.IoDeviceStatus.Name(status)}",
    )
    return found


def wait_input(client: Client, name: str, active: bool) -> io_pb2.IoPoint:
    found: io_pb2.IoPoint = wait_for(
        lambda: (p := point_named(client, name)).known and p.active == active and p,
        BOUND_S,
        f"input {name} {'active' if active else 'inactive'}",
    )
    return found


def sensor_events(client: Client, source: str) -> list[Any]:
    return [e for e in client.search_events(types=["sensor"]) if e.source == source]


def test_an_input_on_the_box_gives_an_event_and_an_output_pulses_on_the_box(
    server: ServerProcess, client: Client, box: BoxThread, tmp_path: Path
) -> None:
    added = cli_json(
        server, tmp_path, "io", "add-modbus", "--host", "127.0.0.1", "--port",
        str(box.link.port), "--inputs", "4", "--outputs", "4", "--name", "box-a",
    )  # fmt: skip
    assert [p["name"] for p in added["points"]][:2] == ["box-a/in0", "box-a/in1"]
    wait_status(client, "box-a", io_pb2.IO_DEVICE_STATUS_ONLINE)
    listed = cli_json(server, tmp_path, "io", "list")
    assert [d["status"] for d in listed["devices"] if d["name"] == "box-a"] == ["online"]

    # NO input: closed on the box → active, one event row from activation to release.
    cli_json(server, tmp_path, "io", "point", "box-a/in0", "--debounce-ms", "0")
    wait_input(client, "box-a/in0", False)
    box.set_input(0, True)
    door = wait_input(client, "box-a/in0", True)
    assert door.event_id > 0
    box.set_input(0, False)
    wait_input(client, "box-a/in0", False)
    rows = sensor_events(client, "box-a/in0")
    assert [r.id for r in rows] == [door.event_id]
    assert rows[0].HasField("end_time") and "active" in rows[0].message

    # NC input: the box's contact is open at rest → active; closing it ends that.
    cli_json(server, tmp_path, "io", "point", "box-a/in1", "--normal", "closed",
             "--debounce-ms", "0")  # fmt: skip
    wait_input(client, "box-a/in1", True)  # open contact, NC: active (no event at start)
    box.set_input(1, True)
    wait_input(client, "box-a/in1", False)
    box.set_input(1, False)  # the wire is cut
    cut = wait_input(client, "box-a/in1", True)
    assert cut.event_id > 0 and [r.id for r in sensor_events(client, "box-a/in1")] == [cut.event_id]

    # Debounce: in2 needs 60 s of the new state; in3 (0 ms) shows the polls went by.
    cli_json(server, tmp_path, "io", "point", "box-a/in2", "--debounce-ms", "60000")
    cli_json(server, tmp_path, "io", "point", "box-a/in3", "--debounce-ms", "0")
    wait_input(client, "box-a/in2", False)
    wait_input(client, "box-a/in3", False)
    box.set_input(2, True)
    box.set_input(3, True)
    wait_input(client, "box-a/in3", True)
    box.set_input(2, False)
    box.set_input(3, False)
    wait_input(client, "box-a/in3", False)
    assert point_named(client, "box-a/in2").active is False
    assert sensor_events(client, "box-a/in2") == []
    assert len(sensor_events(client, "box-a/in3")) == 1

    # Output pulse: on at the box's coil, then off by itself.
    state = cli_json(server, tmp_path, "io", "set", "box-a/out1", "pulse", "1.5")
    assert state["on"] is True and state["until_us"] is not None
    assert box.coils()[1] is True
    wait_for(lambda: box.coils()[1] is False, BOUND_S, "the pulse's off on the box")
    assert box.box.coil_writes == [(1, True), (1, False)]
    wait_for(
        lambda: (p := point_named(client, "box-a/out1")).known and not p.active,
        BOUND_S,
        "output out1 off in ListIo",
    )

    # Output schedule: outside it the output is refused with the reason.
    never = client.put_schedule("io-never", {}).schedule
    cli_json(server, tmp_path, "io", "point", "box-a/out0", "--schedule", str(never.id))
    refused = vedette(server, tmp_path, "io", "set", "box-a/out0", "on")
    assert refused.returncode == 1
    assert "outside its schedule 'io-never'" in refused.stderr
    assert box.coils()[0] is False and all(a != 0 for a, _ in box.box.coil_writes)
    client.remove_device(device_named(client, "box-a").id)


def test_a_box_that_stops_answering_goes_offline_then_comes_back(
    client: Client, box: BoxThread
) -> None:
    device = client.add_modbus_device(
        "127.0.0.1", port=box.link.port, input_count=2, output_count=2, name="box-b"
    )
    wait_status(client, "box-b", io_pb2.IO_DEVICE_STATUS_ONLINE)
    box.set_silent(True)
    silent = wait_status(client, "box-b", io_pb2.IO_DEVICE_STATUS_OFFLINE)
    assert "no answer within" in silent.detail, silent.detail
    with pytest.raises(FailedPrecondition, match="box-b/out0"):
        client.set_output(point_named(client, "box-b/out0").id, "on")
    box.set_silent(False)
    wait_status(client, "box-b", io_pb2.IO_DEVICE_STATUS_ONLINE)

    box.run(box.box.stop())  # the box's server is gone: the link finds no one behind
    stopped = wait_status(client, "box-b", io_pb2.IO_DEVICE_STATUS_OFFLINE)
    assert "read discrete inputs" in stopped.detail, stopped.detail
    box.box = box.run(ModbusBox().start())
    box.link.target_port = box.box.port
    wait_status(client, "box-b", io_pb2.IO_DEVICE_STATUS_ONLINE)
    state = client.set_output(point_named(client, "box-b/out0").id, "on")
    assert state.on and box.coils()[0] is True
    client.remove_device(device.id)


def test_bad_input_is_refused_with_a_clear_error(
    server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    usage = vedette(
        server, tmp_path, "io", "add-modbus", "--host", "127.0.0.1", "--port", "70000",
        "--inputs", "1", "--outputs", "1",
    )  # fmt: skip
    assert usage.returncode == 2 and "--port" in usage.stderr and "65535" in usage.stderr
    usage = vedette(server, tmp_path, "io", "add-modbus", "--host", "h", "--inputs", "x",
                    "--outputs", "1")  # fmt: skip
    assert usage.returncode == 2 and "not a whole number" in usage.stderr
    usage = vedette(server, tmp_path, "io", "set", "1", "on", "3")
    assert usage.returncode == 2 and "only a pulse has a length" in usage.stderr
    unknown = vedette(server, tmp_path, "io", "set", "no-such-output", "on")
    assert unknown.returncode == 1 and "no I/O point" in unknown.stderr

    with pytest.raises(InvalidArgument, match="port"):
        client.add_modbus_device("127.0.0.1", port=70000)
    with pytest.raises(InvalidArgument, match="input_count"):
        client.add_modbus_device("127.0.0.1", input_count=65)
    with pytest.raises(InvalidArgument, match="host"):
        client.add_modbus_device("not a host")
    with pytest.raises(NotFound):
        client.set_output(987654, "on")
    device = client.add_virtual_device(input_count=1, output_count=1, name="v-bad")
    output = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_OUTPUT)
    with pytest.raises(NotFound, match="schedule"):
        client.update_point(output.id, schedule_id=987654)
    with pytest.raises(NotFound, match="camera"):
        client.update_point(output.id, camera_id=987654)
    with pytest.raises(InvalidArgument, match="debounce_ms"):
        client.update_point(output.id, debounce_ms=70000)
    with pytest.raises(InvalidArgument, match="is an output"):
        client.set_virtual_input(output.id, True)
    client.remove_device(device.id)
    assert all(d.name != "v-bad" for d in client.list_io())


def test_an_input_on_the_box_reaches_the_live_feed(
    server: ServerProcess, client: Client, box: BoxThread, tmp_path: Path
) -> None:
    device = client.add_modbus_device(
        "127.0.0.1", port=box.link.port, input_count=1, output_count=0, name="box-c"
    )
    wait_status(client, "box-c", io_pb2.IO_DEVICE_STATUS_ONLINE)
    door = client.update_point(point_named(client, "box-c/in0").id, debounce_ms=0)
    wait_input(client, "box-c/in0", False)
    watcher = subprocess.Popen(
        [VEDETTE, "events", "watch", "--kinds", "io", "--json", "--heartbeats"],
        env=cli_environment(server, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[dict[str, Any]] = queue.Queue()

    def read() -> None:
        assert watcher.stdout is not None
        for line in watcher.stdout:
            lines.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()

    def next_line(kind: str) -> dict[str, Any]:
        while True:  # bounded: queue.Empty after BOUND_S of silence
            line = lines.get(timeout=BOUND_S)
            if line["kind"] == kind:
                return line

    try:
        next_line("heartbeat")  # subscribed: what happens from here is told
        box.set_input(0, True)
        item = next_line("io")["io"]
        while item["point_id"] != door.id or item["snapshot"]:  # states told at the start
            item = next_line("io")["io"]
        assert item["kind"] == "IO_KIND_INPUT" and item["active"] is True, item
        assert item["name"] == "box-c/in0" and item["event_id"] > 0
        assert item["event_id"] == point_named(client, "box-c/in0").event_id
    finally:
        watcher.terminate()
        watcher.wait(20)
    client.remove_device(device.id)
