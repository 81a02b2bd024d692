"""A tile's digital zoom: wheel at the cursor, drag to pan, and the zoom view (the
whole picture in miniature, the part shown outlined; press or drag in it to move).

``DigitalZoom`` is geometry only: the tile passes its size and the picture's, and
paints with ``paint_zoom_view``. The zoom factor is 1 (the whole picture) to
``MAX_ZOOM``; the shown part never leaves the picture.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPen

MAX_ZOOM = 8.0
#: The picture shape assumed before the first frame.
_DEFAULT_SOURCE = QSize(16, 9)


class DigitalZoom:
    def __init__(self) -> None:
        self.factor = 1.0
        #: The picture point at the tile's centre, in picture fractions.
        self.center = QPointF(0.5, 0.5)

    def reset(self) -> None:
        self.factor, self.center = 1.0, QPointF(0.5, 0.5)

    def picture_rect(self, tile: QSize, source: QSize | None) -> QRectF:
        """Where the zoomed picture lands in the tile (automatic aspect)."""
        if source is None:
            return QRectF(0, 0, tile.width(), tile.height())
        sw, sh = max(1, source.width()), max(1, source.height())
        scale = min(tile.width() / sw, tile.height() / sh) * self.factor
        width, height = sw * scale, sh * scale
        cx = tile.width() / 2 - (self.center.x() - 0.5) * width
        cy = tile.height() / 2 - (self.center.y() - 0.5) * height
        return QRectF(cx - width / 2, cy - height / 2, width, height)

    def zoom_at(self, pos: QPointF, factor: float, tile: QSize, source: QSize | None) -> bool:
        """Zoom by ``factor`` keeping the picture point under ``pos`` still; False
        when nothing changed (at a limit, or no picture area)."""
        rect = self.picture_rect(tile, source)
        if rect.width() <= 0 or rect.height() <= 0:
            return False
        fx = (pos.x() - rect.left()) / rect.width()
        fy = (pos.y() - rect.top()) / rect.height()
        new_factor = min(MAX_ZOOM, max(1.0, self.factor * factor))
        if new_factor == self.factor:
            return False
        # Keep (fx, fy) under pos: centre + (pos - mid)/size' = f.
        width = rect.width() / self.factor * new_factor
        height = rect.height() / self.factor * new_factor
        self.factor = new_factor
        self.center = QPointF(
            fx - (pos.x() - tile.width() / 2) / width, fy - (pos.y() - tile.height() / 2) / height
        )
        self._clamp()
        return True

    def pan(self, delta: QPointF, picture: QRectF) -> None:
        """Drag the picture by ``delta`` pixels (``picture``: where it is drawn)."""
        self.center = QPointF(
            self.center.x() - delta.x() / picture.width(),
            self.center.y() - delta.y() / picture.height(),
        )
        self._clamp()

    def visible_fraction(self) -> QRectF:
        """The part of the picture shown, in picture fractions (the zoom view's box)."""
        half = 0.5 / self.factor
        return QRectF(self.center.x() - half, self.center.y() - half, 2 * half, 2 * half)

    @staticmethod
    def view_box(tile: QSize, source: QSize | None) -> QRectF:
        """Where the zoom view (the whole picture in miniature) is drawn."""
        width = max(48, tile.width() // 6)
        source = source or _DEFAULT_SOURCE
        height = int(width * source.height() / max(1, source.width()))
        return QRectF(tile.width() - width - 6, tile.height() - height - 6, width, height)

    def center_on_view_point(self, pos: QPointF, box: QRectF) -> None:
        """Centre the zoomed view on the zoom-view point under ``pos``."""
        self.center = QPointF(
            (pos.x() - box.left()) / box.width(), (pos.y() - box.top()) / box.height()
        )
        self._clamp()

    def _clamp(self) -> None:
        half = 0.5 / self.factor
        x = min(max(self.center.x(), half), 1 - half)
        y = min(max(self.center.y(), half), 1 - half)
        self.center = QPointF(x, y)


def paint_zoom_view(painter: QPainter, box: QRectF, image: QImage, shown: QRectF) -> None:
    """The zoom view: ``image`` in miniature in ``box``, the ``shown`` part outlined."""
    painter.setOpacity(0.85)
    painter.drawImage(box, image)
    painter.setOpacity(1.0)
    painter.setPen(QPen(QColor(200, 200, 200), 1))
    painter.drawRect(box)
    painter.setPen(QPen(QColor(255, 200, 40), 1))
    painter.drawRect(
        QRectF(
            box.left() + shown.left() * box.width(),
            box.top() + shown.top() * box.height(),
            shown.width() * box.width(),
            shown.height() * box.height(),
        )
    )
