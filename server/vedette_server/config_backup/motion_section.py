"""A camera's motion-detection settings in the configuration document: written on
export, checked on preview, applied on import.

Each camera of the document carries them under ``motion``; an area's cells are the 56
packed bytes of ``grid.pack`` in hex::

    "motion": {"enabled": true, "sensitivity": 6, "make_frames": 2, "hold_s": 10.0,
               "areas": [{"name": "all", "cells": "ffff…"}]}

Blocking (catalog); called by ``snapshot.ConfigSnapshots`` on the catalog thread.

Invariants:
- Checked as ``SetMotionConfig`` checks them (``MotionConfig`` and ``MotionArea``
  refuse what the API refuses); a bad one is refused naming the camera and the
  field, before anything changes.
- A camera without ``motion`` (a file written before they were backed up) keeps the
  settings it has: the defaults (detection off) for a camera the import adds.
"""

from __future__ import annotations

from typing import Any

from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore


def export_motion(settings: MotionSettings) -> dict[str, Any]:
    config = settings.config
    return {
        "enabled": settings.enabled,
        "sensitivity": config.sensitivity,
        "make_frames": config.make_frames,
        "hold_s": config.hold_s,
        "areas": [{"name": a.name, "cells": grid.pack(a.cells).hex()} for a in config.areas],
    }


def _number(section: dict[str, Any], key: str, kind: type) -> Any:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgument(key, f"{value!r} is not a number")
    if kind is int and value != int(value):
        raise InvalidArgument(key, f"{value!r} is not a whole number")
    return kind(value)


def _settings(section: dict[str, Any]) -> MotionSettings:
    enabled = section.get("enabled")
    if not isinstance(enabled, bool):
        raise InvalidArgument("enabled", f"{enabled!r} is not true or false")
    areas = section.get("areas")
    if not isinstance(areas, list):
        raise InvalidArgument("areas", "expected a list")
    parsed = []
    for area in areas:
        if not isinstance(area, dict) or not isinstance(area.get("name"), str):
            raise InvalidArgument("areas", "an area needs a name and cells")
        try:
            cells = bytes.fromhex(str(area.get("cells", "")))
        except ValueError:
            raise InvalidArgument("areas", f"the cells of {area['name']!r} are not hex") from None
        parsed.append(MotionArea(area["name"], grid.unpack(cells)))
    config = MotionConfig(
        sensitivity=_number(section, "sensitivity", int),
        make_frames=_number(section, "make_frames", int),
        hold_s=_number(section, "hold_s", float),
        areas=tuple(parsed),
    )
    return MotionSettings(enabled, config)


def check_motion(camera: dict[str, Any], where: str) -> MotionSettings | None:
    """The camera's settings in the document (None: it has none); InvalidArgument
    naming ``where``.motion.<field> for a bad one."""
    if "motion" not in camera:
        return None
    if not isinstance(camera["motion"], dict):
        raise InvalidArgument(f"{where}.motion", "expected an object")
    try:
        return _settings(camera["motion"])
    except InvalidArgument as error:
        raise InvalidArgument(f"{where}.motion.{error.field}", error.reason) from None


def apply_motion(
    store: MotionSettingsStore, cameras: list[dict[str, Any]], camera_ids: dict[str, int]
) -> None:
    """Store the document's settings of each camera that has them."""
    for index, camera in enumerate(cameras):
        settings = check_motion(camera, f"cameras[{index}]")
        if settings is not None:
            store.put(camera_ids[str(camera["name"]).lower()], settings)
