"""The Qt binding does not leak or over-release references through slots: PySide6
6.12.0 on Python 3.11 released one reference to each slot's return value too many
(None and True), which aborted a console after ~10^5 frames."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(object)


def test_slots_called_across_threads_keep_none_and_true_alive(qtbot: QtBot) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(lambda value: received.append(value))  # returns None
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)

    def emit() -> None:
        for value in range(5000):
            emitter.fired.emit(value)

    thread = threading.Thread(target=emit)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(received) == 5000, timeout=10_000)
    assert received == list(range(5000))
    # Other threads may hold a few; a per-call over-release would lose thousands.
    assert sys.getrefcount(None) > none_before - 500
    assert sys.getrefcount(True) > true_before - 500
