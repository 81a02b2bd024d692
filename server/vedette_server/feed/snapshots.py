"""The snapshot a new (or resynced) feed subscription gets when it watches alarms or
I/O: the open alarms the caller may see, then every I/O device and point state, as
the same items the feed carries when they change (``snapshot`` set).

Consistency: the subscription is in place before the snapshot is read, so a change
made meanwhile comes both in the snapshot and as an item after it; clients keep the
highest ``version`` of each alarm and the last state of each point.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from vedette_server.accounts.authorization import Principal, sees_camera
from vedette_server.alarms import bus
from vedette_server.alarms.store import AlarmView, Visible
from vedette_server.events import ServerEvent
from vedette_server.feed.hub import Snapshot
from vedette_server.feed.items import BusItem, item_of


def feed_snapshot(
    open_alarms: Callable[[Visible], Awaitable[list[AlarmView]]],
    io_now: Callable[[], Iterable[ServerEvent]] = tuple,
) -> Snapshot:
    """``ChangeFeed.snapshot`` from the alarm desk's open alarms and the I/O hub's
    states (``IoHub.snapshot``)."""

    async def snapshot(principal: Principal) -> list[BusItem]:
        def visible(camera_id: int | None) -> bool:
            return camera_id is None or sees_camera(principal, camera_id)

        views = await open_alarms(visible)
        events = [bus.alarm_changed(view, None, fresh=False) for view in views]
        events += list(io_now())
        return [item for item in map(item_of, events) if item is not None]

    return snapshot
