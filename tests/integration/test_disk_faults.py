"""Disks that fill, fail and vanish under a recording server (issue 18 §2, REC-08/11,
DISK-05): real ext4 file systems on loop devices, real kernel errors (ENOSPC, EROFS,
EIO; tests/support/faulty_volume.py says how each is made), a real server recording
camsim cameras.

One server and one camsim for the module; each test has its own disk group, volumes
and camera, so what one test breaks the others never record on. The invariants are
read from the server's own timeline and catalog (stream time), never from wall-clock
timings: recording has no hole longer than ``MAX_HOLE_US`` where the server leaves
a volume before it fails (full), nor than one GOP where a write fails under it (a
segment starts at a keyframe), locked evidence is never deleted, and status says
what is true. The device-mapper's error target would fail chosen sectors; kernels
without it (this CI's VM) cannot, so EIO comes from an ext4 shutdown instead.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from tests.conftest import SMALL
from tests.integration.test_alarm_engine import alarms_of
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.faulty_volume import FaultyVolume, ext4_volume
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import storage_pb2
from vedette_server.recording.locks import iso_utc

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="loop-mounting ext4 images needs root",
)
S = 1_000_000
MB = 1 << 20
#: The longest hole allowed where recording moves from one volume to another.
MAX_HOLE_US = S
#: camsim's GOP (2 s at 25 fps): a write that fails mid-GOP loses the rest of it, the
#: next segment starting at the next keyframe on the other volume.
GOP_US = 2 * S
#: Where the volume fails (read-only): the rest of the GOP, and what was written since
#: the segment's last good fsync (the default --fsync-seconds, 1.5 s), which the catalog
#: no longer claims: it may never reach the disk (storage-format.md, writer errors).
FAILED_VOLUME_HOLE_US = GOP_US + 1_500_000
READ_WRITE = storage_pb2.VOLUME_STATE_READ_WRITE
FULL = storage_pb2.VOLUME_STATE_FULL
UNAVAILABLE = storage_pb2.VOLUME_STATE_UNAVAILABLE


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL, cameras=6)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("disk-faults")
    with running_server(
        directory, "--segment-seconds", "2", "--housekeeping-seconds", "0.5"
    ) as process:
        yield process


@pytest.fixture
def disks(tmp_path: Path) -> Iterator[list[FaultyVolume]]:
    """Two 32 MB ext4 volumes; skips where the machine cannot mount them."""
    with (
        ext4_volume(tmp_path / "a", 32) as first,
        ext4_volume(tmp_path / "b", 32) as second,
    ):
        if first is None or second is None:
            pytest.skip("cannot mount loop ext4 images here (needs root and loop devices)")
        yield [first, second]


def add_volumes(client: Client, group: int, *disks: FaultyVolume) -> list[int]:
    ids = []
    for disk in disks:
        volume = client.add_volume(str(disk.path), disk_group=group)
        client.initialize_volume(volume.id)
        ids.append(volume.id)
    return ids


def volume(client: Client, volume_id: int) -> storage_pb2.Volume:
    return next(v for v in client.list_volumes() if v.id == volume_id)


Stream = Literal["main", "sub"]


def runs(client: Client, camera_id: int, stream: Stream = "main") -> list[tuple[int, int]]:
    """The camera's recorded runs as the timeline shows them, oldest first."""
    (line,) = client.get_timeline([camera_id], 0, now_us() + 60 * S, stream=stream)
    return [(r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds()) for r in line.runs]


def holes(spans: list[tuple[int, int]]) -> list[int]:
    """The holes between consecutive spans (µs)."""
    return [b[0] - a[1] for a, b in itertools.pairwise(spans)]


def segments(server: ServerProcess, camera_id: int) -> list[tuple[int, int, int, int | None]]:
    """(stream, volume_id, start_us, end_us) of a camera's segments, read-only."""
    uri = f"file:{server.data / 'catalog.sqlite3'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        return db.execute(
            "SELECT stream, volume_id, start_us, end_us FROM segment"
            " WHERE camera_id = ? ORDER BY stream, start_us",
            (camera_id,),
        ).fetchall()


