"""The worker's end of its socketpair: framed messages out (from any thread) and in.

Sending never blocks a stream thread: messages go through a queue to one writer
thread. Control messages (segments, health, volume errors) are never dropped.
Live PACKET messages are: when more than ``MAX_LIVE_BACKLOG_BYTES`` are waiting
(the main process is slow), a stream's packets are dropped until its next video
keyframe, so what arrives always decodes and recording never waits for live. For
the same reason a stream's live flow starts at a video keyframe.

Invariants: records leave in the order ``send`` was called; after ``close`` (or
once the peer is gone) sends are silently discarded, because a worker whose main
process died still closes its segments properly.
"""

from __future__ import annotations

import logging
import queue
import select
import socket
import threading

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.media.records import CorruptRecord, RecordDecoder
from vedette_server.ingest.config import StreamName
from vedette_server.ingest.messages import (
    BadMessage,
    Command,
    Configure,
    SetLive,
    SetVolumes,
    Stop,
    WorkerMessage,
    decode_message,
    encode_message,
    encode_packet,
)

log = logging.getLogger(__name__)

MAX_LIVE_BACKLOG_BYTES = 8 * 1024 * 1024
_RECV_BYTES = 256 * 1024


class WorkerChannel:
    """Framed, thread-safe messaging over the worker's socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._queue: queue.SimpleQueue[tuple[bytes, bool] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._live_backlog_bytes = 0
        self._skipping: set[tuple[int, StreamName]] = set()
        self._decoder = RecordDecoder()
        self._writer: threading.Thread | None = None
        self._open = True
        self.dropped_live_packets = 0

    @property
    def open(self) -> bool:
        return self._open

    def start(self) -> None:
        self._writer = threading.Thread(target=self._write_loop, name="ipc-writer", daemon=True)
        self._writer.start()

    def send(self, message: WorkerMessage) -> None:
        """Queue a control message (never dropped while the socket is open)."""
        if self._open:
            self._queue.put((encode_message(message), False))

    def start_live(self, camera_id: int, stream: StreamName) -> None:
        """Live goes on for a stream: its packets flow from its next video keyframe."""
        with self._lock:
            self._skipping.add((camera_id, stream))

    def send_packet(self, camera_id: int, stream: StreamName, packet: MediaPacket) -> None:
        """Queue a live packet, or drop it (until the next keyframe) when backlogged."""
        if not self._open:
            return
        key = (camera_id, stream)
        with self._lock:
            if key in self._skipping:
                if not (packet.kind == PacketKind.VIDEO and packet.keyframe):
                    self.dropped_live_packets += 1
                    return
                self._skipping.discard(key)
            if self._live_backlog_bytes > MAX_LIVE_BACKLOG_BYTES:
                self._skipping.add(key)
                self.dropped_live_packets += 1
                return
            data = encode_packet(camera_id, stream, packet)
            self._live_backlog_bytes += len(data)
        self._queue.put((data, True))

    def _write_loop(self) -> None:
        while (item := self._queue.get()) is not None:
            data, live = item
            if live:
                with self._lock:
                    self._live_backlog_bytes -= len(data)
            if not self._open:
                continue
            try:
                self._sock.sendall(data)
            except OSError as e:
                log.info("main process socket closed while sending: %s", e)
                self._open = False

    def receive(self, timeout_s: float) -> list[Command] | None:
        """Commands that arrived within ``timeout_s`` (blocking); None at EOF.

        The wait is a ``select``, never a timeout on the socket: the writer thread
        shares it, and with a timeout a send waiting more than that for a busy main
        process failed and closed the channel for good (the worker went on
        recording, but no segment row, health or live packet reached the main
        process again; found by bench/soak.py under load)."""
        try:
            if not select.select([self._sock], [], [], timeout_s)[0]:
                return []
            data = self._sock.recv(_RECV_BYTES)
        except OSError as e:
            log.info("main process socket failed: %s", e)
            return None
        if not data:
            return None
        try:
            records = self._decoder.feed(data)
        except CorruptRecord as e:
            log.error("unreadable message from the main process: %s", e)
            return None
        commands: list[Command] = []
        for record in records:
            try:
                message = decode_message(record)
            except BadMessage as e:
                log.error("%s", e)
                continue
            if isinstance(message, (Configure, SetVolumes, SetLive, Stop)):
                commands.append(message)
        return commands

    def close(self, timeout_s: float = 2.0) -> None:
        """Flush what is queued (up to ``timeout_s``), then stop sending (blocking)."""
        self._queue.put(None)
        if self._writer is not None:
            self._writer.join(timeout_s)
        self._open = False
