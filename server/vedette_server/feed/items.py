"""What the live feed says of alarms, events, I/O, popups and the buzzer: the alarm
engine's and the I/O hub's bus events read as ``BusItem``s, and who may see them.

The publishers and their facts (the contract of issue 15):

- ``alarm.changed`` {alarm: ``alarms.model.Alarm``, activity: ``Activity`` | None,
  camera_ids (the alarm's camera first, then related ones; empty: server-wide),
  rule_name, instructions, fresh} (``alarms/bus.py``);
- ``event.logged`` {event_id, camera_id|None, type, subtype, key, start_us,
  end_us|None, count, source, message};
- ``alarm.popup`` {kind: "video"|"message", camera_id|None, text, duration_s,
  alarm_id, rule_id}; ``alarm.buzzer`` {on, priority, duration_s, alarm_id, actor};
- ``io.input`` {point_id, device_id, name, camera_id|None, active, armed, time_us,
  event_id}; ``io.output`` {point_id, device_id, name, on, until_us|None, actor};
  ``io.device`` {device_id, name, online, detail}.

Who sees an item: the alarm-view area right (``Area.ALARM_VIEW``), and, for an item
about a camera, that camera (``sees_camera``); a server-wide item (no camera) goes
to everyone with the area right. An alarm is judged by its own camera, as
``ListAlarms`` judges it, so the feed tells no one of an alarm the list hides.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_server.accounts.authorization import Principal, may, sees_camera
from vedette_server.accounts.rights import Area
from vedette_server.alarms.model import Alarm
from vedette_server.events import ServerEvent

ALARM_CHANGED: Final = "alarm.changed"
EVENT_LOGGED: Final = "event.logged"
ALARM_POPUP: Final = "alarm.popup"
ALARM_BUZZER: Final = "alarm.buzzer"
IO_INPUT: Final = "io.input"
IO_OUTPUT: Final = "io.output"
IO_DEVICE: Final = "io.device"


class WatchKind(enum.Enum):
    """The proto's ``WatchKind`` (values are its numbers)."""

    RESOURCES = 1
    MOTION = 2
    KEYBOARD = 3
    EVENTS = 4
    ALARMS = 5
    IO = 6
    POPUPS = 7
    BUZZER = 8


#: What an older client that names resource kinds gets (before items existed).
LEGACY_KINDS: Final = frozenset({WatchKind.RESOURCES, WatchKind.MOTION, WatchKind.KEYBOARD})
#: The kinds of this module's items (all need the alarm-view right).
ITEM_KINDS: Final = frozenset(
    {WatchKind.EVENTS, WatchKind.ALARMS, WatchKind.IO, WatchKind.POPUPS, WatchKind.BUZZER}
)
_BUS_KINDS: Final = {
    ALARM_CHANGED: WatchKind.ALARMS,
    EVENT_LOGGED: WatchKind.EVENTS,
    ALARM_POPUP: WatchKind.POPUPS,
    ALARM_BUZZER: WatchKind.BUZZER,
    IO_INPUT: WatchKind.IO,
    IO_OUTPUT: WatchKind.IO,
    IO_DEVICE: WatchKind.IO,
}


@dataclass(frozen=True)
class BusItem:
    """An alarm-side bus event as the feed carries it.

    ``camera_id``: the camera it is about (None: server-wide), which decides who sees
    it; ``priority``: an alarm's (or the buzzer's) priority, 0 when it has none;
    ``snapshot``: told as a state at subscription, not as a change.
    """

    kind: WatchKind
    bus_kind: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    camera_id: int | None = None
    priority: int = 0
    snapshot: bool = False


def _camera(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def item_of(event: ServerEvent) -> BusItem | None:
    """The item an alarm-side bus event carries, or None for other (or malformed)
    events."""
    kind = _BUS_KINDS.get(event.kind)
    if kind is None:
        return None
    facts = event.facts
    if kind is WatchKind.ALARMS:
        alarm = facts.get("alarm")
        if not isinstance(alarm, Alarm):
            return None
        cameras = facts.get("camera_ids") or ()
        camera = _camera(facts.get("camera_id", cameras[0] if cameras else None))
        return BusItem(kind, event.kind, facts, camera, alarm.priority)
    priority = facts.get("priority") if kind is WatchKind.BUZZER else 0
    return BusItem(
        kind,
        event.kind,
        facts,
        _camera(facts.get("camera_id")),
        priority if isinstance(priority, int) else 0,
    )


def alarm_item(facts: Mapping[str, Any], *, snapshot: bool = False) -> BusItem | None:
    """An ``alarm.changed``-shaped item from facts (the snapshot's open alarms)."""
    item = item_of(ServerEvent(ALARM_CHANGED, dict(facts)))
    if item is None:
        return None
    return BusItem(item.kind, item.bus_kind, item.facts, item.camera_id, item.priority, snapshot)


@dataclass(frozen=True)
class ItemFilter:
    """What a subscriber asked for (``WatchEventsRequest``): item kinds, cameras
    (empty: every camera it sees; ``camera_only``: no server-wide items), and the
    lowest alarm priority it wants (``max_priority`` 1..3, 0: all)."""

    kinds: frozenset[WatchKind] = ITEM_KINDS
    camera_ids: frozenset[int] = frozenset()
    camera_only: bool = False
    max_priority: int = 0

    def wants(self, item: BusItem) -> bool:
        if item.kind not in self.kinds:
            return False
        if self.camera_ids:
            if item.camera_id is None:
                if self.camera_only:
                    return False
            elif item.camera_id not in self.camera_ids:
                return False
        return not self.max_priority or item.priority <= self.max_priority


def sees_item(principal: Principal, item: BusItem) -> bool:
    """Whether ``principal`` may see ``item`` (see the module docstring)."""
    if not may(principal, Area.ALARM_VIEW):
        return False
    return item.camera_id is None or sees_camera(principal, item.camera_id)


def watched_items(kinds: Collection[WatchKind], resources_named: bool) -> frozenset[WatchKind]:
    """The item kinds a request watches: ``kinds`` as given; none given: every kind,
    or, when the request names resource kinds, what older clients got."""
    if kinds:
        return frozenset(kinds)
    return LEGACY_KINDS if resources_named else frozenset(WatchKind)
