"""The playback timeline: the catalog's record reasons in their colours, zoom,
scroll, seek and selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.console.helpers import signed_in_session
from tests.support.recorded import Recorded, S
from vedette_api.v1 import common_pb2
from vedette_console.main_window import MainWindow
from vedette_console.widgets.timeline import REASON_COLORS, Run, Timeline, run_color

pytestmark = pytest.mark.interop


def _pixel(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    color = image.pixelColor(int(x), int(y))
    return color.red(), color.green(), color.blue()


def test_the_timeline_colours_the_catalogs_record_reasons(qtbot: QtBot, recorded: Recorded) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    window.show_view("Playback")
    timeline = window.playback.timeline
    start = recorded.start_us
    end = recorded.manual[1] + 6 * S
    timeline.set_range(start - 2 * S, end)
    qtbot.waitUntil(
        lambda: any(r.end_us > recorded.manual[1] for r in timeline.runs), timeout=10_000
    )
    with recorded.client() as client:
        (line,) = client.get_timeline([recorded.camera_id], start - 2 * S, end)
    catalog = [
        (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), frozenset(r.record_reasons))
        for r in line.runs
    ]
    assert {reasons for *_, reasons in catalog} >= {
        frozenset({common_pb2.RECORD_REASON_SCHEDULE}),
        frozenset({common_pb2.RECORD_REASON_SCHEDULE, common_pb2.RECORD_REASON_MANUAL}),
    }
    y = timeline.run_band().center().y()
    blue = REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE]
    green = REASON_COLORS[common_pb2.RECORD_REASON_MANUAL]

    def check(manual_colour: tuple[int, int, int]) -> None:
        image = timeline.grab().toImage()
        for run_start, run_end, reasons in catalog:
            if timeline.x_of(run_end) - timeline.x_of(run_start) < 4:
                continue
            x = (timeline.x_of(run_start) + timeline.x_of(run_end)) / 2
            expected = (
                manual_colour
                if common_pb2.RECORD_REASON_MANUAL in reasons
                else (blue.red(), blue.green(), blue.blue())
            )
            assert _pixel(image, x, y) == expected, (run_start, reasons)

    check((green.red(), green.green(), green.blue()))
    # Toggling "Manual" off: those runs show their other reason, the schedule.
    window.playback.reason_boxes[common_pb2.RECORD_REASON_MANUAL].setChecked(False)
    check((blue.red(), blue.green(), blue.blue()))
    window.playback.reason_boxes[common_pb2.RECORD_REASON_SCHEDULE].setChecked(False)
    image = timeline.grab().toImage()
    x = (timeline.x_of(catalog[0][0]) + timeline.x_of(catalog[0][1])) / 2
    assert _pixel(image, x, y) not in {(blue.red(), blue.green(), blue.blue())}
    assert (
        run_color(
            frozenset({common_pb2.RECORD_REASON_SENSOR, common_pb2.RECORD_REASON_MOTION}),
            set(REASON_COLORS),
        )
        == REASON_COLORS[common_pb2.RECORD_REASON_SENSOR]
    )
    window.close()
    session.close()


def test_timeline_zooms_scrolls_seeks_and_selects(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(1000, 72)
    timeline.show()
    start, end = timeline.visible_range()
    assert end - start == 24 * 3600 * S
    assert timeline.resolution_us() == (end - start) // 1000
    from PySide6.QtGui import QWheelEvent

    for _ in range(40):  # zoom in at the middle, down to 2 minutes
        event = QWheelEvent(
            QPointF(500, 30),
            QPointF(500, 30),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        timeline.wheelEvent(event)
    zoomed = timeline.visible_range()
    assert zoomed[1] - zoomed[0] == 120 * S
    assert abs((zoomed[0] + zoomed[1]) / 2 - (start + end) / 2) < S
    with qtbot.waitSignal(timeline.seek) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(250, 40))
    assert seek.args[0] == timeline.time_at(250)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(500, 40))
    qtbot.mouseMove(timeline, QPoint(400, 40))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(400, 40))
    moved = timeline.visible_range()
    assert moved[0] - zoomed[0] == pytest.approx(100 * 120 * S / 1000, abs=S / 10)
    qtbot.mousePress(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(100, 40)
    )
    qtbot.mouseMove(timeline, QPoint(300, 40))
    qtbot.mouseRelease(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(300, 40)
    )
    assert timeline.selection == (timeline.time_at(100), timeline.time_at(300))
    timeline.set_runs([Run(moved[0], moved[1], frozenset())])
    assert timeline.visible_range() == moved
