"""A real sd_notify receiver: an AF_UNIX datagram socket, as systemd's NOTIFY_SOCKET,
that keeps every datagram with the sender's PID (SCM_CREDENTIALS, as systemd reads it)."""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


@dataclass(frozen=True)
class Notification:
    pid: int
    received_s: float  # time.monotonic()
    fields: tuple[str, ...]  # the KEY=value lines

    def has(self, assignment: str) -> bool:
        return assignment in self.fields

    def value(self, key: str) -> str | None:
        prefix = key + "="
        return next((f[len(prefix) :] for f in self.fields if f.startswith(prefix)), None)


class NotifySocket:
    """Bound at ``path`` (a filesystem path) or, when None, in the abstract namespace;
    ``address`` is what goes in NOTIFY_SOCKET. Received in a thread until ``close``."""

    def __init__(self, path: Path | None = None) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        if path is None:
            name = f"vedette-test-{uuid.uuid4().hex}"
            self.sock.bind("\0" + name)
            self.address = "@" + name
        else:
            self.sock.bind(str(path))
            self.address = str(path)
        self.notifications: list[Notification] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        space = socket.CMSG_SPACE(_CREDENTIALS.size)
        while True:
            try:
                data, ancillary, _, _ = self.sock.recvmsg(65536, space)
            except OSError:
                return
            pid = -1
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = _CREDENTIALS.unpack(payload[: _CREDENTIALS.size])[0]
            fields = tuple(line for line in data.decode().split("\n") if line)
            with self._changed:
                self.notifications.append(Notification(pid, time.monotonic(), fields))
                self._changed.notify_all()

    def wait_for(self, assignment: str, timeout_s: float, *, after: int = 0) -> int:
        """The index of the first notification from index ``after`` on that carries
        ``assignment``; AssertionError with what came when none did in time."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                for index in range(after, len(self.notifications)):
                    if self.notifications[index].has(assignment):
                        return index
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [n.fields for n in self.notifications[after:]]
                    raise AssertionError(f"no {assignment} in {timeout_s} s; received {seen}")
                self._changed.wait(left)

    def count(self, assignment: str, *, after: int = 0) -> int:
        with self._changed:
            return sum(n.has(assignment) for n in self.notifications[after:])

    def close(self) -> None:
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(5)
        if not self.address.startswith("@"):
            Path(self.address).unlink(missing_ok=True)

    def __enter__(self) -> NotifySocket:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def pipe_journal_stream(write_fd: int) -> str:
    """The JOURNAL_STREAM value systemd would give a process whose stderr is ``write_fd``."""
    status = os.fstat(write_fd)
    return f"{status.st_dev}:{status.st_ino}"
