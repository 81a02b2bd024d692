"""The calendar of recorded days, events, tags, evidence locks and manual recordings,
on a real catalog."""

from __future__ import annotations

import zoneinfo

import pytest
from tests.unit.test_catalog_segments import S, add_camera, add_segment, add_volume, catalog

from vedette_server.catalog import Catalog
from vedette_server.catalog.models import EvidenceLock, ManualRecording, Segment, Stream
from vedette_server.errors import InvalidArgument, NotFound
from vedette_server.recording.locks import EvidenceLocks, beyond_export_right
from vedette_server.recording.manual import ManualRecordings, manual_during
from vedette_server.search.events import EventLog, EventType
from vedette_server.search.recording_days import day_bounds_us, recording_days
from vedette_server.search.tags import Tags

__all__ = ["catalog"]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MARCH_2026_UTC = 1_772_323_200 * S  # 2026-03-01T00:00:00Z
HOUR = 3600 * S


def test_days_follow_the_zone_including_a_23_hour_day_at_the_dst_change() -> None:
    bounds = {day: (start, end) for day, start, end in day_bounds_us(2026, 3, PARIS)}
    assert len(bounds) == 31
    assert bounds[1][0] == MARCH_2026_UTC - HOUR  # midnight in Paris is 23:00 UTC (UTC+1)
    assert bounds[29][1] - bounds[29][0] == 23 * HOUR  # clocks go forward on 29 March
    assert bounds[30][1] - bounds[30][0] == 24 * HOUR


def test_recording_days_and_first_and_last_recording(catalog: Catalog) -> None:
    cam, volume = add_camera(catalog, "door"), add_volume(catalog)
    # 2026-03-03 23:30 UTC is already the 4th in Paris; a segment across midnight counts twice.
    add_segment(catalog, cam, volume, MARCH_2026_UTC + 2 * 24 * HOUR + 23 * HOUR + 1800 * S,
                MARCH_2026_UTC + 2 * 24 * HOUR + 23 * HOUR + 1860 * S)  # fmt: skip
    add_segment(catalog, cam, volume, MARCH_2026_UTC + 9 * 24 * HOUR + 22 * HOUR + 59 * 60 * S,
                MARCH_2026_UTC + 9 * 24 * HOUR + 23 * HOUR + 30 * S)  # fmt: skip
    day_21 = MARCH_2026_UTC + 20 * 24 * HOUR
    add_segment(catalog, cam, volume, day_21, day_21 + 60 * S, stream=Stream.SUB)
    found = recording_days(catalog, cam, 1, 2026, 3, PARIS, now_us=0)
    assert found.days == (4, 10, 11)
    assert found.first_us == MARCH_2026_UTC + 2 * 24 * HOUR + 23 * HOUR + 1800 * S
    assert found.last_us == MARCH_2026_UTC + 9 * 24 * HOUR + 23 * HOUR + 30 * S
    assert recording_days(catalog, cam, 2, 2026, 3, PARIS, now_us=0).days == (21,)
    empty = recording_days(catalog, cam, 1, 2026, 4, PARIS, now_us=0)
    assert empty.days == () and empty.first_us is not None  # bounds are of every recording


def test_events_search_by_type_camera_and_overlap_newest_first(catalog: Catalog) -> None:
    cam = add_camera(catalog, "door")
    log = EventLog(catalog)
    manual = log.begin(EventType.MANUAL, cam, 100 * S, source="admin")
    log.begin(EventType.MOTION, cam, 200 * S)
    exception = log.begin(EventType.EXCEPTION, None, 300 * S, message="disk full")
    log.end(manual, 150 * S)
    log.end(manual, 999 * S)  # an event ends once
    assert [e.type for e in log.search(camera_ids=[cam])] == [EventType.MOTION, EventType.MANUAL]
    assert log.search(camera_ids=[cam], types=[EventType.MANUAL])[0].end_us == 150 * S
    assert [e.id for e in log.search(camera_ids=[cam], start_us=160 * S)] != [manual]
    assert [e.id for e in log.search(camera_ids=[], include_no_camera=True)] == [exception]
    assert exception not in [e.id for e in log.search(camera_ids=[cam])]
    assert [e.id for e in log.search(camera_ids=[cam], end_us=150 * S)] == [manual]


