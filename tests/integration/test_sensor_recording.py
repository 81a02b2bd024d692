"""Sensor- and analytics-triggered event recording, end to end (issue 14 §1, REC-02):
cameras added over ONVIF from camsim record on their own ONVIF events. camsim's digital
input DI_0 goes active for a few seconds and back (``--fault camN:input@…``); the
server logs a SENSOR event (SearchEvents) and keeps [start − pre, end + post] of the
event stream, which the timeline shows as SENSOR and nothing else. The same with a
field detector's intrusion and an (instant) line crossing under ``mode="analytics"``
(ANALYTICS), with the camera's own ONVIF motion alarm under ``mode="motion"``
(MOTION), and with ``always+sensor``: SCHEDULE throughout, and the segments around the
input gain SENSOR. The cameras' clock is 6 h ahead: the server dates their events by
their age on the camera's clock, so they still fall where the video is.

One server and one camsim serve the module, a camera per case, all set up at once so
the cases wait for their events together. camsim's event schedules count from its
start, and a loaded machine may take long to add the cameras, so each event recurs;
each test judges the first event that came after its camera had been writing for
longer than the pre-alarm (the window of an earlier one would be cut by the start of
recording), and checks every run on the timeline against every event logged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.integration.test_event_recording import (
    POST_S,
    PRE_S,
    SERVER_ARGS,
    SLACK_US,
    _merged,
    covered,
    runs,
    segment_rows,
)
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2

pytestmark = pytest.mark.interop

S = 1_000_000
WAIT_S = 300.0  # generous: a loaded 2-core machine, five cameras
#: When camsim's scheduled events go on (seconds since camsim started), and for how long:
#: far enough apart that their windows, widened to segment bounds, never merge.
FIRST_S, EVERY_S, TIMES, LENGTH_S = 35, 60, 8, 4
CAMERA_CLOCK = "+6h"
SCHEDULE = common_pb2.RECORD_REASON_SCHEDULE
MOTION = common_pb2.RECORD_REASON_MOTION
SENSOR = common_pb2.RECORD_REASON_SENSOR
ANALYTICS = common_pb2.RECORD_REASON_ANALYTICS

Event = tuple[int, int | None]  # (start, end or None while open), µs


@dataclass(frozen=True)
class Case:
    """One camera: what camsim raises on it and what the server should make of it."""

    camera: str  # camsim's camera name
    fault: str  # camsim's event fault kind
    mode: str  # the recording mode that arms it
    event_type: str  # SearchEvents' type
    reason: int  # the record reason its window gets
    source: str  # the event's source as logged (a prefix)


INPUT = Case("cam1", "input", "sensor", "sensor", SENSOR, "DI_0")
INTRUSION = Case("cam2", "intrusion", "analytics", "analytics", ANALYTICS, "")
LINE = Case("cam3", "line", "analytics", "analytics", ANALYTICS, "")
ONVIF_MOTION = Case("cam4", "motion", "motion", "motion", MOTION, "video_source")
ALWAYS_INPUT = Case("cam5", "input", "always+sensor", "sensor", SENSOR, "DI_0")
CASES = (INPUT, INTRUSION, LINE, ONVIF_MOTION, ALWAYS_INPUT)


@dataclass(frozen=True)
class Rig:
    server: ServerProcess
    camsim: CamsimProcess
    cameras: dict[str, int]  # camsim name → camera id
    began_us: int


def camsim_args() -> list[str]:
    """Each case's fault on its camera, TIMES times (LENGTH_S each; a line crossing is
    instant), every camera's clock CAMERA_CLOCK."""
    args: list[str] = []
    for case in CASES:
        args += ["--fault", f"{case.camera}:clock={CAMERA_CLOCK}"]
        length = "" if case.fault == "line" else f"+{LENGTH_S}s"
        for i in range(TIMES):
            args += ["--fault", f"{case.camera}:{case.fault}@{FIRST_S + i * EVERY_S}s{length}"]
    return args


def add_camera(admin: Client, camsim: CamsimProcess, case: Case) -> int:
    """The case's camera added over ONVIF, disabled until its policy is set (so
    nothing is recorded under the default policy, record always)."""
    host, port = onvif_cameras(camsim)[case.camera].host_port
    camera = admin.add_onvif_camera(case.camera, host, port, enabled=False).id
    [policy] = admin.set_recording_policy(
        camera, mode=case.mode, pre_s=PRE_S, post_s=POST_S, event_streams="main"
    )
    assert (policy.mode, policy.pre_s, policy.post_s) == (case.mode, PRE_S, POST_S)
    admin.update_camera(camera, enabled=True)
    return camera


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    root = tmp_path_factory.mktemp("sensor-recording")
    assert init_data_dir(root / "data").returncode == 0
    server = start_server(root / "data", root / "known.json", *SERVER_ARGS)
    camsim: CamsimProcess | None = None
    try:
        camsim = start_onvif_camsim(*SMALL, *camsim_args(), cameras=len(CASES))
        with server.client() as admin:
            began_us = now_us()
            cameras = {case.camera: add_camera(admin, camsim, case) for case in CASES}
        yield Rig(server, camsim, cameras, began_us)
    finally:
        if camsim is not None:
            camsim.stop()
        server.stop()


