"""The Storage group of the Settings window (DISK-01..04): the volumes (state,
capacity, free space, serial, oldest and newest recording, the disk's S.M.A.R.T.
health with its figures in the cell's tooltip, as ``ListVolumes`` gives them),
adding one by its path, initialising one or all, moving one to another disk group,
removing one; and the disk groups with their volumes and cameras, overwrite
and reserve. What initialising and removing do is said before, in the server's
terms (``operations.storage``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from google.protobuf.timestamp_pb2 import Timestamp
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2, alarms_pb2, storage_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import storage as ops
from vedette_console.operations.server_op import ServerOp
from vedette_console.operations.storage import StorageSnapshot
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.table_page import FedTablePage, error_label, show_error
from vedette_console.settings.units import size_text

#: The disk group numbers the server takes (1..8); it refuses a camera in a group
#: that has no volume yet, in words shown next to the form.
MAX_GROUP = 8
_STATE_WORDS = {
    storage_pb2.VOLUME_STATE_NONE: QT_TRANSLATE_NOOP("settings", "Not initialised"),
    storage_pb2.VOLUME_STATE_UNAVAILABLE: QT_TRANSLATE_NOOP("settings", "Unavailable"),
    storage_pb2.VOLUME_STATE_READ_WRITE: QT_TRANSLATE_NOOP("settings", "Recording (read-write)"),
    storage_pb2.VOLUME_STATE_FULL: QT_TRANSLATE_NOOP("settings", "Full"),
    storage_pb2.VOLUME_STATE_FOREIGN: QT_TRANSLATE_NOOP("settings", "Another server's"),
}
#: States a volume can be initialised from (the others are this server's already).
INITIALISABLE = (storage_pb2.VOLUME_STATE_NONE, storage_pb2.VOLUME_STATE_FOREIGN)
_HEALTH_WORDS = {
    storage_pb2.DISK_HEALTH_STATUS_PASSED: QT_TRANSLATE_NOOP("settings", "Passed"),
    storage_pb2.DISK_HEALTH_STATUS_FAILING: QT_TRANSLATE_NOOP("settings", "Failing"),
    storage_pb2.DISK_HEALTH_STATUS_UNAVAILABLE: QT_TRANSLATE_NOOP("settings", "Unavailable"),
}
#: The Health column of the volumes table (its tooltip: ``health_detail``).
HEALTH_COLUMN = 6


def state_text(volume: storage_pb2.Volume) -> str:
    words = tr(_STATE_WORDS.get(volume.state, QT_TRANSLATE_NOOP("settings", "Unknown")))
    return f"{words}: {volume.error}" if volume.error else words


def health_text(volume: storage_pb2.Volume) -> str:
    """The disk's verdict, with its temperature when known ("—" before the first read)."""
    if not volume.HasField("health"):
        return "—"
    health = volume.health
    words = tr(_HEALTH_WORDS.get(health.status, QT_TRANSLATE_NOOP("settings", "Unknown")))
    if health.HasField("temperature_celsius"):
        return tr("{0}, {1} °C").format(words, health.temperature_celsius)
    return words


def health_detail(volume: storage_pb2.Volume, when: Callable[[int], str]) -> str:
    """The health cell's tooltip: why, the disk, its figures and when it was read."""
    if not volume.HasField("health"):
        return tr("The disk has not been read yet.")
    health = volume.health
    lines = [health.message] if health.message else []
    if health.device:
        lines.append(" ".join(filter(None, (tr("Disk:"), health.device, health.model))))
    figures = (
        ("temperature_celsius", QT_TRANSLATE_NOOP("settings", "Temperature: {0} °C")),
        ("reallocated_sectors", QT_TRANSLATE_NOOP("settings", "Reallocated sectors: {0}")),
        ("pending_sectors", QT_TRANSLATE_NOOP("settings", "Pending sectors: {0}")),
        ("power_on_hours", QT_TRANSLATE_NOOP("settings", "Power-on hours: {0}")),
    )
    lines += [tr(text).format(getattr(health, f)) for f, text in figures if health.HasField(f)]
    if health.HasField("check_time"):
        lines.append(tr("Checked: {0}").format(when(us_from_timestamp(health.check_time))))
    return "\n".join(lines)


