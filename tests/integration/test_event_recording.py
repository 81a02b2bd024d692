"""Event-only recording with pre- and post-alarm, end to end (issue 14 §1, REC-02/07):
a real server records camsim's still scene on motion only; the scripted box's events
keep [start − pre, end + post] on the timeline as MOTION, what no event claimed is
deleted after the TTL (rows and files), and a kill -9 in the middle of an event still
keeps its window after the restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_motion_service import BODY, FPS, HOLD_S, SCRIPT, WAIT_S, motion_events
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, start_server, wait_for
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2

pytestmark = pytest.mark.interop

S = 1_000_000
PRE_S, POST_S = 10, 5
TTL_S = 10
#: What the keeper waits before reaping: never less than the pre-alarm + 30 s.
REAPED_AFTER_S = max(TTL_S, PRE_S + 30)
#: A kept window is widened to segment bounds: its first segment started at most one
#: tentative segment (10 s) plus a GOP before start − pre, its last one ends at most
#: as much after end + post.
SLACK_US = 15 * S
MOTION = common_pb2.RECORD_REASON_MOTION
SERVER_ARGS = ("--segment-seconds", "2", "--tentative-ttl-seconds", str(TTL_S))


def runs(client: Client, camera_id: int, since_us: int) -> list[tuple[int, int, list[int]]]:
    [timeline] = client.get_timeline([camera_id], since_us, now_us() + 60 * S)
    return [
        (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), list(r.record_reasons))
        for r in timeline.runs
    ]


def segment_rows(data: Path, camera_id: int) -> list[tuple[int, int | None, int, str]]:
    """(start, end, mask, relpath) of the camera's main-stream segments, read-only."""
    with sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT start_us, end_us, record_reasons, relpath FROM segment"
            " WHERE camera_id = ? AND stream = 1 ORDER BY start_us",
            (camera_id,),
        ).fetchall()


#: A segment ends at its last frame's time (the next one's − 1 µs): a window that ends
#: exactly on a segment boundary is covered up to a frame before its end.
FRAME_US = S // FPS


def covered(spans: list[tuple[int, int]], start_us: int, end_us: int) -> bool:
    """Whether [start_us, end_us) lies inside one of ``spans`` (to within a frame at
    the end)."""
    return any(s <= start_us and end_us - FRAME_US <= e for s, e in spans)


def setup(admin: Client, camsim: CamsimProcess, data: Path, hold_s: float) -> int:
    """A camera recording on motion only, written tentatively for longer than the
    pre-alarm before detection starts (so no window is cut by the start of recording)."""
    camera = admin.create_camera("Yard", camsim.url("cam1", "main", auth=False)).id
    [policy] = admin.set_recording_policy(
        camera, mode="motion", pre_s=PRE_S, post_s=POST_S, event_streams="main"
    )
    assert policy.pre_s == PRE_S and policy.post_s == POST_S

    def written_long_enough() -> bool:
        rows = segment_rows(data, camera)
        return bool(rows) and rows[0][0] < now_us() - (PRE_S + 5) * S

    wait_for(written_long_enough, WAIT_S, "tentative recording for longer than the pre-alarm")
    assert all(mask == 0 for _, _, mask, _ in segment_rows(data, camera)), "tentative only"
    admin.set_motion_config(
        camera, enabled=True, sensitivity=6, hold_seconds=hold_s, areas=[("body", BODY)]
    )
    return camera


