"""How alarms are said and coloured on the console: states, priorities and
resolutions as translatable labels, the priority colours, and an alarm's source.

One table per enum (``QT_TRANSLATE_NOOP``), translated where it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from vedette_api.v1 import alarms_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Alarms"

STATE_LABELS: dict[int, str] = {
    alarms_pb2.ALARM_STATE_NEW: QT_TRANSLATE_NOOP("Alarms", "New"),
    alarms_pb2.ALARM_STATE_IN_PROGRESS: QT_TRANSLATE_NOOP("Alarms", "In progress"),
    alarms_pb2.ALARM_STATE_ON_HOLD: QT_TRANSLATE_NOOP("Alarms", "On hold"),
    alarms_pb2.ALARM_STATE_CLOSED: QT_TRANSLATE_NOOP("Alarms", "Closed"),
}
PRIORITY_LABELS: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("Alarms", "High"),
    2: QT_TRANSLATE_NOOP("Alarms", "Medium"),
    3: QT_TRANSLATE_NOOP("Alarms", "Low"),
}
#: The resolutions an operator may close with (AUTO is the system's).
RESOLUTION_LABELS: dict[int, str] = {
    alarms_pb2.RESOLUTION_TRUE_ALARM: QT_TRANSLATE_NOOP("Alarms", "True alarm"),
    alarms_pb2.RESOLUTION_FALSE_ALARM: QT_TRANSLATE_NOOP("Alarms", "False alarm"),
    alarms_pb2.RESOLUTION_TEST: QT_TRANSLATE_NOOP("Alarms", "Test"),
    alarms_pb2.RESOLUTION_TECHNICAL_FAULT: QT_TRANSLATE_NOOP("Alarms", "Technical fault"),
    alarms_pb2.RESOLUTION_OTHER: QT_TRANSLATE_NOOP("Alarms", "Other"),
}
_AUTO = QT_TRANSLATE_NOOP("Alarms", "Closed by the system")
#: What an activity of an alarm's history did (``AlarmActivity.kind``).
ACTIVITY_LABELS: dict[str, str] = {
    "created": QT_TRANSLATE_NOOP("Alarms", "created"),
    "merged": QT_TRANSLATE_NOOP("Alarms", "triggered again"),
    "state": QT_TRANSLATE_NOOP("Alarms", "state"),
    "assign": QT_TRANSLATE_NOOP("Alarms", "assigned"),
    "priority": QT_TRANSLATE_NOOP("Alarms", "priority"),
    "category": QT_TRANSLATE_NOOP("Alarms", "category"),
    "comment": QT_TRANSLATE_NOOP("Alarms", "comment"),
    "escalation": QT_TRANSLATE_NOOP("Alarms", "escalated"),
    "auto_close": QT_TRANSLATE_NOOP("Alarms", "closed by itself"),
    "action": QT_TRANSLATE_NOOP("Alarms", "action"),
}
#: The actor of what the server did by itself.
_SYSTEM = "system"
#: Priority → colour (toasts' bands, the list's priority column, tile badges).
PRIORITY_COLORS: dict[int, str] = {1: "#d64545", 2: "#e08a2c", 3: "#4f8fd6"}
_NO_PRIORITY_COLOR = "#8a93a3"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def state_label(state: int) -> str:
    return tr(STATE_LABELS.get(state, "?"))


def priority_label(priority: int) -> str:
    return tr(PRIORITY_LABELS.get(priority, "?"))


def resolution_label(resolution: int) -> str:
    if resolution == alarms_pb2.RESOLUTION_AUTO:
        return tr(_AUTO)
    if resolution == alarms_pb2.RESOLUTION_UNSPECIFIED:
        return ""
    return tr(RESOLUTION_LABELS.get(resolution, "?"))


def priority_color(priority: int) -> QColor:
    return QColor(PRIORITY_COLORS.get(priority, _NO_PRIORITY_COLOR))


def activity_label(kind: str) -> str:
    """An activity's kind in words (a kind this console does not know as it is)."""
    label = ACTIVITY_LABELS.get(kind)
    return tr(label) if label is not None else kind


def actor_label(actor: str) -> str:
    """Who did it: a user's name, or the system in words."""
    return tr("system") if actor == _SYSTEM else actor


def camera_label(camera_id: int, names: dict[int, str]) -> str:
    """The alarm's camera by name, or "server" for a server-wide alarm."""
    if not camera_id:
        return tr(QT_TRANSLATE_NOOP("Alarms", "Server"))
    return names.get(camera_id) or tr(QT_TRANSLATE_NOOP("Alarms", "Camera {id}")).format(
        id=camera_id
    )


def is_open(alarm: alarms_pb2.Alarm) -> bool:
    return alarm.state != alarms_pb2.ALARM_STATE_CLOSED
