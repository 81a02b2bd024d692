"""Changing why a camera records never cuts its recording (issue 11).

Manual recording switched on and off, several times and sometimes faster than a GOP,
and a rename, while a real server records a real (simulated) camera: the camera is
connected once, the timeline has no gap, every frame the camera sent is in the
segment files (camsim burns a clock into each picture: consecutive frames show
consecutive 40 ms steps), and every stretch recorded during manual recording carries
the manual reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import av
import pytest

from tests.support.recorded_packets import segment_files
from tests.support.server_process import wait_for
from tests.support.tcp_relay import TcpRelay
from vedette_api.media.records import CorruptRecord, RecordKind
from vedette_api.media.segment_reader import SegmentReader
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
S = 1_000_000
FRAME_MS = 40  # camsim's 25 fps
LOOP_MS = 10_000  # camsim's default --loop-seconds
# Where one run ends and the next starts, at most: the next frame follows the last
# one's end; a slewed wall-clock anchor moves a frame by at most a few ms.
MAX_JOIN_US = 60_000
# Seconds of recording between two changes: some shorter than camsim's 2 s GOP, so a
# change can come before the keyframe that follows the previous one.
SPACINGS_S = (1.3, 0.7, 2.9, 1.1, 3.4, 0.5, 2.3, 1.7)
MANUAL = common_pb2.RECORD_REASON_MANUAL


class CountingRelay(TcpRelay):
    """A TCP relay to camsim that counts the connections made through it."""

    def __init__(self, port: int) -> None:
        super().__init__("127.0.0.1", port, "127.0.0.1")
        self.connections = 0

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        await super()._relay(reader, writer)


@dataclass(frozen=True)
class Frame:
    path: Path
    timestamp_us: int
    keyframe: bool
    data: bytes


def ingest_worker_pids(server_pid: int) -> set[int]:
    """The ingest worker processes of a server (its children running the worker)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if (
                parent == server_pid
                and b"vedette_server.ingest.worker" in (stat.parent / "cmdline").read_bytes()
            ):
                pids.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


def recorded_frames(volume: Path, camera_id: int) -> list[Frame]:
    """Every video record of the camera's main stream, in file then record order; a
    keyframe carries its segment's parameter sets in front, ready to decode."""
    frames = []
    for path in segment_files(volume, camera_id, "main"):
        with SegmentReader.open(path) as reader:
            extradata = reader.header.video.extradata
            try:
                for _, record in reader.records():
                    if record.kind == RecordKind.VIDEO:
                        data = extradata + record.payload if record.keyframe else record.payload
                        frames.append(Frame(path, record.timestamp_us, record.keyframe, data))
            except CorruptRecord:  # the tail being written
                pass
    return frames


def closed_through(data: Path, camera_id: int, t_us: int) -> bool:
    """Whether the catalog has closed every main-stream segment that starts before
    ``t_us`` and has one that starts after it (read next to the running server)."""
    with contextlib.closing(sqlite3.connect(data / "catalog.sqlite3", timeout=10)) as db:
        ((still_open, after),) = db.execute(
            "SELECT sum(start_us <= ? AND end_us IS NULL), sum(start_us > ?) FROM segment"
            " WHERE camera_id = ? AND stream = 1",
            (t_us, t_us, camera_id),
        ).fetchall()
    return still_open == 0 and bool(after)


def newest_recorded_us(volume: Path, camera_id: int) -> int:
    files = segment_files(volume, camera_id, "main")
    if not files:
        return 0
    newest = 0
    with SegmentReader.open(files[-1]) as reader:
        try:
            for _, record in reader.records():
                newest = max(newest, record.timestamp_us)
        except CorruptRecord:
            pass
    return newest


def burned_in_clocks(frames: list[Frame]) -> list[int | None]:
    """The clock camsim drew into each frame (ms modulo its loop); ``frames`` starts
    at a keyframe."""
    context = av.CodecContext.create("h264", "r")
    shown: list[int | None] = []
    for frame in frames:
        for picture in context.decode(av.Packet(frame.data)):
            shown.append(clockcode.read(picture.to_ndarray(format="gray")))
    for picture in context.decode(None):
        shown.append(clockcode.read(picture.to_ndarray(format="gray")))
    assert len(shown) == len(frames), f"{len(frames)} packets decoded to {len(shown)} pictures"
    return shown


def runs(client, camera_id: int, t0: int, t1: int) -> list[tuple[int, int, set[int]]]:  # type: ignore[no-untyped-def]
    (line,) = client.get_timeline([camera_id], t0, t1)
    return [
        (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), set(r.record_reasons))
        for r in line.runs
    ]


