"""Reading segment files at an offset, on every system.

POSIX has ``os.pread``: a read at an offset that leaves the file position alone, so
several iterators share one descriptor. Windows has no ``pread``. There it becomes a
seek and a read under one lock, which keeps apart the readers that go through here.
Windows also has no ``O_CLOEXEC`` (its descriptors are not inherited anyway,
PEP 446), and it needs ``O_BINARY`` so that no line ends are translated.
"""

from __future__ import annotations

import os
import threading

#: ``os.open`` flags to read a segment file.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_SEEK_LOCK = threading.Lock()


def pread(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes of ``fd`` from ``offset`` (fewer only at the end of the file)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    with _SEEK_LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)
