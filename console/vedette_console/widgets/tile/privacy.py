"""A tile's privacy masks (CAM-10) and playback watermark (CAM-11, PLAY-08).

``PictureRule`` is what a tile must do to one camera's picture for the signed-in
user: black out the masks (empty when the user holds the unmasked right on the
camera) and, in playback, show the watermark text. ``picture_rules`` derives it
from the server's cameras and the user's rights; the tile paints with
``paint_masks`` and ``paint_watermark``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from vedette_api.v1 import accounts_pb2, cameras_pb2

#: The most masks a camera has (the API's limit).
MAX_MASKS = 4
#: The watermark's opacity: legible, yet the picture shows through.
WATERMARK_OPACITY = 0.55


@dataclass(frozen=True)
class PictureRule:
    """``masks``: rectangles in picture fractions to paint black; ``watermark``: the
    text shown over playback ("" when the camera has none enabled)."""

    masks: tuple[QRectF, ...] = ()
    watermark: str = ""


def mask_rects(masks: Iterable[cameras_pb2.PrivacyMask]) -> tuple[QRectF, ...]:
    return tuple(QRectF(m.x, m.y, m.width, m.height) for m in masks)


def may_see_unmasked(rights: accounts_pb2.Rights, camera_id: int) -> bool:
    """Whether ``rights`` hold the unmasked right on ``camera_id``."""
    return any(
        access.right == accounts_pb2.CAMERA_RIGHT_UNMASKED
        and (access.all_cameras or camera_id in access.camera_ids)
        for access in rights.cameras
    )


def picture_rules(
    cameras: Iterable[cameras_pb2.Camera], rights: accounts_pb2.Rights
) -> dict[int, PictureRule]:
    """Each camera's rule for a user with ``rights``."""
    rules: dict[int, PictureRule] = {}
    for camera in cameras:
        unmasked = may_see_unmasked(rights, camera.id)
        masks = () if unmasked else mask_rects(camera.privacy_masks)
        text = camera.watermark.text if camera.watermark.enabled else ""
        rules[camera.id] = PictureRule(masks, text)
    return rules


def paint_masks(painter: QPainter, picture: QRectF, masks: Iterable[QRectF]) -> None:
    """Black out ``masks`` (picture fractions) of the picture drawn at ``picture``;
    the edges are rounded outwards so no picture pixel shows at a mask's border."""
    for mask in masks:
        left = picture.left() + mask.left() * picture.width()
        top = picture.top() + mask.top() * picture.height()
        right = picture.left() + mask.right() * picture.width()
        bottom = picture.top() + mask.bottom() * picture.height()
        painter.fillRect(
            QRectF(left, top, right - left, bottom - top).toAlignedRect(), QColor(0, 0, 0)
        )


def watermark_rect(tile: QRectF, metrics: QFontMetrics, text: str) -> QRectF:
    """Where the watermark is drawn: the tile's top right corner, under the badges'
    row (the OSD's name and clock are at the top left and bottom)."""
    width = metrics.horizontalAdvance(text) + 12
    height = metrics.height() + 6
    top = tile.top() + 6 + metrics.height() + 10
    return QRectF(tile.right() - width - 6, top, width, height)


def watermark_font(base: QFont, tile_height: float) -> QFont:
    """Bold, a twelfth of the tile's height, 12 to 38 pixels (legible on a 16-tile
    layout, not overbearing in a single view)."""
    font = QFont(base)
    font.setBold(True)
    font.setPixelSize(int(min(38, max(12, tile_height / 12))))
    return font


def paint_watermark(painter: QPainter, tile: QRectF, text: str) -> None:
    """``text`` outlined white on black, semi-transparent, in the tile's corner."""
    if not text:
        return
    painter.save()
    font = watermark_font(painter.font(), tile.height())
    painter.setFont(font)
    box = watermark_rect(tile, QFontMetrics(font), text)
    painter.setOpacity(WATERMARK_OPACITY)
    path = QPainterPath()
    metrics = QFontMetrics(font)
    path.addText(box.left() + 6, box.top() + 3 + metrics.ascent(), font, text)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(0, 0, 0), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(path)
    painter.fillPath(path, QColor(255, 255, 255))
    painter.restore()
