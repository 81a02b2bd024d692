"""Volume layout: segment paths and the volume marker, on real directories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_server.storage import (
    VolumeMarker,
    VolumeMarkerError,
    iter_segment_files,
    parse_segment_relpath,
    read_volume_marker,
    segment_relpath,
    write_volume_marker,
)

# 2023-11-14 23:59:59.999999 UTC, one microsecond before the day changes.
LAST_US_OF_DAY = 1_700_006_399_999_999


def test_segment_path_uses_the_utc_day_of_its_start() -> None:
    assert segment_relpath(12, "main", LAST_US_OF_DAY) == PurePosixPath(
        f"vedette/12/main/20231114/{LAST_US_OF_DAY}.vseg"
    )
    assert segment_relpath(12, "sub", LAST_US_OF_DAY + 1).parts[3] == "20231115"
    assert segment_relpath(0, "sub", -1).parts[3] == "19691231"


@given(
    camera_id=st.integers(0, 2**32 - 1),
    stream=st.sampled_from(["main", "sub"]),
    start_us=st.integers(-(2**55), 2**55),
)
def test_segment_path_round_trips(camera_id: int, stream: str, start_us: int) -> None:
    relpath = segment_relpath(camera_id, stream, start_us)
    assert parse_segment_relpath(relpath) == (camera_id, stream, start_us)
    assert parse_segment_relpath(Path("/mnt/disk1") / relpath) == (camera_id, stream, start_us)


@pytest.mark.parametrize(
    "path",
    [
        "vedette/12/main/20231114/1700006399999999.mp4",
        "vedette/12/third/20231114/1700006399999999.vseg",
        "vedette/012/main/20231114/1700006399999999.vseg",
        "vedette/12/main/20231115/1700006399999999.vseg",  # wrong day
        "vedette/12/main/2023-11-14/1700006399999999.vseg",
        "vedette/12/main/20231114/01700006399999999.vseg",
        "other/12/main/20231114/1700006399999999.vseg",
        "12/main/20231114/1700006399999999.vseg",
        "vedette/volume.json",
    ],
)
def test_paths_that_are_not_ours_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match=r"not|day"):
        parse_segment_relpath(path)


def test_segment_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="stream"):
        segment_relpath(1, "third", 0)
    with pytest.raises(ValueError, match="camera_id"):
        segment_relpath(-1, "main", 0)


def test_iter_segment_files_finds_segments_in_order_and_skips_strangers(tmp_path: Path) -> None:
    expected = [
        segment_relpath(2, "main", 1_700_000_000_000_000),
        segment_relpath(2, "main", 1_700_000_060_000_000),
        segment_relpath(2, "sub", 1_700_000_000_000_000),
        segment_relpath(10, "main", 1_600_000_000_000_000),
        segment_relpath(10, "main", 1_700_100_000_000_000),  # next day
    ]
    for relpath in reversed(expected):
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_bytes(b"VSEG")
    strangers = [
        "vedette/2/main/20231114/1700000000000000.vseg.tmp",
        "vedette/2/main/20231114/notes.txt",
        "vedette/2/other/20231114/1700000000000000.vseg",
        "vedette/lost+found/x.vseg",
    ]
    for name in strangers:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "vedette/2/main/20231114/99.vseg").mkdir()  # a directory, not a file
    found = [PurePosixPath(p.relative_to(tmp_path)) for p in iter_segment_files(tmp_path)]
    assert found == expected
    assert list(iter_segment_files(tmp_path / "absent")) == []


# -- volume marker ------------------------------------------------------------------

MARKER = VolumeMarker("vol-1b2c", "srv-9f8e", 1_700_000_000_000_000)


def test_volume_marker_round_trips_and_is_absent_on_a_fresh_volume(tmp_path: Path) -> None:
    assert read_volume_marker(tmp_path) is None
    write_volume_marker(tmp_path, MARKER)
    assert read_volume_marker(tmp_path) == MARKER
    stored = json.loads((tmp_path / "vedette" / "volume.json").read_text())
    assert stored == {
        "format": 1,
        "volume_id": "vol-1b2c",
        "server_id": "srv-9f8e",
        "created_us": 1_700_000_000_000_000,
    }
    assert sorted(p.name for p in (tmp_path / "vedette").iterdir()) == ["volume.json"]


def test_marker_is_never_written_into_a_missing_mount_point(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a directory"):
        write_volume_marker(tmp_path / "unmounted", MARKER)
    assert not (tmp_path / "unmounted").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b"", "not JSON"),
        (b'{"format": 2, "volume_id": "v", "server_id": "s", "created_us": 1}', "format 2"),
        (b'{"volume_id": "v", "server_id": "s", "created_us": 1}', "format None"),
        (b'{"format": 1, "volume_id": 5, "server_id": "s", "created_us": 1}', "volume_id"),
        (b'{"format": 1, "volume_id": "v", "server_id": "s", "created_us": true}', "created_us"),
        (b'{"format": 1, "volume_id": "v", "created_us": 1}', "server_id"),
    ],
)
def test_corrupt_or_foreign_markers_are_refused_with_the_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "vedette").mkdir()
    (tmp_path / "vedette" / "volume.json").write_bytes(content)
    with pytest.raises(VolumeMarkerError, match=reason) as caught:
        read_volume_marker(tmp_path)
    assert caught.value.path == tmp_path / "vedette" / "volume.json"


def test_an_unreadable_marker_is_an_error_not_an_absent_one(tmp_path: Path) -> None:
    (tmp_path / "vedette" / "volume.json").mkdir(parents=True)  # EISDIR, even for root
    with pytest.raises(VolumeMarkerError, match="unreadable"):
        read_volume_marker(tmp_path)


_REWRITER = """
import sys
from vedette_server.storage import VolumeMarker, write_volume_marker
for i in range(int(sys.argv[2])):
    write_volume_marker(sys.argv[1], VolumeMarker(f"vol-{i}", "srv" * (1 + i % 50), i))
"""


def test_readers_see_the_old_or_the_new_marker_never_a_partial_one(tmp_path: Path) -> None:
    write_volume_marker(tmp_path, MARKER)
    marker_file = tmp_path / "vedette" / "volume.json"
    original = marker_file.read_bytes()
    held = marker_file.open("rb")  # the first marker's file, as a reader holding it sees it
    writer = subprocess.Popen([sys.executable, "-c", _REWRITER, str(tmp_path), "300"])
    reads = 0
    try:
        while writer.poll() is None or reads < 50:
            marker = read_volume_marker(tmp_path)  # raises on a torn file
            assert marker is not None and marker.volume_id.startswith("vol-")
            reads += 1
    finally:
        assert writer.wait(30) == 0
        with held:
            assert held.read() == original  # replaced by a rename, never rewritten in place
    assert read_volume_marker(tmp_path) == VolumeMarker("vol-299", "srv" * 50, 299)
    assert sorted(p.name for p in (tmp_path / "vedette").iterdir()) == ["volume.json"]
