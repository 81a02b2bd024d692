"""Timeline runs: what was recorded, per camera, between two instants (SearchService).

A run is a stretch of continuous recording with one set of record reasons; the
gaps are the space between runs.

Invariants of ``timeline``'s result:
- Every requested camera is a key (an empty list when nothing was recorded).
- A camera's runs are ordered, disjoint, non-empty and inside [t0_us, t1_us).
- Without a resolution: segments merge into one run when the next starts within
  ``max_gap_us`` of the previous end and has the same reasons; a change of reasons
  starts a new run; a longer gap leaves a gap.
- With ``resolution_us`` r > 0 (the span of one pixel, say), nothing shorter than r
  is kept apart: gaps shorter than r close, and a run shorter than r next to another
  (gap < r) merges into it, the merged run's reasons being the OR of its parts.
  Every run but the last is then at least r long or followed by a gap of at least r,
  so the result has at most 2 × (t1_us - t0_us) / r + 1 runs per camera.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from vedette_api import timestamps
from vedette_server.catalog import runs
from vedette_server.catalog.database import Catalog, InvalidTimeRange
from vedette_server.catalog.models import RecordReason, Stream
from vedette_server.catalog.segments import OVERLAP_WHERE, RECORDED, overlap_params

DEFAULT_MAX_GAP_US = runs.MAX_GAP_US


class Run(NamedTuple):
    """Continuous recording over [start_us, end_us) for ``record_reasons``.

    A named tuple rather than a frozen dataclass: a day of 64 cameras makes thousands,
    and a tuple is built several times faster (measured, bench/timeline.py)."""

    start_us: int
    end_us: int
    record_reasons: RecordReason


#: RecordReason of every mask value (the enum's lookup by value is slow per run).
_REASONS: Final = [RecordReason(mask) for mask in range(32)]

#: A run without its object: (start_us, end_us, record reasons as a mask). The
#: servicer's path keeps runs in this form from the SQL rows to the response, since an
#: object per run was most of a query's cost (bench/timeline.py, issue 12).
Span = tuple[int, int, int]


def timeline(
    catalog: Catalog,
    camera_ids: Iterable[int],
    t0_us: int,
    t1_us: int,
    *,
    stream: int = Stream.MAIN,
    max_gap_us: int = DEFAULT_MAX_GAP_US,
    resolution_us: int = 0,
    now_us: int | None = None,
) -> dict[int, list[Run]]:
    """Recorded runs of each camera's ``stream`` within [t0_us, t1_us). Blocking.

    An open segment is taken to reach ``now_us`` (default: the wall clock now). All
    cameras are read from one snapshot of the catalog. With the default ``max_gap_us``
    the runs come from ``recording_run`` (catalog/runs.py), so the cost does not grow
    with the number of segments; any other gap merges the segments themselves.
    """
    found = timeline_spans(
        catalog, camera_ids, t0_us, t1_us, stream=stream, max_gap_us=max_gap_us,
        resolution_us=resolution_us, now_us=now_us,
    )  # fmt: skip
    return {
        camera_id: [Run(start, end, _REASONS[reasons]) for start, end, reasons in spans]
        for camera_id, spans in found.items()
    }


def timeline_spans(
    catalog: Catalog,
    camera_ids: Iterable[int],
    t0_us: int,
    t1_us: int,
    *,
    stream: int = Stream.MAIN,
    max_gap_us: int = DEFAULT_MAX_GAP_US,
    resolution_us: int = 0,
    now_us: int | None = None,
) -> dict[int, list[Span]]:
    """``timeline`` with each run as a ``Span`` (what the servicer uses). Blocking."""
    if t1_us <= t0_us:
        raise InvalidTimeRange(t0_us, t1_us)
    if max_gap_us < 0 or resolution_us < 0:
        raise ValueError(
            f"max_gap_us ({max_gap_us}) and resolution_us ({resolution_us}) must not be negative"
        )
    now_us = timestamps.now_us() if now_us is None else now_us
    db = catalog.database
    result: dict[int, list[Span]] = {}
    with db.atomic():
        for camera_id in dict.fromkeys(camera_ids):
            if max_gap_us == runs.MAX_GAP_US:  # kept in recording_run: a few rows
                spans, was_open = runs.timeline_spans(db, camera_id, stream, t0_us, t1_us, now_us)
                if not was_open:  # already merged: the rows are the runs
                    found = _clip_spans(spans, t0_us, t1_us)
                    result[camera_id] = _coarsen(found, resolution_us) if resolution_us else found
                    continue
            else:
                rows = db.execute_sql(
                    "SELECT start_us, end_us, record_reasons FROM segment"
                    f" WHERE {OVERLAP_WHERE} AND {RECORDED} ORDER BY start_us, id",
                    overlap_params(camera_id, stream, t0_us, t1_us),
                ).fetchall()
                spans = [
                    (start_us, now_us if end_us is None else end_us, reasons)
                    for start_us, end_us, reasons in rows
                ]
            found = _clip_spans(_merge(spans, max_gap_us), t0_us, t1_us)
            result[camera_id] = _coarsen(found, resolution_us) if resolution_us else found
    return result


def merge_runs(spans: Iterable[tuple[int, int, int]], max_gap_us: int) -> list[Run]:
    """Runs from ``(start_us, end_us, reasons)`` spans sorted by start.

    Overlapping spans (a clock step) are cut so that runs never overlap.
    """
    return [Run(start, end, _REASONS[reasons]) for start, end, reasons in _merge(spans, max_gap_us)]


def coarsen(runs: list[Run], resolution_us: int) -> list[Run]:
    """``runs`` as seen at ``resolution_us``: see the module's invariants."""
    return [
        Run(start, end, _REASONS[reasons]) for start, end, reasons in _coarsen(runs, resolution_us)
    ]


