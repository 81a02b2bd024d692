"""Full screen for the main window (LIVE-10): the tree and the status bar hidden, the
toolbar shown only while the pointer is near the top edge."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

#: How often the pointer is looked at, and how many looks away hide the toolbar.
CHECK_MS = 250
HIDE_AFTER_CHECKS = 8


class FullScreen(QObject):
    """Full screen for ``window``, whose ``dock`` (the tree) and status bar hide and
    whose ``toolbar`` shows only near the top edge."""

    def __init__(self, window: QMainWindow, dock: QWidget, toolbar: QToolBar) -> None:
        super().__init__(window)
        self.window = window
        self.dock = dock
        self.toolbar = toolbar
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self._auto_hide_toolbar)
        self._away = 0

    def set(self, on: bool) -> None:
        window = self.window
        if on:
            window.showFullScreen()
            self.dock.hide()
            window.statusBar().hide()
            self.toolbar.hide()
            self._timer.start()
        else:
            self._timer.stop()
            window.showNormal()
            self.dock.show()
            window.statusBar().show()
            self.toolbar.show()

    def _auto_hide_toolbar(self) -> None:
        """The toolbar shows while the pointer is near the top edge."""
        window, toolbar = self.window, self.toolbar
        y = window.mapFromGlobal(QCursor.pos()).y()
        near = 0 <= y < (toolbar.height() + 12 if toolbar.isVisible() else 6)
        if near:
            self._away = 0
            toolbar.show()
        else:
            self._away += 1
            if self._away > HIDE_AFTER_CHECKS:  # ~2 s away
                toolbar.hide()
