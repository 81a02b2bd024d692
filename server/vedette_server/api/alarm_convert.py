"""Alarms and the feed's alarm-side items as proto messages (``alarms.proto``), and
the proto's alarm enums as the domain's.

Pure; the servicer (``api/alarm_service.py``) calls these. Times are µs UTC in the
domain and ``Timestamp``s in the proto; an unset time stays unset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import alarms_pb2
from vedette_server.alarms.model import Activity, Alarm, AlarmState, Resolution
from vedette_server.api.convert import timestamp
from vedette_server.errors import InvalidArgument
from vedette_server.feed.items import (
    ALARM_BUZZER,
    ALARM_CHANGED,
    ALARM_POPUP,
    EVENT_LOGGED,
    IO_DEVICE,
    IO_INPUT,
    IO_OUTPUT,
    BusItem,
)

STATES: Final[dict[AlarmState, int]] = {
    AlarmState.NEW: alarms_pb2.ALARM_STATE_NEW,
    AlarmState.IN_PROGRESS: alarms_pb2.ALARM_STATE_IN_PROGRESS,
    AlarmState.ON_HOLD: alarms_pb2.ALARM_STATE_ON_HOLD,
    AlarmState.CLOSED: alarms_pb2.ALARM_STATE_CLOSED,
}
_STATES_BACK: Final = {number: state for state, number in STATES.items()}
RESOLUTIONS: Final[dict[Resolution, int]] = {
    Resolution.TRUE_ALARM: alarms_pb2.RESOLUTION_TRUE_ALARM,
    Resolution.FALSE_ALARM: alarms_pb2.RESOLUTION_FALSE_ALARM,
    Resolution.TEST: alarms_pb2.RESOLUTION_TEST,
    Resolution.TECHNICAL_FAULT: alarms_pb2.RESOLUTION_TECHNICAL_FAULT,
    Resolution.OTHER: alarms_pb2.RESOLUTION_OTHER,
    Resolution.AUTO: alarms_pb2.RESOLUTION_AUTO,
}
_RESOLUTIONS_BACK: Final = {number: r for r, number in RESOLUTIONS.items()}


def state_of(field: str, number: int) -> AlarmState:
    """The domain state of a proto ``AlarmState``; INVALID_ARGUMENT for unspecified or
    unknown ones."""
    state = _STATES_BACK.get(number)
    if state is None:
        raise InvalidArgument(field, f"unknown alarm state {number}")
    return state


def resolution_of(field: str, number: int) -> Resolution | None:
    """The domain resolution of a proto ``Resolution`` (None when unspecified: the
    state machine says a close needs one); AUTO is the system's only."""
    if number == alarms_pb2.RESOLUTION_UNSPECIFIED:
        return None
    resolution = _RESOLUTIONS_BACK.get(number)
    if resolution is None or resolution is Resolution.AUTO:
        raise InvalidArgument(field, f"not a resolution an operator gives: {number}")
    return resolution


def _set_time(message: Any, field: str, time_us: object) -> None:
    """Set ``field`` to ``time_us`` (µs UTC) when it is a time; leave it unset else."""
    if isinstance(time_us, int) and not isinstance(time_us, bool):
        value = timestamp(time_us)
        assert value is not None
        getattr(message, field).CopyFrom(value)


def duration(seconds: float) -> Duration:
    value = Duration()
    value.FromNanoseconds(int(max(seconds, 0.0) * 1e9))
    return value


def alarm_message(
    alarm: Alarm,
    *,
    camera_id: int | None,
    related_cameras: Sequence[int] = (),
    rule_name: str = "",
    instructions: str = "",
) -> alarms_pb2.Alarm:
    """An alarm as the API shows it (lists, get, update)."""
    message = alarms_pb2.Alarm(
        id=alarm.id,
        rule_id=alarm.rule_id,
        rule_name=rule_name,
        key=alarm.key,
        title=alarm.title,
        priority=alarm.priority,
        category=alarm.category,
        state=STATES[alarm.state],  # type: ignore[arg-type]
        owner=alarm.owner or "",
        count=alarm.count,
        acknowledged_by=alarm.acknowledged_by or "",
        closed_by=alarm.closed_by or "",
        camera_id=camera_id or 0,
        related_camera_ids=[c for c in related_cameras if c != camera_id],
        instructions=instructions,
        version=alarm.version,
        auto_close=alarm.auto_close,
        escalated=alarm.escalated,
        storm=alarm.storm,
    )
    if alarm.resolution is not None:
        message.resolution = RESOLUTIONS[alarm.resolution]  # type: ignore[assignment]
    _set_time(message, "first_time", alarm.first_us)
    _set_time(message, "last_time", alarm.last_us)
    _set_time(message, "acknowledge_time", alarm.acknowledged_us)
    _set_time(message, "close_time", alarm.closed_us)
    return message


