"""A camera's motion-detection settings as the catalog keeps them (``motion_setting``).

Every method blocks on the database: callers run them on the catalog thread. A camera
without a row has the defaults with detection off (it costs CPU, so it is opt-in).
Rows are read back through ``MotionConfig``, so a row the schema let in but the model
refuses fails loudly here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from peewee import SqliteDatabase

from vedette_api import timestamps
from vedette_server.catalog.models import Camera
from vedette_server.errors import NotFound
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig


@dataclass(frozen=True)
class MotionSettings:
    enabled: bool = False
    config: MotionConfig = field(default_factory=MotionConfig)


def areas_to_json(areas: tuple[MotionArea, ...]) -> str:
    return json.dumps([[a.name, grid.pack(a.cells).hex()] for a in areas])


def areas_from_json(text: str) -> tuple[MotionArea, ...]:
    return tuple(
        MotionArea(name, grid.unpack(bytes.fromhex(cells))) for name, cells in json.loads(text)
    )


_COLUMNS = "camera_id, enabled, sensitivity, make_frames, hold_s, areas"
_JOINED = ", ".join(f"m.{name.strip()}" for name in _COLUMNS.split(","))


def _settings(row: tuple[int, int, int, int, float, str]) -> MotionSettings:
    _, enabled, sensitivity, make_frames, hold_s, areas = row
    config = MotionConfig(
        sensitivity=sensitivity,
        make_frames=make_frames,
        hold_s=hold_s,
        areas=areas_from_json(areas),
    )
    return MotionSettings(bool(enabled), config)


class MotionSettingsStore:
    """``motion_setting`` rows of one catalog database. Blocking."""

    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    def _require_camera(self, camera_id: int) -> None:
        if not Camera.select().where(Camera.id == camera_id).exists(self._db):
            raise NotFound("camera", camera_id)

    def get(self, camera_id: int) -> MotionSettings:
        self._require_camera(camera_id)
        row = self._db.execute_sql(
            f"SELECT {_COLUMNS} FROM motion_setting WHERE camera_id = ?", (camera_id,)
        ).fetchone()
        return MotionSettings() if row is None else _settings(row)

    def put(self, camera_id: int, settings: MotionSettings) -> None:
        config = settings.config
        with self._db.atomic():
            self._require_camera(camera_id)
            self._db.execute_sql(
                f"INSERT OR REPLACE INTO motion_setting ({_COLUMNS}, updated_us)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    camera_id,
                    int(settings.enabled),
                    config.sensitivity,
                    config.make_frames,
                    config.hold_s,
                    areas_to_json(config.areas),
                    timestamps.now_us(),
                ),
            )

    def watched_since(self, camera_id: int) -> int | None:
        """When the camera's detection, on now, was last turned on or changed (µs UTC),
        or None while it is off: the index holds all its motion since then."""
        self._require_camera(camera_id)
        row = self._db.execute_sql(
            "SELECT updated_us FROM motion_setting WHERE camera_id = ? AND enabled = 1",
            (camera_id,),
        ).fetchone()
        return None if row is None else int(row[0])

    def enabled(self) -> dict[int, MotionSettings]:
        """The cameras with detection on (enabled cameras only), by id."""
        rows = self._db.execute_sql(
            f"SELECT {_JOINED} FROM motion_setting m JOIN camera c ON c.id = m.camera_id"
            " WHERE m.enabled = 1 AND c.enabled = 1"
        ).fetchall()
        return {int(row[0]): _settings(row) for row in rows}
