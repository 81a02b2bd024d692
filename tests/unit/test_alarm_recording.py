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


def test_a_restart_inside_a_window_still_keeps_its_video(catalog: Catalog, tmp_path: Path) -> None:
    """Windows are saved as they change and read back at start: an open one ends at
    the restart, the keeper keeping its post from there; a closed one stays as it was."""
    site = Site(catalog, tmp_path / "volume")
    site.plans[site.camera] = UNARMED
    saved = tmp_path / "alarm-record-windows.json"
    before = AlarmRecordings(path=saved, started_us=T0)
    before.keep(site.camera, "input:1", T0 + 95 * S, None)  # open when the server stops
    before.keep(site.camera, "exc:disk", T0 + 20 * S, None)
    before.end("exc:disk", T0 + 25 * S)
    before.windows(T0 + 100 * S)  # the keeper's ask writes them
    assert saved.exists() and not saved.with_name(saved.name + ".partial").exists()
    # The server went down at ~100 s and starts again at 130 s; segments meanwhile
    # were written before the stop and after the start.
    for start in range(0, 200, 10):
        site.segment(start, start + 10)
    after = AlarmRecordings(path=saved, started_us=T0 + 130 * S)
    assert sorted((w.start_us, w.end_us) for w in after.windows(T0 + 200 * S)) == [
        (T0 + 20 * S, T0 + 25 * S),
        (T0 + 95 * S, T0 + 130 * S),
    ]
    site.keeper = Keeper(
        catalog,
        lambda camera_id, _t: site.plans[camera_id],
        lambda: {site.volume: tmp_path / "volume"},
        forced=after.windows,
    )
    site.keeper.run_once(T0 + 200 * S)
    # [20 − 10, 25 + 5) and [95 − 10, 130 + 5): segments 10, 20 and 80 to 130.
    kept = {s for s, r in site.reasons().items() if r}
    assert kept == {10, 20, 80, 90, 100, 110, 120, 130}


def test_a_damaged_or_unwritable_windows_file_loses_no_window_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"version": 1, "windows": [[1, "k", "not a time", null]]}')
    assert AlarmRecordings(path=damaged, started_us=T0).windows(T0) == []
    assert "not read" in caplog.text
    # A path whose folder is gone: each ask logs, the windows stay in memory.
    lost = AlarmRecordings(path=tmp_path / "gone" / "w.json", started_us=T0)
    lost.keep(7, "input:2", T0, None)
    assert [w.camera_id for w in lost.windows(T0 + S)] == [7]
    assert [w.camera_id for w in lost.windows(T0 + 2 * S)] == [7]
    assert caplog.text.count("not saved") == 2
