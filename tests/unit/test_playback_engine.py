"""The playback engine on synthetic segment files: cursor order forward and backward,
GOP reversal, seeks and steps landing on the right frame, gaps skipped or announced,
a segment still being written, and the shared clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_server.playback.clock import SharedClock, valid_speed
from vedette_server.playback.cursor import CameraCursor
from vedette_server.playback.messages import (
    GapOut,
    PacketOut,
    Pause,
    Play,
    PlaybackOptions,
    Seek,
    Step,
)
from vedette_server.playback.segments import GapItem, ReadState, SegmentSpan, TrackChange
from vedette_server.playback.session import PlaybackSession
from vedette_server.storage import SegmentWriter

FRAME_US = 40_000  # 25 fps
GOP = 10  # frames per GOP
T0 = 1_800_000_000_000_000
VIDEO = CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67", 64, 48)
AUDIO = CodecParameters(Codec.AAC, b"\x12\x10", sample_rate=8000, channels=1)


def write_segment(
    path: Path,
    start_us: int,
    frames: int,
    *,
    segment_id: int,
    audio: bool = False,
    close: bool = True,
) -> tuple[SegmentSpan, SegmentWriter]:
    """A segment of ``frames`` frames from ``start_us`` (keyframe every GOP frames);
    each payload names its frame's timestamp, so tests can check what they got."""
    tracks = (VIDEO, AUDIO) if audio else (VIDEO,)
    writer = SegmentWriter.create(path, SegmentHeader(1, "main", start_us, tracks))
    for i in range(frames):
        t = start_us + i * FRAME_US
        writer.append_packet(
            MediaPacket(PacketKind.VIDEO, t, FRAME_US, i % GOP == 0, f"v{t}".encode())
        )
        if audio:
            writer.append_packet(MediaPacket(PacketKind.AUDIO, t + 5, 20_000, True, b"a"))
    if not close:
        writer.sync()
        return SegmentSpan(segment_id, path, start_us, None), writer
    summary = writer.close()
    span = SegmentSpan(
        segment_id, path, summary.start_us, summary.end_us, summary.keyframe_index_blob
    )
    return span, writer


def frames_of(items: list[object]) -> list[int]:
    return [i.timestamp_us for i in items if isinstance(i, MediaPacket)]


@pytest.fixture
def two_segments(tmp_path: Path) -> list[SegmentSpan]:
    """40 frames from T0, a 10 s gap, 40 frames."""
    a, _ = write_segment(tmp_path / "a.vseg", T0, 40, segment_id=1)
    b, _ = write_segment(tmp_path / "b.vseg", T0 + 40 * FRAME_US + 10_000_000, 40, segment_id=2)
    return [a, b]


def t(frame: int) -> int:
    return T0 + frame * FRAME_US


# -- cursor -----------------------------------------------------------------------------


def test_forward_reads_every_frame_in_order_and_reports_the_gap(
    two_segments: list[SegmentSpan],
) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(two_segments)
    first = cursor.seek_forward(t(0))
    assert isinstance(first.items[0], TrackChange) and frames_of(first.items) == [t(0)]
    got, gaps = [], []
    while True:
        result = cursor.read_forward(7)
        got += frames_of(result.items)
        gaps += [i for i in result.items if isinstance(i, GapItem)]
        if result.state is not ReadState.MORE:
            break
    assert result.state is ReadState.NEED_SEGMENTS
    second_start = two_segments[1].start_us
    assert got == [t(i) for i in range(1, 40)] + [second_start + i * FRAME_US for i in range(40)]
    assert gaps == [GapItem(t(40), second_start)]


def test_seek_lands_on_the_frame_shown_with_its_gop_as_preroll(
    two_segments: list[SegmentSpan],
) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(two_segments)
    result = cursor.seek_forward(t(13) + 1000)  # inside frame 13
    assert frames_of(result.items) == [t(10), t(11), t(12), t(13)]  # from its keyframe
    assert frames_of(cursor.read_forward(1).items) == [t(14)]
    only = cursor.seek_forward(t(13), keyframes_only=True)
    assert frames_of(only.items) == [t(10)]
    assert frames_of(cursor.read_forward(2, keyframes_only=True).items) == [t(20)]


def test_a_seek_into_a_gap_positions_after_it(two_segments: list[SegmentSpan]) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(two_segments)
    into = t(40) + 3_000_000
    result = cursor.seek_forward(into)
    assert [i for i in result.items if isinstance(i, GapItem)] == [
        GapItem(into, two_segments[1].start_us)
    ]
    assert frames_of(result.items) == []
    assert frames_of(cursor.read_forward(1).items) == [two_segments[1].start_us]


