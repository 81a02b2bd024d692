"""The main process's file descriptors: its limit, the reserve, the listeners' caps.

Every accepted connection costs descriptors. Without caps, idle connections to the
RTSP or gRPC port take all of them (issue 11: ~1 100 under ``ulimit -n 1024``), and
then what recording needs fails with EMFILE: the catalog, the ingest workers'
channels (a restarted worker needs a new socketpair), volume probes, playback and
export readers, thumbnails.

So the server raises its soft ``RLIMIT_NOFILE`` towards the hard limit at start
(:func:`raise_open_files_limit`, the one function here with a side effect) and splits
what it got (:func:`fd_budget`, pure):

- a reserve for everything but connections, at least ``MIN_RESERVE_FDS`` and a
  quarter of the limit;
- the RTSP listener's accept burst: asyncio accepts up to ``backlog`` connections per
  loop iteration and a refused one is closed three iterations later, so a fast flood
  holds up to ``RTSP_ACCEPT_BATCHES × backlog`` descriptors for an instant whatever
  the connection cap (measured: 212 to 276 with a cap of 12 and asyncio's default
  backlog of 100). grpc accepts and closes a connection over its cap at once, on
  its own thread, so it has no such burst;
- the rest, half to the RTSP re-stream and half to the gRPC listeners (all of it
  when re-streaming is off), turned into connection caps.

Invariant: ``reserve + burst_fds + connection_fds <= limit`` unless the budget is
``short`` (the limit is too low even for the minimum caps), which the server logs
as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from vedette_server.rtsp.limits import RtspLimits

try:
    import resource
except ImportError:  # Windows has no RLIMIT_NOFILE; its sockets are not counted
    _HAS_RLIMIT = False
else:
    _HAS_RLIMIT = True

#: The soft limit asked for when the hard limit allows: hundreds of viewers, and
#: descriptor tables that stay cheap to scan.
WANTED_OPEN_FILES = 65_536
#: What a platform without RLIMIT_NOFILE is taken to allow.
DEFAULT_OPEN_FILES = 2_048
#: Kept for everything but connections: the catalog (database, WAL, shared memory),
#: the ingest and decode workers' channels and pipes, playback and export readers
#: (one per open segment file), thumbnails, volume probes, TLS files and the logs.
MIN_RESERVE_FDS = 128
RESERVE_DIVISOR = 4  # the reserve is at least a quarter of the limit
#: An RTSP connection: its socket, plus an RTP/RTCP UDP pair per track (video and
#: audio) when the client sets up RTP over UDP.
RTSP_FDS_PER_CONNECTION = 5
#: asyncio's listen backlog, which is also how many connections it accepts per loop
#: iteration (``loop.create_server``'s default, which the RTSP server uses).
ASYNCIO_BACKLOG = 100
#: Accept batches whose sockets may be open at once while refused connections close.
RTSP_ACCEPT_BATCHES = 4
#: A gRPC connection holds one descriptor (grpc core keeps nothing else per connection).
GRPC_FDS_PER_CONNECTION = 1
#: Whatever the limit: beyond these, connections cost memory more than descriptors.
MAX_RTSP_CONNECTIONS = 1_024
MAX_GRPC_CONNECTIONS = 4_096
#: Whatever the limit: under these the listeners are of no use.
MIN_RTSP_CONNECTIONS = 4
MIN_GRPC_CONNECTIONS = 8


@dataclass(frozen=True)
class FdBudget:
    """How the main process's descriptors are shared out."""

    limit: int  # the soft RLIMIT_NOFILE the process runs under
    reserve: int  # never taken by connections
    grpc_connections: int  # cap per gRPC listener (grpc applies it per listening port)
    grpc_listeners: int  # TCP, plus the appliance console's Unix socket when there is one
    rtsp_connections: int  # cap of the RTSP re-stream; 0 when re-streaming is off
    burst_fds: int  # held for an instant by the RTSP listener's refusals

    @property
    def connection_fds(self) -> int:
        """Descriptors the listeners may hold at most, all caps reached."""
        return (
            self.grpc_connections * self.grpc_listeners * GRPC_FDS_PER_CONNECTION
            + self.rtsp_connections * RTSP_FDS_PER_CONNECTION
        )

    @property
    def short(self) -> bool:
        """The limit is too low for the reserve, the burst and the minimum caps."""
        return self.reserve + self.burst_fds + self.connection_fds > self.limit

    def describe(self) -> str:
        rtsp = f"RTSP <= {self.rtsp_connections}" if self.rtsp_connections else "RTSP off"
        text = (
            f"open files {self.limit}: {self.reserve} kept for recording and the catalog;"
            f" gRPC <= {self.grpc_connections} connections per listener"
            f" ({self.grpc_listeners}), {rtsp} connections"
        )
        if self.short:
            text += "; too few for the listeners and recording: raise the hard limit (ulimit -Hn)"
        return text


