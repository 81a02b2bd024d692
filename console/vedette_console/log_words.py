"""A system log entry in the operator's language (SYS-09, issue 16 §3).

The server writes each entry with a stable code (``LogEntry.action``: ``login``,
``camera.offline``, ``volume.full``…), its parameters (``detail_json``, and the
entry's ``username``, ``peer`` and ``camera_id``) and an English sentence
(``message``). ``log_text(entry)`` is the code's sentence, translated in the
``log`` context and filled with the parameters; an entry whose code the console has
no sentence for, or whose parameters lack one the sentence names, shows the
server's English sentence, which always says it.

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

from vedette_api.v1 import system_pb2
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


def log_text(entry: system_pb2.LogEntry) -> str:
    """The entry in the shown language, or the server's English sentence when the
    console has no sentence for its code or lacks a parameter it names."""
    sentence = SENTENCES.get(entry.action)
    text = None
    if sentence is not None:
        text = fill(QCoreApplication.translate(CONTEXT, sentence), parameters(entry))
    if text is None:
        return entry.message
    if entry.type == system_pb2.LOG_TYPE_OPERATION and entry.outcome not in _NOT_REFUSED:
        refused = QCoreApplication.translate(CONTEXT, REFUSED)
        return fill(refused, {"text": text, "outcome": entry.outcome}) or text
    return text
