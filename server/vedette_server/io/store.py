"""The ``io_device`` and ``io_point`` rows of a catalog: read, add, change, remove.
Blocking (run on the catalog thread).

Invariants:
- A device's points are exactly its inputs 0..input_count-1 and outputs
  0..output_count-1: adding a device creates them, changing its counts adds the
  missing ones and removes those beyond the new count, removing it removes them.
- Names of devices are unique; a point names a camera and a schedule that exist
  (``NotFound`` otherwise), and every value is checked by ``settings`` first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from peewee import IntegrityError, SqliteDatabase

from vedette_api import timestamps
from vedette_server.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from vedette_server.io.settings import (
    MAX_DEVICE_NAME,
    MAX_POINT_NAME,
    Address,
    DeviceKind,
    DeviceRecord,
    OnvifAddress,
    PointKind,
    PointRecord,
    address_from_json,
    check_debounce_ms,
    check_name,
    check_pulse_s,
    contact_type,
    point_name,
)

_POINT_COLUMNS = (
    "id, device_id, kind, number, name, camera_id, normal, debounce_ms, schedule_id,"
    " pulse_s, enabled"
)

#: The default pulse of a new output (ALARM-06's auto-clear delay); inputs: None.
DEFAULT_PULSE_S = 5.0


@dataclass(frozen=True)
class PointChanges:
    """What an update changes; None leaves a field as it is. ``camera_id`` /
    ``schedule_id`` 0 clear the link; ``manual`` True clears the pulse time."""

    name: str | None = None
    camera_id: int | None = None
    normal: str | None = None
    debounce_ms: int | None = None
    schedule_id: int | None = None
    pulse_s: float | None = None
    manual: bool = False
    enabled: bool | None = None


def _point(row: Sequence[Any]) -> PointRecord:
    return PointRecord(
        id=int(row[0]),
        device_id=int(row[1]),
        kind=PointKind(row[2]),
        number=int(row[3]),
        name=str(row[4]),
        camera_id=None if row[5] is None else int(row[5]),
        normal=contact_type(str(row[6])),
        debounce_ms=int(row[7]),
        schedule_id=None if row[8] is None else int(row[8]),
        pulse_s=None if row[9] is None else float(row[9]),
        enabled=bool(row[10]),
    )


def _counts(address: Address) -> dict[PointKind, int]:
    return {PointKind.INPUT: address.input_count, PointKind.OUTPUT: address.output_count}


class IoStore:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    # -- reading ----------------------------------------------------------------------

    def devices(self) -> list[DeviceRecord]:
        rows = self._db.execute_sql(
            "SELECT id, name, kind, address, enabled FROM io_device ORDER BY id"
        ).fetchall()
        found = []
        for i, name, kind, address, enabled in rows:
            device_kind = DeviceKind(kind)
            found.append(
                DeviceRecord(
                    int(i),
                    str(name),
                    device_kind,
                    address_from_json(device_kind, json.loads(address)),
                    bool(enabled),
                )
            )
        return found

    def device(self, device_id: int) -> DeviceRecord:
        for record in self.devices():
            if record.id == device_id:
                return record
        raise NotFound("I/O device", device_id)

    def points(self, device_id: int | None = None) -> list[PointRecord]:
        where, args = ("WHERE device_id = ?", (device_id,)) if device_id is not None else ("", ())
        rows = self._db.execute_sql(
            f"SELECT {_POINT_COLUMNS} FROM io_point {where} ORDER BY device_id, kind, number",
            args,
        ).fetchall()
        return [_point(row) for row in rows]

    def point(self, point_id: int) -> PointRecord:
        row = self._db.execute_sql(
            f"SELECT {_POINT_COLUMNS} FROM io_point WHERE id = ?",
            (point_id,),
        ).fetchone()
        if row is None:
            raise NotFound("I/O point", point_id)
        return _point(row)

    # -- devices ----------------------------------------------------------------------

    def add_device(
        self, name: str, kind: DeviceKind, address: Address, *, enabled: bool = True
    ) -> DeviceRecord:
        name = check_name("name", name, MAX_DEVICE_NAME)
        with self._db.atomic():
            self._check_free_name(name, 0)
            if isinstance(address, OnvifAddress):
                self.camera(address.camera_id)
            cursor = self._db.execute_sql(
                "INSERT INTO io_device (name, kind, address, enabled, updated_us)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, kind.value, json.dumps(address.to_json()), int(enabled), _now()),
            )
            record = DeviceRecord(int(cursor.lastrowid), name, kind, address, enabled)
            self._sync_points(record)
        return record

    def update_device(
        self,
        device_id: int,
        *,
        name: str | None = None,
        address: Address | None = None,
        enabled: bool | None = None,
    ) -> DeviceRecord:
        with self._db.atomic():
            record = self.device(device_id)
            if address is not None and type(address) is not type(record.address):
                raise InvalidArgument("address", f"a {record.kind.value} device keeps its kind")
            changed = replace(
                record,
                name=record.name if name is None else check_name("name", name, MAX_DEVICE_NAME),
                address=record.address if address is None else address,
                enabled=record.enabled if enabled is None else enabled,
            )
            self._check_free_name(changed.name, device_id)
            self._db.execute_sql(
                "UPDATE io_device SET name = ?, address = ?, enabled = ?, updated_us = ?"
                " WHERE id = ?",
                (
                    changed.name,
                    json.dumps(changed.address.to_json()),
                    int(changed.enabled),
                    _now(),
                    device_id,
                ),
            )
            self._sync_points(changed)
        return changed

    def remove_device(self, device_id: int) -> DeviceRecord:
        with self._db.atomic():
            record = self.device(device_id)
            self._db.execute_sql("DELETE FROM io_point WHERE device_id = ?", (device_id,))
            self._db.execute_sql("DELETE FROM io_device WHERE id = ?", (device_id,))
        return record

    def _check_free_name(self, name: str, device_id: int) -> None:
        clash = self._db.execute_sql(
            "SELECT id FROM io_device WHERE name = ? AND id != ?", (name, device_id)
        ).fetchone()
        if clash is not None:
            raise AlreadyExists("I/O device", name)

    def _sync_points(self, device: DeviceRecord) -> None:
        """Add the device's missing points, remove those beyond its counts."""
        have = {(p.kind, p.number) for p in self.points(device.id)}
        for kind, count in _counts(device.address).items():
            self._db.execute_sql(
                "DELETE FROM io_point WHERE device_id = ? AND kind = ? AND number >= ?",
                (device.id, kind.value, count),
            )
            for number in range(count):
                if (kind, number) in have:
                    continue
                pulse = DEFAULT_PULSE_S if kind is PointKind.OUTPUT else None
                self._db.execute_sql(
                    "INSERT INTO io_point (device_id, kind, number, name, pulse_s, updated_us)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (device.id, kind.value, number, point_name(device.name, kind, number), pulse,
                     _now()),
                )  # fmt: skip

    # -- points -----------------------------------------------------------------------

    def update_point(self, point_id: int, changes: PointChanges) -> PointRecord:
        with self._db.atomic():
            point = self.point(point_id)
            updated = replace(point)
            if changes.name is not None:
                updated = replace(updated, name=check_name("name", changes.name, MAX_POINT_NAME))
            if changes.camera_id is not None:
                camera = self.camera(changes.camera_id) if changes.camera_id else None
                updated = replace(updated, camera_id=camera)
            if changes.schedule_id is not None:
                updated = replace(updated, schedule_id=self._schedule(changes.schedule_id))
            if changes.normal is not None:
                updated = replace(updated, normal=contact_type(changes.normal))
            if changes.debounce_ms is not None:
                updated = replace(updated, debounce_ms=check_debounce_ms(changes.debounce_ms))
            if changes.manual and changes.pulse_s is not None:
                raise InvalidArgument("pulse_s", "give a pulse time or manual, not both")
            if changes.manual:
                updated = replace(updated, pulse_s=None)
            elif changes.pulse_s is not None:
                updated = replace(updated, pulse_s=check_pulse_s(changes.pulse_s))
            if changes.enabled is not None:
                updated = replace(updated, enabled=changes.enabled)
            if point.kind is PointKind.INPUT and updated.pulse_s is not None:
                raise InvalidArgument("pulse_s", f"{point.name!r} is an input: it has no pulse")
            try:
                self._db.execute_sql(
                    "UPDATE io_point SET name = ?, camera_id = ?, normal = ?, debounce_ms = ?,"
                    " schedule_id = ?, pulse_s = ?, enabled = ?, updated_us = ? WHERE id = ?",
                    (
                        updated.name,
                        updated.camera_id,
                        updated.normal.value,
                        updated.debounce_ms,
                        updated.schedule_id,
                        updated.pulse_s,
                        int(updated.enabled),
                        _now(),
                        point_id,
                    ),
                )
            except IntegrityError as exc:  # a camera or schedule deleted meanwhile
                raise FailedPrecondition(f"I/O point {point_id}: {exc}") from exc
        return updated

    def camera(self, camera_id: int) -> int:
        """``camera_id`` when the camera exists; NotFound otherwise."""
        if self._db.execute_sql("SELECT 1 FROM camera WHERE id = ?", (camera_id,)).fetchone():
            return camera_id
        raise NotFound("camera", camera_id)

    def _schedule(self, schedule_id: int) -> int | None:
        if schedule_id == 0:
            return None
        if self._db.execute_sql("SELECT 1 FROM schedule WHERE id = ?", (schedule_id,)).fetchone():
            return schedule_id
        raise NotFound("schedule", schedule_id)


def _now() -> int:
    return timestamps.now_us()
