"""System → Network (NET-01, NET-04): the host's interfaces (addresses, MAC, link and
speed) with a small live plot of the selected one's receive and send rates, read from
``GetSystemInfo`` every few seconds while the page is shown; and the server's ports
(gRPC, RTSP, anonymous RTSP), which take effect when the server restarts.

The interfaces need the system or network right, the ports the network right (the
server leaves out what the caller may not read; the page says so).
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import system as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.system_form import SettingsForm, narrow
from vedette_console.widgets.rate_plot import RatePlot

#: How often the interfaces' rates are read while the page is shown.
POLL_MS = 3000
#: Samples kept per interface: the last five minutes.
KEEP = 300_000 // POLL_MS
_COLUMNS = (
    QT_TRANSLATE_NOOP("settings", "Interface"),
    QT_TRANSLATE_NOOP("settings", "Addresses"),
    QT_TRANSLATE_NOOP("settings", "MAC"),
    QT_TRANSLATE_NOOP("settings", "Link"),
    QT_TRANSLATE_NOOP("settings", "Speed"),
)


def _speed(nic: system_pb2.NetworkInterface) -> str:
    return tr("{mbps} Mbit/s").format(mbps=nic.speed_mbps) if nic.speed_mbps > 0 else tr("unknown")


def _addresses(nic: system_pb2.NetworkInterface) -> str:
    return ", ".join(f"{a.address}/{a.prefix_length}" for a in nic.addresses)


class NetworkPage(SettingsForm):
    title = "Network"
    areas = (accounts_pb2.AREA_NETWORK, accounts_pb2.AREA_SYSTEM)
    section = "network"

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.setup_form()
        self.interfaces = QTableWidget(0, len(_COLUMNS))
        self.interfaces.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        self.interfaces.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.interfaces.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.interfaces.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.interfaces.verticalHeader().hide()
        header = self.interfaces.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.interfaces.itemSelectionChanged.connect(self._show_plot)
        self.plot = RatePlot(KEEP)
        self.plot_title = QLabel("")
        self.samples: dict[str, deque[tuple[int, float, float]]] = {}
        self._last_sample_us = 0
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.read_interfaces)
        self._reading = False

        self.server_port = QSpinBox()
        self.server_port.setRange(1, 65535)
        self.rtsp_port = QSpinBox()
        self.rtsp_port.setRange(1, 65535)
        self.rtsp_anonymous = QCheckBox(tr("RTSP clients may watch live without signing in"))
        self.restart_note = QLabel(tr("A changed port takes effect when the server restarts."))
        self.restart_note.setObjectName("muted")
        self.restart_note.setWordWrap(True)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())
        ports = QFormLayout()
        ports.addRow(tr("Server port"), self.server_port)
        ports.addRow("", self.errors.label("network.server_port"))
        ports.addRow(tr("RTSP port"), self.rtsp_port)
        ports.addRow("", self.errors.label("network.rtsp_port"))
        ports.addRow("", self.errors.label("network"))
        ports.addRow("", self.rtsp_anonymous)
        ports.addRow("", self.restart_note)
        ports.addRow("", self.save_button)
        self.ports = QGroupBox(tr("Ports"))
        QVBoxLayout(self.ports).addWidget(narrow(ports))

        status = QGroupBox(tr("Interfaces"))
        status_layout = QVBoxLayout(status)
        status_layout.addWidget(self.interfaces, 1)
        status_layout.addWidget(self.plot_title)
        status_layout.addWidget(self.plot)
        layout = QVBoxLayout(self)
        layout.addWidget(status, 1)
        layout.addWidget(self.ports)
        layout.addWidget(self.status)
        self.controls = [self.save_button]
        self.update_controls()

    # -- ports -----------------------------------------------------------------------

    def update_controls(self) -> None:
        self.save_button.setEnabled(not self.busy and self.saved is not None)

    def loaded(self, settings: system_pb2.Settings) -> None:
        if not settings.HasField("network"):
            self.saved = None
            self.ports.setEnabled(False)
            self.say(tr("Changing the ports needs the network right."))
        else:
            super().loaded(settings)
            self.ports.setEnabled(True)
            if self.restart_required:
                self.restart_note.setText(
                    tr("Saved: the new ports take effect when the server restarts.")
                )
        self.update_controls()

    def show_section(self, settings: system_pb2.Settings) -> None:
        network = settings.network
        self.server_port.setValue(network.server_port)
        self.rtsp_port.setValue(network.rtsp_port)
        self.rtsp_anonymous.setChecked(network.rtsp_anonymous)

    def form_section(self) -> system_pb2.NetworkSettings:
        return system_pb2.NetworkSettings(
            server_port=self.server_port.value(),
            rtsp_port=self.rtsp_port.value(),
            rtsp_anonymous=self.rtsp_anonymous.isChecked(),
        )

    def load(self) -> None:
        super().load()
        self.read_interfaces()

    # -- interfaces ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.poll.stop()

    def read_interfaces(self) -> None:
        """Read the interfaces and their rates once (in the background)."""
        if self._reading:
            return
        self._reading = True

        def done(info: system_pb2.GetSystemInfoResponse) -> None:
            self._reading = False
            self.show_interfaces(info)

        def failed(error: Exception) -> None:
            self._reading = False

        ops.system_info(parent=self).background().success(done).failure(failed).run(self.session)

    def show_interfaces(self, info: system_pb2.GetSystemInfoResponse) -> None:
        at_us = us_from_timestamp(info.server_time)
        if at_us > self._last_sample_us:
            self._last_sample_us = at_us
            for nic in info.interfaces:
                kept = self.samples.setdefault(nic.name, deque(maxlen=KEEP))
                kept.append((at_us, nic.rx_bps, nic.tx_bps))
        selected = self.selected_interface()
        self.interfaces.setRowCount(len(info.interfaces))
        for row, nic in enumerate(info.interfaces):
            link = tr("up") if nic.up else tr("down")
            values = (nic.name, _addresses(nic), nic.mac or "—", link, _speed(nic))
            for column, value in enumerate(values):
                self.interfaces.setItem(row, column, QTableWidgetItem(value))
        if not info.interfaces:
            self.plot_title.setText(
                tr("The interfaces are shown with the system or network right.")
            )
        names = [nic.name for nic in info.interfaces]
        if selected not in names:
            # The first interface that is up and not the loopback, else the first.
            up = [n.name for n in info.interfaces if n.up and n.name != "lo"]
            selected = (up or names or [""])[0]
        if selected:
            self.interfaces.selectRow(names.index(selected))
        self._show_plot()

    def selected_interface(self) -> str:
        rows = self.interfaces.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.interfaces.item(rows[0].row(), 0)
        return item.text() if item is not None else ""

    def _show_plot(self) -> None:
        name = self.selected_interface()
        self.plot.samples.clear()
        for sample in self.samples.get(name, ()):
            self.plot.samples.append(sample)
        self.plot.update()
        if name:
            self.plot_title.setText(
                tr("Traffic of {name} (in: blue, out: amber), last five minutes").format(name=name)
            )
