"""The "Edit camera" dialog (CAM-04, CAM-08, CAM-09, CAM-12), for users who may
change cameras: name, credentials (write-only: never shown; empty keeps them),
enabled, deleting the camera (asked first); for an ONVIF camera with imaging, its
picture settings and text overlays; for any ONVIF camera, its main and sub stream
settings; for every camera, motion, recording and its privacy masks and watermark
(CAM-10, CAM-11).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2
from vedette_console.failures import error_text
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session
from vedette_console.views.camera_motion_tab import MotionTab
from vedette_console.views.camera_overlays_tab import OverlaysTab
from vedette_console.views.camera_picture_tab import PictureTab
from vedette_console.views.camera_privacy_tab import PrivacyTab
from vedette_console.views.camera_recording_tab import RecordingTab
from vedette_console.views.camera_streams_tab import StreamsTab
from vedette_console.widgets.confirm import ask_yes


class GeneralTab(QWidget):
    """Name, credentials and enabled; deleting the camera. Signals: ``saved(Camera)``,
    ``deleted(camera_id)``."""

    saved = Signal(object)
    deleted = Signal(int)

    def __init__(
        self, session: Session, camera: cameras_pb2.Camera, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.camera = camera
        self.name = QLineEdit(camera.name)
        self.name.setMaxLength(100)
        keep = self.tr("leave empty to keep")
        self.user = QLineEdit()
        self.user.setPlaceholderText(keep)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(keep)
        self.enabled = QCheckBox(self.tr("Recorded (enabled)"))
        self.enabled.setChecked(camera.enabled)
        if camera.HasField("onvif"):
            source = self.tr("ONVIF at {address}:{port}").format(
                address=camera.onvif.address, port=camera.onvif.port
            )
        else:
            source = camera.main_url
        source_label = QLabel(source)
        source_label.setObjectName("muted")
        stored = QLabel(
            self.tr("Credentials are stored") if camera.has_credentials else self.tr("None stored")
        )
        stored.setObjectName("muted")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Delete camera…"))
        self.delete_button.setToolTip(self.tr("Remove the camera and delete its recordings"))
        self.delete_button.clicked.connect(self.ask_delete)
        #: The open "delete?" question (tests answer it).
        self.confirm: QMessageBox | None = None
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Camera"), source_label)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Camera user"), self.user)
        form.addRow(self.tr("Camera password"), self.password)
        form.addRow("", stored)
        form.addRow("", self.enabled)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        form.addRow(row)
        for edit in (self.name, self.user, self.password):
            edit.textChanged.connect(self._update)
        self.enabled.toggled.connect(self._update)
        self._update()

    def changes(self) -> ops.CameraChanges:
        name = self.name.text().strip()
        return ops.CameraChanges(
            name=name if name and name != self.camera.name else None,
            camera_user=self.user.text().strip() or None,
            camera_password=self.password.text() or None,
            enabled=self.enabled.isChecked()
            if self.enabled.isChecked() != self.camera.enabled
            else None,
        )

    def save(self) -> None:
        if not self.name.text().strip():
            self._say(self.tr("The camera needs a name"), ok=False)
            return
        changes = self.changes()
        if not changes.any():
            return
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"), ok=None)
        op = ops.update_camera_op(self.camera.id, changes, parent=self)
        op.success(self._saved)
        op.failure(self._failed)
        op.run(self.session)

    def ask_delete(self) -> None:
        self.confirm = ask_yes(
            self,
            self.tr("Delete camera"),
            self.tr(
                "Delete “{name}” and all its recordings? This cannot be undone. "
                "(The server refuses while a recording of it is locked.)"
            ).format(name=self.camera.name),
            self.delete,
            on_closed=self._forget_confirm,
            icon=QMessageBox.Icon.Warning,
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def delete(self) -> None:
        self.delete_button.setEnabled(False)
        self._say(self.tr("Deleting…"), ok=None)
        op = ops.delete_camera_op(self.camera.id, parent=self)
        op.success(lambda _: self.deleted.emit(self.camera.id))
        op.failure(self._delete_failed)
        op.run(self.session)

    def _delete_failed(self, error: Exception) -> None:
        self.delete_button.setEnabled(True)
        self._say(error_text(error), ok=False)

    def _saved(self, camera: cameras_pb2.Camera) -> None:
        self.camera = camera
        self.user.clear()
        self.password.clear()
        self._say(self.tr("Saved"), ok=True)
        self._update()
        self.saved.emit(camera)

    def _failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(self.changes().any() and bool(self.name.text().strip()))

    def _say(self, text: str, *, ok: bool | None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")


class CameraEditDialog(QDialog):
    """Signals: ``camera_saved(Camera)``, ``camera_deleted(camera_id)`` (then it closes)."""

    camera_saved = Signal(object)
    camera_deleted = Signal(int)

    def __init__(
        self,
        session: Session,
        camera: cameras_pb2.Camera,
        parent: QWidget | None = None,
        *,
        onvif_cameras: dict[int, str] | None = None,
    ) -> None:
        """``onvif_cameras``: the server's ONVIF cameras (id → name), for the streams'
        "apply to all"."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit camera — {name}").format(name=camera.name))
        self.resize(620, 520)
        self.general = GeneralTab(session, camera)
        self.general.saved.connect(self.camera_saved)
        self.general.deleted.connect(self._deleted)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.general, self.tr("General"))
        self.picture: PictureTab | None = None
        self.overlays: OverlaysTab | None = None
        self.streams: StreamsTab | None = None
        if camera.HasField("onvif") and camera.onvif.capabilities.imaging:
            self.picture = PictureTab(session, camera.id)
            self.overlays = OverlaysTab(session, camera.id)
            self.tabs.addTab(self.picture, self.tr("Picture"))
            self.tabs.addTab(self.overlays, self.tr("Overlays"))
            self.picture.load()
            self.overlays.load()
        if camera.HasField("onvif"):
            others = {i: n for i, n in (onvif_cameras or {}).items() if i != camera.id}
            self.streams = StreamsTab(session, camera.id, others)
            self.tabs.addTab(self.streams, self.tr("Streams"))
            self.streams.load()
        self.motion = MotionTab(session, camera.id)
        self.tabs.addTab(self.motion, self.tr("Motion"))
        self.motion.load()
        self.recording = RecordingTab(session, camera.id)
        self.tabs.addTab(self.recording, self.tr("Recording"))
        self.recording.load()
        self.privacy = PrivacyTab(session, camera)
        self.privacy.saved.connect(self.camera_saved)
        self.tabs.addTab(self.privacy, self.tr("Privacy"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _deleted(self, camera_id: int) -> None:
        self.camera_deleted.emit(camera_id)
        self.close()
