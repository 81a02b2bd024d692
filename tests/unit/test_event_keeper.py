"""The keeper and the reaper of tentative segments (recording/keeper.py), on a real
catalog and real files: events keep [start − pre, end + post] of their camera's event
streams, nothing else tentative survives the TTL, and claimed video is never reaped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_api.media.packet import Codec
from vedette_server.catalog import Catalog, open_catalog
from vedette_server.catalog.models import Camera, RecordReason, Stream, Volume
from vedette_server.catalog.segments import (
    complete_segment,
    open_segment,
    segments_overlapping,
    set_locked,
)
from vedette_server.catalog.timeline import timeline
from vedette_server.recording.keeper import MIN_TTL_US, Keeper
from vedette_server.recording.plan import ALWAYS, CameraPlan
from vedette_server.search.events import EventLog, EventType

S = 1_000_000
T0 = 1_800_000_000 * S
EVENT_ONLY = CameraPlan(
    main="tentative",
    sub="off",
    armed=frozenset({"motion"}),
    event_streams=frozenset({"main"}),
    pre_us=10 * S,
    post_us=5 * S,
)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


class Site:
    def __init__(self, catalog: Catalog, root: Path) -> None:
        self.catalog = catalog
        self.root = root
        self.camera = int(
            Camera.insert(name="c", main_url="rtsp://c/", created_us=T0, updated_us=T0).execute(
                catalog.database
            )
        )
        self.volume = int(
            Volume.insert(uuid=str(uuid.uuid4()), path=str(root), disk_group=1).execute(
                catalog.database
            )
        )
        self.plans: dict[int, CameraPlan] = {self.camera: EVENT_ONLY}
        self.keeper = Keeper(
            catalog,
            lambda camera_id, _t: self.plans.get(camera_id, ALWAYS),
            lambda: {self.volume: root},
        )
        self.events = EventLog(catalog)

    def segment(self, start_s: int, end_s: int | None, reasons: int = 0) -> int:
        relpath = f"{self.camera}/main/{T0 + start_s * S}.vseg"
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 100)
        segment_id = open_segment(
            self.catalog, self.camera, Stream.MAIN, self.volume, relpath, T0 + start_s * S,
            Codec.H264, 640, 360, reasons,
        )  # fmt: skip
        if end_s is not None:
            complete_segment(self.catalog, segment_id, T0 + end_s * S, 100, 10, b"")
        return segment_id

    def reasons(self) -> dict[int, int]:
        """Segment start (s from T0) → mask, of every segment."""
        rows = self.catalog.database.execute_sql(
            "SELECT start_us, record_reasons FROM segment ORDER BY start_us"
        ).fetchall()
        return {(start - T0) // S: reasons for start, reasons in rows}


@pytest.fixture
def site(catalog: Catalog, tmp_path: Path) -> Site:
    return Site(catalog, tmp_path / "volume")


def test_an_event_keeps_its_window_and_the_rest_is_reaped(site: Site) -> None:
    for start in range(0, 200, 10):  # twenty 10 s tentative segments
        site.segment(start, start + 10)
    event = site.events.begin(EventType.MOTION, site.camera, T0 + 95 * S, source="test")
    site.events.end(event, T0 + 112 * S)
    report = site.keeper.run_once(T0 + 200 * S)
    # [95 − 10, 112 + 5) = [85, 117): the segments starting at 80 (holding the keyframe
    # at or before 85) to 110.
    kept = {s for s, r in site.reasons().items() if r}
    assert kept == {80, 90, 100, 110}
    assert all(r == RecordReason.MOTION for r in site.reasons().values() if r)
    # Reaped at once: what ended more than the TTL (120 s) before now (200 s).
    assert report.claimed == 4 and report.reaped == 7
    # The timeline shows exactly the kept window; playback sees only kept segments.
    runs = timeline(site.catalog, [site.camera], T0, T0 + 300 * S, now_us=T0 + 300 * S)
    assert [(r.start_us, r.end_us) for r in runs[site.camera]] == [(T0 + 80 * S, T0 + 120 * S)]
    assert runs[site.camera][0].record_reasons == RecordReason.MOTION
    served = segments_overlapping(site.catalog, site.camera, Stream.MAIN, T0, T0 + 300 * S)
    assert [(s.start_us - T0) // S for s in served] == [80, 90, 100, 110]

    later = site.keeper.run_once(T0 + 200 * S + MIN_TTL_US + S)
    assert later.reaped == 9
    assert sorted(site.reasons()) == [80, 90, 100, 110]
    files = sorted(p.name for p in (site.root / str(site.camera) / "main").iterdir())
    assert files == [f"{T0 + s * S}.vseg" for s in (80, 90, 100, 110)]


def test_an_open_event_keeps_segments_as_they_come_and_its_end_stops_it(site: Site) -> None:
    site.segment(0, 10)
    site.segment(10, 20)
    open_id = site.segment(20, None)  # the worker is writing it
    event = site.events.begin(EventType.MOTION, site.camera, T0 + 25 * S, source="test")
    site.keeper.run_once(T0 + 26 * S)
    assert site.reasons() == {0: 0, 10: RecordReason.MOTION, 20: RecordReason.MOTION}
    # The open segment closes with no reason from the worker: the claim stays.
    complete_segment(site.catalog, open_id, T0 + 30 * S, 100, 10, b"", record_reasons=0)
    site.segment(30, 40)
    site.events.end(event, T0 + 33 * S)
    site.segment(40, 50)  # starts after 33 + 5: not kept
    site.keeper.run_once(T0 + 50 * S)
    assert site.reasons() == {
        0: 0, 10: RecordReason.MOTION, 20: RecordReason.MOTION, 30: RecordReason.MOTION, 40: 0,
    }  # fmt: skip


def test_an_unarmed_trigger_keeps_nothing_and_continuous_segments_gain_the_reason(
    site: Site,
) -> None:
    site.plans[site.camera] = CameraPlan(
        main="continuous",
        sub="off",
        armed=frozenset({"motion"}),
        event_streams=frozenset({"main"}),
    )
    site.segment(0, 60, RecordReason.SCHEDULE)
    site.segment(60, 120, RecordReason.SCHEDULE)
    motion = site.events.begin(EventType.MOTION, site.camera, T0 + 70 * S, source="test")
    site.events.end(motion, T0 + 75 * S)
    sensor = site.events.begin(EventType.SENSOR, site.camera, T0 + 10 * S, source="test")
    site.events.end(sensor, T0 + 12 * S)  # sensor is not armed: no reason added
    site.keeper.run_once(T0 + 130 * S)
    both = RecordReason.SCHEDULE | RecordReason.MOTION
    assert site.reasons() == {0: RecordReason.SCHEDULE, 60: both}
    runs = timeline(site.catalog, [site.camera], T0, T0 + 130 * S, now_us=T0 + 130 * S)
    assert [(r.start_us - T0) // S for r in runs[site.camera]] == [0, 60]
    assert runs[site.camera][1].record_reasons == both


def test_after_a_restart_the_first_run_claims_before_it_reaps(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A server down for longer than the TTL: the event that ended just before the
    crash is found by the first run (it is not among the recent starts) and its window
    is kept; everything else tentative goes."""
    site = Site(catalog, tmp_path / "volume")
    for start in range(0, 60, 10):
        site.segment(start, start + 10)
    event = site.events.begin(EventType.MOTION, site.camera, T0 + 30 * S, source="test")
    site.events.end(event, T0 + 35 * S)
    fresh = Keeper(catalog, lambda _c, _t: EVENT_ONLY, lambda: {site.volume: site.root})
    report = fresh.run_once(T0 + 60 * S + MIN_TTL_US + 60 * S)
    # [30 − 10, 35 + 5) = [20, 40): the segments starting at 20 and 30.
    assert report.claimed == 2 and report.reaped == 4
    assert site.reasons() == {s: RecordReason.MOTION for s in (20, 30)}


