"""Motion settings in the catalog (``motion_setting``), the worker's wire form of a
config, and the CLI's area syntax."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from peewee import IntegrityError

from vedette_api.cli.motion import area, hold_seconds
from vedette_api.client.motion import ALL_CELLS, cells_in_box, cells_to_rows
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.errors import NotFound
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore
from vedette_server.motion.worker import config_from_json, config_to_json


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def add_camera(catalog: Catalog, name: str, *, enabled: bool = True) -> int:
    query = Camera.insert(
        name=name, main_url="rtsp://cam/main", enabled=enabled, created_us=1, updated_us=1
    )
    return int(query.execute(catalog.database))


def config() -> MotionConfig:
    box = MotionArea("door", grid.cells_in_rect(0.1, 0.4, 0.4, 0.3))
    return MotionConfig(sensitivity=9, make_frames=3, hold_s=7.5, areas=(box,))


def same(a: MotionConfig, b: MotionConfig) -> bool:
    return (
        (a.sensitivity, a.make_frames, a.hold_s, a.fps)
        == (b.sensitivity, b.make_frames, b.hold_s, b.fps)
        and [x.name for x in a.areas] == [y.name for y in b.areas]
        and all(np.array_equal(x.cells, y.cells) for x, y in zip(a.areas, b.areas, strict=True))
    )


def test_a_camera_without_settings_has_detection_off(catalog: Catalog) -> None:
    store = MotionSettingsStore(catalog.database)
    camera = add_camera(catalog, "a")
    settings = store.get(camera)
    assert not settings.enabled and same(settings.config, MotionConfig())
    assert store.enabled() == {}


def test_settings_round_trip_and_only_enabled_cameras_are_analysed(catalog: Catalog) -> None:
    store = MotionSettingsStore(catalog.database)
    on, off, disabled = (
        add_camera(catalog, "on"),
        add_camera(catalog, "off"),
        add_camera(catalog, "disabled", enabled=False),
    )
    store.put(on, MotionSettings(True, config()))
    store.put(off, MotionSettings(False, config()))
    store.put(disabled, MotionSettings(True, config()))
    assert same(store.get(on).config, config()) and store.get(on).enabled
    assert list(store.enabled()) == [on]
    store.put(on, MotionSettings(False, MotionConfig()))
    assert store.enabled() == {} and same(store.get(on).config, MotionConfig())


def test_settings_go_with_their_camera_and_need_one(catalog: Catalog) -> None:
    store = MotionSettingsStore(catalog.database)
    camera = add_camera(catalog, "a")
    store.put(camera, MotionSettings(True, config()))
    Camera.delete().where(Camera.id == camera).execute(catalog.database)
    with pytest.raises(NotFound):
        store.get(camera)
    with pytest.raises(NotFound):
        store.put(camera, MotionSettings(True, config()))
    rows = catalog.database.execute_sql("SELECT count(*) FROM motion_setting").fetchone()
    assert rows == (0,)


def test_the_schema_refuses_what_the_model_refuses(catalog: Catalog) -> None:
    camera = add_camera(catalog, "a")
    for sensitivity, hold in ((0, 5.0), (11, 5.0), (5, 0.0), (5, -1.0), (5, 3601.0)):
        with pytest.raises(IntegrityError):
            catalog.database.execute_sql(
                "INSERT INTO motion_setting VALUES (?, 1, ?, 2, ?, '[]', 1)",
                (camera, sensitivity, hold),
            )


def test_the_worker_gets_the_config_it_was_given() -> None:
    assert same(config_from_json(config_to_json(config())), config())


def test_cli_areas_are_boxes_of_the_grid() -> None:
    assert area("all=all") == ("all", ALL_CELLS)
    name, cells = area("door=2,7,10,12+20,0,21,0")
    rows = np.array(cells_to_rows(cells))
    expected = grid.no_cells()
    expected[7:13, 2:11] = True
    expected[0, 20:22] = True
    assert name == "door" and np.array_equal(rows, expected)
    assert grid.unpack(cells_in_box(0, 0, 21, 17)).all()
    for bad in ("door", "=all", "door=1,2,3", "door=0,0,22,0", "door=0,0,0,18", "door=3,0,2,0"):
        with pytest.raises(argparse.ArgumentTypeError):
            area(bad)
    for bad_hold in ("0", "-1", "3601", "x"):
        with pytest.raises(argparse.ArgumentTypeError):
            hold_seconds(bad_hold)