def events(admin: Client, camera_id: int, case: Case) -> list[Event]:
    found = admin.search_events(types=[case.event_type], camera_ids=[camera_id])
    result = []
    for e in found:
        assert e.camera_id == camera_id and e.source.startswith(case.source), e
        end = e.end_time.ToMicroseconds() if e.HasField("end_time") else None
        result.append((e.start_time.ToMicroseconds(), end))
    return sorted(result)


def judged_event(admin: Client, data: Path, camera_id: int, case: Case) -> tuple[int, int]:
    """The first ended event that began after the event stream had been written for
    longer than the pre-alarm. Its times are the server's: within the recording's,
    although the camera's clock is hours ahead."""
    rows = wait_for(lambda: segment_rows(data, camera_id), WAIT_S, "the first segment")
    first_us = rows[0][0]

    def found() -> tuple[int, int] | None:
        for start, end in events(admin, camera_id, case):
            if start >= first_us + (PRE_S + 2) * S and end is not None:
                return start, end
        return None

    start, end = wait_for(found, WAIT_S, f"a {case.event_type} event after the pre-alarm")
    assert first_us < start <= end <= now_us()
    if case.fault == "line":
        assert start == end  # an instant event
    else:
        assert start < end
    return start, end


def windows(found: list[Event], until_us: int) -> list[tuple[int, int]]:
    """Every event's window; an open one's up to ``until_us`` + post."""
    return [(s - PRE_S * S, (e if e is not None else until_us) + POST_S * S) for s, e in found]


def wait_kept(admin: Client, camera_id: int, window: tuple[int, int], reason: int) -> None:
    """Until the timeline shows ``window`` whole, every run in it with ``reason``."""

    def kept() -> bool:
        spans = [(s, e) for s, e, r in runs(admin, camera_id, window[0] - 60 * S) if reason in r]
        return covered(spans, *window)

    wait_for(kept, WAIT_S, "the event's window on the timeline")


def inside(run: tuple[int, int, list[int]], merged: list[tuple[int, int]]) -> bool:
    """Whether a run lies within one of the merged windows, widened to segment bounds."""
    return any(ws - SLACK_US <= run[0] and run[1] <= we + SLACK_US for ws, we in merged)


@pytest.mark.parametrize(
    "case", [INPUT, INTRUSION, LINE, ONVIF_MOTION], ids=lambda c: f"{c.mode}-{c.fault}"
)
def test_an_onvif_event_keeps_its_window_and_nothing_else(rig: Rig, case: Case) -> None:
    camera = rig.cameras[case.camera]
    with rig.server.client() as admin:
        start, end = judged_event(admin, rig.server.data, camera, case)
        wait_kept(admin, camera, (start - PRE_S * S, end + POST_S * S), case.reason)
        # Only the event stream records, and only around events.
        checked_us = now_us()
        found = runs(admin, camera, rig.began_us - 60 * S)
        merged = _merged(windows(events(admin, camera, case), checked_us))
        for run in found:
            assert run[2] == [case.reason], found
            assert inside(run, merged), (run, merged)
        assert not [r for r in segment_rows(rig.server.data, camera) if r[2] & int(SCHEDULE)]
        # Between windows the camera says why it records nothing (during one, it records
        # for the event's reason: test_event_recording checks that).
        wait_for(
            lambda: (
                [
                    (st.recording, st.not_recording_reason)
                    for st in admin.get_recording_status([camera])
                ]
                == [(False, "records on events only: waiting for an event")]
            ),
            WAIT_S,
            "the status to say it waits for an event",
        )


def test_always_plus_sensor_adds_sensor_to_the_schedule_around_the_input(rig: Rig) -> None:
    camera = rig.cameras[ALWAYS_INPUT.camera]
    with rig.server.client() as admin:
        start, end = judged_event(admin, rig.server.data, camera, ALWAYS_INPUT)
        window = (start - PRE_S * S, end + POST_S * S)
        wait_kept(admin, camera, window, SENSOR)
        # Recorded throughout on the schedule: runs before and after the window too.
        wait_for(
            lambda: runs(admin, camera, rig.began_us)[-1][1] > window[1] + SLACK_US,
            WAIT_S,
            "recording after the window",
        )
        found = runs(admin, camera, rig.began_us - 60 * S)
        assert all(SCHEDULE in reasons for _, _, reasons in found), found
        assert [r for r in found if r[0] < window[0] and SENSOR not in r[2]], found
        assert [r for r in found if r[1] > window[1] and SENSOR not in r[2]], found
        merged = _merged(windows(events(admin, camera, ALWAYS_INPUT), now_us()))
        for run in found:
            if SENSOR in run[2]:
                assert sorted(run[2]) == sorted([SCHEDULE, SENSOR]), found
                assert inside(run, merged), (run, merged)