def activity_message(activity: Activity) -> alarms_pb2.AlarmActivity:
    message = alarms_pb2.AlarmActivity(
        kind=activity.kind.value,
        actor=activity.actor,
        state_after=STATES[activity.state_after],  # type: ignore[arg-type]
        version=activity.version,
        before=activity.before,
        after=activity.after,
        text=activity.text,
    )
    if activity.state_before is not None:
        message.state_before = STATES[activity.state_before]  # type: ignore[assignment]
    _set_time(message, "time", activity.time_us)
    return message


def _int(facts: Mapping[str, Any], key: str) -> int:
    value = facts.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _float(facts: Mapping[str, Any], key: str) -> float:
    value = facts.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _str(facts: Mapping[str, Any], key: str) -> str:
    value = facts.get(key)
    return value if isinstance(value, str) else ""


def _alarm_item(item: BusItem) -> alarms_pb2.Alarm:
    facts = item.facts
    alarm = facts["alarm"]
    assert isinstance(alarm, Alarm)
    cameras = tuple(facts.get("camera_ids") or ())
    message = alarm_message(
        alarm,
        camera_id=item.camera_id,
        related_cameras=cameras,
        rule_name=_str(facts, "rule_name"),
        instructions=_str(facts, "instructions"),
    )
    message.fresh = bool(facts.get("fresh")) and not item.snapshot
    message.snapshot = item.snapshot
    activity = facts.get("activity")
    if isinstance(activity, Activity) and not item.snapshot:
        message.activity_kind = activity.kind.value
        message.actor = activity.actor
    return message


def _event_item(item: BusItem) -> alarms_pb2.EventItem:
    facts = item.facts
    message = alarms_pb2.EventItem(
        event_id=_int(facts, "event_id"),
        camera_id=item.camera_id or 0,
        type=_str(facts, "type"),
        subtype=_str(facts, "subtype"),
        key=_str(facts, "key"),
        count=_int(facts, "count") or 1,
        source=_str(facts, "source"),
        message=_str(facts, "message"),
    )
    _set_time(message, "start_time", facts.get("start_us"))
    _set_time(message, "end_time", facts.get("end_us"))
    return message


def _io_item(item: BusItem) -> alarms_pb2.IoState:
    facts = item.facts
    message = alarms_pb2.IoState(
        point_id=_int(facts, "point_id"),
        device_id=_int(facts, "device_id"),
        name=_str(facts, "name"),
        camera_id=item.camera_id or 0,
        snapshot=item.snapshot,
    )
    if item.bus_kind == IO_INPUT:
        message.kind = alarms_pb2.IO_KIND_INPUT
        message.active = bool(facts.get("active"))
        message.armed = bool(facts.get("armed"))
        message.event_id = _int(facts, "event_id")
    elif item.bus_kind == IO_OUTPUT:
        message.kind = alarms_pb2.IO_KIND_OUTPUT
        message.active = bool(facts.get("on"))
        message.actor = _str(facts, "actor")
        _set_time(message, "until_time", facts.get("until_us"))
    else:
        message.kind = alarms_pb2.IO_KIND_DEVICE
        message.active = bool(facts.get("online"))
        message.detail = _str(facts, "detail")
    return message


def _popup_item(item: BusItem) -> alarms_pb2.Popup:
    facts = item.facts
    video = facts.get("kind") == "video"
    return alarms_pb2.Popup(
        kind=alarms_pb2.POPUP_KIND_VIDEO if video else alarms_pb2.POPUP_KIND_MESSAGE,
        camera_id=item.camera_id or 0,
        text=_str(facts, "text"),
        duration=duration(_float(facts, "duration_s")),
        alarm_id=_int(facts, "alarm_id"),
        rule_id=_int(facts, "rule_id"),
    )


def _buzzer_item(item: BusItem) -> alarms_pb2.Buzzer:
    facts = item.facts
    return alarms_pb2.Buzzer(
        on=bool(facts.get("on")),
        priority=item.priority,
        duration=duration(_float(facts, "duration_s")),
        alarm_id=_int(facts, "alarm_id"),
        actor=_str(facts, "actor"),
    )


def set_item(response: alarms_pb2.WatchEventsResponse, item: BusItem) -> None:
    """Put ``item`` into its case of ``response``."""
    kind = item.bus_kind
    if kind == ALARM_CHANGED:
        response.alarm.CopyFrom(_alarm_item(item))
    elif kind == EVENT_LOGGED:
        response.event_item.CopyFrom(_event_item(item))
    elif kind in (IO_INPUT, IO_OUTPUT, IO_DEVICE):
        response.io.CopyFrom(_io_item(item))
    elif kind == ALARM_POPUP:
        response.popup.CopyFrom(_popup_item(item))
    elif kind == ALARM_BUZZER:
        response.buzzer.CopyFrom(_buzzer_item(item))
    else:  # pragma: no cover - item_of makes no other kinds
        raise ValueError(f"not a feed item: {kind}")