def fd_budget(
    limit: int,
    *,
    grpc_listeners: int = 1,
    rtsp: bool = True,
    rtsp_backlog: int = ASYNCIO_BACKLOG,
) -> FdBudget:
    """Share ``limit`` descriptors out (see the module docstring); ``rtsp_backlog``
    is the RTSP listener's accept backlog."""
    if grpc_listeners < 1 or rtsp_backlog < 1:
        raise ValueError(f"grpc_listeners {grpc_listeners}, rtsp_backlog {rtsp_backlog}")
    reserve = max(MIN_RESERVE_FDS, limit // RESERVE_DIVISOR)
    burst = RTSP_ACCEPT_BATCHES * rtsp_backlog if rtsp else 0
    spare = max(0, limit - reserve - burst)
    rtsp_fds = spare // 2 if rtsp else 0
    grpc_fds = spare - rtsp_fds
    rtsp_connections = 0
    if rtsp:
        rtsp_connections = min(
            MAX_RTSP_CONNECTIONS,
            max(MIN_RTSP_CONNECTIONS, rtsp_fds // RTSP_FDS_PER_CONNECTION),
        )
    grpc_connections = min(
        MAX_GRPC_CONNECTIONS,
        max(MIN_GRPC_CONNECTIONS, grpc_fds // (grpc_listeners * GRPC_FDS_PER_CONNECTION)),
    )
    return FdBudget(limit, reserve, grpc_connections, grpc_listeners, rtsp_connections, burst)


def rtsp_limits_within(budget: FdBudget, limits: RtspLimits | None = None) -> RtspLimits:
    """``limits`` (RtspLimits' defaults when None) with no more connections than the
    budget allows."""
    limits = limits if limits is not None else RtspLimits()
    if budget.rtsp_connections >= limits.max_connections:
        return limits
    return replace(limits, max_connections=max(1, budget.rtsp_connections))


@dataclass(frozen=True)
class OpenFilesLimit:
    """The soft limit before and after :func:`raise_open_files_limit`, and the hard one."""

    before: int
    soft: int
    hard: int | None  # None: unlimited

    @property
    def raised(self) -> bool:
        return self.soft > self.before


def current_open_files_limit() -> int:
    """The soft RLIMIT_NOFILE now (``DEFAULT_OPEN_FILES`` where there is none)."""
    if not _HAS_RLIMIT:
        return DEFAULT_OPEN_FILES
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return WANTED_OPEN_FILES if soft == resource.RLIM_INFINITY else soft


def raise_open_files_limit(wanted: int = WANTED_OPEN_FILES) -> OpenFilesLimit:
    """Raise this process's soft RLIMIT_NOFILE towards ``wanted``, as far as the hard
    limit allows (children started later inherit it). Never lowers it; a refusal
    (macOS caps it under its own kern.maxfilesperproc) keeps the current limit."""
    if not _HAS_RLIMIT:
        return OpenFilesLimit(DEFAULT_OPEN_FILES, DEFAULT_OPEN_FILES, None)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    before = current_open_files_limit()
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > before:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (OSError, ValueError):
            target = before
    else:
        target = before
    return OpenFilesLimit(before, target, None if hard == resource.RLIM_INFINITY else hard)
