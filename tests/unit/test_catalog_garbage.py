"""Deletion through the garbage list survives a process killed at any step (kill -9).

A child process opens the catalog, works, and SIGKILLs itself at a chosen point; the
test then reopens the catalog and checks that every segment file on the volume is
owned by exactly one row, segment or garbage, and that the cleanup can finish.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from vedette_server.catalog import (
    Catalog,
    forget_garbage,
    garbage,
    open_catalog,
    open_segments,
    segments_overlapping,
)
from vedette_server.catalog.models import Camera, Volume

T0 = 1_767_225_600_000_000
S = 1_000_000

CHILD_PRELUDE = """
import os, signal, sys
from pathlib import Path
from vedette_server.catalog import *
from vedette_api.media.packet import Codec

def die():
    os.kill(os.getpid(), signal.SIGKILL)

catalog = open_catalog(Path(sys.argv[1]))
camera_id, volume_id, volume_path = int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
"""


def run_child_until_killed(body: str, *args: object) -> None:
    """Run ``body`` in a Python child that must end by SIGKILLing itself."""
    code = CHILD_PRELUDE + textwrap.dedent(body)
    child = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, int, int, Path]:
    """A catalog with one camera and one volume directory; no catalog left open."""
    path, volume_path = tmp_path / "catalog.sqlite3", tmp_path / "volume"
    volume_path.mkdir()
    with open_catalog(path) as catalog:
        camera_id = int(
            Camera.insert(name="cam", main_url="rtsp://c/", created_us=T0, updated_us=T0).execute(
                catalog.database
            )
        )
        volume_id = int(
            Volume.insert(uuid=str(uuid.uuid4()), path=str(volume_path)).execute(catalog.database)
        )
    return path, camera_id, volume_id, volume_path


RECORD_THREE_SEGMENTS = f"""
ids = []
for i in range(3):
    relpath = f"{{camera_id}}/main/{{i}}.vseg"
    (volume_path / relpath).parent.mkdir(parents=True, exist_ok=True)
    (volume_path / relpath).write_bytes(b"x" * 100)
    start = {T0} + i * 60_000_000
    ids.append(open_segment(catalog, camera_id, 1, volume_id, relpath, start, Codec.H264, 1, 1, 1))
    complete_segment(catalog, ids[-1], start + 60_000_000, 100, 25, b"")
"""


def owners(catalog: Catalog, camera_id: int, volume_path: Path) -> dict[str, str]:
    """Each file on the volume and the row that owns it ("nobody" if none).

    Asserts that every segment row has its file (a garbage row may have lost its file
    already: unlinked, not yet forgotten) and that no path is both.
    """
    window = (T0, T0 + 10**12)
    segment_paths = {s.relpath for s in segments_overlapping(catalog, camera_id, 1, *window)}
    garbage_paths = {g.relpath for g in garbage(catalog)}
    assert not segment_paths & garbage_paths
    files = {str(p.relative_to(volume_path)) for p in volume_path.rglob("*.vseg")}
    assert segment_paths <= files, f"segment rows without files: {segment_paths - files}"
    return {
        f: "segment" if f in segment_paths else "garbage" if f in garbage_paths else "nobody"
        for f in files
    }


def test_a_crash_inside_mark_garbage_leaves_the_segments_untouched(
    setup: tuple[Path, int, int, Path],
) -> None:
    path, camera_id, volume_id, volume_path = setup
    body = (
        RECORD_THREE_SEGMENTS
        + """
with catalog.atomic():
    mark_garbage(catalog, ids[:2])
    die()  # before the commit
"""
    )
    run_child_until_killed(body, path, camera_id, volume_id, volume_path)
    with open_catalog(path) as catalog:
        assert catalog.integrity_check() == []
        assert set(owners(catalog, camera_id, volume_path).values()) == {"segment"}
        assert len(owners(catalog, camera_id, volume_path)) == 3


def test_a_crash_between_mark_and_forget_leaves_the_files_to_the_garbage_list(
    setup: tuple[Path, int, int, Path],
) -> None:
    path, camera_id, volume_id, volume_path = setup
    body = (
        RECORD_THREE_SEGMENTS
        + """
marked = mark_garbage(catalog, ids[:2])
(volume_path / marked[0].relpath).unlink()  # one file unlinked, not forgotten; one not
die()
"""
    )
    run_child_until_killed(body, path, camera_id, volume_id, volume_path)
    with open_catalog(path) as catalog:
        assert catalog.integrity_check() == []
        assert sorted(owners(catalog, camera_id, volume_path).values()) == ["garbage", "segment"]
        # Recovery: unlink what is still there (missing is fine), then forget.
        leftovers = garbage(catalog, volume_id)
        assert [g.relpath for g in leftovers] == [
            f"{camera_id}/main/0.vseg",
            f"{camera_id}/main/1.vseg",
        ]
        for g in leftovers:
            (volume_path / g.relpath).unlink(missing_ok=True)
        assert forget_garbage(catalog, [g.id for g in leftovers]) == 2
    with open_catalog(path) as catalog:
        assert owners(catalog, camera_id, volume_path) == {f"{camera_id}/main/2.vseg": "segment"}


def test_a_crash_while_recording_keeps_every_committed_segment_row(
    setup: tuple[Path, int, int, Path],
) -> None:
    path, camera_id, volume_id, volume_path = setup
    body = (
        RECORD_THREE_SEGMENTS
        + f"""
open_segment(catalog, camera_id, 1, volume_id, "open.vseg", {T0 + 180 * S}, Codec.H264, 1, 1, 1)
die()
"""
    )
    run_child_until_killed(body, path, camera_id, volume_id, volume_path)
    with open_catalog(path) as catalog:
        assert catalog.integrity_check() == []
        assert [s.relpath for s in open_segments(catalog)] == ["open.vseg"]
        complete = [s for s in segments_overlapping(catalog, camera_id, 1, T0, T0 + 10**12)]
        assert [(s.start_us, s.end_us) for s in complete if not s.is_open] == [
            (T0 + i * 60 * S, T0 + (i + 1) * 60 * S) for i in range(3)
        ]
