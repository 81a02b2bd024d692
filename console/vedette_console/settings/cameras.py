"""The Cameras page of the Settings window (CAM-04, console side): every camera with
its status as the server reports it (online or not, codec, resolution, measured
bitrate, recording or why not), kept current by the change feed and, for the
measured bitrates the feed does not carry, a read every few seconds while shown.
Adding and editing reuse the camera dialogs; deleting asks first and says that the
recordings go with it; enabled, disk group, expiry and audio recording (the fields
of ``cameras.proto``'s Camera that act on recording) are set in the form below."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2, alarms_pb2, cameras_pb2, media_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import camera_setup
from vedette_console.operations import cameras as ops
from vedette_console.operations.cameras import CameraList
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.storage import MAX_GROUP
from vedette_console.settings.table_page import FedTablePage, show_error
from vedette_console.settings.units import bitrate_text
from vedette_console.widgets.tile.osd import CameraStatus, camera_status

#: Measured bitrates are not in the change feed: read them this often while shown.
BITRATE_REFRESH_MS = 5000
_STATUS_WORDS = {
    CameraStatus.RECORDING: QT_TRANSLATE_NOOP("settings", "Online"),
    CameraStatus.ONLINE: QT_TRANSLATE_NOOP("settings", "Online"),
    CameraStatus.CONNECTING: QT_TRANSLATE_NOOP("settings", "Connecting"),
    CameraStatus.OFFLINE: QT_TRANSLATE_NOOP("settings", "Offline"),
    CameraStatus.DISABLED: QT_TRANSLATE_NOOP("settings", "Disabled"),
    CameraStatus.UNKNOWN: QT_TRANSLATE_NOOP("settings", "Unknown"),
}
_CODECS = {media_pb2.CODEC_H264: "H.264", media_pb2.CODEC_H265: "H.265"}


def status_text(camera: cameras_pb2.Camera) -> str:
    status = camera_status(camera)
    words = tr(_STATUS_WORDS[status])
    if status is CameraStatus.OFFLINE and camera.status.main.message:
        return f"{words}: {camera.status.main.message}"
    return words


def measured_kbps(camera: cameras_pb2.Camera) -> int:
    """The camera's recorded streams' measured bitrate (main and sub)."""
    return camera.status.main.bitrate_kbps + camera.status.sub.bitrate_kbps


def _resolution(stream: cameras_pb2.StreamStatus) -> str:
    return f"{stream.width}×{stream.height}" if stream.width else ""


def camera_cells(camera: cameras_pb2.Camera) -> list[str]:
    """A camera's row: name, status, codec, resolutions, bitrate, recording, disk
    group, expiry, audio."""
    main, sub = camera.status.main, camera.status.sub
    resolution = " / ".join(r for r in (_resolution(main), _resolution(sub)) if r)
    kbps = measured_kbps(camera)
    if camera.status.recording:
        recording = tr("Yes")
    else:
        recording = camera.status.not_recording_reason or tr("No")
    return [
        camera.name,
        status_text(camera),
        _CODECS.get(main.codec, "—"),
        resolution or "—",
        bitrate_text(kbps) if kbps else "—",
        recording,
        str(camera.disk_group),
        tr("{days} days").format(days=camera.expiry_days) if camera.expiry_days else "—",
        tr("Recorded") if camera.record_audio else tr("Not recorded"),
    ]


class CamerasPage(FedTablePage[CameraList]):
    group: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Cameras")
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Cameras")
    areas: ClassVar[tuple[int, ...]] = (accounts_pb2.AREA_CAMERAS,)
    kinds: ClassVar[tuple[int, ...]] = (
        alarms_pb2.RESOURCE_KIND_CAMERAS,
        alarms_pb2.RESOURCE_KIND_CAMERA_STATUS,
    )
    every_ms: ClassVar[int] = BITRATE_REFRESH_MS
    columns: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("settings", "Name"),
        QT_TRANSLATE_NOOP("settings", "Status"),
        QT_TRANSLATE_NOOP("settings", "Codec"),
        QT_TRANSLATE_NOOP("settings", "Resolution (main / sub)"),
        QT_TRANSLATE_NOOP("settings", "Bitrate"),
        QT_TRANSLATE_NOOP("settings", "Recording"),
        QT_TRANSLATE_NOOP("settings", "Disk group"),
        QT_TRANSLATE_NOOP("settings", "Expiry"),
        QT_TRANSLATE_NOOP("settings", "Audio"),
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.cameras: list[cameras_pb2.Camera] = []
        #: The camera the form shows (its fields are refilled only when it changes).
        self._form_id = 0
        self.table.itemSelectionChanged.connect(self._fill_form)
        self.add_button = QPushButton(tr("Add cameras…"))
        self.add_button.clicked.connect(self.open_add)
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.clicked.connect(self.open_edit)
        self.delete_button = QPushButton(tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.enabled = QCheckBox(tr("Enabled (its streams are fetched and recorded)"))
        self.disk_group = QSpinBox()
        self.disk_group.setRange(1, MAX_GROUP)
        self.expiry = QSpinBox()
        self.expiry.setRange(0, 3650)
        self.expiry.setSuffix(tr(" days"))
        self.expiry.setSpecialValueText(tr("Never (until the disk group overwrites)"))
        self.record_audio = QCheckBox(tr("Record the camera's audio"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.form_error = QLabel("")
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet("color: #d9534f")
        self.form_error.hide()
        self.controls = [
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.enabled,
            self.disk_group,
            self.expiry,
            self.record_audio,
            self.save_button,
        ]
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("", self.enabled)
        form.addRow(tr("Disk group"), self.disk_group)
        form.addRow(tr("Delete recordings after"), self.expiry)
        form.addRow("", self.record_audio)
        save_row = QHBoxLayout()
        save_row.addWidget(self.form_error, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addLayout(save_row)
        layout.addWidget(self.status)
        self.update_controls()

    # -- showing -------------------------------------------------------------------------

    def read(self) -> ServerOp[CameraList]:
        return ops.list_cameras(parent=self)

    def present(self, found: CameraList) -> None:
        self.cameras = list(found.cameras)
        self.fill([(camera.id, camera_cells(camera)) for camera in self.cameras])
        if self.selected_id() != self._form_id:  # the form shows another camera now
            self._fill_form()
        self.update_controls()

    def camera(self) -> cameras_pb2.Camera | None:
        selected = self.selected_id()
        return next((c for c in self.cameras if c.id == selected), None)

    #: Select the camera ``camera_id`` (tests).
    select_camera = FedTablePage.select_id

    def _fill_form(self) -> None:
        camera = self.camera()
        self._form_id = camera.id if camera is not None else 0
        if camera is not None:
            self.enabled.setChecked(camera.enabled)
            self.disk_group.setValue(camera.disk_group or 1)
            self.expiry.setValue(camera.expiry_days)
            self.record_audio.setChecked(camera.record_audio)
        show_error(self.form_error, "")
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        chosen = self.camera() is not None
        for widget in self.controls:
            widget.setEnabled(chosen or widget is self.add_button)

    # -- changing ------------------------------------------------------------------------

    def save(self) -> None:
        camera = self.camera()
        if camera is None:
            return
        show_error(self.form_error, "")
        op = ops.update_recording_op(
            camera.id,
            enabled=self.enabled.isChecked(),
            disk_group=self.disk_group.value(),
            expiry_days=self.expiry.value(),
            record_audio=self.record_audio.isChecked(),
            parent=self,
        )
        self.run(
            op,
            self._saved,
            working=tr("Saving…"),
            on_error=lambda error: self.refused(self.form_error, error),
        )

    def _saved(self, camera: cameras_pb2.Camera) -> None:
        self.say(tr("Camera “{name}” saved").format(name=camera.name))
        self.refresher.refresh()

    def ask_delete(self) -> None:
        camera = self.camera()
        if camera is None:
            return
        self.ask(
            tr("Delete camera"),
            tr(
                "Delete “{name}”? Its configuration and all its recordings are deleted; this "
                "cannot be undone. The server refuses while one of its recordings is locked "
                "as evidence. To stop recording it and keep its recordings, untick "
                "“Enabled” instead."
            ).format(name=camera.name),
            lambda: self.delete(camera),
        )

    def delete(self, camera: cameras_pb2.Camera) -> None:
        self.run(
            camera_setup.delete_camera_op(camera.id, parent=self),
            lambda _: self.changed(tr("Camera “{name}” deleted").format(name=camera.name)),
            working=tr("Deleting…"),
        )

    def open_add(self) -> None:
        from vedette_console.views.camera_add_dialog import CameraAddDialog

        dialog = CameraAddDialog(self.session, [c.name for c in self.cameras], self)
        dialog.camera_added.connect(
            lambda camera: self.changed(tr("Camera “{name}” added").format(name=camera.name))
        )
        self._open(dialog)

    def open_edit(self) -> None:
        from vedette_console.views.camera_edit_dialog import CameraEditDialog

        camera = self.camera()
        if camera is None:
            return
        onvif = {c.id: c.name for c in self.cameras if c.HasField("onvif")}
        dialog = CameraEditDialog(self.session, camera, self, onvif_cameras=onvif)
        dialog.camera_saved.connect(lambda _: self.refresher.refresh())
        dialog.camera_deleted.connect(lambda _: self.refresher.refresh())
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.show()
