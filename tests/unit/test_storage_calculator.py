"""The storage calculator's arithmetic (DISK-06, Annex B): bitrate × hours a day ×
days × channels, with the 10 % format loss for the disk to buy, and the days that
fit in formatted space."""

from __future__ import annotations

import pytest

from vedette_console.settings import storage_math as math


def test_one_channel_at_one_megabit_all_day_records_10_8_gb_a_day() -> None:
    # 1000 kbit/s = 125 000 bytes/s; × 86 400 s = 10.8 GB.
    assert math.bytes_per_day([math.Channel(1000, 24)]) == pytest.approx(10.8e9)


def test_channels_hours_and_days_multiply() -> None:
    channels = math.uniform(16, 2048, 12)
    one_day = 16 * 2048 * 1000 / 8 * 3600 * 12
    assert math.bytes_per_day(channels) == pytest.approx(one_day)
    assert math.recorded_bytes(channels, 30) == pytest.approx(one_day * 30)


def test_the_disk_needed_adds_the_ten_percent_format_loss() -> None:
    channels = [math.Channel(4000, 24), math.Channel(1000, 8)]
    recorded = math.recorded_bytes(channels, 7)
    assert math.disk_needed(channels, 7) == pytest.approx(recorded / 0.9)
    assert math.disk_needed(channels, 7) > recorded


def test_per_camera_figures_add_up() -> None:
    mixed = [math.Channel(4000, 24), math.Channel(500, 12), math.Channel(0, 24)]
    expected = (4000 * 24 + 500 * 12) * 1000 / 8 * 3600
    assert math.bytes_per_day(mixed) == pytest.approx(expected)


def test_days_that_fit_divide_the_formatted_space_by_a_day() -> None:
    channels = [math.Channel(1000, 24)]  # 10.8 GB a day
    assert math.days_that_fit(channels, 108e9) == pytest.approx(10.0)
    assert math.days_that_fit(channels, -5) == 0.0
    assert math.days_that_fit([math.Channel(0, 24)], 1e12) is None
    assert math.days_that_fit([], 1e12) is None


@pytest.mark.parametrize(
    ("kbps", "hours"), [(-1, 24), (1000, -1), (1000, 24.5)], ids=["bitrate", "hours<0", "hours>24"]
)
def test_impossible_figures_are_refused(kbps: float, hours: float) -> None:
    with pytest.raises(ValueError):
        math.Channel(kbps, hours)


def test_negative_days_and_channels_are_refused() -> None:
    with pytest.raises(ValueError):
        math.recorded_bytes([math.Channel(1000)], -1)
    with pytest.raises(ValueError):
        math.uniform(-1, 1000, 24)
