"""Hostile clients against a real server process (issue 18 §5), for the limits no other
test probes (see docs/security.md for the rest and where each is tested):

- slowloris on the gRPC port: connections that never speak, trickle a TLS
  ClientHello, or finish TLS and never finish HTTP/2's preface are closed within
  the handshake timeout while other clients are served (and told they may open 256
  streams at once);
- requests over gRPC's message limits, sent before logging in;
- downloads naming anything but a finished task's own files (``..``, absolute paths,
  the server's keys and catalog): refused, nothing written;
- failed logins from many addresses (loopback aliases: Linux routes all of 127/8 to
  lo), 5 fresh names from each: every address is throttled after its 5 guesses, an
  account locked before the spray stays locked through it, and a legitimate user
  still logs in. CI sprays 1 000 from 200 addresses; the issue's 10 000 from 2 000
  (``VEDETTE_LOGIN_SPRAY_ADDRESSES=2000``, about 3 minutes on a loaded machine) are
  what once pushed the locked account out of the throttle's memory (10 000 keys).
"""

from __future__ import annotations

import base64
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.timestamps import now_us
from vedette_api.v1 import auth_pb2, auth_pb2_grpc, export_pb2

#: listen.py's grpc.server_handshake_timeout_ms is 20 s; a loaded CI machine is slow, and
#: gRPC's default (120 s) would fail it.
CLOSED_WITHIN_S = 90.0
MAX_FAILURES = 5  # security.max_failed_logins' default
PASSWORD = "Night-Owl-Sees-2026!"
#: Addresses of the login spray (5 failed logins each); see the module's docstring.
SPRAY_ADDRESSES = int(os.environ.get("VEDETTE_LOGIN_SPRAY_ADDRESSES", "200"))
#: RFC 9113 §6.5.2: the streams a peer may open at once (listen.py: 256 a connection).
SETTINGS_MAX_CONCURRENT_STREAMS = 0x3
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


# -- slowloris on the gRPC port ---------------------------------------------------------------


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"])
    return context


