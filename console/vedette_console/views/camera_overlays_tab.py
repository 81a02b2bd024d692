"""The edit dialog's "Overlays" tab (CAM-09): the camera's text overlays (ONVIF OSD),
with what the camera offers only: add a text or a date/time overlay, edit, delete.
Each change goes to the camera at once; the list is the camera's answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes

_POSITION_WORDS: dict[int, str] = {
    cameras_pb2.OSD_POSITION_UPPER_LEFT: QT_TRANSLATE_NOOP("OverlaysTab", "Upper left"),
    cameras_pb2.OSD_POSITION_UPPER_RIGHT: QT_TRANSLATE_NOOP("OverlaysTab", "Upper right"),
    cameras_pb2.OSD_POSITION_LOWER_LEFT: QT_TRANSLATE_NOOP("OverlaysTab", "Lower left"),
    cameras_pb2.OSD_POSITION_LOWER_RIGHT: QT_TRANSLATE_NOOP("OverlaysTab", "Lower right"),
    cameras_pb2.OSD_POSITION_CUSTOM: QT_TRANSLATE_NOOP("OverlaysTab", "At a point"),
}
_TEXT_WORDS: dict[int, str] = {
    cameras_pb2.OSD_TEXT_PLAIN: QT_TRANSLATE_NOOP("OverlaysTab", "Text"),
    cameras_pb2.OSD_TEXT_DATE: QT_TRANSLATE_NOOP("OverlaysTab", "Date"),
    cameras_pb2.OSD_TEXT_TIME: QT_TRANSLATE_NOOP("OverlaysTab", "Time"),
    cameras_pb2.OSD_TEXT_DATE_AND_TIME: QT_TRANSLATE_NOOP("OverlaysTab", "Date and time"),
}
_CLOCK_TEXTS = (
    cameras_pb2.OSD_TEXT_DATE_AND_TIME,
    cameras_pb2.OSD_TEXT_DATE,
    cameras_pb2.OSD_TEXT_TIME,
)


class OverlayEditor(QDialog):
    """One overlay's fields, limited to what the camera offers."""

    def __init__(
        self,
        options: cameras_pb2.OsdOptions,
        overlay: cameras_pb2.OsdOverlay,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Text overlay"))
        self.kind = QComboBox()
        for text in options.texts or list(_TEXT_WORDS):
            self.kind.addItem(self.tr(_TEXT_WORDS.get(text, str(text))), int(text))
        self.kind.setCurrentIndex(max(0, self.kind.findData(int(overlay.text))))
        self.text = QLineEdit(overlay.plain_text)
        self.text.setMaxLength(256)
        self.text.setPlaceholderText(self.tr("Front door"))
        self.date_format = self._formats(options.date_formats, overlay.date_format)
        self.time_format = self._formats(options.time_formats, overlay.time_format)
        self.position = QComboBox()
        for position in options.positions or list(_POSITION_WORDS):
            self.position.addItem(self.tr(_POSITION_WORDS.get(position, str(position))), position)
        self.position.setCurrentIndex(max(0, self.position.findData(int(overlay.position))))
        self.x_spin = self._coordinate(overlay.x)
        self.y_spin = self._coordinate(overlay.y)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout(self)
        self.form.addRow(self.tr("Shows"), self.kind)
        self.form.addRow(self.tr("Text"), self.text)
        self.form.addRow(self.tr("Date format"), self.date_format)
        self.form.addRow(self.tr("Time format"), self.time_format)
        self.form.addRow(self.tr("Position"), self.position)
        self.form.addRow(self.tr("Across (−1 left, 1 right)"), self.x_spin)
        self.form.addRow(self.tr("Up (−1 bottom, 1 top)"), self.y_spin)
        self.form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self.position.currentIndexChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        self._update()

    def _formats(self, offered: list[str], current: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("The camera's"), "")
        for item in offered:
            combo.addItem(item, item)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    @staticmethod
    def _coordinate(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-1.0, 1.0)
        spin.setSingleStep(0.05)
        spin.setDecimals(2)
        spin.setValue(value)
        return spin

    def _update(self) -> None:
        kind = self.kind.currentData()
        plain = kind == cameras_pb2.OSD_TEXT_PLAIN
        custom = self.position.currentData() == cameras_pb2.OSD_POSITION_CUSTOM
        shown: dict[QWidget, bool] = {
            self.text: plain,
            self.date_format: kind
            in (cameras_pb2.OSD_TEXT_DATE, cameras_pb2.OSD_TEXT_DATE_AND_TIME),
            self.time_format: kind
            in (cameras_pb2.OSD_TEXT_TIME, cameras_pb2.OSD_TEXT_DATE_AND_TIME),
            self.x_spin: custom,
            self.y_spin: custom,
        }
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not plain or bool(self.text.text().strip()))
        self.adjustSize()

    def fields(self) -> ops.OverlayFields:
        kind = int(self.kind.currentData())
        return ops.OverlayFields(
            position=int(self.position.currentData()),
            text=kind,
            plain_text=self.text.text().strip() if kind == cameras_pb2.OSD_TEXT_PLAIN else "",
            x=self.x_spin.value(),
            y=self.y_spin.value(),
            date_format=str(self.date_format.currentData() or ""),
            time_format=str(self.time_format.currentData() or ""),
        )