def _merge(spans: Iterable[tuple[int, int, int]], max_gap_us: int) -> list[Span]:
    out: list[Span] = []
    for start_us, end_us, reasons in spans:
        if out:
            last_start, last_end, last_reasons = out[-1]
            if start_us - last_end <= max_gap_us and reasons == last_reasons:
                if end_us > last_end:
                    out[-1] = (last_start, end_us, last_reasons)
                continue
            start_us = max(start_us, last_end)
        if end_us > start_us:
            out.append((start_us, end_us, reasons))
    return out


def _coarsen(spans: Sequence[Span], resolution_us: int) -> list[Span]:
    out: list[Span] = []
    for run in spans:
        start_us, end_us, reasons = run
        if out and start_us - out[-1][1] < resolution_us:
            last_start, last_end, last_reasons = out[-1]
            short = last_end - last_start < resolution_us or end_us - start_us < resolution_us
            if short or reasons == last_reasons:
                out[-1] = (last_start, end_us, last_reasons | reasons)
                continue
            out[-1] = (last_start, start_us, last_reasons)  # close the gap
        out.append(run)
    return out


def _clip_spans(spans: list[Span], t0_us: int, t1_us: int) -> list[Span]:
    """``spans`` (ordered, disjoint) cut to [t0_us, t1_us): only the ends change
    (in ``spans`` itself when every span overlaps the window)."""
    first = 0
    while first < len(spans) and spans[first][1] <= t0_us:
        first += 1
    last = len(spans)
    while last > first and spans[last - 1][0] >= t1_us:
        last -= 1
    clipped = spans[first:last] if first or last < len(spans) else spans
    if clipped and clipped[0][0] < t0_us:
        clipped[0] = (t0_us, *clipped[0][1:])
    if clipped and clipped[-1][1] > t1_us:
        clipped[-1] = (clipped[-1][0], t1_us, clipped[-1][2])
    return clipped


def _clip(runs: list[Run], t0_us: int, t1_us: int) -> list[Run]:
    """``runs`` (ordered, disjoint) cut to [t0_us, t1_us): only the ends change."""
    return [
        Run(start, end, _REASONS[reasons])
        for start, end, reasons in _clip_spans(list(runs), t0_us, t1_us)
    ]
