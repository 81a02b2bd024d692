"""What the feed works out once per published item for every subscriber (the change
it carries, its stream message), and taking what is queued without waiting (the
stream's batches)."""

from __future__ import annotations

import asyncio

import pytest
from tests.unit.test_feed import ADMIN, principal
from tests.unit.test_feed_items import VIEWER, alarm_event

from vedette_server.accounts.rights import CameraRight
from vedette_server.api.alarm_service import feed_message
from vedette_server.events import EventBus
from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind
from vedette_server.feed.hub import ChangeFeed, FeedEnded, FeedItem, Resync, Watch
from vedette_server.feed.items import BusItem, WatchKind
from vedette_server.feed.journal import ResyncReason

CAMERA_1 = principal("one", cameras={CameraRight.LIVE: frozenset({1})}, user_id=8)


async def _next(subscription, timeout: float = 5.0) -> FeedItem:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        result: FeedItem = await subscription.next()
        return result


def test_an_item_seen_as_published_is_one_message_for_every_subscriber() -> None:
    async def scenario() -> None:
        bus = EventBus()
        feed = ChangeFeed(bus)
        watch = Watch.of((), (WatchKind.ALARMS,))
        async with (
            feed.subscribe(watch, lambda: ADMIN) as admin,
            feed.subscribe(watch, lambda: VIEWER) as viewer,
        ):
            for sub in (admin, viewer):
                await _next(sub)  # snapshot done (no snapshot source)
            bus.publish(alarm_event(1, 1))
            told = [await _next(admin), await _next(viewer)]
            assert all(isinstance(t.change, BusItem) for t in told)
            assert told[0].shared is not None and told[0].shared is told[1].shared
            first, second = (feed_message(t, feed.journal.run_id) for t in told)
            assert first is second
            assert (first.seq, first.alarm.id, first.run_id) == (1, 1, feed.journal.run_id)

    asyncio.run(scenario())


def test_a_change_narrowed_to_a_callers_cameras_is_built_for_that_caller() -> None:
    async def scenario() -> None:
        feed = ChangeFeed(EventBus())
        watch = Watch.of((ResourceKind.CAMERAS,))
        async with (
            feed.subscribe(watch, lambda: ADMIN) as admin,
            feed.subscribe(watch, lambda: CAMERA_1) as one,
        ):
            feed.publish(ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (1, 2)))
            everything, narrowed = await _next(admin), await _next(one)
            assert everything.shared is not None and narrowed.shared is None
            run_id = feed.journal.run_id
            assert list(feed_message(everything, run_id).changed.ids) == [1, 2]
            assert list(feed_message(narrowed, run_id).changed.ids) == [1]
            # Built once for those who see it whole, never with another caller's part.
            assert feed_message(everything, run_id) is feed_message(everything, run_id)

    asyncio.run(scenario())


def test_ready_gives_what_is_queued_in_order_without_waiting() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=4)
        feed = ChangeFeed(bus)
        watch = Watch.of((), (WatchKind.ALARMS,))
        async with feed.subscribe(watch, lambda: VIEWER) as sub:
            assert sub.ready() is None  # the snapshot is loaded by ``next``, not here
            await _next(sub)  # snapshot done (no snapshot source)
            assert sub.ready() is None
            for alarm_id, camera in ((1, 1), (2, 2), (3, 1)):
                bus.publish(alarm_event(alarm_id, camera))
            ready = [sub.ready() for _ in range(3)]
            # Camera 2's alarm is not the viewer's: skipped, position past it.
            assert [(r.seq, r.change.facts["alarm"].id) for r in ready if r] == [(1, 1), (3, 3)]  # type: ignore[union-attr]
            assert ready[2] is None and sub.position == 3
            for alarm_id in range(10, 16):  # more than the queue holds
                bus.publish(alarm_event(alarm_id, 1))
            resync = sub.ready()
            assert resync is not None and isinstance(resync.change, Resync)
            assert resync.change.reason is ResyncReason.OVERFLOW
            assert sub.ready() is None  # the snapshot comes from ``next``
            sub.end("bye", session_ended=False)
            with pytest.raises(FeedEnded, match="bye"):
                sub.ready()

    asyncio.run(scenario())


def test_messages_are_kept_only_while_an_item_may_still_be_queued() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=4)
        feed = ChangeFeed(bus)
        async with feed.subscribe(Watch.of((), (WatchKind.ALARMS,)), lambda: ADMIN) as sub:
            await _next(sub)  # snapshot done (no snapshot source)
            bus.publish(alarm_event(1, 1))
            first = await _next(sub)
            message = feed_message(first, feed.journal.run_id)
            assert first.shared is not None and len(first.shared.memo) == 2
            for alarm_id in range(2, 6):  # four more: the first is in no queue now
                bus.publish(alarm_event(alarm_id, 1))
            assert len(first.shared.memo) == 1  # the parsed change only
            assert feed.journal.published(1) is first.shared
            again = feed_message(first, feed.journal.run_id)  # made again when asked
            assert again is not message and again == message

    asyncio.run(scenario())
