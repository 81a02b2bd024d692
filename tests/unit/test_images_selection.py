"""Which keyframe stands for an instant, calendar time slices, and the thumbnail cache."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from vedette_server.images.keyframe_choice import (
    GAP_SLACK_US,
    KeyframeRef,
    RecordedSpan,
    ThumbnailQuery,
    choose_keyframes,
)
from vedette_server.images.keyframe_render import RenderedImage, fit
from vedette_server.images.thumbnail_cache import ThumbnailCache, ThumbnailKey
from vedette_server.images.time_slices import SliceUnit, spread, time_slices

S = 1_000_000


def segment(path: str, start_s: float, end_s: float, gop_s: float = 2.0) -> RecordedSpan:
    """A segment with a keyframe every ``gop_s`` from its start; offsets = µs."""
    start, end, gop = int(start_s * S), int(end_s * S), int(gop_s * S)
    return RecordedSpan(path, start, end, tuple((t, t) for t in range(start, end, gop)))


def times(refs: list[KeyframeRef | None]) -> list[float | None]:
    return [None if r is None else r.timestamp_us / S for r in refs]


def test_the_nearest_keyframe_is_chosen_before_or_after_with_ties_to_the_earlier() -> None:
    spans = [segment("a", 100, 110), segment("b", 110, 120)]
    queries = [ThumbnailQuery(int(t * S)) for t in (100, 100.9, 101, 101.1, 109.5, 111, 119.9)]
    assert times(choose_keyframes(spans, queries)) == [100, 100, 100, 102, 110, 110, 118]
    chosen = choose_keyframes(spans, [ThumbnailQuery(int(109.5 * S))])[0]
    assert chosen == KeyframeRef("b", 110 * S, 110 * S)  # the next file's first keyframe


def test_instants_outside_the_recording_have_none_but_small_gaps_count_as_recorded() -> None:
    spans = [segment("a", 100, 110), segment("b", 110.05, 120), segment("c", 200, 210)]
    queries = [
        ThumbnailQuery(50 * S),
        ThumbnailQuery(int(110.02 * S)),  # between two segments, 50 ms apart
        ThumbnailQuery(150 * S),  # in an 80 s gap
        ThumbnailQuery(120 * S + GAP_SLACK_US + 1),
        ThumbnailQuery(211 * S),
    ]
    assert times(choose_keyframes(spans, queries)) == [None, 110.05, None, None, None]


def test_a_slice_without_recording_at_its_start_shows_its_first_keyframe() -> None:
    spans = [segment("a", 130, 150), segment("b", 400, 420)]
    queries = [
        ThumbnailQuery(120 * S, 180 * S),  # recording starts 10 s into the slice
        ThumbnailQuery(180 * S, 240 * S),  # nothing in this slice
        ThumbnailQuery(360 * S, 420 * S),
    ]
    assert times(choose_keyframes(spans, queries)) == [130, None, 400]


def test_a_recorded_slice_shows_a_keyframe_from_inside_it_when_it_has_one() -> None:
    # Keyframes every 2 s from 100 s.
    spans = [segment("a", 100, 120, gop_s=2.0)]
    queries = [
        ThumbnailQuery(int(104.2 * S), int(106.2 * S)),  # 104 is nearer, 106 is inside
        ThumbnailQuery(int(104.2 * S), int(104.9 * S)),  # no keyframe inside: the nearest
        ThumbnailQuery(int(104.2 * S)),  # an instant, not a slice: the nearest
    ]
    assert times(choose_keyframes(spans, queries)) == [106, 104, 104]


def test_the_choice_ignores_the_order_and_duplicates_of_spans() -> None:
    spans = [segment("a", 0, 10), segment("b", 10, 20), segment("c", 30, 40)]
    queries = [ThumbnailQuery(t * S // 4, (t + 1) * S // 4) for t in range(0, 170, 7)]
    expected = choose_keyframes(spans, queries)
    for order in itertools.permutations([*spans, spans[1]]):
        assert choose_keyframes(order, queries) == expected


def test_hour_slices_are_sixty_contiguous_minutes() -> None:
    at = int(datetime(2026, 12, 2, 10, 17, 42, tzinfo=UTC).timestamp() * S)
    minutes = time_slices(SliceUnit.HOUR, at, ZoneInfo("Europe/Paris"))
    assert len(minutes) == 60
    assert minutes[0].time_us == int(datetime(2026, 12, 2, 10, tzinfo=UTC).timestamp() * S)
    assert all(a.slice_end_us == b.time_us for a, b in itertools.pairwise(minutes))
    assert minutes[-1].slice_end_us == minutes[0].time_us + 3600 * S
    # A zone 5:30 ahead: the local hour starts at half past a UTC hour.
    kolkata = time_slices(SliceUnit.HOUR, at, ZoneInfo("Asia/Kolkata"))
    assert kolkata[0].time_us == int(datetime(2026, 12, 2, 9, 30, tzinfo=UTC).timestamp() * S)
    seconds = time_slices(SliceUnit.MINUTE, at, ZoneInfo("UTC"))
    assert len(seconds) == 60 and seconds[0].time_us == at - 42 * S


def test_day_and_month_slices_follow_the_time_zone_and_daylight_saving() -> None:
    paris = ZoneInfo("Europe/Paris")
    spring = int(datetime(2026, 3, 29, 12, tzinfo=paris).timestamp() * S)
    hours = time_slices(SliceUnit.DAY, spring, paris)
    assert len(hours) == 23  # the clocks go forward that night
    assert hours[0].time_us == int(datetime(2026, 3, 29, tzinfo=paris).timestamp() * S)
    assert hours[-1].slice_end_us == int(datetime(2026, 3, 30, tzinfo=paris).timestamp() * S)
    autumn = int(datetime(2026, 10, 25, 12, tzinfo=paris).timestamp() * S)
    assert len(time_slices(SliceUnit.DAY, autumn, paris)) == 25
    days = time_slices(SliceUnit.MONTH, spring, paris)
    assert len(days) == 31
    assert days[0].time_us == int(datetime(2026, 3, 1, tzinfo=paris).timestamp() * S)
    assert days[-1].slice_end_us == int(datetime(2026, 4, 1, tzinfo=paris).timestamp() * S)
    assert len(time_slices(SliceUnit.MONTH, int(datetime(2028, 2, 9).timestamp() * S), paris)) == 29
    months = time_slices(SliceUnit.YEAR, spring, paris)
    assert len(months) == 12
    assert months[0].time_us == int(datetime(2026, 1, 1, tzinfo=paris).timestamp() * S)
    assert months[-1].slice_end_us == int(datetime(2027, 1, 1, tzinfo=paris).timestamp() * S)
    assert all(a.slice_end_us == b.time_us for a, b in itertools.pairwise(months))


def test_spread_divides_a_range_evenly_and_refuses_bad_counts() -> None:
    queries = spread(0, 3600 * S, 60)
    assert [q.time_us for q in queries] == [m * 60 * S for m in range(60)]
    assert queries[-1].slice_end_us == 3600 * S
    assert [q.time_us for q in spread(0, 10, 3)] == [0, 3, 6]
    for bad in ((0, 10, 0), (0, 10, 1001), (10, 10, 1)):
        with pytest.raises(ValueError):
            spread(*bad)


def test_pictures_are_fitted_into_the_box_never_enlarged_and_even() -> None:
    assert fit(1920, 1080, 320, 0) == (320, 180)
    assert fit(1920, 1080, 0, 0) == (1920, 1080)
    assert fit(640, 360, 1280, 0) == (640, 360)
    assert fit(1920, 1080, 320, 100) == (176, 100)
    assert fit(1280, 720, 333, 0) == (332, 186)


def image(size: int, timestamp_us: int = 0) -> RenderedImage:
    return RenderedImage(b"x" * size, 2, 2, timestamp_us)


def test_the_cache_renders_once_for_concurrent_requests_and_evicts_the_least_recent() -> None:
    async def scenario() -> None:
        cache = ThumbnailCache(budget_bytes=3 * (1000 + 200))
        renders: list[int] = []

        async def render(t: int) -> RenderedImage:
            renders.append(t)
            await asyncio.sleep(0.01)
            return image(1000, t)

        key = [ThumbnailKey(1, 2, t, 320, 0) for t in range(5)]
        first = await asyncio.gather(
            *(cache.get_or_render(key[0], lambda: render(0)) for _ in range(5))
        )
        assert renders == [0] and all(f is first[0] for f in first)
        for t in (1, 2):
            await cache.get_or_render(key[t], lambda t=t: render(t))
        await cache.get_or_render(key[0], lambda: render(0))  # hit: key 0 is now the newest
        await cache.get_or_render(key[3], lambda: render(3))  # evicts key 1, the oldest
        assert cache.get(key[1]) is None and cache.get(key[0]) is not None
        assert len(cache) == 3 and cache.size_bytes <= cache.budget_bytes
        assert renders == [0, 1, 2, 3]

        async def failing() -> RenderedImage:
            raise RuntimeError("undecodable")

        with pytest.raises(RuntimeError):
            await cache.get_or_render(key[4], failing)
        assert cache.get(key[4]) is None  # a failure is not cached
        assert (await cache.get_or_render(key[4], lambda: render(4))).timestamp_us == 4

    asyncio.run(scenario())
