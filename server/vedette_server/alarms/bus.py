"""What the alarm side publishes on the server's event bus, and how (the kinds and
their facts are the contract with the live feed, ``api/alarm_service.py``).

- ``alarm.changed`` {alarm, activity, camera_ids, rule_name, instructions, fresh}: an
  alarm was raised, folded into, or changed by an operator or the system; ``fresh``
  only for a new alarm (or a repeat after a silence longer than its merge window)
  that deserves a toast and a sound;
- ``event.logged`` {event_id, camera_id, type, subtype, key, start_us, end_us, count,
  source, message}: an event started, repeated or ended;
- ``alarm.popup`` {kind: "video"|"message", camera_id, text, duration_s, alarm_id,
  rule_id}; ``alarm.buzzer`` {on, priority, duration_s, alarm_id, actor}.
"""

from __future__ import annotations

from typing import Final

from vedette_server.alarms.model import Activity
from vedette_server.alarms.store import AlarmView
from vedette_server.events import ServerEvent

ALARM_CHANGED: Final = "alarm.changed"
EVENT_LOGGED: Final = "event.logged"
ALARM_POPUP: Final = "alarm.popup"
ALARM_BUZZER: Final = "alarm.buzzer"


def alarm_changed(view: AlarmView, activity: Activity | None, *, fresh: bool) -> ServerEvent:
    return ServerEvent(
        ALARM_CHANGED,
        {
            "alarm": view.alarm,
            "activity": activity,
            "camera_ids": view.camera_ids,
            "rule_name": view.rule_name,
            "instructions": view.instructions,
            "fresh": fresh,
        },
    )


def buzzer(on: bool, *, priority: int, duration_s: float, alarm_id: int, actor: str) -> ServerEvent:
    facts = {
        "on": on,
        "priority": priority,
        "duration_s": duration_s,
        "alarm_id": alarm_id,
        "actor": actor,
    }
    return ServerEvent(ALARM_BUZZER, facts)
