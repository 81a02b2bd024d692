"""ALARM-07's durations: a rule's popup and buzzer actions without ``duration_s`` last
what the server's ``alarm_notifications`` settings say at the time they run; with
one, their own; the settings section validates its values and round-trips."""

from __future__ import annotations

import asyncio
import json

import pytest

from vedette_server.alarms import bus
from vedette_server.alarms.actions import ActionPorts, ActionRunner, Durations, Run
from vedette_server.alarms.rules import Rule, parse_definition
from vedette_server.alarms.sources import Signal
from vedette_server.events import EventBus, ServerEvent
from vedette_server.search.events import EventType
from vedette_server.settings.model import AlarmNotificationSettings, Settings, SettingsError


def _told(durations: list[Durations], actions: list[dict[str, object]]) -> list[ServerEvent]:
    body = {"events": {"manual": []}, "actions": actions}
    rule = Rule(1, "Gate", True, parse_definition(json.dumps(body)))
    signal = Signal(EventType.MANUAL, "gate", "manual:server:gate", 1, None, camera_id=None)
    events = EventBus()
    runner = ActionRunner(ActionPorts(), events, durations=lambda: durations[-1])

    async def scenario() -> list[ServerEvent]:
        async with events.subscribe() as queue:
            await runner.run(Run(rule, signal, None), rule.definition.actions)
            durations.append(Durations(1, 2, 3))  # a later change is not this run's
            return [queue.get_nowait() for _ in range(queue.qsize())]

    return asyncio.run(scenario())


def test_actions_without_a_duration_take_the_settings_at_run_time() -> None:
    told = _told(
        [Durations(video_popup_s=12, message_popup_s=45, buzzer_s=7)],
        [
            {"kind": "buzzer"},
            {"kind": "video_popup"},
            {"kind": "message_popup", "text": "Gate open"},
            {"kind": "buzzer", "duration_s": 20},
            {"kind": "message_popup", "text": "Gate open", "duration_s": 5},
        ],
    )
    buzzers = [e.facts["duration_s"] for e in told if e.kind == bus.ALARM_BUZZER]
    popups = [(e.facts["kind"], e.facts["duration_s"]) for e in told if e.kind == bus.ALARM_POPUP]
    assert buzzers == [7, 20]
    assert popups == [("video", 12), ("message", 45), ("message", 5)]


def test_a_missing_duration_is_left_out_when_the_rule_is_written_back() -> None:
    body = {"events": {"manual": []}, "actions": [{"kind": "buzzer"}]}
    written = parse_definition(json.dumps(body)).to_json()
    assert written["actions"] == [{"kind": "buzzer"}]


@pytest.mark.parametrize(
    ("field", "value"), [("buzzer_s", 0), ("video_popup_s", 86_401), ("message_popup_s", 2.5)]
)
def test_the_section_refuses_values_out_of_range_naming_them(field: str, value: object) -> None:
    with pytest.raises(SettingsError, match=f"alarm_notifications.{field}"):
        AlarmNotificationSettings(**{field: value})  # type: ignore[arg-type]


def test_the_section_round_trips_and_old_stores_take_the_defaults() -> None:
    settings = Settings(alarm_notifications=AlarmNotificationSettings(12, 45, 7))
    assert Settings.from_json(settings.to_json()) == settings
    older = {k: v for k, v in settings.to_json().items() if k != "alarm_notifications"}
    assert Settings.from_json(older).alarm_notifications == AlarmNotificationSettings()
