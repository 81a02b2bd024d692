"""A bare ``RtspServer`` in a child process, to probe its listener from outside.

The child serves one mount, ``tone``, a G.711 track fed 50 packets a second (so a
player has something to receive), and answers DESCRIBE of any other path 404 after
asking its resolver, which counts the calls on a thread of its own (as the re-stream
asks the catalog's): every answered request for an unknown path is one unit of work
the test can count. Its limits come from ``--limits`` (a
JSON object of ``RtspLimits`` fields); with an older ``vedette_server`` that has no
``RtspLimits`` (a worktree of the code before them, through ``PYTHONPATH``) it runs
without and says so, so the same probe measures the code before and after.

On a ``stats`` line on its stdin it prints ``stats {json}``: resolver calls, open
connections, sessions, asyncio tasks, its RSS, and the listener's counters.

The parent side is ``start_listener``; the child is this file run as a script (not as
a module: it must not import the tests package, which an old worktree may lack).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READY = "rtsp listener ready:"
STATS = "stats "
TONE_PATH = "tone"


@dataclass
class ListenerProcess:
    """A running child: its port, pid and every line it printed so far."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stats(self, timeout_s: float = 30.0) -> dict[str, Any]:
        """Ask the child for its figures (answered from its event loop)."""
        assert self.process.stdin is not None
        before = sum(1 for line in self.lines if line.startswith(STATS))
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            answers = [line for line in list(self.lines) if line.startswith(STATS)]
            if len(answers) > before:
                answer: dict[str, Any] = json.loads(answers[before][len(STATS) :])
                return answer
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError(
            "the RTSP listener did not answer 'stats':\n" + "\n".join(self.lines[-40:])
        )

    def log_lines(self, text: str) -> list[str]:
        return [line for line in list(self.lines) if text in line]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_listener(
    limits: dict[str, Any] | None = None,
    *,
    python_path: str | None = None,
    timeout_s: float = 60.0,
) -> ListenerProcess:
    """Run the child with these limits (``RtspLimits`` fields); ``python_path`` replaces
    ``PYTHONPATH`` (to run another worktree's ``vedette_server``)."""
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    argv = [sys.executable, str(Path(__file__).resolve()), "--limits", json.dumps(limits or {})]
    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith(READY):
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    if not ready.wait(timeout_s) or process.poll() is not None:
        process.kill()
        process.wait(5)
        raise RuntimeError("the RTSP listener did not start:\n" + "\n".join(lines[-40:]))
    line = next(x for x in lines if x.startswith(READY))
    return ListenerProcess(process, int(line.rsplit(":", 1)[1]), lines)


def flood_requests(first: int, count: int) -> Iterator[bytes]:
    """What the hostile probe pipelined: OPTIONS, DESCRIBE of a stream (an SDP to
    answer) and DESCRIBE of an unknown path (a call to the resolver), in turn."""
    for cseq in range(first, first + count):
        kind = cseq % 3
        if kind == 0:
            yield f"OPTIONS * RTSP/1.0\r\nCSeq: {cseq}\r\n\r\n".encode()
        else:
            path = TONE_PATH if kind == 1 else f"flood/{cseq}"
            yield f"DESCRIBE rtsp://127.0.0.1/{path} RTSP/1.0\r\nCSeq: {cseq}\r\n\r\n".encode()


@dataclass
class Flood:
    """A connection that pipelines requests and never reads; what it managed to send."""

    sock: socket.socket
    sent_bytes: int = 0
    requests: int = 0
    peak_rss_bytes: int = 0

    def close(self) -> None:
        self.sock.close()  # with unread responses in its buffer: a reset


def pipeline_flood(
    port: int,
    server_pid: int,
    total_bytes: int,
    *,
    receive_buffer: int | None = None,
    stall_s: float = 3.0,
) -> Flood:
    """Send ``total_bytes`` of pipelined requests without reading a response, or as much
    as the server takes before it stops reading for ``stall_s``; sample the server's RSS
    (of process ``server_pid``) on the way. The connection is left open."""
    import psutil

    server = psutil.Process(server_pid)
    sock = socket.socket()
    if receive_buffer is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    flood = Flood(sock, peak_rss_bytes=server.memory_info().rss)
    pending = b""
    stalled_since: float | None = None
    while flood.sent_bytes < total_bytes:
        if not pending:
            pending = b"".join(flood_requests(flood.requests, 1000))
            flood.requests += 1000
        _, writable, _ = select.select([], [sock], [], 0.1)
        if writable:
            try:
                n = sock.send(pending)
            except BlockingIOError:
                n = 0
            flood.sent_bytes += n
            pending = pending[n:]
            stalled_since = None
        elif stalled_since is None:
            stalled_since = time.monotonic()
        elif time.monotonic() - stalled_since > stall_s:
            break  # the server stopped reading: TCP holds the flood back
        flood.peak_rss_bytes = max(flood.peak_rss_bytes, server.memory_info().rss)
    return flood


# -- the child ------------------------------------------------------------------------


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def _serve(limits_json: dict[str, Any], host: str) -> None:
    from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
    from vedette_server.rtsp.server import RtspServer
    from vedette_server.rtsp.stream import MediaTrack, Mount

    kwargs: dict[str, Any] = {}
    try:
        from vedette_server.rtsp.limits import RtspLimits
    except ImportError:
        print("this vedette_server has no RtspLimits: running without limits", flush=True)
    else:
        kwargs["limits"] = RtspLimits(**limits_json)
    resolver_calls = 0
    # Like the re-stream's, the resolver looks the path up on another thread (the
    # catalog's), so a DESCRIBE of an unknown path lets the event loop run meanwhile.
    catalog = ThreadPoolExecutor(1, thread_name_prefix="catalog")

    def look_up(path: str) -> None:
        nonlocal resolver_calls
        resolver_calls += 1

    async def resolve(path: str) -> None:
        await asyncio.get_running_loop().run_in_executor(catalog, look_up, path)

    server = RtspServer(host=host, port=0, resolver=resolve, **kwargs)
    mount = Mount(
        TONE_PATH, [MediaTrack(CodecParameters(Codec.PCMU, sample_rate=8000, channels=1))]
    )
    server.add_mount(mount)
    await server.start()
    loop = asyncio.get_running_loop()

    def stats() -> None:
        counters = getattr(server, "counters", None)
        figures = {
            "resolver_calls": resolver_calls,
            "connections": len(server.connections),
            "sessions": len(server.sessions),
            "tasks": len(asyncio.all_tasks()),
            "rss_bytes": _rss_bytes(),
            "counters": counters.as_dict() if counters is not None else None,
        }
        print(STATS + json.dumps(figures), flush=True)

    stopped = asyncio.Event()

    def read_commands() -> None:
        for command in sys.stdin:
            if command.strip() == "stats":
                loop.call_soon_threadsafe(stats)
        loop.call_soon_threadsafe(stopped.set)

    threading.Thread(target=read_commands, daemon=True).start()
    print(f"{READY}{server.port}", flush=True)
    step_us = 20_000
    next_us = time.time_ns() // 1000
    silence = b"\xff" * 160
    while not stopped.is_set():
        mount.push(0, MediaPacket(PacketKind.AUDIO, next_us, step_us, True, silence))
        next_us += step_us
        await asyncio.sleep(max(0.0, next_us / 1e6 - time.time()))
    await server.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="{}", help="RtspLimits fields as a JSON object")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(_serve(json.loads(args.limits), args.host))


if __name__ == "__main__":
    main()
