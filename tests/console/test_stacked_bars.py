"""The statistics page's own stacked bar chart (``widgets/stacked_bars.py``, in place of
the GPL-only Qt Charts): round integer ticks, the stacking order, the tooltip under
the pointer, and real pixels of an offscreen render (also at a device pixel ratio of
2, as on a HiDPI screen) in the series' colours where the bars are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRectF
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from tests.console.helpers import review_shot
from vedette_console.widgets.stacked_bars import BACKGROUND, PALETTE, StackedBars, integer_ticks

RED, AMBER = "#d9534f", "#f0ad4e"
SHOTS = "/tmp/shots17"


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (7, [0, 2, 4, 6, 8]),
        (23, [0, 5, 10, 15, 20, 25]),
        (1000, [0, 200, 400, 600, 800, 1000]),
    ],
)
def test_ticks_are_round_integers_covering_the_tallest_bar(top: int, ticks: list[int]) -> None:
    assert integer_ticks(top) == ticks


def chart(qtbot: QtBot, width: int = 600, height: int = 300) -> StackedBars:
    widget = StackedBars()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.title = "Alarms per day"
    widget.set_data(
        ["12-01", "12-02", "12-03"],
        [("Priority 1", [2, 0, 5]), ("Priority 2", [3, 1, 0]), ("Other", [1, 1, 1])],
        [RED, AMBER, None],
    )
    return widget


def test_series_stack_bottom_up_in_order_and_bars_are_the_totals(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    assert widget.series()[0] == ("Priority 1", [2, 0, 5])
    assert widget.totals() == [6, 2, 6]
    assert widget.ticks() == [0, 2, 4, 6]
    assert widget.color(2) == PALETTE[2]  # no colour given: the palette's
    first, second, third = (widget.bar_rect(0, s) for s in range(3))
    assert first is not None and second is not None and third is not None
    plot = widget.plot_rect()
    assert first.bottom() == pytest.approx(plot.bottom())
    assert second.bottom() == pytest.approx(first.top())
    assert third.bottom() == pytest.approx(second.top())
    assert first.height() == pytest.approx(2 * second.height() / 3)  # 2 against 3
    assert third.top() == pytest.approx(plot.top())  # 6 is the top tick
    assert widget.bar_rect(1, 0) is None  # a count of 0 has no segment


def test_counts_are_padded_cut_and_never_negative(qtbot: QtBot) -> None:
    widget = StackedBars()
    qtbot.addWidget(widget)
    widget.set_data(["a", "b", "c"], [("short", [4]), ("long", [1, -3, 2, 9])])
    assert widget.series() == [("short", [4, 0, 0]), ("long", [1, 0, 2])]


def test_tooltip_names_category_series_and_count(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.show()
    qtbot.waitExposed(widget)
    rect = widget.bar_rect(2, 0)
    assert rect is not None
    at = rect.center().toPoint()
    assert widget.tooltip_at(at) == "12-03 · Priority 1: 5"
    assert widget.tooltip_at(QPoint(1, 1)) == ""
    event = QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at))
    widget.event(event)
    qtbot.waitUntil(lambda: QToolTip.text() == "12-03 · Priority 1: 5", timeout=10_000)
    QToolTip.hideText()


def test_labels_thin_out_when_they_do_not_fit(qtbot: QtBot) -> None:
    widget = StackedBars()
    qtbot.addWidget(widget)
    days = [f"12-{d:02}" for d in range(1, 31)]
    widget.set_data(days, [("n", [1] * 30)])
    widget.resize(2400, 300)
    assert widget.label_step() == 1
    widget.resize(400, 300)
    step = widget.label_step()
    assert step > 1
    slot = widget.plot_rect().width() / 30
    assert slot * step >= widget.fontMetrics().horizontalAdvance("12-30")
    review_shot(widget, "stacked_bars_30_days_narrow.png", SHOTS)


def pixel(image: QImage, point: QRectF, ratio: float) -> QColor:
    center = point.center()
    return image.pixelColor(int(center.x() * ratio), int(center.y() * ratio))


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_render_shows_each_series_colour_in_its_bar(qtbot: QtBot, ratio: float) -> None:
    widget = chart(qtbot)
    image = QImage(
        int(widget.width() * ratio), int(widget.height() * ratio), QImage.Format.Format_RGB32
    )
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("white"))
    widget.render(image)
    expected = {0: QColor(RED), 1: QColor(AMBER), 2: PALETTE[2]}
    for category in range(3):
        for series, colour in expected.items():
            rect = widget.bar_rect(category, series)
            if rect is not None:
                assert pixel(image, rect, ratio) == colour, (category, series)
    # Between the bars and above the shorter one: the background.
    first, second = widget.bar_rect(0, 0), widget.bar_rect(1, 1)
    assert first is not None and second is not None
    gap = QRectF(first.right() + 1, second.top() - 20, second.left() - first.right() - 2, 10)
    assert pixel(image, gap, ratio) == BACKGROUND
    assert image.pixelColor(int(ratio), int(ratio)) == BACKGROUND  # no white corner left


def test_empty_period_shows_the_placeholder_and_no_bars(qtbot: QtBot) -> None:
    widget = StackedBars()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    widget.set_data(["12-01", "12-02"], [])
    blank = widget.grab().toImage()
    widget.placeholder = "No alarms in this period"
    said = widget.grab().toImage()
    plot = widget.plot_rect().toRect()
    ratio = said.devicePixelRatio()

    def colours(image: QImage) -> set[int]:
        return {
            image.pixel(int(x * ratio), int(y * ratio))
            for x in range(plot.left() + 1, plot.right(), 2)
            for y in range(plot.top() + 1, plot.bottom() - 1, 2)
        }

    palette = {c.rgb() for c in PALETTE}
    assert not colours(said) & palette and not colours(blank) & palette
    assert len(colours(said)) > len(colours(blank))  # the words are drawn
    assert widget.totals() == [0, 0] and widget.ticks() == [0, 1]
    review_shot(widget, "stacked_bars_empty.png", SHOTS)
