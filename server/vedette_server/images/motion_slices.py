"""Time slices that know about motion (SEARCH-01 "skip empty slices", issue 14).

For the slices of a thumbnail request (calendar slices or a range: contiguous, in
time order), the motion index says which had motion and when it began
(``MotionIndex.slice_motion``); the camera's settings say whether it was watched.
``plan`` then decides, per slice, whether it is shown and which instant stands for
it: the slice's start, or its first motion second with ``motion_instant``.

Invariants (tested in tests/unit/test_motion_slices.py):
- a slice with motion is always ``known``; one without is known only when detection
  has been on (unchanged) since at or before its start and the index holds its end;
- ``motion_only`` keeps exactly the slices with motion, in order; the others are not
  rendered at all;
- the slice shown (``PlannedSlice.slice``) is always the slice asked for; only the
  instant rendered (``render``) moves, never outside the slice.

``read_motion`` blocks nowhere: the index is read in the default executor (as
``SearchMotion`` does) and the settings on the catalog thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from vedette_api.timestamps import US_PER_S
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.images.keyframe_choice import ThumbnailQuery
from vedette_server.motion import grid
from vedette_server.motion.index import MotionIndex
from vedette_server.motion.settings import MotionSettingsStore
from vedette_server.motion.tracker import FLUSH_DELAY_US

#: How long after a slice's end its minutes are surely in the index: the flush delay,
#: the 1 s flush period and a second for the write.
WRITTEN_AFTER_US = FLUSH_DELAY_US + 2 * US_PER_S


@dataclass(frozen=True, slots=True)
class MotionOptions:
    """What a request asks of motion: skip motionless slices, show the first motion,
    count only ``region`` (None: every cell)."""

    only: bool = False
    instant: bool = False
    region: np.ndarray | None = None

    @property
    def needs_index(self) -> bool:
        return self.only or self.instant


def motion_region(cells: bytes) -> np.ndarray | None:
    """The region of ``motion_cells`` (None when empty); InvalidArgument naming it."""
    if not cells:
        return None
    try:
        region = grid.unpack(cells)
    except InvalidArgument as e:
        raise InvalidArgument("motion_cells", e.reason) from None
    if not region.any():
        raise InvalidArgument("motion_cells", "has no cell: it can never match")
    return region


@dataclass(frozen=True, slots=True)
class SliceMotion:
    """One slice's motion: whether it was watched, its first motion instant (None:
    none) and its seconds with motion."""

    known: bool = False
    first_us: int | None = None
    seconds: int = 0

    @property
    def has_motion(self) -> bool:
        return self.first_us is not None


@dataclass(frozen=True, slots=True)
class PlannedSlice:
    """A slice to answer: as asked, the instant to render for it, and its motion."""

    slice: ThumbnailQuery
    render: ThumbnailQuery
    motion: SliceMotion


def bounds(slices: Sequence[ThumbnailQuery]) -> list[int]:
    """The edges of contiguous slices: every start, then the last end."""
    last = slices[-1].slice_end_us
    if last is None:
        raise ValueError("slices need their ends")
    return [q.time_us for q in slices] + [last]


def slice_marks(
    slices: Sequence[ThumbnailQuery],
    found: Sequence[tuple[int | None, int]],
    watched_since_us: int | None,
    now_us: int,
) -> list[SliceMotion]:
    """Each slice's ``SliceMotion`` from the index's (first, seconds) per slice."""
    marks = []
    for query, (first, seconds) in zip(slices, found, strict=True):
        end = query.slice_end_us if query.slice_end_us is not None else query.time_us
        watched = (
            watched_since_us is not None
            and watched_since_us <= query.time_us
            and end + WRITTEN_AFTER_US <= now_us
        )
        marks.append(SliceMotion(watched or first is not None, first, seconds))
    return marks


def plan(
    slices: Sequence[ThumbnailQuery], marks: Sequence[SliceMotion], options: MotionOptions
) -> list[PlannedSlice]:
    """The slices to answer, in order, and the instant rendered for each."""
    planned = []
    for query, mark in zip(slices, marks, strict=True):
        if options.only and not mark.has_motion:
            continue
        render = query
        if options.instant and mark.first_us is not None:
            render = replace(query, time_us=mark.first_us, after=True)
        planned.append(PlannedSlice(query, render, mark))
    return planned


async def read_motion(
    index: MotionIndex | None,
    settings: MotionSettingsStore,
    thread: CatalogThread,
    camera_id: int,
    slices: Sequence[ThumbnailQuery],
    options: MotionOptions,
    now_us: int,
) -> list[SliceMotion]:
    """Each slice's motion for one camera. Without an open index every slice is
    unknown, or FailedPrecondition when the request needs the index."""
    if index is None:
        if options.needs_index:
            raise FailedPrecondition("the motion index is not open")
        return [SliceMotion() for _ in slices]
    since = await thread.call(settings.watched_since, camera_id)
    edges = bounds(slices)
    found = await asyncio.get_running_loop().run_in_executor(
        None, index.slice_motion, camera_id, edges, options.region
    )
    return slice_marks(slices, found, since, now_us)
