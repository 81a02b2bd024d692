"""The catalog rows of I/O devices and points: a device's points follow its counts,
checks refuse bad values naming the field, links to cameras and schedules must exist,
and a schedule an I/O point uses cannot be deleted from under it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_hw.io_inputs import ContactType
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from vedette_server.io.settings import DeviceKind, ModbusAddress, PointKind, VirtualAddress
from vedette_server.io.store import IoStore, PointChanges
from vedette_server.recording.policy_store import PolicyStore
from vedette_server.recording.schedules import week


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


@pytest.fixture
def store(catalog: Catalog) -> IoStore:
    return IoStore(catalog.database)


def shape(store: IoStore, device_id: int) -> list[tuple[str, int, str]]:
    return [(p.kind.value, p.number, p.name) for p in store.points(device_id)]


def test_a_devices_points_follow_its_counts(store: IoStore) -> None:
    box = store.add_device("hall", DeviceKind.MODBUS, ModbusAddress("127.0.0.1", 1502, 1, 2, 1))
    assert shape(store, box.id) == [
        ("input", 0, "hall/in0"),
        ("input", 1, "hall/in1"),
        ("output", 0, "hall/out0"),
    ]
    first = store.points(box.id)[0]
    store.update_point(first.id, PointChanges(name="front door", normal="closed"))
    store.update_device(box.id, address=ModbusAddress("127.0.0.1", 1502, 1, 1, 2))
    assert shape(store, box.id) == [
        ("input", 0, "front door"),
        ("output", 0, "hall/out0"),
        ("output", 1, "hall/out1"),
    ]
    assert store.point(first.id).normal is ContactType.NORMALLY_CLOSED  # kept
    store.remove_device(box.id)
    assert store.points() == [] and store.devices() == []


def test_bad_devices_are_refused_naming_the_field(store: IoStore) -> None:
    for make, field in (
        (lambda: ModbusAddress("127.0.0.1", port=70000), "port"),
        (lambda: ModbusAddress("127.0.0.1", port=0), "port"),
        (lambda: ModbusAddress("127.0.0.1", input_count=65), "input_count"),
        (lambda: ModbusAddress("127.0.0.1", output_count=-1), "output_count"),
        (lambda: ModbusAddress("127.0.0.1", unit_id=256), "unit_id"),
        (lambda: ModbusAddress("127.0.0.1", input_count=4, input_base=65533), "input_base"),
        (lambda: ModbusAddress(""), "host"),
        (lambda: ModbusAddress("a host; rm"), "host"),
        (lambda: VirtualAddress(65, 0), "input_count"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            make()
        assert refused.value.field == field
    store.add_device("v", DeviceKind.VIRTUAL, VirtualAddress(1, 1))
    with pytest.raises(AlreadyExists):
        store.add_device("v", DeviceKind.VIRTUAL, VirtualAddress(1, 1))
    with pytest.raises(InvalidArgument, match="name"):
        store.add_device("x" * 49, DeviceKind.VIRTUAL, VirtualAddress(1, 1))
    with pytest.raises(NotFound):
        store.update_device(999, enabled=False)


def test_bad_point_changes_are_refused_and_change_nothing(store: IoStore) -> None:
    device = store.add_device("v", DeviceKind.VIRTUAL, VirtualAddress(1, 1))
    door, siren = store.points(device.id)
    assert door.kind is PointKind.INPUT and siren.pulse_s == 5.0
    for changes, message in (
        (PointChanges(debounce_ms=60_001), "debounce_ms"),
        (PointChanges(pulse_s=-1.0), "pulse_s"),
        (PointChanges(pulse_s=86_401.0), "pulse_s"),
        (PointChanges(normal="sometimes"), "normal"),
        (PointChanges(name=""), "name"),
    ):
        with pytest.raises(InvalidArgument, match=message):
            store.update_point(siren.id, changes)
    with pytest.raises(InvalidArgument, match="is an input"):
        store.update_point(door.id, PointChanges(pulse_s=3.0))
    with pytest.raises(NotFound, match="camera"):
        store.update_point(door.id, PointChanges(camera_id=42))
    with pytest.raises(NotFound, match="schedule"):
        store.update_point(door.id, PointChanges(schedule_id=42))
    with pytest.raises(NotFound):
        store.update_point(4242, PointChanges(enabled=False))
    assert store.points(device.id) == [door, siren]
    manual = store.update_point(siren.id, PointChanges(manual=True))
    assert manual.pulse_s is None


def test_a_schedule_an_io_point_uses_cannot_be_deleted(catalog: Catalog, store: IoStore) -> None:
    schedules = PolicyStore(catalog.database)
    night, _ = schedules.put_schedule(0, "night", week({"mon": [[0, 360]]}))
    device = store.add_device("v", DeviceKind.VIRTUAL, VirtualAddress(1, 0))
    door = store.points(device.id)[0]
    store.update_point(door.id, PointChanges(schedule_id=night.id))
    with pytest.raises(FailedPrecondition, match="'night' is used by I/O points"):
        schedules.delete_schedule(night.id)
    assert store.point(door.id).schedule_id == night.id
    store.update_point(door.id, PointChanges(schedule_id=0))
    schedules.delete_schedule(night.id)
