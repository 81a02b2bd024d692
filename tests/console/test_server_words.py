"""What the server writes in a known form reads in French in a French console
(issue 18): its built-in rules' names, the alarm titles it makes ("rule: what
happened") and its alarm log entries; what an operator named (a rule, a renamed
built-in rule, a manual alarm's title, a note) stays as written.

The English comes from the server's own code (``BUILTIN_TITLES``, ``signal_of``,
``AlarmLog``), so a form the server changes without the console fails here."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from vedette_api.v1 import alarms_pb2, system_pb2
from vedette_console import log_words
from vedette_console.alarms import words
from vedette_console.i18n import Translators, ts_tool
from vedette_server.alarms import bus
from vedette_server.alarms.alarm_log import AlarmLog
from vedette_server.alarms.model import Activity, ActivityKind, Alarm, AlarmState, Resolution
from vedette_server.alarms.rules import BUILTIN_TITLES
from vedette_server.alarms.sources import MOTION_SOURCE, signal_of
from vedette_server.alarms.store import AlarmView
from vedette_server.events import EventBus, ServerEvent
from vedette_server.system_log import LogType

#: Events the server's sources word (one per English form they have).
EVENTS = [
    ("camera_offline", {"camera_id": 3, "camera": "Quai", "reason": "timed out"}),
    ("camera_offline", {"camera_id": 3, "camera": "Quai"}),
    ("camera_online", {"camera_id": 3, "camera": "Quai"}),
    ("io.device", {"device_id": 2, "name": "Boîtier", "online": False, "detail": "refused"}),
    ("io.device", {"device_id": 2, "name": "Boîtier", "online": False}),
    ("io.device", {"device_id": 2, "name": "Boîtier", "online": True}),
    ("network.link", {"interface": "eth0", "up": False, "why": "no carrier"}),
    ("network.link", {"interface": "eth0", "up": False}),
    ("network.link", {"interface": "eth0", "up": True}),
    ("network.ip_conflict", {"address": "10.0.0.9", "interface": "eth0", "other_mac": "aa:bb"}
     | {"conflict": True}),
    ("network.ip_conflict", {"address": "10.0.0.9", "interface": "eth0", "other_mac": "aa:bb"}
     | {"conflict": False}),
    ("disk_health", {"volume_id": 1, "path": "/srv/v1", "device": "/dev/sdb", "failing": True}
     | {"message": "reallocated sectors"}),
    ("disk_health", {"volume_id": 1, "path": "/srv/v1", "device": "/dev/sdb", "failing": True}),
    ("disk_health", {"volume_id": 1, "path": "/srv/v1", "device": "/dev/sdb", "failing": False}),
    ("volume_write_error", {"volume_id": 1, "path": "/srv/v1", "camera_id": 3, "camera": "Quai"}
     | {"stream": "main", "reason": "errno 5"}),
    ("illegal_access", {"username": "intrus", "peer": "10.0.0.7", "failures": 5}),
    ("io.input", {"point_id": 7, "name": "Porte", "active": True}),
    ("io.input", {"point_id": 7, "name": "Porte", "active": False}),
    ("camera.event", {"camera_id": 3, "source": MOTION_SOURCE, "state": True}),
    ("camera.event", {"camera_id": 3, "kind": "line_crossing", "topic": "tns1:X", "state": True}
     | {"source": "VideoSource_1"}),
]  # fmt: skip
#: English words none of the French forms keep (the values above have none; "volume"
#: and "active" are French too).
ENGLISH = re.compile(
    r"\b(camera|offline|online|again|device|network|is|down|up|address|used|by|"
    r"disk|failing|passes|illegal|access|failed|logins|as|from|input|"
    r"motion|on|raised|event|manual|system)\b",
    re.IGNORECASE,
)


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    """The built French translation for the test, English again after it."""
    ts_tool.release("fr")
    translators = Translators(qapp)
    assert translators.install(system_pb2.LANGUAGE_FRENCH)
    try:
        yield
    finally:
        translators.install(system_pb2.LANGUAGE_ENGLISH)


def english_left(text: str, *values: str) -> list[str]:
    for value in values:
        text = text.replace(value, "")
    return ENGLISH.findall(text)


def test_every_built_in_rule_is_named_in_french_unless_renamed(french: None) -> None:
    assert set(words.BUILTIN_RULES) == set(BUILTIN_TITLES)
    for kind, title in BUILTIN_TITLES.items():
        assert words.BUILTIN_RULES[kind] == title  # the name as the server seeds it
        french_name = words.rule_label(title, kind)
        assert french_name != title and words.rule_label(title) == french_name
        # Renamed by an operator: their name, in any language.
        assert words.rule_label("Quai 3 sans image", kind) == "Quai 3 sans image"
    assert words.rule_label("Camera offline", "camera_offline") == "Caméra hors ligne"
    # An operator's own rule, even named like another built-in rule's kind.
    assert words.rule_label("Entrée nord") == "Entrée nord"
    assert words.rule_label("Disk full", "manual") == "Disk full"


@pytest.mark.parametrize(("kind", "facts"), EVENTS)
def test_what_the_server_says_of_an_event_is_french(
    french: None, kind: str, facts: dict[str, Any]
) -> None:
    signal = signal_of(ServerEvent(kind, facts, time_us=1))
    assert signal is not None and signal.message
    said = words.message_label(signal.message)
    values = [str(v) for v in facts.values() if not isinstance(v, bool)]
    assert said != signal.message and not english_left(said, *values), said
    for value in ("Quai", "Boîtier", "eth0", "10.0.0.9", "/dev/sdb", "intrus", "Porte"):
        assert (value in said) == (value in signal.message)  # values shown as they are
    # The alarm title a built-in rule makes of it (the engine's "rule: message").
    rule = BUILTIN_TITLES["camera_offline"]
    title = words.title_label(f"{rule}: {signal.message}", rule)
    assert title == f"Caméra hors ligne\u202f: {said}"


def test_titles_an_operator_gave_stay_as_written(french: None) -> None:
    manual = alarms_pb2.Alarm(title="Porte forcée", rule_name="Manual alarm")
    assert words.alarm_title(manual) == "Porte forcée"
    own = alarms_pb2.Alarm(title="Entrée nord: input Porte active", rule_name="Entrée nord")
    assert words.alarm_title(own) == "Entrée nord\u202f: entrée Porte active"
    unknown = alarms_pb2.Alarm(title="Disk full: something new", rule_name="Disk full")
    assert words.alarm_title(unknown) == "Disque plein\u202f: something new"
    assert words.alarm_title(alarms_pb2.Alarm(rule_name="Disk full")) == "Disque plein"


class _Entries:
    """An EntryWriter keeping what the alarm log gives it."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def record(self, type: LogType, action: str, message: str, **more: Any) -> None:
        self.entries.append({"action": action, "message": message, **more})

    def publish(self, kind: str, **facts: Any) -> None:
        raise AssertionError("the alarm log publishes nothing")


