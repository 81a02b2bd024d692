"""The feed's sequence numbers, replay ring, alarm-side items and their audience."""

from __future__ import annotations

import asyncio

import pytest
from tests.unit.test_feed import ADMIN, principal

from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.alarms.model import Alarm, AlarmState
from vedette_server.events import EventBus, ServerEvent
from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind
from vedette_server.feed.hub import ChangeFeed, FeedItem, Resync, SnapshotDone, Watch
from vedette_server.feed.items import (
    BusItem,
    ItemFilter,
    WatchKind,
    alarm_item,
    item_of,
    sees_item,
    watched_items,
)
from vedette_server.feed.journal import Journal, ResyncReason

VIEWER = principal(
    "viewer", areas=frozenset({Area.ALARM_VIEW}), cameras={CameraRight.LIVE: frozenset({1})}
)


def alarm(alarm_id: int, priority: int = 2) -> Alarm:
    return Alarm(alarm_id, 1, f"k{alarm_id}", "t", priority, "", AlarmState.NEW, 10, 10)


def alarm_facts(alarm_id: int, camera: int | None, priority: int = 2) -> dict[str, object]:
    cameras = () if camera is None else (camera, 9)
    return {
        "alarm": alarm(alarm_id, priority),
        "activity": None,
        "camera_ids": cameras,
        "rule_name": "r",
        "instructions": "",
        "fresh": True,
    }


def alarm_event(alarm_id: int, camera: int | None = None, priority: int = 2) -> ServerEvent:
    return ServerEvent("alarm.changed", alarm_facts(alarm_id, camera, priority))


def test_the_journal_resumes_inside_the_ring_and_refuses_outside_it() -> None:
    journal = Journal(capacity=5, run_id="run")
    for i in range(8):
        journal.append(ServerEvent("x", {"i": i}))
    assert (journal.last_seq, journal.oldest_seq) == (8, 4)
    assert [p.seq for p in journal.resume(3, "run")] == [4, 5, 6, 7, 8]  # type: ignore[union-attr]
    assert journal.resume(8, "run") == []
    assert journal.resume(2, "run") is ResyncReason.TOO_OLD
    assert journal.resume(9, "run") is ResyncReason.OTHER_RUN
    assert journal.resume(5, "other") is ResyncReason.OTHER_RUN


def test_items_are_read_from_the_engines_and_io_hubs_bus_events() -> None:
    item = item_of(alarm_event(4, camera=3, priority=1))
    assert item is not None
    assert (item.kind, item.camera_id, item.priority) == (WatchKind.ALARMS, 3, 1)
    assert item_of(ServerEvent("alarm.changed", {"alarm": "not an alarm"})) is None
    io = item_of(ServerEvent("io.input", {"point_id": 1, "camera_id": None, "active": True}))
    assert io is not None and (io.kind, io.camera_id) == (WatchKind.IO, None)
    buzzer = item_of(ServerEvent("alarm.buzzer", {"on": True, "priority": 1}))
    assert buzzer is not None and buzzer.priority == 1
    assert item_of(ServerEvent("camera.event", {"kind": "motion"})) is None


def test_items_need_the_alarm_view_right_and_their_camera() -> None:
    on_1 = BusItem(WatchKind.ALARMS, "alarm.changed", camera_id=1)
    on_2 = BusItem(WatchKind.ALARMS, "alarm.changed", camera_id=2)
    server_wide = BusItem(WatchKind.EVENTS, "event.logged")
    assert [sees_item(VIEWER, i) for i in (on_1, on_2, server_wide)] == [True, False, True]
    no_area = principal("x", cameras={CameraRight.LIVE: frozenset({1})})
    assert not any(sees_item(no_area, i) for i in (on_1, on_2, server_wide))
    assert all(sees_item(ADMIN, i) for i in (on_1, on_2, server_wide))


def test_the_request_filter_narrows_kinds_cameras_and_priorities() -> None:
    p1 = BusItem(WatchKind.ALARMS, "alarm.changed", camera_id=1, priority=1)
    p3 = BusItem(WatchKind.ALARMS, "alarm.changed", camera_id=1, priority=3)
    wide = BusItem(WatchKind.ALARMS, "alarm.changed", priority=1)
    elsewhere = BusItem(WatchKind.ALARMS, "alarm.changed", camera_id=2, priority=1)
    assert [ItemFilter(max_priority=2).wants(i) for i in (p1, p3)] == [True, False]
    cameras = ItemFilter(camera_ids=frozenset({1}))
    assert [cameras.wants(i) for i in (p1, wide, elsewhere)] == [True, True, False]
    only = ItemFilter(camera_ids=frozenset({1}), camera_only=True)
    assert [only.wants(i) for i in (p1, wide)] == [True, False]
    assert not ItemFilter(kinds=frozenset({WatchKind.EVENTS})).wants(p1)
    assert watched_items((), resources_named=False) == frozenset(WatchKind)
    assert WatchKind.ALARMS not in watched_items((), resources_named=True)


