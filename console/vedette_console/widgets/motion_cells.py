"""The 22 × 18 motion cell grid drawn over a camera's picture (ALARM-02).

``CellGrid`` paints, over the picture rectangle (the widget's rectangle fitted to the
picture's aspect ratio, as a video tile letterboxes it): the picture itself when it
was given one (``set_image``; a search thumbnail), else nothing so that it can lie
over a video tile; the edited cells (an area, a search region) tinted; the cells
with motion now (``set_lit``) filled; the grid lines. With ``editable``, a mouse drag
paints cells with the current tool (draw sets them, erase clears them).

Its state is what tests read: ``cells`` (edited) and ``lit`` (motion now) are
(18, 22) boolean arrays.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QButtonGroup, QSizePolicy, QToolButton, QWidget

from vedette_api.client.motion import COLUMNS, ROWS

DRAW = "draw"
ERASE = "erase"
_MASK = QColor(61, 127, 224, 115)
_LIT = QColor(235, 90, 60, 170)
_LINE = QColor(255, 255, 255, 45)
_EDGE = QColor(140, 190, 255, 220)


class CellGrid(QWidget):
    """Signals: ``cells_changed()`` after the operator painted cells."""

    cells_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.editable = editable
        self.tool = DRAW
        self.cells = np.zeros((ROWS, COLUMNS), dtype=bool)
        self.lit = np.zeros((ROWS, COLUMNS), dtype=bool)
        #: The picture's width / height (a 16:9 guess until a picture says).
        self.aspect = 16 / 9
        self._image: QImage | None = None
        self._painting: bool | None = None
        self.setMinimumSize(QSize(220, 124))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)

    # -- state ------------------------------------------------------------------------------

    def tool_buttons(self) -> tuple[QButtonGroup, QToolButton, QToolButton]:
        """Draw and Erase buttons, one checked at a time (Draw at first), that set this
        grid's tool: (their group, draw, erase)."""
        group = QButtonGroup(self)
        buttons = []
        for text, tool in ((self.tr("Draw"), DRAW), (self.tr("Erase"), ERASE)):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.toggled.connect(
                lambda on, tool=tool: setattr(self, "tool", tool) if on else None
            )
            group.addButton(button)
            buttons.append(button)
        buttons[0].setChecked(True)
        return group, buttons[0], buttons[1]

    def set_cells(self, cells: np.ndarray) -> None:
        self.cells = cells.astype(bool).copy()
        self.update()

    def set_lit(self, lit: np.ndarray) -> None:
        self.lit = lit.astype(bool).copy()
        self.update()

    def set_aspect(self, width: int, height: int) -> None:
        if width > 0 and height > 0 and abs(width / height - self.aspect) > 1e-6:
            self.aspect = width / height
            self.update()

    def set_image(self, image: QImage | None) -> None:
        """The picture under the grid (None: nothing, something under the widget shows)."""
        self._image = None if image is None or image.isNull() else image
        if self._image is not None:
            self.set_aspect(self._image.width(), self._image.height())
        self.update()

    def fill(self, value: bool) -> None:
        self.cells[:] = value
        self.update()
        self.cells_changed.emit()

    def invert(self) -> None:
        self.cells = ~self.cells
        self.update()
        self.cells_changed.emit()

    # -- geometry ---------------------------------------------------------------------------

    def picture_rect(self) -> QRectF:
        """Where the picture is: the widget's rectangle fitted to ``aspect``, centred."""
        w, h = float(self.width()), float(self.height())
        if w / max(h, 1.0) > self.aspect:
            pw, ph = h * self.aspect, h
        else:
            pw, ph = w, w / self.aspect
        return QRectF((w - pw) / 2, (h - ph) / 2, pw, ph)

    def cell_rect(self, row: int, column: int) -> QRectF:
        """Cell (row, column)'s rectangle in widget coordinates."""
        pic = self.picture_rect()
        x0 = pic.left() + pic.width() * column / COLUMNS
        x1 = pic.left() + pic.width() * (column + 1) / COLUMNS
        y0 = pic.top() + pic.height() * row / ROWS
        y1 = pic.top() + pic.height() * (row + 1) / ROWS
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        pic = self.picture_rect()
        if not pic.contains(pos) or pic.width() <= 0 or pic.height() <= 0:
            return None
        column = int((pos.x() - pic.left()) / pic.width() * COLUMNS)
        row = int((pos.y() - pic.top()) / pic.height() * ROWS)
        return min(row, ROWS - 1), min(column, COLUMNS - 1)

    # -- input ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.editable and event.button() == Qt.MouseButton.LeftButton:
            self._painting = self.tool == DRAW
            self._paint_at(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._painting is not None:
            self._paint_at(event.position())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._painting is not None:
            self._painting = None
            self.cells_changed.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Taken here: the grid is drawn for the whole picture, so the video tile under
        it must not zoom."""
        event.accept()

    def _paint_at(self, pos: QPointF) -> None:
        cell = self.cell_at(pos)
        if cell is None or self._painting is None:
            return
        if self.cells[cell] != self._painting:
            self.cells[cell] = self._painting
            self.update()

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pic = self.picture_rect()
        if self._image is not None:
            painter.fillRect(self.rect(), QColor(12, 13, 16))
            painter.drawImage(pic, self._image)
        for row in range(ROWS):
            for column in range(COLUMNS):
                lit, masked = bool(self.lit[row, column]), bool(self.cells[row, column])
                if lit or masked:
                    painter.fillRect(self.cell_rect(row, column), _LIT if lit else _MASK)
        painter.setPen(QPen(_LINE, 1))
        for column in range(1, COLUMNS):
            x = pic.left() + pic.width() * column / COLUMNS
            painter.drawLine(QPointF(x, pic.top()), QPointF(x, pic.bottom()))
        for row in range(1, ROWS):
            y = pic.top() + pic.height() * row / ROWS
            painter.drawLine(QPointF(pic.left(), y), QPointF(pic.right(), y))
        self._paint_mask_edges(painter)
        painter.end()

    def _paint_mask_edges(self, painter: QPainter) -> None:
        """A brighter line where the edited cells meet the others: the area's outline."""
        painter.setPen(QPen(_EDGE, 1.5))
        cells = self.cells
        for row in range(ROWS):
            for column in range(COLUMNS):
                if not cells[row, column]:
                    continue
                rect = self.cell_rect(row, column)
                if row == 0 or not cells[row - 1, column]:
                    painter.drawLine(rect.topLeft(), rect.topRight())
                if row == ROWS - 1 or not cells[row + 1, column]:
                    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
                if column == 0 or not cells[row, column - 1]:
                    painter.drawLine(rect.topLeft(), rect.bottomLeft())
                if column == COLUMNS - 1 or not cells[row, column + 1]:
                    painter.drawLine(rect.topRight(), rect.bottomRight())