class _StoragePage(FedTablePage[StorageSnapshot]):
    """Reads volumes, groups and cameras; again when the feed says they changed."""

    areas: ClassVar[tuple[int, ...]] = (accounts_pb2.AREA_DISKS,)
    group: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Storage")
    kinds: ClassVar[tuple[int, ...]] = (
        alarms_pb2.RESOURCE_KIND_VOLUMES,
        alarms_pb2.RESOURCE_KIND_CAMERAS,
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.snapshot = StorageSnapshot([], [], [])

    def read(self) -> ServerOp[StorageSnapshot]:
        return ops.load_storage_op(parent=self)


class VolumesPage(_StoragePage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Volumes")
    columns: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("settings", "Path"),
        QT_TRANSLATE_NOOP("settings", "Disk group"),
        QT_TRANSLATE_NOOP("settings", "State"),
        QT_TRANSLATE_NOOP("settings", "Capacity"),
        QT_TRANSLATE_NOOP("settings", "Free"),
        QT_TRANSLATE_NOOP("settings", "Serial"),
        QT_TRANSLATE_NOOP("settings", "Health"),
        QT_TRANSLATE_NOOP("settings", "Oldest recording"),
        QT_TRANSLATE_NOOP("settings", "Newest recording"),
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.display = session.settings.display
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("Folder on the server, e.g. /media/disk2"))
        self.add_group = QSpinBox()
        self.add_group.setRange(1, MAX_GROUP)
        self.add_button = QPushButton(tr("Add volume"))
        self.add_button.clicked.connect(self.add)
        self.path.returnPressed.connect(self.add)
        self.path_error = error_label()
        self.init_button = QPushButton(tr("Initialise…"))
        self.init_button.clicked.connect(self.ask_initialise)
        self.init_all_button = QPushButton(tr("Initialise all…"))
        self.init_all_button.clicked.connect(self.ask_initialise_all)
        self.move_group = QSpinBox()
        self.move_group.setRange(1, MAX_GROUP)
        self.move_group.setPrefix(tr("Group "))
        self.move_button = QPushButton(tr("Move to group"))
        self.move_button.clicked.connect(self.move_to_group)
        self.remove_button = QPushButton(tr("Remove…"))
        self.remove_button.clicked.connect(self.ask_remove)
        self.progress = QProgressBar()
        self.progress.hide()
        self.controls = [
            self.path,
            self.add_group,
            self.add_button,
            self.init_button,
            self.init_all_button,
            self.move_group,
            self.move_button,
            self.remove_button,
        ]
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(tr("New volume")))
        add_row.addWidget(self.path, 1)
        add_row.addWidget(QLabel(tr("in disk group")))
        add_row.addWidget(self.add_group)
        add_row.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.init_button)
        actions.addWidget(self.init_all_button)
        actions.addSpacing(16)
        actions.addWidget(self.move_group)
        actions.addWidget(self.move_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(add_row)
        layout.addWidget(self.path_error)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.update_controls()

    # -- showing -------------------------------------------------------------------------

    def volumes(self) -> list[storage_pb2.Volume]:
        return self.snapshot.volumes or []

    def volume(self, volume_id: int) -> storage_pb2.Volume | None:
        return next((v for v in self.volumes() if v.id == volume_id), None)

    def _when(self, stamp: Timestamp, known: bool) -> str:
        if not known:
            return "—"
        return self.display.date_time(us_from_timestamp(stamp), seconds=False)

    def present(self, snapshot: StorageSnapshot) -> None:
        self.snapshot = snapshot
        if snapshot.volumes is None:
            self.say(tr("You have no right to see the volumes."))
            return
        self.fill([(v.id, self.volume_cells(v)) for v in snapshot.volumes])
        for row, volume in enumerate(snapshot.volumes):
            cell = self.table.item(row, HEALTH_COLUMN)
            if cell is not None:
                cell.setToolTip(health_detail(volume, self.display.date_time))
        self.update_controls()

    def volume_cells(self, volume: storage_pb2.Volume) -> list[str]:
        """A volume's row, as ``ListVolumes`` gives it ("—" for what it does not)."""
        available = volume.capacity_bytes > 0
        return [
            volume.path,
            str(volume.disk_group),
            state_text(volume),
            size_text(volume.capacity_bytes) if available else "—",
            size_text(volume.free_bytes) if available else "—",
            volume.serial or "—",
            health_text(volume),
            self._when(volume.oldest_recording_time, volume.HasField("oldest_recording_time")),
            self._when(volume.newest_recording_time, volume.HasField("newest_recording_time")),
        ]

    #: Select the volume ``volume_id`` (tests).
    select_volume = FedTablePage.select_id

    def update_controls(self) -> None:
        if self.busy:
            return
        volume = self.volume(self.selected_id())
        self.init_button.setEnabled(volume is not None and volume.state in INITIALISABLE)
        self.init_all_button.setEnabled(any(v.state in INITIALISABLE for v in self.volumes()))
        self.move_button.setEnabled(volume is not None)
        self.move_group.setEnabled(volume is not None)
        self.remove_button.setEnabled(volume is not None)

    # -- adding --------------------------------------------------------------------------

    def add(self) -> None:
        path = self.path.text().strip()
        if not path:
            show_error(self.path_error, tr("Enter the folder's absolute path on the server."))
            return
        show_error(self.path_error, "")
        self.run(
            ops.add_volume_op(path, self.add_group.value(), parent=self),
            self._added,
            working=tr("Adding {path}…").format(path=path),
            on_error=lambda error: self.refused(self.path_error, error),
        )

    def _added(self, volume: storage_pb2.Volume) -> None:
        self.path.clear()
        self.say(
            tr("Volume {path} added: {state}. Initialise it to record on it.").format(
                path=volume.path, state=state_text(volume)
            )
        )
        self.refresher.refresh()

    # -- initialising --------------------------------------------------------------------

    def ask_initialise(self) -> None:
        volume = self.volume(self.selected_id())
        if volume is None:
            return
        if volume.state == storage_pb2.VOLUME_STATE_FOREIGN:
            text = tr(
                "Take over the volume {path}? Another server initialised it. That server's "
                "recordings on it are moved aside on the disk and can no longer be played "
                "back, from this server or from that one. (Nothing is deleted from the disk.)"
            ).format(path=volume.path)
        else:
            text = tr(
                "Initialise the volume {path}? Vedette writes its marker there and records on "
                "it from now on; files already in the folder are not touched."
            ).format(path=volume.path)
        self.ask(tr("Initialise volume"), text, lambda: self.initialise([volume]))

    def ask_initialise_all(self) -> None:
        todo = [v for v in self.volumes() if v.state in INITIALISABLE]
        if not todo:
            return
        foreign = [v.path for v in todo if v.state == storage_pb2.VOLUME_STATE_FOREIGN]
        text = count_text(
            "settings",
            len(todo),
            "Initialise {count} volume? Vedette records on it from now on.",
            "Initialise {count} volumes? Vedette records on them from now on.",
        )
        if foreign:
            text += " " + tr(
                "Another server initialised {paths}: its recordings there are moved aside on "
                "the disk and can no longer be played back. (Nothing is deleted from the disk.)"
            ).format(paths=", ".join(foreign))
        self.ask(tr("Initialise all volumes"), text, lambda: self.initialise(todo))

    def initialise(self, volumes: list[storage_pb2.Volume]) -> None:
        """Initialise ``volumes`` one after the other, the progress shown."""
        self.progress.setRange(0, len(volumes))
        self.progress.setValue(0)
        self.progress.show()
        self._initialise_next(list(volumes), len(volumes), [])

    def _initialise_next(
        self, todo: list[storage_pb2.Volume], total: int, failed: list[str]
    ) -> None:
        if not todo:
            self.progress.hide()
            self.refresher.refresh()
            if failed:
                self.say(tr("Not initialised: {errors}").format(errors="; ".join(failed)))
            else:
                self.say(
                    count_text(
                        "settings",
                        total,
                        "{count} volume initialised",
                        "{count} volumes initialised",
                    )
                )
            return
        volume = todo.pop(0)
        done = total - len(todo) - 1

        def next_one(_result: object = None) -> None:
            self.progress.setValue(done + 1)
            self._initialise_next(todo, total, failed)

        def refused(error: Exception) -> None:
            failed.append(f"{volume.path}: {error_text(error)}")
            next_one()

        op = ops.initialize_volume_op(
            volume.id, force=volume.state == storage_pb2.VOLUME_STATE_FOREIGN, parent=self
        )
        working = tr("Initialising {path} ({done} of {total})…").format(
            path=volume.path, done=done + 1, total=total
        )
        self.run(op, next_one, working=working, on_error=refused)

    # -- group and removal ---------------------------------------------------------------

    def move_to_group(self) -> None:
        volume = self.volume(self.selected_id())
        if volume is None:
            return
        group = self.move_group.value()
        self.run(
            ops.set_volume_group_op(volume.id, group, parent=self),
            lambda moved: self.changed(
                tr("{path} is in disk group {group}").format(
                    path=moved.path, group=moved.disk_group
                )
            ),
            working=tr("Moving…"),
        )

    def ask_remove(self) -> None:
        volume = self.volume(self.selected_id())
        if volume is None:
            return
        text = tr(
            "Remove the volume {path}? This server forgets it and its recordings: they are "
            "no longer listed or played back (their files stay on the disk). The server "
            "refuses while the volume is recording: move it to an empty disk group first."
        ).format(path=volume.path)
        self.ask(tr("Remove volume"), text, lambda: self.remove(volume))

    def remove(self, volume: storage_pb2.Volume) -> None:
        self.run(
            ops.remove_volume_op(volume.id, parent=self),
            lambda _: self.changed(tr("Volume {path} removed").format(path=volume.path)),
            working=tr("Removing…"),
        )


class DiskGroupsPage(_StoragePage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Disk groups")
    columns: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("settings", "Group"),
        QT_TRANSLATE_NOOP("settings", "Name"),
        QT_TRANSLATE_NOOP("settings", "When full"),
        QT_TRANSLATE_NOOP("settings", "Reserve"),
        QT_TRANSLATE_NOOP("settings", "Volumes"),
        QT_TRANSLATE_NOOP("settings", "Cameras"),
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.table.itemSelectionChanged.connect(self._fill_form)
        #: The group the form shows (its fields are refilled only when it changes).
        self._form_id = 0
        self.name = QLineEdit()
        self.name.setMaxLength(64)
        self.name_error = error_label()
        self.overwrite = QCheckBox(tr("Overwrite the oldest recordings when a volume is full"))
        self.reserve = QDoubleSpinBox()
        self.reserve.setRange(0, 100_000)
        self.reserve.setDecimals(1)
        self.reserve.setSuffix(tr(" GB"))
        self.reserve.setToolTip(tr("Free space kept on each of the group's volumes"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.controls = [self.name, self.overwrite, self.reserve, self.save_button]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.name.setMinimumWidth(320)
        form.addRow(tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow("", self.overwrite)
        form.addRow(tr("Reserve"), self.reserve)
        hint = QLabel(
            tr(
                "A camera records only to its group's volumes. Put a camera in a group on "
                "the Cameras page, a volume on the Volumes page."
            )
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.update_controls()

    def groups(self) -> list[storage_pb2.DiskGroup]:
        return self.snapshot.groups or []

    def disk_group(self, group_id: int) -> storage_pb2.DiskGroup | None:
        return next((g for g in self.groups() if g.id == group_id), None)

    def present(self, snapshot: StorageSnapshot) -> None:
        self.snapshot = snapshot
        if snapshot.groups is None:
            self.say(tr("You have no right to see the disk groups."))
            return
        paths = {v.id: v.path for v in snapshot.volumes or []}
        cameras = {c.id: c.name for c in snapshot.cameras or []}
        rows = [
            (
                group.id,
                [
                    str(group.id),
                    group.name,
                    tr("Overwrite the oldest") if group.overwrite else tr("Stop recording"),
                    size_text(group.reserve_bytes),
                    "\n".join(paths.get(i, f"#{i}") for i in group.volume_ids) or "—",
                    ", ".join(cameras.get(i, f"#{i}") for i in group.camera_ids) or "—",
                ],
            )
            for group in snapshot.groups
        ]
        self.fill(rows)
        self.table.resizeRowsToContents()
        if self.selected_id() != self._form_id:  # the form shows another group now
            self._fill_form()
        self.update_controls()

    def _fill_form(self) -> None:
        group = self.disk_group(self.selected_id())
        self._form_id = group.id if group is not None else 0
        if group is not None:
            self.name.setText(group.name)
            self.overwrite.setChecked(group.overwrite)
            self.reserve.setValue(group.reserve_bytes / 1e9)
        show_error(self.name_error, "")
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        chosen = self.disk_group(self.selected_id()) is not None
        for widget in self.controls:
            widget.setEnabled(chosen)

    def save(self) -> None:
        group = self.disk_group(self.selected_id())
        if group is None:
            return
        show_error(self.name_error, "")
        self.run(
            ops.update_disk_group_op(
                group.id,
                name=self.name.text().strip(),
                overwrite=self.overwrite.isChecked(),
                reserve_bytes=round(self.reserve.value() * 1e9),
                parent=self,
            ),
            lambda saved: self.changed(tr("Disk group {group} saved").format(group=saved.id)),
            working=tr("Saving…"),
            on_error=lambda error: self.refused(self.name_error, error),
        )
