"""Sensor- and analytics-triggered event recording, end to end (issue 14 §1, REC-02):
a camera added over ONVIF from camsim records on its own ONVIF events only. camsim's
digital input DI_0 goes active for a few seconds and back (``--fault cam1:input@…``);
the server logs a SENSOR event (SearchEvents) and keeps [start − pre, end + post] of
the event stream, which the timeline shows as SENSOR and nothing else. The same with a
field detector's intrusion (``mode="analytics"``: ANALYTICS), and with
``always+sensor``: SCHEDULE throughout, and the segments around the input gain SENSOR.
The camera's clock is 6 h ahead: the server dates its events by their age on the
camera's clock, so they still fall where the video is.

camsim's event schedules count from its start, and a loaded machine may take long to
add the camera, so the input goes active several times; each test judges the first
event that came after the camera had been writing for longer than the pre-alarm (the
window of an earlier one would be cut by the start of recording), and checks every
run on the timeline against every event logged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.onvif_camsim import ONVIF_ARGS, onvif_cameras
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
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2

pytestmark = pytest.mark.interop

S = 1_000_000
WAIT_S = 240.0  # generous: a loaded 2-core machine
#: When camsim's scheduled event goes on (seconds since camsim started), and for how long.
FIRST_S, EVERY_S, TIMES, LENGTH_S = 30, 30, 8, 4
CAMERA_CLOCK = "+6h"
SCHEDULE = common_pb2.RECORD_REASON_SCHEDULE
SENSOR = common_pb2.RECORD_REASON_SENSOR
ANALYTICS = common_pb2.RECORD_REASON_ANALYTICS

Event = tuple[int, int | None]  # (start, end or None while open), µs


@dataclass(frozen=True)
class Trigger:
    """What camsim raises and what the server should make of it."""

    fault: str  # camsim's event fault kind
    mode: str  # the recording mode that arms it
    event_type: str  # SearchEvents' type
    reason: int  # the record reason its window gets
    source: str  # the event's source as logged (a prefix)


INPUT = Trigger("input", "sensor", "sensor", SENSOR, "DI_0")
INTRUSION = Trigger("intrusion", "analytics", "analytics", ANALYTICS, "")


def start_camsim(factory: Callable[..., CamsimProcess], fault: str) -> CamsimProcess:
    """camsim over ONVIF whose cam1 raises ``fault`` TIMES times, LENGTH_S each. Its
    clock is 6 h ahead (``CAMERA_CLOCK``): the server dates events by their age on the
    camera's clock, so they still fall where the video is."""
    faults = ["--fault", f"cam1:clock={CAMERA_CLOCK}"]
    for i in range(TIMES):
        faults += ["--fault", f"cam1:{fault}@{FIRST_S + i * EVERY_S}s+{LENGTH_S}s"]
    return factory(*ONVIF_ARGS, *faults)


def add_camera(admin: Client, camsim: CamsimProcess, mode: str) -> int:
    """cam1 added over ONVIF, disabled until its policy is set (so nothing is
    recorded under the default policy, record always)."""
    host, port = onvif_cameras(camsim)["cam1"].host_port
    camera = admin.add_onvif_camera("Door", host, port, enabled=False).id
    [policy] = admin.set_recording_policy(
        camera, mode=mode, pre_s=PRE_S, post_s=POST_S, event_streams="main"
    )
    assert (policy.mode, policy.pre_s, policy.post_s) == (mode, PRE_S, POST_S)
    admin.update_camera(camera, enabled=True)
    return camera


def events(admin: Client, camera_id: int, trigger: Trigger) -> list[Event]:
    found = admin.search_events(types=[trigger.event_type], camera_ids=[camera_id])
    result = []
    for e in found:
        assert e.camera_id == camera_id and e.source.startswith(trigger.source), e
        end = e.end_time.ToMicroseconds() if e.HasField("end_time") else None
        result.append((e.start_time.ToMicroseconds(), end))
    return sorted(result)


def judged_event(admin: Client, data: Path, camera_id: int, trigger: Trigger) -> tuple[int, int]:
    """The first ended event that began after the event stream had been written for
    longer than the pre-alarm. Its times are the server's: within the recording's,
    although the camera's clock is hours ahead."""
    rows = wait_for(lambda: segment_rows(data, camera_id), WAIT_S, "the first segment")
    first_us = rows[0][0]

    def found() -> tuple[int, int] | None:
        for start, end in events(admin, camera_id, trigger):
            if start >= first_us + (PRE_S + 2) * S and end is not None:
                return start, end
        return None

    start, end = wait_for(found, WAIT_S, f"a {trigger.event_type} event after the pre-alarm")
    assert first_us < start < end <= now_us()
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


@pytest.mark.parametrize("trigger", [INPUT, INTRUSION], ids=lambda t: t.mode)
def test_an_onvif_event_keeps_its_window_and_nothing_else(
    trigger: Trigger,
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    server = server_factory(*SERVER_ARGS)
    camsim = start_camsim(camsim_factory, trigger.fault)
    with server.client() as admin:
        began_us = now_us()
        camera = add_camera(admin, camsim, trigger.mode)
        start, end = judged_event(admin, server.data, camera, trigger)
        wait_kept(admin, camera, (start - PRE_S * S, end + POST_S * S), trigger.reason)
        # Only the event stream records, and only around events.
        checked_us = now_us()
        found = runs(admin, camera, began_us - 60 * S)
        merged = _merged(windows(events(admin, camera, trigger), checked_us))
        for run_start, run_end, reasons in found:
            assert reasons == [trigger.reason], found
            assert any(
                ws - SLACK_US <= run_start and run_end <= we + SLACK_US for ws, we in merged
            ), (run_start, run_end, merged)
        assert not [r for r in segment_rows(server.data, camera) if r[2] & int(SCHEDULE)]
        [status] = admin.get_recording_status([camera])
        assert status.not_recording_reason == "records on events only: waiting for an event"


def test_always_plus_sensor_adds_sensor_to_the_schedule_around_the_input(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> None:
    server = server_factory(*SERVER_ARGS)
    camsim = start_camsim(camsim_factory, INPUT.fault)
    with server.client() as admin:
        began_us = now_us()
        camera = add_camera(admin, camsim, "always+sensor")
        start, end = judged_event(admin, server.data, camera, INPUT)
        window = (start - PRE_S * S, end + POST_S * S)
        wait_kept(admin, camera, window, SENSOR)
        # Recorded throughout on the schedule: runs before and after the window too.
        wait_for(
            lambda: runs(admin, camera, began_us)[-1][1] > window[1] + SLACK_US,
            WAIT_S,
            "recording after the window",
        )
        found = runs(admin, camera, began_us - 60 * S)
        assert all(SCHEDULE in reasons for _, _, reasons in found), found
        assert [r for r in found if r[0] < window[0] and SENSOR not in r[2]], found
        assert [r for r in found if r[1] > window[1] and SENSOR not in r[2]], found
        merged = _merged(windows(events(admin, camera, INPUT), now_us()))
        for run_start, run_end, reasons in found:
            if SENSOR in reasons:
                assert sorted(reasons) == sorted([SCHEDULE, SENSOR]), found
                assert any(
                    ws - SLACK_US <= run_start and run_end <= we + SLACK_US for ws, we in merged
                ), (run_start, run_end, merged)
