"""A TCP relay between vedette-server and camsim that sees every reconnect attempt.

The server's RTSP client has no per-attempt log, and camsim logs no RTSP requests,
so bench/soak.py puts this relay in between: one loopback listener per camera
stream, forwarding to camsim. It records, on the bench's monotonic clock:

- every connection the server opens (an attempt, whatever its outcome);
- every instant media starts flowing to the server: the first chunk from the
  camera on a connection that carries interleaved RTP (``carries_rtp``: not RTSP
  answers, not RTCP, whose sender reports camsim sends on during a ``drop``), or
  the first such chunk after the relay waited ``SILENCE_S`` for one (a camsim ``drop`` ended
  and the connection had survived it; time blocked writing to a slow reader does
  not count);
- every connection the camera side ended by itself (a camsim ``close`` fault),
  which tells when camsim's fault clock really started.

``drop_all(refuse_s)`` closes every relayed connection at the same instant and,
for ``refuse_s``, closes new ones as soon as they are accepted (still counted as
attempts): 64 cameras losing the network at once, as a switch reboot does.

The relay runs its own asyncio loop on a daemon thread; its logs are lists that
only grow (read them from any thread, the GIL keeps each append whole).
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from dataclasses import dataclass, field

#: Media silent this long on a connection, then flowing again, counts as resumed.
SILENCE_S = 1.0
_CHUNK = 65536


def carries_rtp(chunk: bytes) -> bool:
    """Whether a chunk read from the camera holds an RTP packet: an interleaved
    frame (``$``, channel, 16-bit length) on an even channel, at the chunk's start or
    right after an RTSP answer; frames on odd channels are RTCP. A chunk that starts
    inside a frame says no (it follows another chunk at once, never a silence)."""
    at = 0 if chunk.startswith(b"$") else chunk.find(b"\r\n\r\n$") + 4
    if at < 4 and not chunk.startswith(b"$"):
        return False
    while at + 4 <= len(chunk) and chunk[at] == 0x24:
        if chunk[at + 1] % 2 == 0:
            return True
        at += 4 + int.from_bytes(chunk[at + 2 : at + 4], "big")
    return False


@dataclass
class StreamLog:
    """What the relay saw for one camera stream (monotonic seconds)."""

    port: int = 0
    attempts: list[float] = field(default_factory=list)
    flows: list[float] = field(default_factory=list)
    closes: list[float] = field(default_factory=list)


class Relay:
    """Relays ``path`` keys (``cam3/main``) to camsim's RTSP port (``start`` first)."""

    def __init__(self, upstream_port: int, paths: list[str]) -> None:
        self.upstream_port = upstream_port
        self.logs = {path: StreamLog() for path in paths}
        self._refuse_until = 0.0
        self._open: set[asyncio.StreamWriter] = set()
        self._servers: list[asyncio.Server] = []
        self._dropped_at = float("-inf")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="relay", daemon=True)

    def start(self) -> None:
        """Open the listeners (blocking until they listen)."""
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(30)

    def stop(self) -> None:
        """Close the listeners and every connection, then the loop (blocking)."""
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _close(self) -> None:
        for server in self._servers:
            server.close()
        for writer in list(self._open):
            writer.transport.abort()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if tasks:  # the relays end by themselves once their sockets are aborted
            await asyncio.wait(tasks, timeout=10)

    def url(self, path: str, *, user: str = "", password: str = "") -> str:
        credentials = f"{user}:{password}@" if user else ""
        return f"rtsp://{credentials}127.0.0.1:{self.logs[path].port}/{path}"

    def drop_all(self, refuse_s: float) -> float:
        """Close every relayed connection now and refuse new ones for ``refuse_s``;
        returns the instant of the drop (blocking until done)."""
        return asyncio.run_coroutine_threadsafe(self._drop(refuse_s), self._loop).result(30)

    async def _drop(self, refuse_s: float) -> float:
        now = time.monotonic()
        self._refuse_until = now + refuse_s
        self._dropped_at = now
        for writer in list(self._open):
            writer.transport.abort()
        return now

    async def _listen(self) -> None:
        for log in self.logs.values():
            server = await asyncio.start_server(
                functools.partial(self._relay, log=log), "127.0.0.1", 0
            )
            log.port = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _relay(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, log: StreamLog
    ) -> None:
        now = time.monotonic()
        log.attempts.append(now)
        if now < self._refuse_until:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        self._open.update((writer, up_writer))
        ended: list[tuple[float, str]] = []  # (when, which side) each direction ended
        try:
            await asyncio.gather(
                self._pump(reader, up_writer, None, ended),
                self._pump(up_reader, writer, log, ended),
            )
            when, side = ended[0]
            if side == "camera" and when - self._dropped_at > 1.0:  # not drop_all's doing
                log.closes.append(when)
        finally:
            for w in (writer, up_writer):
                self._open.discard(w)
                w.transport.abort()

    @staticmethod
    async def _pump(
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        log: StreamLog | None,
        ended: list[tuple[float, str]],
    ) -> None:
        """Copy one direction until EOF or error, then note when it ended in ``ended``;
        ``log``: camera to server, noting when media starts or resumes flowing."""
        waiting_since = float("-inf")  # -inf: no media yet on this connection
        graceful = False
        try:
            while chunk := await reader.read(_CHUNK):
                media = carries_rtp(chunk)
                if log is not None and media:
                    now = time.monotonic()
                    if now - waiting_since >= SILENCE_S:
                        log.flows.append(now)
                writer.write(chunk)
                await writer.drain()
                if log is not None and media:
                    waiting_since = time.monotonic()
            graceful = True
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            ended.append((time.monotonic(), "server" if log is None else "camera"))
            if graceful:  # what is still buffered goes out first, as from a camera
                writer.close()
            else:
                writer.transport.abort()