def test_locked_tentative_segments_are_never_reaped(site: Site) -> None:
    site.segment(0, 10)
    site.segment(10, 20)
    set_locked(site.catalog, site.camera, T0, T0 + 10 * S, True)
    report = site.keeper.run_once(T0 + 20 * S + MIN_TTL_US + S)
    assert report.reaped == 1
    assert site.reasons() == {0: 0}


def test_events_of_other_cameras_or_without_a_camera_keep_nothing(site: Site) -> None:
    site.segment(0, 10)
    other = site.events.begin(EventType.MOTION, site.camera + 1, T0 + 5 * S, source="test")
    site.events.end(other, T0 + 6 * S)
    server_wide = site.events.begin(EventType.MOTION, None, T0 + 5 * S, source="test")
    site.events.end(server_wide, T0 + 6 * S)
    site.keeper.run_once(T0 + 10 * S)
    assert site.reasons() == {0: 0}


def test_the_windows_open_now_say_which_streams_record_for_which_reason(site: Site) -> None:
    site.segment(0, 10)
    ended = site.events.begin(EventType.MOTION, site.camera, T0 + 2 * S, source="test")
    site.events.end(ended, T0 + 4 * S)
    site.keeper.run_once(T0 + 5 * S)  # ended, but within its post-alarm: still kept
    assert site.keeper.run_once(T0 + 8 * S).active == {site.camera: {1: RecordReason.MOTION}}
    assert site.keeper.run_once(T0 + 9 * S).active == {}  # 4 + 5 s of post-alarm passed
    site.events.begin(EventType.MOTION, site.camera, T0 + 20 * S, source="test")
    assert site.keeper.run_once(T0 + 60 * S).active == {site.camera: {1: RecordReason.MOTION}}
