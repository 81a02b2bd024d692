"""The event log searched by subtype and counted per type and subtype (SEARCH-04), on
a real catalog with rows written the way the alarm engine writes them (keys, folded
repeats)."""

from __future__ import annotations

from tests.unit.test_catalog_segments import S, add_camera, catalog

from vedette_server.alarms.event_rows import EventRows
from vedette_server.alarms.sources import Signal, exception_signal
from vedette_server.catalog import Catalog
from vedette_server.search.events import EventCount, EventLog, EventType

__all__ = ["catalog"]


def _analytics(camera_id: int, subtype: str, time_us: int) -> Signal:
    return Signal(
        EventType.ANALYTICS,
        subtype,
        f"onvif:{camera_id}:{subtype}:line1",
        time_us,
        None,
        camera_id=camera_id,
        source="camera",
        message=subtype,
    )


def _fill(catalog: Catalog) -> tuple[int, int]:
    """Two cameras: line crossings (three folded into one row), an intrusion, a
    camera offline on each, a server-wide disk full, a manual recording."""
    door, yard = add_camera(catalog, "door"), add_camera(catalog, "yard")
    rows = EventRows(catalog)
    for t in (100, 100.2, 100.4):  # within a second of each other: one row, count 3
        rows.record(_analytics(door, "line_crossing", int(t * S)))
    rows.record(_analytics(door, "line_crossing", 200 * S))  # later: a row of its own
    rows.record(_analytics(yard, "intrusion", 300 * S))
    for camera in (door, yard):
        offline = exception_signal(
            "camera_offline", str(camera), True, 400 * S, "offline", camera_id=camera
        )
        rows.record(offline)
    rows.record(exception_signal("disk_full", "1", True, 500 * S, "disk full"))
    EventLog(catalog).begin(EventType.MANUAL, door, 600 * S, source="admin")
    return door, yard


def test_events_carry_subtype_key_count_and_last_repeat(catalog: Catalog) -> None:
    door, _ = _fill(catalog)
    log = EventLog(catalog)
    crossings = log.search(types=[EventType.ANALYTICS], camera_ids=[door])
    assert [(e.subtype, e.count) for e in crossings] == [("line_crossing", 1), ("line_crossing", 3)]
    folded = crossings[1]
    assert folded.key == f"onvif:{door}:line_crossing:line1"
    assert folded.start_us == 100 * S and folded.last_us == int(100.4 * S)
    (manual,) = log.search(types=[EventType.MANUAL])
    assert (manual.subtype, manual.key, manual.count, manual.last_us) == ("", "", 1, None)


def test_a_subtype_filter_finds_only_those_and_combines_with_types(catalog: Catalog) -> None:
    door, yard = _fill(catalog)
    log = EventLog(catalog)
    offline = log.search(subtypes=["camera_offline"], camera_ids=[door, yard])
    assert {(e.camera_id, e.type) for e in offline} == {
        (door, EventType.EXCEPTION),
        (yard, EventType.EXCEPTION),
    }
    either = log.search(subtypes=["intrusion", "disk_full"], include_no_camera=True)
    assert sorted(e.subtype for e in either) == ["disk_full", "intrusion"]
    assert log.search(types=[EventType.MOTION], subtypes=["intrusion"]) == []
    assert log.search(subtypes=["Intrusion"]) == []  # exact, case-sensitive


def test_counts_are_per_type_and_subtype_within_cameras_and_time(catalog: Catalog) -> None:
    door, yard = _fill(catalog)
    log = EventLog(catalog)
    assert log.counts(camera_ids=[door, yard], include_no_camera=True) == [
        EventCount(EventType.MANUAL, "", 1, 1),
        EventCount(EventType.ANALYTICS, "intrusion", 1, 1),
        EventCount(EventType.ANALYTICS, "line_crossing", 2, 4),
        EventCount(EventType.EXCEPTION, "camera_offline", 2, 2),
        EventCount(EventType.EXCEPTION, "disk_full", 1, 1),
    ]
    # The caller's cameras only, no server-wide events, and a time range.
    assert log.counts(camera_ids=[yard], start_us=250 * S, end_us=450 * S) == [
        EventCount(EventType.ANALYTICS, "intrusion", 1, 1),
        EventCount(EventType.EXCEPTION, "camera_offline", 1, 1),
    ]
    assert log.counts(camera_ids=[], include_no_camera=False) == []


def test_counts_match_what_the_searches_find(catalog: Catalog) -> None:
    door, yard = _fill(catalog)
    log = EventLog(catalog)
    for count in log.counts(camera_ids=[door, yard], include_no_camera=True):
        found = log.search(
            types=[count.type],
            subtypes=[count.subtype] if count.subtype else [],
            camera_ids=[door, yard],
            include_no_camera=True,
        )
        if count.subtype:
            assert len(found) == count.events
            assert sum(e.count for e in found) == count.occurrences
