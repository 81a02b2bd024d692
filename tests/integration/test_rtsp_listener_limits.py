"""The RTSP listener's limits, probed as a hostile client on the LAN would (issue 11):
silent, idle and slowloris connections are closed at their timeouts; connections over
the caps are refused while playing sessions go on; requests pipelined and never read
neither grow the server's memory nor keep it working once the client has gone; and a
player still works after a flood.

The server is a real ``RtspServer`` in a child process (``rtsp_listener_process``,
with small limits), camsim (its command-line limits), and the recording server's
re-stream with its default limits. Every wait polls a condition with a generous
timeout: the timings asserted are only "closed in the end" and "not closed".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.rtsp_client import RtspTestClient
from tests.support.rtsp_listener_process import (
    TONE_PATH,
    ListenerProcess,
    pipeline_flood,
    start_listener,
)
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client.accounts import make_rights

CLOSE_WAIT_S = 60.0  # far past every timeout under test, for a loaded machine
OPTIONS = b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"
PACKETS_PER_S = 50  # the listener's tone: one G.711 packet every 20 ms


@pytest.fixture
def listener() -> Iterator[Callable[..., ListenerProcess]]:
    """Start bare RTSP servers in child processes with the given limits."""
    started: list[ListenerProcess] = []

    def factory(**limits: Any) -> ListenerProcess:
        process = start_listener(limits)
        started.append(process)
        return process

    yield factory
    for process in started:
        process.stop()


# -- raw connections ------------------------------------------------------------------------


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def connect(port: int, source: str = "127.0.0.1") -> Connection:
    """A TCP connection from ``source`` (any 127/8 address is this machine's)."""
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))


