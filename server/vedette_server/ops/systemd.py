"""What the server tells systemd (``Type=notify``), over the sd_notify protocol with
the standard library only.

systemd gives a notify service ``NOTIFY_SOCKET`` (a datagram socket: a path, or
``@name`` in the abstract namespace) and, with ``WatchdogSec=``, ``WATCHDOG_USEC``
and ``WATCHDOG_PID``. The server sends ``READY=1`` once the API and the ingest
workers are up, ``STATUS=`` lines ("recovering 3 segments", "recording 16
cameras"), ``EXTEND_TIMEOUT_USEC=`` while crash recovery runs (it may take longer
than ``TimeoutStartSec=`` on a big catalog), and at the end ``STOPPING=1``, or
``RELOADING=1`` before a restart: ``os.execv`` keeps the PID, so the unit goes
from reloading back to running at the new process's ``READY=1`` instead of being
taken for stopped. ``WATCHDOG=1`` comes from a task on the event loop every
``WATCHDOG_USEC/2``: a stalled loop misses its pings and systemd restarts the
process. The watchdog is about the loop being alive, not about health (``health.py``).

Invariants:
- Without ``NOTIFY_SOCKET`` nothing is sent and nothing fails; a send that fails is
  logged and never raises: the server does not depend on systemd.
- ``WATCHDOG=1`` is sent only when ``WATCHDOG_USEC`` is set and ``WATCHDOG_PID`` is
  unset or this process (the ingest workers inherit the variables, never ping).
- ``NOTIFY_SOCKET`` stays in the environment: the restarted process needs it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Final, Protocol

from vedette_server.periodic import Periodic

log = logging.getLogger(__name__)

#: How often the status line is refreshed when there is no watchdog to ping.
STATUS_EVERY_S: Final = 30.0
#: While crash recovery runs, the start timeout is pushed this far ahead…
EXTEND_BY_S: Final = 90.0
#: …this often (well within EXTEND_BY_S, so a busy loop still makes it in time).
EXTEND_EVERY_S: Final = 20.0


class SdNotify:
    """A client of the sd_notify datagram socket at ``address`` (None: no-op)."""

    def __init__(self, address: str | None) -> None:
        if address is not None and not address.startswith(("/", "@")):
            log.warning("NOTIFY_SOCKET %r is not a socket path; not notifying systemd", address)
            address = None
        self.address = address

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> SdNotify:
        return cls(environ.get("NOTIFY_SOCKET") or None)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, *assignments: str) -> bool:
        """Send ``KEY=value`` lines in one datagram; False when off or it failed."""
        if self.address is None:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(target)
                sock.sendall("\n".join(assignments).encode())
        except OSError as error:
            log.warning("cannot notify systemd at %s: %s", self.address, error)
            return False
        return True


def watchdog_interval_s(environ: Mapping[str, str], pid: int) -> float | None:
    """Half of ``WATCHDOG_USEC`` in seconds when this process (``pid``) is watched."""
    usec, watched_pid = environ.get("WATCHDOG_USEC", ""), environ.get("WATCHDOG_PID", "")
    try:
        interval_us = int(usec)
        if watched_pid and int(watched_pid) != pid:
            return None
    except ValueError:
        if usec:
            log.warning("WATCHDOG_USEC=%r or WATCHDOG_PID=%r is not a number", usec, watched_pid)
        return None
    return interval_us / 2e6 if interval_us > 0 else None


def status_line(text: str) -> str:
    """``STATUS=text`` on one line (a newline would end the assignment)."""
    return "STATUS=" + " ".join(text.split())


class RecordingCameras(Protocol):
    def recorded_camera_ids(self) -> set[int]: ...


def recording_status(recorder: RecordingCameras) -> str:
    count = len(recorder.recorded_camera_ids())
    return f"recording {count} camera{'' if count == 1 else 's'}"


class Systemd:
    """The server's side of a ``Type=notify`` unit (see the module docstring):
    ``start()`` the pings early, ``recovering()`` around crash recovery,
    ``ready()`` once up, ``stopping()`` at the stop, ``aclose()`` at the end."""

    def __init__(self, notify: SdNotify, watchdog_s: float | None) -> None:
        self.notify = notify
        self.watchdog_s = watchdog_s if notify.enabled else None
        self._status: Callable[[], str] | None = None
        self._sent_status = ""
        interval = self.watchdog_s or STATUS_EVERY_S
        self._ticker = Periodic("systemd watchdog", interval, self._tick, first_run_now=True)

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] = os.environ, pid: int | None = None
    ) -> Systemd:
        notify = SdNotify.from_environ(environ)
        return cls(notify, watchdog_interval_s(environ, os.getpid() if pid is None else pid))

    @classmethod
    def off(cls) -> Systemd:
        """One that tells nobody (a server built in a test or a benchmark)."""
        return cls(SdNotify(None), None)

    async def start(self) -> None:
        """Ping the watchdog (and refresh the status) from the event loop until ``aclose``."""
        if self.notify.enabled:
            await self._ticker.start()

    async def aclose(self) -> None:
        await self._ticker.aclose()

    def status(self, text: str) -> None:
        self._status = None
        self._send_status(text)

    @contextlib.asynccontextmanager
    async def recovering(self, segments: int) -> AsyncIterator[None]:
        """Around crash recovery: says so, and pushes the start timeout ahead every
        EXTEND_EVERY_S while it runs, so a big catalog is not killed as a hung start
        (recovery's own waits are bounded: ``recovery.py``)."""
        plural = "" if segments == 1 else "s"
        self.status(f"recovering {segments} segment{plural}")
        extend = Periodic(
            "systemd start timeout",
            EXTEND_EVERY_S,
            self._extend_timeout,
            first_run_now=True,
        )
        if self.notify.enabled:
            await extend.start()
        try:
            yield
        finally:
            await extend.aclose()

    def ready(self, status: Callable[[], str]) -> None:
        """``READY=1`` (again after a restart) with ``status()``, refreshed at each tick."""
        self._status = status
        text = status()
        self._sent_status = text
        self.notify.send("READY=1", status_line(text))

    def stopping(self, restart: bool) -> None:
        """``RELOADING=1`` before a restart through execv (same PID), else ``STOPPING=1``."""
        self._status = None
        if restart:
            monotonic_us = time.monotonic_ns() // 1_000  # CLOCK_MONOTONIC, as systemd wants
            lines = ("RELOADING=1", f"MONOTONIC_USEC={monotonic_us}", status_line("restarting"))
            self.notify.send(*lines)
        else:
            self.notify.send("STOPPING=1", status_line("stopping"))

    async def _tick(self) -> None:
        lines = ["WATCHDOG=1"] if self.watchdog_s is not None else []
        if self._status is not None:
            text = self._status()
            if text != self._sent_status:
                self._sent_status = text
                lines.append(status_line(text))
        if lines:
            self.notify.send(*lines)

    async def _extend_timeout(self) -> None:
        self.notify.send(f"EXTEND_TIMEOUT_USEC={int(EXTEND_BY_S * 1_000_000)}")

    def _send_status(self, text: str) -> None:
        self._sent_status = text
        self.notify.send(status_line(text))
