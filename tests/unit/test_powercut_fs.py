"""The power-cut file system (tests/support/powercut_fs.py) keeps its model: fsynced
data survives a cut, the rest is lost, metadata is durable at once, and injected
faults reach an ordinary open/read/write. Real mounts (FUSE), real system calls."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from tests.support.powercut_fs import PAGE, PowerCutMount, powercut_mount_or_skip


@pytest.fixture
def fs(tmp_path: Path) -> Iterator[PowerCutMount]:
    with powercut_mount_or_skip(tmp_path) as mount:
        yield mount


def write(path: Path, data: bytes, offset: int = 0, *, sync: bool = False) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        os.pwrite(fd, data, offset)
        if sync:
            os.fdatasync(fd)
    finally:
        os.close(fd)


def test_synced_data_survives_a_cut_and_unsynced_data_is_lost(fs: PowerCutMount) -> None:
    path = fs.mountpoint / "segment"
    write(path, b"A" * 5000, sync=True)
    write(path, b"B" * 3000, 5000)  # appended, not synced
    write(path, b"C" * 10, 100)  # overwrites synced bytes, not synced
    assert path.stat().st_size == 8000
    assert path.read_bytes() == b"A" * 100 + b"C" * 10 + b"A" * 4890 + b"B" * 3000
    assert fs.unsynced_bytes() >= 3000
    fs.cut()
    assert path.read_bytes() == b"A" * 5000
    assert fs.unsynced_bytes() == 0


def test_fsync_through_another_descriptor_makes_the_file_durable(fs: PowerCutMount) -> None:
    path = fs.mountpoint / "shared"
    write(path, b"x" * (3 * PAGE + 7))  # written and closed: only in the cache
    reader = os.open(path, os.O_RDONLY)
    try:
        os.fsync(reader)
    finally:
        os.close(reader)
    fs.cut()
    assert path.read_bytes() == b"x" * (3 * PAGE + 7)


def test_truncate_is_cached_until_fsync(fs: PowerCutMount) -> None:
    path = fs.mountpoint / "torn"
    write(path, b"D" * 10_000, sync=True)
    os.truncate(path, 100)
    write(path, b"E" * 10, 200)  # re-grown past the cut: the hole reads as zeros
    assert path.read_bytes() == b"D" * 100 + bytes(100) + b"E" * 10
    fs.cut()
    assert path.read_bytes() == b"D" * 10_000  # the truncate was never synced
    os.truncate(path, 100)
    write(path, b"E" * 10, 200, sync=True)
    fs.cut()
    assert path.read_bytes() == b"D" * 100 + bytes(100) + b"E" * 10


def test_metadata_is_durable_at_once_and_unsynced_new_files_come_back_empty(
    fs: PowerCutMount,
) -> None:
    """The documented model (LazyFS's): names survive a cut, unsynced contents do not."""
    (fs.mountpoint / "dir").mkdir()
    write(fs.mountpoint / "dir" / "new", b"never synced")
    write(fs.mountpoint / "old", b"synced", sync=True)
    os.rename(fs.mountpoint / "old", fs.mountpoint / "dir" / "renamed")
    write(fs.mountpoint / "gone", b"synced", sync=True)
    os.unlink(fs.mountpoint / "gone")
    fs.cut()
    assert sorted(os.listdir(fs.mountpoint / "dir")) == ["new", "renamed"]
    assert (fs.mountpoint / "dir" / "new").read_bytes() == b""
    assert (fs.mountpoint / "dir" / "renamed").read_bytes() == b"synced"
    assert not (fs.mountpoint / "gone").exists()


def test_sqlite_wal_commits_survive_a_cut_intact(fs: PowerCutMount) -> None:
    """The catalog's mode (WAL with its mmap'ed -shm index, synchronous=full): every
    committed row survives, and the database checks clean."""
    path = fs.mountpoint / "catalog.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=wal")
        db.execute("PRAGMA synchronous=full")
        db.execute("CREATE TABLE t (x INTEGER)")
        for i in range(50):
            db.execute("INSERT INTO t VALUES (?)", (i,))
            db.commit()
        db.execute("INSERT INTO t VALUES (-1)")  # never committed
        fs.cut()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT COUNT(*), MIN(x) FROM t").fetchone() == (50, 0)


def test_injected_eio_on_reads_and_enospc_on_writes(fs: PowerCutMount) -> None:
    write(fs.mountpoint / "cam1.vseg", b"frames", sync=True)
    write(fs.mountpoint / "other", b"fine", sync=True)
    fs.fail("cam*.vseg", errno.EIO, ops=["read"])
    with pytest.raises(OSError) as read_error:
        (fs.mountpoint / "cam1.vseg").read_bytes()
    assert read_error.value.errno == errno.EIO
    assert (fs.mountpoint / "other").read_bytes() == b"fine"
    write(fs.mountpoint / "cam1.vseg", b"F", 6)  # writes still work there

    fs.fail("full/*", errno.ENOSPC, ops=["write"])
    (fs.mountpoint / "full").mkdir()
    with pytest.raises(OSError) as create_error:
        (fs.mountpoint / "full" / "a").write_bytes(b"x")
    assert create_error.value.errno == errno.ENOSPC

    fs.clear_faults()
    assert (fs.mountpoint / "cam1.vseg").read_bytes() == b"framesF"
    (fs.mountpoint / "full" / "a").write_bytes(b"x")


def test_a_bad_fault_request_is_refused_by_name(fs: PowerCutMount) -> None:
    with pytest.raises(ValueError, match="ops"):
        fs.fail("*", errno.EIO, ops=["format"])
