"""A system log entry in the operator's language (SYS-09, issue 16 §3).

The server writes each entry with a stable code (``LogEntry.action``: ``login``,
``camera.offline``, ``volume.full``…), its parameters (``detail_json``, and the
entry's ``username``, ``peer`` and ``camera_id``) and an English sentence
(``message``). ``log_text(entry)`` is the code's sentence, translated in the
``log`` context and filled with the parameters; an entry whose code the console has
no sentence for, or whose parameters lack one the sentence names, shows the
server's English sentence, which always says it.

The alarm side's entries (``alarm.raised``…, ``event.<type>``, ``exception.<kind>``)
are worded from their detail (the alarm's title, the event's message) with the alarm
desk's words (``alarms.words``); one written before the detail carried them shows
the server's sentence.

Parameters a sentence may name: ``user`` (the entry's user name), ``peer`` (its
address), ``camera_id``, and every plain value of the detail (a text, number or
true/false at its top level: ``camera``, ``reason``, ``path``, ``failures``…); a
refused operation (an operation whose ``outcome`` is a status code) is
prefixed "Refused (…):".
"""

from __future__ import annotations

import json
from typing import Final

from PySide6.QtCore import QCoreApplication

from vedette_api.v1 import alarms_pb2, system_pb2
from vedette_console.alarms import words
from vedette_console.error_words import fill
from vedette_console.i18n import QT_TRANSLATE_NOOP

CONTEXT: Final = "log"