def test_motion_keeps_its_window_and_the_rest_is_reaped(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--fps", str(FPS), "--scene", "still", "--motion", SCRIPT)
    server = server_factory(*SERVER_ARGS)
    catalog_data = server.data
    with server.client() as admin:
        began_us = now_us()
        camera = setup(admin, camsim, catalog_data, HOLD_S)
        wait_for(
            lambda: [e for e in motion_events(admin, camera) if e[1] is not None],
            WAIT_S,
            "a motion event to end",
        )
        admin.set_motion_config(
            camera, enabled=False, sensitivity=6, hold_seconds=HOLD_S, areas=[("body", BODY)]
        )
        stopped_us = now_us()
        # Once the last event's window has passed and the TTL after it, nothing
        # tentative is left but what the last TTL may still hold; the status says why
        # nothing records.
        wait_for(
            lambda: all(e is not None for _, e in motion_events(admin, camera)),
            WAIT_S,
            "every motion event to end",
        )
        events = [(s, e) for s, e in motion_events(admin, camera) if e is not None]
        last_end = max(e for _, e in events)

        def settled() -> bool:
            horizon = now_us() - (REAPED_AFTER_S + 5) * S
            tentative_old = [
                r for r in segment_rows(catalog_data, camera)
                if r[2] == 0 and r[1] is not None and r[1] < horizon
            ]  # fmt: skip
            return now_us() > last_end + (POST_S + REAPED_AFTER_S + 20) * S and not tentative_old

        wait_for(settled, WAIT_S, "unclaimed tentative segments to be reaped")
        [status] = admin.get_recording_status([camera])
        assert not status.recording
        assert status.not_recording_reason == "records on events only: waiting for an event"

        windows = [(s - PRE_S * S, e + POST_S * S) for s, e in events]
        found = runs(admin, camera, began_us - 60 * S)
        assert found, "no recording kept"
        spans = [(s, e) for s, e, _ in found]
        for start, end in windows:  # every window kept whole, as MOTION
            assert covered(spans, start, min(end, stopped_us)), (start, end, found)
        for start, end, reasons in found:  # and nothing but the windows
            assert reasons == [MOTION], found
            assert any(
                ws - SLACK_US <= start and end <= we + SLACK_US for ws, we in _merged(windows)
            ), (start, end, windows)

        # Files: exactly the catalog's segments are on the volume (reaped ones deleted).
        rows = segment_rows(catalog_data, camera)
        volume = _volume_root(catalog_data)
        on_disk = {p.relative_to(volume).as_posix() for p in volume.rglob("*.vseg")}
        mine = {p for p in on_disk if p.startswith(f"vedette/{camera}/main/")}
        assert mine == {r[3] for r in rows}


def test_a_kill_mid_event_keeps_the_window(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--fps", str(FPS), "--scene", "still", "--motion", SCRIPT)
    server = server_factory(*SERVER_ARGS)
    with server.client() as admin:
        began_us = now_us()
        camera = setup(admin, camsim, server.data, hold_s=600)  # the event stays open
        opened = wait_for(
            lambda: [e for e in motion_events(admin, camera) if e[1] is None],
            WAIT_S,
            "a motion event to open",
        )
        start_us = opened[0][0]
        # The keeper has claimed the pre-alarm (the open event's window is claimed each
        # second) before the kill: wait until the timeline shows it.
        wait_for(
            lambda: covered(
                [(s, e) for s, e, _ in runs(admin, camera, began_us)],
                start_us - PRE_S * S,
                start_us,
            ),
            WAIT_S,
            "the pre-alarm on the timeline",
        )
        # While the event lasts the camera records, and says why.
        wait_for(
            lambda: [
                (st.recording, list(st.record_reasons), st.not_recording_reason)
                for st in admin.get_recording_status([camera])
            ]
            == [(True, [MOTION], "")],
            WAIT_S,
            "the status to say it records for motion",
        )  # fmt: skip
    server.kill()
    again = start_server(server.data, server.known_servers, *SERVER_ARGS)
    try:
        with again.client() as admin:
            events = dict(motion_events(admin, camera))
            end_us = events[start_us]
            assert end_us is not None
            # After the restart and more than the TTL, the window is still there whole.
            restarted_us = now_us()
            wait_for(lambda: now_us() > restarted_us + (TTL_S + 5) * S, WAIT_S, "the TTL to pass")
            spans = [(s, e) for s, e, r in runs(admin, camera, began_us) if MOTION in r]
            assert covered(spans, start_us - PRE_S * S, end_us), (start_us, end_us, spans)
    finally:
        again.stop()


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + SLACK_US:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _volume_root(data: Path) -> Path:
    with sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True) as db:
        [(path,)] = db.execute("SELECT path FROM volume").fetchall()
    return Path(path)
