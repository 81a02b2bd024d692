"""The network page's rate plot (NET-04): its scale, its units and the samples it
keeps, drawn offscreen without a server."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from vedette_console.widgets.rate_plot import RX_COLOR, TX_COLOR, RatePlot, nice_ceiling, rate_text


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (1.5, 2), (3, 5), (7, 10), (10, 10), (11, 20), (8_390_000, 10_000_000)],
)
def test_the_scale_is_the_next_1_2_5_step(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_rates_are_written_in_the_largest_unit_under_1000() -> None:
    assert rate_text(0) == "0 bit/s"
    assert rate_text(-5) == "0 bit/s"
    assert rate_text(999) == "999 bit/s"
    assert rate_text(12_500_000) == "12.5 Mbit/s"
    assert rate_text(3e12) == "3e+03 Gbit/s"


def test_the_plot_keeps_the_last_samples_and_draws_both_lines(qtbot: QtBot) -> None:
    plot = RatePlot(keep=5)
    qtbot.addWidget(plot)
    plot.resize(200, 80)
    for i in range(8):
        plot.add(i * 3_000_000, 1000.0 * i, -1.0 if i == 7 else 400.0)
    assert [t for t, _, _ in plot.samples] == [9e6, 12e6, 15e6, 18e6, 21e6]
    assert plot.samples[-1][2] == 0.0  # a negative rate is drawn as 0
    assert plot.scale() == 10_000
    image = plot.grab().toImage()
    colors = {
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(20, image.height())
    }
    # Anti-aliasing blends the edges; each line has fully coloured pixels.
    assert RX_COLOR.name() in colors and TX_COLOR.name() in colors
