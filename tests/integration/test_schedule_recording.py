"""The recorder follows a camera's weekly schedule in the server's time zone (REC-03/05):
a schedule that covers today (UTC) records while the server's zone is UTC, stops when
the zone changes to one where it is already another day, and records again when the
zone comes back; the timeline, the recording status and its reason say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2, system_pb2

pytestmark = pytest.mark.interop

S = 1_000_000
WAIT_S = 120.0
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEDULE = common_pb2.RECORD_REASON_SCHEDULE


def set_zone(client: Client, name: str) -> None:
    zone = system_pb2.Settings(date_time=system_pb2.DateTimeSettings(time_zone=name))
    client.update_settings(zone, ["date_time.time_zone"])


def other_day_zone(now: dt.datetime) -> str:
    """A zone whose local date differs from UTC's at ``now`` (and for the next hours)."""
    return "Pacific/Kiritimati" if now.hour >= 10 else "Etc/GMT+12"  # UTC+14 / UTC-12


def recording(client: Client, camera_id: int) -> tuple[bool, str]:
    [status] = client.get_recording_status([camera_id])
    return status.recording, status.not_recording_reason


def test_the_recorder_follows_the_schedule_in_the_server_time_zone(
    server_factory: Callable[..., ServerProcess], camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    now = dt.datetime.now(dt.UTC)
    today = DAYS[now.weekday()]
    with server.client() as admin:
        set_zone(admin, "UTC")
        schedule = admin.put_schedule("today", {today: [(0, 1440)]}).schedule.id
        camera = admin.create_camera("Hall", camsim.url("cam1", "main", auth=False)).id
        admin.set_recording_policy(camera, mode="always", normal_schedule_id=schedule)
        began_us = now_us()
        wait_for(lambda: recording(admin, camera)[0], WAIT_S, "recording on today's schedule")

        set_zone(admin, other_day_zone(now))
        wait_for(
            lambda: (
                recording(admin, camera) == (False, "its recording schedule records nothing now")
            ),
            WAIT_S,
            "recording to stop outside the schedule",
        )
        stopped_us = now_us()
        # Nothing is written while the schedule says so: the timeline does not grow.
        [before] = admin.get_timeline([camera], began_us - 60 * S, now_us() + 60 * S)
        wait_for(lambda: now_us() > stopped_us + 6 * S, WAIT_S, "a few seconds to pass")
        [after] = admin.get_timeline([camera], began_us - 60 * S, now_us() + 60 * S)
        assert [r.end_time.ToMicroseconds() for r in after.runs] == [
            r.end_time.ToMicroseconds() for r in before.runs
        ]

        set_zone(admin, "UTC")
        wait_for(lambda: recording(admin, camera)[0], WAIT_S, "recording again")
        resumed_us = now_us()
        wait_for(
            lambda: len(admin.get_timeline([camera], began_us - 60 * S, now_us())[0].runs) >= 2,
            WAIT_S,
            "a second run on the timeline",
        )
        [timeline] = admin.get_timeline([camera], began_us - 60 * S, now_us() + 60 * S)
        runs = [
            (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), list(r.record_reasons))
            for r in timeline.runs
        ]
        assert all(reasons == [SCHEDULE] for _, _, reasons in runs), runs
        first, last = runs[0], runs[-1]
        # Frame times are the camera's clock mapped onto the server's, which may lead this
        # client's observation by a fraction of a second (a loaded CI run: 188 ms): the
        # runs must end and start where the schedule switched, give or take that.
        skew_us = S
        assert first[1] <= stopped_us + skew_us, "the first run ended when the schedule stopped it"
        assert stopped_us - skew_us <= last[0] <= resumed_us + 5 * S, (runs, resumed_us)
