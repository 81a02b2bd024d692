"""What the catalog keeps of PTZ: devices, presets, cruises and the running cruise.

Every function here blocks on the database: callers run them on the catalog thread.
Rows come back as the validated values of ``ptz.model`` and ``ptz.serial_device``, so
a row that the schema let in but the model refuses fails loudly here, never later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from peewee import SqliteDatabase

from vedette_api import timestamps
from vedette_hw.pelco import Protocol, PVariant
from vedette_server.catalog.models import (
    Camera,
    PtzCruiseRow,
    PtzCruiseRunRow,
    PtzDeviceRow,
    PtzPresetRow,
    Setting,
)
from vedette_server.errors import NotFound
from vedette_server.ptz.keyboard_config import KeyboardConfig
from vedette_server.ptz.model import Cruise, CruiseStep, Preset
from vedette_server.ptz.serial_device import SerialPtzDevice


@dataclass(frozen=True)
class CruiseRun:
    """The cruise running on ``camera_id``, as persisted for a restart."""

    camera_id: int
    cruise_number: int
    priority: int
    started_by: str


#: The ``setting`` row of the control keyboard (a key the settings sections do not use).
KEYBOARD_KEY = "ptz_keyboard"


class PtzStore:
    """PTZ rows of one catalog database. Blocking."""

    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    def require_camera(self, camera_id: int) -> None:
        if not Camera.select().where(Camera.id == camera_id).exists(self._db):
            raise NotFound("camera", camera_id)

    # -- devices ---------------------------------------------------------------------

    def device(self, camera_id: int) -> SerialPtzDevice | None:
        row = PtzDeviceRow.select().where(PtzDeviceRow.camera == camera_id).get_or_none(self._db)
        if row is None:
            return None
        return SerialPtzDevice(
            protocol=Protocol(row.protocol),
            serial_port=row.serial_port,
            address=row.address,
            baud_rate=row.baud_rate,
            variant=PVariant(row.p_variant),
            reserved_presets=frozenset(json.loads(row.reserved_presets)),
        )

    def put_device(self, camera_id: int, device: SerialPtzDevice) -> None:
        with self._db.atomic():
            self.require_camera(camera_id)
            PtzDeviceRow.insert(
                camera=camera_id,
                protocol=device.protocol.value,
                p_variant=device.variant.value,
                serial_port=device.serial_port,
                baud_rate=device.baud_rate,
                address=device.address,
                reserved_presets=json.dumps(sorted(device.reserved_presets)),
                updated_us=timestamps.now_us(),
            ).on_conflict_replace().execute(self._db)

    # -- the control keyboard (PTZ-05) ------------------------------------------------

    def keyboard(self) -> KeyboardConfig | None:
        row = Setting.select().where(Setting.key == KEYBOARD_KEY).get_or_none(self._db)
        return None if row is None else KeyboardConfig.from_json(json.loads(str(row.value)))

    def cameras_on_port(self, serial_port: str) -> list[int]:
        """The cameras whose dome is on ``serial_port``."""
        rows = PtzDeviceRow.select(PtzDeviceRow.camera).where(
            PtzDeviceRow.serial_port == serial_port
        )
        return sorted(row.camera_id for row in rows.execute(self._db))

    def put_keyboard(self, config: KeyboardConfig) -> None:
        Setting.insert(
            key=KEYBOARD_KEY, value=json.dumps(config.to_json())
        ).on_conflict_replace().execute(self._db)

    # -- presets ---------------------------------------------------------------------

    def presets(self, camera_id: int) -> list[Preset]:
        rows = (
            PtzPresetRow.select()
            .where(PtzPresetRow.camera == camera_id)
            .order_by(PtzPresetRow.number)
        )
        return [Preset(row.number, row.name, row.token) for row in rows.execute(self._db)]

    def preset(self, camera_id: int, number: int) -> Preset:
        row = (
            PtzPresetRow.select()
            .where((PtzPresetRow.camera == camera_id) & (PtzPresetRow.number == number))
            .get_or_none(self._db)
        )
        if row is None:
            raise NotFound(f"preset of camera {camera_id}", number)
        return Preset(row.number, row.name, row.token)

    def put_preset(self, camera_id: int, preset: Preset) -> None:
        PtzPresetRow.insert(
            camera=camera_id,
            number=preset.number,
            name=preset.name,
            token=preset.token,
            updated_us=timestamps.now_us(),
        ).on_conflict_replace().execute(self._db)

    def delete_preset(self, camera_id: int, number: int) -> None:
        PtzPresetRow.delete().where(
            (PtzPresetRow.camera == camera_id) & (PtzPresetRow.number == number)
        ).execute(self._db)

    # -- cruises ---------------------------------------------------------------------

    def cruises(self, camera_id: int) -> list[Cruise]:
        rows = (
            PtzCruiseRow.select()
            .where(PtzCruiseRow.camera == camera_id)
            .order_by(PtzCruiseRow.number)
        )
        return [_cruise(row) for row in rows.execute(self._db)]

    def cruise(self, camera_id: int, number: int) -> Cruise:
        row = (
            PtzCruiseRow.select()
            .where((PtzCruiseRow.camera == camera_id) & (PtzCruiseRow.number == number))
            .get_or_none(self._db)
        )
        if row is None:
            raise NotFound(f"cruise of camera {camera_id}", number)
        return _cruise(row)

    def put_cruise(self, camera_id: int, cruise: Cruise) -> None:
        steps = [[s.preset, s.dwell_s, s.speed] for s in cruise.steps]
        PtzCruiseRow.insert(
            camera=camera_id,
            number=cruise.number,
            name=cruise.name,
            steps=json.dumps(steps),
            updated_us=timestamps.now_us(),
        ).on_conflict_replace().execute(self._db)

    def delete_cruise(self, camera_id: int, number: int) -> None:
        PtzCruiseRow.delete().where(
            (PtzCruiseRow.camera == camera_id) & (PtzCruiseRow.number == number)
        ).execute(self._db)

    # -- the running cruise ------------------------------------------------------------

    def runs(self) -> list[CruiseRun]:
        rows = PtzCruiseRunRow.select().order_by(PtzCruiseRunRow.camera)
        return [
            CruiseRun(row.camera_id, row.cruise_number, row.priority, row.started_by)
            for row in rows.execute(self._db)
        ]

    def put_run(self, run: CruiseRun) -> None:
        PtzCruiseRunRow.insert(
            camera=run.camera_id,
            cruise_number=run.cruise_number,
            priority=run.priority,
            started_by=run.started_by,
            started_us=timestamps.now_us(),
        ).on_conflict_replace().execute(self._db)

    def delete_run(self, camera_id: int, cruise_number: int) -> None:
        PtzCruiseRunRow.delete().where(
            (PtzCruiseRunRow.camera == camera_id) & (PtzCruiseRunRow.cruise_number == cruise_number)
        ).execute(self._db)


def _cruise(row: PtzCruiseRow) -> Cruise:
    steps = tuple(CruiseStep(int(p), float(d), float(s)) for p, d, s in json.loads(row.steps))
    return Cruise(row.number, row.name, steps)
