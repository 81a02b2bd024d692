"""Whether anyone may still write a volume's segment files (storage/writer_lock.py)."""

from __future__ import annotations

import errno
import fcntl
from pathlib import Path

import pytest

from vedette_server.storage.layout import TOP_DIRECTORY
from vedette_server.storage.writer_lock import hold_for_writing, wait_for_writers


@pytest.fixture
def volume(tmp_path: Path) -> Path:
    (tmp_path / TOP_DIRECTORY).mkdir()
    return tmp_path


def test_recovery_waits_while_any_writer_holds_the_volume_and_writers_share_it(
    volume: Path,
) -> None:
    first, second = hold_for_writing(volume), hold_for_writing(volume)  # writers share it
    assert wait_for_writers(volume, 0.1) is None
    first.close()
    assert wait_for_writers(volume, 0.1) is None
    second.close()
    lock = wait_for_writers(volume, 0.1)
    assert lock is not None
    lock.close()


def test_a_volume_without_its_folder_or_locks_has_no_writer_to_wait_for(
    tmp_path: Path, volume: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert wait_for_writers(tmp_path / "not initialised", 0.1) is not None

    def cannot_lock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", cannot_lock)
    hold_for_writing(volume).close()  # recording goes on
    assert wait_for_writers(volume, 0.1) is not None
