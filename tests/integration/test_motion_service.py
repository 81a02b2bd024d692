"""Motion detection in the server (ALARM-02), end to end on loopback: camsim's still
scene with a scripted box, recorded by a real server; MotionService turns detection on
and the events land in the event log with the frames' times.

The first moving frame of each pass is found through the clock strip burned into each
picture, read from the server's own live stream of the camera: its packet times are the
ones the detector stamps events with (the live hub's, the recording's)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.integration.test_cli import vedette
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.motion import ALL_CELLS, cells_in_box, cells_to_rows
from vedette_api.media.proto_convert import codec_parameters_from_proto
from vedette_api.timestamps import now_us
from vedette_server.camsim import clockcode
from vedette_server.camsim.scene import parse_motion
from vedette_server.motion import grid
from vedette_server.motion.decode import FrameDecoder

pytestmark = pytest.mark.interop

SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
FPS = 15
HOLD_S = 2.0
S = 1_000_000
WAIT_S = 180.0  # generous: a loaded 2-core machine
#: Rows 3..15: the picture without the clock text and the clock strip (camsim.scene).
BODY = cells_in_box(0, 3, 21, 15)
#: Columns 14..21 of the body: right of the box (columns 2..10).
BESIDE = cells_in_box(14, 3, 21, 15)


@dataclass
class Clocks:
    """(packet time µs, loop ms from the clock strip) of frames of the server's live
    stream; read on a thread until ``stop``."""

    frames: list[tuple[int, int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    error: list[BaseException] = field(default_factory=list)


def read_clocks(client: Client, camera_id: int, clocks: Clocks) -> None:
    stream = client.live(camera_id)
    decoder: FrameDecoder | None = None
    try:
        for message in stream:
            if clocks.stop.is_set():
                break
            if message.HasField("start"):
                decoder = FrameDecoder(codec_parameters_from_proto(message.start.video), fps=5)
            elif message.HasField("packet") and decoder is not None:
                packet = message.packet
                for frame in decoder.decode(packet.data, packet.keyframe, packet.timestamp_us):
                    ms = clockcode.read(frame.luma)
                    if ms is not None:
                        clocks.frames.append((frame.pts_us, ms))
    except BaseException as error:  # reported by the test
        clocks.error.append(error)
    finally:
        stream.close()


def motion_events(client: Client, camera_id: int) -> list[tuple[int, int | None]]:
    found = client.search_events(types=["motion"], camera_ids=[camera_id])
    return sorted(
        (
            e.start_time.ToMicroseconds(),
            e.end_time.ToMicroseconds() if e.HasField("end_time") else None,
        )
        for e in found
        if e.source == "vedette motion"
    )


def enable(client: Client, camera_id: int, *, area: bytes = BODY, on: bool = True) -> None:
    client.set_motion_config(
        camera_id, enabled=on, sensitivity=6, hold_seconds=HOLD_S, areas=[("body", area)]
    )


@pytest.fixture
def scene(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> tuple[ServerProcess, CamsimProcess]:
    camsim = camsim_factory("--fps", str(FPS), "--scene", "still", "--motion", SCRIPT)
    server = server_factory("--segment-seconds", "2")
    return server, camsim


def test_motion_events_follow_the_scripted_box_by_frame_time(
    scene: tuple[ServerProcess, CamsimProcess],
) -> None:
    server, camsim = scene
    motion = parse_motion(SCRIPT)
    url = camsim.url("cam1", "sub")
    with server.client() as admin:
        moving = admin.create_camera("moving", url, record_audio=False).id
        off = admin.create_camera("off", url, record_audio=False).id
        beside = admin.create_camera("beside", url, record_audio=False).id
        assert not admin.get_motion_config(moving).config.enabled, "off by default"
        clocks = Clocks()
        reader = threading.Thread(target=read_clocks, args=(admin, moving, clocks), daemon=True)
        reader.start()
        enabled_us = now_us()
        enable(admin, moving)
        enable(admin, off, on=False)
        enable(admin, beside, area=BESIDE)
        # Settings of other cameras keep changing: the moving camera's detector and its
        # events in progress must not notice (each change re-reads every camera's).
        churn_stop = threading.Event()

        def churn() -> None:
            with server.client() as other:
                while not churn_stop.wait(1.0):
                    enable(other, off, on=False)

        churner = threading.Thread(target=churn, daemon=True)
        churner.start()

        # Live cells while the box moves: inside the box (a cell of margin), never the clock.
        box = grid.cells_in_rect(motion.x, motion.y, motion.w, motion.h)
        near = box.copy()
        near[1:, :] |= box[:-1, :]
        near[:-1, :] |= box[1:, :]
        near[:, 1:] |= near[:, :-1].copy()
        near[:, :-1] |= near[:, 1:].copy()
        cells = admin.watch_motion_cells(moving, timeout_s=WAIT_S)
        try:
            lit = next(m for m in cells if m.areas)
        finally:
            cells.close()
        rows = cells_to_rows(lit.cells)
        active = {(r, c) for r in range(18) for c in range(22) if rows[r][c]}
        assert active and all(near[r, c] for r, c in active), sorted(active)
        assert lit.time.ToMicroseconds() > enabled_us - 5 * S

        # Events: passes of the box that began a loop after detection was turned on
        # (the detector had its background) are judged against the burned-in clock.
        def judged() -> list[tuple[int, int]]:
            return [
                (start, end)
                for start, end in motion_events(admin, moving)
                if end is not None and start > enabled_us + 11 * S
            ]

        events = wait_for(lambda: len(judged()) >= 2 and judged(), WAIT_S, "two motion events")
        clocks.stop.set()
        churn_stop.set()
        churner.join(30)
        reader.join(30)
        assert not clocks.error, clocks.error
        frame_us = S // FPS
        for start, end in events:
            in_pass = [
                (pts, ms)
                for pts, ms in clocks.frames
                if motion.start_s * 1000 <= ms < motion.end_s * 1000 and start - S <= pts <= end
            ]
            assert in_pass, f"no frame of the pass seen for the event {start}..{end}"
            pts, ms = in_pass[0]
            first_us = pts - (ms - int(motion.start_s * 1000)) * 1000
            last_us = first_us + int((motion.end_s - motion.start_s) * S) - frame_us
            assert first_us <= start <= first_us + S, (first_us, start)
            assert last_us <= end <= last_us + int((HOLD_S + 1) * S), (last_us, end)
        # Detection off, or an area beside the box: nothing, ever.
        assert motion_events(admin, off) == []
        assert motion_events(admin, beside) == []
        health = admin.get_motion_config(moving).health
        assert health.running and health.frames_analysed > 0 and health.stream == "main"
        assert not admin.get_motion_config(off).HasField("health")

    # The motion index got the box's seconds, in the box's cells, and nothing else.
    def indexed() -> list[tuple[int, bytes]]:
        db = sqlite3.connect(f"file:{server.data / 'motion.sqlite'}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT camera_id, cells_union FROM motion_minute").fetchall()
        finally:
            db.close()
        return [(int(c), bytes(u)) for c, u in rows]

    rows = wait_for(indexed, WAIT_S, "a minute of the motion index written")
    assert {camera for camera, _ in rows} == {moving}
    for _, union in rows:
        lit_cells = grid.unpack(union)
        assert lit_cells.any() and not (lit_cells & ~near).any()


def test_bad_motion_settings_change_nothing(scene: tuple[ServerProcess, CamsimProcess]) -> None:
    server, camsim = scene
    with server.client() as admin:
        camera = admin.create_camera("cam", camsim.url("cam1", "sub"), record_audio=False).id
        enable(admin, camera, on=False)
        before = admin.get_motion_config(camera).config
        bad: list[dict[str, object]] = [
            {"sensitivity": 0},
            {"sensitivity": 11},
            {"hold_seconds": -1.0},
            {"hold_seconds": 0.0},
            {"areas": [("short", ALL_CELLS[:55])]},
            {"areas": [("padding", ALL_CELLS[:55] + b"\x01")]},
            {"areas": [("", ALL_CELLS)]},
            {"areas": [("a", ALL_CELLS), ("a", BODY)]},
        ]
        for change in bad:
            settings: dict[str, object] = {
                "enabled": True,
                "sensitivity": 5,
                "hold_seconds": 5.0,
                "areas": [("all", ALL_CELLS)],
                **change,
            }
            with pytest.raises(errors.InvalidArgument):
                admin.set_motion_config(camera, **settings)  # type: ignore[arg-type]
            assert admin.get_motion_config(camera).config == before, change
        with pytest.raises(errors.NotFound):
            admin.set_motion_config(999, enabled=True, sensitivity=5, hold_seconds=5)
        with pytest.raises(errors.NotFound):
            admin.get_motion_config(999)


def test_the_cli_shows_and_sets_motion_settings(
    scene: tuple[ServerProcess, CamsimProcess], tmp_path: Path
) -> None:
    server, camsim = scene
    with server.client() as admin:
        admin.create_camera("Gate", camsim.url("cam1", "sub"), record_audio=False)
    shown = json.loads(vedette(server, tmp_path, "motion", "show", "gate", "--json").stdout)
    assert shown["enabled"] is False and [a["name"] for a in shown["areas"]] == ["all"]
    vedette(
        server, tmp_path, "motion", "set", "Gate", "--enable", "--sensitivity", "4",
        "--hold", "3", "--area", "body=0,3,21,15", "--area", "top=0,0,21,0",
    )  # fmt: skip
    shown = json.loads(vedette(server, tmp_path, "motion", "show", "Gate", "--json").stdout)
    assert (shown["enabled"], shown["sensitivity"], shown["hold_seconds"]) == (True, 4, 3.0)
    assert [(a["name"], a["count"]) for a in shown["areas"]] == [("body", 22 * 13), ("top", 22)]
    # Only what is named changes; a bad value is a usage error and changes nothing.
    vedette(server, tmp_path, "motion", "set", "Gate", "--disable")
    refused = vedette(server, tmp_path, "motion", "set", "Gate", "--sensitivity", "11", check=False)
    assert refused.returncode == 2 and "--sensitivity" in refused.stderr
    refused = vedette(
        server, tmp_path, "motion", "set", "Gate", "--area", "x=0,0,22,0", check=False
    )
    assert refused.returncode == 2 and "--area" in refused.stderr
    after = json.loads(vedette(server, tmp_path, "motion", "show", "Gate", "--json").stdout)
    assert shown.pop("health")["running"] is not None, "health while detection is on"
    assert after == {**shown, "enabled": False}, "and none once it is off"


def test_a_killed_motion_worker_is_restarted_and_recording_goes_on(
    scene: tuple[ServerProcess, CamsimProcess],
) -> None:
    server, camsim = scene
    with server.client() as admin:
        camera = admin.create_camera("cam", camsim.url("cam1", "sub"), record_audio=False).id
        enable(admin, camera)
        wait_for(lambda: motion_events(admin, camera), WAIT_S, "a first motion event")
        pid = admin.get_motion_config(camera).health.worker_pid
        assert pid > 0
        killed_us = now_us()
        os.kill(pid, signal.SIGKILL)
        health = wait_for(
            lambda: (
                (h := admin.get_motion_config(camera).health).worker_pid not in (0, pid)
                and h.restarts >= 1
                and h
            ),
            WAIT_S,
            "the worker restarted",
        )
        assert health.running
        wait_for(
            lambda: any(s > killed_us for s, _ in motion_events(admin, camera)),
            WAIT_S,
            "a motion event after the restart",
        )

        def recorded_until() -> int:
            (line,) = admin.get_timeline([camera], 0, now_us() + S)
            return max((r.end_time.ToMicroseconds() for r in line.runs), default=0)

        # Recording was not disturbed: its runs reach past the kill and keep growing.
        wait_for(lambda: recorded_until() > now_us() - 10 * S, WAIT_S, "recording goes on")
        assert recorded_until() > killed_us
