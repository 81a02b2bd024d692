"""Every source as one event model: what a server event on the bus means for the
alarm engine (research §1.8, §7.3). Pure: no catalog, no clock.

A ``Signal`` is a start (``state`` True), a stop (False) or an instant (None) of a
source identified by its dedup ``key``:

- ``motion:<camera>``: the server's motion detector (its rows written by the
  detector itself);
- ``onvif:<camera>:<topic>:<source>``: ONVIF events (rows written by the event
  watch); ``Initialized`` states (sent again at each subscription) are not news and
  give no signal;
- ``input:<point>``: sensor inputs (the I/O hub writes their rows and says which);
- ``exc:<kind>:<id>``: exceptions (camera offline, disk full/error/removed, no disk,
  a write error of one stream on a volume that stays in use (an instant disk error
  keyed ``exc:disk_error:<volume>:<camera>:<stream>``),
  disk failing (S.M.A.R.T., per volume), illegal access, I/O device offline, network
  down per interface, IP conflict per address), whose rows the engine writes;
- ``manual:<camera or server>:<name>``: manual alarms.

A malformed event gives ``BadEvent`` (the engine logs it and goes on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_server.events import ServerEvent
from vedette_server.search.events import EventType

CAMERA_EVENT: Final = "camera.event"
IO_INPUT: Final = "io.input"
IO_DEVICE: Final = "io.device"
MOTION_SOURCE: Final = "vedette motion"
#: Volume events (recording/volume_watch.py) and the exception they are.
VOLUME_PROBLEMS: Final = ("volume_unavailable", "volume_full", "volume_foreign")
VOLUME_AVAILABLE: Final = "volume_available"
DISK_KINDS: Final = ("disk_full", "disk_error", "disk_removed")
#: Probe errors (recording/volumes.py) that mean the disk is not there.
_REMOVED_HINTS: Final = ("not mounted", "not a directory", "is missing", "not accessible")
_ONVIF_TYPES: Final = {"motion": EventType.MOTION, "digital_input": EventType.SENSOR}


class BadEvent(ValueError):
    """A bus event whose facts do not say what its kind promises."""


@dataclass(frozen=True)
class Signal:
    type: EventType
    subtype: str
    key: str
    time_us: int
    state: bool | None
    camera_id: int | None = None
    input_id: int | None = None
    source: str = ""
    message: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)
    #: The event row its source wrote (the I/O hub's), when it says.
    event_id: int | None = None
    #: Its source writes the event row itself (motion, ONVIF): find it, never add one.
    row_by_source: bool = False
    #: False for an input its schedule does not arm: logged, no rule runs.
    armed: bool = True


def _int(facts: Mapping[str, Any], name: str, *, optional: bool = False) -> int | None:
    value = facts.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadEvent(f"{name} is {value!r}, not an integer")
    return value


def _id(facts: Mapping[str, Any], name: str) -> int:
    value = _int(facts, name)
    assert value is not None
    return value


def _state(facts: Mapping[str, Any], name: str) -> bool:
    value = facts.get(name)
    if not isinstance(value, bool):
        raise BadEvent(f"{name} is {value!r}, not true or false")
    return value


def _text(facts: Mapping[str, Any], name: str) -> str:
    value = facts.get(name)
    if not isinstance(value, str) or not value:
        raise BadEvent(f"{name} is {value!r}, not a name")
    return value


def exception_signal(
    kind: str, ident: str, state: bool | None, time_us: int, message: str, **more: Any
) -> Signal:
    camera_id = more.pop("camera_id", None)
    return Signal(
        EventType.EXCEPTION,
        kind,
        f"exc:{kind}:{ident}",
        time_us,
        state,
        camera_id=camera_id,
        source="vedette",
        message=message,
        detail=more,
    )


def signal_of(event: ServerEvent) -> Signal | None:
    """The signal an event on the bus is, None for events that are none."""
    facts, t = event.facts, event.time_us
    match event.kind:
        case "camera.event":
            return _camera_event(facts, t)
        case "io.input":
            point = _id(facts, "point_id")
            name = str(facts.get("name", ""))
            return Signal(
                EventType.SENSOR,
                name,
                f"input:{point}",
                _int(facts, "time_us", optional=True) or t,
                _state(facts, "active"),
                camera_id=_int(facts, "camera_id", optional=True),
                input_id=point,
                source=name or f"input {point}",
                message=f"input {name or point} {'active' if facts['active'] else 'inactive'}",
                event_id=_int(facts, "event_id", optional=True),
                armed=bool(facts.get("armed", True)),
            )
        case "io.device":
            device = _id(facts, "device_id")
            name = str(facts.get("name", device))
            online = _state(facts, "online")
            detail = str(facts.get("detail", ""))
            what = "back online" if online else "offline" + (f": {detail}" if detail else "")
            return exception_signal(
                "io_device_offline",
                str(device),
                not online,
                t,
                f"I/O device {name} {what}",
                device_id=device,
            )
        case "camera_offline" | "camera_online":
            camera = _id(facts, "camera_id")
            name = str(facts.get("camera", camera))
            offline = event.kind == "camera_offline"
            reason = str(facts.get("reason", ""))
            what = f"offline ({reason})" if offline and reason else "offline"
            return exception_signal(
                "camera_offline",
                str(camera),
                offline,
                t,
                f"camera {name} {what if offline else 'online again'}",
                camera_id=camera,
            )
        case "network.link":  # netwatch/watcher.py, debounced
            interface = _text(facts, "interface")
            up = _state(facts, "up")
            why = str(facts.get("why", ""))
            what = "up again" if up else "down" + (f": {why}" if why else "")
            return exception_signal(
                "network_down", interface, not up, t, f"network {interface} is {what}",
                interface=interface,
            )  # fmt: skip
        case "network.ip_conflict":  # netwatch/watcher.py
            address = _text(facts, "address")
            interface = str(facts.get("interface", ""))
            other = str(facts.get("other_mac", ""))
            conflict = _state(facts, "conflict")
            what = f"also used by {other}" if conflict else f"no longer used by {other}"
            return exception_signal(
                "ip_conflict", address, conflict, t, f"IP address {address} ({interface}) {what}",
                interface=interface, other_mac=other,
            )  # fmt: skip
        case "disk_health":  # recording/disk_health.py, on a change of verdict
            volume = _id(facts, "volume_id")
            failing = _state(facts, "failing")
            where = f"volume {volume} ({facts.get('path', '')}): disk {facts.get('device', '')}"
            why = str(facts.get("message", ""))
            what = "failing (S.M.A.R.T.)" + (f": {why}" if why else "") if failing else "passes"
            return exception_signal(
                "disk_failing", str(volume), failing, t, f"{where} {what}", volume_id=volume
            )
        case "volume_write_error":  # recording/recorder.py: one stream's file, not the volume
            volume = _id(facts, "volume_id")
            camera = _id(facts, "camera_id")
            stream = _text(facts, "stream")
            name = str(facts.get("camera", camera))
            why = str(facts.get("reason", ""))
            return exception_signal(
                "disk_error",
                f"{volume}:{camera}:{stream}",
                None,
                t,
                f"volume {volume} ({facts.get('path', '')}): writing camera {name} failed: {why}",
                camera_id=camera,
                volume_id=volume,
                stream=stream,
            )
        case "illegal_access":
            who = str(facts.get("username") or facts.get("peer") or "unknown")
            failures = facts.get("failures", "")
            return exception_signal(
                "illegal_access",
                who,
                None,
                t,
                f"illegal access: {failures} failed logins as {who!r} from {facts.get('peer', '')}",
                username=str(facts.get("username", "")),
                peer=str(facts.get("peer", "")),
            )
        case _:
            return None


def disk_kind(state: str, error: str | None) -> str:
    """The exception a volume's problem state is."""
    if state == "full":
        return "disk_full"
    if state == "unavailable" and any(h in (error or "") for h in _REMOVED_HINTS):
        return "disk_removed"
    return "disk_error"


