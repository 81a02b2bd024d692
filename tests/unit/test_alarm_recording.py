"""The record action on a real catalog and real files: the cameras a rule names keep
[start − pre, end + post] with their own pre/post even when their schedule arms no
trigger (the keeper's forced windows), and what nothing wanted is still reaped."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.unit.test_event_keeper import EVENT_ONLY, T0, S, Site

from vedette_server.alarms.recording import FORGET_AFTER_US, AlarmRecordings
from vedette_server.catalog import Catalog, open_catalog
from vedette_server.catalog.models import RecordReason
from vedette_server.recording.keeper import Keeper

UNARMED = dataclasses.replace(EVENT_ONLY, armed=frozenset())


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def test_a_record_action_keeps_its_window_on_an_unarmed_camera(
    catalog: Catalog, tmp_path: Path
) -> None:
    site = Site(catalog, tmp_path / "volume")
    site.plans[site.camera] = UNARMED
    recordings = AlarmRecordings()
    site.keeper = Keeper(
        catalog,
        lambda camera_id, _t: site.plans[camera_id],
        lambda: {site.volume: tmp_path / "volume"},
        forced=recordings.windows,
    )
    for start in range(0, 200, 10):
        site.segment(start, start + 10)
    recordings.keep(site.camera, "exc:illegal_access:eve", T0 + 95 * S, None)
    recordings.end("exc:illegal_access:eve", T0 + 112 * S)
    recordings.end("other", T0 + 150 * S)  # another cause: changes nothing
    report = site.keeper.run_once(T0 + 200 * S)
    # [95 − 10, 112 + 5) = [85, 117): the segments starting at 80 to 110.
    kept = {s for s, r in site.reasons().items() if r}
    assert kept == {80, 90, 100, 110}
    assert all(r == RecordReason.SENSOR for r in site.reasons().values() if r)
    assert report.claimed == 4 and report.reaped == 7
    # An open window keeps up to now + post, then is forgotten long after it ended.
    recordings.keep(site.camera, "input:1", T0 + 185 * S, None)
    assert [w.end_us for w in recordings.windows(T0 + 200 * S)] == [T0 + 112 * S, None]
    later = T0 + 112 * S + FORGET_AFTER_US + 1
    assert [w.start_us for w in recordings.windows(later)] == [T0 + 185 * S]


def test_without_the_action_an_unarmed_camera_keeps_nothing(
    catalog: Catalog, tmp_path: Path
) -> None:
    site = Site(catalog, tmp_path / "volume")
    site.plans[site.camera] = UNARMED
    for start in range(0, 200, 10):
        site.segment(start, start + 10)
    report = site.keeper.run_once(T0 + 200 * S)
    assert report.claimed == 0 and not any(site.reasons().values())
