"""The I/O editor (ALARM-01, ALARM-06, ALARM-08; the manual's 9.1 "entrées d'alarme"
and 9.4 "sorties d'alarme"): the server's I/O devices with their state (online, or
offline with the reason), the selected device's inputs and outputs with their live
state, and their settings.

Users with the alarms right add, edit, enable/disable and remove devices and edit
points; users with io_control switch outputs on, off, pulse them and test them.
States are read again when the live feed says one changed, every ``REFRESH_MS``
while the page is shown (the feed may be down), and after each command; in the
background: not the operator's activity.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import io_pb2
from vedette_console.alarm_admin.io_dialogs import DeviceDialog, PointDialog, RelaysDialog
from vedette_console.alarm_admin.page import AdminPage, tr
from vedette_console.alarm_admin.tables import make_item, make_table, row_id
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import io as ops
from vedette_console.operations.rules import AlarmRights
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes

REFRESH_MS = 2000
_STATUS = {
    io_pb2.IO_DEVICE_STATUS_STARTING: QT_TRANSLATE_NOOP("alarm_admin", "starting"),
    io_pb2.IO_DEVICE_STATUS_ONLINE: QT_TRANSLATE_NOOP("alarm_admin", "online"),
    io_pb2.IO_DEVICE_STATUS_OFFLINE: QT_TRANSLATE_NOOP("alarm_admin", "offline"),
    io_pb2.IO_DEVICE_STATUS_DISABLED: QT_TRANSLATE_NOOP("alarm_admin", "disabled"),
}


def device_address(device: io_pb2.IoDevice, cameras: dict[int, str] | None = None) -> str:
    if device.kind == io_pb2.IO_DEVICE_KIND_MODBUS:
        m = device.modbus
        return tr("Modbus {host}:{port} unit {unit}, {i} in / {o} out").format(
            host=m.host, port=m.port, unit=m.unit_id, i=m.input_count, o=m.output_count
        )
    if device.kind == io_pb2.IO_DEVICE_KIND_ONVIF:
        return tr("ONVIF relays of camera {camera}, {o} out").format(
            camera=(cameras or {}).get(device.onvif.camera_id, f"#{device.onvif.camera_id}"),
            o=len(device.onvif.relay_tokens),
        )
    v = device.virtual
    return tr("virtual, {i} in / {o} out").format(i=v.input_count, o=v.output_count)


def device_state(device: io_pb2.IoDevice) -> str:
    state = tr(_STATUS.get(device.status, "unknown"))
    if device.status == io_pb2.IO_DEVICE_STATUS_OFFLINE and device.detail:
        return tr("offline: {reason}").format(reason=device.detail)
    return state


def point_state(point: io_pb2.IoPoint) -> str:
    if not point.known:
        return tr("unknown")
    if point.kind == io_pb2.IO_POINT_KIND_OUTPUT:
        if not point.active:
            return tr("off")
        if point.HasField("until_time") and us_from_timestamp(point.until_time) > 0:
            return tr("on (pulse)")
        return tr("on")
    text = tr("active") if point.active else tr("idle")
    return text if point.armed else tr("{state}, disarmed").format(state=text)


class IoPage(AdminPage):
    def __init__(
        self, session: Session, rights: AlarmRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.rights = rights
        self.snapshot = ops.IoSnapshot([])
        #: The open question or dialog (tests answer it).
        self.confirm: QMessageBox | None = None
        self.dialog: QDialog | None = None
        self._refreshing = False

        self.devices = make_table([tr("Device"), tr("Address"), tr("State")])
        self.devices.itemSelectionChanged.connect(self._show_points)
        self.points = make_table(
            [tr("Point"), tr("Name"), tr("State"), tr("Camera"), tr("Settings"), tr("Schedule")]
        )
        self.points.itemSelectionChanged.connect(self.update_controls)
        self.points.itemDoubleClicked.connect(lambda _: self.edit_point())

        self.add_modbus_button = QPushButton(tr("Add Modbus box…"))
        self.add_modbus_button.clicked.connect(
            lambda: self.add_device(io_pb2.IO_DEVICE_KIND_MODBUS)
        )
        self.add_virtual_button = QPushButton(tr("Add virtual…"))
        self.add_virtual_button.clicked.connect(
            lambda: self.add_device(io_pb2.IO_DEVICE_KIND_VIRTUAL)
        )
        self.add_relays_button = QPushButton(tr("Add camera relays…"))
        self.add_relays_button.clicked.connect(self.add_relays)
        self.edit_device_button = QPushButton(tr("Edit…"))
        self.edit_device_button.clicked.connect(self.edit_device)
        self.enable_button = QPushButton(tr("Disable"))
        self.enable_button.clicked.connect(self.toggle_device)
        self.remove_button = QPushButton(tr("Remove…"))
        self.remove_button.clicked.connect(self.ask_remove)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.clicked.connect(self.load)
        self.edit_point_button = QPushButton(tr("Edit point…"))
        self.edit_point_button.clicked.connect(self.edit_point)
        self.on_button = QPushButton(tr("On"))
        self.on_button.clicked.connect(lambda: self.switch("on"))
        self.off_button = QPushButton(tr("Off"))
        self.off_button.clicked.connect(lambda: self.switch("off"))
        self.pulse_button = QPushButton(tr("Pulse"))
        self.pulse_button.clicked.connect(lambda: self.switch("pulse"))
        self.pulse_seconds = QDoubleSpinBox()
        self.pulse_seconds.setRange(0, 86_400)
        self.pulse_seconds.setDecimals(1)
        self.pulse_seconds.setSpecialValueText(tr("own time"))
        self.pulse_seconds.setSuffix(" s")
        self.test_button = QPushButton(tr("Test"))
        self.test_button.setToolTip(tr("A one-second pulse"))
        self.test_button.clicked.connect(lambda: self.switch("test"))

        device_buttons = QHBoxLayout()
        for button in (
            self.add_modbus_button,
            self.add_virtual_button,
            self.add_relays_button,
            self.edit_device_button,
            self.enable_button,
            self.remove_button,
        ):
            device_buttons.addWidget(button)
        device_buttons.addStretch(1)
        device_buttons.addWidget(self.refresh_button)
        point_buttons = QHBoxLayout()
        point_buttons.addWidget(self.edit_point_button)
        point_buttons.addStretch(1)
        self.output_label = QLabel(tr("Output:"))
        for widget in (
            self.output_label,
            self.on_button,
            self.off_button,
            self.pulse_button,
            self.pulse_seconds,
            self.test_button,
        ):
            point_buttons.addWidget(widget)
        devices_title = QLabel(tr("I/O devices"))
        devices_title.setObjectName("section")
        points_title = QLabel(tr("Inputs and outputs"))
        points_title.setObjectName("section")
        layout = QVBoxLayout(self)
        layout.addWidget(devices_title)
        layout.addWidget(self.devices, 2)
        layout.addLayout(device_buttons)
        layout.addWidget(points_title)
        layout.addWidget(self.points, 3)
        layout.addLayout(point_buttons)
        layout.addWidget(self.status)
        self.controls = [
            self.add_modbus_button,
            self.add_virtual_button,
            self.add_relays_button,
            self.edit_device_button,
            self.enable_button,
            self.remove_button,
            self.refresh_button,
            self.edit_point_button,
            self.on_button,
            self.off_button,
            self.pulse_button,
            self.test_button,
        ]
        for widget in (
            self.add_modbus_button,
            self.add_virtual_button,
            self.add_relays_button,
            self.edit_device_button,
        ):
            widget.setVisible(rights.configure)
        for widget in (self.enable_button, self.remove_button, self.edit_point_button):
            widget.setVisible(rights.configure)
        for widget in (
            self.output_label,
            self.on_button,
            self.off_button,
            self.pulse_button,
            self.pulse_seconds,
            self.test_button,
        ):
            widget.setVisible(rights.io_control)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._refresh_states)
        #: A state changed (the feed said so) while a read was under way: read again.
        self._stale = False
        session.feed.io.connect(self._on_io)
        self.update_controls()

    # -- reading ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def load(self) -> None:
        self.run(ops.load_io(parent=self), self._loaded, working=tr("Reading the I/O devices…"))

    def _loaded(self, snapshot: ops.IoSnapshot) -> None:
        self.snapshot = snapshot
        self._fill()
        self.say(tr("{count} I/O devices").format(count=len(snapshot.devices)))

    def _on_io(self, _state: object) -> None:
        """An input, output or device changed (the live feed): read the states now."""
        self._stale = True
        self._refresh_states()

    def _refresh_states(self) -> None:
        if self.busy or self._refreshing or not self.isVisible():
            return
        self._refreshing = True
        self._stale = False

        def done(snapshot: ops.IoSnapshot) -> None:
            self._refreshing = False
            if self._stale:
                self._refresh_states()
            if not self.busy:
                self.snapshot = ops.IoSnapshot(
                    snapshot.devices, self.snapshot.schedules, self.snapshot.cameras
                )
                self._fill()

        def failed(error: Exception) -> None:
            self._refreshing = False

        ops.load_io(parent=self, links=False).background().success(done).failure(failed).run(
            self.session
        )

    def device(self) -> io_pb2.IoDevice | None:
        rows = self.devices.selectionModel().selectedRows()
        if not rows:
            return None
        device_id = row_id(self.devices, rows[0].row())
        return next((d for d in self.snapshot.devices if d.id == device_id), None)

    def point(self) -> io_pb2.IoPoint | None:
        device = self.device()
        rows = self.points.selectionModel().selectedRows()
        if device is None or not rows:
            return None
        point_id = row_id(self.points, rows[0].row())
        return next((p for p in device.points if p.id == point_id), None)

    def select_point(self, point_id: int) -> None:
        for device_row, device in enumerate(self.snapshot.devices):
            for point in device.points:
                if point.id == point_id:
                    self.devices.selectRow(device_row)
                    for row in range(self.points.rowCount()):
                        if row_id(self.points, row) == point_id:
                            self.points.selectRow(row)
                    return

    def _fill(self) -> None:
        selected = self.device()
        point = self.point()
        cameras = {c.id: c.name for c in self.snapshot.cameras}
        self.devices.blockSignals(True)
        self.devices.setRowCount(len(self.snapshot.devices))
        for row, device in enumerate(self.snapshot.devices):
            self.devices.setItem(row, 0, make_item(device.name, device.id))
            self.devices.setItem(row, 1, make_item(device_address(device, cameras)))
            self.devices.setItem(row, 2, make_item(device_state(device)))
        self.devices.blockSignals(False)
        ids = [d.id for d in self.snapshot.devices]
        if selected is not None and selected.id in ids:
            self.devices.selectRow(ids.index(selected.id))
        elif ids and self.device() is None:
            self.devices.selectRow(0)
        self._show_points()
        if point is not None:
            self.select_point(point.id)

    def _show_points(self) -> None:
        device = self.device()
        points = list(device.points) if device is not None else []
        cameras = {c.id: c.name for c in self.snapshot.cameras}
        schedules = {s.id: s.name for s in self.snapshot.schedules}
        selected = self.points.selectionModel().selectedRows()
        keep = selected[0].row() if selected else -1
        self.points.blockSignals(True)
        self.points.setRowCount(len(points))
        for row, point in enumerate(points):
            output = point.kind == io_pb2.IO_POINT_KIND_OUTPUT
            label = (tr("out {n}") if output else tr("in {n}")).format(n=point.number)
            if output:
                settings = (
                    tr("pulse {s:g} s").format(s=point.pulse_seconds)
                    if point.pulse_seconds
                    else tr("manual")
                )
            else:
                contact = "NC" if point.normal == io_pb2.IO_CONTACT_NORMALLY_CLOSED else "NO"
                settings = tr("{contact}, debounce {ms} ms").format(
                    contact=contact, ms=point.debounce_ms
                )
            if not point.enabled:
                settings = tr("{settings}, disabled").format(settings=settings)
            camera = cameras.get(point.camera_id, f"#{point.camera_id}") if point.camera_id else ""
            schedule = (
                schedules.get(point.schedule_id, f"#{point.schedule_id}")
                if point.schedule_id
                else tr("always")
            )
            self.points.setItem(row, 0, make_item(label, point.id))
            self.points.setItem(row, 1, make_item(point.name))
            self.points.setItem(row, 2, make_item(point_state(point)))
            self.points.setItem(row, 3, make_item(camera))
            self.points.setItem(row, 4, make_item(settings))
            self.points.setItem(row, 5, make_item(schedule))
        self.points.blockSignals(False)
        if 0 <= keep < len(points):
            self.points.selectRow(keep)
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        device = self.device()
        point = self.point()
        for button in (self.edit_device_button, self.enable_button, self.remove_button):
            button.setEnabled(device is not None)
        if device is not None:
            self.enable_button.setText(tr("Disable") if device.enabled else tr("Enable"))
        self.edit_point_button.setEnabled(point is not None)
        output = point is not None and point.kind == io_pb2.IO_POINT_KIND_OUTPUT
        for button in (self.on_button, self.off_button, self.pulse_button, self.test_button):
            button.setEnabled(output)

    # -- devices ---------------------------------------------------------------------

    def add_device(self, kind: int) -> None:
        dialog = DeviceDialog(kind, None, self)
        self.dialog = dialog

        def accepted() -> None:
            name = dialog.name.text().strip()
            if kind == io_pb2.IO_DEVICE_KIND_MODBUS:
                op = ops.add_modbus_device(parent=self, name=name, address=dialog.modbus())
            else:
                op = ops.add_virtual_device(
                    parent=self,
                    name=name,
                    inputs=dialog.inputs.value(),
                    outputs=dialog.outputs.value(),
                )
            self.run(op, self._device_added, working=tr("Adding the device…"))

        dialog.accepted.connect(accepted)
        dialog.open()

    def add_relays(self) -> None:
        dialog = RelaysDialog(self.snapshot.cameras, self)
        self.dialog = dialog

        def accepted() -> None:
            op = ops.add_onvif_relays(
                parent=self, camera_id=dialog.camera_id(), name=dialog.name.text().strip()
            )
            self.run(op, self._device_added, working=tr("Asking the camera for its relays…"))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _device_added(self, device: io_pb2.IoDevice) -> None:
        self._reload_selecting(device.id, tr("Device “{name}” added").format(name=device.name))

    def _reload_selecting(self, device_id: int, done: str) -> None:
        """After a change: read the devices again (the page busy until the table shows
        the change), select ``device_id`` and say ``done``."""

        def loaded(snapshot: ops.IoSnapshot) -> None:
            self.snapshot = snapshot
            self._fill()
            ids = [d.id for d in snapshot.devices]
            if device_id in ids:
                self.devices.selectRow(ids.index(device_id))
            self.say(done)

        def failed(error: Exception) -> None:
            self.say(
                tr("{done}; the list could not be read again: {error}").format(
                    done=done, error=error_text(error)
                )
            )

        self.run(ops.load_io(parent=self), loaded, working=done, on_error=failed)

    def edit_device(self) -> None:
        device = self.device()
        if device is None:
            return
        dialog = DeviceDialog(device.kind, device, self)
        self.dialog = dialog

        def accepted() -> None:
            name = dialog.name.text().strip()
            modbus = dialog.modbus() if device.kind == io_pb2.IO_DEVICE_KIND_MODBUS else None
            op = ops.update_device(
                parent=self,
                device_id=device.id,
                name=name if name != device.name else None,
                modbus=modbus if modbus != device.modbus else None,
            )
            self.run(op, self._device_saved, working=tr("Saving the device…"))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _device_saved(self, device: io_pb2.IoDevice) -> None:
        self._reload_selecting(device.id, tr("Device “{name}” saved").format(name=device.name))

    def toggle_device(self) -> None:
        device = self.device()
        if device is None:
            return
        op = ops.update_device(parent=self, device_id=device.id, enabled=not device.enabled)
        self.run(op, self._device_saved)

    def ask_remove(self) -> None:
        device = self.device()
        if device is None:
            return

        def closed() -> None:
            self.confirm = None

        def remove() -> None:
            self.run(
                ops.remove_device(parent=self, device_id=device.id),
                lambda _: self._removed(device.name),
                working=tr("Removing the device…"),
            )

        self.confirm = ask_yes(
            self,
            tr("Remove I/O device"),
            tr(
                "Remove “{name}” and its {count} inputs and outputs? Rules that use them "
                "stop working."
            ).format(name=device.name, count=len(device.points)),
            remove,
            on_closed=closed,
        )

    def _removed(self, name: str) -> None:
        self._reload_selecting(0, tr("Device “{name}” removed").format(name=name))

    # -- points ----------------------------------------------------------------------

    def edit_point(self) -> None:
        point = self.point()
        if point is None or not self.rights.configure:
            return
        dialog = PointDialog(point, self.snapshot.cameras, self.snapshot.schedules, self)
        self.dialog = dialog

        def accepted() -> None:
            changes = ops.point_changes(point, dialog.edited())
            if changes.empty():
                self.say(tr("Nothing changed"))
                return
            op = ops.update_point(parent=self, point_id=point.id, changes=changes)
            self.run(op, self._point_saved, working=tr("Saving the point…"))

        dialog.accepted.connect(accepted)
        dialog.open()

    def _point_saved(self, point: io_pb2.IoPoint) -> None:
        self._reload_selecting(point.device_id, tr("“{name}” saved").format(name=point.name))

    def switch(self, mode: str) -> None:
        point = self.point()
        if point is None or point.kind != io_pb2.IO_POINT_KIND_OUTPUT:
            return
        seconds = self.pulse_seconds.value() if mode == "pulse" else 0.0
        op = ops.set_output(parent=self, point_id=point.id, mode=mode, seconds=seconds)
        self.run(op, self._switched, working=tr("Switching the output…"))

    def _switched(self, state: io_pb2.IoOutputState) -> None:
        self.say(
            (tr("“{name}” is on") if state.on else tr("“{name}” is off")).format(name=state.name)
        )
        self._refresh_states()
