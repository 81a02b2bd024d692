"""The gRPC port's per-connection limits (listen.py, docs/security.md), probed with raw
HTTP/2 against a real server process, so that what the transport does is seen frame
by frame and no client library hides it (grpc's own client holds a stream over the
peer's limit until one ends):

- 256 streams at once on one connection are served (each gets its first message); a
  257th is refused (RST_STREAM, REFUSED_STREAM) and never answered, the 256 go on,
  and another connection is served meanwhile;
- a connection without a stream for ``grpc.max_connection_idle_ms`` gets a GOAWAY,
  one holding a stream open does not. The bound (5 min) is lowered for the test with
  ``$VEDETTE_GRPC_MAX_IDLE_MS``; the server's own idle timer on a fresh connection is
  the test's clock, so no wall-clock time is assumed.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
)
from vedette_api.v1 import accounts_pb2, accounts_pb2_grpc, alarms_pb2, auth_pb2, auth_pb2_grpc
from vedette_server.listen import IDLE_MS_ENV

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 6, 7, 8
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1
REFUSED_STREAM = 0x7
SETTINGS_MAX_CONCURRENT_STREAMS, SETTINGS_INITIAL_WINDOW_SIZE = 0x3, 0x4
MAX_STREAMS = 256  # listen.py's grpc.max_concurrent_streams
#: The lowered idle bound: margin enough for a loaded machine to open a stream on a
#: fresh connection before it (the timer runs from the connection's start).
IDLE_MS = 6000
#: Bound on each wait for the server (a loaded CI machine).
WAIT_S = 60.0
WATCH = "/vedette.v1.AlarmService/WatchEvents"


@dataclass(frozen=True)
class Frame:
    type: int
    flags: int
    stream: int
    payload: bytes


def _frame(kind: int, flags: int, stream: int, payload: bytes = b"") -> bytes:
    return (
        struct.pack(">I", len(payload))[1:]
        + bytes([kind, flags])
        + struct.pack(">I", stream)
        + payload
    )


def _hpack_int(value: int, prefix_bits: int) -> bytes:
    """RFC 7541 §5.1 integer (first byte's high bits left 0)."""
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([value])
    out, value = bytearray([limit]), value - limit
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    out.append(value)
    return bytes(out)


def _headers_block(headers: list[tuple[str, str]]) -> bytes:
    """Literal header fields without indexing, new names, no Huffman (RFC 7541 §6.2.2)."""
    block = bytearray()
    for name, value in headers:
        block += b"\x00" + _hpack_int(len(name), 7) + name.encode()
        block += _hpack_int(len(value), 7) + value.encode()
    return bytes(block)


class RawConnection:
    """One plaintext HTTP/2 connection to the server: preface, the server's SETTINGS
    acknowledged, PINGs answered; frames read with a bound."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)
        self._buffer = b""
        self.frames: list[Frame] = []
        self.closed = False
        window = struct.pack(">HI", SETTINGS_INITIAL_WINDOW_SIZE, 1 << 24)
        self.sock.sendall(PREFACE + _frame(SETTINGS, 0, 0, window))
        self.sock.sendall(_frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 1 << 30)))
        settings = self.wait(lambda f: f.type == SETTINGS and not f.flags & ACK, "SETTINGS")
        self.settings = dict(
            struct.unpack(">HI", settings.payload[i : i + 6])
            for i in range(0, len(settings.payload), 6)
        )

    def close(self) -> None:
        self.sock.close()

    def open_watch(self, stream: int, token: str) -> None:
        """Open WatchEvents on ``stream`` (its first message is a heartbeat)."""
        headers = [
            (":method", "POST"),
            (":scheme", "http"),
            (":path", WATCH),
            (":authority", "127.0.0.1"),
            ("content-type", "application/grpc"),
            ("te", "trailers"),
            ("authorization", f"Bearer {token}"),
        ]
        body = alarms_pb2.WatchEventsRequest().SerializeToString()
        message = b"\x00" + struct.pack(">I", len(body)) + body
        self.sock.sendall(
            _frame(HEADERS, END_HEADERS, stream, _headers_block(headers))
            + _frame(DATA, END_STREAM, stream, message)
        )

    def _read_one(self, timeout: float) -> Frame | None:
        """The next frame, or None after ``timeout`` s without one (or at EOF)."""
        while len(self._buffer) < 9 or len(self._buffer) < 9 + self._length():
            if self.closed or not select.select([self.sock], [], [], timeout)[0]:
                return None
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                self.closed = True
                return None
            self._buffer += chunk
        length = self._length()
        head, self._buffer = self._buffer[: 9 + length], self._buffer[9 + length :]
        frame = Frame(head[3], head[4], struct.unpack(">I", head[5:9])[0] & 0x7FFFFFFF, head[9:])
        if frame.type == SETTINGS and not frame.flags & ACK:
            self.sock.sendall(_frame(SETTINGS, ACK, 0))
        elif frame.type == PING and not frame.flags & ACK:
            self.sock.sendall(_frame(PING, ACK, 0, frame.payload))
        self.frames.append(frame)
        return frame

    def _length(self) -> int:
        return int.from_bytes(self._buffer[:3], "big")

    def wait(self, match: object, what: str, timeout: float = WAIT_S) -> Frame:
        """Read until a frame ``match(frame)`` accepts; fail after ``timeout`` s."""
        assert callable(match)
        deadline = time.monotonic() + timeout
        for seen in self.frames:
            if match(seen):
                return seen
        while (left := deadline - time.monotonic()) > 0:
            frame = self._read_one(left)
            if frame is None:
                break
            if match(frame):
                return frame
        raise AssertionError(f"no {what} within {timeout} s (closed: {self.closed})")

    def drain(self) -> None:
        """Read what has arrived already."""
        while self._read_one(0.0) is not None:
            pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp: Path = tmp_path_factory.mktemp("connection-limits")
    assert init_data_dir(tmp / "data").returncode == 0
    env = dict(os.environ, **{IDLE_MS_ENV: str(IDLE_MS)})
    process = start_server(tmp / "data", tmp / "known.json", "--insecure", env=env)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def token(server: ServerProcess) -> str:
    with grpc.insecure_channel(server.address) as channel:
        reply = auth_pb2_grpc.AuthServiceStub(channel).Login(
            auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD), timeout=WAIT_S
        )
    return str(reply.token)


def _served(connection: RawConnection, stream: int) -> bool:
    return any(f.type == DATA and f.stream == stream for f in connection.frames)


def _ended(connection: RawConnection, stream: int) -> bool:
    return any(
        f.stream == stream and (f.type == RST_STREAM or f.flags & END_STREAM)
        for f in connection.frames
        if f.type in (RST_STREAM, HEADERS, DATA)
    )


def test_a_connection_gets_256_streams_and_a_257th_is_refused_while_others_are_served(
    server: ServerProcess, token: str
) -> None:
    crowded = RawConnection(server.port)
    try:
        assert crowded.settings[SETTINGS_MAX_CONCURRENT_STREAMS] == MAX_STREAMS
        streams = [1 + 2 * i for i in range(MAX_STREAMS)]
        for stream in streams:
            crowded.open_watch(stream, token)
        for stream in streams:
            crowded.wait(
                lambda f, s=stream: f.type == DATA and f.stream == s, f"stream {stream} served"
            )
        extra = 1 + 2 * MAX_STREAMS
        crowded.open_watch(extra, token)
        refused = crowded.wait(lambda f: f.stream == extra, "an answer to the 257th stream")
        assert refused.type == RST_STREAM, refused
        assert struct.unpack(">I", refused.payload)[0] == REFUSED_STREAM
        with grpc.insecure_channel(server.address) as other:  # another connection: served
            me = accounts_pb2_grpc.AccountServiceStub(other).GetMyAccount(
                accounts_pb2.GetMyAccountRequest(),
                metadata=(("authorization", f"Bearer {token}"),),
                timeout=WAIT_S,
            )
        assert me.user.name == "admin"
        crowded.drain()
        assert not _served(crowded, extra)
        assert not any(_ended(crowded, s) for s in streams), "an open stream was ended"
        assert not any(f.type == GOAWAY for f in crowded.frames)
    finally:
        crowded.close()


def test_an_idle_connection_gets_a_goaway_and_one_with_an_open_stream_does_not(
    server: ServerProcess, token: str
) -> None:
    watching = RawConnection(server.port)
    watching.open_watch(1, token)
    idle = RawConnection(server.port)
    try:
        watching.wait(lambda f: f.type == DATA and f.stream == 1, "the stream's first message")
        idle.wait(lambda f: f.type == GOAWAY, "a GOAWAY on the idle connection")
        # A connection opened now goes idle for one full bound while the stream is open:
        # its GOAWAY proves the bound passed for the watching connection too.
        later = RawConnection(server.port)
        try:
            later.wait(lambda f: f.type == GOAWAY, "a GOAWAY on the second idle connection")
        finally:
            later.close()
        watching.drain()
        assert not any(f.type == GOAWAY for f in watching.frames), watching.frames
        assert not _ended(watching, 1) and not watching.closed
    finally:
        watching.close()
        idle.close()