def _camera_event(facts: Mapping[str, Any], t: int) -> Signal | None:
    if facts.get("initial"):
        return None  # a state at (re)subscription, not a change
    camera = _id(facts, "camera_id")
    kind = str(facts.get("kind", ""))
    state = facts.get("state")
    if state is not None and not isinstance(state, bool):
        raise BadEvent(f"state is {state!r}")
    time_us = _int(facts, "camera_time_us", optional=True) or t
    source = str(facts.get("source", ""))
    if source == MOTION_SOURCE:
        return Signal(
            EventType.MOTION,
            "",
            f"motion:{camera}",
            time_us,
            state,
            camera_id=camera,
            source=source,
            message=f"motion on camera {camera}",
            detail={"areas": [str(a) for a in facts.get("areas", ())]},
            row_by_source=True,
        )
    typed = facts.get("event")
    server_time = getattr(typed, "server_time_us", None)
    if isinstance(server_time, int):
        time_us = server_time
    topic = str(facts.get("topic", ""))
    type = _ONVIF_TYPES.get(kind, EventType.ANALYTICS)
    return Signal(
        type,
        "" if type is EventType.MOTION else kind,
        f"onvif:{camera}:{topic}:{source}",
        time_us,
        state,
        camera_id=camera,
        source=source,
        message=f"{kind.replace('_', ' ')} on camera {camera} (ONVIF {topic})",
        detail={"items": dict(getattr(typed, "items", None) or {})},
        row_by_source=True,
    )
