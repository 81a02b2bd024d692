"""A blocking RTSP 1.0 client (RFC 2326) for recording: one TCP connection, RTP interleaved.

Owns the control conversation with a camera: OPTIONS, DESCRIBE (with Basic or
Digest authentication, client_auth.py), SETUP of each wanted track over
``RTP/AVP/TCP;interleaved``, PLAY, keep-alives (GET_PARAMETER when the camera lists
it in ``Public``, else OPTIONS) and TEARDOWN; the session id and timeout; and the
resolution of track control URLs against Content-Base / Content-Location.

The byte stream itself belongs to an :class:`InterleavedReader`: responses are
read from it, so RTP that arrives with or right after a response (PLAY) is
handed to the channel handlers set before the request, never lost.

Invariants:
- No request line or header carries the password: the URL's userinfo is removed
  here, and credentials travel only in the Authorization header.
- Every method blocks; errors are ``OSError`` (socket; timeouts are
  ``TimeoutError`` or ``BlockingIOError``), :class:`RtspStatusError` (an answer
  other than 2xx, after authentication was tried) or :class:`RtspProtocolError`.
"""

from __future__ import annotations

import re
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from vedette_server.rtsp.client_auth import ClientAuth
from vedette_server.rtsp.interleaved import InterleavedReader, RtspMessage

USER_AGENT = "Vedette"
DEFAULT_PORT = 554
DEFAULT_SESSION_TIMEOUT_S = 60.0
_ABSOLUTE_RE = re.compile(r"(?i)rtsps?://")
_INTERLEAVED_RE = re.compile(r"interleaved=(\d{1,3})(?:-(\d{1,3}))?", re.IGNORECASE)
_TIMEOUT_RE = re.compile(r";\s*timeout\s*=\s*(\d{1,6})", re.IGNORECASE)
_MAX_AUTH_ROUNDS = 3


class RtspStatusError(Exception):
    """The camera answered a request with a status other than 2xx."""

    def __init__(self, method: str, status: int, reason: str) -> None:
        super().__init__(f"{method} answered {status} {reason}".rstrip())
        self.method, self.status, self.reason = method, status, reason


class RtspProtocolError(Exception):
    """The camera's answer cannot be used (no SDP, no interleaved transport…)."""


@dataclass(frozen=True, slots=True)
class CameraUrl:
    """An rtsp:// URL split into where to connect and what to request (no userinfo)."""

    host: str
    port: int
    url: str  # the URL without userinfo, as sent in requests
    username: str = ""
    password: str = ""


