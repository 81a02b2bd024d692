"""Event recording: events keep video, and unclaimed tentative segments go (REC-02, REC-07).

A camera that records on events writes its event streams all the time, in short
*tentative* segments with no reason (mask 0; ingest/segmenter.py). The keeper turns
events into recordings, the reaper removes what no event wanted. Both run on the
catalog thread, every second (``Keeper.run_once``), from what the catalog holds — the
event log and the segments — so a restart after a kill -9 or a power cut needs no
memory of what was going on: the first run sees every event that was open or ended
recently, claims their windows, and only then reaps.

Invariants:
- An event of a trigger (motion, sensor, analytics) that its camera's schedule arms
  at the event's start keeps every segment of the camera's event streams that
  overlaps [start − pre, end + post] (an open event: up to now + post), pre and post
  being the camera's at the start: ``record_reasons |= reason``, tentative or
  continuous segments alike, so the timeline says why. The first kept segment
  therefore starts at a keyframe at or before start − pre. Event times are the
  frames' (the motion detector's) or the device's, not when the server noticed.
- A claimed segment is never reaped: the reaper deletes only segments still
  tentative (mask 0), closed, unlocked, and ended more than ``ttl_us`` ago, with
  ``ttl_us`` ≥ every pre-alarm + the time an event takes to reach the log, so an
  event claims its pre-alarm before the reaper can take it.
- Deletion goes through the garbage list (mark → unlink → forget), like retention.
- The keeper changes only reasons; the timeline's runs are rebuilt in the same
  transaction (catalog/runs.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from vedette_server.catalog import runs
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import MAX_SEGMENT_US, RecordReason, Stream
from vedette_server.catalog.segments import (
    mark_garbage,
    oldest_tentative_end,
    unclaimed_tentative,
)
from vedette_server.recording.garbage_files import unlink_garbage
from vedette_server.recording.plan import CameraPlan, Trigger

log = logging.getLogger(__name__)

#: How long an unclaimed tentative segment is kept after its end (research §6.2:
#: max(pre_max, 120 s)); never less than the longest pre-alarm + ``PRE_MARGIN_US``.
MIN_TTL_US: Final = 120_000_000
PRE_MARGIN_US: Final = 30_000_000
#: Events that started this long ago are looked up by start (an index range) at each
#: run; older open ones are followed by id from one run to the next.
LOOKBACK_US: Final = 120_000_000
REAP_BATCH: Final = 256
#: The longest post-alarm a policy allows (REC-07).
MAX_POST_US: Final = 600_000_000

TRIGGER_OF_TYPE: Final[dict[str, Trigger]] = {
    "motion": "motion",
    "sensor": "sensor",
    "analytics": "analytics",
}
REASON_OF: Final[dict[Trigger, RecordReason]] = {
    "motion": RecordReason.MOTION,
    "sensor": RecordReason.SENSOR,
    "analytics": RecordReason.ANALYTICS,
}
_STREAM_NUMBER: Final = {"main": int(Stream.MAIN), "sub": int(Stream.SUB)}
_EVENT_COLUMNS: Final = "id, camera_id, type, start_us, end_us"
_TYPES: Final = ", ".join(f"'{t}'" for t in TRIGGER_OF_TYPE)

PlanFor = Callable[[int, int], CameraPlan]
#: Windows kept whatever the schedules arm (the alarm engine's record action), given
#: now: (camera id, start µs, end µs or None while it lasts, reason).
ForcedWindows = Callable[[int], Iterable[tuple[int, int, int | None, RecordReason]]]


@dataclass(frozen=True, slots=True)
class KeepWindow:
    """What one event keeps: [start_us, end_us) of ``streams`` with ``reason``."""

    event_id: int
    camera_id: int
    reason: RecordReason
    streams: tuple[int, ...]
    start_us: int
    end_us: int


@dataclass
class KeeperReport:
    windows: int = 0
    claimed: int = 0
    reaped: int = 0
    reaped_bytes: int = 0
    #: Reasons the windows open now give each camera's streams: {camera: {stream: mask}}
    #: (the recorder passes them to the workers, so a kept stream is "recording").
    active: dict[int, dict[int, int]] = field(default_factory=dict)


class Keeper:
    """Claims event windows and reaps tentative segments; see the module docstring."""

    def __init__(
        self,
        catalog: Catalog,
        plan_for: PlanFor,
        roots: Callable[[], dict[int, Path]],
        *,
        ttl_us: int = MIN_TTL_US,
        pre_max_us: Callable[[], int] = lambda: 0,
        forced: ForcedWindows | None = None,
    ) -> None:
        """``plan_for(camera_id, t_us)`` is the camera's plan at an instant (blocking,
        cheap); ``roots`` the volumes' roots (for unlinking); ``pre_max_us`` the longest
        pre-alarm of any camera, which the TTL always exceeds by ``PRE_MARGIN_US``;
        ``forced`` windows are claimed with the camera's pre/post even where its
        schedule arms no trigger (its event streams, else its main stream)."""
        self.catalog = catalog
        self.plan_for = plan_for
        self.roots = roots
        self._ttl_us = ttl_us
        self._pre_max_us = pre_max_us
        self._forced = forced
        # Events to look at again next run (open, or whose window may still grow or be
        # claimed): None until the first run, which scans for every one of them.
        self._followed: set[int] | None = None

    @property
    def ttl_us(self) -> int:
        return max(self._ttl_us, self._pre_max_us() + PRE_MARGIN_US)

    def run_once(self, now_us: int) -> KeeperReport:
        """Claim, then reap (blocking; on the catalog thread)."""
        report = KeeperReport()
        windows = self.windows(now_us)
        report.windows = len(windows)
        report.claimed = sum(self.claim(w) for w in windows)
        report.active = active_reasons(windows, now_us)
        report.reaped, report.reaped_bytes = self.reap(now_us)
        if report.claimed or report.reaped:
            log.debug(
                "event recording: %d segments claimed by %d events, %d tentative reaped",
                report.claimed,
                report.windows,
                report.reaped,
            )
        return report

    # -- events → windows ------------------------------------------------------------

    def windows(self, now_us: int) -> list[KeepWindow]:
        """The windows of every event that may still keep something: open ones, and
        those whose window ended less than the TTL ago."""
        db = self.catalog.database
        # Windows ending after ``horizon`` are claimed: the TTL ago, or, after a server
        # was down for longer, the end of the oldest tentative segment still there.
        horizon = min(now_us - self.ttl_us, oldest_tentative_end(self.catalog) or now_us)
        if self._followed is None:  # first run: every open or recent event, once
            sql = (
                f"SELECT {_EVENT_COLUMNS} FROM event WHERE type IN ({_TYPES})"
                " AND camera_id IS NOT NULL AND (end_us IS NULL OR end_us >= ?)"
            )
            rows = db.execute_sql(sql, (horizon - MAX_POST_US,)).fetchall()
        else:
            rows = db.execute_sql(
                f"SELECT {_EVENT_COLUMNS} FROM event WHERE type IN ({_TYPES})"
                " AND camera_id IS NOT NULL AND start_us >= ?",
                (now_us - LOOKBACK_US,),
            ).fetchall()
            seen = {row[0] for row in rows}
            again = [i for i in self._followed if i not in seen]
            for chunk in _chunks(again, 500):
                marks = ", ".join("?" * len(chunk))
                rows += db.execute_sql(
                    f"SELECT {_EVENT_COLUMNS} FROM event WHERE id IN ({marks})", tuple(chunk)
                ).fetchall()
        windows, followed = [], set()
        for event_id, camera_id, kind, start_us, end_us in rows:
            window = self._window(event_id, camera_id, kind, start_us, end_us, now_us)
            if window is None:
                continue
            if window.end_us >= horizon:
                followed.add(event_id)
                windows.append(window)
        self._followed = followed
        for camera_id, start_us, end_us, reason in self._forced(now_us) if self._forced else ():
            forced = self._forced_window(camera_id, start_us, end_us, reason, now_us)
            if forced.end_us >= horizon:
                windows.append(forced)
        return windows

    def _forced_window(
        self, camera_id: int, start_us: int, end_us: int | None, reason: RecordReason,
        now_us: int,
    ) -> KeepWindow:  # fmt: skip
        plan = self.plan_for(camera_id, start_us)
        streams = plan.event_streams or frozenset({"main"})
        end = (now_us if end_us is None else max(end_us, start_us)) + plan.post_us
        numbers = tuple(sorted(_STREAM_NUMBER[s] for s in streams))
        return KeepWindow(0, camera_id, reason, numbers, start_us - plan.pre_us, end)

    def _window(
        self, event_id: int, camera_id: int, kind: str, start_us: int, end_us: int | None,
        now_us: int,
    ) -> KeepWindow | None:  # fmt: skip
        trigger = TRIGGER_OF_TYPE.get(kind)
        if trigger is None:
            return None
        plan = self.plan_for(camera_id, start_us)
        if trigger not in plan.armed or not plan.event_streams:
            return None
        end = (now_us if end_us is None else max(end_us, start_us)) + plan.post_us
        return KeepWindow(
            event_id,
            camera_id,
            REASON_OF[trigger],
            tuple(sorted(_STREAM_NUMBER[s] for s in plan.event_streams)),
            start_us - plan.pre_us,
            end,
        )

    # -- claiming --------------------------------------------------------------------

    def claim(self, window: KeepWindow) -> int:
        """Add the window's reason to every segment of its streams that overlaps it and
        lacks it; returns how many changed. Idempotent."""
        db = self.catalog.database
        changed = 0
        with self.catalog.atomic():
            for stream in window.streams:
                cursor = db.execute_sql(
                    "UPDATE segment SET record_reasons = record_reasons | ?"
                    " WHERE camera_id = ? AND stream = ? AND start_us > ? AND start_us < ?"
                    " AND (end_us IS NULL OR end_us > ?) AND (record_reasons & ?) = 0",
                    (
                        int(window.reason),
                        window.camera_id,
                        stream,
                        window.start_us - MAX_SEGMENT_US,
                        window.end_us,
                        window.start_us,
                        int(window.reason),
                    ),
                )
                if cursor.rowcount:
                    changed += cursor.rowcount
                    runs.rebuild(
                        db,
                        window.camera_id,
                        stream,
                        window.start_us - MAX_SEGMENT_US,
                        window.end_us,
                    )
        return changed

    # -- reaping ---------------------------------------------------------------------

    def reap(self, now_us: int) -> tuple[int, int]:
        """Delete tentative segments no event claimed within the TTL; returns
        (segments, bytes)."""
        total = freed = 0
        while True:
            rows = unclaimed_tentative(self.catalog, now_us - self.ttl_us, REAP_BATCH)
            if not rows:
                return total, freed
            entries = mark_garbage(self.catalog, [r.id for r in rows])
            freed += unlink_garbage(self.catalog, entries, self.roots())[1]
            total += len(rows)
            if len(rows) < REAP_BATCH:
                return total, freed


def active_reasons(windows: Iterable[KeepWindow], now_us: int) -> dict[int, dict[int, int]]:
    """What the windows covering ``now_us`` keep: {camera: {stream: reasons}}."""
    active: dict[int, dict[int, int]] = {}
    for w in windows:
        if w.start_us <= now_us < w.end_us:
            streams = active.setdefault(w.camera_id, {})
            for stream in w.streams:
                streams[stream] = streams.get(stream, 0) | int(w.reason)
    return active


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
