"""Backup (EXP-01..06): the backup-status panel (progress, pause, resume, cancel,
delete, verify) and the dialog that starts one (``backup_dialog``).

"This computer" exports are staged on the server and downloaded here when done;
"server folder" exports are written under one of the server's export roots.
Verification checks the signed manifest against the signed-in server's key
(``vedette_console.export_check``) off the UI thread (``Background``), on files
this machine can read: the "Check" column says authentic, unknown signer or NOT
authentic, and the message names the signer's key and whether it is this server's.

The task list follows the server's change feed (a task created, paused, finished,
deleted, by anyone); progress, which the feed does not carry, is polled once a
second, in the background, only while a task runs and the panel is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client.export import FINISHED, FORMATS
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import alarms_pb2, cameras_pb2, export_pb2
from vedette_console.background import Background
from vedette_console.export_check import ExportCheck, check_export
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import exports as export_ops
from vedette_console.operations.exports import BackupItem, TaskAction
from vedette_console.session import Session
from vedette_console.views.backup_dialog import BackupDialog, BackupRequest
from vedette_console.views.server_view import follow_session

_STATE = {
    export_pb2.EXPORT_TASK_STATE_QUEUED: QT_TRANSLATE_NOOP("BackupView", "queued"),
    export_pb2.EXPORT_TASK_STATE_RUNNING: QT_TRANSLATE_NOOP("BackupView", "running"),
    export_pb2.EXPORT_TASK_STATE_PAUSED: QT_TRANSLATE_NOOP("BackupView", "paused"),
    export_pb2.EXPORT_TASK_STATE_DONE: QT_TRANSLATE_NOOP("BackupView", "done"),
    export_pb2.EXPORT_TASK_STATE_FAILED: QT_TRANSLATE_NOOP("BackupView", "failed"),
    export_pb2.EXPORT_TASK_STATE_CANCELLED: QT_TRANSLATE_NOOP("BackupView", "cancelled"),
}
#: An export check's label (``ExportCheck.label``) as the Check column shows it.
CHECK_LABELS = {
    "authentic": QT_TRANSLATE_NOOP("BackupView", "authentic"),
    "unknown signer": QT_TRANSLATE_NOOP("BackupView", "unknown signer"),
    "NOT authentic": QT_TRANSLATE_NOOP("BackupView", "NOT authentic"),
}
_FORMAT_NAMES = {value: name for name, value in FORMATS.items()}
ROLE_ID = Qt.ItemDataRole.UserRole
PROGRESS_POLL_MS = 1000


class BackupView(QWidget):
    """The backup-status panel. Signals: ``verified(task_id, ExportCheck)``."""

    verified = Signal(object, object)

    def __init__(
        self,
        session: Session,
        notify: Callable[[str], None],
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.notify = session, notify
        self.background = background or Background(self)
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
                self.tr("State"),
                self.tr("Format"),
                self.tr("Cameras"),
                self.tr("Range"),
                self.tr("Destination"),
                self.tr("Progress"),
                self.tr("ETA"),
                self.tr("Verified"),
            ]
        )
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.bars: dict[int, QProgressBar] = {}
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self._lay_out()
        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_POLL_MS)
        self.timer.timeout.connect(lambda: self.refresh(background=True))
        follow_session(None, session, changed=self._on_changed)

    def _lay_out(self) -> None:
        actions: list[tuple[str, Callable[[], None]]] = [
            (self.tr("New backup…"), lambda: self._new_backup()),
            (self.tr("Pause"), lambda: self._act("pause")),
            (self.tr("Resume"), lambda: self._act("resume")),
            (self.tr("Cancel"), lambda: self._act("cancel")),
            (self.tr("Delete"), lambda: self._act("delete")),
            (self.tr("Verify"), self.verify_selected),
            (self.tr("Verify a file…"), self._verify_file),
        ]
        buttons = QHBoxLayout()
        for text, action in actions:
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel(self.tr("Backup status"))
        title.setObjectName("section")
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    # -- the view's server ---------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Work on another server: its export tasks and roots."""
        follow_session(self.session, session, changed=self._on_changed)
        self.session = session
        self.tasks, self.roots = {}, []
        self.table.clear()
        self.signed_in()

    def signed_in(self) -> None:
        export_ops.list_export_roots(parent=self).success(self._set_roots).run(self.session)
        self.refresh()

    def _set_roots(self, roots: list[export_pb2.ExportRoot]) -> None:
        self.roots = roots

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.cameras = {c.id: c for c in cameras}

    def activate(self) -> None:
        self.refresh()

    def _on_changed(self, kind: int, ids: Any) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_EXPORT_TASKS:
            self.refresh(background=True)

    # -- creating ----------------------------------------------------------------------------

    def _new_backup(self) -> None:
        self.open_dialog(None)

    def open_dialog(self, items: list[BackupItem] | None) -> BackupDialog:
        dialog = BackupDialog(self.cameras, self.roots, items, self.session.settings.display, self)
        dialog.accepted.connect(lambda: self.start_backup(dialog.request()))
        dialog.open()
        return dialog

    def start_backup(self, request: BackupRequest | None) -> None:
        if request is None:
            return

        def created(task: export_pb2.ExportTaskInfo) -> None:
            if request.download_to is not None:
                self.downloads[task.id] = request.download_to / f"backup-{task.id}"
            self.notify(self.tr("Backup {id} started").format(id=task.id))
            self._show([*self.tasks.values(), task])
            self.refresh()

        op = export_ops.create_export_task(
            parent=self,
            items=request.items,
            export_format=request.export_format,
            root=request.root,
            subdir=request.subdir,
            burn_watermark=request.burn_watermark,
        )
        op.success(created).run(self.session)

    # -- status ------------------------------------------------------------------------------

    def refresh(self, *, background: bool = False) -> None:
        """Fetch the tasks; ``background`` when the console does it by itself."""
        op = export_ops.list_export_tasks(parent=self).success(self._show)
        (op.background() if background else op).run(self.session)

    def _show(self, tasks: list[export_pb2.ExportTaskInfo]) -> None:
        selected = self.selected_id()
        self.tasks = {t.id: t for t in tasks}
        self.table.clear()
        self.bars.clear()
        running = 0
        for task in sorted(tasks, key=lambda t: -t.id):
            running += task.state not in FINISHED
            item = QTreeWidgetItem(self._row(task))
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
        self.summary.setText(
            self.tr("{count} backups, {running} in progress").format(
                count=len(tasks), running=running
            )
        )
        # Progress is not on the feed: poll it while something runs and it is seen.
        if running and self.isVisible():
            self.timer.start()
        else:
            self.timer.stop()

    def _row(self, task: export_pb2.ExportTaskInfo) -> list[str]:
        display = self.session.settings.display
        state = self.tr(_STATE[task.state]) if task.state in _STATE else "?"
        if task.error:
            state = f"{state}: {task.error}"
        cameras = ", ".join(sorted({self._name(i.camera_id) for i in task.items}))
        if task.items:
            start = min(us_from_timestamp(i.start_time) for i in task.items)
            end = max(us_from_timestamp(i.end_time) for i in task.items)
            span = f"{display.day_month(start)} {display.time(start)} → {display.time(end)}"
        else:
            span = self.tr("event/tag")
        if task.id in self.downloads or (task.id in self.local and not task.destination.root):
            here = self.downloads.get(task.id) or self.local.get(task.id)
            where = self.tr("this computer: {folder}").format(folder=here)
        elif task.destination.root:
            where = self.tr("server: {folder}").format(folder=task.folder or task.destination.root)
        else:
            where = self.tr("server (for download)")
        checked = self.checks.get(task.id)
        check = "" if checked is None else self.tr(CHECK_LABELS[checked.label])
        eta = (
            self.tr("{seconds} s").format(seconds=task.eta.seconds)
            if task.state == export_pb2.EXPORT_TASK_STATE_RUNNING
            else ""
        )
        fmt = _FORMAT_NAMES.get(task.format, "?")
        return [str(task.id), state, fmt, cameras, span, where, "", eta, check]

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if any(t.state not in FINISHED for t in self.tasks.values()):
            self.timer.start()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def _name(self, camera_id: int) -> str:
        camera = self.cameras.get(camera_id)
        return camera.name if camera else f"#{camera_id}"

    def selected_id(self) -> int | None:
        item = self.table.currentItem()
        return None if item is None else int(item.data(0, ROLE_ID))

    def _download(self, task: export_pb2.ExportTaskInfo) -> None:
        folder = self.downloads.pop(task.id)

        def done(_: list[Path]) -> None:
            self.local[task.id] = folder
            self.notify(
                self.tr("Backup {id} downloaded to {folder}").format(id=task.id, folder=folder)
            )
            self.verify_task(task.id)

        export_ops.download_export(parent=self, task=task, folder=folder).success(done).run(
            self.session
        )

    def _act(self, action: TaskAction) -> None:
        task_id = self.selected_id()
        if task_id is None:
            self.notify(self.tr("Select a backup first"))
            return
        op = export_ops.change_export_task(parent=self, task_id=task_id, action=action)
        op.success(lambda _: self.refresh()).run(self.session)

    # -- verifying ---------------------------------------------------------------------------

    def task_path(self, task_id: int) -> Path | None:
        """Where a task's files may be on this computer (not checked here: that is
        a file-system call, made off the UI thread when verifying)."""
        if task_id in self.local:
            return self.local[task_id]
        task = self.tasks.get(task_id)
        if task is not None and task.folder:
            return Path(task.folder)
        return None

    def verify_selected(self) -> None:
        task_id = self.selected_id()
        if task_id is not None:
            self.verify_task(task_id)

    def verify_task(self, task_id: int) -> None:
        path = self.task_path(task_id)
        missing = self.tr(
            "Backup {id}: its files are not on this computer (download or open the server "
            "folder to verify)"
        ).format(id=task_id)
        if path is None:
            self.notify(missing)
            return
        client = self.session.client

        def work() -> ExportCheck:
            if not path.exists():
                raise FileNotFoundError(missing)
            return check_export(path, client)

        self.background.run(
            work,
            lambda checked: self._checked(task_id, checked),
            lambda error: self.notify(self._verify_error(error, missing)),
            owner=self,
        )

    def _verify_error(self, error: Exception, missing: str) -> str:
        if isinstance(error, FileNotFoundError):
            return missing
        return self.tr("Verify: {error}").format(error=error)

    def _checked(self, task_id: int, checked: ExportCheck) -> None:
        self.checks[task_id] = checked
        self.notify(
            self.tr("Backup {id}: {details}").format(
                id=task_id, details="; ".join(checked.details())
            )
        )
        self.verified.emit(task_id, checked)
        self._show(list(self.tasks.values()))

    def _verify_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Verify an export"), str(Path.home()))
        if path:
            self.verify_path(Path(path))

    def verify_path(self, path: Path) -> None:
        client = self.session.client
        self.background.run(
            lambda: check_export(path, client),
            lambda checked: self.notify("; ".join(checked.details())),
            lambda error: self.notify(self.tr("Verify: {error}").format(error=error)),
            owner=self,
        )
