"""Backup (EXP-01..06): the backup dialog (time range or a selection, format,
destination) and the backup-status panel (progress, pause, resume, delete, verify).

"This computer" exports are staged on the server and downloaded here when done;
"server folder" exports are written under one of the server's export roots.
Verification checks the signed manifest against the signed-in server's key
(``vedette_console.export_check``) off the UI thread, on files this machine can
read: the "Check" column says authentic, unknown signer or NOT authentic, and the
message names the signer's key and whether it is this server's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.client_export import FINISHED, FORMATS
from vedette_api.v1 import cameras_pb2, export_pb2
from vedette_console.export_check import ExportCheck, check_export
from vedette_console.session import Session

S = 1_000_000
_STATE = {
    export_pb2.EXPORT_TASK_STATE_QUEUED: "queued",
    export_pb2.EXPORT_TASK_STATE_RUNNING: "running",
    export_pb2.EXPORT_TASK_STATE_PAUSED: "paused",
    export_pb2.EXPORT_TASK_STATE_DONE: "done",
    export_pb2.EXPORT_TASK_STATE_FAILED: "failed",
    export_pb2.EXPORT_TASK_STATE_CANCELLED: "cancelled",
}
_FORMAT_NAMES = {value: name for name, value in FORMATS.items()}
ROLE_ID = Qt.ItemDataRole.UserRole


def default_download_folder() -> Path:
    return Path.home() / "Vedette exports"


class BackupRequest:
    def __init__(
        self,
        items: list[tuple[int, int, int]],
        export_format: str,
        root: str,
        subdir: str,
        download_to: Path | None,
    ) -> None:
        self.items, self.export_format = items, export_format
        self.root, self.subdir, self.download_to = root, subdir, download_to


class BackupDialog(QDialog):
    def __init__(
        self,
        cameras: dict[int, cameras_pb2.Camera],
        roots: list[export_pb2.ExportRoot],
        items: list[tuple[int, int, int]] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Back up recordings")
        self.setMinimumWidth(520)
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        chosen = {camera for camera, _, _ in items or []}
        for camera in cameras.values():
            item = QListWidgetItem(camera.name)
            item.setData(ROLE_ID, camera.id)
            self.cameras.addItem(item)
            item.setSelected(camera.id in chosen)
        now = QDateTime.currentDateTime()
        if items:
            start = QDateTime.fromMSecsSinceEpoch(min(s for _, s, _ in items) // 1000)
            end = QDateTime.fromMSecsSinceEpoch(max(e for _, _, e in items) // 1000)
        else:
            start, end = now.addSecs(-600), now
        self.start, self.end = QDateTimeEdit(start), QDateTimeEdit(end)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.format = QComboBox()
        for name, label in (
            ("mp4", "MP4 (any player)"),
            ("avi", "AVI"),
            ("mkv", "MKV"),
            ("native", "Native (every stream, offline player)"),
        ):
            self.format.addItem(label, name)
        self.to_server = QRadioButton("Server folder")
        self.to_here = QRadioButton("This computer")
        group = QButtonGroup(self)
        group.addButton(self.to_server)
        group.addButton(self.to_here)
        self.root = QComboBox()
        for root in roots:
            free = f" ({root.free_bytes / 1e9:.1f} GB free)" if root.free_bytes else ""
            self.root.addItem(f"{root.name} — {root.path}{free}", root.name)
        self.subdir = QLineEdit()
        self.subdir.setPlaceholderText("sub-folder (optional), e.g. case-2041")
        self.folder = QLineEdit(str(default_download_folder()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        (self.to_server if roots else self.to_here).setChecked(True)
        self.to_server.setEnabled(bool(roots))
        form = QFormLayout()
        form.addRow("Cameras", self.cameras)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Format", self.format)
        form.addRow("Destination", self.to_server)
        form.addRow("", self.root)
        form.addRow("", self.subdir)
        form.addRow("", self.to_here)
        form.addRow("", folder_row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #ff8f80;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start backup")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Backup folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def request(self) -> BackupRequest | None:
        ids = [int(item.data(ROLE_ID)) for item in self.cameras.selectedItems()]
        start = self.start.dateTime().toMSecsSinceEpoch() * 1000
        end = self.end.dateTime().toMSecsSinceEpoch() * 1000
        if not ids:
            self.error.setText("Choose at least one camera.")
            return None
        if end <= start:
            self.error.setText("The end must be after the start.")
            return None
        here = self.to_here.isChecked()
        return BackupRequest(
            [(camera, start, end) for camera in ids],
            str(self.format.currentData()),
            "" if here else str(self.root.currentData() or ""),
            "" if here else self.subdir.text().strip(),
            Path(self.folder.text()).expanduser() if here else None,
        )

    def _check(self) -> None:
        if self.request() is not None:
            self.accept()


class BackupView(QWidget):
    """The backup-status panel."""

    verified = Signal(object, object)

    def __init__(
        self, session: Session, notify: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.notify = session, notify
        self.cameras: dict[int, cameras_pb2.Camera] = {}
        self.roots: list[export_pb2.ExportRoot] = []
        self.tasks: dict[int, export_pb2.ExportTaskInfo] = {}
        #: Task id → local folder, for "this computer" backups not downloaded yet.
        self.downloads: dict[int, Path] = {}
        #: Task id → where its files are on this machine (downloaded, or a local root).
        self.local: dict[int, Path] = {}
        self.checks: dict[int, ExportCheck] = {}
        self.table = QTreeWidget()
        self.table.setHeaderLabels(
            [
                "#",
                "State",
                "Format",
                "Cameras",
                "Range",
                "Destination",
                "Progress",
                "ETA",
                "Verified",
            ]
        )
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.bars: dict[int, QProgressBar] = {}
        buttons = QHBoxLayout()
        for text, action in (
            ("New backup…", lambda: self.open_dialog(None)),
            ("Pause", lambda: self._act("pause")),
            ("Resume", lambda: self._act("resume")),
            ("Cancel", lambda: self._act("cancel")),
            ("Delete", lambda: self._act("delete")),
            ("Verify", self.verify_selected),
            ("Verify a file…", self._verify_file),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("Backup status")
        title.setObjectName("section")
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)

    def set_session(self, session: Session) -> None:
        """Work on another server: its export tasks and roots."""
        self.session = session
        self.tasks, self.roots = {}, []
        self.table.clear()
        self.signed_in()

    def signed_in(self) -> None:
        self.session.call(lambda c: c.list_export_roots(), self._set_roots, owner=self)
        self.refresh()
        self.timer.start()

    def _set_roots(self, roots: list[export_pb2.ExportRoot]) -> None:
        self.roots = roots
        self.local_roots = {r.name: Path(r.path) for r in roots if Path(r.path).is_dir()}

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.cameras = {c.id: c for c in cameras}

    def activate(self) -> None:
        self.refresh()

    # -- creating ----------------------------------------------------------------------------

    def open_dialog(self, items: list[tuple[int, int, int]] | None) -> BackupDialog:
        dialog = BackupDialog(self.cameras, self.roots, items, self)
        dialog.accepted.connect(lambda: self.start_backup(dialog.request()))
        dialog.open()
        return dialog

    def start_backup(self, request: BackupRequest | None) -> None:
        if request is None:
            return

        def work(c: Client) -> export_pb2.ExportTaskInfo:
            return c.create_export_task(
                items=request.items,
                export_format=request.export_format,
                root=request.root,
                subdir=request.subdir,
            )

        def created(task: export_pb2.ExportTaskInfo) -> None:
            if request.download_to is not None:
                self.downloads[task.id] = request.download_to / f"backup-{task.id}"
            self.notify(f"Backup {task.id} started")
            self._show([*self.tasks.values(), task])
            self.refresh()

        self.session.call(work, created, lambda e: self.notify(f"Backup: {e}"), owner=self)

    # -- status ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.session.call(lambda c: c.list_export_tasks(), self._show, owner=self)

    def _show(self, tasks: list[export_pb2.ExportTaskInfo]) -> None:
        selected = self.selected_id()
        self.tasks = {t.id: t for t in tasks}
        self.table.clear()
        self.bars.clear()
        running = 0
        for task in sorted(tasks, key=lambda t: -t.id):
            state = _STATE.get(task.state, "?")
            running += task.state not in FINISHED
            cameras = ", ".join(sorted({self._name(i.camera_id) for i in task.items}))
            if task.items:
                start = min(i.start_time.ToMicroseconds() for i in task.items)
                end = max(i.end_time.ToMicroseconds() for i in task.items)
                span = (
                    f"{datetime.fromtimestamp(start / S):%d/%m %H:%M:%S} → "
                    f"{datetime.fromtimestamp(end / S):%H:%M:%S}"
                )
            else:
                span = "event/tag"
            if task.id in self.downloads or (task.id in self.local and not task.destination.root):
                where = f"this computer: {self.downloads.get(task.id) or self.local.get(task.id)}"
            elif task.destination.root:
                where = f"server: {task.folder or task.destination.root}"
            else:
                where = "server (for download)"
            checked = self.checks.get(task.id)
            check = "" if checked is None else checked.label
            eta = (
                f"{task.eta.seconds} s"
                if task.state == export_pb2.EXPORT_TASK_STATE_RUNNING
                else ""
            )
            item = QTreeWidgetItem(
                [
                    str(task.id),
                    state + (f": {task.error}" if task.error else ""),
                    _FORMAT_NAMES.get(task.format, "?"),
                    cameras,
                    span,
                    where,
                    "",
                    eta,
                    check,
                ]
            )
            item.setData(0, ROLE_ID, task.id)
            self.table.addTopLevelItem(item)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(int(task.percent * 10))
            bar.setFormat(f"{task.percent:.0f} %  {task.bytes_done / 1e6:.1f} MB")
            self.table.setItemWidget(item, 6, bar)
            self.bars[task.id] = bar
            if task.id == selected:
                self.table.setCurrentItem(item)
            if task.state == export_pb2.EXPORT_TASK_STATE_DONE and task.id in self.downloads:
                self._download(task)
        for column in (0, 1, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(6, 180)
        self.summary.setText(f"{len(tasks)} backups, {running} in progress")

    def _name(self, camera_id: int) -> str:
        camera = self.cameras.get(camera_id)
        return camera.name if camera else f"#{camera_id}"

    def selected_id(self) -> int | None:
        item = self.table.currentItem()
        return None if item is None else int(item.data(0, ROLE_ID))

    def _download(self, task: export_pb2.ExportTaskInfo) -> None:
        folder = self.downloads.pop(task.id)

        def work(c: Client) -> list[Path]:
            folder.mkdir(parents=True, exist_ok=True)
            return c.download_export(task, folder)

        def done(_: list[Path]) -> None:
            self.local[task.id] = folder
            self.notify(f"Backup {task.id} downloaded to {folder}")
            self.verify_task(task.id)

        self.session.call(work, done, lambda e: self.notify(f"Download: {e}"), owner=self)

    def _act(self, action: str) -> None:
        task_id = self.selected_id()
        if task_id is None:
            self.notify("Select a backup first")
            return
        methods = {
            "pause": "pause_export_task",
            "resume": "resume_export_task",
            "cancel": "cancel_export_task",
            "delete": "delete_export_task",
        }
        name = methods[action]
        self.session.call(
            lambda c: getattr(c, name)(task_id),
            lambda _: self.refresh(),
            lambda e: self.notify(f"{action.capitalize()}: {e}"),
            owner=self,
        )

    # -- verifying ---------------------------------------------------------------------------

    def task_path(self, task_id: int) -> Path | None:
        if task_id in self.local:
            return self.local[task_id]
        task = self.tasks.get(task_id)
        if task is not None and task.folder and Path(task.folder).exists():
            return Path(task.folder)
        return None

    def verify_selected(self) -> None:
        task_id = self.selected_id()
        if task_id is not None:
            self.verify_task(task_id)

    def verify_task(self, task_id: int) -> None:
        path = self.task_path(task_id)
        if path is None:
            self.notify(
                f"Backup {task_id}: its files are not on this computer (download or "
                "open the server folder to verify)"
            )
            return
        self.session.run_blocking(
            lambda: check_export(path, self.session.client),
            lambda checked: self._checked(task_id, checked),
            lambda e: self.notify(f"Verify: {e}"),
            owner=self,
        )

    def _checked(self, task_id: int, checked: ExportCheck) -> None:
        self.checks[task_id] = checked
        self.notify(f"Backup {task_id}: " + "; ".join(checked.details()))
        self.verified.emit(task_id, checked)
        self._show(list(self.tasks.values()))

    def _verify_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Verify an export", str(Path.home()))
        if path:
            self.verify_path(Path(path))

    def verify_path(self, path: Path) -> None:
        self.session.run_blocking(
            lambda: check_export(path, self.session.client),
            lambda checked: self.notify("; ".join(checked.details())),
            lambda e: self.notify(f"Verify: {e}"),
            owner=self,
        )
