"""The playback engine past a file that cannot be read (a failing disk): synthetic
segment files on the power-cut FUSE file system (tests/support/powercut_fs.py), which
fails every read of one of them with EIO. Both ways the cursor reads what is before
and after it, announces its range once (not as a gap), and remembers it as the
session's error only while nothing after it has been read; a session of several
cameras ends with that error only once every camera has played to its end."""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.support.powercut_fs import PowerCutMount, powercut_mount_or_skip
from tests.unit.test_playback_engine import FRAME_US, T0, session_for, write_segment

from vedette_api.media.packet import MediaPacket
from vedette_server.export.errors import UnreadableSegment
from vedette_server.playback.cursor import CameraCursor
from vedette_server.playback.messages import GapOut, PacketOut, UnreadableOut
from vedette_server.playback.segments import (
    GapItem,
    Item,
    ReadState,
    SegmentSpan,
    UnreadableItem,
)

FRAMES = 40  # per segment: 1.6 s, four GOPs


@pytest.fixture
def fs(tmp_path: Path) -> Iterator[PowerCutMount]:
    with powercut_mount_or_skip(tmp_path) as mount:
        yield mount


@pytest.fixture
def three(fs: PowerCutMount) -> list[SegmentSpan]:
    """Three back-to-back segments; the middle one's reads fail with EIO."""
    spans = []
    for i in range(3):
        path = fs.mountpoint / f"{i}.vseg"
        spans.append(write_segment(path, T0 + i * FRAMES * FRAME_US, FRAMES, segment_id=i)[0])
    fs.fail("1.vseg", errno.EIO, ["read"])
    return spans


def frames_of(items: list[Item]) -> list[int]:
    return [i.timestamp_us for i in items if isinstance(i, MediaPacket)]


def frames(span: SegmentSpan) -> list[int]:
    return [span.start_us + i * FRAME_US for i in range(FRAMES)]


def forward(cursor: CameraCursor) -> tuple[list[Item], ReadState]:
    items: list[Item] = []
    while True:
        result = cursor.read_forward(25)
        items += result.items
        if result.state is not ReadState.MORE:
            return items, result.state


def test_forward_reads_around_an_unreadable_file_and_names_its_range_once(
    three: list[SegmentSpan],
) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(three)
    items = cursor.seek_forward(T0).items
    more, state = forward(cursor)
    items += more
    assert state is ReadState.NEED_SEGMENTS
    assert frames_of(items) == frames(three[0]) + frames(three[2])
    bad = three[1]
    unreadable = [i for i in items if isinstance(i, UnreadableItem)]
    assert unreadable == [UnreadableItem(bad.start_us, bad.end_us or 0, "Input/output error")]
    assert not [i for i in items if isinstance(i, GapItem)], "an unreadable file is no gap"
    at = items.index(unreadable[0])
    assert max(frames_of(items[:at])) < bad.start_us <= min(frames_of(items[at:]))
    assert cursor.unreadable is None  # something after it was read


def test_a_seek_into_an_unreadable_file_goes_on_after_it(three: list[SegmentSpan]) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(three)
    items = cursor.seek_forward(three[1].start_us + 10 * FRAME_US).items
    assert items == [UnreadableItem(three[1].start_us, three[1].end_us or 0, "Input/output error")]
    assert cursor.unreadable is not None
    assert cursor.unreadable.start_us == three[1].start_us
    assert frames_of(cursor.read_forward(1).items) == [three[2].start_us]
    assert cursor.unreadable is None


def test_backward_reads_around_an_unreadable_file_and_names_its_range_once(
    three: list[SegmentSpan],
) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(three)
    last = frames(three[2])[-1]
    items = cursor.seek_backward(last).items
    while True:
        result = cursor.read_backward()
        items += result.items
        if result.state is not ReadState.MORE or not result.items:
            break
    assert sorted(frames_of(items)) == frames(three[0]) + frames(three[2])
    unreadable = [i for i in items if isinstance(i, UnreadableItem)]
    assert unreadable == [
        UnreadableItem(three[1].start_us, three[1].end_us or 0, unreadable[0].reason)
    ]
    assert not [i for i in items if isinstance(i, GapItem)], "an unreadable file is no gap"


def test_nothing_readable_after_it_leaves_the_first_unreadable_file_as_the_error(
    fs: PowerCutMount, three: list[SegmentSpan]
) -> None:
    fs.fail("2.vseg", errno.EIO, ["read"])
    cursor = CameraCursor(1)
    cursor.set_segments(three)
    items = cursor.seek_forward(T0).items
    more, state = forward(cursor)
    items += more
    assert state is ReadState.NEED_SEGMENTS
    assert frames_of(items) == frames(three[0])
    assert [i.from_us for i in items if isinstance(i, UnreadableItem)] == [
        three[1].start_us,
        three[2].start_us,
    ]
    assert cursor.unreadable is not None
    assert cursor.unreadable.start_us == three[1].start_us
    assert "Input/output error" in str(cursor.unreadable)
    more, _ = forward(cursor)  # read again at the end: not announced twice
    assert not [i for i in more if isinstance(i, UnreadableItem)]


def test_a_session_ends_on_it_only_when_every_camera_has_played_to_its_end(
    fs: PowerCutMount, three: list[SegmentSpan]
) -> None:
    """Camera 1 has nothing readable after its first segment; camera 2 recorded on,
    readable, for twice as long: every frame of camera 2 is sent, then the error."""
    fs.fail("2.vseg", errno.EIO, ["read"])
    longer = [
        write_segment(
            fs.mountpoint / f"b{i}.vseg", T0 + i * FRAMES * FRAME_US, FRAMES, segment_id=10 + i
        )[0]
        for i in range(6)
    ]
    got: list[object] = []

    async def main() -> None:
        with ThreadPoolExecutor(2) as pool:
            session = session_for({1: three, 2: longer}, pool, start_us=T0, speed=4.0)
            await session.open()
            try:
                async for output in session.outputs():
                    got.append(output)
            finally:
                await session.aclose()

    with pytest.raises(UnreadableSegment) as raised:
        asyncio.run(asyncio.wait_for(main(), 60))
    assert raised.value.start_us == three[1].start_us
    assert [(o.camera_id, o.from_us) for o in got if isinstance(o, UnreadableOut)] == [
        (1, three[1].start_us),
        (1, three[2].start_us),
    ]
    sent = [o.packet.timestamp_us for o in got if isinstance(o, PacketOut) and o.camera_id == 2]
    assert sent[-1] == frames(longer[-1])[-1], "camera 2 played to its end first"
    assert GapOut(2, longer[-1].end_us or 0, 0) in got
