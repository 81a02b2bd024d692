"""The client side of an RTSP connection's byte stream: interleaved frames and responses.

Owns a large receive buffer filled by one ``recv_into`` per call (RTSP over TCP
carries RTP and RTCP in ``$``-framed packets, RFC 2326 §10.12, between RTSP
messages) and the parse of what it holds: each complete ``$`` frame goes to its
channel's handler as ``(view, start, end)`` offsets into the buffer, without a
copy; each complete RTSP message (a response, or a request from the server) is
parsed into an :class:`RtspMessage`.

Invariants:
- A handler's slice is valid only until the next :meth:`InterleavedReader.fill`
  (the buffer is compacted and overwritten there).
- Bytes that are neither a frame of a known channel nor an RTSP message are
  garbage: the reader skips to the next ``$`` followed by a known channel, or the
  next ``RTSP/``, counting ``garbage_bytes`` and ``resyncs``. A frame found while
  resynchronising must be followed by another frame or message (when the bytes
  are there) to be believed.
- Nothing here raises on any input bytes; socket errors from :meth:`fill` pass.
"""

from __future__ import annotations

import re
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass

from vedette_server.rtsp.headers import Headers

FrameHandler = Callable[[memoryview, int, int], None]

DEFAULT_BUFFER_BYTES = 256 * 1024
_MAX_FRAME_BYTES = 4 + 0xFFFF
_MAX_HEAD_BYTES = 16 * 1024
_MAX_BODY_BYTES = 256 * 1024
_FRAME = struct.Struct("!BBH")
_SYNC_RE = re.compile(rb"\$|RTSP/|[A-Z_]{3,16} [^\r\n ]{1,2048} RTSP/1\.0\r\n")
_STATUS_RE = re.compile(r"RTSP/1\.\d (\d{3})(?: (.*))?")
_MESSAGE_START = re.compile(rb"RTSP/|[A-Z_]{3,16} ")


@dataclass
class RtspMessage:
    """A response (``status`` > 0) or a request the server sent us (``status`` 0)."""

    status: int
    reason: str
    headers: Headers
    body: bytes
    method: str = ""

    @property
    def cseq(self) -> str | None:
        return self.headers.get("CSeq")


def parse_message_head(head: bytes, body: bytes) -> RtspMessage | None:
    """An RTSP message from its head (without the blank line) and body; None if not one."""
    lines = head.decode("latin-1").split("\r\n")
    first = lines[0]
    match = _STATUS_RE.fullmatch(first.strip())
    status, reason, method = 0, "", ""
    if match:
        status, reason = int(match[1]), (match[2] or "").strip()
    elif first.endswith(" RTSP/1.0"):
        method = first.split(" ", 1)[0]
    else:
        return None
    headers = Headers()
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        try:
            headers.add(name.strip(), value.strip())
        except ValueError:
            continue  # a header we could not keep is one we do not need
    return RtspMessage(status, reason, headers, body, method)


def _content_length(head: bytes) -> int:
    match = re.search(rb"\r\ncontent-length[ \t]*:[ \t]*(\d{1,9})", head, re.IGNORECASE)
    return int(match[1]) if match else 0


class InterleavedReader:
    """Receive buffer and parser of one RTSP connection (client side)."""

    def __init__(self, buffer_bytes: int = DEFAULT_BUFFER_BYTES) -> None:
        if buffer_bytes < 2 * _MAX_FRAME_BYTES:
            raise ValueError(f"buffer_bytes {buffer_bytes} below {2 * _MAX_FRAME_BYTES}")
        self._buf = bytearray(buffer_bytes)
        self._view = memoryview(self._buf)
        self._start = 0
        self._end = 0
        self._syncing = False
        self.handlers: list[FrameHandler | None] = [None] * 256
        self.known_channels: set[int] = set()
        self.garbage_bytes = 0
        self.resyncs = 0
        self.bytes_received = 0

    def set_channel(self, channel: int, handler: FrameHandler | None) -> None:
        """Route frames of ``channel`` to ``handler`` (None: known, but ignored)."""
        self.handlers[channel] = handler
        self.known_channels.add(channel)

    def fill(self, sock: socket.socket) -> tuple[int, bool]:
        """One ``recv_into`` (blocking): the bytes read (0 at end of stream), and whether
        they filled the buffer (more may be waiting)."""
        if self._start == self._end:
            self._start = self._end = 0
        elif len(self._buf) - self._end < _MAX_FRAME_BYTES:
            pending = self._end - self._start
            self._buf[:pending] = self._view[self._start : self._end].tobytes()
            self._start, self._end = 0, pending
        room = len(self._buf) - self._end
        n = sock.recv_into(self._view[self._end :])
        self._end += n
        self.bytes_received += n
        return n, n == room

    def feed(self, data: bytes) -> None:
        """Append bytes as if received (tests; data that came with a response)."""
        if len(self._buf) - self._end < len(data) + _MAX_FRAME_BYTES:
            pending = self._end - self._start
            self._buf[:pending] = self._view[self._start : self._end].tobytes()
            self._start, self._end = 0, pending
        self._buf[self._end : self._end + len(data)] = data
        self._end += len(data)

    def drain(self, messages: list[RtspMessage]) -> None:
        """Hand every complete frame to its handler and append complete messages."""
        buf, view, handlers = self._buf, self._view, self.handlers
        unpack = _FRAME.unpack_from
        pos, end = self._start, self._end
        while pos + 4 <= end:
            magic, channel, length = unpack(buf, pos)
            if magic == 0x24 and not self._syncing:
                stop = pos + 4 + length
                if stop > end:
                    break
                handler = handlers[channel]
                if handler is not None:
                    handler(view, pos + 4, stop)
                elif channel not in self.known_channels:
                    pos = self._resync(pos)
                    continue
                pos = stop
                continue
            step = self._other(pos, end, messages)
            if step == 0:
                break
            pos = step
        self._start = pos

    def _other(self, pos: int, end: int, messages: list[RtspMessage]) -> int:
        """Parse what is not a plain frame at ``pos``; the next position, 0 to wait."""
        buf = self._buf
        if self._syncing and buf[pos] == 0x24:
            channel, length = buf[pos + 1], (buf[pos + 2] << 8) | buf[pos + 3]
            stop = pos + 4 + length
            if channel not in self.known_channels:
                return self._resync(pos)
            if stop + 1 > end:
                return 0 if end - pos < _MAX_FRAME_BYTES else self._resync(pos)
            if buf[stop] != 0x24 and not _MESSAGE_START.match(buf, stop):
                return self._resync(pos)
            self._syncing = False
            return pos
        if _MESSAGE_START.match(buf, pos):
            head_end = buf.find(b"\r\n\r\n", pos, min(end, pos + _MAX_HEAD_BYTES))
            if head_end < 0:
                return 0 if end - pos < _MAX_HEAD_BYTES else self._resync(pos)
            head = bytes(buf[pos:head_end])
            body_start = head_end + 4
            body_end = body_start + min(_content_length(head), _MAX_BODY_BYTES)
            if body_end > end:
                return 0
            message = parse_message_head(head, bytes(buf[body_start:body_end]))
            if message is None:
                return self._resync(pos)
            self._syncing = False
            messages.append(message)
            return body_end
        return self._resync(pos)

    def _resync(self, pos: int) -> int:
        """Skip garbage at ``pos`` to the next plausible frame or message start."""
        if not self._syncing:
            self.resyncs += 1
        self._syncing = True
        match = _SYNC_RE.search(self._buf, pos + 1, self._end)
        target = match.start() if match else max(pos + 1, self._end - 16)
        self.garbage_bytes += target - pos
        return target