def split_url(url: str) -> CameraUrl:
    """Host, port and the request URL of ``url``; userinfo is taken out (percent-decoded)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "rtsp" or not parts.hostname:
        raise ValueError("not an rtsp://host[:port]/path URL")
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return CameraUrl(
        host,
        parts.port or DEFAULT_PORT,
        clean,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
    )


def resolve_control(base: str, control: str) -> str:
    """A track's URL: ``control`` against the session base (RFC 2326 C.1.1).

    ``*`` or nothing is the base itself, an absolute URL stands, a path from ``/``
    replaces the base's path, and anything else is appended after a ``/``, as
    FFmpeg and GStreamer do (what cameras expect, query string or not).
    RtspProtocolError when the two cannot be joined (a bracketed host that is not
    an IPv6 address, on either side).
    """
    control = control.strip()
    if not control or control == "*":
        return base
    if _ABSOLUTE_RE.match(control):
        return control
    if control.startswith("/"):
        return _join(base, control, "a=control")
    return base + ("" if base.endswith("/") else "/") + control


def _join(base: str, reference: str, source: str) -> str:
    """``urljoin``, whose ValueError ("Invalid IPv6 URL") becomes the camera's protocol
    error naming the value and where it came from."""
    try:
        return urljoin(base, reference)
    except ValueError:
        raise RtspProtocolError(
            f"the camera's {source} {reference[:80]!r} cannot be joined to {base[:80]!r}"
        ) from None


def content_base(request_url: str, message: RtspMessage) -> str:
    """The base URL of a DESCRIBE answer: Content-Base, Content-Location, or the request's;
    RtspProtocolError when the header's value cannot be joined to the request's URL."""
    for name in ("Content-Base", "Content-Location"):
        value = (message.headers.get(name) or "").strip()
        if value:
            return value if _ABSOLUTE_RE.match(value) else _join(request_url, value, name)
    return request_url


def parse_session(value: str) -> tuple[str, float]:
    """Session id and timeout (seconds, 60 when not given) of a Session header."""
    session_id = value.split(";", 1)[0].strip()
    match = _TIMEOUT_RE.search(value)
    timeout_s = float(match[1]) if match and int(match[1]) > 0 else DEFAULT_SESSION_TIMEOUT_S
    return session_id, timeout_s


class RtspClient:
    """One RTSP session with a camera over one TCP connection; see the module docstring."""

    def __init__(self, url: str, *, username: str = "", password: str = "") -> None:
        self.target = split_url(url)
        self.auth = ClientAuth(
            username or self.target.username, password if username else self.target.password
        )
        self.reader = InterleavedReader()
        self.sock: socket.socket | None = None
        self.session_id = ""
        self.session_timeout_s = DEFAULT_SESSION_TIMEOUT_S
        self.public_methods: set[str] = set()
        self.after_drain: Callable[[], None] | None = None
        self.messages: list[RtspMessage] = []  # what drain found besides awaited answers
        self._cseq = 0

    @property
    def url(self) -> str:
        return self.target.url

    def connect(self, timeout_s: float) -> None:
        """Open the TCP connection (blocking, ``timeout_s`` for it and every answer)."""
        self.sock = socket.create_connection((self.target.host, self.target.port), timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def stream_mode(self, read_timeout_s: float) -> None:
        """Blocking socket whose reads fail after ``read_timeout_s`` without data.

        The kernel's SO_RCVTIMEO bounds each recv in one system call, where Python's
        own timeout would poll() before every recv.
        """
        assert self.sock is not None
        seconds = int(read_timeout_s)
        timeval = struct.pack("ll", seconds, int((read_timeout_s - seconds) * 1_000_000))
        self.sock.settimeout(None)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)

    # -- requests -----------------------------------------------------------------------

    def send(self, method: str, uri: str, headers: dict[str, str] | None = None) -> str:
        """Write a request without waiting for its answer; returns its CSeq."""
        assert self.sock is not None
        self._cseq += 1
        cseq = str(self._cseq)
        lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {cseq}", f"User-Agent: {USER_AGENT}"]
        authorization = self.auth.header(method, uri)
        if authorization:
            lines.append(f"Authorization: {authorization}")
        if self.session_id and method not in ("OPTIONS", "DESCRIBE"):
            lines.append(f"Session: {self.session_id}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
        return cseq

    def request(self, method: str, uri: str, headers: dict[str, str] | None = None) -> RtspMessage:
        """Send a request and wait for its answer, authenticating when challenged."""
        for _ in range(_MAX_AUTH_ROUNDS):
            answer = self._await(self.send(method, uri, headers))
            if answer.status != 401:
                break
            challenges = answer.headers.get_all("WWW-Authenticate")
            if not self.auth.has_credentials or not self.auth.accept_challenge(challenges):
                break
        if not 200 <= answer.status < 300:
            raise RtspStatusError(method, answer.status, answer.reason)
        return answer

    def _await(self, cseq: str) -> RtspMessage:
        assert self.sock is not None
        found: list[RtspMessage] = []
        while True:
            self.reader.drain(found)
            if self.after_drain is not None:
                self.after_drain()
            for i, message in enumerate(found):
                if message.status and message.cseq in (cseq, None):
                    self.messages += found[:i] + found[i + 1 :]
                    return message
            self.messages += found
            found = []
            if self.reader.fill(self.sock)[0] == 0:
                raise ConnectionResetError("the camera closed the connection")

    # -- the session --------------------------------------------------------------------

    def options(self) -> None:
        answer = self.request("OPTIONS", self.url)
        public = answer.headers.get("Public") or ""
        self.public_methods = {m.strip().upper() for m in public.split(",") if m.strip()}

    def describe(self) -> tuple[str, str]:
        """(SDP text, base URL for the tracks' controls)."""
        answer = self.request("DESCRIBE", self.url, {"Accept": "application/sdp"})
        if not answer.body:
            raise RtspProtocolError("DESCRIBE answered without a session description")
        return answer.body.decode("utf-8", errors="replace"), content_base(self.url, answer)

    def setup(self, track_url: str, channel: int) -> tuple[int, int]:
        """SETUP one track interleaved on ``channel``/``channel + 1``; the channels granted."""
        transport = f"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}"
        answer = self.request("SETUP", track_url, {"Transport": transport})
        session = answer.headers.get("Session")
        if session:
            self.session_id, self.session_timeout_s = parse_session(session)
        match = _INTERLEAVED_RE.search(answer.headers.get("Transport") or "")
        if match is None:
            raise RtspProtocolError("SETUP answered without an interleaved TCP transport")
        rtp = int(match[1])
        rtcp = int(match[2]) if match[2] else rtp + 1
        if rtp > 255 or rtcp > 255:
            raise RtspProtocolError(f"SETUP granted channels {rtp}-{rtcp}")
        return rtp, rtcp

    def play(self, url: str) -> RtspMessage:
        return self.request("PLAY", url, {"Range": "npt=0.000-"})

    def send_keepalive(self, url: str) -> str:
        """GET_PARAMETER (or OPTIONS where not offered) without waiting; its CSeq."""
        if "GET_PARAMETER" in self.public_methods:
            return self.send("GET_PARAMETER", url)
        return self.send("OPTIONS", url)

    def close(self, url: str | None = None) -> None:
        """Send TEARDOWN (best effort, not awaited) and close the connection."""
        sock, self.sock = self.sock, None
        if sock is None:
            return
        try:
            if self.session_id:
                sock.settimeout(0.5)
                self.sock = sock
                self.send("TEARDOWN", url or self.url)
        except OSError:
            pass
        finally:
            self.sock = None
            sock.close()
