"""The backup dialog (EXP-01): cameras, from/to on the server's clock (prefilled from
a timeline selection or an event), the format, and where it goes: a server export
root with a sub-folder, or this computer (staged on the server, downloaded when
done); and whether the cameras' watermark is burnt into the pictures (CAM-11: MP4,
MKV and AVI, which the server re-encodes; never the native format)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import cameras_pb2, export_pb2
from vedette_console.operations.exports import BackupItem
from vedette_console.time_display import TimeDisplay
from vedette_console.widgets.server_time_edit import ServerTimeEdit

ROLE_ID = Qt.ItemDataRole.UserRole
#: A new backup without a selection covers the last ten minutes.
DEFAULT_SPAN_US = 600 * US_PER_S


def default_download_folder() -> Path:
    return Path.home() / "Vedette exports"


@dataclass(frozen=True)
class BackupRequest:
    """What the dialog collected."""

    items: list[BackupItem]
    export_format: str
    #: The server export root ("" for this computer).
    root: str
    subdir: str
    #: Where the files go on this computer (None for a server folder).
    download_to: Path | None
    #: Burn each camera's watermark (when enabled) into the pictures.
    burn_watermark: bool = False


class BackupDialog(QDialog):
    def __init__(
        self,
        cameras: dict[int, cameras_pb2.Camera],
        roots: list[export_pb2.ExportRoot],
        items: list[BackupItem] | None,
        display: TimeDisplay,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Back up recordings"))
        self.setMinimumWidth(520)
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        chosen = {camera for camera, _, _ in items or []}
        for camera in cameras.values():
            item = QListWidgetItem(camera.name)
            item.setData(ROLE_ID, camera.id)
            self.cameras.addItem(item)
            item.setSelected(camera.id in chosen)
        if items:
            start_us = min(s for _, s, _ in items)
            end_us = max(e for _, _, e in items)
        else:
            end_us = now_us()
            start_us = end_us - DEFAULT_SPAN_US
        self.start = ServerTimeEdit(start_us, display)
        self.end = ServerTimeEdit(end_us, display)
        self.format = QComboBox()
        for name, label in (
            ("mp4", self.tr("MP4 (any player)")),
            ("avi", self.tr("AVI")),
            ("mkv", self.tr("MKV")),
            ("native", self.tr("Native (every stream, offline player)")),
        ):
            self.format.addItem(label, name)
        self.burn_watermark = QCheckBox(self.tr("Burn in watermark"))
        self.burn_watermark.setToolTip(
            self.tr("Draw each camera's watermark text into the exported pictures (re-encoded)")
        )
        self.format.currentIndexChanged.connect(self._format_changed)
        self.to_server = QRadioButton(self.tr("Server folder"))
        self.to_here = QRadioButton(self.tr("This computer"))
        group = QButtonGroup(self)
        group.addButton(self.to_server)
        group.addButton(self.to_here)
        self.root = QComboBox()
        for root in roots:
            free = (
                self.tr(" ({gb} GB free)").format(gb=f"{root.free_bytes / 1e9:.1f}")
                if root.free_bytes
                else ""
            )
            self.root.addItem(f"{root.name} — {root.path}{free}", root.name)
        self.subdir = QLineEdit()
        self.subdir.setPlaceholderText(self.tr("sub-folder (optional), e.g. case-2041"))
        self.folder = QLineEdit(str(default_download_folder()))
        (self.to_server if roots else self.to_here).setChecked(True)
        self.to_server.setEnabled(bool(roots))
        self.error = QLabel()
        self.error.setStyleSheet("color: #ff8f80;")
        self._format_changed()
        self._lay_out()

    def _lay_out(self) -> None:
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Cameras"), self.cameras)
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        form.addRow(self.tr("Format"), self.format)
        form.addRow("", self.burn_watermark)
        form.addRow(self.tr("Destination"), self.to_server)
        form.addRow("", self.root)
        form.addRow("", self.subdir)
        form.addRow("", self.to_here)
        form.addRow("", folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start backup"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _format_changed(self) -> None:
        """The native format is kept as recorded: nothing is burnt into it."""
        native = self.format.currentData() == "native"
        self.burn_watermark.setEnabled(not native)
        if native:
            self.burn_watermark.setChecked(False)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def request(self) -> BackupRequest | None:
        """The backup asked for, or None (with the reason shown) when incomplete."""
        ids = [int(item.data(ROLE_ID)) for item in self.cameras.selectedItems()]
        start, end = self.start.time_us(), self.end.time_us()
        if not ids:
            self.error.setText(self.tr("Choose at least one camera."))
            return None
        if end <= start:
            self.error.setText(self.tr("The end must be after the start."))
            return None
        here = self.to_here.isChecked()
        return BackupRequest(
            [(camera, start, end) for camera in ids],
            str(self.format.currentData()),
            "" if here else str(self.root.currentData() or ""),
            "" if here else self.subdir.text().strip(),
            Path(self.folder.text()).expanduser() if here else None,
            self.burn_watermark.isChecked(),
        )

    def _check(self) -> None:
        if self.request() is not None:
            self.accept()
