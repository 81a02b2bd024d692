"""Schedules and recording policies in a configuration file (``recording_section``) on
real catalogs: exported by name, read back the same on another catalog, checked like
the API checks them (each refusal naming the item and field), and a file from before
(no ``schedules``, cameras without ``recording``) keeps the current settings."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.config_backup.recording_section import (
    apply_recording,
    check_recording_document,
    export_recording,
    export_schedules,
    schedule_changes,
)
from vedette_server.errors import InvalidArgument
from vedette_server.recording.policy import RecordingPolicy, from_mode
from vedette_server.recording.policy_store import ALWAYS_SCHEDULE_ID, PolicyStore
from vedette_server.recording.schedules import WEEKDAYS, week


def _catalog(path: Path) -> Iterator[Catalog]:
    with open_catalog(path) as opened:
        yield opened


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Catalog]:
    yield from _catalog(tmp_path / "source.sqlite3")


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Catalog]:
    yield from _catalog(tmp_path / "target.sqlite3")


def add_camera(catalog: Catalog, name: str) -> int:
    query = Camera.insert(
        name=name, main_url="rtsp://c/m", enabled=True, created_us=1, updated_us=1
    )
    return int(query.execute(catalog.database))


def document(catalog: Catalog) -> dict[str, Any]:
    store = PolicyStore(catalog.database)
    cameras = [
        {"name": c.name, "recording": export_recording(store, c.id)}
        for c in Camera.select().order_by(Camera.id).execute(catalog.database)
    ]
    return {"cameras": cameras, "schedules": export_schedules(store)}


def ids(catalog: Catalog) -> dict[str, int]:
    rows = Camera.select().execute(catalog.database)
    return {str(c.name).lower(): int(c.id) for c in rows}


def test_a_configuration_carries_schedules_and_policies_by_name(
    source: Catalog, target: Catalog
) -> None:
    store = PolicyStore(source.database)
    yard, gate = add_camera(source, "Yard"), add_camera(source, "Gate")
    add_camera(source, "Spare")  # no policy: the default
    office, _ = store.put_schedule(0, "Office", week({"mon": [[480, 1080]]}))
    store.put_schedule(2, "24x5", week({"tue": [[0, 60]]}))  # a built-in preset, edited
    store.set_policy([yard], RecordingPolicy(normal_schedule=office.id, pre_s=30, post_s=40))
    store.set_policy([gate], from_mode("motion+sensor", ALWAYS_SCHEDULE_ID, event_stream="sub"))
    exported = document(source)
    assert exported["cameras"][0]["recording"]["normal_schedule"] == "Office"
    assert exported["cameras"][2]["recording"] is None
    assert [s["name"] for s in exported["schedules"]] == ["24x5", "24x2", "Office"]

    there = PolicyStore(target.database)
    for name in ("Gate", "Spare", "Yard"):
        add_camera(target, name)  # other ids than the source's
    stale, _ = there.put_schedule(0, "Stale", WEEKDAYS)
    there.set_policy([ids(target)["spare"]], from_mode("none", ALWAYS_SCHEDULE_ID))
    check_recording_document(there, exported)
    assert sorted(schedule_changes(there, exported)) == [
        ("24x5", "change"),
        ("Office", "add"),
        ("Stale", "remove"),
    ]
    apply_recording(there, exported, ids(target))
    assert document(target) == {**exported, "cameras": sorted(
        exported["cameras"], key=lambda c: ["Gate", "Spare", "Yard"].index(c["name"])
    )}  # fmt: skip
    assert "Stale" not in {s.name for s in there.list_schedules()}
    assert stale.id not in {s.id for s in there.list_schedules()}


def test_a_file_from_before_keeps_the_current_settings(target: Catalog) -> None:
    store = PolicyStore(target.database)
    yard = add_camera(target, "Yard")
    store.put_schedule(0, "Office", week({"mon": [[480, 1080]]}))
    store.set_policy([yard], from_mode("motion", ALWAYS_SCHEDULE_ID, pre_s=7))
    before = document(target)
    old = {"cameras": [{"name": "Yard"}]}
    check_recording_document(store, old)
    assert schedule_changes(store, old) == []
    apply_recording(store, old, ids(target))
    assert document(target) == before


BAD: list[tuple[str, Any, str]] = [
    ("schedules", "all", "schedules"),
    ("schedules", [{"week": {}}], "schedules[0]"),
    ("schedules", [{"name": "", "week": {}}], "schedules[0].name"),
    ("schedules", [{"name": "X", "week": {"mon": [[60, 120], [90, 99]]}}], "schedules[0].week.mon"),
    ("schedules", [{"name": "X", "week": {"moon": []}}], "schedules[0].week.moon"),
    ("schedules", [{"name": "X", "week": []}], "schedules[0].week"),
    ("schedules", [{"name": "X", "week": {}}, {"name": "X", "week": {}}], "schedules[1].name"),
    ("schedules", [{"name": "24x7", "week": {}}], "schedules[0].week"),
    ("recording", "always", "cameras[0].recording"),
    ("recording", {"motion_schedule": "Nope"}, "cameras[0].recording.motion_schedule"),
    ("recording", {"pre_s": 601}, "cameras[0].recording.pre_s"),
    ("recording", {"post_s": 4}, "cameras[0].recording.post_s"),
    ("recording", {"post_s": 5.5}, "cameras[0].recording.post_s"),
    ("recording", {"event_stream": "third"}, "cameras[0].recording.event_stream"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "value", "field"), BAD)
def test_a_bad_section_is_refused_naming_the_field_and_nothing_changes(
    target: Catalog, key: str, value: Any, field: str
) -> None:
    store = PolicyStore(target.database)
    yard = add_camera(target, "Yard")
    store.set_policy([yard], from_mode("sensor", ALWAYS_SCHEDULE_ID))
    good = document(target)
    bad = copy.deepcopy(good)
    if key == "schedules":
        bad["schedules"] = value
    elif isinstance(value, dict):
        bad["cameras"][0]["recording"].update(value)
    else:
        bad["cameras"][0]["recording"] = value
    with pytest.raises(InvalidArgument) as refused:
        check_recording_document(store, bad)
    assert refused.value.field == field
    assert document(target) == good
