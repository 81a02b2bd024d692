"""What the console tests share: a signed-in session, a shown main window, a
picture's grey levels (to read camsim's burned-in clock), and screenshots for review."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
from vedette_console import theme
from vedette_console.main_window import MainWindow
from vedette_console.session import Session


def gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    return data.reshape(height, image.bytesPerLine())[:, :width].copy()


def signed_in_session(qtbot: QtBot, recorded: Recorded) -> Session:
    session = Session()
    session.adopt(recorded.client())
    return session


def shown_window(
    qtbot: QtBot,
    session: Session,
    *,
    size: tuple[int, int] = (1400, 860),
    cameras: list[int] | str | None = None,
) -> MainWindow:
    """A main window signed in with ``session``, shown (offscreen)."""
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    assert session.client is not None
    window.signed_in(session.client, cameras=cameras)
    return window


def review_shot(widget: QWidget, name: str, folder: str) -> None:
    """A screenshot for a person to look at, in the console's theme, only when
    ``VEDETTE_SHOTS`` is set (``VEDETTE_SHOTS=1`` writes to ``folder``, another value
    is the folder). Never in a plain test run: the theme changes the application's
    style, and replacing the style under live widgets can abort Qt (a CI run lost
    a worker so), so the theme is applied once and left in place."""
    wanted = os.environ.get("VEDETTE_SHOTS", "")
    if not wanted:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if app.property("vedette_review_theme") is None:
        theme.apply(app)
        app.setProperty("vedette_review_theme", True)
    QApplication.processEvents()
    target = Path(folder if wanted == "1" else wanted)
    target.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(target / name))
