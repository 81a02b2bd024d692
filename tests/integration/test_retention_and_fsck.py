"""Retention and fsck on a real catalog and real segment files (no server running)."""

from __future__ import annotations

import io
import time
from fractions import Fraction
from pathlib import Path

import pytest

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog.models import Camera, DiskGroup
from vedette_server.catalog.segments import complete_segment, open_segment, set_locked
from vedette_server.datadir import DataDir
from vedette_server.recording.fsck import run_fsck
from vedette_server.recording.retention import Retention
from vedette_server.recording.volumes import VolumeManager
from vedette_server.storage.layout import segment_relpath
from vedette_server.storage.segment_file import SegmentWriter

S = 1_000_000
DAY = 86_400 * S
H264 = CodecParameters(
    Codec.H264,
    extradata=b"\x00\x00\x00\x01\x67\x42\x00\x1f\x00\x00\x00\x01\x68\xce\x3c\x80",
    width=320,
    height=240,
    frame_rate=Fraction(25),
)


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    disk = tmp_path / "disk"
    disk.mkdir()
    catalog = open_catalog(data.catalog)
    volumes = VolumeManager(catalog, catalog.server_identity().server_id)
    volume = volumes.initialize(volumes.add(str(disk)).id)
    assert volume.state == "read_write"
    yield data, catalog, volumes, volume.id, disk
    catalog.close()


def record(catalog: Catalog, volume_id: int, root: Path, camera_id: int, start_us: int,
           seconds: int = 10, payload: int = 2000) -> int:  # fmt: skip
    """Write a real segment file of ``seconds`` at 25 fps and its catalog row."""
    relpath = segment_relpath(camera_id, "main", start_us)
    writer = SegmentWriter.create(
        root / relpath, SegmentHeader(camera_id, "main", start_us, (H264,))
    )
    segment_id = open_segment(
        catalog, camera_id, 1, volume_id, relpath.as_posix(), start_us, Codec.H264, 320, 240, 1
    )
    for i in range(seconds * 25):
        data = (b"\x00\x00\x00\x01\x65" if i % 25 == 0 else b"\x00\x00\x00\x01\x41") + bytes(
            payload
        )
        writer.append_packet(
            MediaPacket(PacketKind.VIDEO, start_us + i * 40_000, 40_000, i % 25 == 0, data)
        )
    summary = writer.close()
    complete_segment(
        catalog, segment_id, summary.end_us, summary.size_bytes, summary.frames,
        summary.keyframe_index_blob, start_us=summary.start_us,
    )  # fmt: skip
    return segment_id


def camera(name: str, expiry_days: int | None = None) -> int:
    now = time.time_ns() // 1000
    row = Camera.create(name=name, main_url="rtsp://127.0.0.1/x", expiry_days=expiry_days,
                        created_us=now, updated_us=now)  # fmt: skip
    return int(row.id)


def segment_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.vseg"))


def test_expiry_deletes_by_age_but_never_locked_recordings(setup) -> None:  # type: ignore[no-untyped-def]
    _, catalog, volumes, volume_id, disk = setup
    now = time.time_ns() // 1000
    short, keep = camera("short", expiry_days=2), camera("keep")
    record(catalog, volume_id, disk, short, now - 3 * DAY)
    record(catalog, volume_id, disk, short, now - 3 * DAY + 60 * S)
    record(catalog, volume_id, disk, short, now - DAY)
    record(catalog, volume_id, disk, keep, now - 3 * DAY)
    set_locked(catalog, short, now - 3 * DAY + 60 * S, now - 3 * DAY + 61 * S, True)
    report = Retention(catalog, volumes).run_once(now)
    assert report.expired == 1
    left = {(int(p.parts[-4]), int(p.stem)) for p in segment_files(disk)}
    assert left == {
        (short, now - 3 * DAY + 60 * S),  # locked: kept past its expiry
        (short, now - DAY),  # younger than the 2-day expiry
        (keep, now - 3 * DAY),  # this camera has no expiry
    }


def test_fifo_overwrites_the_oldest_unlocked_first_until_the_reserve_is_free(setup) -> None:  # type: ignore[no-untyped-def]
    _, catalog, volumes, volume_id, disk = setup
    now = time.time_ns() // 1000
    cam = camera("cam")
    for i in range(10):
        record(catalog, volume_id, disk, cam, now - (10 - i) * 60 * S, payload=20_000)
    set_locked(catalog, cam, now - 10 * 60 * S, now - 10 * 60 * S + S, True)  # the oldest
    free = volumes.refresh(volume_id).free_bytes
    size = sum(p.stat().st_size for p in segment_files(disk)) // 10
    # Ask for 3 segments' worth more free space than there is: the 3 oldest unlocked go.
    DiskGroup.update(reserve_bytes=free + 3 * size - size // 2).where(DiskGroup.id == 1).execute()
    report = Retention(catalog, volumes).run_once(now)
    assert report.overwritten >= 3
    names = [int(p.stem) for p in segment_files(disk)]
    assert now - 10 * 60 * S in names, "the locked segment survives"
    gone = sorted(now - (10 - i) * 60 * S for i in range(1, 1 + report.overwritten))
    assert not set(gone) & set(names), "the oldest unlocked went first"


def test_overwrite_off_marks_the_volume_full_instead_of_deleting(setup) -> None:  # type: ignore[no-untyped-def]
    _, catalog, volumes, volume_id, disk = setup
    now = time.time_ns() // 1000
    record(catalog, volume_id, disk, camera("cam"), now - 60 * S)
    free = volumes.refresh(volume_id).free_bytes
    DiskGroup.update(overwrite=False, reserve_bytes=free + 1).where(DiskGroup.id == 1).execute()
    report = Retention(catalog, volumes).run_once(now)
    assert report.overwritten == 0 and len(segment_files(disk)) == 1
    assert volumes.get(volume_id).state == "full"
    assert volumes.writable_targets(1) == ()


def test_fsck_is_clean_then_names_a_corrupt_file_and_an_orphan(setup) -> None:  # type: ignore[no-untyped-def]
    data, catalog, _, volume_id, disk = setup
    now = time.time_ns() // 1000
    cam = camera("cam")
    record(catalog, volume_id, disk, cam, now - 120 * S)
    record(catalog, volume_id, disk, cam, now - 60 * S)
    catalog.close()
    out = io.StringIO()
    assert run_fsck(data, repair=False, out=out) == 0, out.getvalue()
    assert "2 segment(s)" in out.getvalue()
    victim = segment_files(disk)[0]
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    victim.write_bytes(raw)
    (victim.parent / f"{now}.vseg").write_bytes(b"VSEG not really")
    out = io.StringIO()
    assert run_fsck(data, repair=False, out=out) == 1
    report = out.getvalue()
    assert f"{victim}" in report and "CRC" in report.upper()
    assert "orphan" in report
