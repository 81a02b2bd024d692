"""Which screen the spot monitor uses: the one named by ``--screen`` when it is
there, else the second screen when there are two or more, else the primary one."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen


def spot_screen(name: str | None = None) -> QScreen:
    screens = QGuiApplication.screens()
    if name:
        for screen in screens:
            if screen.name() == name:
                return screen
    others = [s for s in screens if s is not QGuiApplication.primaryScreen()]
    return others[0] if others else QGuiApplication.primaryScreen()
