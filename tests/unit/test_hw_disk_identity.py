"""Which disk a directory is on: this machine's real devices (the root file system,
a tmpfs, a loop-mounted ext4 image with a known UUID), and a sysfs tree laid out as
the kernel lays it out for what this machine has not got (a partition, a
device-mapper device over it, a SCSI disk's serial page, a RAID)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_hw.disk_identity import DiskIdentity, identify_disk

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")


def _findmnt(path: Path) -> tuple[str, str, str]:
    """(MAJ:MIN, SOURCE, FSTYPE) of the mount holding ``path``, as util-linux sees it."""
    if shutil.which("findmnt") is None:
        pytest.skip("findmnt (util-linux) is not installed")
    out = subprocess.run(
        ["findmnt", "-n", "-o", "MAJ:MIN,SOURCE,FSTYPE", "--target", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return out[0], out[1], out[2]


def _sysfs_serial(disk: str) -> str | None:
    for name in ("device/serial", "serial"):
        try:
            text = (Path("/sys/block") / disk / name).read_text().strip()
        except OSError:
            continue
        if text:
            return text
    return None


def test_the_root_file_system_is_named_by_its_block_device_and_disk_serial() -> None:
    dev_id, source, fstype = _findmnt(Path("/"))
    found = identify_disk(Path("/"))
    assert found.filesystem_type == fstype
    link = Path("/sys/dev/block") / dev_id
    if link.exists():
        device = link.resolve().name
    elif source.startswith("/dev/") and Path(source).exists():  # btrfs: st_dev is not it
        device = Path(os.path.realpath(source)).name
    else:  # an overlay or a network root: no block device to name
        assert found.device is None and found.disk_serial is None
        return
    assert found.device == device
    assert found.disk is not None
    assert found.disk_serial == _sysfs_serial(found.disk)
    assert found.serial == (found.disk_serial or found.filesystem_uuid or "")


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "mnt"
    point.mkdir()
    yield point
    subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


@ROOT_ONLY
def test_a_tmpfs_has_no_disk_and_no_uuid_and_says_so_cleanly(mount_point: Path) -> None:
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], check=False
    )
    if mounted.returncode != 0:
        pytest.skip("this container may not mount a tmpfs")
    found = identify_disk(mount_point)
    assert found == DiskIdentity(filesystem_type="tmpfs")
    assert found.serial == ""


@ROOT_ONLY
def test_a_loop_mounted_ext4_image_is_named_by_its_file_system_uuid(
    tmp_path: Path, mount_point: Path
) -> None:
    chosen = str(uuid.uuid4())
    image = tmp_path / "disk.img"
    with image.open("wb") as file:
        file.truncate(8 << 20)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-U", chosen, str(image)], check=True)
    if subprocess.run(["mount", "-o", "loop", str(image), str(mount_point)]).returncode != 0:
        pytest.skip("this container may not loop-mount an image")
    (mount_point / "vedette").mkdir()
    found = identify_disk(mount_point / "vedette")
    assert found.filesystem_type == "ext4"
    assert found.device is not None and found.device.startswith("loop")
    assert found.filesystem_uuid == chosen
    assert found.disk_serial is None  # a loop device has no serial
    assert found.serial == chosen


def test_an_unreadable_path_is_unknown_not_an_error(tmp_path: Path) -> None:
    assert identify_disk(tmp_path / "missing") == DiskIdentity()


# -- a sysfs tree as the kernel lays it out -----------------------------------------


def _fake_host(tmp_path: Path, target: Path, source: str) -> tuple[Path, Path, Path]:
    """A sysfs, /dev and mountinfo in which ``target``'s device is ``source``."""
    st_dev = os.stat(target).st_dev
    dev_id = f"{os.major(st_dev)}:{os.minor(st_dev)}"
    sysfs, dev = tmp_path / "sys", tmp_path / "dev"
    (sysfs / "dev" / "block").mkdir(parents=True)
    (sysfs / "class" / "block").mkdir(parents=True)
    (dev / "disk" / "by-uuid").mkdir(parents=True)
    devices = sysfs / "devices" / "pci0000:00" / "0000:00:17.0" / "ata1" / "block"
    devices.mkdir(parents=True)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        f"22 1 {dev_id} / / rw,relatime shared:1 - ext4 /dev/{source} rw\n"
        f"23 22 0:5 / /proc rw - proc proc rw\n"
    )
    return sysfs, dev, mountinfo