def recorded_s(client: Client, camera_id: int) -> float:
    spans = runs(client, camera_id)
    return (spans[-1][1] - spans[0][0]) / S if spans else 0.0


def recording(client: Client, camera_id: int) -> bool:
    (status,) = client.get_recording_status([camera_id])
    return client.get_camera(camera_id).status.recording and status.recording


def lock_first_seconds(client: Client, camera_id: int, seconds: int) -> tuple[int, int]:
    """Lock the camera's first ``seconds`` of recording as evidence; their range."""
    wait_for(lambda: recorded_s(client, camera_id) > seconds + 1, 60, "some recording")
    first = runs(client, camera_id)[0][0]
    client.lock_range(camera_id, first, first + seconds * S, "evidence")
    return first, first + seconds * S


def assert_locked_kept(client: Client, camera_id: int, locked: tuple[int, int]) -> None:
    covered = [(max(a, locked[0]), min(b, locked[1])) for a, b in runs(client, camera_id)]
    assert sum(max(0, b - a) for a, b in covered) >= locked[1] - locked[0] - S // 10, (
        f"the locked range {locked} is no longer all recorded: {runs(client, camera_id)[:3]}"
    )


def disk_logged(client: Client, action: str, path: Path) -> bool:
    return any(e.action == action and str(path) in e.message for e in client.search_logs())


def test_overwrite_on_deletes_the_oldest_and_recording_never_stops(
    server: ServerProcess, camsim: CamsimProcess, disks: list[FaultyVolume]
) -> None:
    """(a, f) A volume that fills with overwrite on: the oldest unlocked recordings
    go, the locked ones stay, and the recording has no hole while it does."""
    disk = disks[0]
    with server.client() as client:
        (volume_id,) = add_volumes(client, 2, disk)
        # Room for ~2 MB of video: overwriting starts within seconds.
        client.update_disk_group(2, overwrite=True, reserve_bytes=disk.free_bytes() - 2 * MB)
        camera = client.create_camera(
            "overwrite", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub"),
            disk_group=2, record_audio=False,
        ).id  # fmt: skip
        locked = lock_first_seconds(client, camera, 3)

        def overwritten_past_lock() -> bool:
            spans = runs(client, camera)
            return len(spans) >= 2 and spans[1][0] > locked[1] + 4 * S

        wait_for(overwritten_past_lock, 120, "4 s after the locked range overwritten")
        assert_locked_kept(client, camera, locked)
        for stream in ("main", "sub"):
            # The run after the overwritten stretch, or, for a stream retention has not
            # cut past its lock yet (the small sub stream, on a loaded run), the one run.
            spans = runs(client, camera, stream)
            after_lock = spans[1:] or spans
            assert after_lock and max(holes(after_lock), default=0) <= MAX_HOLE_US, (
                f"{stream}: recording stopped while overwriting: {after_lock}"
            )
        assert volume(client, volume_id).state == READ_WRITE
        assert recording(client, camera)


