"""Every source as one event model (alarms/sources.py): what each bus event means,
its dedup key, and refusals of malformed facts."""

from __future__ import annotations

from typing import Any

import pytest

from vedette_server.alarms.sources import BadEvent, Signal, disk_kind, signal_of
from vedette_server.events import ServerEvent
from vedette_server.onvif.events import CameraEvent, EventKind
from vedette_server.search.events import EventType

T = 1_800_000_000_000_000


def signal(what: str, /, **facts: Any) -> Signal | None:
    return signal_of(ServerEvent(what, facts, time_us=T))


def onvif(kind: EventKind, state: bool | None, *, initial: bool = False) -> dict[str, Any]:
    topic = "RuleEngine/LineDetector/Crossed"
    typed = CameraEvent(kind, topic, "rule1", state, initial, T - 5, {"Direction": "in"}, T - 7)
    return {
        "camera_id": 3,
        "kind": kind.value,
        "source": "rule1",
        "state": state,
        "initial": initial,
        "topic": topic,
        "camera_time_us": T - 5,
        "event": typed,
    }


def test_each_source_has_its_type_subtype_key_and_state() -> None:
    motion = signal("camera.event", camera_id=3, kind="motion", source="vedette motion",
                    state=True, initial=False, camera_time_us=T - 9, areas=["door"])  # fmt: skip
    assert motion is not None
    assert (motion.type, motion.key, motion.state, motion.time_us) == (
        EventType.MOTION, "motion:3", True, T - 9,
    )  # fmt: skip
    assert motion.row_by_source and motion.detail == {"areas": ["door"]}

    line = signal("camera.event", **onvif(EventKind.LINE_CROSSING, None))
    assert line is not None
    assert (line.type, line.subtype, line.state) == (EventType.ANALYTICS, "line_crossing", None)
    assert line.key == "onvif:3:RuleEngine/LineDetector/Crossed:rule1"
    assert line.time_us == T - 7 and line.detail == {"items": {"Direction": "in"}}
    di = signal("camera.event", **onvif(EventKind.DIGITAL_INPUT, True))
    assert di is not None and di.type is EventType.SENSOR
    assert signal("camera.event", **onvif(EventKind.TAMPER, True, initial=True)) is None

    sensor = signal("io.input", point_id=7, device_id=1, name="door", camera_id=None,
                    active=False, armed=False, time_us=T - 1, event_id=12)  # fmt: skip
    assert sensor is not None
    assert (sensor.key, sensor.state, sensor.input_id, sensor.event_id) == ("input:7", False, 7, 12)
    assert not sensor.armed and sensor.time_us == T - 1

    offline = signal("camera_offline", camera_id=4, camera="gate", reason="timeout")
    online = signal("camera_online", camera_id=4, camera="gate")
    assert offline is not None and online is not None
    assert (offline.key, offline.state, online.state) == ("exc:camera_offline:4", True, False)
    assert offline.camera_id == 4 and "gate" in offline.message
    box = signal("io.device", device_id=2, name="box", online=False, detail="no answer")
    assert box is not None and (box.key, box.state) == ("exc:io_device_offline:2", True)
    guess = signal("illegal_access", username="eve", peer="ipv4:1.2.3.4", failures=6)
    assert guess is not None and (guess.key, guess.state) == ("exc:illegal_access:eve", None)
    assert signal("server.start") is None


@pytest.mark.parametrize(
    ("kind", "facts"),
    [
        ("camera_offline", {"camera_id": "three"}),
        ("io.input", {"point_id": 1, "active": "yes"}),
        ("io.device", {"device_id": 1}),
        ("camera.event", {"camera_id": 1, "kind": "motion", "state": "on"}),
    ],
)
def test_malformed_facts_are_refused_with_the_field(kind: str, facts: dict[str, Any]) -> None:
    with pytest.raises(BadEvent):
        signal(kind, **facts)


def test_a_volume_problem_is_the_disk_exception_its_error_says() -> None:
    assert disk_kind("full", None) == "disk_full"
    assert disk_kind("unavailable", "not mounted or not a directory") == "disk_removed"
    assert disk_kind("unavailable", "volume.json is missing: another disk is mounted here?") == (
        "disk_removed"
    )
    assert disk_kind("unavailable", "read-only") == "disk_error"
    assert disk_kind("unavailable", "cannot write: Input/output error") == "disk_error"
    assert disk_kind("foreign", "initialised by another server") == "disk_error"