def test_reverse_sends_whole_gops_in_reverse_gop_order_in_decode_order(
    two_segments: list[SegmentSpan],
) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(two_segments)
    second = two_segments[1].start_us
    start = second + 25 * FRAME_US
    gops = [frames_of(cursor.seek_backward(start).items)]
    gaps = []
    while True:
        result = cursor.read_backward()
        gaps += [i for i in result.items if isinstance(i, GapItem)]
        if frames_of(result.items):
            gops.append(frames_of(result.items))
        if result.state is not ReadState.MORE:
            break
    assert gops[0] == [second + i * FRAME_US for i in range(20, 26)]  # up to the start
    assert gops[1] == [second + i * FRAME_US for i in range(10, 20)]
    assert gops[2] == [second + i * FRAME_US for i in range(0, 10)]
    assert gops[3:] == [[t(i) for i in range(g, g + 10)] for g in (30, 20, 10, 0)]
    assert gaps == [GapItem(t(40), second)]
    assert result.state is ReadState.NEED_SEGMENTS
    # Keyframes only, backwards: one keyframe per GOP.
    cursor.seek_backward(t(35), keyframes_only=True)
    assert frames_of(cursor.read_backward(keyframes_only=True).items) == [t(20)]


def test_steps_count_frames_across_gops(two_segments: list[SegmentSpan]) -> None:
    cursor = CameraCursor(1)
    cursor.set_segments(two_segments)
    assert cursor.step_target(t(13), 1) == t(14)
    assert cursor.step_target(t(13), -1) == t(12)
    assert cursor.step_target(t(13), -5) == t(8)  # into the GOP before
    assert cursor.step_target(t(13), 30) == two_segments[1].start_us + 3 * FRAME_US
    assert cursor.step_target(t(3), -10) == t(0)  # the first frame there is


def test_a_growing_segment_is_read_as_it_is_written(tmp_path: Path) -> None:
    span, writer = write_segment(tmp_path / "live.vseg", T0, 12, segment_id=1, close=False)
    cursor = CameraCursor(1)
    cursor.set_segments([span])
    assert frames_of(cursor.seek_forward(t(11)).items) == [t(10), t(11)]
    result = cursor.read_forward(10)
    assert result.items == [] and result.state is ReadState.LIVE_EDGE
    for i in range(12, 15):
        writer.append_packet(
            MediaPacket(PacketKind.VIDEO, t(i), FRAME_US, i % GOP == 0, f"v{t(i)}".encode())
        )
    result = cursor.read_forward(10)
    assert frames_of(result.items) == [t(12), t(13), t(14)]
    assert result.state is ReadState.LIVE_EDGE
    # Backwards too: the GOP being written is found by scanning the file.
    assert frames_of(cursor.seek_backward(t(14)).items) == [t(10), t(11), t(12), t(13), t(14)]
    writer.close()


def test_audio_is_read_only_when_asked(tmp_path: Path) -> None:
    span, _ = write_segment(tmp_path / "a.vseg", T0, 20, segment_id=1, audio=True)
    cursor = CameraCursor(1)
    cursor.set_segments([span])
    cursor.seek_forward(t(0))
    kinds = {
        i.kind for i in cursor.read_forward(10, audio=True).items if isinstance(i, MediaPacket)
    }
    assert kinds == {PacketKind.VIDEO, PacketKind.AUDIO}
    cursor.seek_forward(t(0))
    kinds = {i.kind for i in cursor.read_forward(10).items if isinstance(i, MediaPacket)}
    assert kinds == {PacketKind.VIDEO}


# -- clock ------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.s = 100.0

    def __call__(self) -> float:
        return self.s


def test_the_clock_moves_by_speed_and_direction_and_never_jumps_on_a_change() -> None:
    now = FakeTime()
    clock = SharedClock(T0, speed=2.0, monotonic=now)
    now.s += 1.0
    assert clock.position_us() == T0 + 2_000_000
    clock.set(reverse=True, speed=0.5)
    assert clock.position_us() == T0 + 2_000_000
    now.s += 2.0
    assert clock.position_us() == T0 + 1_000_000
    assert clock.seconds_until(T0) == pytest.approx(2.0)
    assert clock.seconds_until(T0 + 5_000_000) == 0.0
    clock.set(paused=True)
    now.s += 5
    assert clock.position_us() == T0 + 1_000_000 and clock.seconds_until(T0) is None
    assert [valid_speed(s) for s in (1 / 16, 32, 1 / 17, 33, float("nan"))] == [
        True, True, False, False, False,
    ]  # fmt: skip


def test_the_clock_never_passes_now() -> None:
    now = FakeTime()
    clock = SharedClock(T0, speed=8.0, monotonic=now, ceiling_us=lambda: T0 + 1_000_000)
    now.s += 10
    assert clock.position_us() == T0 + 1_000_000


# -- session ----------------------------------------------------------------------------


