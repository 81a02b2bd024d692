"""RTSP 1.0 message text (RFC 2326 §4, §6, §7, §10.12): bytes in, events out; responses out.

Owns the framing of what a client sends on the control connection (requests, with bodies
by Content-Length, and ``$``-framed interleaved binary data), the encoding of responses,
and the status codes' reason phrases. ``Headers`` and the parsers of the Transport,
Session and Range values live in ``headers`` and are re-exported here. No sockets, no
asyncio.

Invariants:
- ``RequestReader.feed`` never raises, whatever the bytes, and the events it returns do
  not depend on how the input was split into chunks.
- After a malformed message the reader resynchronises at the end of that message (its
  blank line, then its body when the Content-Length could be read), so the next good
  request is still parsed. A head over ``max_head_bytes`` is discarded up to its blank
  line without being buffered; a body over ``max_body_bytes`` is skipped by its length.
- The reader never holds more than ``max_head_bytes`` of a head, ``max_body_bytes`` of a
  body or one interleaved frame (at most 65 539 bytes), besides the input that a
  ``max_events`` cap left unparsed (which is the caller's to bound, by reading no more).
- ``RtspResponse.encode`` writes only validated header fields and a reason phrase without
  control characters, and a Content-Length that is the body's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vedette_server.rtsp.headers import (
    CTL_RE,
    TOKEN_RE,
    Headers,
    TransportSpec,
    parse_range,
    parse_session_header,
    parse_transport,
)

__all__ = [
    "REASON_PHRASES",
    "Headers",
    "InterleavedFrame",
    "ReaderEvent",
    "RequestError",
    "RequestReader",
    "RtspRequest",
    "RtspResponse",
    "TransportSpec",
    "parse_range",
    "parse_session_header",
    "parse_transport",
    "reason_phrase",
]

_RTSP_VERSION_RE = re.compile(r"RTSP/(\d{1,9})\.(\d{1,9})")
_OTHER_VERSION_RE = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*/\d{1,9}\.\d{1,9}")
_CONTENT_LENGTH_RE = re.compile(r"\d{1,18}")
_SNIFFED_CSEQ_RE = re.compile(r"[0-9A-Za-z._-]{1,32}")


@dataclass
class RtspRequest:
    """One request as read from the connection. ``version`` is always ``RTSP/1.0``."""

    method: str
    uri: str
    version: str
    headers: Headers
    body: bytes

    @property
    def cseq(self) -> str | None:
        return self.headers.get("CSeq")


@dataclass
class InterleavedFrame:
    """Binary data interleaved on the control connection (RFC 2326 §10.12)."""

    channel: int
    payload: bytes

    def encode(self) -> bytes:
        """``$``, the channel byte, the 16-bit big-endian length, then the payload."""
        if not 0 <= self.channel <= 255:
            raise ValueError(f"interleaved channel {self.channel} is not 0-255")
        if len(self.payload) > 0xFFFF:
            raise ValueError(f"interleaved payload of {len(self.payload)} bytes exceeds 65535")
        return b"$" + bytes((self.channel,)) + len(self.payload).to_bytes(2, "big") + self.payload


@dataclass
class RequestError:
    """A message the reader could not accept; answer it with ``status`` and ``cseq``.

    ``reason`` is a diagnostic for logs (client bytes in it are repr-escaped), not a
    Reason-Phrase.
    """

    status: int
    reason: str
    cseq: str | None


ReaderEvent = RtspRequest | InterleavedFrame | RequestError


@dataclass
class _Head:
    """What a complete head yielded: a request or an error, and the body that follows."""

    event: RtspRequest | RequestError
    body_bytes: int | None  # None: unknown (no usable Content-Length)


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _sniff_cseq(head: bytes) -> str | None:
    """Best-effort CSeq of a head that could not be parsed; only whole lines count."""
    lines = head.decode("latin-1").split("\n")[:-1]
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "cseq":
            value = value.strip(" \t\r")
            return value if _SNIFFED_CSEQ_RE.fullmatch(value) else None
    return None


def _parse_header_lines(lines: list[str], max_headers: int) -> Headers | RequestError:
    fields: list[list[str]] = []
    for line in lines:
        if "\r" in line:
            return RequestError(400, "bare CR inside a header line", None)
        if line.startswith((" ", "\t")):
            if not fields:
                return RequestError(400, "continuation line before any header", None)
            fields[-1][1] = (fields[-1][1] + " " + line.strip(" \t")).strip(" ")
            continue
        name, sep, value = line.partition(":")
        if not sep or not TOKEN_RE.fullmatch(name):
            return RequestError(400, f"malformed header line {_short(line)}", None)
        fields.append([name, value.strip(" \t")])
        if len(fields) > max_headers:
            return RequestError(413, f"more than {max_headers} header fields", None)
    for name, value in fields:
        if CTL_RE.search(value):
            return RequestError(400, f"control character in header {name}", None)
    return Headers((name, value) for name, value in fields)


def _content_length(headers: Headers) -> int | None:
    values = headers.get_all("Content-Length")
    if not values:
        return 0
    if len(set(values)) != 1 or not _CONTENT_LENGTH_RE.fullmatch(values[0]):
        return None
    return int(values[0])


def _parse_request_line(line: str, cseq: str | None) -> tuple[str, str, str] | RequestError:
    """(method, uri, version), or the error when the line is not acceptable."""
    parts = line.split()
    if len(parts) != 3:
        return RequestError(400, f"malformed request line {_short(line)}", cseq)
    method, uri, version = parts
    if not TOKEN_RE.fullmatch(method):
        return RequestError(400, f"method {_short(method)} is not a token", cseq)
    if CTL_RE.search(uri):
        return RequestError(400, "control character in the request URI", cseq)
    match = _RTSP_VERSION_RE.fullmatch(version)
    if match and (int(match[1]), int(match[2])) == (1, 0):
        return method, uri, "RTSP/1.0"
    if match or _OTHER_VERSION_RE.fullmatch(version):
        return RequestError(505, f"unsupported protocol version {_short(version)}", cseq)
    return RequestError(400, f"malformed protocol version {_short(version)}", cseq)


def _parse_head(head: bytes, max_headers: int) -> _Head:
    """Parse a complete head (request line, header lines, blank line)."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return _Head(RequestError(400, "message head is not UTF-8", _sniff_cseq(head)), None)
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    headers = _parse_header_lines(lines[1:], max_headers)
    if isinstance(headers, RequestError):
        headers.cseq = _sniff_cseq(head)
        return _Head(headers, None)
    cseq = headers.get("CSeq")
    body_bytes = _content_length(headers)
    request_line = _parse_request_line(lines[0], cseq)
    if isinstance(request_line, RequestError):
        return _Head(request_line, body_bytes)
    if body_bytes is None:
        return _Head(RequestError(400, "bad Content-Length", cseq), None)
    method, uri, version = request_line
    return _Head(RtspRequest(method, uri, version, headers, b""), body_bytes)


