"""The edit dialog's "Privacy" tab (CAM-10, CAM-11): the camera's privacy masks,
drawn on its live picture, and its watermark.

Drag on the picture to draw a mask (up to four); drag a mask to move it, its corner
handle to resize it; Delete (or the button) removes the selected one. Masks are
kept in picture fractions, so they hold for every stream and for the letterboxed
picture of any tile. The watermark is 1 to 15 letters, digits or spaces. Save sends
both (UpdateCamera with the ``privacy_masks`` and ``watermark`` paths); the server's
refusal is shown in its words and nothing is lost from the form.

"Apply the masks in the camera itself" (``masks_on_camera``) is offered for a camera
added over ONVIF with Media2 (the server asks the camera when it is turned on and
says why not); it is sent only when changed. Below it, where the masks are applied
now (``status.privacy_masks``), as the server last said.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QPointF,
    QRectF,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegularExpressionValidator,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.operations import camera_setup as ops
from vedette_console.ptz.picture_zoom import picture_rect
from vedette_console.session import Session
from vedette_console.views.live_overlay_picture import LiveOverlayPicture
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.tile.privacy import MAX_MASKS, mask_rects

#: 1 to 15 letters, digits or spaces (the API's rule for the watermark text).
WATERMARK_PATTERN = r"[\p{L}\p{N} ]{1,15}"
#: The resize handle's half size, in pixels.
HANDLE = 6.0
#: The smallest mask drawn, in picture fractions (a click is not a mask).
MIN_SIZE = 0.01
#: How often the tab asks where the masks stand while the server sets them on the camera.
WHERE_POLL_MS = 2000


def watermark_validator() -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(WATERMARK_PATTERN))


def _clamped(rect: QRectF) -> QRectF:
    """``rect`` (fractions) moved and cut to lie inside the picture."""
    width, height = min(rect.width(), 1.0), min(rect.height(), 1.0)
    x = min(max(rect.x(), 0.0), 1.0 - width)
    y = min(max(rect.y(), 0.0), 1.0 - height)
    return QRectF(x, y, width, height)


class MaskEditor(QWidget):
    """Laid over the picture: draws, moves, resizes and deletes the masks. Signals:
    ``masks_changed()``, ``selection_changed()``."""

    masks_changed = Signal()
    selection_changed = Signal()

    def __init__(self, tile: VideoTile) -> None:
        super().__init__(tile)
        self.tile = tile
        self.masks: list[QRectF] = []
        self.selected: int | None = None
        self._mode = ""  # "draw", "move" or "resize" while a button is held
        self._from = QPointF()
        self._start = QRectF()
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMouseTracking(True)

    def set_masks(self, masks: list[QRectF]) -> None:
        self.masks = [QRectF(m) for m in masks][:MAX_MASKS]
        self.selected = None
        self.update()

    def picture(self) -> QRectF:
        return picture_rect(self.tile)

    def to_fraction(self, point: QPointF) -> QPointF:
        area = self.picture()
        return QPointF(
            (point.x() - area.left()) / max(area.width(), 1.0),
            (point.y() - area.top()) / max(area.height(), 1.0),
        )

    def to_widget(self, mask: QRectF) -> QRectF:
        area = self.picture()
        return QRectF(
            area.left() + mask.x() * area.width(),
            area.top() + mask.y() * area.height(),
            mask.width() * area.width(),
            mask.height() * area.height(),
        )

    def _handle(self, index: int) -> QRectF:
        corner = self.to_widget(self.masks[index]).bottomRight()
        return QRectF(corner.x() - HANDLE, corner.y() - HANDLE, 2 * HANDLE, 2 * HANDLE)

    def delete_selected(self) -> None:
        if self.selected is not None:
            del self.masks[self.selected]
            self.selected = None
            self.masks_changed.emit()
            self.update()

    def clear(self) -> None:
        if self.masks:
            self.masks, self.selected = [], None
            self.masks_changed.emit()
            self.update()

    # -- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        self._from = self.to_fraction(pos)
        for index in reversed(range(len(self.masks))):
            if self._handle(index).contains(pos):
                self.selected, self._mode = index, "resize"
                break
            if self.to_widget(self.masks[index]).contains(pos):
                self.selected, self._mode = index, "move"
                break
        else:
            self.selected = None
            if len(self.masks) < MAX_MASKS and self.picture().contains(pos):
                self.masks.append(QRectF(self._from, self._from))
                self.selected, self._mode = len(self.masks) - 1, "draw"
        if self.selected is not None:
            self._start = QRectF(self.masks[self.selected])
        self.selection_changed.emit()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._mode or self.selected is None:
            return
        now = self.to_fraction(event.position())
        now = QPointF(min(max(now.x(), 0.0), 1.0), min(max(now.y(), 0.0), 1.0))
        if self._mode == "move":
            moved = self._start.translated(now - self._from)
            self.masks[self.selected] = _clamped(moved)
        elif self._mode == "resize":
            rect = QRectF(self._start.topLeft(), now).normalized()
            self.masks[self.selected] = _clamped(rect)
        else:
            self.masks[self.selected] = QRectF(self._from, now).normalized()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        mode, self._mode = self._mode, ""
        if not mode or self.selected is None:
            return
        mask = self.masks[self.selected]
        if mode == "draw" and (mask.width() < MIN_SIZE or mask.height() < MIN_SIZE):
            del self.masks[self.selected]
            self.selected = None
        elif mask != self._start:  # drawn, moved or resized
            self.masks_changed.emit()
        self.selection_changed.emit()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        for index, mask in enumerate(self.masks):
            rect = self.to_widget(mask)
            chosen = index == self.selected
            painter.fillRect(rect, QColor(0, 0, 0, 170))
            painter.setPen(QPen(QColor(255, 200, 40) if chosen else QColor(230, 230, 230), 2))
            painter.drawRect(rect)
            painter.drawText(rect.adjusted(4, 2, 0, 0), str(index + 1))
            if chosen:
                painter.fillRect(self._handle(index), QColor(255, 200, 40))
        painter.end()


class PrivacyPicture(LiveOverlayPicture):
    """The camera's live picture (sub stream) with the mask editor over it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.editor = self.overlay = MaskEditor(self)
        self.frame_shown.connect(lambda _time: self.editor.update())


