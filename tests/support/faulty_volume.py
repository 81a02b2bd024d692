"""A small ext4 volume on a loop device whose faults a test makes happen for real:
it fills, turns read-only mid-write, loses its device, or answers every read and
write with EIO. All are the kernel's own behaviour, nothing is simulated:

- ``fill``: another writer takes the space (ENOSPC at ``write`` once it is gone);
- ``fail_read_only``: ext4 finds an error and, mounted ``errors=remount-ro`` (as
  Debian's installer mounts it), refuses every write with EROFS from then on
  (``/sys/fs/ext4/<dev>/trigger_fs_error``). ``mount -o remount,ro`` cannot do it
  while a segment is open for writing (EBUSY), so a disk that goes read-only under
  a recording server does it this way;
- ``pull``: the disk is pulled (``umount -l``: the directory is empty at once);
- ``die``: the device dies (``EXT4_IOC_SHUTDOWN``): every read and write, even of
  cached pages, fails with EIO. The device-mapper's ``error`` target would do the
  same per sector, but kernels without device-mapper (this CI's VM) cannot.

Needs root and loop devices; ``ext4_volume`` yields None where the machine does not
allow them (the caller skips). Blocking.
"""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: ``_IOR('X', 125, __u32)`` from linux/ext4.h; flag 1: flush the journal first.
EXT4_IOC_SHUTDOWN = 0x8004587D
EXT4_GOING_FLAGS_LOGFLUSH = 1
CHUNK = 1 << 20


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


@dataclass
class FaultyVolume:
    """The mounted volume at ``path``; its faults happen once asked for."""

    path: Path
    device: str  # /dev/loopN

    def free_bytes(self) -> int:
        usage = os.statvfs(self.path)
        return usage.f_bavail * usage.f_frsize

    def fill(self, leave_bytes: int = 0, name: str = "filler") -> None:
        """Write a file outside the server's directory until ``leave_bytes`` are
        free, or until the disk refuses (ENOSPC)."""
        with (self.path / name).open("ab", buffering=0) as out:
            try:
                while (left := self.free_bytes() - leave_bytes) > 0:
                    out.write(b"\xa5" * min(CHUNK, left))
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise

    def fail_read_only(self) -> None:
        name = Path(self.device).name
        Path("/sys/fs/ext4", name, "trigger_fs_error").write_text("test: disk fault\n")

    def pull(self) -> None:
        done = _run("umount", "-l", str(self.path))
        assert done.returncode == 0, done.stderr

    def die(self) -> None:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_LOGFLUSH))
        finally:
            os.close(fd)


@contextmanager
def ext4_volume(workdir: Path, size_mb: int) -> Iterator[FaultyVolume | None]:
    """A ``size_mb`` ext4 image loop-mounted ``errors=remount-ro`` at ``workdir/mnt``
    (None when this machine cannot mount one); lazily unmounted on leaving, the
    loop device freed with it (autoclear)."""
    mount = workdir / "mnt"
    mount.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        yield None
        return
    image = workdir / "disk.img"
    with image.open("wb") as file:
        file.truncate(size_mb << 20)
    made = _run("mkfs.ext4", "-q", "-F", "-m", "0", str(image))
    if (
        made.returncode != 0
        or _run("mount", "-o", "loop,errors=remount-ro", str(image), str(mount)).returncode
    ):
        yield None
        return
    source = _run("findmnt", "-no", "SOURCE", str(mount)).stdout.strip()
    try:
        yield FaultyVolume(mount, source)
    finally:
        if os.path.ismount(mount):
            _run("umount", "-l", str(mount))
