"""How alarms are said and coloured on the console: states, priorities and
resolutions as translatable labels, the priority colours, and an alarm's source.

One table per enum (``QT_TRANSLATE_NOOP``), translated where it is shown.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from vedette_api.v1 import alarms_pb2
from vedette_console.error_words import fill
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
#: The built-in rules by their ``builtin`` key, named as the server seeds them
#: (``BUILTIN_TITLES`` in the server's alarms/rules.py).
BUILTIN_RULES: dict[str, str] = {
    "camera_offline": QT_TRANSLATE_NOOP("Alarms", "Camera offline"),
    "disk_full": QT_TRANSLATE_NOOP("Alarms", "Disk full"),
    "disk_error": QT_TRANSLATE_NOOP("Alarms", "Disk error"),
    "no_disk": QT_TRANSLATE_NOOP("Alarms", "No disk"),
    "disk_removed": QT_TRANSLATE_NOOP("Alarms", "Disk removed"),
    "disk_failing": QT_TRANSLATE_NOOP("Alarms", "Disk failing (S.M.A.R.T.)"),
    "illegal_access": QT_TRANSLATE_NOOP("Alarms", "Illegal access"),
    "network_down": QT_TRANSLATE_NOOP("Alarms", "Network down"),
    "ip_conflict": QT_TRANSLATE_NOOP("Alarms", "IP conflict"),
    "io_device_offline": QT_TRANSLATE_NOOP("Alarms", "I/O device offline"),
    "manual": QT_TRANSLATE_NOOP("Alarms", "Manual alarm"),
}
_BUILTIN_NAMES = frozenset(BUILTIN_RULES.values())
#: What the server says of an event (an alarm's title after its rule's name, an
#: event's log entry): its sources' English forms (the server's alarms/sources.py
#: and engine.py), each placeholder a value shown as it is.
MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Alarms", "camera {camera} offline ({reason})"),
    QT_TRANSLATE_NOOP("Alarms", "camera {camera} offline"),
    QT_TRANSLATE_NOOP("Alarms", "camera {camera} online again"),
    QT_TRANSLATE_NOOP("Alarms", "I/O device {device} back online"),
    QT_TRANSLATE_NOOP("Alarms", "I/O device {device} offline: {detail}"),
    QT_TRANSLATE_NOOP("Alarms", "I/O device {device} offline"),
    QT_TRANSLATE_NOOP("Alarms", "network {interface} is up again"),
    QT_TRANSLATE_NOOP("Alarms", "network {interface} is down: {why}"),
    QT_TRANSLATE_NOOP("Alarms", "network {interface} is down"),
    QT_TRANSLATE_NOOP("Alarms", "IP address {address} ({interface}) also used by {other}"),
    QT_TRANSLATE_NOOP("Alarms", "IP address {address} ({interface}) no longer used by {other}"),
    QT_TRANSLATE_NOOP(
        "Alarms", "volume {volume} ({path}): disk {device} failing (S.M.A.R.T.): {why}"
    ),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}): disk {device} failing (S.M.A.R.T.)"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}): disk {device} passes"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk full: {why}"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk full"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk error: {why}"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk error"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}): writing camera {camera} failed: {why}"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk removed: {why}"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) disk removed"),
    QT_TRANSLATE_NOOP("Alarms", "volume {volume} ({path}) is {state}"),
    QT_TRANSLATE_NOOP("Alarms", "no volume to record to"),
    QT_TRANSLATE_NOOP("Alarms", "a volume is writable again"),
    QT_TRANSLATE_NOOP("Alarms", "illegal access: {failures} failed logins as {user} from {peer}"),
    QT_TRANSLATE_NOOP("Alarms", "input {input} active"),
    QT_TRANSLATE_NOOP("Alarms", "input {input} inactive"),
    QT_TRANSLATE_NOOP("Alarms", "motion on camera {camera}"),
    QT_TRANSLATE_NOOP("Alarms", "{kind} on camera {camera} (ONVIF {topic})"),
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _matcher(template: str) -> re.Pattern[str]:
    """``template`` as a pattern, each placeholder a named group."""
    parts = _PLACEHOLDER.split(template)  # text, name, text, name, ..., text
    pattern = "".join(
        f"(?P<{part}>.+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(pattern, re.DOTALL)


_MATCHERS: list[tuple[re.Pattern[str], str]] = [(_matcher(m), m) for m in MESSAGES]
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


def rule_label(name: str, builtin: str | None = None) -> str:
    """A rule's name in the shown language when it is a built-in rule's as seeded
    (by its ``builtin`` key when known, else by the name alone); a name an operator
    gave (their own rule's, a renamed built-in one) as written."""
    if builtin is not None:
        seeded = BUILTIN_RULES.get(builtin)
        return tr(seeded) if seeded is not None and seeded == name else name
    return tr(name) if name in _BUILTIN_NAMES else name


def message_label(message: str) -> str:
    """What the server said of an event in the shown language when it has a known
    form (its values as they are), else as the server wrote it."""
    for pattern, template in _MATCHERS:
        match = pattern.fullmatch(message)
        if match is not None:
            return fill(tr(template), match.groupdict()) or message
    return message


def title_label(title: str, rule_name: str) -> str:
    """An alarm's title in the shown language: the server makes it "rule: what
    happened"; a title given by hand (a manual alarm's) stays as written."""
    prefix = f"{rule_name}: "
    if not rule_name or not title.startswith(prefix):
        return title
    text = tr(QT_TRANSLATE_NOOP("Alarms", "{rule}: {message}"))
    rule, message = rule_label(rule_name), message_label(title[len(prefix) :])
    return fill(text, {"rule": rule, "message": message}) or title


def alarm_title(alarm: alarms_pb2.Alarm) -> str:
    """``alarm``'s title in the shown language (its rule's name when it has none)."""
    if not alarm.title:
        return rule_label(alarm.rule_name)
    return title_label(alarm.title, alarm.rule_name)
