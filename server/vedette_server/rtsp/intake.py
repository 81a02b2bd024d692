"""What one RTSP connection has read and not yet answered, bounded; and the clocks of
its header and idle timeouts. Pure logic: no sockets, no asyncio.

Bytes go into a ``RequestReader``; complete requests (and the reader's errors) wait in
a FIFO for the connection's worker; interleaved frames (client RTCP) are handed on at
once. When the FIFO holds ``max_queued`` entries, parsing stops and the rest of the
input stays in the reader as bytes: the connection stops reading its socket
(``wants_more`` is False), TCP flow control holds the client back, and parsing goes
on as the worker takes requests.

Invariants:
- The FIFO never holds more than ``max_queued`` entries, and the reader never more than
  what was fed while ``wants_more`` was True plus one message: one read of the socket.
- ``partial_since`` is the instant the message now arriving began (until the first
  request, the connection's opening), and None between messages or while the FIFO is
  full (the server, not the client, is then holding the message back).
- After ``clear`` nothing queued is answered and nothing more is parsed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from vedette_server.rtsp.message import InterleavedFrame, RequestError, RequestReader, RtspRequest

QueuedEvent = RtspRequest | RequestError


class RequestIntake:
    """Bounded FIFO of a connection's requests between its socket and its worker."""

    def __init__(
        self,
        max_queued: int,
        on_frame: Callable[[InterleavedFrame], None],
        *,
        reader: RequestReader | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_queued < 1:
            raise ValueError(f"max_queued must be at least 1, not {max_queued}")
        self.max_queued = max_queued
        self.reader = reader or RequestReader()
        self._on_frame = on_frame
        self._clock = clock
        self._fifo: deque[QueuedEvent] = deque()
        self._closed = False
        self._seen_request = False
        now = clock()
        #: When the last complete request (or unreadable message) was read.
        self.last_request_s = now
        #: When the message now arriving began; see the module docstring.
        self.partial_since: float | None = now

    @property
    def queued(self) -> int:
        return len(self._fifo)

    @property
    def wants_more(self) -> bool:
        """Whether the connection may read its socket (the FIFO has room)."""
        return not self._closed and len(self._fifo) < self.max_queued

    def receive(self, data: bytes) -> None:
        """Take bytes read from the socket and parse what fits in the FIFO."""
        if not self._closed:
            self._parse(data)

    def take(self) -> QueuedEvent | None:
        """The oldest queued request (None when none); parsing goes on into the room."""
        if not self._fifo:
            return None
        event = self._fifo.popleft()
        self._parse(b"")
        return event

    def clear(self) -> None:
        """Drop every queued request and buffered byte (the client has gone)."""
        self._closed = True
        self._fifo.clear()
        self.reader = RequestReader()  # drops the old one's buffer
        self.partial_since = None

    def _parse(self, data: bytes) -> None:
        completed = False
        while True:
            room = self.max_queued - len(self._fifo)
            events = self.reader.feed(data, max_events=max(room, 0))
            data = b""
            for event in events:
                if isinstance(event, InterleavedFrame):
                    self._on_frame(event)
                else:
                    self._fifo.append(event)
                    completed = True
            if room <= 0 or len(events) < room:
                break
        now = self._clock()
        if completed:
            self.last_request_s = now
            self._seen_request = True
        if not self.wants_more or (self._seen_request and not self.reader.in_message):
            self.partial_since = None
        elif completed or self.partial_since is None:
            self.partial_since = now