#: Entry code (``LogEntry.action``) → English sentence (translated where shown).
SENTENCES: Final[dict[str, str]] = {
    # The server's own.
    "server.start": QT_TRANSLATE_NOOP("log", "The server started."),
    "server.stop": QT_TRANSLATE_NOOP("log", "The server stopped."),
    "camera.online": QT_TRANSLATE_NOOP("log", "Camera {camera} is online again."),
    "camera.offline": QT_TRANSLATE_NOOP("log", "Camera {camera} is offline ({reason})."),
    "camera.events_failed": QT_TRANSLATE_NOOP(
        "log", "Camera {camera_id}: its ONVIF events are unavailable."
    ),
    "camera.events_subscribed": QT_TRANSLATE_NOOP(
        "log", "Camera {camera_id}: its ONVIF events are subscribed again."
    ),
    "volume.available": QT_TRANSLATE_NOOP("log", "Volume {volume_id} ({path}) is writable again."),
    "volume.unavailable": QT_TRANSLATE_NOOP("log", "Volume {volume_id} ({path}) is unavailable."),
    "volume.full": QT_TRANSLATE_NOOP("log", "Volume {volume_id} ({path}) is full."),
    "volume.write_error": QT_TRANSLATE_NOOP(
        "log",
        "Volume {volume_id} ({path}): writing camera {camera}'s {stream} stream failed:"
        " {reason}. The volume takes writes and stays in use.",
    ),
    "volume.foreign": QT_TRANSLATE_NOOP(
        "log", "Volume {volume_id} ({path}) belongs to another server."
    ),
    "disk.failing": QT_TRANSLATE_NOOP(
        "log", "Volume {volume_id} ({path}): disk {device} is failing (S.M.A.R.T.): {message}."
    ),
    "disk.passed": QT_TRANSLATE_NOOP(
        "log", "Volume {volume_id} ({path}): disk {device} passes its S.M.A.R.T. check."
    ),
    "disk.unavailable": QT_TRANSLATE_NOOP(
        "log", "Volume {volume_id} ({path}): no S.M.A.R.T. data: {message}."
    ),
    "rtsp.unavailable": QT_TRANSLATE_NOOP("log", "RTSP re-streaming is off."),
    "maintenance.restart": QT_TRANSLATE_NOOP(
        "log", "The server restarted for its scheduled maintenance."
    ),
    "audit.dropped": QT_TRANSLATE_NOOP(
        "log", "Too many refused calls at once: they were not logged one by one."
    ),
    # Sign-ins.
    "login": QT_TRANSLATE_NOOP("log", "{user} signed in from {peer}."),
    "login.failed": QT_TRANSLATE_NOOP("log", "Failed sign-in as {user} from {peer}."),
    "illegal_access": QT_TRANSLATE_NOOP(
        "log", "Illegal access: {failures} failed sign-ins as {user} from {peer}."
    ),
    "logout": QT_TRANSLATE_NOOP("log", "{user} signed out."),
    "session.end": QT_TRANSLATE_NOOP("log", "{user} ended a session."),
    # What users did.
    "playback.start": QT_TRANSLATE_NOOP("log", "{user} started playback."),
    "settings.update": QT_TRANSLATE_NOOP("log", "{user} changed the settings."),
    "time.set": QT_TRANSLATE_NOOP("log", "{user} set the date and time."),
    "config.export": QT_TRANSLATE_NOOP("log", "{user} exported the configuration."),
    "config.import": QT_TRANSLATE_NOOP("log", "{user} imported a configuration."),
    "power.cancel": QT_TRANSLATE_NOOP("log", "{user} cancelled a restart or shutdown."),
    "host_network.update": QT_TRANSLATE_NOOP(
        "log", "{user} changed the network settings of interface {interface}."
    ),
    "camera.create": QT_TRANSLATE_NOOP("log", "{user} added a camera."),
    "camera.update": QT_TRANSLATE_NOOP("log", "{user} changed camera {camera_id}."),
    "camera.delete": QT_TRANSLATE_NOOP("log", "{user} deleted camera {camera_id}."),
    "camera.password.set": QT_TRANSLATE_NOOP(
        "log", "{user} changed the password of camera {camera_id}."
    ),
    "camera.streams.set": QT_TRANSLATE_NOOP(
        "log", "{user} changed the streams of camera {camera_id}."
    ),
    "camera.imaging.set": QT_TRANSLATE_NOOP(
        "log", "{user} changed the picture of camera {camera_id}."
    ),
    "recording.policy.set": QT_TRANSLATE_NOOP(
        "log", "{user} changed the recording of camera {camera_id}."
    ),
    # The entry names its cameras as a list (detail "cameras"), not one camera_id.
    "recording.manual.start": QT_TRANSLATE_NOOP("log", "{user} started manual recording."),
    "recording.manual.stop": QT_TRANSLATE_NOOP("log", "{user} stopped manual recording."),
    "user.create": QT_TRANSLATE_NOOP("log", "{user} added a user."),
    "user.update": QT_TRANSLATE_NOOP("log", "{user} changed a user."),
    "user.delete": QT_TRANSLATE_NOOP("log", "{user} deleted a user."),
    "user.reset_password": QT_TRANSLATE_NOOP("log", "{user} reset a user's password."),
    "user.change_password": QT_TRANSLATE_NOOP("log", "{user} changed their password."),
    "user.set_recovery_questions": QT_TRANSLATE_NOOP("log", "{user} set their recovery questions."),
    "group.create": QT_TRANSLATE_NOOP("log", "{user} added a permission group."),
    "group.update": QT_TRANSLATE_NOOP("log", "{user} changed a permission group."),
    "group.delete": QT_TRANSLATE_NOOP("log", "{user} deleted a permission group."),
    "volume.add": QT_TRANSLATE_NOOP("log", "{user} added a volume."),
    "volume.initialize": QT_TRANSLATE_NOOP("log", "{user} initialised a volume."),
    "volume.update": QT_TRANSLATE_NOOP("log", "{user} changed a volume."),
    "volume.remove": QT_TRANSLATE_NOOP("log", "{user} removed a volume."),
    "disk_group.update": QT_TRANSLATE_NOOP("log", "{user} changed a disk group."),
    "export.task.create": QT_TRANSLATE_NOOP("log", "{user} started an export."),
    "export.download": QT_TRANSLATE_NOOP("log", "{user} exported video."),
    "view.save": QT_TRANSLATE_NOOP("log", "{user} saved a view."),
    "view.delete": QT_TRANSLATE_NOOP("log", "{user} deleted a view."),
    "tour.save": QT_TRANSLATE_NOOP("log", "{user} saved a tour."),
    "tour.delete": QT_TRANSLATE_NOOP("log", "{user} deleted a tour."),
    "alarm.acknowledge": QT_TRANSLATE_NOOP("log", "{user} acknowledged an alarm."),
    "alarm.trigger": QT_TRANSLATE_NOOP("log", "{user} raised an alarm by hand."),
    "rule.put": QT_TRANSLATE_NOOP("log", "{user} saved an alarm rule."),
    "rule.delete": QT_TRANSLATE_NOOP("log", "{user} deleted an alarm rule."),
}

