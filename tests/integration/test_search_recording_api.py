"""Manual recording, events, tags, the calendar and evidence locks on a real server
recording a real (simulated) camera."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.integration.test_cli import vedette
from tests.support.server_process import wait_for
from vedette_api import errors
from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2

pytestmark = pytest.mark.interop
S = 1_000_000


def reasons_recorded(client, camera_id: int) -> set[int]:  # type: ignore[no-untyped-def]
    (line,) = client.get_timeline([camera_id], now_us() - 3600 * S, now_us() + 60 * S)
    return {reason for run in line.runs for reason in run.record_reasons}


def test_manual_recording_shows_on_the_timeline_status_and_events(
    server_factory, camsim_factory
) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))
        wait_for(lambda: reasons_recorded(client, camera.id), 30, "a first segment")
        assert reasons_recorded(client, camera.id) == {common_pb2.RECORD_REASON_SCHEDULE}
        assert client.start_manual_recording([camera.id]) == [camera.id]
        (status,) = client.get_recording_status([camera.id])
        assert status.manual_started_by == "admin" and status.HasField("manual_since_time")
        wait_for(
            lambda: common_pb2.RECORD_REASON_MANUAL in reasons_recorded(client, camera.id),
            30,
            "a segment recorded for the manual reason",
        )
        wait_for(lambda: client.get_recording_status([camera.id])[0].recording, 20, "recording")
        (status,) = client.get_recording_status([camera.id])
        assert set(status.record_reasons) == {
            common_pb2.RECORD_REASON_SCHEDULE,
            common_pb2.RECORD_REASON_MANUAL,
        }
        assert status.volume_id > 0
        (event,) = client.search_events(types=["manual"], camera_ids=[camera.id])
        assert not event.HasField("end_time")
        assert client.stop_manual_recording([camera.id]) == [camera.id]
        (event,) = client.search_events(types=["manual"])
        assert event.HasField("end_time") and event.source == "admin"
        assert client.get_recording_status([camera.id])[0].manual_started_by == ""
    server.stop()
    restarted = server_factory("--segment-seconds", "2", data=server.data)
    with restarted.client() as client:
        client.start_manual_recording()
    restarted.stop()
    again = server_factory("--segment-seconds", "2", data=server.data)
    with again.client() as client:  # manual recording survives a restart
        assert client.get_recording_status()[0].manual_started_by == "admin"


def test_tags_and_the_calendar_of_recorded_days(server_factory, camsim_factory, tmp_path) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2")
    home = tmp_path / "home"
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))
        wait_for(lambda: reasons_recorded(client, camera.id), 30, "a recording")
        moment = now_us()
        unnamed = client.create_tag(camera.id, moment)
        named = client.create_tag(camera.id, moment - 5 * S, "Red van")
        assert unnamed.name.count(":") == 2 and named.created_by == "admin"
        assert [t.name for t in client.list_tags(text="van")] == ["Red van"]
        client.rename_tag(named.id, "Blue van")
        client.delete_tag(unnamed.id)
        assert [t.name for t in client.list_tags(camera_ids=[camera.id])] == ["Blue van"]
        with pytest.raises(errors.NotFound):
            client.rename_tag(unnamed.id, "gone")
        today = dt.datetime.now(dt.UTC)
        days = client.list_recording_days([camera.id], today.year, today.month, time_zone="UTC")
        (entry,) = days.cameras
        assert list(entry.days) == [today.day] and days.time_zone == "UTC"
        assert entry.first_recording_time.ToMicroseconds() <= moment
        with pytest.raises(errors.InvalidArgument, match="month"):
            client.list_recording_days([camera.id], 2026, 13)
    shown = vedette(server, home, "days", "Yard", "--month", today.strftime("%Y-%m")).stdout
    assert "days with recordings" in shown and str(today.day) in shown
    tags = json.loads(vedette(server, home, "tags", "list", "--json").stdout)
    assert [t["name"] for t in tags] == ["Blue van"]
    vedette(server, home, "tags", "add", "Yard", "--at", "-1s", "--name", "door")
    events = json.loads(vedette(server, home, "events", "--json").stdout)
    assert events == []  # tags are not events
    logged = json.loads(vedette(server, home, "logs", "--text", "tag", "--json").stdout)
    assert {e["action"] for e in logged} >= {"tag.create", "tag.update", "tag.delete"}


def _runs(client, camera_id: int, t0: int, t1: int) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    (line,) = client.get_timeline([camera_id], t0, t1)
    return [(r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds()) for r in line.runs]


def test_a_locked_range_survives_fifo_overwrite(server_factory, camsim_factory, tmp_path) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2", "--housekeeping-seconds", "0.5")
    home = tmp_path / "home"
    with server.client() as client:
        camera = client.create_camera("Yard", camsim.url("cam1", "main"))
        wait_for(
            lambda: (r := _runs(client, camera.id, 0, now_us())) and r[-1][1] - r[0][0] > 16 * S,
            60,
            "sixteen seconds of recording",
        )
        start = _runs(client, camera.id, 0, now_us())[0][0]
        lock_end = start + 3 * S
        lock = client.lock_range(camera.id, start, lock_end, "case 2026-117")
        assert lock.segment_count >= 1
        # A reserve larger than the disk: FIFO deletes every unlocked segment it can.
        (volume,) = client.list_volumes()
        client.update_disk_group(1, reserve_bytes=volume.capacity_bytes * 2)

        # A segment the lock overlaps is kept whole: look past its longest length.
        after_lock = lock_end + 8 * S
        wait_for(
            lambda: not _runs(client, camera.id, after_lock, max(now_us() - 6 * S, after_lock + S)),
            30,
            "FIFO to delete the unlocked recordings",
        )
        kept = _runs(client, camera.id, start, lock_end)
        assert kept and kept[0][0] == start, "the locked range survived"
        locks = json.loads(vedette(server, home, "lock", "list", "--json").stdout)
        assert [x["reason"] for x in locks] == ["case 2026-117"]
        with pytest.raises(errors.FailedPrecondition, match="locked"):
            client.delete_camera(camera.id)
        vedette(server, home, "lock", "rm", str(lock.id))
        wait_for(
            lambda: not _runs(client, camera.id, start, lock_end),
            30,
            "retention to take the range once unlocked",
        )
