"""ONVIF event topics → kinds, and notifications → CameraEvent (source, state, time),
for messages as lxml elements (a camera's own schema) and as camsim renders them."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from vedette_server.camsim.onvif.events import (
    DIGITAL_INPUT,
    LINE_CROSSED,
    MOTION,
    OBJECTS_INSIDE,
    RELAY,
    TOPICS,
    EventMessage,
    notification,
)
from vedette_server.onvif.events import (
    MAX_EVENT_AGE_S,
    EventKind,
    ReplyClock,
    bare_topic,
    granted_lifetime_s,
    parse_notification,
    topic_kind,
)

TT = "http://www.onvif.org/ver10/schema"


@pytest.mark.parametrize(
    ("topic", "kind"),
    [
        ("tns1:VideoSource/MotionAlarm", EventKind.MOTION),
        ("tns1:RuleEngine/CellMotionDetector/Motion", EventKind.MOTION),
        ("tns1:Device/Trigger/DigitalInput", EventKind.DIGITAL_INPUT),
        ("tns1:VideoSource/GlobalSceneChange/ImagingService", EventKind.TAMPER),
        ("tns1:VideoSource/GlobalSceneChange/AnalyticsService", EventKind.TAMPER),
        ("tns1:RuleEngine/TamperDetector/Tamper", EventKind.TAMPER),
        ("tns1:RuleEngine/LineDetector/Crossed", EventKind.LINE_CROSSING),
        ("tns1:RuleEngine/FieldDetector/ObjectsInside", EventKind.INTRUSION),
        ("tns1:RuleEngine/ObjectAbandoned", EventKind.OBJECT_LEFT),
        ("tns1:RuleEngine/ObjectRemoved", EventKind.OBJECT_REMOVED),
        # Prefixes are the camera's choice, on every segment too.
        ("ns0:VideoSource/ns0:MotionAlarm", EventKind.MOTION),
        (" tns1:Device/Trigger/DigitalInput ", EventKind.DIGITAL_INPUT),
    ],
)
def test_standard_topics_map_to_their_kind(topic: str, kind: EventKind) -> None:
    assert topic_kind(topic) is kind


@pytest.mark.parametrize(
    "topic",
    [
        "tns1:Device/Trigger/Relay",
        "tns1:VideoSource/MotionAlarmX",  # a prefix of a segment is not the topic
        "tns1:Monitoring/ProcessorUsage",
        "",
        "tns1:",
    ],
)
def test_other_topics_have_no_kind(topic: str) -> None:
    assert topic_kind(topic) is None


def test_bare_topic_drops_each_prefix() -> None:
    assert (
        bare_topic("tns1:RuleEngine/tns1:LineDetector/Crossed") == "RuleEngine/LineDetector/Crossed"
    )


def _message(xml: str) -> etree._Element:
    return etree.fromstring(f'<tt:Message xmlns:tt="{TT}" {xml}</tt:Message>')


def test_a_digital_input_change_gives_its_token_and_state() -> None:
    element = _message(
        'UtcTime="2026-12-06T08:00:01.5Z" PropertyOperation="Changed">'
        '<tt:Source><tt:SimpleItem Name="InputToken" Value="DI_3"/></tt:Source>'
        '<tt:Data><tt:SimpleItem Name="LogicalState" Value="true"/></tt:Data>'
    )
    event = parse_notification("tns1:Device/Trigger/DigitalInput", element)
    assert event is not None
    assert (event.kind, event.source, event.state, event.initial) == (
        EventKind.DIGITAL_INPUT,
        "DI_3",
        True,
        False,
    )
    assert event.time_us == round(
        dt.datetime(2026, 12, 6, 8, 0, 1, 500000, dt.UTC).timestamp() * 1e6
    )
    assert event.items == {"InputToken": "DI_3", "LogicalState": "true"}


def test_an_analytics_event_names_its_rule_and_a_crossing_has_no_state() -> None:
    element = _message(
        'UtcTime="2026-12-06T08:00:01Z">'
        '<tt:Source><tt:SimpleItem Name="VideoSourceConfigurationToken" Value="vsc"/>'
        '<tt:SimpleItem Name="VideoAnalyticsConfigurationToken" Value="va"/>'
        '<tt:SimpleItem Name="Rule" Value="Gate"/></tt:Source>'
        '<tt:Data><tt:SimpleItem Name="ObjectId" Value="17"/></tt:Data>'
    )
    event = parse_notification("tns1:RuleEngine/LineDetector/Crossed", element)
    assert event is not None
    assert (event.kind, event.source, event.state) == (EventKind.LINE_CROSSING, "vsc/Gate", None)


@pytest.mark.parametrize(("value", "state"), [("false", False), ("0", False), ("1", True)])
def test_states_in_words_or_digits(value: str, state: bool) -> None:
    element = _message(
        f'UtcTime="2026-12-06T08:00:01Z" PropertyOperation="Initialized"><tt:Data>'
        f'<tt:SimpleItem Name="IsMotion" Value="{value}"/></tt:Data>'
    )
    event = parse_notification("tns1:RuleEngine/CellMotionDetector/Motion", element)
    assert event is not None and event.state is state and event.initial


def _input_at(utc: str) -> etree._Element:
    return _message(
        f'UtcTime="{utc}" PropertyOperation="Changed"><tt:Data>'
        '<tt:SimpleItem Name="LogicalState" Value="true"/></tt:Data>'
    )


def _us(text: str) -> int:
    return round(dt.datetime.fromisoformat(text).timestamp() * 1e6)


def test_an_event_is_dated_by_its_age_on_the_camera_clock_whatever_its_offset() -> None:
    # The camera's clock is 6 h ahead; the event happened 2.5 s (camera clock) before
    # the reply's CurrentTime, which arrived at 12:00:10 (server clock).
    received = _us("2026-12-06T12:00:10+00:00")
    clock = ReplyClock(_us("2026-12-06T18:00:10+00:00"), received)
    event = parse_notification(
        "tns1:Device/Trigger/DigitalInput", _input_at("2026-12-06T18:00:07.5Z"), clock
    )
    assert event is not None
    assert event.time_us == _us("2026-12-06T18:00:07.5+00:00")  # the camera's own time
    assert event.server_time_us == received - 2_500_000
    # Without the reply's time nothing dates it: the event log uses its arrival.
    alone = parse_notification(
        "tns1:Device/Trigger/DigitalInput", _input_at("2026-12-06T18:00:07Z")
    )
    assert alone is not None and alone.server_time_us is None


def test_a_future_or_very_old_camera_time_is_kept_within_bounds() -> None:
    clock = ReplyClock(camera_now_us=1_000 * 1_000_000, received_us=5_000 * 1_000_000)
    assert clock.server_time_us(1_003 * 1_000_000) == clock.received_us  # not in the future
    oldest = clock.received_us - MAX_EVENT_AGE_S * 1_000_000
    assert clock.server_time_us(0) == oldest
    assert clock.server_time_us(990 * 1_000_000) == clock.received_us - 10_000_000
    unreadable = parse_notification("tns1:Device/Trigger/DigitalInput", _input_at("soon"), clock)
    assert unreadable is not None and unreadable.server_time_us is None


def test_unreadable_time_is_the_arrival_and_unknown_or_malformed_messages_are_none() -> None:
    element = _message(
        'UtcTime="yesterday"><tt:Data><tt:SimpleItem Name="State" Value="true"/></tt:Data>'
    )
    event = parse_notification("tns1:VideoSource/MotionAlarm", element)
    assert event is not None and event.time_us > 0 and event.source == ""
    assert parse_notification("tns1:Device/Trigger/Relay", element) is None
    assert parse_notification("tns1:VideoSource/MotionAlarm", None) is None
    assert parse_notification("tns1:VideoSource/MotionAlarm", etree.fromstring("<x/>")) is None


def test_every_camsim_topic_parses_to_a_kind_with_its_state() -> None:
    """camsim's notifications (the XML it sends) read back as what it meant; its relay
    output is not an alarm input the server maps yet (alarms, issue 15)."""
    for topic in (t for t in TOPICS if t is not RELAY):
        value = "1" if topic is LINE_CROSSED else "true"
        held = notification(EventMessage(topic, 1_796_000_000_000_000, "Changed", value))
        message = held.find(f".//{{{TT}}}Message")
        topic_text = held.findtext("{http://docs.oasis-open.org/wsn/b-2}Topic")
        assert topic_text is not None
        event = parse_notification(topic_text, message)
        assert event is not None, topic.path
        assert event.time_us == 1_796_000_000_000_000
        assert event.state is (None if topic is LINE_CROSSED else True)
    kinds = {topic_kind(t.expression) for t in (MOTION, DIGITAL_INPUT, OBJECTS_INSIDE)}
    assert kinds == {EventKind.MOTION, EventKind.DIGITAL_INPUT, EventKind.INTRUSION}


class _Reply:
    def __init__(self, current: object, termination: object) -> None:
        self.CurrentTime, self.TerminationTime = current, termination


def test_the_granted_lifetime_is_the_cameras_own_difference() -> None:
    now = dt.datetime(2026, 12, 6, 14, 0, tzinfo=dt.UTC)  # six hours ahead: no matter
    assert granted_lifetime_s(_Reply(now, now + dt.timedelta(seconds=60)), 600) == 60
    assert granted_lifetime_s(_Reply(now, now), 600) == 2.0  # never below the minimum
    assert granted_lifetime_s(_Reply(None, None), 600) == 600  # not said: as asked