class MemoryRecordings:
    """The catalog's answers from a list of spans."""

    def __init__(self, spans: dict[int, list[SegmentSpan]]) -> None:
        self.spans = spans

    async def segments_from(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        rows = [s for s in self.spans.get(camera_id, []) if s.end_us is None or s.end_us > t_us]
        return rows[:limit]

    async def segments_before(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        return [s for s in self.spans.get(camera_id, []) if s.start_us < t_us][-limit:]


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(2) as pool:
        yield pool


async def collect(session: PlaybackSession, until: object, timeout_s: float = 5.0) -> list[object]:
    """Outputs until ``until(outputs)`` is true."""
    got: list[object] = []

    async def run() -> None:
        async for output in session.outputs():
            got.append(output)
            if until(got):  # type: ignore[operator]
                return

    await asyncio.wait_for(run(), timeout_s)
    return got


def packets(outputs: list[object], camera: int | None = None) -> list[PacketOut]:
    return [
        o for o in outputs if isinstance(o, PacketOut) and (camera is None or o.camera_id == camera)
    ]


def session_for(
    spans: dict[int, list[SegmentSpan]], executor: ThreadPoolExecutor, **options: object
) -> PlaybackSession:
    opts = PlaybackOptions(
        camera_ids=tuple(spans),
        stream=1,
        start_us=options.pop("start_us", t(0)),
        **options,  # type: ignore[arg-type]
    )
    return PlaybackSession(opts, MemoryRecordings(spans), executor, wall_us=lambda: T0 + 10**12)


def test_forward_play_paces_packets_by_the_clock(
    two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    async def main() -> None:
        session = session_for({1: two_segments}, executor, start_us=t(5), speed=4.0)
        started = await session.open()
        assert started.tracks[0].video == VIDEO
        loop = asyncio.get_running_loop()
        began = loop.time()
        out = await collect(session, lambda got: len(packets(got)) >= 6 + 20)
        elapsed = loop.time() - began
        reached_us = session.clock.position_us()
        await session.aclose()
        sent = packets(out)
        assert [p.packet.timestamp_us for p in sent[:6]] == [t(i) for i in range(6)]
        assert [p.decode_only for p in sent[:6]] == [True] * 5 + [False]
        times = [p.packet.timestamp_us for p in sent]
        assert times == sorted(times)
        # 20 frames of 40 ms at 4x: 0.2 s of wall time at least (a loaded machine may
        # take longer, never less), and no frame sent before the 4x clock reached it.
        assert session.clock.speed == 4.0
        assert times[-1] <= reached_us
        assert elapsed >= 0.15

    asyncio.run(main())


def test_controls_take_effect_and_are_counted(
    two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    async def main() -> None:
        session = session_for({1: two_segments}, executor, start_us=t(5), paused=True)
        await session.open()
        await collect(session, lambda got: len(packets(got)) >= 6)
        session.control(Step(1))
        out = await collect(session, lambda got: any(getattr(o, "applied", 0) == 1 for o in got))
        shown = [p for p in packets(out) if not p.decode_only]
        assert shown[-1].packet.timestamp_us == t(6)
        session.control(Step(-3))
        out = await collect(session, lambda got: any(getattr(o, "applied", 0) == 2 for o in got))
        assert [p for p in packets(out) if not p.decode_only][-1].packet.timestamp_us == t(3)
        session.control(Seek(time_us=t(27) + 100))
        out = await collect(session, lambda got: any(getattr(o, "applied", 0) == 3 for o in got))
        assert [p.packet.timestamp_us for p in packets(out)] == [t(i) for i in range(20, 28)]
        session.control(Play(2.0, True))
        out = await collect(session, lambda got: len(packets(got)) >= 8)
        gop = packets(out)
        assert all(p.reverse_gop for p in gop) and gop[-1].gop_end
        assert [p.packet.timestamp_us for p in gop] == [t(i) for i in range(20, 28)]
        session.control(Pause())
        out = await collect(session, lambda got: any(getattr(o, "applied", 0) == 5 for o in got))
        assert out[-1].paused  # type: ignore[attr-defined]
        await session.aclose()

    asyncio.run(main())


def test_gaps_are_skipped_only_when_every_camera_is_in_one(
    tmp_path: Path, two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    # Camera 2 records through camera 1's gap: the clock must not skip it.
    through, _ = write_segment(tmp_path / "c.vseg", t(30), 300, segment_id=3)

    async def main(skip: bool, cameras: dict[int, list[SegmentSpan]]) -> list[object]:
        session = session_for(cameras, executor, start_us=t(38), speed=32.0, skip_gaps=skip)
        await session.open()
        out = await collect(
            session,
            lambda got: any(
                isinstance(o, PacketOut) and o.packet.timestamp_us >= two_segments[1].start_us
                for o in got
            ),
            timeout_s=10,
        )
        await session.aclose()
        return out

    loop = asyncio.new_event_loop()
    began = loop.time()
    out = loop.run_until_complete(main(True, {1: two_segments}))
    skipped_s = loop.time() - began
    assert GapOut(1, t(40), two_segments[1].start_us) in out
    assert skipped_s < 1.0  # 10 s of gap at 32x would take 0.3 s; skipping takes ~0
    began = loop.time()
    out = loop.run_until_complete(main(True, {1: two_segments, 2: [through]}))
    assert loop.time() - began > 0.25  # the clock ran through the gap: camera 2 plays
    assert GapOut(1, t(40), two_segments[1].start_us) in out
    loop.close()


def test_the_end_of_the_recording_is_announced_and_the_session_stays_open(
    two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    async def main() -> None:
        end = two_segments[1].end_us
        assert end is not None
        session = session_for({1: two_segments}, executor, start_us=end - 5 * FRAME_US, speed=2.0)
        await session.open()
        out = await collect(session, lambda got: any(isinstance(o, GapOut) for o in got))
        assert out[-1] == GapOut(1, end, 0)
        out = await collect(session, lambda got: getattr(got[-1], "paused", False))
        session.control(Seek(time_us=t(0)))
        out = await collect(session, lambda got: len(packets(got)) >= 1)
        assert packets(out)[0].packet.timestamp_us == t(0)
        await session.aclose()

    asyncio.run(main())


def test_announced_gaps_keep_the_clock_running(
    two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    async def main() -> float:
        session = session_for({1: two_segments}, executor, start_us=t(38), speed=32.0,
                              skip_gaps=False)  # fmt: skip
        loop = asyncio.get_running_loop()
        began = loop.time()  # before open: the session's clock may start running inside it
        await session.open()
        out = await collect(
            session,
            lambda got: any(
                isinstance(o, PacketOut) and o.packet.timestamp_us >= two_segments[1].start_us
                for o in got
            ),
        )
        assert GapOut(1, t(40), two_segments[1].start_us) in out
        await session.aclose()
        return loop.time() - began

    assert asyncio.run(main()) >= 10.0 / 32 * 0.9  # the 10 s gap at 32x


def test_audio_goes_out_only_forward_at_real_speed(
    tmp_path: Path, executor: ThreadPoolExecutor
) -> None:
    span, _ = write_segment(tmp_path / "a.vseg", t(0), 100, segment_id=1, audio=True)

    async def kinds(speed: float) -> set[PacketKind]:
        session = session_for({1: [span]}, executor, start_us=t(2), speed=speed, audio=True)
        await session.open()
        out = await collect(session, lambda got: len(packets(got)) >= 12)
        await session.aclose()
        return {p.packet.kind for p in packets(out)}

    assert asyncio.run(kinds(1.0)) == {PacketKind.VIDEO, PacketKind.AUDIO}
    assert asyncio.run(kinds(2.0)) == {PacketKind.VIDEO}


def test_a_client_that_reads_too_slowly_gets_keyframes_only(
    tmp_path: Path, executor: ThreadPoolExecutor
) -> None:
    span, _ = write_segment(tmp_path / "a.vseg", t(0), 400, segment_id=1)

    async def main() -> None:
        opts = PlaybackOptions(camera_ids=(1,), stream=1, start_us=t(0), speed=4.0)
        session = PlaybackSession(
            opts, MemoryRecordings({1: [span]}), executor, wall_us=lambda: T0 + 10**12,
            backlog_s=0.1,
        )  # fmt: skip
        await session.open()
        await asyncio.sleep(0.4)  # nothing read meanwhile: the backlog ages
        out = await collect(session, lambda got: any(
            isinstance(o, PacketOut) and o.keyframes_only for o in got))  # fmt: skip
        assert session.congested
        late = [p for p in packets(out) if p.keyframes_only]
        assert all(p.packet.keyframe for p in late)
        await session.aclose()

    asyncio.run(main())


def test_fast_reverse_sends_one_keyframe_per_gop_going_back(
    two_segments: list[SegmentSpan], executor: ThreadPoolExecutor
) -> None:
    async def main() -> list[PacketOut]:
        start = two_segments[1].start_us + 35 * FRAME_US
        session = session_for({1: two_segments}, executor, start_us=start, speed=16.0,
                              reverse=True)  # fmt: skip
        await session.open()
        out = await collect(session, lambda got: len(packets(got)) >= 6)
        await session.aclose()
        return packets(out)

    sent = asyncio.run(main())
    second = two_segments[1].start_us
    assert [p.packet.timestamp_us for p in sent] == [
        second + 30 * FRAME_US, second + 20 * FRAME_US, second + 10 * FRAME_US, second,
        t(30), t(20),
    ]  # fmt: skip
    assert all(p.keyframes_only and p.reverse_gop and p.gop_end for p in sent)