def test_overwrite_off_marks_the_volume_full_and_moves_to_the_other(
    server: ServerProcess, camsim: CamsimProcess, disks: list[FaultyVolume]
) -> None:
    """(b, f) Overwrite off: the volume at its reserve is marked full, the disk-full
    exception is raised and logged, and recording moves to the group's other volume
    without a hole. When the last one fills to ENOSPC, it too says full (not a disk
    error) and status says the camera is not recording. Nothing is deleted."""
    first, second = disks
    reserve = 8 * MB
    second.fill(leave_bytes=reserve + 12 * MB)  # less free than the first: chosen second
    with server.client() as client:
        a, b = add_volumes(client, 3, first, second)
        client.update_disk_group(3, overwrite=False, reserve_bytes=reserve)
        camera = client.create_camera(
            "full", camsim.url("cam2", "main"), sub_url=camsim.url("cam2", "sub"),
            disk_group=3, record_audio=False,
        ).id  # fmt: skip
        locked = lock_first_seconds(client, camera, 3)
        assert {v for _, v, _, _ in segments(server, camera)} == {a}
        first.fill(leave_bytes=reserve - 4 * MB)  # another writer takes the space
        wait_for(lambda: volume(client, a).state == FULL, 60, "the first volume full")
        wait_for(lambda: alarms_of(client, f"exc:disk_full:{a}"), 60, "a disk-full alarm")
        wait_for(lambda: disk_logged(client, "volume.full", first.path), 60, "volume.full logged")
        wait_for(
            lambda: len([s for s in segments(server, camera) if s[1] == b and s[3]]) >= 4,
            60,
            "recording on the other volume",
        )
        for stream in (1, 2):  # main, sub
            spans = [(s, e or now_us()) for st, _, s, e in segments(server, camera) if st == stream]
            assert spans and max(holes(spans)) <= MAX_HOLE_US, (
                f"stream {stream}: a hole moving: {spans}"
            )
        assert_locked_kept(client, camera, locked)

        second.fill()  # the last volume fills to the last block
        wait_for(
            lambda: (
                not recording(client, camera)
                and client.get_camera(camera).status.main.message == "no writable volume"
            ),
            60,
            "status: not recording, no writable volume",
        )
        wait_for(lambda: volume(client, b).state == FULL, 60, "the second volume full")
        keys = {a.key for a in client.list_alarms()}
        assert f"exc:disk_error:{b}" not in keys, "a full disk is not a failed one"
        assert_locked_kept(client, camera, locked)
        assert runs(client, camera)[0][0] == locked[0], "overwrite off: nothing deleted"


