"""How the rules editor names things: event types, subtypes, actions, priorities,
and where a server refusal's field (``definition.actions[2].seconds``) is shown."""

from __future__ import annotations

import re
from typing import Any, Final

from vedette_console.alarm_admin.pickers import tr
from vedette_console.i18n import QT_TRANSLATE_NOOP

EVENT_TYPES: Final = ("motion", "sensor", "analytics", "exception", "manual")
EVENT_LABELS: Final = {
    "motion": QT_TRANSLATE_NOOP("alarm_admin", "Motion"),
    "sensor": QT_TRANSLATE_NOOP("alarm_admin", "Sensor input"),
    "analytics": QT_TRANSLATE_NOOP("alarm_admin", "Camera analytics"),
    "exception": QT_TRANSLATE_NOOP("alarm_admin", "Exception"),
    "manual": QT_TRANSLATE_NOOP("alarm_admin", "Manual alarm"),
}
#: Subtypes the server knows (others: free text, e.g. a motion area's name).
KNOWN_SUBTYPES: Final = {
    "analytics": (
        "line_crossing",
        "intrusion",
        "object_left",
        "object_removed",
        "tamper",
        "face",
        "people",
        "vehicle",
        "loitering",
        "audio",
        "other",
    ),
    "exception": (
        "camera_offline",
        "disk_full",
        "disk_error",
        "no_disk",
        "disk_removed",
        "disk_failing",
        "illegal_access",
        "network_down",
        "ip_conflict",
        "io_device_offline",
    ),
}
ACTION_LABELS: Final = {
    "record": QT_TRANSLATE_NOOP("alarm_admin", "record"),
    "snapshot": QT_TRANSLATE_NOOP("alarm_admin", "snapshot"),
    "output": QT_TRANSLATE_NOOP("alarm_admin", "output"),
    "ptz_preset": QT_TRANSLATE_NOOP("alarm_admin", "PTZ preset"),
    "buzzer": QT_TRANSLATE_NOOP("alarm_admin", "buzzer"),
    "video_popup": QT_TRANSLATE_NOOP("alarm_admin", "video popup"),
    "message_popup": QT_TRANSLATE_NOOP("alarm_admin", "message popup"),
    "email": QT_TRANSLATE_NOOP("alarm_admin", "e-mail"),
    "webhook": QT_TRANSLATE_NOOP("alarm_admin", "webhook"),
}
PRIORITY_LABELS: Final = {
    1: QT_TRANSLATE_NOOP("alarm_admin", "1 — high"),
    2: QT_TRANSLATE_NOOP("alarm_admin", "2 — medium"),
    3: QT_TRANSLATE_NOOP("alarm_admin", "3 — low"),
}


def events_summary(definition: dict[str, Any]) -> str:
    events = definition.get("events")
    if not isinstance(events, dict):
        return ""
    parts = []
    for name, subtypes in events.items():
        label = tr(EVENT_LABELS.get(str(name), str(name)))
        if isinstance(subtypes, list) and subtypes:
            label = f"{label} ({', '.join(str(s) for s in subtypes)})"
        parts.append(label)
    return "; ".join(parts)


def actions_summary(definition: dict[str, Any]) -> str:
    actions = definition.get("actions")
    names = []
    if isinstance(actions, list):
        for action in actions:
            kind = action.get("kind", "") if isinstance(action, dict) else ""
            names.append(tr(ACTION_LABELS.get(kind, kind)))
    alarm = definition.get("alarm")
    if isinstance(alarm, dict):
        names.append(tr("alarm P{priority}").format(priority=alarm.get("priority", 2)))
    return ", ".join(names) if names else tr("nothing")


_FIELD = re.compile(r"^([A-Za-z_][\w.\[\]]*): ")


def refused_field(message: str) -> str:
    """The field a server refusal names ("definition.alarm.priority: must be 1..3"
    → "definition.alarm.priority"); "" when it names none."""
    match = _FIELD.match(message)
    return match.group(1) if match else ""


def action_index(field: str) -> int | None:
    """The action a field is in (``definition.actions[2].seconds`` → 2)."""
    match = re.match(r"definition\.actions\[(\d+)\]", field)
    return int(match.group(1)) if match else None