def _client_hello() -> bytes:
    """The bytes of a real TLS ClientHello (h2 offered), as a client would send first."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _client_context().wrap_bio(incoming, outgoing)
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    return outgoing.read()


class _Loris:
    """One hostile connection on its own thread: it sends ``payload`` a byte a second
    (nothing if empty) and records when the server closed the connection."""

    def __init__(self, port: int, payload: bytes, *, tls: bool) -> None:
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock: socket.socket = _client_context().wrap_socket(raw) if tls else raw
        self.payload = payload
        self.closed_after_s: float | None = None
        self.opened = time.monotonic()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.sock.settimeout(1.0)
        sent = 0
        try:
            while time.monotonic() - self.opened < CLOSED_WITHIN_S:
                if sent < len(self.payload):
                    self.sock.sendall(self.payload[sent : sent + 1])
                    sent += 1
                try:
                    if not self.sock.recv(65536):
                        break  # the server closed it
                except TimeoutError:
                    continue
            else:
                return  # never closed
        except OSError:  # a reset, a broken pipe, TLS ended (ssl.SSLError): closed
            pass
        finally:
            self.sock.close()
        self.closed_after_s = time.monotonic() - self.opened


def _server_settings(port: int) -> dict[int, int]:
    """The HTTP/2 SETTINGS the server sends a client that completes its preface."""
    with _client_context().wrap_socket(socket.create_connection(("127.0.0.1", port), 30)) as tls:
        tls.sendall(PREFACE)
        buffer = b""
        while True:
            while len(buffer) < 9 or len(buffer) < 9 + int.from_bytes(buffer[:3], "big"):
                chunk = tls.recv(65536)
                assert chunk, "the server closed a connection that finished its preface"
                buffer += chunk
            length, kind, flags = int.from_bytes(buffer[:3], "big"), buffer[3], buffer[4]
            payload, buffer = buffer[9 : 9 + length], buffer[9 + length :]
            if kind == 0x4 and not flags & 0x1:  # SETTINGS, not an ACK
                return {
                    int.from_bytes(payload[i : i + 2], "big"): int.from_bytes(
                        payload[i + 2 : i + 6], "big"
                    )
                    for i in range(0, length, 6)
                }


def test_grpc_connections_that_never_finish_their_handshake_are_closed(  # type: ignore[no-untyped-def]
    server_factory,
) -> None:
    server: ServerProcess = server_factory(volume=False)
    kinds: dict[str, Callable[[], _Loris]] = {
        "silent TCP": lambda: _Loris(server.port, b"", tls=False),
        "trickled ClientHello": lambda: _Loris(server.port, _client_hello(), tls=False),
        "TLS, no HTTP/2 preface": lambda: _Loris(server.port, b"", tls=True),
        "TLS, trickled preface": lambda: _Loris(server.port, PREFACE, tls=True),
    }
    lorises = {f"{kind} #{n}": make() for kind, make in kinds.items() for n in range(5)}
    # Meanwhile the API serves others, and tells each it may open 256 streams at once.
    with server.client() as client:
        assert client.get_server_info().server_id
    assert _server_settings(server.port)[SETTINGS_MAX_CONCURRENT_STREAMS] == 256
    for loris in lorises.values():
        loris.thread.join(CLOSED_WITHIN_S + 30)
    never_closed = [name for name, loris in lorises.items() if loris.closed_after_s is None]
    assert not never_closed
    with server.client() as client:
        assert client.get_server_info().server_id


# -- message sizes ----------------------------------------------------------------------------


def test_requests_over_the_message_limits_are_refused_before_login(  # type: ignore[no-untyped-def]
    server_factory,
) -> None:
    server: ServerProcess = server_factory("--insecure", volume=False)
    options = [("grpc.max_send_message_length", 16 << 20)]
    with grpc.insecure_channel(server.address, options=options) as channel:
        login = auth_pb2_grpc.AuthServiceStub(channel).Login
        # 1 MiB for a request without bytes fields; gRPC's own 8 MiB for any.
        for size in (2 << 20, 9 << 20):
            with pytest.raises(grpc.RpcError) as refused:
                login(auth_pb2.LoginRequest(username="a" * size, password="x"), timeout=120)
            assert refused.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED, size
        reply = login(auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD), timeout=60)
        assert reply.token


# -- path traversal in downloads -------------------------------------------------------------


def test_downloads_serve_a_finished_tasks_own_files_and_nothing_else(  # type: ignore[no-untyped-def]
    server_factory, camsim_factory, tmp_path: Path
) -> None:
    camsim = camsim_factory()
    server: ServerProcess = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))

        def recorded() -> tuple[int, int] | None:
            (line,) = client.get_timeline([camera.id], 0, now_us())
            if not line.runs:
                return None
            first, last = line.runs[0].start_time, line.runs[-1].end_time
            span = (first.ToMicroseconds(), last.ToMicroseconds())
            return span if span[1] - span[0] > 2_000_000 else None

        start, end = wait_for(recorded, 60, "2 s of recording")
        task = client.create_export_task(items=[(camera.id, start, end)])
        task = client.wait_for_export_task(task.id, timeout_s=120)
        assert task.state == export_pb2.EXPORT_TASK_STATE_DONE, task.error
        own = task.files[0].name
        escapes = [
            *("../" * depth + "catalog.sqlite3" for depth in range(1, 6)),
            *("../" * depth + "tls/server.key" for depth in range(1, 6)),
            f"../{task.id}/{own}", f"./{own}", f"{own}/", f"{own}/..", f"/{own}",
            "/etc/passwd", "..", ".", "", "%2e%2e/catalog.sqlite3", f"{own}\x00.txt",
        ]  # fmt: skip
        out = tmp_path / "out"
        for name in escapes:
            with pytest.raises((errors.NotFound, errors.InvalidArgument)):
                client.download_export_file(task.id, name, out)
        assert not out.exists() and not out.with_name("out.part").exists()
        assert client.download_export_file(task.id, own, out) == out.stat().st_size > 0


# -- failed logins from many addresses --------------------------------------------------------


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _describe_statuses(port: int, source: str, credentials: list[tuple[str, str]]) -> list[int]:
    """From ``source``, one RTSP connection that pipelines a DESCRIBE per credential;
    the status of each answer, in order."""
    requests = b"".join(
        (
            f"DESCRIBE rtsp://127.0.0.1:{port}/Gate/main RTSP/1.0\r\nCSeq: {n + 1}\r\n"
            f"Authorization: {_basic(user, password)}\r\n\r\n"
        ).encode()
        for n, (user, password) in enumerate(credentials)
    )
    statuses: list[int] = []
    buffer = b""
    with socket.create_connection(("127.0.0.1", port), 60, source_address=(source, 0)) as sock:
        sock.sendall(requests)
        while len(statuses) < len(credentials):
            while b"\r\n\r\n" not in buffer:
                chunk = sock.recv(65536)
                assert chunk, f"the server closed {source}'s connection after {statuses}"
                buffer += chunk
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            length = next(
                (
                    int(v)
                    for k, _, v in (x.partition(":") for x in lines)
                    if k.lower() == "content-length"
                ),
                0,
            )
            while len(buffer) < length:
                buffer += sock.recv(65536)
            buffer = buffer[length:]
            statuses.append(int(lines[0].split()[1]))
    return statuses


def test_failed_logins_from_many_addresses_neither_unlock_nor_lock_out_others(  # type: ignore[no-untyped-def]
    server_factory,
) -> None:
    server: ServerProcess = server_factory(volume=False)
    port = server.rtsp_port
    assert port is not None
    with server.client() as admin:
        admin.create_camera("Gate", "rtsp://127.0.0.1:9/none")
        group = admin.create_group("viewers", remote_rights=make_rights((), {"live": "all"}))
        admin.create_user("watcher", PASSWORD, group_id=group.id)
    # The attacker first locks the admin account.
    guesses = [("admin", f"guess-{n}") for n in range(MAX_FAILURES + 1)]
    assert _describe_statuses(port, "127.0.0.2", guesses) == [401] * MAX_FAILURES + [503]

    # Then sprays failed logins, 5 fresh names from each address, and a sixth try from
    # each: that one is refused before any check.
    sources = [f"127.1.{n // 250}.{n % 250 + 1}" for n in range(SPRAY_ADDRESSES)]

    def spray(index: int) -> list[int]:
        names = [(f"user{index}-{k}", "wrong") for k in range(MAX_FAILURES)]
        return _describe_statuses(port, sources[index], [*names, ("admin", "wrong")])

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(spray, range(len(sources))))
    assert all(r == [401] * MAX_FAILURES + [503] for r in results), {
        tuple(r) for r in results if r != [401] * MAX_FAILURES + [503]
    }

    # Throttling held: the admin account is still locked, from any address, however
    # many other names and addresses the server had to remember meanwhile.
    assert _describe_statuses(port, "127.0.0.3", [("admin", "wrong")]) == [503]
    with pytest.raises(errors.ResourceExhausted):
        server.client()
    # A legitimate user from an address of their own logs in at once.
    with Client.connect(
        server.address, username="watcher", password=PASSWORD,
        known_servers_path=server.known_servers,
    ) as watcher:  # fmt: skip
        assert watcher.get_server_info().server_id