def record_on_first_then_fault(
    server: ServerProcess, client: Client, camera_url: tuple[str, str], group: int,
    disks: list[FaultyVolume], name: str,
) -> tuple[int, list[int], tuple[int, int]]:  # fmt: skip
    """A camera recording on the first of two volumes (the second has less free
    space), its first seconds locked: (camera id, volume ids, locked range)."""
    first, second = disks
    second.fill(leave_bytes=second.free_bytes() // 2)
    volume_ids = add_volumes(client, group, first, second)
    client.update_disk_group(group, overwrite=True, reserve_bytes=MB)
    camera = client.create_camera(
        name, camera_url[0], sub_url=camera_url[1], disk_group=group, record_audio=False
    ).id
    locked = lock_first_seconds(client, camera, 3)
    assert {v for _, v, _, _ in segments(server, camera)} == {volume_ids[0]}
    return camera, volume_ids, locked


def assert_moved_without_a_long_hole(
    server: ServerProcess, camera: int, failed: int, other: int, max_hole_us: int
) -> None:
    """Recording went on on ``other``; no segment opened on ``failed`` after the
    first on ``other``; no hole longer than ``max_hole_us`` in either stream."""
    rows = segments(server, camera)
    moved_at = min(s for _, v, s, _ in rows if v == other)
    assert not [r for r in rows if r[1] == failed and r[2] > moved_at], "back on the failed one"
    for stream in (1, 2):  # main, sub
        spans = [(s, e or now_us()) for st, _, s, e in rows if st == stream]
        assert spans and max(holes(spans)) <= max_hole_us, f"stream {stream}: hole: {spans}"


def test_a_volume_gone_read_only_mid_write_is_left_and_stays_left(
    server: ServerProcess, camsim: CamsimProcess, disks: list[FaultyVolume], tmp_path: Path
) -> None:
    """(c, f) ext4 turns read-only under an open segment (errors=remount-ro):
    recording moves to the other volume, the read-only one is a disk error and stays
    unavailable (its mount flag still says read-write), and what it holds, the locked
    evidence included, is still exported."""
    with server.client() as client:
        urls = (camsim.url("cam3", "main"), camsim.url("cam3", "sub"))
        camera, (a, b), locked = record_on_first_then_fault(
            server, client, urls, 4, disks, "read-only"
        )
        disks[0].fail_read_only()
        wait_for(lambda: volume(client, a).state == UNAVAILABLE, 60, "volume unavailable")
        assert "Read-only" in volume(client, a).error
        wait_for(lambda: alarms_of(client, f"exc:disk_error:{a}"), 60, "a disk-error alarm")
        states = set()

        def recorded_on_b() -> bool:
            states.add(volume(client, a).state)
            return len([s for s in segments(server, camera) if s[1] == b and s[3]]) >= 4

        wait_for(recorded_on_b, 60, "recording on the other volume")
        assert states == {UNAVAILABLE}, "a read-only volume must not come back as writable"
        assert_moved_without_a_long_hole(server, camera, a, b, FAILED_VOLUME_HOLE_US)
        wait_for(lambda: recording(client, camera), 60, "status: recording")
        size = client.export_to_file(camera, *locked, tmp_path / "locked.mp4")
        assert size > 0


def test_a_volume_whose_disk_is_pulled_is_left_for_the_other(
    server: ServerProcess, camsim: CamsimProcess, disks: list[FaultyVolume]
) -> None:
    """(d, f) The disk goes away under an open segment (lazy unmount): recording
    moves to the other volume, the exception says the disk was removed, and the
    locked recordings are still in the catalog, to come back with the disk."""
    with server.client() as client:
        urls = (camsim.url("cam4", "main"), camsim.url("cam4", "sub"))
        camera, (a, b), locked = record_on_first_then_fault(
            server, client, urls, 5, disks, "pulled"
        )
        disks[0].pull()
        wait_for(lambda: volume(client, a).state == UNAVAILABLE, 60, "volume unavailable")
        wait_for(lambda: alarms_of(client, f"exc:disk_removed:{a}"), 60, "a disk-removed alarm")
        wait_for(
            lambda: len([s for s in segments(server, camera) if s[1] == b and s[3]]) >= 4,
            60,
            "recording on the other volume",
        )
        assert_moved_without_a_long_hole(server, camera, a, b, GOP_US)
        wait_for(lambda: recording(client, camera), 60, "status: recording")
        assert_locked_kept(client, camera, locked)


def test_reads_that_fail_with_eio_are_errors_naming_the_range_and_nothing_else_stops(
    server: ServerProcess, camsim: CamsimProcess, disks: list[FaultyVolume], tmp_path: Path
) -> None:
    """(e) The disk under a camera's recordings dies (every read and write: EIO):
    playback and export of its recordings end in an error naming the time range
    that could not be read, the server lives on and records its other cameras."""
    disk = disks[0]
    with server.client() as client:
        (volume_id,) = add_volumes(client, 6, disk)
        client.update_disk_group(6, overwrite=True, reserve_bytes=MB)
        dying = client.create_camera(
            "dying", camsim.url("cam5", "main"), disk_group=6, record_audio=False
        ).id
        other = client.create_camera("other", camsim.url("cam6", "main"), record_audio=False).id
        wait_for(lambda: recorded_s(client, dying) > 4, 60, "some recording")
        start, end = runs(client, dying)[0]
        disk.die()
        wait_for(lambda: volume(client, volume_id).state == UNAVAILABLE, 60, "volume unavailable")
        wait_for(lambda: alarms_of(client, f"exc:disk_error:{volume_id}"), 60, "disk error")
        wait_for(lambda: not recording(client, dying), 60, "status: not recording")
        named = rf"the recording from {re.escape(iso_utc(start))} to .* cannot be read"
        with client.playback([dying], start_us=start, speed=8.0) as session:
            guard = threading.Timer(60, session.close)  # a hang ends the loop, and fails
            guard.start()
            try:
                with pytest.raises(errors.ServerError, match=named) as raised:
                    for _ in session:
                        pass
            finally:
                guard.cancel()
        assert raised.value.reason == "RECORDING_UNREADABLE"
        assert raised.value.metadata["start_us"] == str(start)
        assert "Input/output error" in str(raised.value)
        with pytest.raises(errors.ServerError, match=named):
            client.export_to_file(dying, start, end, tmp_path / "lost.mp4")
        assert not (tmp_path / "lost.mp4").exists()
        before = recorded_s(client, other)
        wait_for(lambda: recorded_s(client, other) > before + 4, 60, "the other camera recording")
        assert server.process.poll() is None
