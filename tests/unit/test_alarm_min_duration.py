"""A rule's detection duration (ALARM-03, ``condition.min_duration_s``) with an
injected clock, on a real catalog, catalog thread and event bus: a start that lasts
fires once at its deadline, one that stops sooner fires nothing, repeats while it
lasts fold, other rules are not held, and the condition's JSON is validated."""

from __future__ import annotations

import json

import pytest
from tests.unit.test_alarm_engine import T0, World, catalog, run

from vedette_server.alarms.actions import ActionPorts
from vedette_server.alarms.rules import Condition, parse_definition
from vedette_server.catalog.database import Catalog
from vedette_server.errors import InvalidArgument

S = 1_000_000
__all__ = ["catalog"]  # the fixture, shared


def _door_rule(world: World, point: int, seconds: int, name: str = "Door held") -> int:
    body = {
        "events": {"sensor": []},
        "sources": {"inputs": [point]},
        "condition": {"min_duration_s": seconds},
        "alarm": {"priority": 2},
    }
    return world.put_rule(name, body)


def _io_rows(catalog: Catalog) -> None:
    catalog.database.execute_sql(
        "INSERT INTO io_device (id, name, kind, updated_us) VALUES (1, 'box', 'virtual', 0)"
    )
    for point in (3, 4):
        catalog.database.execute_sql(
            "INSERT INTO io_point (id, device_id, kind, number, name, updated_us)"
            f" VALUES ({point}, 1, 'input', {point}, 'door {point}', 0)"
        )


def test_a_start_fires_only_once_it_has_lasted(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    _io_rows(catalog)
    rule = _door_rule(world, 3, 5)

    def mine() -> list[int]:
        return [a.alarm.id for a in world.alarms() if a.alarm.rule_id == rule]

    async def scenario() -> None:
        await world.send("io.input", 10, point_id=3, name="door 3", active=True)
        assert mine() == []
        world.now = T0 + 14 * S
        await world.engine.tick()
        assert mine() == []  # 4 s: not yet
        await world.send("io.input", 14.5, point_id=3, name="door 3", active=True)  # a repeat
        world.now = T0 + 15 * S
        await world.engine.tick()
        (alarm,) = [a for a in world.alarms() if a.alarm.rule_id == rule]
        assert alarm.alarm.first_us == T0 + 10 * S  # the event's start
        assert alarm.alarm.count == 1
        # While it lasts, a repeat folds at once; no second alarm at a later tick.
        await world.send("io.input", 16, point_id=3, name="door 3", active=True)
        world.now = T0 + 30 * S
        await world.engine.tick()
        (alarm,) = [a for a in world.alarms() if a.alarm.rule_id == rule]
        assert alarm.alarm.count == 2
        # Stopped, then a new start: it must last again.
        await world.send("io.input", 31, point_id=3, name="door 3", active=False)
        await world.send("io.input", 40, point_id=3, name="door 3", active=True)
        world.now = T0 + 44 * S
        await world.engine.tick()
        assert len(mine()) == 1
        world.now = T0 + 45 * S
        await world.engine.tick()
        assert [a.alarm.count for a in world.alarms() if a.alarm.rule_id == rule] == [3]

    run(world, scenario)


def test_a_start_that_stops_sooner_fires_nothing(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    _io_rows(catalog)
    held = _door_rule(world, 3, 5)
    at_once = world.put_rule(
        "Door any", {"events": {"sensor": []}, "sources": {"inputs": [3]}, "alarm": {}}
    )

    async def scenario() -> None:
        await world.send("io.input", 10, point_id=3, name="door 3", active=True)
        await world.send("io.input", 11, point_id=3, name="door 3", active=False)
        for t in (15, 16, 200):
            world.now = T0 + t * S
            await world.engine.tick()
        rules = [a.alarm.rule_id for a in world.alarms()]
        assert held not in rules
        assert rules.count(at_once) == 1  # a rule without the condition fired at once
        assert not world.engine._timers  # the stop cancelled the timer

    run(world, scenario)


def test_each_key_waits_on_its_own(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    _io_rows(catalog)
    body = {
        "events": {"sensor": []},
        "sources": {"inputs": [3, 4]},
        "condition": {"min_duration_s": 10},
        "alarm": {},
    }
    rule = world.put_rule("Doors held", body)

    async def scenario() -> None:
        await world.send("io.input", 0, point_id=3, name="door 3", active=True)
        await world.send("io.input", 5, point_id=4, name="door 4", active=True)
        await world.send("io.input", 9, point_id=3, name="door 3", active=False)
        world.now = T0 + 15 * S
        await world.engine.tick()
        (alarm,) = [a for a in world.alarms() if a.alarm.rule_id == rule]
        assert alarm.alarm.key == "input:4"

    run(world, scenario)


@pytest.mark.parametrize("value", [3, 121, -1, 5.5, True, "10"])
def test_a_bad_detection_duration_is_refused_naming_its_field(value: object) -> None:
    body = {"events": {"sensor": []}, "condition": {"min_duration_s": value}}
    with pytest.raises(InvalidArgument, match=r"condition\.min_duration_s"):
        parse_definition(json.dumps(body))


def test_the_detection_duration_reads_back_and_old_rules_are_unchanged() -> None:
    body = {"events": {"motion": []}, "condition": {"min_duration_s": 120}, "alarm": {}}
    definition = parse_definition(json.dumps(body))
    assert definition.condition == Condition(min_duration_s=120)
    assert parse_definition(json.dumps(definition.to_json())) == definition
    plain = parse_definition(json.dumps({"events": {"motion": []}, "alarm": {}}))
    assert "min_duration_s" not in plain.to_json()["condition"]