def _find_head_end(buf: bytearray, scan_from: int) -> int:
    """Index just past the first blank line (LF, optional CR, LF) at or after ``scan_from``."""
    i = buf.find(b"\n", scan_from)
    while i >= 0:
        if i >= 1 and buf[i - 1] == 0x0A:
            return i + 1
        if i >= 2 and buf[i - 1] == 0x0D and buf[i - 2] == 0x0A:
            return i + 1
        i = buf.find(b"\n", i + 1)
    return -1


_HEAD, _BODY, _SKIP_HEAD, _SKIP_BODY = range(4)


class RequestReader:
    """Incremental reader of what a client sends on an RTSP control connection.

    ``feed`` takes any chunk of bytes and returns the complete events it finished:
    requests, interleaved frames and errors, in order. Lines may end in CRLF or LF;
    empty lines between messages are skipped.
    """

    def __init__(
        self, max_head_bytes: int = 8192, max_body_bytes: int = 65536, max_headers: int = 64
    ) -> None:
        if max_head_bytes < 16:
            raise ValueError(f"max_head_bytes must be at least 16, not {max_head_bytes}")
        if max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must be at least 0, not {max_body_bytes}")
        if max_headers < 1:
            raise ValueError(f"max_headers must be at least 1, not {max_headers}")
        self._max_head = max_head_bytes
        self._max_body = max_body_bytes
        self._max_headers = max_headers
        self._buf = bytearray()
        self._mode = _HEAD
        self._scan = 0  # where the search for the blank line resumes
        self._need = 0  # body bytes awaited (_BODY) or still to discard (_SKIP_BODY)
        self._pending: RtspRequest | None = None

    @property
    def buffered_bytes(self) -> int:
        """Bytes held for a message not yet complete (or not yet parsed, after a cap)."""
        return len(self._buf)

    @property
    def in_message(self) -> bool:
        """Whether part of a message has arrived and the rest is awaited (after a feed
        that was not capped by ``max_events``)."""
        return bool(self._buf) or self._mode != _HEAD

    def feed(self, data: bytes, max_events: int | None = None) -> list[ReaderEvent]:
        """Add ``data`` and return the events it completed. Never raises.

        With ``max_events``, parsing stops after that many events and the rest of the
        input stays buffered: ``feed(b"")`` goes on from there. The events, taken
        together, are the same whatever the caps and the chunks.
        """
        self._buf += data
        events: list[ReaderEvent] = []
        if max_events is None:
            while self._step(events):
                pass
        else:
            while len(events) < max_events and self._step(events):
                pass
        return events

    def _step(self, events: list[ReaderEvent]) -> bool:
        """Make one unit of progress; False when more input is needed."""
        if self._mode == _BODY:
            return self._read_body(events)
        if self._mode == _SKIP_BODY:
            dropped = min(self._need, len(self._buf))
            del self._buf[:dropped]
            self._need -= dropped
            if self._need:
                return False
            self._mode = _HEAD
            return True
        if self._mode == _SKIP_HEAD:
            return self._skip_head()
        return self._read_head(events)

    def _read_head(self, events: list[ReaderEvent]) -> bool:
        buf = self._buf
        blank = 0
        while blank < len(buf) and buf[blank] in b"\r\n":
            blank += 1
        if blank:
            del buf[:blank]
            self._scan = 0
        if not buf:
            return False
        if buf[0] == 0x24:  # '$': interleaved frame
            if len(buf) < 4:
                return False
            end = 4 + int.from_bytes(buf[2:4], "big")
            if len(buf) < end:
                return False
            events.append(InterleavedFrame(buf[1], bytes(buf[4:end])))
            del buf[:end]
            return True
        end = _find_head_end(buf, self._scan)
        if end < 0 and len(buf) <= self._max_head:
            self._scan = len(buf)
            return False
        if end < 0 or end > self._max_head:
            # Same event whether the head arrived whole or in pieces: CSeq only from the
            # first max_head bytes, and resynchronisation at the head's blank line.
            cseq = _sniff_cseq(bytes(buf[: self._max_head]))
            events.append(RequestError(413, f"message head over {self._max_head} bytes", cseq))
            if end < 0:
                self._mode = _SKIP_HEAD
            else:
                del buf[:end]
                self._scan = 0
            return True
        head = bytes(buf[:end])
        del buf[:end]
        self._scan = 0
        self._start_body(_parse_head(head, self._max_headers), events)
        return True

    def _start_body(self, parsed: _Head, events: list[ReaderEvent]) -> None:
        event, body_bytes = parsed.event, parsed.body_bytes
        if isinstance(event, RtspRequest) and body_bytes is not None:
            if body_bytes > self._max_body:
                reason = f"body of {body_bytes} bytes over {self._max_body}"
                events.append(RequestError(413, reason, event.cseq))
            elif body_bytes:
                self._pending, self._need, self._mode = event, body_bytes, _BODY
                return
            else:
                events.append(event)
                return
        else:
            events.append(event)
        if body_bytes:
            self._need, self._mode = body_bytes, _SKIP_BODY

    def _read_body(self, events: list[ReaderEvent]) -> bool:
        if len(self._buf) < self._need or self._pending is None:
            return False
        self._pending.body = bytes(self._buf[: self._need])
        del self._buf[: self._need]
        events.append(self._pending)
        self._pending, self._need, self._mode = None, 0, _HEAD
        return True

    def _skip_head(self) -> bool:
        end = _find_head_end(self._buf, self._scan)
        if end < 0:
            # Keep two bytes: a blank line may straddle this chunk and the next.
            del self._buf[:-2]
            self._scan = len(self._buf)
            return False
        del self._buf[:end]
        self._scan = 0
        self._mode = _HEAD
        return True


