"""Volume states under faults that are not the volume's (issue 11, finding 1).

- A probe that fails for want of descriptors (EMFILE) keeps the volume's state: a
  child process lowers its RLIMIT_NOFILE and fills it with open files, for real.
- An ingest worker's volume error with a resource errno changes nothing.
- An unavailable volume is probed again on its schedule and comes back by itself.
"""

from __future__ import annotations

import asyncio
import errno
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.ingest import VolumeError
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volume_reprobe import REPROBE_FIRST_S, REPROBE_MAX_S
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.secretbox import SecretBox


class Clock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    catalog = open_catalog(tmp_path / "catalog.sqlite3")
    yield catalog
    catalog.close()


@pytest.fixture
def volumes(catalog: Catalog, clock: Clock) -> VolumeManager:
    return VolumeManager(catalog, catalog.server_identity().server_id, monotonic=clock)


@pytest.fixture
def disk(tmp_path: Path, volumes: VolumeManager) -> tuple[Path, int]:
    root = tmp_path / "disk"
    root.mkdir()
    info = volumes.initialize(volumes.add(str(root)).id)
    assert info.state == "read_write"
    return root, info.id


_PROBE_UNDER_EMFILE = """
import errno, json, os, resource, sys
from vedette_server.catalog.database import open_catalog
from vedette_server.recording.volumes import VolumeManager

catalog = open_catalog(sys.argv[1])
volumes = VolumeManager(catalog, catalog.server_identity().server_id)
volume_id = volumes.initialize(volumes.add(sys.argv[2]).id).id
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (128, hard))
held = []
try:
    while True:
        held.append(os.open(os.devnull, os.O_RDONLY))
except OSError as error:
    assert error.errno == errno.EMFILE, error
try:
    during = volumes.refresh(volume_id).state
except Exception as error:  # what the server's housekeeping would have logged
    during = f"raised {type(error).__name__}: {error}"
for fd in held:
    os.close(fd)
after = volumes.get(volume_id).state
print(json.dumps({"during": during, "after": after}))
"""


def test_a_probe_out_of_descriptors_keeps_the_volume_read_write(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_PROBE_UNDER_EMFILE),
         str(tmp_path / "catalog.sqlite3"), str(disk)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    states = json.loads(result.stdout.strip().splitlines()[-1])
    assert states == {"during": "read_write", "after": "read_write"}
    assert "could not be checked for want of resources" in result.stderr


@pytest.mark.parametrize("err", [errno.EMFILE, errno.ENFILE, errno.ENOMEM])
def test_a_worker_short_of_resources_does_not_mark_its_volume_unavailable(
    tmp_path: Path, catalog: Catalog, volumes: VolumeManager, disk: tuple[Path, int], err: int
) -> None:
    _, volume_id = disk
    SecretBox.create_key(tmp_path / "credentials.key")
    secrets = SecretBox.load(tmp_path / "credentials.key")

    async def report_the_error() -> None:
        thread = CatalogThread()
        recorder = Recorder(catalog, thread, CameraRegistry(catalog, secrets), volumes,
                            StatusBoard())  # fmt: skip
        recorder.on_message(VolumeError(1, "main", volume_id, err, "cannot open the segment"))
        await asyncio.sleep(0.1)  # a reconfiguration task would run now
        await thread.call(lambda: None)  # whatever was queued for the catalog ran
        thread.shutdown()

    asyncio.run(report_the_error())
    assert volumes.get(volume_id).state == "read_write"


def test_a_volume_that_disappears_is_probed_again_and_comes_back(
    volumes: VolumeManager, disk: tuple[Path, int], clock: Clock
) -> None:
    root, volume_id = disk
    away = root.with_name("disk.away")
    root.rename(away)
    assert volumes.refresh(volume_id).state == "unavailable"
    assert volumes.refresh_unavailable() == []  # seen unavailable: probed later
    away.rename(root)
    clock.now_s += REPROBE_FIRST_S / 2
    assert volumes.refresh_unavailable() == []  # not due yet
    assert volumes.get(volume_id).state == "unavailable"
    clock.now_s += REPROBE_FIRST_S
    (back,) = volumes.refresh_unavailable()
    assert (back.id, back.state) == (volume_id, "read_write")
    assert volumes.get(volume_id).state == "read_write"
    assert not list((root / "vedette").glob(".write-probe*")), "the write probe is removed"


def test_a_volume_still_missing_is_probed_less_and_less_often(
    volumes: VolumeManager, disk: tuple[Path, int], clock: Clock
) -> None:
    root, volume_id = disk
    root.rename(root.with_name("disk.away"))
    volumes.refresh(volume_id)
    volumes.refresh_unavailable()
    delays = []
    for _ in range(8):
        delay = volumes.reprobes.delay_s(volume_id)
        assert delay is not None
        delays.append(delay)
        clock.now_s += delay
        assert volumes.refresh_unavailable() == []
        assert volumes.get(volume_id).state == "unavailable"
    assert delays[:3] == [REPROBE_FIRST_S, 2 * REPROBE_FIRST_S, 4 * REPROBE_FIRST_S]
    assert max(delays) == REPROBE_MAX_S


def test_a_foreign_or_uninitialised_volume_is_not_probed_back(
    volumes: VolumeManager, tmp_path: Path, clock: Clock
) -> None:
    blank = tmp_path / "blank"
    blank.mkdir()
    info = volumes.add(str(blank))
    assert info.state == "none"
    clock.now_s += 10 * REPROBE_MAX_S
    assert volumes.refresh_unavailable() == []
    assert volumes.get(info.id).state == "none"
