"""Which disk a directory is on: its block device, the disk's serial number as the
host reports it, and the file system's UUID (DISK-01: a volume names its disk).

``identify_disk(path)`` follows the directory's file system to its block device
(``st_dev`` → ``/sys/dev/block/MAJOR:MINOR``; for file systems whose ``st_dev`` is
not a block device, such as btrfs, the mount's source device), from a partition to
its disk, and through a device-mapper or similar device with exactly one underlying
device (LUKS, single-disk LVM) to that one. The serial comes from sysfs
(``device/serial``, ``serial``, or the SCSI unit serial page ``device/vpd_pg80``);
the UUID from the ``/dev/disk/by-uuid`` links udev keeps, else from ``blkid``.

Invariants:
- It never raises for what the host does not say: tmpfs, overlay and network file
  systems have no block device, loop devices and many virtual disks no serial, a
  file system may have no UUID; each unknown part is None (``serial`` is then "").
- Text leaving this module is printable and stripped, at most 128 characters.

Blocking: reads sysfs and /proc, and may run ``blkid`` (at most ``BLKID_TIMEOUT_S``).
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SYSFS = Path("/sys")
DEV = Path("/dev")
MOUNTINFO = Path("/proc/self/mountinfo")
BLKID_TIMEOUT_S = 5.0
MAX_TEXT = 128
_MAX_STACK = 4  # device-mapper over device-mapper over a partition: deep enough

#: Runs ``blkid`` (argv, no shell) and returns (returncode, stdout).
BlkidRunner = Callable[[Sequence[str]], tuple[int, str]]


@dataclass(frozen=True)
class DiskIdentity:
    """What the host says about the disk under a directory; None where it says nothing."""

    #: The block device holding the file system ("sda1", "nvme0n1p2", "vda", "loop0").
    device: str | None = None
    #: The whole disk under it ("sda" for "sda1"; itself when not a partition).
    disk: str | None = None
    disk_serial: str | None = None
    filesystem_uuid: str | None = None
    filesystem_type: str | None = None

    @property
    def serial(self) -> str:
        """The disk's serial, else the file system's UUID, else "" (``Volume.serial``)."""
        return self.disk_serial or self.filesystem_uuid or ""


def run_blkid(argv: Sequence[str]) -> tuple[int, str]:
    """Run ``blkid`` without a shell; a missing program or a timeout is a failure."""
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=BLKID_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return 127, ""
    return done.returncode, done.stdout


def identify_disk(
    path: Path,
    *,
    sysfs: Path = SYSFS,
    dev: Path = DEV,
    mountinfo: Path = MOUNTINFO,
    blkid: BlkidRunner = run_blkid,
) -> DiskIdentity:
    """The disk and file system under ``path`` (a directory on the host). Blocking."""
    try:
        st_dev = os.stat(path).st_dev
        real = os.path.realpath(path)
    except OSError:
        return DiskIdentity()
    mount = _mount_of(mountinfo, f"{os.major(st_dev)}:{os.minor(st_dev)}", real)
    fstype, source = mount if mount is not None else (None, None)
    device_dir = _sysfs_device(sysfs, st_dev, source)
    if device_dir is None:
        return DiskIdentity(filesystem_type=fstype)
    disk_dir = device_dir.parent if (device_dir / "partition").exists() else device_dir
    return DiskIdentity(
        device=device_dir.name,
        disk=disk_dir.name,
        disk_serial=_serial(sysfs, disk_dir),
        filesystem_uuid=_uuid(dev, device_dir.name, blkid),
        filesystem_type=fstype,
    )


def _mount_of(mountinfo: Path, dev_id: str, real: str) -> tuple[str, str] | None:
    """(file system type, source) of the mount of ``real`` on device ``dev_id``: the
    entry with that device whose mount point is the longest prefix of ``real``."""
    try:
        lines = mountinfo.read_text().splitlines()
    except OSError:
        return None
    best: tuple[int, str, str] | None = None
    for line in lines:
        fields = line.split()
        if "-" not in fields or len(fields) < 5 or fields[2] != dev_id:
            continue
        point = _unescape(fields[4])
        after = fields[fields.index("-") + 1 :]
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(after) >= 2 and (best is None or len(point) > best[0]):
            best = (len(point), after[0], _unescape(after[1]))
    return None if best is None else (best[1], best[2])


def _unescape(text: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    for code in ("\\040", "\\011", "\\012", "\\134"):
        text = text.replace(code, chr(int(code[1:], 8)))
    return text


def _sysfs_device(sysfs: Path, st_dev: int, source: str | None) -> Path | None:
    """The sysfs directory of the file system's block device, or None."""
    candidates = [st_dev]
    if source and source.startswith("/dev/"):
        try:
            st = os.stat(source)
            if stat.S_ISBLK(st.st_mode):
                candidates.append(st.st_rdev)
        except OSError:
            pass
    for number in candidates:
        link = sysfs / "dev" / "block" / f"{os.major(number)}:{os.minor(number)}"
        try:
            if link.exists():
                return link.resolve()
        except OSError:
            continue
    return None


def _serial(sysfs: Path, disk_dir: Path) -> str | None:
    """The disk's serial from sysfs; through a single underlying device when it has none."""
    for _ in range(_MAX_STACK):
        for name in ("device/serial", "serial"):
            text = _read_text(disk_dir / name)
            if text:
                return text
        text = _vpd_serial(disk_dir / "device" / "vpd_pg80")
        if text:
            return text
        try:
            below = sorted(p.name for p in (disk_dir / "slaves").iterdir())
        except OSError:
            return None
        if len(below) != 1:
            return None  # none, or several disks (RAID): no one serial
        device_dir = (sysfs / "class" / "block" / below[0]).resolve()
        disk_dir = device_dir.parent if (device_dir / "partition").exists() else device_dir
    return None


def _uuid(dev: Path, device: str, blkid: BlkidRunner) -> str | None:
    by_uuid = dev / "disk" / "by-uuid"
    try:
        for link in by_uuid.iterdir():
            if os.path.basename(os.path.realpath(link)) == device:
                return _clean(link.name)
    except OSError:
        pass
    code, out = blkid(["blkid", "-o", "value", "-s", "UUID", str(dev / device)])
    return _clean(out) if code == 0 else None


def _read_text(path: Path) -> str | None:
    try:
        return _clean(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return None


def _vpd_serial(path: Path) -> str | None:
    """SCSI VPD page 0x80 (unit serial number): a 4-byte header, then the serial."""
    try:
        page = path.read_bytes()
    except OSError:
        return None
    if len(page) < 4 or page[1] != 0x80:
        return None
    length = int.from_bytes(page[2:4], "big")
    return _clean(page[4 : 4 + length].decode("ascii", "replace"))


def _clean(text: str) -> str | None:
    kept = "".join(c for c in text.strip() if c.isprintable()).strip()[:MAX_TEXT]
    return kept or None