class PrivacyTab(QWidget):
    """Signal: ``saved(Camera)`` with the camera as the server stored it."""

    saved = Signal(object)

    def __init__(
        self, session: Session, camera: cameras_pb2.Camera, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.camera = camera
        self.picture = PrivacyPicture(session)
        self.editor = self.picture.editor
        self.editor.masks_changed.connect(self._update)
        self.editor.selection_changed.connect(self._update)
        self.delete_button = QPushButton(self.tr("Delete mask"))
        self.delete_button.clicked.connect(self.editor.delete_selected)
        self.clear_button = QPushButton(self.tr("Remove all masks"))
        self.clear_button.clicked.connect(self.editor.clear)
        self.count = QLabel()
        self.count.setObjectName("muted")
        hint = QLabel(
            self.tr(
                "Drag on the picture to draw a mask (up to 4); drag a mask to move it, "
                "its corner to resize it. Users without the “See without privacy "
                "masks” right see these parts black in live, playback, snapshots and "
                "backups."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        self.watermark_on = QCheckBox(self.tr("Show a watermark over playback"))
        self.watermark_text = QLineEdit()
        self.watermark_text.setValidator(watermark_validator())
        self.watermark_text.setMaxLength(15)
        self.watermark_text.setPlaceholderText(self.tr("1 to 15 letters, digits or spaces"))
        self.watermark_on.toggled.connect(self._update)
        self.watermark_text.textChanged.connect(self._update)
        self.on_camera = QCheckBox(self.tr("Apply the masks in the camera itself"))
        self.on_camera_hint = QLabel(
            self.tr(
                "The camera blacks the masks out in the video it sends, so the recording "
                "itself is masked from then on: nobody, not even a user with the “See "
                "without privacy masks” right, can see behind them. Only for a camera "
                "added over ONVIF whose Media2 service has privacy masks: the camera is "
                "asked when you save."
            )
        )
        self.on_camera_hint.setWordWrap(True)
        self.on_camera_hint.setObjectName("muted")
        self.where = QLabel("")
        self.where.setWordWrap(True)
        # While the server is setting the masks on the camera, ask again how it went.
        self.where_timer = QTimer(self)
        self.where_timer.setInterval(WHERE_POLL_MS)
        self.where_timer.timeout.connect(self._ask_where)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        tools = QHBoxLayout()
        for widget in (self.delete_button, self.clear_button, self.count):
            tools.addWidget(widget)
        tools.addStretch(1)
        form = QFormLayout()
        form.addRow("", self.watermark_on)
        form.addRow(self.tr("Watermark text"), self.watermark_text)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addLayout(tools)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.on_camera)
        layout.addWidget(self.on_camera_hint)
        layout.addWidget(self.where)
        layout.addLayout(bottom)
        self.show_camera(camera)

    def show_camera(self, camera: cameras_pb2.Camera) -> None:
        """The masks and watermark as the server stores them."""
        self.camera = camera
        self.editor.set_masks(list(mask_rects(camera.privacy_masks)))
        self.watermark_on.setChecked(camera.watermark.enabled)
        self.watermark_text.setText(camera.watermark.text)
        self.on_camera.setChecked(camera.masks_on_camera)
        offered = camera.HasField("onvif") and camera.onvif.capabilities.media2
        self.on_camera.setEnabled(offered or camera.masks_on_camera)
        self.on_camera.setToolTip(
            ""
            if offered
            else self.tr(
                "This camera was not added over ONVIF with a Media2 service: it cannot"
                " apply the masks itself"
            )
        )
        self._show_where(camera.status.privacy_masks)
        self._update()

    def _show_where(self, status: cameras_pb2.PrivacyMasksStatus) -> None:
        self.where.setText(self.where_text(status))
        if status.state == cameras_pb2.PRIVACY_MASKS_STATE_PUSHING and self.isVisible():
            self.where_timer.start()
        else:
            self.where_timer.stop()

    def _ask_where(self) -> None:
        op = ops.get_camera_op(self.camera.id, parent=self)
        op.success(self._where_answered)
        op.run(self.session)

    def _where_answered(self, camera: cameras_pb2.Camera) -> None:
        self.camera.status.privacy_masks.CopyFrom(camera.status.privacy_masks)
        self._show_where(camera.status.privacy_masks)

    def where_text(self, status: cameras_pb2.PrivacyMasksStatus) -> str:
        """Where the masks are applied, in words."""
        if status.state == cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA:
            since = QDateTime.fromMSecsSinceEpoch(status.since.ToMilliseconds())
            when = QLocale().toString(since, QLocale.FormatType.ShortFormat)
            return self.tr("Applied by the camera since {time}").format(time=when)
        if status.state == cameras_pb2.PRIVACY_MASKS_STATE_PUSHING:
            return self.tr("Setting the masks on the camera…")
        if status.state == cameras_pb2.PRIVACY_MASKS_STATE_FAILED:
            return self.tr(
                "The camera has not taken the masks: {reason}. The server tries again by"
                " itself; meanwhile the recording may not be masked."
            ).format(reason=status.detail)
        return self.tr("Applied by the console and the server, not by the camera")

    def masks(self) -> list[cameras_pb2.PrivacyMask]:
        return [
            cameras_pb2.PrivacyMask(x=m.x(), y=m.y(), width=m.width(), height=m.height())
            for m in self.editor.masks
        ]

    def watermark(self) -> cameras_pb2.Watermark:
        return cameras_pb2.Watermark(
            enabled=self.watermark_on.isChecked(), text=self.watermark_text.text().strip()
        )

    def text_acceptable(self) -> bool:
        return not self.watermark_on.isChecked() or self.watermark_text.hasAcceptableInput()

    def save(self) -> None:
        if not self.text_acceptable():
            self._say(self.tr("The watermark needs 1 to 15 letters, digits or spaces"), ok=False)
            return
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"), ok=None)
        on_camera = self.on_camera.isChecked()
        op = ops.update_privacy_op(
            self.camera.id,
            self.masks(),
            self.watermark(),
            masks_on_camera=on_camera if on_camera != self.camera.masks_on_camera else None,
            parent=self,
        )
        op.success(self._saved)
        op.failure(self._failed)
        op.run(self.session)

    def _saved(self, camera: cameras_pb2.Camera) -> None:
        self.show_camera(camera)
        self._say(self.tr("Saved"), ok=True)
        self.saved.emit(camera)

    def _failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)
        self._update()

    def _update(self) -> None:
        count = len(self.editor.masks)
        self.count.setText(self.tr("{count} of {most} masks").format(count=count, most=MAX_MASKS))
        self.delete_button.setEnabled(self.editor.selected is not None)
        self.clear_button.setEnabled(count > 0)
        self.watermark_text.setEnabled(self.watermark_on.isChecked())
        self.save_button.setEnabled(self.text_acceptable())

    def _say(self, text: str, *, ok: bool | None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")

    # -- the live picture runs only while the tab shows -------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.picture.set_camera(self.camera.id)
        self._show_where(self.camera.status.privacy_masks)

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop()
        super().hideEvent(event)

    def stop(self) -> None:
        self.where_timer.stop()
        self.picture.set_camera(None)
