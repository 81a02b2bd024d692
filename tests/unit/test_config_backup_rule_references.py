"""A rule's references between ids (the catalog) and names (the configuration
document): what is gone is left out on export, never written as an id; what does not
resolve on import is refused naming the rule's field."""

from __future__ import annotations

from typing import Any

import pytest

from vedette_server.config_backup.rule_references import (
    CAMERA,
    INPUT,
    MISSING,
    OUTPUT,
    RECIPIENT,
    Unresolved,
    point_ref,
    translate,
)

NAMES: dict[str, dict[int, Any]] = {
    CAMERA: {1: "Yard", 2: "Gate"},
    INPUT: {10: point_ref("box", 0)},
    OUTPUT: {20: point_ref("box", 0)},
    RECIPIENT: {30: "guard@example.test"},
}


def by_id(what: str, value: Any, where: str) -> Any:
    return NAMES.get(what, {}).get(value, MISSING)


def by_name(what: str, value: Any, where: str) -> Any:
    for ident, name in NAMES.get(what, {}).items():
        if name == value:
            return ident
    return MISSING


DEFINITION: dict[str, Any] = {
    "events": {"sensor": []},
    "sources": {"cameras": [1, 99], "inputs": [10]},
    "actions": [
        {"kind": "record", "camera_ids": [99]},  # only a deleted camera: the action goes
        {"kind": "snapshot", "camera_ids": [2, 99]},
        {"kind": "output", "point_id": 77, "mode": "on"},  # a deleted output
        {"kind": "output", "point_id": 20, "mode": "pulse"},
        {"kind": "video_popup", "camera_id": None, "duration_s": 5},  # the event's camera
        {"kind": "email", "recipient_ids": []},  # every recipient: stays every recipient
        {"kind": "email", "recipient_ids": [31]},  # only a deleted one: the action goes
    ],
    "alarm": {"priority": 1, "related_cameras": [99, 2]},
}


def test_export_names_things_and_leaves_out_what_is_gone() -> None:
    written = translate(DEFINITION, by_id, "definition", strict=False)
    assert written["sources"] == {"cameras": ["Yard"], "inputs": [{"device": "box", "number": 0}]}
    assert written["actions"] == [
        {"kind": "snapshot", "camera_ids": ["Gate"]},
        {"kind": "output", "point_id": {"device": "box", "number": 0}, "mode": "pulse"},
        {"kind": "video_popup", "camera_id": None, "duration_s": 5},
        {"kind": "email", "recipient_ids": []},
    ]
    assert written["alarm"]["related_cameras"] == ["Gate"]
    assert DEFINITION["sources"]["cameras"] == [1, 99]  # the original is untouched


def test_import_resolves_names_back_and_refuses_an_unknown_one_naming_the_field() -> None:
    written = translate(DEFINITION, by_id, "definition", strict=False)
    assert translate(written, by_name, "definition", strict=True)["sources"] == {
        "cameras": [1],
        "inputs": [10],
    }
    written["actions"][1]["point_id"] = {"device": "other", "number": 0}
    with pytest.raises(Unresolved) as refused:
        translate(written, by_name, "alarms.rules[3].definition", strict=True)
    assert refused.value.field == "alarms.rules[3].definition.actions[1].point_id"
    assert "'other'" in refused.value.reason


def test_a_malformed_definition_is_left_for_the_rule_parser_to_refuse() -> None:
    odd = {"events": "motion", "sources": "nowhere", "actions": "none", "alarm": 3}
    assert translate(odd, by_name, "definition", strict=True) == odd
    assert translate([1, 2], by_name, "definition", strict=True) == [1, 2]
