"""A small file system of its own for tests that fill a disk: a tmpfs, or a
loop-mounted ext4 image where tmpfs cannot be mounted; None when neither can (not
root, or no right to mount in this container), and the caller skips.

Blocking (runs ``mount``/``umount``). The mount is always undone on exit, lazily
(``umount -l``) so that a file a dying child still holds open cannot keep it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _run(*argv: str) -> bool:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _mount_ext4_image(workdir: Path, size_mb: int, mount: Path) -> bool:
    image = workdir / "disk.img"
    with image.open("wb") as file:
        file.truncate(size_mb << 20)
    return _run("mkfs.ext4", "-q", "-F", "-m", "0", str(image)) and _run(
        "mount", "-o", "loop", str(image), str(mount)
    )


@contextmanager
def small_filesystem(
    workdir: Path, size_mb: int, *, ext4_only: bool = False
) -> Iterator[Path | None]:
    """Mount a ``size_mb`` file system at ``workdir/mnt`` and yield it (None when
    this machine does not let the test mount one). ``ext4_only``: a loop-mounted
    ext4 image, never a tmpfs (a file system with a UUID, on a block device)."""
    mount = workdir / "mnt"
    mount.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        yield None
        return
    mounted = not ext4_only and _run(
        "mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs", str(mount)
    )
    if not mounted:
        mounted = _mount_ext4_image(workdir, size_mb, mount)
    if not mounted:
        yield None
        return
    try:
        yield mount
    finally:
        _run("umount", "-l", str(mount))