def _block(sysfs: Path, dev_number: str, device_dir: Path) -> None:
    """``/sys/dev/block/M:m`` and ``/sys/class/block/NAME`` links to ``device_dir``."""
    device_dir.mkdir(parents=True, exist_ok=True)
    (sysfs / "dev" / "block" / dev_number).symlink_to(device_dir)
    (sysfs / "class" / "block" / device_dir.name).symlink_to(device_dir)


def _no_blkid(argv: object) -> tuple[int, str]:
    return 2, ""


def test_a_partition_is_followed_to_its_disk_serial_and_its_uuid_link(tmp_path: Path) -> None:
    target = tmp_path / "volume"
    target.mkdir()
    sysfs, dev, mountinfo = _fake_host(tmp_path, target, "sda1")
    st_dev = os.stat(target).st_dev
    disk = sysfs / "devices" / "pci0000:00" / "0000:00:17.0" / "ata1" / "block" / "sda"
    _block(sysfs, f"{os.major(st_dev)}:{os.minor(st_dev)}", disk / "sda1")
    (disk / "sda1" / "partition").write_text("1\n")
    (disk / "device").mkdir()
    # SCSI VPD page 0x80: header (qualifier, page code, length) then the serial.
    (disk / "device" / "vpd_pg80").write_bytes(b"\x00\x80\x00\x0c  WD-WX12345\x00")
    (dev / "sda1").touch()
    (dev / "disk" / "by-uuid" / "4f3c9a1e-0b7d-4c55-9e21-5d0c6a7b8e90").symlink_to("../../sda1")
    found = identify_disk(target, sysfs=sysfs, dev=dev, mountinfo=mountinfo, blkid=_no_blkid)
    assert found == DiskIdentity(
        device="sda1",
        disk="sda",
        disk_serial="WD-WX12345",
        filesystem_uuid="4f3c9a1e-0b7d-4c55-9e21-5d0c6a7b8e90",
        filesystem_type="ext4",
    )
    assert found.serial == "WD-WX12345"


def test_a_mapped_device_over_one_partition_names_that_disk_and_a_raid_names_none(
    tmp_path: Path,
) -> None:
    target = tmp_path / "volume"
    target.mkdir()
    sysfs, dev, mountinfo = _fake_host(tmp_path, target, "dm-0")
    st_dev = os.stat(target).st_dev
    virtual = sysfs / "devices" / "virtual" / "block" / "dm-0"
    _block(sysfs, f"{os.major(st_dev)}:{os.minor(st_dev)}", virtual)
    nvme = sysfs / "devices" / "pci0000:00" / "nvme" / "nvme0" / "nvme0n1"
    _block(sysfs, "259:1", nvme / "nvme0n1p2")
    (nvme / "nvme0n1p2" / "partition").write_text("2\n")
    (nvme / "device").mkdir()
    (nvme / "device" / "serial").write_text("S4EWNX0N123456  \n")
    (virtual / "slaves").mkdir()
    (virtual / "slaves" / "nvme0n1p2").symlink_to(nvme / "nvme0n1p2")
    blkid_calls: list[list[str]] = []

    def blkid(argv: list[str]) -> tuple[int, str]:
        blkid_calls.append(list(argv))
        return 0, "0d9e3f5a-1111-2222-3333-444455556666\n"

    found = identify_disk(target, sysfs=sysfs, dev=dev, mountinfo=mountinfo, blkid=blkid)
    assert (found.device, found.disk, found.disk_serial) == ("dm-0", "dm-0", "S4EWNX0N123456")
    assert found.filesystem_uuid == "0d9e3f5a-1111-2222-3333-444455556666"
    assert blkid_calls == [["blkid", "-o", "value", "-s", "UUID", str(dev / "dm-0")]]
    # A second disk under it (RAID 1): no single serial to give.
    other = sysfs / "devices" / "pci0000:00" / "nvme" / "nvme1" / "nvme1n1"
    _block(sysfs, "259:2", other)
    (virtual / "slaves" / "nvme1n1").symlink_to(other)
    found = identify_disk(target, sysfs=sysfs, dev=dev, mountinfo=mountinfo, blkid=_no_blkid)
    assert (found.device, found.disk_serial, found.filesystem_uuid) == ("dm-0", None, None)
    assert found.serial == ""