_TITLE = "Camera offline: camera Quai offline (timed out)"
_RAISED = Alarm(7, 1, "exc:camera_offline:3", _TITLE, 2, "exception", AlarmState.NEW, 10, 10)


def test_alarm_log_entries_are_french(french: None) -> None:
    """Each lifecycle entry the server's alarm log writes, as the console words it."""
    entries = _Entries()
    alarm_log = AlarmLog(EventBus(), entries)
    escalated = dataclasses.replace(_RAISED, escalated=True)
    acked = dataclasses.replace(escalated, state=AlarmState.IN_PROGRESS)
    held = dataclasses.replace(acked, state=AlarmState.ON_HOLD)
    closed = dataclasses.replace(held, state=AlarmState.CLOSED, resolution=Resolution.FALSE_ALARM)
    auto = dataclasses.replace(_RAISED, state=AlarmState.CLOSED, resolution=Resolution.AUTO)
    steps = [
        (_RAISED, ActivityKind.CREATED, "system", None, ""),
        (escalated, ActivityKind.ESCALATION, "system", AlarmState.NEW, ""),
        (acked, ActivityKind.STATE, "bob", AlarmState.NEW, ""),
        (held, ActivityKind.STATE, "bob", AlarmState.IN_PROGRESS, ""),
        (closed, ActivityKind.STATE, "bob", AlarmState.ON_HOLD, "vu sur place"),
        (auto, ActivityKind.AUTO_CLOSE, "system", AlarmState.NEW, ""),
    ]
    for alarm, kind, actor, before, text in steps:
        view = AlarmView(alarm, "Camera offline", 3)
        activity = Activity(
            alarm.id, kind, actor, 20, before, alarm.state, alarm.version, text=text
        )
        alarm_log.handle(bus.alarm_changed(view, activity, fresh=kind is ActivityKind.CREATED))
    assert len(entries.entries) == len(steps)
    for written in entries.entries:
        entry = system_pb2.LogEntry(
            action=written["action"],
            message=written["message"],
            username=written["username"],
            detail_json=json.dumps(written["detail"]),
        )
        said = log_words.log_text(entry)
        assert said.startswith("Alarme 7 "), said
        assert "Caméra hors ligne\u202f: caméra Quai hors ligne (timed out)" in said, said
        assert not english_left(said, "Quai", "timed out", "bob", "vu sur place"), said
        assert log_words.log_user(entry) in ("bob", "système")
    # An entry written before the detail carried the title: the server's sentence.
    old = system_pb2.LogEntry(action="alarm.raised", message="alarm 7 raised: x")
    assert log_words.log_text(old) == "alarm 7 raised: x"
