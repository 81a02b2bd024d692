"""The alarm API's translations: requests to the desk's terms (filters, pages,
operations), and alarms and the feed's items to messages."""

from __future__ import annotations

import pytest

from vedette_api.v1 import alarms_pb2
from vedette_server.alarms import states
from vedette_server.alarms.model import (
    Activity,
    ActivityKind,
    Alarm,
    AlarmState,
    Resolution,
    VersionConflict,
)
from vedette_server.api.alarm_calls import conflict_message, filter_of, operation_of, page_of
from vedette_server.api.alarm_service import change_message, watch_of
from vedette_server.errors import InvalidArgument
from vedette_server.events import ServerEvent
from vedette_server.feed.hub import FeedItem, Resync, SnapshotDone
from vedette_server.feed.items import WatchKind, alarm_item, item_of
from vedette_server.feed.journal import ResyncReason

CLOSED = Alarm(
    7, 1, "input:3", "Door", 1, "intrusion", AlarmState.CLOSED, 1_000_000, 5_000_000,
    count=4, owner="ann", acknowledged_by="ann", acknowledged_us=2_000_000,
    closed_by="bob", closed_us=6_000_000, resolution=Resolution.FALSE_ALARM, version=5,
)  # fmt: skip


def test_filters_pages_and_operations_are_checked() -> None:
    f = filter_of(
        alarms_pb2.AlarmFilter(states=[alarms_pb2.ALARM_STATE_NEW], max_priority=2, rule_id=4)
    )
    assert (f.states, f.priorities, f.rule_ids, f.camera_ids) == (
        frozenset({AlarmState.NEW}),
        frozenset({1, 2}),
        frozenset({4}),
        None,
    )
    with pytest.raises(InvalidArgument, match="max_priority"):
        filter_of(alarms_pb2.AlarmFilter(max_priority=4))
    with pytest.raises(InvalidArgument, match=r"states\[0\]"):
        filter_of(alarms_pb2.AlarmFilter(states=[alarms_pb2.ALARM_STATE_UNSPECIFIED]))
    assert page_of(0, "") == (100, None)
    assert page_of(5000, "42") == (1000, 42)
    for size, token in ((-1, ""), (10, "abc"), (10, "0")):
        with pytest.raises(InvalidArgument):
            page_of(size, token)
    close = alarms_pb2.UpdateAlarmRequest(
        close=alarms_pb2.CloseOperation(resolution=alarms_pb2.RESOLUTION_TEST, text="drill")
    )
    assert operation_of(close) == states.Close(Resolution.TEST, "drill")
    assert operation_of(alarms_pb2.UpdateAlarmRequest(close=alarms_pb2.CloseOperation())) == (
        states.Close(None, "")  # the state machine says a resolution is needed
    )
    auto = alarms_pb2.CloseOperation(resolution=alarms_pb2.RESOLUTION_AUTO)
    with pytest.raises(InvalidArgument, match="resolution"):
        operation_of(alarms_pb2.UpdateAlarmRequest(close=auto))
    with pytest.raises(InvalidArgument, match="operation"):
        operation_of(alarms_pb2.UpdateAlarmRequest(alarm_id=1))
    assign = alarms_pb2.UpdateAlarmRequest(assign=alarms_pb2.AssignOperation(owner="cy"))
    assert operation_of(assign) == states.Assign("cy")


def test_a_version_conflict_names_who_changed_the_alarm() -> None:
    history = [
        Activity(7, ActivityKind.COMMENT, "alice", 9, AlarmState.NEW, AlarmState.NEW, 4, text="x")
    ]
    message = conflict_message(VersionConflict(7, 3, 4), history)
    assert "changed by alice (comment)" in message and "version 4" in message


def test_watch_requests_are_checked() -> None:
    with pytest.raises(InvalidArgument, match="max_priority"):
        watch_of(alarms_pb2.WatchEventsRequest(max_priority=9))
    with pytest.raises(InvalidArgument, match=r"items\[0\]"):
        watch_of(alarms_pb2.WatchEventsRequest(items=[99]))  # type: ignore[list-item]
    legacy = watch_of(alarms_pb2.WatchEventsRequest(kinds=[alarms_pb2.RESOURCE_KIND_CAMERAS]))
    assert WatchKind.ALARMS not in legacy.items and not legacy.wants_snapshot
    alarms = watch_of(alarms_pb2.WatchEventsRequest(items=[alarms_pb2.WATCH_KIND_ALARMS]))
    assert alarms.wants_snapshot and alarms.items == frozenset({WatchKind.ALARMS})


def test_feed_items_become_their_messages() -> None:
    facts = {
        "alarm": CLOSED,
        "activity": Activity(7, ActivityKind.STATE, "bob", 6_000_000, None, AlarmState.CLOSED, 5),
        "camera_ids": (3, 4),
        "rule_name": "Doors",
        "instructions": "call",
        "fresh": True,
    }
    item = alarm_item(facts)
    assert item is not None
    message = change_message(FeedItem(6_000_000, item, 12), "run").alarm
    assert (message.id, message.state, message.resolution) == (
        7,
        alarms_pb2.ALARM_STATE_CLOSED,
        alarms_pb2.RESOLUTION_FALSE_ALARM,
    )
    assert (message.camera_id, list(message.related_camera_ids)) == (3, [4])
    assert (message.fresh, message.activity_kind, message.actor) == (True, "state", "bob")
    assert message.close_time.ToMicroseconds() == 6_000_000
    snapshot = alarm_item({**facts, "activity": None}, snapshot=True)
    assert snapshot is not None
    told = change_message(FeedItem(1, snapshot, 12)).alarm
    assert told.snapshot and not told.fresh

    switched = {"point_id": 2, "device_id": 1, "name": "siren", "on": True, "until_us": 9_000_000}
    output = item_of(ServerEvent("io.output", switched))
    assert output is not None
    io = change_message(FeedItem(1, output, 3)).io
    assert (io.kind, io.active, io.until_time.ToMicroseconds()) == (
        alarms_pb2.IO_KIND_OUTPUT,
        True,
        9_000_000,
    )
    shown_facts = {"kind": "video", "camera_id": 3, "duration_s": 2.5, "alarm_id": 7}
    popup = item_of(ServerEvent("alarm.popup", shown_facts))
    assert popup is not None
    shown = change_message(FeedItem(1, popup, 4)).popup
    assert (shown.kind, shown.camera_id, shown.duration.ToMilliseconds()) == (
        alarms_pb2.POPUP_KIND_VIDEO,
        3,
        2500,
    )
    full = {"event_id": 5, "camera_id": None, "type": "exception", "subtype": "volume_full"}
    event = item_of(ServerEvent("event.logged", {**full, "start_us": 10, "end_us": None}))
    assert event is not None
    logged = change_message(FeedItem(1, event, 5)).event_item
    assert (logged.subtype, logged.HasField("end_time"), logged.count) == ("volume_full", False, 1)


def test_resyncs_and_the_end_of_a_snapshot_become_their_messages() -> None:
    resync = change_message(FeedItem(1, Resync(ResyncReason.TOO_OLD, 40), 99), "r")
    assert (resync.resync.reason, resync.resync.oldest_seq, resync.seq, resync.run_id) == (
        alarms_pb2.RESYNC_REASON_TOO_OLD,
        40,
        99,
        "r",
    )
    assert change_message(FeedItem(1, SnapshotDone(), 3)).heartbeat.snapshot_done