# fmt: off
REASON_PHRASES: dict[int, str] = {
    100: "Continue", 200: "OK", 201: "Created", 250: "Low on Storage Space",
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Moved Temporarily", 303: "See Other",
    304: "Not Modified", 305: "Use Proxy", 400: "Bad Request", 401: "Unauthorized",
    402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Time-out",
    410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Request Entity Too Large", 414: "Request-URI Too Large", 415: "Unsupported Media Type",
    451: "Parameter Not Understood", 452: "Conference Not Found", 453: "Not Enough Bandwidth",
    454: "Session Not Found", 455: "Method Not Valid in This State",
    456: "Header Field Not Valid for Resource", 457: "Invalid Range",
    458: "Parameter Is Read-Only", 459: "Aggregate operation not allowed",
    460: "Only aggregate operation allowed", 461: "Unsupported transport",
    462: "Destination unreachable", 500: "Internal Server Error", 501: "Not Implemented",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out",
    505: "RTSP Version not supported", 551: "Option not supported",
}
# fmt: on
"""Reason-Phrases of RFC 2326 §7.1.1 (the Status-Code grammar)."""

_CLASS_PHRASES = {
    1: "Informational",
    2: "Success",
    3: "Redirection",
    4: "Client Error",
    5: "Server Error",
}


