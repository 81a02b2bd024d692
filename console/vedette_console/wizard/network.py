"""The wizard's network step (NET-04): the host's interfaces and addresses as the
server sees them, read-only: the console does not change the host's network
settings yet."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from vedette_api.v1 import system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import system as system_ops
from vedette_console.wizard.step import WizardContext, WizardStep, tr


class NetworkStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Network")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setSubTitle(tr("The network interfaces of the recorder and their addresses."))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr("Interface"), tr("Link"), tr("Addresses"), tr("MAC address")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(2, 300)
        note = QLabel(
            tr(
                "These settings are shown here, not changed: set the recorder's address, "
                "gateway and DNS on its host system for now."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.status)

    def enter(self) -> None:
        self.run(system_ops.system_info(parent=self), self._loaded, working=tr("Reading…"))

    def _loaded(self, info: system_pb2.GetSystemInfoResponse) -> None:
        self.table.setRowCount(0)
        for interface in info.interfaces:
            row = self.table.rowCount()
            self.table.insertRow(row)
            addresses = ", ".join(
                f"{a.address}/{a.prefix_length}" for a in interface.addresses if a.address
            )
            cells = [
                interface.name,
                tr("up") if interface.up else tr("down"),
                addresses or tr("none"),
                interface.mac,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.say(
            count_text(
                "StartupWizard", len(info.interfaces), "{count} interface", "{count} interfaces"
            )
            if info.interfaces
            else tr("The server lists no network interface.")
        )

    def apply(self) -> None:
        self.passed(lambda: tr("Shown (not changed)"))