class OverlaysTab(QWidget):
    def __init__(self, session: Session, camera_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id = camera_id
        self.overlays: list[cameras_pb2.OsdOverlay] = []
        self.options = cameras_pb2.OsdOptions()
        #: The open overlay editor (tests fill it in).
        self.editor: OverlayEditor | None = None
        #: The open "delete?" question (tests answer it).
        self.confirm: QMessageBox | None = None
        self._busy = True
        #: Whether the camera's overlays were read (nothing is offered before).
        self.loaded = False
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Shows"), self.tr("Content"), self.tr("Position")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_text_button = QPushButton(self.tr("Add text…"))
        self.add_text_button.clicked.connect(lambda: self.add(cameras_pb2.OSD_TEXT_PLAIN))
        self.add_clock_button = QPushButton(self.tr("Add date/time…"))
        self.add_clock_button.clicked.connect(lambda: self.add(self._clock_kind()))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.status = QLabel(self.tr("Reading the camera's overlays…"))
        self.status.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Read again"))
        self.reload_button.setVisible(False)  # after a failed read only
        self.reload_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        for button in (
            self.add_text_button,
            self.add_clock_button,
            self.edit_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()

    def load(self) -> None:
        self.reload_button.setVisible(False)
        self._busy = True
        self._update_buttons()
        op = ops.get_osd_op(self.camera_id, parent=self)
        op.success(lambda answer: self._show(list(answer.overlays), answer.options, ""))
        op.failure(self._load_failed)
        op.run(self.session)

    def _load_failed(self, error: Exception) -> None:
        self._failed(error)
        self.reload_button.setVisible(True)

    def _show(
        self,
        overlays: list[cameras_pb2.OsdOverlay],
        options: cameras_pb2.OsdOptions | None,
        say: str,
    ) -> None:
        self._busy = False
        self.loaded = True
        self.overlays = overlays
        if options is not None:
            self.options = options
        self.table.setRowCount(len(overlays))
        for row, overlay in enumerate(overlays):
            content = overlay.plain_text
            if overlay.text in _CLOCK_TEXTS:
                formats = [f for f in (overlay.date_format, overlay.time_format) if f]
                content = " ".join(formats) or self.tr("the camera's format")
            if not overlay.editable:
                content = self.tr("(not text: listed only)")
            position = self.tr(_POSITION_WORDS.get(overlay.position, "?"))
            if overlay.position == cameras_pb2.OSD_POSITION_CUSTOM:
                position += f" ({overlay.x:+.2f}, {overlay.y:+.2f})"
            cells = [self.tr(_TEXT_WORDS.get(overlay.text, "?")), content, position]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, overlay.token)
                self.table.setItem(row, col, item)
        limit = self.options.max_overlays
        count = len(overlays)
        ok = True if say else None
        if not say:
            say = (
                self.tr("{count} of at most {limit} overlays").format(count=count, limit=limit)
                if limit
                else self.tr("{count} overlays").format(count=count)
            )
        self._say(say, ok=ok)
        self._update_buttons()

    def selected(self) -> cameras_pb2.OsdOverlay | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.overlays[rows[0].row()]

    def _clock_kind(self) -> int:
        offered = list(self.options.texts) or list(_CLOCK_TEXTS)
        return next((k for k in _CLOCK_TEXTS if k in offered), cameras_pb2.OSD_TEXT_DATE_AND_TIME)

    def add(self, kind: int) -> None:
        positions = list(self.options.positions) or [cameras_pb2.OSD_POSITION_UPPER_LEFT]
        taken = {o.position for o in self.overlays}
        position = next((p for p in positions if p not in taken), positions[0])
        overlay = cameras_pb2.OsdOverlay(
            text=cameras_pb2.OsdText.ValueType(kind),
            position=cameras_pb2.OsdPosition.ValueType(position),
        )
        self._edit("", overlay)

    def edit_selected(self) -> None:
        overlay = self.selected()
        if overlay is not None and overlay.editable:
            self._edit(overlay.token, overlay)

    def _edit(self, token: str, overlay: cameras_pb2.OsdOverlay) -> None:
        editor = OverlayEditor(self.options, overlay, self)
        editor.accepted.connect(lambda: self._save(token, editor.fields()))
        self.editor = editor
        editor.open()

    def _save(self, token: str, fields: ops.OverlayFields) -> None:
        self._busy = True
        self._say(self.tr("Saving…"))
        self._update_buttons()
        op = ops.save_osd_op(self.camera_id, token, fields, parent=self)
        op.success(lambda answer: self._show(list(answer.overlays), None, self.tr("Saved")))
        op.failure(self._failed)
        op.run(self.session)

    def ask_delete(self) -> None:
        """Ask (without blocking) before deleting the selected overlay."""
        overlay = self.selected()
        if overlay is None:
            return
        self.confirm = ask_yes(
            self,
            self.tr("Delete overlay"),
            self.tr("Delete this overlay from the camera?"),
            lambda: self.delete(overlay.token),
            on_closed=self._forget_confirm,
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def delete(self, token: str) -> None:
        self._busy = True
        self._say(self.tr("Deleting…"))
        self._update_buttons()
        op = ops.delete_osd_op(self.camera_id, token, parent=self)
        op.success(lambda _: self.load())
        op.failure(self._failed)
        op.run(self.session)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._say(error_text(error), ok=False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        limit = self.options.max_overlays
        room = self.loaded and not self._busy and (not limit or len(self.overlays) < limit)
        texts = list(self.options.texts)
        self.add_text_button.setEnabled(room and (not texts or cameras_pb2.OSD_TEXT_PLAIN in texts))
        self.add_clock_button.setEnabled(
            room and (not texts or any(k in texts for k in _CLOCK_TEXTS))
        )
        overlay = self.selected()
        self.edit_button.setEnabled(not self._busy and overlay is not None and overlay.editable)
        self.delete_button.setEnabled(not self._busy and overlay is not None)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