async def _next(subscription, timeout: float = 5.0) -> FeedItem:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        result: FeedItem = await subscription.next()
        return result


def test_a_subscription_gets_the_snapshot_then_numbered_items_it_may_see() -> None:
    async def scenario() -> None:
        bus = EventBus()
        feed = ChangeFeed(bus)

        async def snapshot(who: object) -> list[BusItem]:
            open_alarms = [alarm_item(alarm_facts(1, 1)), alarm_item(alarm_facts(2, 2))]
            return [i for i in open_alarms if i is not None]

        feed.snapshot = snapshot
        watch = Watch.of((), (WatchKind.ALARMS,))
        async with feed.subscribe(watch, lambda: VIEWER) as sub:
            first = await _next(sub)
            assert isinstance(first.change, BusItem) and first.change.snapshot
            assert first.change.facts["alarm"].id == 1  # camera 2's is not theirs
            assert isinstance((await _next(sub)).change, SnapshotDone)
            feed.publish(ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (1,)))
            for event in (alarm_event(3, 2), alarm_event(4, 1), alarm_event(5, None)):
                bus.publish(event)
            told = [await _next(sub) for _ in range(2)]
            # Resource changes are not watched; camera 2's alarm is not theirs.
            assert [(t.seq, t.change.facts["alarm"].id) for t in told] == [(3, 4), (4, 5)]  # type: ignore[union-attr]
            assert sub.position == 4

    asyncio.run(scenario())


def test_a_reader_that_falls_behind_gets_a_resync_and_resuming_gets_the_gap() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=4)
        feed = ChangeFeed(bus, journal=Journal(capacity=50, run_id="r"))
        watch = Watch.of((), (WatchKind.ALARMS,))
        async with (
            feed.subscribe(watch, lambda: ADMIN) as slow,
            feed.subscribe(watch, lambda: ADMIN) as reader,
        ):
            assert isinstance((await _next(slow)).change, SnapshotDone)
            assert isinstance((await _next(reader)).change, SnapshotDone)
            seen = []
            for i in range(20):
                bus.publish(alarm_event(i + 1))
                seen.append((await _next(reader)).seq)
            assert seen == list(range(1, 21))
            resync = await _next(slow)
            assert resync.change == Resync(ResyncReason.OVERFLOW, 1)
            assert isinstance((await _next(slow)).change, SnapshotDone)
            bus.publish(alarm_event(99))
            assert (await _next(slow)).seq == 21  # back in step
        async with feed.subscribe(watch, lambda: ADMIN, resume=(15, "r")) as resumed:
            assert resumed.position == 15
            assert [(await _next(resumed)).seq for _ in range(6)] == [16, 17, 18, 19, 20, 21]
            with pytest.raises(TimeoutError):
                await _next(resumed, timeout=0.05)
        for reason, resume in (
            (ResyncReason.OTHER_RUN, (15, "x")),
            (ResyncReason.OTHER_RUN, (99, "r")),
        ):
            async with feed.subscribe(watch, lambda: ADMIN, resume=resume) as failed:
                change = (await _next(failed)).change
                assert isinstance(change, Resync) and change.reason is reason

    asyncio.run(scenario())


def test_older_clients_get_reloads_without_resync_and_no_alarm_items() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=2)
        feed = ChangeFeed(bus)
        async with feed.subscribe([ResourceKind.CAMERAS], lambda: ADMIN) as legacy:
            bus.publish(alarm_event(1))
            feed.publish(ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (1,)))
            told = await _next(legacy)
            assert told.change == ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (1,))
            assert told.seq == 2
            for _ in range(5):
                bus.publish(alarm_event(1))
            assert (await _next(legacy)).change == ResourceChange(
                ResourceKind.CAMERAS, ChangeAction.UPDATED
            )

    asyncio.run(scenario())


def test_a_rights_change_resyncs_an_item_watcher_without_losing_what_is_queued() -> None:
    async def scenario() -> None:
        bus = EventBus()
        feed = ChangeFeed(bus)
        rights = {"now": VIEWER}
        watch = Watch.of((), (WatchKind.ALARMS,))
        async with feed.subscribe(watch, lambda: rights["now"]) as sub:
            assert isinstance((await _next(sub)).change, SnapshotDone)
            bus.publish(alarm_event(1, camera=1))
            rights["now"] = principal(
                "viewer",
                areas=frozenset({Area.ALARM_VIEW}),
                cameras={CameraRight.LIVE: frozenset({1, 2})},
            )
            feed.publish(ResourceChange(ResourceKind.GROUPS, ChangeAction.UPDATED, (4,)))
            bus.publish(alarm_event(2, camera=2))  # now theirs
            assert (await _next(sub)).seq == 1
            resync = await _next(sub)
            assert resync.change == Resync(ResyncReason.RIGHTS, 1)
            assert isinstance((await _next(sub)).change, SnapshotDone)
            told = await _next(sub)
            assert told.seq == 3 and isinstance(told.change, BusItem)

    asyncio.run(scenario())