#: The alarm side's entries (the server's alarms/alarm_log.py), by code and whether
#: a user (not the system) did it; their title and note are the detail's.
ALARM_SENTENCES: Final[dict[tuple[str, bool], str]] = {
    ("alarm.raised", False): QT_TRANSLATE_NOOP("log", "Alarm {alarm_id} raised: {title}"),
    ("alarm.raised", True): QT_TRANSLATE_NOOP("log", "Alarm {alarm_id} raised by {user}: {title}"),
    ("alarm.escalated", False): QT_TRANSLATE_NOOP("log", "Alarm {alarm_id} escalated: {title}"),
    ("alarm.acknowledged", True): QT_TRANSLATE_NOOP(
        "log", "Alarm {alarm_id} acknowledged by {user}: {title}"
    ),
    ("alarm.closed", False): QT_TRANSLATE_NOOP(
        "log", "Alarm {alarm_id} closed ({resolution}): {title}"
    ),
    ("alarm.closed", True): QT_TRANSLATE_NOOP(
        "log", "Alarm {alarm_id} closed by {user} ({resolution}): {title}"
    ),
    ("alarm.state", False): QT_TRANSLATE_NOOP("log", "Alarm {alarm_id} is now {state}: {title}"),
    ("alarm.state", True): QT_TRANSLATE_NOOP(
        "log", "Alarm {alarm_id} is now {state} by {user}: {title}"
    ),
}
#: An event's entry (``event.<type>``), by its type.
EVENT_SENTENCES: Final[dict[str, str]] = {
    "motion": QT_TRANSLATE_NOOP("log", "Motion event"),
    "sensor": QT_TRANSLATE_NOOP("log", "Sensor event"),
    "analytics": QT_TRANSLATE_NOOP("log", "Analytics event"),
    "manual": QT_TRANSLATE_NOOP("log", "Manual event"),
}
_SUBTYPE: Final = QT_TRANSLATE_NOOP("log", "{what} ({subtype})")
_ON_CAMERA: Final = QT_TRANSLATE_NOOP("log", "{what} on camera {camera_id}")
_SAID: Final = QT_TRANSLATE_NOOP("log", "{what}: {message}")
_CLEARED: Final = QT_TRANSLATE_NOOP("log", "{message} (cleared)")
#: The server's words for an alarm's state and resolution (in the detail).
_STATES: Final = {
    "new": alarms_pb2.ALARM_STATE_NEW,
    "in_progress": alarms_pb2.ALARM_STATE_IN_PROGRESS,
    "on_hold": alarms_pb2.ALARM_STATE_ON_HOLD,
    "closed": alarms_pb2.ALARM_STATE_CLOSED,
}
_RESOLUTIONS: Final = {
    "true_alarm": alarms_pb2.RESOLUTION_TRUE_ALARM,
    "false_alarm": alarms_pb2.RESOLUTION_FALSE_ALARM,
    "test": alarms_pb2.RESOLUTION_TEST,
    "technical_fault": alarms_pb2.RESOLUTION_TECHNICAL_FAULT,
    "other": alarms_pb2.RESOLUTION_OTHER,
    "auto": alarms_pb2.RESOLUTION_AUTO,
}

