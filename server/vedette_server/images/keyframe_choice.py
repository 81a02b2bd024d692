"""Which recorded keyframe stands for an instant: the pure part of thumbnails.

A camera stream's recording around some instants is described by ``RecordedSpan``s
(one per segment: its time span and its keyframes). ``choose_keyframes`` picks, for
each ``ThumbnailQuery``, the ``KeyframeRef`` to decode, or None for "no recording".

Rules (the invariants the tests check):
- An instant is *recorded* when a segment covers it, within ``GAP_SLACK_US`` of
  its span (segments follow each other with gaps of a few ms, which must not read
  as "no recording").
- A recorded instant gets the keyframe nearest it in time, before or after, of the
  segments covering the neighbourhood; a tie goes to the earlier keyframe (the
  picture that playback would show at that instant).
- An instant that is not recorded but stands for a slice (``slice_end_us``) gets
  the first keyframe within [instant, slice end): a month slice whose first day
  has no recording still shows what the month holds. Otherwise None.
- A recorded instant that stands for a slice gets the keyframe nearest it *within
  the slice* when the slice has one (a minute's picture is from that minute, not
  from the last seconds of the one before), the nearest one when it has none (a
  one-second slice inside a longer GOP).
- A recorded query marked ``after`` gets the first keyframe at or after its instant
  and before its slice's end, the nearest one when there is none.
- The result depends only on the spans, never on their order or duplicates.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GAP_SLACK_US = 500_000


@dataclass(frozen=True, slots=True)
class ThumbnailQuery:
    """An instant to show; ``slice_end_us`` when it stands for a slice up to there.
    ``after``: the first keyframe at or after the instant (within the slice) rather
    than the nearest, so the picture shows what began there (a slice's first motion);
    the nearest when there is none."""

    time_us: int
    slice_end_us: int | None = None
    after: bool = False


@dataclass(frozen=True, slots=True)
class KeyframeRef:
    """A keyframe record in a segment file: what a decoder worker reads."""

    path: str
    offset: int
    timestamp_us: int


@dataclass(frozen=True, slots=True)
class RecordedSpan:
    """One segment: [start_us, end_us) and its keyframes ``(timestamp_us, offset)``."""

    path: str
    start_us: int
    end_us: int
    keyframes: tuple[tuple[int, int], ...]


def choose_keyframes(
    spans: Iterable[RecordedSpan], queries: Sequence[ThumbnailQuery]
) -> list[KeyframeRef | None]:
    """The keyframe for each query, in query order (None: nothing recorded)."""
    ordered = sorted(set(spans), key=lambda s: (s.start_us, s.end_us, s.path))
    keyframes = sorted({(t, span.path, offset) for span in ordered for t, offset in span.keyframes})
    times = [k[0] for k in keyframes]
    starts = [s.start_us for s in ordered]
    # The latest end among the spans starting at or before each one (spans may overlap).
    reach: list[int] = []
    for span in ordered:
        reach.append(max(span.end_us, reach[-1] if reach else span.end_us))
    result: list[KeyframeRef | None] = []
    for query in queries:
        t = query.time_us
        if _recorded(starts, reach, t):
            inside = (
                _following(keyframes, times, query)
                if query.after or query.slice_end_us is not None
                else None
            )
            result.append(inside or _nearest(keyframes, times, t))
        elif query.slice_end_us is not None:
            at = bisect.bisect_left(times, t)
            if at < len(times) and times[at] < query.slice_end_us:
                result.append(_ref(keyframes[at]))
            else:
                result.append(None)
        else:
            result.append(None)
    return result


def _recorded(starts: list[int], reach: list[int], t: int) -> bool:
    """Whether a span covers ``t`` (within the slack)."""
    at = bisect.bisect_right(starts, t + GAP_SLACK_US) - 1
    return at >= 0 and reach[at] + GAP_SLACK_US > t


def _following(
    keyframes: list[tuple[int, str, int]], times: list[int], query: ThumbnailQuery
) -> KeyframeRef | None:
    """The first keyframe at or after the query's instant, before its slice's end."""
    at = bisect.bisect_left(times, query.time_us)
    end = query.slice_end_us
    if at < len(times) and (end is None or times[at] < end):
        return _ref(keyframes[at])
    return None


def _nearest(keyframes: list[tuple[int, str, int]], times: list[int], t: int) -> KeyframeRef | None:
    at = bisect.bisect_right(times, t)
    before = keyframes[at - 1] if at > 0 else None
    after = keyframes[at] if at < len(keyframes) else None
    if before is None:
        return None if after is None else _ref(after)
    if after is None or t - before[0] <= after[0] - t:
        return _ref(before)
    return _ref(after)


def _ref(entry: tuple[int, str, int]) -> KeyframeRef:
    timestamp_us, path, offset = entry
    return KeyframeRef(path, offset, timestamp_us)
