"""What one RTSP listener allows a client: connections, time to send a request, idle
time, queued requests and unread responses; and the count of what it refused or closed.

An RTSP server accepts TCP from anyone who can reach its port, before any
authentication, so each of these limits bounds what an unauthenticated client can
hold: file descriptors (connections), memory (queued requests, unread responses) and
time (a request trickled in byte by byte, a connection that never asks anything).

Invariants:
- Every field of ``RtspLimits`` is checked once, when it is built; the server trusts it.
- ``ListenerCounters.report`` returns a line at most once per ``report_interval_s``,
  whatever the number of refusals or closures in between, so a flood of connections
  costs the log one line a minute, not one line per connection.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RtspLimits:
    """The limits of one RTSP listener (see ``RtspServer``); the defaults suit a VMS's
    re-streaming port reachable from a LAN. Tests pass small ones."""

    #: Open control connections at once, all clients together. A refused connection is
    #: answered "503 Service Unavailable" and closed. 256 is several times what a site's
    #: viewers use (a 16-tile wall on each of a dozen stations, or another VMS pulling
    #: every camera), and far under the usual 1024 file descriptors of a process, which
    #: recording and the catalog need as well.
    max_connections: int = 256
    #: Open control connections from one IP address. 32 covers a viewing station
    #: showing 16 cameras' main and sub streams, or a VMS re-streaming a few dozen; one
    #: address can then hold at most an eighth of ``max_connections``.
    max_connections_per_address: int = 32
    #: Seconds a request may take to arrive once its first byte has (its head and its
    #: body); also the time a new connection has to send its first request. A player
    #: sends a request of a few hundred bytes in one segment; 10 s leaves room for a
    #: slow link while a "slowloris" client, trickling a request byte by byte, holds
    #: its connection for 10 s instead of forever.
    header_timeout_s: float = 10.0
    #: Seconds a connection without a session may stay silent (no request) before it is
    #: closed. A connection with a session stays: the session's own timeout (RTCP,
    #: GET_PARAMETER or OPTIONS keep-alives) governs it. 60 s matches the session
    #: timeout players are used to, so one that describes a stream and thinks a while
    #: before SETUP is not cut off.
    idle_timeout_s: float = 60.0
    #: Requests read and waiting for their response on one connection. A player
    #: pipelines at most a SETUP per track; at 16 the connection stops reading its
    #: socket (TCP flow control then holds the client back) until the queue drains.
    max_queued_requests: int = 16
    #: Bytes written to a connection and not yet taken by the client's TCP stack past
    #: which no further request is answered until the client reads (down to the RTP
    #: low-water mark, so a slow player's keep-alives are answered whenever its video
    #: resumes). 256 KiB holds more than a thousand responses; interleaved RTP keeps its
    #: own high/low-water skipping (``rtsp/stream.py``).
    max_pending_write_bytes: int = 256 << 10
    #: Sessions one control connection may set up. A player sets up one (aggregate
    #: control: every track in one session); each session over UDP holds two sockets
    #: per track, so without a bound one connection could take many descriptors.
    max_sessions_per_connection: int = 4
    #: Sessions one authenticated user may have open at once, over all connections
    #: (None: no bound, as on camsim, which has a single user). The re-stream sets it
    #: from the server's per-user limits.
    max_sessions_per_user: int | None = None
    #: Seconds between two log lines about refused and closed connections.
    report_interval_s: float = 60.0

    def __post_init__(self) -> None:
        if self.max_sessions_per_user is not None and (
            not isinstance(self.max_sessions_per_user, int) or self.max_sessions_per_user < 1
        ):
            raise ValueError(
                "RtspLimits.max_sessions_per_user must be a positive integer or None, "
                f"not {self.max_sessions_per_user!r}"
            )
        for name in (
            "max_connections",
            "max_connections_per_address",
            "max_queued_requests",
            "max_sessions_per_connection",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"RtspLimits.{name} must be a positive integer, not {value!r}")
        if not isinstance(self.max_pending_write_bytes, int) or self.max_pending_write_bytes < 1:
            raise ValueError(
                "RtspLimits.max_pending_write_bytes must be a positive integer, "
                f"not {self.max_pending_write_bytes!r}"
            )
        for name in ("header_timeout_s", "idle_timeout_s", "report_interval_s"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise ValueError(f"RtspLimits.{name} must be a positive number, not {value!r}")

    @property
    def check_interval_s(self) -> float:
        """How often the timeouts are checked: a quarter of the shorter one, at most 1 s
        and at least 50 ms (a connection is closed at most that late)."""
        return min(1.0, max(0.05, min(self.header_timeout_s, self.idle_timeout_s) / 4))


class DropReason(enum.StrEnum):
    """Why the listener refused or closed a connection (the counters' keys)."""

    MAX_CONNECTIONS = "max_connections"
    MAX_CONNECTIONS_PER_ADDRESS = "max_connections_per_address"
    HEADER_TIMEOUT = "header_timeout"
    IDLE_TIMEOUT = "idle_timeout"


_REFUSALS = (DropReason.MAX_CONNECTIONS, DropReason.MAX_CONNECTIONS_PER_ADDRESS)


@dataclass
class ListenerCounters:
    """Connections refused or closed by the limits, in total and since the last report."""

    report_interval_s: float
    totals: dict[DropReason, int] = field(default_factory=lambda: dict.fromkeys(DropReason, 0))
    _reported: dict[DropReason, int] = field(default_factory=lambda: dict.fromkeys(DropReason, 0))
    _last_report_s: float = -math.inf

    def count(self, reason: DropReason) -> None:
        self.totals[reason] += 1

    def as_dict(self) -> dict[str, int]:
        return {reason.value: n for reason, n in self.totals.items()}

    def report(self, now_s: float) -> str | None:
        """A summary of what happened since the last one, when there is something to
        say and the last one is at least ``report_interval_s`` old; else None."""
        if now_s - self._last_report_s < self.report_interval_s:
            return None
        new = {r: self.totals[r] - self._reported[r] for r in DropReason}
        if not any(new.values()):
            return None
        self._reported = dict(self.totals)
        self._last_report_s = now_s
        refused = sum(new[r] for r in _REFUSALS)
        closed = sum(new.values()) - refused
        detail = ", ".join(f"{r.value} {n}" for r, n in new.items() if n)
        return f"refused {refused} and closed {closed} connection(s) by its limits ({detail})"
