"""Whether any process may still write segment files on a volume: a lock on its top folder.

A process that writes segment files on a volume (an ingest worker's segmenter)
holds a shared ``flock`` on ``<root>/vedette`` from before it creates its first file
there until it will write no more (``VolumeLock`` closed, or the process gone, however
it died: the kernel drops the lock). Crash recovery takes the lock exclusively
before it scans, so it reads every record that will ever be appended: no writer is
left.

Why: after a kill -9 of the main process its workers still finish their open
segments (they write what the camera had already sent, then close), and the new
server starts at once. A worker that was descheduled or stuck in an fsync could
still be writing when the new server's recovery scanned its file; the catalog then
ended the segment early, or dropped a file that held no frame yet, and what the
worker wrote afterwards was lost (issue 12: 1.41 s once in the kill -9 test).

``flock`` rather than ``fcntl`` record locks: a flock belongs to the open file
description, so closing another descriptor of the same folder does not drop it, and
it works on a folder. Every function blocks.

Windows has no ``flock`` (nor folders that can be opened as files): a volume there is
treated as one on a file system that cannot lock (an empty lock, no wait).
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from types import TracebackType

from vedette_server.storage.layout import TOP_DIRECTORY

try:
    import fcntl
except ImportError:  # Windows
    _CAN_FLOCK = False
else:
    _CAN_FLOCK = True

#: How often a waiting recovery tries the lock again.
POLL_S = 0.02
#: What a file system without locks (some network and FUSE ones) answers to flock.
_CANNOT_LOCK = frozenset({errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS})


class VolumeLock:
    """A held lock on a volume's top folder (``fd`` None: nothing to hold, the folder
    does not exist); ``close`` (or exit) releases it."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> VolumeLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _open_top(root: str | os.PathLike[str]) -> int:
    return os.open(Path(root, TOP_DIRECTORY), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)


def hold_for_writing(root: str | os.PathLike[str]) -> VolumeLock:
    """The shared lock of a writer of ``root``'s segment files. Waits while a recovery
    holds the volume. OSError when the volume's top folder cannot be opened; on a file
    system that cannot lock, an empty lock (recording matters more than the wait)."""
    if not _CAN_FLOCK:
        return VolumeLock(None)
    fd = _open_top(root)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError as error:
        os.close(fd)
        if error.errno in _CANNOT_LOCK:
            return VolumeLock(None)
        raise
    return VolumeLock(fd)


def wait_for_writers(root: str | os.PathLike[str], timeout_s: float) -> VolumeLock | None:
    """The exclusive lock, once no process holds ``root`` for writing; None when one
    still does after ``timeout_s``. A volume without a top folder has no writer, and
    one whose file system cannot lock has none that recovery can know of: an empty
    lock is returned. OSError when the folder exists but cannot be opened."""
    if not _CAN_FLOCK:
        return VolumeLock(None)
    try:
        fd = _open_top(root)
    except FileNotFoundError:
        return VolumeLock(None)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return VolumeLock(fd)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                return None
            time.sleep(POLL_S)
        except OSError as error:
            os.close(fd)
            if error.errno in _CANNOT_LOCK:
                return VolumeLock(None)
            raise