REFUSED: Final = QT_TRANSLATE_NOOP("log", "Refused ({outcome}): {text}")
#: Outcomes of an operation that was not refused (a failed sign-in says so itself).
_NOT_REFUSED: Final = frozenset({"", "ok", "UNAUTHENTICATED"})


def parameters(entry: system_pb2.LogEntry) -> dict[str, str]:
    """The values a sentence may name (see the module's docstring), as text."""
    values: dict[str, str] = {}
    try:
        detail = json.loads(entry.detail_json) if entry.detail_json else {}
    except ValueError:
        detail = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(value, bool):
                values[key] = "true" if value else "false"
            elif isinstance(value, str | int | float):
                values[key] = str(value)
    if entry.username:
        values["user"] = entry.username
    if entry.peer:
        values["peer"] = entry.peer
    if entry.camera_id:
        values["camera_id"] = str(entry.camera_id)
    return values


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _alarm_text(entry: system_pb2.LogEntry, values: dict[str, str]) -> str | None:
    """An alarm's lifecycle entry (``alarm.raised``…): its title worded as the alarm
    desk words it, its state and resolution translated, its note as written."""
    by_user = bool(entry.username) and entry.username != "system"
    sentence = ALARM_SENTENCES.get((entry.action, by_user))
    if sentence is None or "title" not in values:
        return None
    values["title"] = words.title_label(values["title"], values.get("rule", ""))
    if values.get("state") in _STATES:
        values["state"] = words.state_label(_STATES[values["state"]])
    if values.get("resolution") in _RESOLUTIONS:
        values["resolution"] = words.resolution_label(_RESOLUTIONS[values["resolution"]])
    text = fill(_tr(sentence), values)
    if text is not None and values.get("text"):
        return fill(_tr(_SAID), {"what": text, "message": values["text"]})
    return text


def _event_text(entry: system_pb2.LogEntry, values: dict[str, str]) -> str | None:
    """An event's entry (``event.<type>``, ``exception.<subtype>[.cleared]``)."""
    if "message" not in values:
        return None  # written before the detail carried it
    message = words.message_label(values["message"])
    if entry.action.startswith("exception."):
        if entry.action.endswith(".cleared"):
            return fill(_tr(_CLEARED), {"message": message})
        return message
    kind = EVENT_SENTENCES.get(values.get("type", ""))
    if kind is None:
        return None
    text = _tr(kind)
    subtype = values.get("subtype", "")
    if subtype and subtype != values.get("type"):
        text = fill(_tr(_SUBTYPE), {"what": text, "subtype": subtype}) or text
    if entry.camera_id:
        text = fill(_tr(_ON_CAMERA), {"what": text, "camera_id": str(entry.camera_id)}) or text
    if message:
        text = fill(_tr(_SAID), {"what": text, "message": message}) or text
    return text


def log_user(entry: system_pb2.LogEntry) -> str:
    """Who the entry is about: a user's name, or (an alarm's entry) the system in words."""
    if entry.action.startswith("alarm."):
        return words.actor_label(entry.username)
    return entry.username


def log_text(entry: system_pb2.LogEntry) -> str:
    """The entry in the shown language, or the server's English sentence when the
    console has no sentence for its code or lacks a parameter it names."""
    sentence = SENTENCES.get(entry.action)
    text = None
    if sentence is not None:
        text = fill(_tr(sentence), parameters(entry))
    elif entry.action.startswith("alarm."):
        text = _alarm_text(entry, parameters(entry))
    elif entry.action.startswith(("event.", "exception.")):
        text = _event_text(entry, parameters(entry))
    if text is None:
        return entry.message
    if entry.type == system_pb2.LOG_TYPE_OPERATION and entry.outcome not in _NOT_REFUSED:
        refused = _tr(REFUSED)
        return fill(refused, {"text": text, "outcome": entry.outcome}) or text
    return text