def reason_phrase(status: int) -> str:
    """The RFC 2326 phrase of ``status``, else a phrase for its class."""
    return REASON_PHRASES.get(status) or _CLASS_PHRASES.get(status // 100, "Unknown")


class RtspResponse:
    """A response to encode; the caller sets CSeq (and any other header) in ``headers``."""

    __slots__ = ("body", "headers", "reason", "status")

    def __init__(
        self,
        status: int,
        headers: Headers | None = None,
        body: bytes = b"",
        reason: str | None = None,
    ) -> None:
        self.status = status
        self.headers: Headers = headers if headers is not None else Headers()
        self.body = body
        self.reason = reason

    def encode(self) -> bytes:
        """Status line, headers, Content-Length when there is a body, blank line, body.

        A Content-Length in ``headers`` is replaced by the body's real length.
        """
        if not 100 <= self.status <= 999:
            raise ValueError(f"status {self.status} is not a 3-digit code")
        reason = reason_phrase(self.status) if self.reason is None else self.reason
        if CTL_RE.search(reason):
            raise ValueError("reason phrase contains a control character")
        lines = [f"RTSP/1.0 {self.status} {reason}"]
        lines.extend(f"{n}: {v}" for n, v in self.headers if n.lower() != "content-length")
        if self.body:
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + self.body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RtspResponse):
            return NotImplemented
        mine = (self.status, self.headers, self.body, self.reason)
        return mine == (other.status, other.headers, other.body, other.reason)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (
            f"RtspResponse({self.status}, {self.headers!r}, body={len(self.body)} bytes, "
            f"reason={self.reason!r})"
        )