def test_tags_are_named_by_time_when_unnamed_renamed_and_searched(catalog: Catalog) -> None:
    cam = add_camera(catalog, "door")
    tags = Tags(catalog)
    unnamed = tags.create(cam, MARCH_2026_UTC + 90 * S, "", created_by="admin", zone=PARIS)
    assert unnamed.name == "2026-03-01 01:01:30"
    named = tags.create(cam, MARCH_2026_UTC, " Van 50% off ", created_by="admin", zone=PARIS)
    assert named.name == "Van 50% off"
    assert [t.id for t in tags.search([cam], text="50%")] == [named.id]
    assert tags.search([cam], text="50%x") == []
    assert tags.rename(unnamed.id, "Delivery").name == "Delivery"
    with pytest.raises(InvalidArgument):
        tags.rename(unnamed.id, "   ")
    tags.delete(named.id)
    with pytest.raises(NotFound):
        tags.get(named.id)
    with pytest.raises(NotFound):
        tags.create(999, 0, "x", created_by="admin", zone=PARIS)


def locked(catalog: Catalog) -> set[int]:
    return {int(r.id) for r in Segment.select().where(Segment.locked == True)}  # noqa: E712


def test_locks_keep_overlapping_segments_until_the_last_lock_over_them_goes(
    catalog: Catalog,
) -> None:
    cam, volume = add_camera(catalog, "door"), add_volume(catalog)
    first = add_segment(catalog, cam, volume, 0, 60 * S)
    second = add_segment(catalog, cam, volume, 60 * S, 120 * S)
    sub = add_segment(catalog, cam, volume, 0, 60 * S, stream=Stream.SUB)
    add_segment(catalog, cam, volume, 120 * S, 180 * S)
    locks = EvidenceLocks(catalog)
    a = locks.lock(cam, 30 * S, 90 * S, "case 17", created_by="admin")
    assert a.segment_count == 3 and locked(catalog) == {first, second, sub}
    b = locks.lock(cam, 70 * S, 80 * S, "case 18", created_by="admin")
    locks.unlock(a.id)
    assert locked(catalog) == {second}  # still under case 18
    locks.unlock(b.id)
    assert locked(catalog) == set()
    with pytest.raises(InvalidArgument, match="reason"):
        locks.lock(cam, 0, S, "  ", created_by="admin")
    with pytest.raises(NotFound):
        locks.unlock(a.id)


def test_a_lock_reaching_into_the_future_locks_new_segments_and_expires(catalog: Catalog) -> None:
    cam, volume = add_camera(catalog, "door"), add_volume(catalog)
    now = 1_900_000_000 * S
    locks = EvidenceLocks(catalog, clock=lambda: now / S)
    lock = locks.lock(
        cam, now - 60 * S, now + 3600 * S, "watch", created_by="a", expires_us=now + 7200 * S
    )
    later = add_segment(catalog, cam, volume, now + 10 * S, now + 70 * S)
    assert later not in locked(catalog)
    assert locks.apply(now + 80 * S) == 0 and later in locked(catalog)
    assert locks.apply(now + 7201 * S) == 1 and locked(catalog) == set()
    with pytest.raises(NotFound):
        locks.get(lock.id)


