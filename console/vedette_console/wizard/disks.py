"""The wizard's disks step (DISK-01, DISK-02): the volumes the recorder has, a
folder (a mounted disk) added as a volume, and a volume initialised after a
question that says what it does."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import storage_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.widgets.confirm import ask_yes
from vedette_console.wizard.step import WizardContext, WizardStep, error_label, tr

_STATES = {
    storage_pb2.VOLUME_STATE_NONE: QT_TRANSLATE_NOOP("StartupWizard", "Not initialised"),
    storage_pb2.VOLUME_STATE_UNAVAILABLE: QT_TRANSLATE_NOOP("StartupWizard", "Unavailable"),
    storage_pb2.VOLUME_STATE_READ_WRITE: QT_TRANSLATE_NOOP("StartupWizard", "In use"),
}
#: The disk group a volume added here joins (the first one).
FIRST_GROUP = 1


def list_volumes_op(*, parent: QWidget) -> ServerOp[list[storage_pb2.Volume]]:
    return ServerOp(parent, lambda client: client.list_volumes())


def add_volume_op(path: str, *, parent: QWidget) -> ServerOp[storage_pb2.Volume]:
    return ServerOp(parent, lambda client: client.add_volume(path, disk_group=FIRST_GROUP))


def initialize_volume_op(volume_id: int, *, parent: QWidget) -> ServerOp[storage_pb2.Volume]:
    """Initialise without ``force``: a volume of another server is refused, not taken."""
    return ServerOp(parent, lambda client: client.initialize_volume(volume_id))


def _size(value: int) -> str:
    return tr("{size} GB").format(size=f"{value / 1e9:.1f}") if value else ""


class DisksStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Disks")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setSubTitle(tr("Where the recordings go: add each disk's folder, then initialise it."))
        self.volumes: list[storage_pb2.Volume] = []
        self.added = 0
        self.initialised = 0
        self.question: QWidget | None = None
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("Folder"), tr("State"), tr("Size"), tr("Free")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 320)
        self.table.setColumnWidth(1, 130)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.path = QLineEdit()
        self.path.setPlaceholderText("/mnt/disk1")
        self.path_error = error_label()
        self.add_button = QPushButton(tr("Add folder"))
        self.add_button.clicked.connect(self.add)
        self.init_button = QPushButton(tr("Initialise…"))
        self.init_button.clicked.connect(self.ask_initialise)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Folder")))
        row.addWidget(self.path, 1)
        row.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.init_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(row)
        layout.addWidget(self.path_error)
        layout.addWidget(self.status)
        self.controls += [self.table, self.path, self.add_button, self.init_button]

    def enter(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.run(list_volumes_op(parent=self), self._loaded, working=tr("Reading…"))

    def _loaded(self, volumes: list[storage_pb2.Volume]) -> None:
        self.volumes = list(volumes)
        self.table.setRowCount(0)
        for volume in self.volumes:
            row = self.table.rowCount()
            self.table.insertRow(row)
            state = _STATES.get(volume.state)
            cells = [
                volume.path,
                tr(state) if state else tr("Full or read-only"),
                _size(volume.capacity_bytes),
                _size(volume.free_bytes),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        ready = sum(v.state == storage_pb2.VOLUME_STATE_READ_WRITE for v in self.volumes)
        self.say(
            count_text(
                "StartupWizard",
                ready,
                "{count} volume ready to record",
                "{count} volumes ready to record",
            )
            if self.volumes
            else tr("No volume yet: add a disk's folder.")
        )
        self._update_buttons()

    def selected(self) -> storage_pb2.Volume | None:
        rows = self.table.selectionModel().selectedRows()
        return self.volumes[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        volume = self.selected()
        can = volume is not None and volume.state == storage_pb2.VOLUME_STATE_NONE
        self.init_button.setEnabled(can and not self.busy)

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        if enabled:
            self._update_buttons()

    def add(self) -> None:
        path = self.path.text().strip()
        if not path.startswith("/"):
            self.path_error.setText(tr("Give the folder's full path, starting with /"))
            self.path_error.setVisible(True)
            return
        op = add_volume_op(path, parent=self)
        self.run(op, self._volume_added, working=tr("Adding…"), error_at=self.path_error)

    def _volume_added(self, volume: storage_pb2.Volume) -> None:
        self.added += 1
        self.path.clear()
        self.reload()

    def ask_initialise(self) -> None:
        volume = self.selected()
        if volume is None:
            return

        def forget() -> None:
            self.question = None

        self.question = ask_yes(
            self,
            tr("Initialise volume"),
            tr(
                "Initialise {path} for recording? The recorder marks the folder as its "
                "own and starts recording into it; files already in the folder are left "
                "as they are, but the recorder may delete its oldest recordings there when "
                "the disk is full."
            ).format(path=volume.path),
            lambda: self._initialise(volume.id),
            on_closed=forget,
        )

    def _initialise(self, volume_id: int) -> None:
        op = initialize_volume_op(volume_id, parent=self)
        self.run(op, self._initialised, working=tr("Initialising…"))

    def _initialised(self, volume: storage_pb2.Volume) -> None:
        self.initialised += 1
        self.reload()

    def apply(self) -> None:
        added, initialised = self.added, self.initialised

        def outcome() -> str:
            parts = []
            if added:
                parts.append(
                    count_text(
                        "StartupWizard", added, "{count} volume added", "{count} volumes added"
                    )
                )
            if initialised:
                parts.append(
                    count_text(
                        "StartupWizard",
                        initialised,
                        "{count} volume initialised",
                        "{count} volumes initialised",
                    )
                )
            return "; ".join(parts)

        self.passed(outcome if added or initialised else None)
