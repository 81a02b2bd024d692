"""Alarm rules as values, and their JSON ``definition`` (ALARM-03/04).

A rule: event types (with optional subtypes) × sources × arming schedule → actions,
at most once per ``interval_s`` per source, and optionally an alarm to raise. The
definition, stored in ``rule.definition`` (docs/alarms.md "Rules")::

    {"events": {"motion": [], "analytics": ["line_crossing"], "exception": []},
     "sources": {"cameras": "any" | [1, 2], "inputs": "any" | [3]},
     "condition": {"areas": ["door"], "items": {"Direction": "in"}},
     "interval_s": 0,
     "actions": [{"kind": "record", "camera_ids": [1]},
                 {"kind": "snapshot", "camera_ids": [1]},
                 {"kind": "output", "point_id": 4, "mode": "pulse", "seconds": 5},
                 {"kind": "ptz_preset", "camera_id": 2, "preset": 3},
                 {"kind": "buzzer", "duration_s": 10},
                 {"kind": "video_popup", "camera_id": 1, "duration_s": 30},
                 {"kind": "message_popup", "text": "Gate open", "duration_s": 30},
                 {"kind": "email", "recipient_ids": []},
                 {"kind": "webhook", "endpoint_ids": []}],
     "alarm": {"priority": 2, "category": "", "instructions": "", "related_cameras": [],
               "auto_close": false, "escalate_after_s": 0, "merge_window_s": 300}}

``events`` maps an event type to the subtypes it matches (empty: every subtype);
``alarm`` is absent or null for a rule that only runs actions. Parsing is strict:
unknown fields, wrong types and out-of-range values are refused with an
``InvalidArgument`` naming the field (``definition.actions[2].seconds``) and why.
Whether the cameras, inputs, schedules, recipients and endpoints named exist is the
catalog's check (``rule_book.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_server.alarms.model import check_priority, check_text
from vedette_server.errors import InvalidArgument
from vedette_server.search.events import EventType

MAX_NAME_CHARS: Final = 64
MAX_ACTIONS: Final = 32
MAX_IDS: Final = 256
MAX_RELATED_CAMERAS: Final = 16
MAX_TEXT_CHARS: Final = 1000
MAX_INTERVAL_S: Final = 86_400
MAX_DURATION_S: Final = 86_400
#: A condition's detection duration (ALARM-03: 5 s to 2 min), 0 aside.
MIN_DURATION_RANGE_S: Final = (5, 120)
MAX_DEFINITION_CHARS: Final = 64_000

ANALYTICS_SUBTYPES: Final = frozenset(
    {
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
    }
)
EXCEPTION_SUBTYPES: Final = frozenset(
    {
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
    }
)
#: Subtypes a rule may name per event type; None: any text (motion areas, input names).
SUBTYPES: Final[Mapping[EventType, frozenset[str] | None]] = {
    EventType.MOTION: None,
    EventType.SENSOR: None,
    EventType.ANALYTICS: ANALYTICS_SUBTYPES,
    EventType.EXCEPTION: EXCEPTION_SUBTYPES,
    EventType.MANUAL: None,
}
OUTPUT_MODES: Final = ("on", "off", "pulse")


@dataclass(frozen=True)
class RecordAction:
    camera_ids: tuple[int, ...]


@dataclass(frozen=True)
class SnapshotAction:
    camera_ids: tuple[int, ...]


@dataclass(frozen=True)
class OutputAction:
    point_id: int
    mode: str  # on | off | pulse
    seconds: float | None = None  # pulse only; None: the output's own pulse time


@dataclass(frozen=True)
class PtzPresetAction:
    camera_id: int
    preset: int


@dataclass(frozen=True)
class BuzzerAction:
    duration_s: float | None  # None: the server's setting (ALARM-07)


@dataclass(frozen=True)
class VideoPopupAction:
    camera_id: int | None  # None: the event's camera
    duration_s: float | None  # None: the server's setting (ALARM-07)


@dataclass(frozen=True)
class MessagePopupAction:
    text: str
    duration_s: float | None  # None: the server's setting (ALARM-07)


@dataclass(frozen=True)
class EmailAction:
    recipient_ids: tuple[int, ...]  # empty: every enabled recipient


@dataclass(frozen=True)
class WebhookAction:
    endpoint_ids: tuple[int, ...]  # empty: every enabled endpoint


Action = (
    RecordAction
    | SnapshotAction
    | OutputAction
    | PtzPresetAction
    | BuzzerAction
    | VideoPopupAction
    | MessagePopupAction
    | EmailAction
    | WebhookAction
)


@dataclass(frozen=True)
class AlarmSpec:
    """The alarm a rule raises."""

    priority: int = 2
    category: str = ""
    instructions: str = ""
    related_cameras: tuple[int, ...] = ()
    auto_close: bool = False
    escalate_after_s: int = 0  # 0: never
    merge_window_s: int = 300


@dataclass(frozen=True)
class Condition:
    """What an event must also have: one of the motion ``areas`` (by name), and each
    of ``items`` (an ONVIF event's Source/Data items, e.g. ``{"Direction": "in"}``)
    with the value given. Empty: no condition. ``min_duration_s`` (ALARM-03's
    detection duration): a stateful analytics, sensor or motion event fires the rule
    only once it has lasted that long (0: at once; else 5..120 s)."""

    areas: frozenset[str] = frozenset()
    items: Mapping[str, str] = field(default_factory=dict)
    min_duration_s: int = 0

    def holds(self, detail: Mapping[str, Any]) -> bool:
        if self.areas and not self.areas & set(detail.get("areas", ())):
            return False
        items = detail.get("items", {})
        return all(items.get(name) == value for name, value in self.items.items())


@dataclass(frozen=True)
class Definition:
    events: Mapping[EventType, frozenset[str]]
    cameras: frozenset[int] | None = None  # None: any
    inputs: frozenset[int] | None = None  # None: any
    interval_s: int = 0
    actions: tuple[Action, ...] = ()
    alarm: AlarmSpec | None = None
    condition: Condition = field(default_factory=Condition)

    def matches(self, type: EventType, subtype: str) -> bool:
        if type not in self.events:
            return False
        subtypes = self.events[type]
        return not subtypes or subtype in subtypes

    def covers_source(self, camera_id: int | None, input_id: int | None) -> bool:
        """A camera event needs its camera in ``cameras``, an input's its input in
        ``inputs``; a server-wide event (no camera, no input) is always covered."""
        if input_id is not None:
            return self.inputs is None or input_id in self.inputs
        if camera_id is not None:
            return self.cameras is None or camera_id in self.cameras
        return True

    def camera_ids(self) -> frozenset[int]:
        """Every camera the definition names (sources, actions, related cameras)."""
        ids = set(self.cameras or ())
        for action in self.actions:
            match action:
                case RecordAction(camera_ids=c) | SnapshotAction(camera_ids=c):
                    ids.update(c)
                case PtzPresetAction(camera_id=c) | VideoPopupAction(camera_id=int() as c):
                    ids.add(c)
        if self.alarm is not None:
            ids.update(self.alarm.related_cameras)
        return frozenset(ids)

    def to_json(self) -> dict[str, Any]:
        def ids(values: frozenset[int] | None) -> Any:
            return "any" if values is None else sorted(values)

        return {
            "events": {t.value: sorted(s) for t, s in sorted(self.events.items(), key=_type_key)},
            "sources": {"cameras": ids(self.cameras), "inputs": ids(self.inputs)},
            "interval_s": self.interval_s,
            "actions": [_action_json(a) for a in self.actions],
            "alarm": None if self.alarm is None else _alarm_json(self.alarm),
            "condition": {
                "areas": sorted(self.condition.areas),
                "items": dict(sorted(self.condition.items.items())),
                # Only when set: rules written before it read back unchanged.
                **(
                    {"min_duration_s": self.condition.min_duration_s}
                    if self.condition.min_duration_s
                    else {}
                ),
            },
        }


def _type_key(item: tuple[EventType, frozenset[str]]) -> str:
    return item[0].value


_ACTION_KINDS: Final[Mapping[type, str]] = {
    RecordAction: "record",
    SnapshotAction: "snapshot",
    OutputAction: "output",
    PtzPresetAction: "ptz_preset",
    BuzzerAction: "buzzer",
    VideoPopupAction: "video_popup",
    MessagePopupAction: "message_popup",
    EmailAction: "email",
    WebhookAction: "webhook",
}


def _action_json(action: Action) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": _ACTION_KINDS[type(action)]}
    for name, value in vars(action).items():
        if name == "duration_s" and value is None:
            continue  # the server's default: left out, as written
        body[name] = list(value) if isinstance(value, tuple) else value
    return body


def _alarm_json(spec: AlarmSpec) -> dict[str, Any]:
    body = dict(vars(spec))
    body["related_cameras"] = list(spec.related_cameras)
    return body


@dataclass(frozen=True)
class Rule:
    """A stored rule."""

    id: int
    name: str
    enabled: bool
    definition: Definition
    arming_schedule_id: int | None = None
    builtin: str | None = None
    version: int = 1
    updated_us: int = 0

    def definition_json(self) -> str:
        return json.dumps(self.definition.to_json(), sort_keys=True)


@dataclass(frozen=True)
class RuleDraft:
    """A rule as a client writes it: ``id`` 0 creates or replaces by name."""

    name: str
    definition_json: str
    enabled: bool = True
    arming_schedule_id: int | None = None
    id: int = 0


def check_name(name: str) -> None:
    check_text("name", name, max_chars=MAX_NAME_CHARS, required=True)
    if name != name.strip():
        raise InvalidArgument("name", "must not start or end with white space")


# -- parsing ---------------------------------------------------------------------------


def parse_definition(text: str) -> Definition:
    """The definition in ``text``; ``InvalidArgument`` naming the field otherwise."""
    if len(text) > MAX_DEFINITION_CHARS:
        raise InvalidArgument("definition", f"at most {MAX_DEFINITION_CHARS} characters")
    try:
        body = json.loads(text)
    except ValueError as error:
        raise InvalidArgument("definition", f"is not JSON: {error}") from None
    return definition_from(body)


def definition_from(body: Any) -> Definition:
    where = "definition"
    fields = {"events", "sources", "condition", "interval_s", "actions", "alarm"}
    _object(where, body, fields, {"events"})
    events = _events(f"{where}.events", body["events"])
    sources = body.get("sources", {})
    _object(f"{where}.sources", sources, {"cameras", "inputs"}, set())
    actions_body = body.get("actions", [])
    if not isinstance(actions_body, list):
        raise InvalidArgument(f"{where}.actions", "must be a list")
    if len(actions_body) > MAX_ACTIONS:
        raise InvalidArgument(f"{where}.actions", f"at most {MAX_ACTIONS} actions")
    alarm_body = body.get("alarm")
    definition = Definition(
        events=events,
        cameras=_id_set(f"{where}.sources.cameras", sources.get("cameras", "any")),
        inputs=_id_set(f"{where}.sources.inputs", sources.get("inputs", "any")),
        interval_s=_int(f"{where}.interval_s", body.get("interval_s", 0), 0, MAX_INTERVAL_S),
        actions=tuple(_action(f"{where}.actions[{i}]", a) for i, a in enumerate(actions_body)),
        alarm=None if alarm_body is None else _alarm(f"{where}.alarm", alarm_body),
        condition=_condition(f"{where}.condition", body.get("condition", {})),
    )
    if definition.alarm is None and not definition.actions:
        raise InvalidArgument(where, "a rule must raise an alarm or run an action")
    return definition


def _condition(where: str, body: Any) -> Condition:
    _object(where, body, {"areas", "items", "min_duration_s"}, set())
    min_duration = body.get("min_duration_s", 0)
    low, high = MIN_DURATION_RANGE_S
    if isinstance(min_duration, bool) or not isinstance(min_duration, int):
        raise InvalidArgument(
            f"{where}.min_duration_s", f"must be whole seconds, not {min_duration!r}"
        )
    if min_duration != 0 and not low <= min_duration <= high:
        raise InvalidArgument(
            f"{where}.min_duration_s", f"must be 0 (at once) or {low}..{high} s, got {min_duration}"
        )
    areas = body.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, str) and a for a in areas):
        raise InvalidArgument(f"{where}.areas", "must be a list of area names")
    items = body.get("items", {})
    if not isinstance(items, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in items.items()
    ):
        raise InvalidArgument(f"{where}.items", "must map item names to the values wanted")
    if len(areas) > MAX_IDS or len(items) > MAX_IDS:
        raise InvalidArgument(where, f"at most {MAX_IDS} areas and {MAX_IDS} items")
    return Condition(frozenset(areas), dict(items), min_duration)


def _object(where: str, body: Any, allowed: set[str], required: set[str]) -> None:
    if not isinstance(body, dict):
        raise InvalidArgument(where, "must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidArgument(
            f"{where}.{unknown[0]}", f"unknown field (known: {', '.join(sorted(allowed))})"
        )
    for name in sorted(required - set(body)):
        raise InvalidArgument(f"{where}.{name}", "is required")


def _events(where: str, body: Any) -> dict[EventType, frozenset[str]]:
    if not isinstance(body, dict) or not body:
        raise InvalidArgument(where, "must map at least one event type to its subtypes")
    events: dict[EventType, frozenset[str]] = {}
    names = ", ".join(t.value for t in EventType)
    for name, subtypes in body.items():
        try:
            type = EventType(name)
        except ValueError:
            raise InvalidArgument(
                f"{where}.{name}", f"unknown event type (known: {names})"
            ) from None
        if not isinstance(subtypes, list) or not all(isinstance(s, str) for s in subtypes):
            raise InvalidArgument(f"{where}.{name}", "must be a list of subtypes (empty: any)")
        known = SUBTYPES[type]
        for subtype in subtypes:
            if known is not None and subtype not in known:
                raise InvalidArgument(
                    f"{where}.{name}",
                    f"unknown subtype {subtype!r} (known: {', '.join(sorted(known))})",
                )
            check_text(f"{where}.{name}", subtype, max_chars=64, required=True)
        events[type] = frozenset(subtypes)
    return events


def _int(where: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(where, f"must be an integer, not {value!r}")
    if not low <= value <= high:
        raise InvalidArgument(where, f"must be {low}..{high}, got {value}")
    return value


def _seconds(where: str, value: Any, low: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgument(where, f"must be a number of seconds, not {value!r}")
    if not low <= value <= MAX_DURATION_S:
        raise InvalidArgument(where, f"must be {low:g}..{MAX_DURATION_S} s, got {value}")
    return float(value)


def _duration(where: str, fields: Mapping[str, Any]) -> float | None:
    """A popup's or the buzzer's ``duration_s``; missing or null: the server's setting."""
    value = fields.get("duration_s")
    return None if value is None else _seconds(f"{where}.duration_s", value, 1)


def _ids(where: str, value: Any, *, limit: int = MAX_IDS) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise InvalidArgument(where, "must be a list of ids")
    if len(value) > limit:
        raise InvalidArgument(where, f"at most {limit} ids, got {len(value)}")
    ids = tuple(_int(f"{where}[{i}]", v, 1, 2**63 - 1) for i, v in enumerate(value))
    if len(set(ids)) != len(ids):
        raise InvalidArgument(where, "names an id twice")
    return ids


def _id_set(where: str, value: Any) -> frozenset[int] | None:
    if value == "any":
        return None
    return frozenset(_ids(where, value))


def _action(where: str, body: Any) -> Action:
    if not isinstance(body, dict) or not isinstance(body.get("kind"), str):
        raise InvalidArgument(f"{where}.kind", "every action is an object with a kind")
    kind = body["kind"]
    fields = {k: v for k, v in body.items() if k != "kind"}

    def only(allowed: set[str], required: set[str]) -> None:
        _object(where, fields, allowed, required)

    match kind:
        case "record" | "snapshot":
            only({"camera_ids"}, {"camera_ids"})
            cameras = _ids(f"{where}.camera_ids", fields["camera_ids"])
            if not cameras:
                raise InvalidArgument(f"{where}.camera_ids", "names no camera")
            return RecordAction(cameras) if kind == "record" else SnapshotAction(cameras)
        case "output":
            only({"point_id", "mode", "seconds"}, {"point_id", "mode"})
            mode = fields["mode"]
            if mode not in OUTPUT_MODES:
                raise InvalidArgument(f"{where}.mode", f"must be on, off or pulse, not {mode!r}")
            seconds = fields.get("seconds")
            if seconds is not None and mode != "pulse":
                raise InvalidArgument(f"{where}.seconds", "only a pulse has a duration")
            return OutputAction(
                _int(f"{where}.point_id", fields["point_id"], 1, 2**63 - 1),
                mode,
                None if seconds is None else _seconds(f"{where}.seconds", seconds, 0.1),
            )
        case "ptz_preset":
            only({"camera_id", "preset"}, {"camera_id", "preset"})
            return PtzPresetAction(
                _int(f"{where}.camera_id", fields["camera_id"], 1, 2**63 - 1),
                _int(f"{where}.preset", fields["preset"], 1, 255),
            )
        case "buzzer":
            only({"duration_s"}, set())
            return BuzzerAction(_duration(where, fields))
        case "video_popup":
            only({"camera_id", "duration_s"}, set())
            camera = fields.get("camera_id")
            return VideoPopupAction(
                None if camera is None else _int(f"{where}.camera_id", camera, 1, 2**63 - 1),
                _duration(where, fields),
            )
        case "message_popup":
            only({"text", "duration_s"}, {"text"})
            text = fields["text"]
            if not isinstance(text, str):
                raise InvalidArgument(f"{where}.text", "must be text")
            check_text(f"{where}.text", text, max_chars=MAX_TEXT_CHARS, required=True)
            return MessagePopupAction(text, _duration(where, fields))
        case "email":
            only({"recipient_ids"}, set())
            return EmailAction(_ids(f"{where}.recipient_ids", fields.get("recipient_ids", [])))
        case "webhook":
            only({"endpoint_ids"}, set())
            return WebhookAction(_ids(f"{where}.endpoint_ids", fields.get("endpoint_ids", [])))
    kinds = ", ".join(_ACTION_KINDS.values())
    raise InvalidArgument(f"{where}.kind", f"unknown action {kind!r} (known: {kinds})")


def _alarm(where: str, body: Any) -> AlarmSpec:
    allowed = {
        "priority",
        "category",
        "instructions",
        "related_cameras",
        "auto_close",
        "escalate_after_s",
        "merge_window_s",
    }
    _object(where, body, allowed, set())
    priority = _int(f"{where}.priority", body.get("priority", 2), 1, 3)
    check_priority(f"{where}.priority", priority)
    texts = {}
    for name, limit in (("category", 64), ("instructions", MAX_TEXT_CHARS)):
        value = body.get(name, "")
        if not isinstance(value, str):
            raise InvalidArgument(f"{where}.{name}", "must be text")
        check_text(f"{where}.{name}", value, max_chars=limit, required=False)
        texts[name] = value
    auto_close = body.get("auto_close", False)
    if not isinstance(auto_close, bool):
        raise InvalidArgument(f"{where}.auto_close", "must be true or false")
    return AlarmSpec(
        priority=priority,
        category=texts["category"],
        instructions=texts["instructions"],
        related_cameras=_ids(
            f"{where}.related_cameras",
            body.get("related_cameras", []),
            limit=MAX_RELATED_CAMERAS,
        ),
        auto_close=auto_close,
        escalate_after_s=_int(
            f"{where}.escalate_after_s", body.get("escalate_after_s", 0), 0, MAX_INTERVAL_S
        ),
        merge_window_s=_int(
            f"{where}.merge_window_s", body.get("merge_window_s", 300), 0, MAX_INTERVAL_S
        ),
    )


# -- the rules the server ships ------------------------------------------------------------

#: The built-in rules for the exception alarms (and manual alarms), seeded once each;
#: operators may edit and disable them, not delete them.
BUILTIN_TITLES: Final[Mapping[str, str]] = {
    "camera_offline": "Camera offline",
    "disk_full": "Disk full",
    "disk_error": "Disk error",
    "no_disk": "No disk",
    "disk_removed": "Disk removed",
    "disk_failing": "Disk failing (S.M.A.R.T.)",
    "illegal_access": "Illegal access",
    "network_down": "Network down",
    "ip_conflict": "IP conflict",
    "io_device_offline": "I/O device offline",
    "manual": "Manual alarm",
}
#: The exception kinds whose cause clears by itself (their alarms close then).
STATEFUL_EXCEPTIONS: Final = frozenset(
    {
        "camera_offline",
        "disk_full",
        "disk_error",
        "no_disk",
        "disk_removed",
        "disk_failing",
        "network_down",
        "ip_conflict",
        "io_device_offline",
    }
)


def builtin_definition(kind: str) -> Definition:
    if kind == "manual":
        return Definition(
            events={EventType.MANUAL: frozenset()}, alarm=AlarmSpec(priority=2, merge_window_s=0)
        )
    priority = 3 if kind in ("network_down", "io_device_offline") else 2
    high = ("illegal_access", "disk_error", "disk_removed", "disk_failing", "no_disk")
    if kind in (*high, "ip_conflict"):
        priority = 1
    spec = AlarmSpec(
        priority=priority, category="exception", auto_close=kind in STATEFUL_EXCEPTIONS
    )
    return Definition(events={EventType.EXCEPTION: frozenset({kind})}, alarm=spec)