async def status_or_none(reader: asyncio.StreamReader, timeout_s: float = 30.0) -> int | None:
    """The status of the next response head, or None when the server closed instead."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout_s)
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    return int(head.split(b" ", 2)[1])


async def admitted(port: int, source: str) -> tuple[bool, Connection]:
    """Open a connection and ask OPTIONS: True when answered 200, False when the server
    refused it (503, or closed)."""
    reader, writer = await connect(port, source)
    with contextlib.suppress(ConnectionError):
        writer.write(OPTIONS)
        await writer.drain()
    status = await status_or_none(reader)
    assert status in (200, 503, None), status
    return status == 200, (reader, writer)


async def read_until_closed(reader: asyncio.StreamReader, timeout_s: float) -> tuple[bytes, bool]:
    """What the server sends, and whether it closes the connection within ``timeout_s``."""
    received = b""
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), left)
        except TimeoutError:
            break
        except ConnectionError:
            return received, True
        if not chunk:
            return received, True
        received += chunk
    return received, False


async def closed_by_server(reader: asyncio.StreamReader, timeout_s: float) -> bool:
    return (await read_until_closed(reader, timeout_s))[1]


def close_all(connections: list[Connection]) -> None:
    for _, writer in connections:
        writer.close()


async def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def receives_on(client: RtspTestClient, packets: int, timeout_s: float = 30.0) -> None:
    """Wait until ``client`` has received ``packets`` more RTP packets."""
    goal = len(client.rtp(0)) + packets
    await wait_until(lambda: len(client.rtp(0)) >= goal, timeout_s, f"{packets} more packets")


def ffprobe_codec(url: str) -> str:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-timeout", "10000000",
         "-show_streams", "-of", "json", url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (stream,) = json.loads(result.stdout)["streams"]
    return str(stream["codec_name"])


# -- timeouts -------------------------------------------------------------------------------


def test_silent_and_idle_connections_are_closed_and_a_playing_one_stays(listener) -> None:  # type: ignore[no-untyped-def]
    server: ListenerProcess = listener(header_timeout_s=2.0, idle_timeout_s=3.0)

    async def run() -> None:
        watcher = RtspTestClient("127.0.0.1", server.port)
        await watcher.connect()
        assert (await watcher.play(TONE_PATH)).status == 200
        await watcher.wait_for_media(0, timeout=10)
        silent = [await connect(server.port) for _ in range(20)]  # never send a byte
        idle = []  # one request answered, then nothing
        for _ in range(10):
            ok, connection = await admitted(server.port, "127.0.0.1")
            assert ok
            idle.append(connection)
        closed = await asyncio.gather(
            *(closed_by_server(reader, CLOSE_WAIT_S) for reader, _ in silent + idle)
        )
        assert closed.count(True) == 30, f"{closed.count(False)} of 30 were never closed"
        # Longer than the idle timeout after its last request, the player is still served.
        await receives_on(watcher, 3 * PACKETS_PER_S)
        assert (await watcher.request("GET_PARAMETER", watcher.url(TONE_PATH))).status == 200
        await watcher.close()
        close_all(silent + idle)

    asyncio.run(run())
    counters = server.stats()["counters"]
    assert counters["header_timeout"] >= 20
    assert counters["idle_timeout"] >= 10


def test_a_request_trickled_byte_by_byte_is_closed_at_the_header_timeout(listener) -> None:  # type: ignore[no-untyped-def]
    server: ListenerProcess = listener(header_timeout_s=2.0, idle_timeout_s=600.0)

    async def trickle(first_request: bool) -> tuple[bool, int]:
        """A slowloris: a request head one byte every 0.2 s, never finished; closed?"""
        reader, writer = await connect(server.port)
        if first_request:  # one whole request first: the timeout is per request
            writer.write(OPTIONS)
            assert await status_or_none(reader) == 200
        head = b"OPTIONS * RTSP/1.0\r\nCSeq: 2\r\nX-Slow: " + b"a" * 10_000
        closing = asyncio.ensure_future(closed_by_server(reader, CLOSE_WAIT_S))
        sent = 0
        try:
            while not closing.done() and sent < len(head):
                with contextlib.suppress(ConnectionError):
                    writer.write(head[sent : sent + 1])
                sent += 1
                await asyncio.wait([closing], timeout=0.2)  # the attacker's pace
            return await closing, sent
        finally:
            writer.close()

    async def run() -> list[tuple[bool, int]]:
        slow = [asyncio.ensure_future(trickle(i % 3 == 0)) for i in range(12)]
        # Meanwhile a player's requests are answered.
        client = RtspTestClient("127.0.0.1", server.port)
        await client.connect()
        assert (await client.request("OPTIONS", "*")).status == 200
        results = await asyncio.gather(*slow)
        assert (await client.request("OPTIONS", "*")).status == 200
        await client.close()
        return results

    results = asyncio.run(run())
    assert [closed for closed, _ in results] == [True] * 12, results
    counters = server.stats()["counters"]
    assert counters["header_timeout"] >= 12
    assert counters["idle_timeout"] == 0


# -- connection caps ------------------------------------------------------------------------


def test_connections_over_the_caps_are_refused_while_a_session_keeps_playing(listener) -> None:  # type: ignore[no-untyped-def]
    server: ListenerProcess = listener(
        max_connections=8, max_connections_per_address=4, header_timeout_s=120.0,
        idle_timeout_s=120.0,
    )  # fmt: skip

    async def run() -> tuple[list[bool], list[bool], list[bool]]:
        watcher = RtspTestClient("127.0.0.1", server.port)  # 1 connection from .1
        await watcher.connect()
        assert (await watcher.play(TONE_PATH)).status == 200
        await watcher.wait_for_media(0, timeout=10)
        held: list[Connection] = []
        outcomes: dict[str, list[bool]] = {}
        # 6 from .2: 4 per address. 4 from .3: 3 more make 8 in all. 40 from .4: full.
        for source, count in (("127.0.0.2", 6), ("127.0.0.3", 4), ("127.0.0.4", 40)):
            outcomes[source] = []
            for _ in range(count):
                ok, connection = await admitted(server.port, source)
                outcomes[source].append(ok)
                held.append(connection)
        # The session played on through the flood and answers its keep-alive.
        await receives_on(watcher, PACKETS_PER_S)
        assert (await watcher.request("GET_PARAMETER", watcher.url(TONE_PATH))).status == 200
        close_all(held)
        await wait_until(
            lambda: server.stats()["connections"] == 1, CLOSE_WAIT_S, "the flood to end"
        )
        # After the flood: a new player from a refused address is served.
        player = RtspTestClient("127.0.0.1", server.port)
        await player.connect()
        assert (await player.play(TONE_PATH)).status == 200
        await player.wait_for_media(0, timeout=10)
        await player.close()
        await receives_on(watcher, PACKETS_PER_S)
        await watcher.close()
        return outcomes["127.0.0.2"], outcomes["127.0.0.3"], outcomes["127.0.0.4"]

    second, third, fourth = asyncio.run(run())
    assert second == [True] * 4 + [False] * 2  # the per-address cap
    assert third == [True] * 3 + [False]  # the connection cap
    assert fourth == [False] * 40
    counters = server.stats()["counters"]
    assert counters["max_connections_per_address"] == 2
    assert counters["max_connections"] == 41
    # A flood is one log line a report interval (60 s), never one per connection.
    wait_for(lambda: server.log_lines("by its limits"), 30, "the limits' report")
    assert len(server.log_lines("by its limits")) <= 2
    assert ffprobe_codec(f"rtsp://127.0.0.1:{server.port}/{TONE_PATH}") == "pcm_mulaw"


def test_camsim_takes_its_caps_from_the_command_line(camsim_factory) -> None:  # type: ignore[no-untyped-def]
    camsim: CamsimProcess = camsim_factory(
        "--max-connections-per-address", "2", "--header-timeout", "2", "--sub", "none"
    )

    async def run() -> tuple[list[bool], bool]:
        watcher = RtspTestClient("127.0.0.1", camsim.port)
        await watcher.connect()
        assert (await watcher.play("cam1/main")).status == 200
        await watcher.wait_for_media(0, timeout=30)
        outcomes = []
        held = []
        for _ in range(3):
            ok, connection = await admitted(camsim.port, "127.0.0.1")
            outcomes.append(ok)
            held.append(connection)
        silent = await connect(camsim.port, "127.0.0.2")
        closed = await closed_by_server(silent[0], CLOSE_WAIT_S)
        await receives_on(watcher, 10)
        close_all([*held, silent])
        await watcher.close()
        return outcomes, closed

    outcomes, silent_closed = asyncio.run(run())
    assert outcomes == [True, False, False]  # the watcher and one more from 127.0.0.1
    assert silent_closed


# -- pipelined requests never read ----------------------------------------------------------


def test_pipelined_requests_never_read_keep_memory_bounded_and_stop_with_the_client(  # type: ignore[no-untyped-def]
    listener,
) -> None:
    server: ListenerProcess = listener(idle_timeout_s=10.0)
    baseline = server.stats()
    # 17 MB, as the hostile probe sent; a small receive buffer stalls the server sooner.
    flood = pipeline_flood(server.port, server.pid, 17 << 20, receive_buffer=4096)
    peak_rss = flood.peak_rss_bytes
    for _ in range(10):  # a few more samples, from the server's loop
        peak_rss = max(peak_rss, server.stats()["rss_bytes"])
    growth_mb = (peak_rss - baseline["rss_bytes"]) / 2**20
    sent_mb = flood.sent_bytes / 2**20
    assert growth_mb < 16, f"the server grew {growth_mb:.0f} MB for {sent_mb:.1f} MB of requests"
    flood.close()
    # Once the server has seen the client go, it answers at most the request in hand:
    # what was queued is dropped, and its worker ends.
    gone = wait_for(
        lambda: (s := server.stats())["connections"] == 0 and s,
        CLOSE_WAIT_S,
        "the server to see the client go",
    )
    settled = wait_for(
        lambda: (s := server.stats())["tasks"] == baseline["tasks"] and s,
        CLOSE_WAIT_S,
        "the server's work for the client to end",
    )
    answered_after = settled["resolver_calls"] - gone["resolver_calls"]
    assert answered_after <= 1, f"{answered_after} requests answered after the client left"
    assert settled["resolver_calls"] < flood.requests // 3, "every request was answered"

    async def play() -> None:
        client = RtspTestClient("127.0.0.1", server.port)
        await client.connect()
        assert (await client.play(TONE_PATH)).status == 200
        await client.wait_for_media(0, timeout=10)
        await client.close()

    asyncio.run(play())


# -- the recording server's re-stream, with its default limits ------------------------------

PASSWORD = "Night-Owl-Sees-2026!"


@pytest.mark.interop
def test_the_restream_closes_silent_and_slow_connections_and_caps_an_address(  # type: ignore[no-untyped-def]
    server_factory, camsim_factory
) -> None:
    camsim: CamsimProcess = camsim_factory("--sub", "none")
    vedette: ServerProcess = server_factory()
    assert vedette.rtsp_port is not None
    port = vedette.rtsp_port
    with vedette.client() as admin:
        camera = admin.create_camera("Gate", camsim.url("cam1", "main"))
        group = admin.create_group("viewers", remote_rights=make_rights((), {"live": "all"}))
        admin.create_user("watcher", PASSWORD, group_id=group.id)
        wait_for(
            lambda: any(r.recording for r in admin.get_recording_status([camera.id])),
            60,
            "the camera recording",
        )
    path = f"{camera.id}/main"

    async def play() -> RtspTestClient:
        deadline = time.monotonic() + 60
        while True:  # 503 until the re-stream has the camera's parameters
            client = RtspTestClient("127.0.0.1", port, "watcher", PASSWORD)
            await client.connect()
            response = await client.play(path)
            if response.status == 200:
                await client.wait_for_media(0, timeout=30)
                return client
            await client.close()
            assert response.status == 503 and time.monotonic() < deadline, response.status
            await asyncio.sleep(1.0)

    async def run() -> None:
        watcher = await play()
        # 40 silent connections from the watcher's address (32 allowed per address).
        silent = [await connect(port) for _ in range(40)]
        slow = [await connect(port, "127.0.0.2") for _ in range(5)]
        for _, writer in slow:
            writer.write(b"DESCRIBE rtsp://127.0.0.1/")  # and never the rest

        silent_ends = await asyncio.gather(
            *(read_until_closed(reader, CLOSE_WAIT_S) for reader, _ in silent)
        )
        slow_closed = await asyncio.gather(
            *(closed_by_server(reader, CLOSE_WAIT_S) for reader, _ in slow)
        )
        refused = [data for data, _ in silent_ends if data.startswith(b"RTSP/1.0 503")]
        # 32 per address, the watcher's included (and any connection of a 503 attempt
        # the server has not yet seen closed): at least 9 of the 40 refused at once.
        assert len(refused) >= 9, silent_ends
        assert [closed for _, closed in silent_ends] == [True] * 40  # others: header timeout
        assert slow_closed == [True] * 5
        await receives_on(watcher, 25)
        assert (await watcher.request("GET_PARAMETER", watcher.url(path))).status == 200
        await watcher.close()
        close_all(silent + slow)
        after = await play()  # a player after the flood
        await after.close()

    asyncio.run(run())
