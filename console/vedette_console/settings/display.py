"""Display → Displays (SYS-04, LIVE-13, LIVE-14): what the appliance's main display
opens with (a shared view or tour), what the secondary display (``vedette-console
--spot``) shows, and which cameras the main display shows while nobody is logged
in. Only shared views and tours are offered: the server refuses the others."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.i18n import count_text
from vedette_console.operations import views as view_ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.system_form import SettingsForm, narrow

#: The server's bound (settings/model.py MAX_LOGGED_OUT_CAMERAS).
MAX_LOGGED_OUT = 64
_CHOICES = ("main_view_id", "main_tour_id", "spot_view_id", "spot_tour_id")


class DisplayPage(SettingsForm):
    group = "Display"
    title = "Displays"
    areas = (accounts_pb2.AREA_SYSTEM,)
    section = "display"

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.setup_form()
        self.choices = view_ops.DisplayChoices([], [], [])
        self.boxes: dict[str, QComboBox] = {name: QComboBox() for name in _CHOICES}
        self.cameras = QListWidget()
        self.cameras.setMinimumHeight(160)
        self.cameras.itemChanged.connect(lambda _: self._count())
        self.camera_count = QLabel()
        self.camera_count.setObjectName("muted")
        self.all_button = QPushButton(tr("Check all"))
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button = QPushButton(tr("Check none"))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())
        note = QLabel(tr("A tour runs instead of the view. Only shared ones can be shown."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        logged_out_note = QLabel(tr("Shown while nobody is logged in; none checked: no video."))
        logged_out_note.setObjectName("muted")
        logged_out_note.setWordWrap(True)

        form = QFormLayout()
        labels = {
            "main_view_id": tr("Main display: view"),
            "main_tour_id": tr("Main display: tour"),
            "spot_view_id": tr("Secondary display: view"),
            "spot_tour_id": tr("Secondary display: tour"),
        }
        for name in _CHOICES:
            form.addRow(labels[name], self.boxes[name])
            form.addRow("", self.errors.label(f"display.{name}"))
        form.addRow("", note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.camera_count, 1)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        form.addRow(tr("Logged-out cameras"), self.cameras)
        form.addRow("", buttons)
        form.addRow("", logged_out_note)
        form.addRow("", self.errors.label("display.logged_out_cameras"))
        form.addRow("", self.errors.label("display"))
        form.addRow("", self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(narrow(form))
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.save_button, self.all_button, self.none_button]

    def load(self) -> None:
        def chosen(choices: view_ops.DisplayChoices) -> None:
            self.choices = choices
            super(DisplayPage, self).load()

        op = view_ops.display_choices(parent=self)
        self.run(op, chosen, working=tr("Reading the settings…"))

    # -- the form ------------------------------------------------------------------------

    def _fill(self, name: str, current: int) -> None:
        box = self.boxes[name]
        box.clear()
        box.addItem(tr("None"), 0)
        rows = self.choices.tours if name.endswith("tour_id") else self.choices.views
        for row in rows:
            box.addItem(row.name if not row.owner else f"{row.name} ({row.owner})", row.id)
        if current and box.findData(current) < 0:
            # Kept as it is, so saving another field does not drop it.
            box.addItem(tr("#{id} (not shared or deleted)").format(id=current), current)
        box.setCurrentIndex(max(box.findData(current), 0))

    def show_section(self, settings: system_pb2.Settings) -> None:
        display = settings.display
        for name in _CHOICES:
            self._fill(name, getattr(display, name))
        checked = set(display.logged_out_cameras)
        self.cameras.blockSignals(True)
        self.cameras.clear()
        known = {camera_id for camera_id, _ in self.choices.cameras}
        listed = list(self.choices.cameras) + [(c, "") for c in sorted(checked - known)]
        for camera_id, name in listed:
            item = QListWidgetItem(name or f"#{camera_id}")
            item.setData(Qt.ItemDataRole.UserRole, camera_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = camera_id in checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.cameras.addItem(item)
        self.cameras.blockSignals(False)
        self._count()

    def logged_out_cameras(self) -> list[int]:
        """The checked cameras, in list order."""
        items = (self.cameras.item(row) for row in range(self.cameras.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def form_section(self) -> system_pb2.DisplaySettings:
        ids = {name: int(self.boxes[name].currentData() or 0) for name in _CHOICES}
        return system_pb2.DisplaySettings(logged_out_cameras=self.logged_out_cameras(), **ids)

    def _check_all(self, state: Qt.CheckState) -> None:
        self.cameras.blockSignals(True)
        for row in range(self.cameras.count()):
            self.cameras.item(row).setCheckState(state)
        self.cameras.blockSignals(False)
        self._count()

    def _count(self) -> None:
        checked = len(self.logged_out_cameras())
        self.camera_count.setText(
            count_text(
                "settings",
                checked,
                "{count} camera shown while logged out",
                "{count} cameras shown while logged out",
            )
        )
