"""Alarm rules: the definition's validation (every refusal names its field) and the
rule book on a real catalog (references, versions, built-in rules)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vedette_server.alarms.rule_book import RuleBook, RuleVersionConflict
from vedette_server.alarms.rules import (
    BUILTIN_TITLES,
    AlarmSpec,
    OutputAction,
    RecordAction,
    RuleDraft,
    VideoPopupAction,
    definition_from,
    parse_definition,
)
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.search.events import EventType

FULL: dict[str, Any] = {
    "events": {"motion": [], "analytics": ["line_crossing", "intrusion"]},
    "sources": {"cameras": [1, 2], "inputs": "any"},
    "condition": {"areas": ["door"], "items": {"Direction": "in"}},
    "interval_s": 30,
    "actions": [
        {"kind": "record", "camera_ids": [1]},
        {"kind": "snapshot", "camera_ids": [1, 2]},
        {"kind": "output", "point_id": 4, "mode": "pulse", "seconds": 5},
        {"kind": "ptz_preset", "camera_id": 2, "preset": 3},
        {"kind": "buzzer", "duration_s": 10},
        {"kind": "video_popup", "camera_id": 1, "duration_s": 30},
        {"kind": "video_popup"},
        {"kind": "message_popup", "text": "Gate open", "duration_s": 20},
        {"kind": "email", "recipient_ids": []},
        {"kind": "webhook", "endpoint_ids": [2]},
    ],
    "alarm": {
        "priority": 1,
        "category": "intrusion",
        "instructions": "Call the guard",
        "related_cameras": [2],
        "auto_close": True,
        "escalate_after_s": 120,
        "merge_window_s": 60,
    },
}


def test_a_full_definition_parses_and_round_trips() -> None:
    definition = definition_from(FULL)
    assert definition.events == {
        EventType.MOTION: frozenset(),
        EventType.ANALYTICS: frozenset({"line_crossing", "intrusion"}),
    }
    assert definition.cameras == frozenset({1, 2}) and definition.inputs is None
    assert definition.actions[0] == RecordAction((1,))
    assert definition.actions[2] == OutputAction(4, "pulse", 5.0)
    assert definition.actions[6] == VideoPopupAction(None, None)  # the server's setting
    assert definition.alarm == AlarmSpec(1, "intrusion", "Call the guard", (2,), True, 120, 60)
    assert parse_definition(json.dumps(definition.to_json())) == definition
    assert definition.matches(EventType.ANALYTICS, "intrusion")
    assert not definition.matches(EventType.ANALYTICS, "tamper")
    assert definition.matches(EventType.MOTION, "whatever area")
    assert not definition.matches(EventType.SENSOR, "")
    assert definition.covers_source(1, None) and not definition.covers_source(3, None)
    assert definition.covers_source(None, 99) and definition.covers_source(None, None)
    assert definition.camera_ids() == {1, 2}
    assert definition.condition.holds({"areas": ["yard", "door"], "items": {"Direction": "in"}})
    assert not definition.condition.holds({"areas": ["yard"], "items": {"Direction": "in"}})
    assert not definition.condition.holds({"areas": ["door"], "items": {"Direction": "out"}})


def with_change(path: str, value: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(FULL))
    *parents, last = path.split(".")
    target = body
    for name in parents:
        target = target[int(name)] if name.isdigit() else target[name]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return body


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "why"),
    [
        ("events", {}, "definition.events", "at least one"),
        ("events", DELETE, "definition.events", "required"),
        ("events.smell", [], "definition.events.smell", "unknown event type"),
        ("events.analytics", ["juggling"], "definition.events.analytics", "'juggling'"),
        ("events.motion", "all", "definition.events.motion", "list"),
        ("colour", "red", "definition.colour", "unknown field"),
        ("sources.cameras", "some", "definition.sources.cameras", "list of ids"),
        ("sources.cameras", [1, 1], "definition.sources.cameras", "twice"),
        ("sources.cameras", [0], "definition.sources.cameras[0]", "1.."),
        ("interval_s", -1, "definition.interval_s", "0..86400"),
        ("condition.areas", "door", "definition.condition.areas", "list of area names"),
        ("condition.items", {"Direction": 1}, "definition.condition.items", "item names"),
        ("condition.colour", 1, "definition.condition.colour", "unknown field"),
        ("interval_s", "5", "definition.interval_s", "integer"),
        ("actions", {}, "definition.actions", "list"),
        ("actions.0.kind", "dance", "definition.actions[0].kind", "unknown action 'dance'"),
        ("actions.0.camera_ids", [], "definition.actions[0].camera_ids", "no camera"),
        ("actions.2.mode", "blink", "definition.actions[2].mode", "on, off or pulse"),
        ("actions.2.seconds", 0, "definition.actions[2].seconds", "0.1.."),
        ("actions.3.preset", 256, "definition.actions[3].preset", "1..255"),
        ("actions.4.duration_s", True, "definition.actions[4].duration_s", "seconds"),
        ("actions.7.text", " ", "definition.actions[7].text", "empty"),
        ("actions.9.url", "x", "definition.actions[9].url", "unknown field"),
        ("alarm.priority", 4, "definition.alarm.priority", "1..3"),
        ("alarm.related_cameras", list(range(1, 18)), "definition.alarm.related_cameras", "16"),
        ("alarm.auto_close", 1, "definition.alarm.auto_close", "true or false"),
        ("alarm.category", "x" * 65, "definition.alarm.category", "64"),
    ],
)
def test_every_refusal_names_the_field_and_why(path: str, value: Any, field: str, why: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        definition_from(with_change(path, value))
    assert refused.value.field == field
    assert why in refused.value.reason


def test_text_that_is_not_a_definition_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="not JSON"):
        parse_definition("{")
    with pytest.raises(InvalidArgument, match="JSON object"):
        parse_definition("[]")
    with pytest.raises(InvalidArgument, match="raise an alarm or run an action"):
        parse_definition('{"events": {"motion": []}, "alarm": null}')


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        yield catalog


def add_camera(catalog: Catalog, name: str) -> int:
    query = Camera.insert(name=name, main_url="rtsp://cam/main", created_us=1, updated_us=1)
    return int(query.execute(catalog.database))


def draft(name: str, body: dict[str, Any], **kw: Any) -> RuleDraft:
    return RuleDraft(name=name, definition_json=json.dumps(body), **kw)


def test_the_book_refuses_a_rule_naming_what_does_not_exist(catalog: Catalog) -> None:
    book = RuleBook(catalog)
    camera = add_camera(catalog, "gate")
    motion = {"events": {"motion": []}, "sources": {"cameras": [camera]}, "alarm": {}}
    rule, created = book.put(draft("Gate motion", motion))
    assert created and rule.definition.cameras == frozenset({camera}) and rule.version == 1
    missing = {**motion, "actions": [{"kind": "record", "camera_ids": [camera + 1]}]}
    with pytest.raises(InvalidArgument, match=f"camera {camera + 1} does not exist"):
        book.put(draft("Other", missing))
    cases = [
        ({"kind": "output", "point_id": 9, "mode": "on"}, "actions[0].point_id", "output 9"),
        ({"kind": "ptz_preset", "camera_id": camera, "preset": 2}, "preset", "no preset 2"),
        ({"kind": "email", "recipient_ids": [3]}, "recipient_ids", "recipient 3"),
        ({"kind": "webhook", "endpoint_ids": [4]}, "endpoint_ids", "endpoint 4"),
    ]
    for action, field, why in cases:
        with pytest.raises(InvalidArgument) as refused:
            book.put(draft("Other", {**motion, "actions": [action]}))
        assert field in refused.value.field and why in refused.value.reason
    with pytest.raises(InvalidArgument) as refused:
        book.put(draft("Other", {**motion, "sources": {"inputs": [5]}}))
    assert "input 5 does not exist" in refused.value.reason
    with pytest.raises(InvalidArgument, match="schedule 7"):
        book.put(draft("Other", motion, arming_schedule_id=7))
    with pytest.raises(InvalidArgument, match="name"):
        book.put(draft(" padded", motion))
    assert [r.name for r in book.list()] == ["Gate motion"]


def test_versions_names_and_deletion(catalog: Catalog) -> None:
    book = RuleBook(catalog)
    body = {"events": {"manual": []}, "alarm": {"priority": 3}}
    rule, _ = book.put(draft("A", body))
    revision = book.revision
    again, created = book.put(draft("A", body, enabled=False), expected_version=1)
    assert not created and again.id == rule.id and again.version == 2 and not again.enabled
    assert book.revision > revision
    with pytest.raises(RuleVersionConflict) as stale:
        book.put(draft("A", body), expected_version=1)
    assert stale.value.current_version == 2
    book.put(draft("B", body))
    with pytest.raises(FailedPrecondition, match="another rule is named 'B'"):
        book.put(draft("B", body, id=rule.id))
    renamed, _ = book.put(draft("C", body, id=rule.id))
    assert book.get(name="C").id == rule.id == renamed.id
    book.delete(rule.id)
    with pytest.raises(NotFound):
        book.get(rule.id)
    with pytest.raises(NotFound):
        book.put(draft("D", body, id=rule.id))


def test_builtin_rules_are_seeded_once_kept_when_edited_and_never_deleted(
    catalog: Catalog,
) -> None:
    book = RuleBook(catalog)
    assert sorted(book.seed()) == sorted(BUILTIN_TITLES)
    assert book.seed() == []
    offline = book.builtin("camera_offline")
    assert offline is not None and offline.enabled
    assert offline.definition.matches(EventType.EXCEPTION, "camera_offline")
    assert offline.definition.alarm is not None and offline.definition.alarm.auto_close
    body = offline.definition.to_json()
    body["alarm"]["priority"] = 1
    edited, _ = book.put(
        RuleDraft("Camera down", json.dumps(body), enabled=False, id=offline.id),
        expected_version=1,
    )
    assert RuleBook(catalog).seed() == []  # a later start: nothing re-created
    kept = book.builtin("camera_offline")
    assert kept == edited and kept.name == "Camera down" and not kept.enabled
    with pytest.raises(FailedPrecondition, match="disable it instead"):
        book.delete(name="Camera down")
    # Built-in ones come first in the list.
    book.put(draft("AAA", {"events": {"manual": []}, "alarm": {}}))
    assert book.list()[-1].name == "AAA"
