"""The alarm log listener: which bus items become ALARM entries, and the limiter."""

from __future__ import annotations

import dataclasses
from typing import Any

from vedette_server.alarms import bus
from vedette_server.alarms.alarm_log import AlarmLog
from vedette_server.alarms.model import Activity, ActivityKind, Alarm, AlarmState, Resolution
from vedette_server.alarms.store import AlarmView
from vedette_server.events import EventBus, ServerEvent
from vedette_server.system_log import LogType


class _Entries:
    """An EntryWriter keeping what it is given."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def record(self, type: LogType, action: str, message: str, **more: Any) -> None:
        self.entries.append({"type": type, "action": action, "message": message, **more})

    def publish(self, kind: str, **facts: Any) -> None:
        raise AssertionError("the alarm log publishes nothing")

    def actions(self) -> list[str]:
        return [e["action"] for e in self.entries]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _listener(**kw: Any) -> tuple[AlarmLog, _Entries, _Clock]:
    entries, clock = _Entries(), _Clock()
    return AlarmLog(EventBus(), entries, clock=clock, **kw), entries, clock


def _event(event_id: int, **facts: Any) -> ServerEvent:
    base: dict[str, Any] = {
        "event_id": event_id,
        "camera_id": 4,
        "type": "sensor",
        "subtype": "input",
        "key": "input:7",
        "start_us": 10,
        "end_us": None,
        "count": 1,
        "source": "io",
        "message": "door",
    }
    return ServerEvent(bus.EVENT_LOGGED, {**base, **facts})


_ALARM = Alarm(1, 2, "input:7", "Door: door", 2, "", AlarmState.NEW, 10, 10)


def _changed(
    alarm: Alarm, kind: ActivityKind, actor: str, before: AlarmState | None
) -> ServerEvent:
    view = AlarmView(alarm, "Door", 4, related_cameras=(5,))
    activity = Activity(alarm.id, kind, actor, 20, before, alarm.state, alarm.version)
    return bus.alarm_changed(view, activity, fresh=kind is ActivityKind.CREATED)


def test_an_event_start_is_one_entry_with_its_camera_and_key() -> None:
    alarm_log, entries, _ = _listener()
    alarm_log.handle(_event(1))
    alarm_log.handle(_event(1, count=2))  # a repeat counted on the row
    alarm_log.handle(_event(1, end_us=50))  # its end
    assert entries.actions() == ["event.sensor"]
    entry = entries.entries[0]
    assert entry["type"] is LogType.ALARM
    assert entry["camera_id"] == 4
    assert entry["detail"]["key"] == "input:7"
    assert entry["detail"]["subtype"] == "input"
    assert "camera 4" in entry["message"] and "door" in entry["message"]


def test_exceptions_and_unseen_ends_are_not_written() -> None:
    alarm_log, entries, _ = _listener()
    alarm_log.handle(_event(1, type="exception", subtype="camera_offline", key="camera:4"))
    alarm_log.handle(_event(2, end_us=99))  # an end whose start was not seen
    alarm_log.handle(_event(3, count=3))  # a repeat
    alarm_log.handle(_event(4, type="manual", subtype="Fire", end_us=10, camera_id=None))
    assert entries.actions() == ["event.manual"]
    assert entries.entries[0]["camera_id"] is None


def test_an_alarm_lifecycle_is_written_and_folds_are_not() -> None:
    alarm_log, entries, _ = _listener()
    alarm_log.handle(_changed(_ALARM, ActivityKind.CREATED, "system", None))
    folded = dataclasses.replace(_ALARM, count=2)
    alarm_log.handle(_changed(folded, ActivityKind.MERGED, "system", AlarmState.NEW))
    alarm_log.handle(_changed(folded, ActivityKind.COMMENT, "ann", AlarmState.NEW))
    escalated = dataclasses.replace(folded, priority=1, escalated=True)
    alarm_log.handle(_changed(escalated, ActivityKind.ESCALATION, "system", AlarmState.NEW))
    acked = dataclasses.replace(escalated, state=AlarmState.IN_PROGRESS, owner="ann")
    alarm_log.handle(_changed(acked, ActivityKind.STATE, "ann", AlarmState.NEW))
    held = dataclasses.replace(acked, state=AlarmState.ON_HOLD)
    alarm_log.handle(_changed(held, ActivityKind.STATE, "ann", AlarmState.IN_PROGRESS))
    closed = dataclasses.replace(
        held, state=AlarmState.CLOSED, resolution=Resolution.FALSE_ALARM, closed_by="bob"
    )
    alarm_log.handle(_changed(closed, ActivityKind.STATE, "bob", AlarmState.ON_HOLD))
    assert entries.actions() == [
        "alarm.raised",
        "alarm.escalated",
        "alarm.acknowledged",
        "alarm.state",
        "alarm.closed",
    ]
    close = entries.entries[-1]
    assert close["username"] == "bob"
    assert close["camera_id"] == 4
    assert close["detail"]["resolution"] == "false_alarm"
    assert close["detail"]["camera_ids"] == [4, 5]
    assert "false alarm" in close["message"] and "by bob" in close["message"]


def test_a_burst_is_bounded_and_its_suppressed_count_written() -> None:
    alarm_log, entries, clock = _listener(burst=5, interval_s=60.0)
    for n in range(200):  # 200 starts of one input, each a new row
        alarm_log.handle(_event(100 + n))
    assert entries.actions() == ["event.sensor"] * 5
    alarm_log.handle(_event(1, key="input:8"))  # another key has its own budget
    assert entries.actions()[-1] == "event.sensor"
    clock.now += 61
    alarm_log.handle(_event(500))
    suppressed = [e for e in entries.entries if e["action"] == "alarm_log.suppressed"]
    assert len(suppressed) == 1
    assert "195" in suppressed[0]["message"] and "input:7" in suppressed[0]["message"]
    assert entries.actions()[-1] == "event.sensor"


def test_malformed_items_are_skipped() -> None:
    alarm_log, entries, _ = _listener()
    alarm_log.handle(ServerEvent(bus.EVENT_LOGGED, {"type": "sensor"}))
    alarm_log.handle(ServerEvent(bus.ALARM_CHANGED, {"alarm": None, "activity": "x"}))
    alarm_log.handle(_event(1))
    assert alarm_log.bad_items == 2
    assert entries.actions() == ["event.sensor"]


def test_exceptions_no_source_logs_are_written_once_with_their_end() -> None:
    alarm_log, entries, _ = _listener()
    link = {"type": "exception", "subtype": "network_down", "key": "exc:network_down:eth0"}
    alarm_log.handle(_event(7, camera_id=None, message="network eth0 is down", **link))
    alarm_log.handle(_event(7, camera_id=None, count=2, **link))  # said again
    alarm_log.handle(_event(7, camera_id=None, end_us=99, message="network eth0 is up", **link))
    alarm_log.handle(_event(7, camera_id=None, end_us=99, **link))  # told twice: once
    assert [(e["type"], e["action"]) for e in entries.entries] == [
        (LogType.EXCEPTION, "exception.network_down"),
        (LogType.INFORMATION, "exception.network_down.cleared"),
    ]
    assert entries.entries[0]["message"] == "network eth0 is down"
    # Sources that write their own entries are not repeated.
    offline = {"type": "exception", "subtype": "camera_offline", "key": "exc:camera_offline:4"}
    alarm_log.handle(_event(8, **offline))
    assert len(entries.entries) == 2
