"""A playback cursor closed while a read is still opening a file on another thread
(the session's task cancelled, the executor finishing the call) keeps nothing open:
the soak found segment files, deleted ones included, held open by sessions closed
in the middle of a read."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.unit.test_playback_engine import (
    FRAME_US,
    T0,
    collect,
    packets,
    session_for,
    t,
    write_segment,
)

from vedette_api.media.segment_reader import SegmentReader
from vedette_server.playback import cursor as cursor_module
from vedette_server.playback.cursor import CameraCursor

WAIT_S = 30.0


def open_fds_to(path: Path) -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                count += 1
        except OSError:
            continue
    return count


def test_a_read_that_opens_a_file_after_close_closes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "0.vseg"
    span = write_segment(path, T0, 40, segment_id=0)[0]
    opening, proceed = threading.Event(), threading.Event()
    real_open = SegmentReader.open

    def slow_open(where: str | os.PathLike[str]) -> SegmentReader:
        reader = real_open(where)  # the file is open from here on
        opening.set()
        assert proceed.wait(WAIT_S)
        return reader

    monkeypatch.setattr(cursor_module.SegmentReader, "open", staticmethod(slow_open))
    cursor = CameraCursor(1)
    cursor.set_segments([span])
    seeking = threading.Thread(target=lambda: cursor.seek_forward(T0))
    seeking.start()
    assert opening.wait(WAIT_S)
    assert open_fds_to(path) == 1
    cursor.close()  # the session closes while the read is inside its open
    proceed.set()
    seeking.join(WAIT_S)
    assert not seeking.is_alive()
    assert open_fds_to(path) == 0


def test_close_closes_every_file_the_cursor_holds(tmp_path: Path) -> None:
    spans = [
        write_segment(tmp_path / f"{i}.vseg", T0 + i * 40 * 40_000, 40, segment_id=i)[0]
        for i in range(2)
    ]
    cursor = CameraCursor(1)
    cursor.set_segments(spans)
    cursor.seek_forward(T0)
    while cursor.read_forward(25).items:
        pass
    assert sum(open_fds_to(tmp_path / f"{i}.vseg") for i in range(2)) >= 1
    cursor.close()
    assert sum(open_fds_to(tmp_path / f"{i}.vseg") for i in range(2)) == 0


def test_a_session_whose_close_is_cancelled_still_closes_every_file(tmp_path: Path) -> None:
    """The call running a session is cancelled (its client went away) while the
    session's close waits for a read in flight: no file stays open."""
    a, _ = write_segment(tmp_path / "a.vseg", T0, 40, segment_id=1)
    b, _ = write_segment(tmp_path / "b.vseg", T0 + 40 * FRAME_US, 40, segment_id=2)

    def held() -> int:
        return open_fds_to(tmp_path / "a.vseg") + open_fds_to(tmp_path / "b.vseg")

    async def main() -> None:
        session = session_for({1: [a, b], 2: [a, b]}, executor, start_us=t(5), speed=4.0)
        await session.open()
        await collect(session, lambda got: len(packets(got)) >= 10)
        assert held() >= 1
        feed = session._feeds[0]
        await feed.lock.acquire()  # a read of this camera in flight
        closing = asyncio.create_task(session.aclose())
        await asyncio.sleep(0.2)
        closing.cancel()  # the call's task is cancelled meanwhile
        with contextlib.suppress(asyncio.CancelledError):
            await closing
        feed.lock.release()
        deadline = time.monotonic() + WAIT_S
        while held() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert held() == 0

    with ThreadPoolExecutor(2) as executor:
        asyncio.run(main())
