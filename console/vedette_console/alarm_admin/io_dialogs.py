"""The I/O editor's dialogs: a device (a Modbus TCP box's address and counts, or a
virtual device's counts) and a point (name, camera, NO/NC, debounce, schedule, an
output's pulse time or "manual"). They only gather values; the page sends them and
shows the server's refusal."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import cameras_pb2, io_pb2, recording_pb2
from vedette_console.alarm_admin.pickers import combo_id, id_combo, tr


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class DeviceDialog(QDialog):
    """A new device (``device`` None) of ``kind``, or an existing one's name and
    address."""

    def __init__(
        self,
        kind: int,
        device: io_pb2.IoDevice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        modbus = device.modbus if device is not None else io_pb2.ModbusAddress(port=502, unit_id=1)
        virtual = device.virtual if device is not None else io_pb2.VirtualAddress()
        new = device is None
        if kind == io_pb2.IO_DEVICE_KIND_MODBUS:
            self.setWindowTitle(tr("Modbus TCP I/O box") if new else tr("Edit I/O box"))
        elif kind == io_pb2.IO_DEVICE_KIND_ONVIF:
            self.setWindowTitle(tr("Camera relays"))
        else:
            self.setWindowTitle(tr("Virtual I/O device"))
        self.name = QLineEdit(device.name if device is not None else "")
        self.name.setMaxLength(48)
        self.name.setPlaceholderText(tr("Empty: named after its address"))
        self.host = QLineEdit(modbus.host)
        self.host.setPlaceholderText(tr("Host name or IP address"))
        self.port = _spin(1, 65535, modbus.port or 502)
        self.unit = _spin(0, 255, modbus.unit_id)
        modbus_kind = kind == io_pb2.IO_DEVICE_KIND_MODBUS
        inputs = modbus.input_count if modbus_kind else virtual.input_count
        outputs = modbus.output_count if modbus_kind else virtual.output_count
        self.inputs = _spin(0, 64, inputs if not new else (12 if modbus_kind else 8))
        self.outputs = _spin(0, 64, outputs if not new else (6 if modbus_kind else 4))
        self.input_base = _spin(0, 65535, modbus.input_base)
        self.output_base = _spin(0, 65535, modbus.output_base)
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        if modbus_kind:
            form.addRow(tr("Host"), self.host)
            form.addRow(tr("Port"), self.port)
            form.addRow(tr("Unit id"), self.unit)
        if kind != io_pb2.IO_DEVICE_KIND_ONVIF:  # a camera's relays come from the camera
            form.addRow(tr("Inputs"), self.inputs)
            form.addRow(tr("Outputs"), self.outputs)
        if modbus_kind:
            form.addRow(tr("Address of input 0"), self.input_base)
            form.addRow(tr("Address of output 0"), self.output_base)
        if not new and not modbus_kind:  # a virtual device's counts are fixed here
            self.inputs.setEnabled(False)
            self.outputs.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def modbus(self) -> io_pb2.ModbusAddress:
        return io_pb2.ModbusAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            unit_id=self.unit.value(),
            input_count=self.inputs.value(),
            output_count=self.outputs.value(),
            input_base=self.input_base.value(),
            output_base=self.output_base.value(),
        )


class RelaysDialog(QDialog):
    """A camera added over ONVIF whose relay outputs become a device."""

    def __init__(self, cameras: list[cameras_pb2.Camera], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Camera relays"))
        self.camera = QComboBox()
        for camera in cameras:
            if camera.HasField("onvif"):
                self.camera.addItem(camera.name, camera.id)
        self.name = QLineEdit()
        self.name.setMaxLength(48)
        self.name.setPlaceholderText(tr("Empty: named after the camera"))
        note = QLabel(
            tr("The server asks the camera for its relay outputs; its inputs come as its events.")
            if self.camera.count()
            else tr("No camera was added over ONVIF.")
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout()
        form.addRow(tr("Camera"), self.camera)
        form.addRow(tr("Name"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        buttons = _buttons(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(self.camera.count() > 0)
        layout.addWidget(buttons)

    def camera_id(self) -> int:
        return combo_id(self.camera)


class PointDialog(QDialog):
    """A point's settings; ``edited()`` is the point with the dialog's values."""

    def __init__(
        self,
        point: io_pb2.IoPoint,
        cameras: list[cameras_pb2.Camera],
        schedules: list[recording_pb2.Schedule],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.point = point
        output = point.kind == io_pb2.IO_POINT_KIND_OUTPUT
        self.setWindowTitle(
            (tr("Output {name}") if output else tr("Input {name}")).format(name=point.name)
        )
        self.name = QLineEdit(point.name)
        self.name.setMaxLength(64)
        self.enabled = QCheckBox(tr("Enabled"))
        self.enabled.setChecked(point.enabled)
        self.camera = id_combo(((c.id, c.name) for c in cameras), point.camera_id, tr("(none)"))
        self.schedule = id_combo(
            ((s.id, s.name) for s in schedules), point.schedule_id, tr("(always)")
        )
        self.normal = QComboBox()
        self.normal.addItem(tr("Normally open (active when closed)"), "open")
        self.normal.addItem(tr("Normally closed (active when open)"), "closed")
        self.normal.setCurrentIndex(1 if point.normal == io_pb2.IO_CONTACT_NORMALLY_CLOSED else 0)
        self.debounce = _spin(0, 60_000, point.debounce_ms)
        self.debounce.setSuffix(" ms")
        self.manual = QCheckBox(tr("Manual: stays on until switched off"))
        self.manual.setChecked(output and point.pulse_seconds == 0)
        self.pulse = QDoubleSpinBox()
        self.pulse.setRange(0.1, 86_400)
        self.pulse.setDecimals(1)
        self.pulse.setSuffix(" s")
        self.pulse.setValue(point.pulse_seconds or 5.0)
        self.pulse.setEnabled(not self.manual.isChecked())
        self.manual.toggled.connect(lambda on: self.pulse.setEnabled(not on))
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow("", self.enabled)
        form.addRow(tr("Camera"), self.camera)
        if output:
            form.addRow(tr("Allowed by schedule"), self.schedule)
            form.addRow(tr("Pulse time"), self.pulse)
            form.addRow("", self.manual)
        else:
            form.addRow(tr("Contact"), self.normal)
            form.addRow(tr("Debounce"), self.debounce)
            form.addRow(tr("Armed by schedule"), self.schedule)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def edited(self) -> io_pb2.IoPoint:
        point = io_pb2.IoPoint()
        point.CopyFrom(self.point)
        point.name = self.name.text().strip()
        point.enabled = self.enabled.isChecked()
        point.camera_id = combo_id(self.camera)
        point.schedule_id = combo_id(self.schedule)
        if point.kind == io_pb2.IO_POINT_KIND_OUTPUT:
            point.pulse_seconds = 0.0 if self.manual.isChecked() else round(self.pulse.value(), 1)
        else:
            closed = self.normal.currentData() == "closed"
            point.normal = (
                io_pb2.IO_CONTACT_NORMALLY_CLOSED if closed else io_pb2.IO_CONTACT_NORMALLY_OPEN
            )
            point.debounce_ms = self.debounce.value()
        return point
