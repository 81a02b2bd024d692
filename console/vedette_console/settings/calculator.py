"""The storage calculator (DISK-06, the manual's Annex B): how much disk recording
takes — bitrate × hours a day × days × channels, with the 10 % lost to formatting —
for the same figures on every channel or camera by camera (each camera's measured
bitrate, which the operator may override), and how many days fit on the volumes
this server has now (their capacity less their group's reserve). The arithmetic is
``storage_math``."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2
from vedette_console.alarm_admin.tables import make_item, make_table
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import storage as ops
from vedette_console.operations.storage import StorageSnapshot
from vedette_console.session import Session
from vedette_console.settings import storage_math as math
from vedette_console.settings.cameras import measured_kbps
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.units import size_text

_OVERRIDE_COLUMN = 2
_HOURS_COLUMN = 3
#: The bitrate assumed for a channel until the operator says (a 1080p H.264 stream).
DEFAULT_KBPS = 4096
MAX_KBPS = 1_000_000


def usable_bytes(snapshot: StorageSnapshot) -> float | None:
    """The volumes' capacity less their disk group's reserve (``None``: not known)."""
    if snapshot.volumes is None:
        return None
    reserve = {g.id: g.reserve_bytes for g in snapshot.groups or []}
    return float(
        sum(max(0, v.capacity_bytes - reserve.get(v.disk_group, 0)) for v in snapshot.volumes)
    )


def _spin(maximum: float, value: float, suffix: str, decimals: int = 0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, maximum)
    spin.setDecimals(decimals)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class CalculatorPage(SettingsPage):
    group: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Storage")
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Storage calculator")
    areas: ClassVar[tuple[int, ...]] = (accounts_pb2.AREA_DISKS, accounts_pb2.AREA_CAMERAS)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.snapshot = StorageSnapshot(None, None, None)
        self.uniform_button = QRadioButton(tr("The same for every channel"))
        self.per_camera_button = QRadioButton(tr("Camera by camera"))
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.uniform_button)
        self.mode.addButton(self.per_camera_button)
        self.uniform_button.setChecked(True)
        self.channels = QSpinBox()
        self.channels.setRange(0, 1024)
        self.channels.setValue(16)
        self.bitrate = _spin(MAX_KBPS, DEFAULT_KBPS, tr(" kbit/s"))
        self.hours = _spin(24, 24, tr(" h/day"), 1)
        self.uniform = QWidget()
        uniform_form = QFormLayout(self.uniform)
        uniform_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        uniform_form.addRow(tr("Channels"), self.channels)
        uniform_form.addRow(tr("Bitrate per channel"), self.bitrate)
        uniform_form.addRow(tr("Recording"), self.hours)
        self.table = make_table(
            [tr("Camera"), tr("Measured"), tr("Bitrate used (kbit/s)"), tr("Hours a day")]
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.uniform)
        self.pages.addWidget(self.table)
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(30)
        self.days.setSuffix(tr(" days"))
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setObjectName("result")
        font = self.result.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.result.setFont(font)
        note = QLabel(
            tr(
                "Disk needed = bitrate × hours a day × days × channels, plus the 10 % of a "
                "disk's size lost to formatting. Measured bitrates are the server's, over the "
                "last few seconds; change a camera's figure to try another."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.uniform_button)
        mode_row.addWidget(self.per_camera_button)
        mode_row.addStretch(1)
        days_row = QHBoxLayout()
        days_row.addWidget(QLabel(tr("Keep recordings for")))
        days_row.addWidget(self.days)
        days_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(mode_row)
        layout.addWidget(self.pages)  # stretches only with the table (_mode_changed)
        layout.addLayout(days_row)
        layout.addWidget(self.result)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.box = layout
        self.uniform_button.toggled.connect(self._mode_changed)
        for spin in (self.channels, self.days):
            spin.valueChanged.connect(self.compute)
        for dspin in (self.bitrate, self.hours):
            dspin.valueChanged.connect(self.compute)
        self.table.itemChanged.connect(self.compute)
        self._mode_changed()

    def load(self) -> None:
        self.run(ops.load_storage_op(parent=self), self._loaded, working=tr("Reading…"))

    def _loaded(self, snapshot: StorageSnapshot) -> None:
        self.snapshot = snapshot
        self.say("")
        cameras = [c for c in snapshot.cameras or [] if c.enabled]
        self.table.blockSignals(True)
        self.table.setRowCount(len(cameras))
        for row, camera in enumerate(cameras):
            kbps = measured_kbps(camera)
            self.table.setItem(row, 0, make_item(camera.name, camera.id))
            self.table.setItem(row, 1, make_item(f"{kbps}" if kbps else "—"))
            self.table.setItem(row, _OVERRIDE_COLUMN, _editable(str(kbps or DEFAULT_KBPS)))
            self.table.setItem(row, _HOURS_COLUMN, _editable("24"))
        self.table.blockSignals(False)
        if cameras:
            self.channels.setValue(len(cameras))
            measured = [measured_kbps(c) for c in cameras if measured_kbps(c)]
            if measured:
                self.bitrate.setValue(round(sum(measured) / len(measured)))
        self.compute()

    def _mode_changed(self) -> None:
        uniform = self.uniform_button.isChecked()
        self.pages.setCurrentIndex(0 if uniform else 1)
        self.box.setStretch(1, 0 if uniform else 1)  # the pages
        self.box.setStretch(self.box.count() - 1, 1 if uniform else 0)  # the end
        height = self.uniform.sizeHint().height() if uniform else 16_777_215
        self.pages.setMaximumHeight(height)
        self.compute()

    def channel_list(self) -> list[math.Channel]:
        """The channels as the page says them (``ValueError`` for a bad cell)."""
        if self.uniform_button.isChecked():
            return math.uniform(self.channels.value(), self.bitrate.value(), self.hours.value())
        return [
            math.Channel(
                _number(self.table, row, _OVERRIDE_COLUMN, MAX_KBPS),
                _number(self.table, row, _HOURS_COLUMN, 24),
            )
            for row in range(self.table.rowCount())
        ]

    def compute(self) -> None:
        try:
            channels = self.channel_list()
        except ValueError as error:
            self.result.setText(tr("Check the figures: {reason}").format(reason=error))
            return
        days = self.days.value()
        lines = [
            tr("Recorded per day: {size}").format(size=size_text(math.bytes_per_day(channels))),
            tr("For {days} days: {size} of recordings, on disks of at least {disk}").format(
                days=days,
                size=size_text(math.recorded_bytes(channels, days)),
                disk=size_text(math.disk_needed(channels, days)),
            ),
        ]
        usable = usable_bytes(self.snapshot)
        if usable is not None:
            fit = math.days_that_fit(channels, usable)
            lines.append(
                tr("The current volumes ({size} usable) hold about {days} days").format(
                    size=size_text(usable), days="—" if fit is None else f"{fit:.1f}"
                )
            )
        self.result.setText("\n".join(lines))


def _editable(text: str) -> QTableWidgetItem:
    item = make_item(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
    return item


def _number(table: QTableWidget, row: int, column: int, maximum: float) -> float:
    """A cell's figure, 0 to ``maximum`` (``ValueError`` in words otherwise)."""
    item = table.item(row, column)
    text = item.text().strip().replace(",", ".") if item is not None else ""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(tr("“{text}” is not a number").format(text=text)) from None
    if not 0 <= value <= maximum:
        raise ValueError(
            tr("{value} is not between 0 and {maximum}").format(value=text, maximum=f"{maximum:g}")
        )
    return value
