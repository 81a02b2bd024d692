"""What the console tests share: a signed-in session, a shown main window, and a
picture's grey levels (to read camsim's burned-in clock)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
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
