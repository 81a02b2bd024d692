"""What the search tabs share: the thumbnail size, item data roles, a thumbnail's
picture (or black with "no recording") and the icon grid that shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget

from vedette_api.v1 import images_pb2

THUMB = QSize(192, 108)
ROLE_TIME = Qt.ItemDataRole.UserRole
ROLE_END = Qt.ItemDataRole.UserRole + 1
ROLE_JPEG = Qt.ItemDataRole.UserRole + 2
ROLE_ID = Qt.ItemDataRole.UserRole + 3


def thumbnail_pixmap(thumb: images_pb2.Thumbnail, size: QSize = THUMB) -> QPixmap:
    """The thumbnail scaled into ``size``, or black with "no recording"."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor(0, 0, 0))
    painter = QPainter(pixmap)
    image = QImage.fromData(thumb.jpeg) if thumb.jpeg else QImage()
    if not image.isNull():
        scaled = image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.drawImage(
            (size.width() - scaled.width()) // 2, (size.height() - scaled.height()) // 2, scaled
        )
    else:
        painter.setPen(QColor(90, 94, 102))
        if thumb.no_recording:
            text = QCoreApplication.translate("Search", "no recording")
        else:
            text = thumb.error or QCoreApplication.translate("Search", "no picture")
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def thumbnail_grid() -> QListWidget:
    """An icon grid of thumbnails, laid out as the view's width allows."""
    grid = QListWidget()
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setIconSize(THUMB)
    grid.setGridSize(QSize(THUMB.width() + 14, THUMB.height() + 30))
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setMovement(QListView.Movement.Static)
    grid.setSpacing(4)
    grid.setUniformItemSizes(True)
    return grid