def manual_intervals(client, camera_id: int) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    events = client.search_events(types=["manual"], camera_ids=[camera_id])
    return sorted(
        (e.start_time.ToMicroseconds(), e.end_time.ToMicroseconds())
        for e in events
        if e.HasField("end_time")
    )


def unmarked_manual_time(
    found: list[tuple[int, int, set[int]]], manual: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Runs without the manual reason that overlap a manual recording."""
    return [
        (start, end)
        for start, end, reasons in found
        if MANUAL not in reasons and any(start < m1 and end > m0 for m0, m1 in manual)
    ]


def test_manual_recording_on_and_off_and_a_rename_never_cut_the_recording(
    server_factory, camsim_factory
) -> None:
    camsim = camsim_factory("--sub", "none")
    server = server_factory("--segment-seconds", "4")
    volume = server.data / "recordings"
    with CountingRelay(camsim.port) as relay, server.client() as client:
        url = f"rtsp://127.0.0.1:{relay.port}/cam1/main"
        camera = client.create_camera("Yard", url, record_audio=False)
        started = wait_for(
            lambda: (t := newest_recorded_us(volume, camera.id)) > 0 and t, 60, "a recording"
        )
        wait_for(
            lambda: newest_recorded_us(volume, camera.id) > started + 3 * S,
            60,
            "three seconds of recording",
        )
        workers = ingest_worker_pids(server.process.pid)
        assert len(workers) == 1 and relay.connections == 1

        changes = []
        for i, spacing_s in enumerate(SPACINGS_S):
            changes.append(now_us())
            if i % 2 == 0:
                assert client.start_manual_recording([camera.id]) == [camera.id]
            else:
                assert client.stop_manual_recording([camera.id]) == [camera.id]
            if i == 3:
                client.update_camera(camera.id, name="Yard (renamed)")
            until_us = changes[-1] + int(spacing_s * S)
            wait_for(
                lambda until_us=until_us: newest_recorded_us(volume, camera.id) > until_us,
                60,
                f"{spacing_s} s of recording after change {i}",
            )
        t0, t1 = changes[0] - S, changes[-1] + S
        wait_for(
            lambda: closed_through(server.data, camera.id, t1),
            60,
            "the catalog to close every segment the changes touched",
        )
        manual = manual_intervals(client, camera.id)
        found = runs(client, camera.id, t0, t1)
        assert relay.connections == 1, "the camera was reconnected"
        assert ingest_worker_pids(server.process.pid) == workers, "the worker was restarted"

    # What was recorded between the changes' neighbourhood [t0, t1).
    joins = [(a[1], b[0]) for a, b in itertools.pairwise(found)]
    gaps_s = [(start - end) / S for end, start in joins if start - end > MAX_JOIN_US]
    frames = recorded_frames(volume, camera.id)
    first = max(i for i, f in enumerate(frames) if f.keyframe and f.timestamp_us <= t0)
    last = max(i for i, f in enumerate(frames) if f.timestamp_us < t1)
    window = frames[first : last + 1]
    clocks = burned_in_clocks(window)
    lost = [
        ((b - a) % LOOP_MS) // FRAME_MS - 1
        for a, b in itertools.pairwise(clocks)
        if a is not None and b is not None and (b - a) % LOOP_MS != FRAME_MS
    ]
    jumps_ms = [
        (b.timestamp_us - a.timestamp_us) / 1000
        for a, b in itertools.pairwise(window)
        if b.timestamp_us - a.timestamp_us > 1.5 * FRAME_MS * 1000
    ]
    figures = (
        f"{len(changes)} changes: timeline gaps (s) {gaps_s}; {sum(lost)} frames lost"
        f" in {len(lost)} places; time jumps (ms) {jumps_ms}"
    )
    print(figures)

    # The timeline is one stretch: runs of different reasons join end to start.
    assert found[0][0] == t0 and found[-1][1] == t1 and not gaps_s, figures
    # Every frame the camera sent: consecutive pictures, no jump in time.
    assert None not in clocks, "a picture without a readable clock"
    assert not lost and not jumps_ms, figures
    # Each segment still starts at a keyframe.
    starts = {f.path: f for f in reversed(frames)}
    assert all(f.keyframe for f in starts.values())
    # Every run recorded during manual recording carries the manual reason, and a
    # run that carries it overlaps a manual recording (a segment holds the reasons
    # of every instant in it, so the reason reaches back to its start at most).
    assert len(manual) == len(SPACINGS_S) // 2
    assert not unmarked_manual_time(found, manual), (found, manual)
    for start, end, reasons in found:
        if MANUAL in reasons:
            assert any(start < m1 and end > m0 for m0, m1 in manual), (start, end, manual)