def test_a_lock_lies_within_what_was_recorded_and_the_next_day(catalog: Catalog) -> None:
    cam, volume = add_camera(catalog, "door"), add_volume(catalog)
    now = 1_900_000_000 * S
    locks = EvidenceLocks(catalog, clock=lambda: now / S)
    with pytest.raises(InvalidArgument, match=r"start_time: .* recorded nothing yet"):
        locks.lock(cam, now - 2 * HOUR, now, "case 1", created_by="a")
    add_segment(catalog, cam, volume, now - 48 * HOUR, now - 48 * HOUR + 60 * S, stream=Stream.SUB)
    with pytest.raises(InvalidArgument, match=r"start_time: 1970-01-01T00:00:00\+00:00 is more"):
        locks.lock(cam, 0, now, "case 1", created_by="a")
    with pytest.raises(InvalidArgument, match=r"end_time: 9999-12-31T00:00:00\+00:00 is more"):
        locks.lock(cam, now - 48 * HOUR, 253_402_214_400 * S, "case 1", created_by="a")
    # The oldest recording (of either stream) less an hour, to the next 24 hours.
    lock = locks.lock(cam, now - 49 * HOUR, now + 24 * HOUR, "case 1", created_by="a")
    assert (lock.start_us, lock.end_us) == (now - 49 * HOUR, now + 24 * HOUR)


def test_an_old_lock_reaching_far_ahead_locks_no_more_than_a_day_past_its_creation(
    catalog: Catalog,
) -> None:
    cam, volume = add_camera(catalog, "door"), add_volume(catalog)
    now = 1_900_000_000 * S
    # As a server before the bounds let anyone store it: 1970 to 9999, no expiry.
    EvidenceLock.create(camera=cam, start_us=0, end_us=253_402_214_400 * S, reason="all",
                        created_by="x", created_us=now)  # fmt: skip
    within = add_segment(catalog, cam, volume, now + 10 * HOUR, now + 10 * HOUR + 60 * S)
    beyond = add_segment(catalog, cam, volume, now + 25 * HOUR, now + 25 * HOUR + 60 * S)
    EvidenceLocks(catalog).apply(now + 11 * HOUR)
    EvidenceLocks(catalog).apply(now + 26 * HOUR)
    assert within in locked(catalog) and beyond not in locked(catalog)


def test_what_the_export_right_alone_may_lock() -> None:
    now, day = 1_900_000_000 * S, 24 * HOUR
    assert beyond_export_right(now - 31 * day, now, now + 90 * day, now) is None
    assert beyond_export_right(now - 32 * day, now, now + day, now) == (
        "end_time",
        "a lock of 32.0 days is longer than 31 days",
    )
    assert beyond_export_right(now - day, now, None, now) == (
        "expire_time",
        "a lock without an expiry lasts until unlocked",
    )
    assert beyond_export_right(now - day, now, now + 91 * day, now) == (
        "expire_time",
        "an expiry 91.0 days ahead is further than 90 days",
    )


def test_manual_recording_starts_once_per_camera_and_its_event_spans_it(catalog: Catalog) -> None:
    door, yard = add_camera(catalog, "door"), add_camera(catalog, "yard")
    log = EventLog(catalog)
    manual = ManualRecordings(catalog, log)
    assert manual.start([door], started_by="guard") == [door]
    assert manual.start([], started_by="admin") == [door, yard]  # door keeps its start
    assert manual.active()[door].started_by == "guard"
    assert ManualRecording.select().count() == 2
    assert manual.stop([door]) == [door]
    (event,) = [e for e in log.search(camera_ids=[door])]
    assert event.type is EventType.MANUAL and event.end_us is not None
    with pytest.raises(NotFound):
        manual.start([999], started_by="admin")


def test_a_segment_overlapping_a_manual_recording_gets_the_manual_reason(
    catalog: Catalog,
) -> None:
    door, yard = add_camera(catalog, "door"), add_camera(catalog, "yard")
    log = EventLog(catalog)
    log.end(log.begin(EventType.MANUAL, door, 100 * S), 200 * S)
    log.begin(EventType.MOTION, door, 300 * S)
    log.begin(EventType.MANUAL, door, 400 * S)  # still recording by hand
    assert manual_during(door, 150 * S, 160 * S) and manual_during(door, 50 * S, 100 * S)
    assert not manual_during(door, 201 * S, 399 * S)
    assert manual_during(door, 390 * S, 410 * S) and manual_during(door, 999 * S, 1000 * S)
    assert not manual_during(yard, 0, 1000 * S)
