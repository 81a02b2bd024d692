"""System → Host network (NET-05): the appliance's own Ethernet interfaces, each by
DHCP or a static address with its prefix, gateway and DNS servers, applied by the
server through NetworkManager.

Only a server that controls its host (``date_time.applied_to_host``, as the
Maintenance page learns it) has these settings; on any other the page says so and
shows no form. The form's values are checked here first, so a typing mistake is
said next to its field in the operator's language before anything is sent; the
server checks again and its refusal is shown the same way. Apply asks first: the
connection to this server drops if the address of the interface it uses changes.
"""

from __future__ import annotations

import ipaddress
import re

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.system_form import FieldErrors, narrow

#: As many DNS servers as NetworkManager's profile takes from us (InterfaceSettings).
MAX_DNS_SERVERS = 3
STATIC = system_pb2.HOST_ADDRESS_METHOD_STATIC
DHCP = system_pb2.HOST_ADDRESS_METHOD_DHCP


def dns_list(text: str) -> list[str]:
    """The DNS servers typed, separated by commas or spaces."""
    return [server for server in re.split(r"[\s,]+", text) if server]


def form_errors(method: int, address: str, gateway: str, dns: str) -> dict[str, str]:
    """What is wrong with the form's values, by the request field each concerns
    (``interface.address``...); empty when the server may be asked."""
    errors: dict[str, str] = {}
    network: ipaddress.IPv4Interface | None = None
    if method == STATIC:
        try:
            network = ipaddress.IPv4Interface(address)
        except ValueError:
            network = None
        if network is None or "/" not in address or not 1 <= network.network.prefixlen <= 30:
            errors["interface.address"] = tr(
                "Give the address with its prefix length (1 to 30), for example 192.0.2.10/24"
            )
            network = None
        elif network.ip in (network.network.network_address, network.network.broadcast_address):
            errors["interface.address"] = tr(
                "{address} is the network's own address or its broadcast address"
            ).format(address=address)
    if method == STATIC and gateway:
        try:
            router = ipaddress.IPv4Address(gateway)
        except ValueError:
            errors["interface.gateway"] = tr("{value} is not an IPv4 address").format(value=gateway)
        else:
            if network is not None and (router not in network.network or router == network.ip):
                errors["interface.gateway"] = tr(
                    "The gateway must be another address of {network}"
                ).format(network=str(network.network))
    servers = dns_list(dns)
    if len(servers) > MAX_DNS_SERVERS:
        errors["interface.dns_servers"] = tr("At most {count} DNS servers").format(
            count=MAX_DNS_SERVERS
        )
    for server in servers:
        try:
            ipaddress.IPv4Address(server)
        except ValueError:
            errors["interface.dns_servers"] = tr("{value} is not an IPv4 address").format(
                value=server
            )
    return errors


def read_host_network(client: Client) -> list[system_pb2.HostInterface] | None:
    """Blocking: the host's interfaces, or None when the server does not control its
    host (then there is nothing to read or change)."""
    if not client.get_settings().date_time.applied_to_host:
        return None
    return client.get_host_network()


class HostNetworkPage(SettingsPage):
    group = "System"
    title = "Host network"
    areas = (accounts_pb2.AREA_SYSTEM,)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.errors = FieldErrors()
        #: The interfaces as the server last reported them, by name.
        self.interfaces: dict[str, system_pb2.HostInterface] = {}
        self.not_controlled = QLabel(
            tr(
                "This server does not control the machine it runs on: its network is set "
                "on the machine itself."
            )
        )
        self.not_controlled.setWordWrap(True)
        self.not_controlled.hide()

        self.interface = QComboBox()
        self.interface.currentIndexChanged.connect(lambda _: self._show_interface())
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.method = QComboBox()
        self.method.addItem(tr("DHCP (automatic)"), DHCP)
        self.method.addItem(tr("Static address"), STATIC)
        self.method.currentIndexChanged.connect(lambda _: self._enable_static())
        self.address = QLineEdit()
        self.address.setPlaceholderText("192.0.2.10/24")
        self.gateway = QLineEdit()
        self.gateway.setPlaceholderText(tr("None"))
        self.dns = QLineEdit()
        self.dns.setPlaceholderText(tr("Those DHCP gives"))
        self.apply_button = QPushButton(tr("Apply…"))
        self.apply_button.clicked.connect(self.ask_apply)
        form = QFormLayout()
        form.addRow(tr("Interface"), self.interface)
        form.addRow("", self.errors.label("interface.name"))
        form.addRow("", self.state)
        form.addRow(tr("Address"), self.method)
        form.addRow("", self.errors.label("interface.method"))
        form.addRow(tr("Address/prefix"), self.address)
        form.addRow("", self.errors.label("interface.address"))
        form.addRow(tr("Gateway"), self.gateway)
        form.addRow("", self.errors.label("interface.gateway"))
        form.addRow(tr("DNS servers"), self.dns)
        form.addRow("", self.errors.label("interface.dns_servers"))
        form.addRow("", self.apply_button)
        self.form = QGroupBox(tr("Network interfaces of the machine"))
        box = QVBoxLayout(self.form)
        box.addWidget(narrow(form))
        self.form.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.not_controlled)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.interface, self.method, self.apply_button]

    def load(self) -> None:
        def shown(interfaces: list[system_pb2.HostInterface] | None) -> None:
            self.not_controlled.setVisible(interfaces is None)
            self.form.setVisible(interfaces is not None)
            self.interfaces = {i.name: i for i in interfaces or []}
            self.interface.blockSignals(True)
            self.interface.clear()
            self.interface.addItems(list(self.interfaces))
            self.interface.blockSignals(False)
            self._show_interface()
            self.say("")

        op = ServerOp(self, read_host_network)
        self.run(op, shown, working=tr("Reading…"), on_error=self.errors.show)

    def _show_interface(self) -> None:
        """Fill the form from the selected interface as the server reported it."""
        self.errors.clear()
        current = self.interfaces.get(self.interface.currentText())
        if current is None:
            self.state.setText(tr("NetworkManager manages no Ethernet interface here."))
            self.apply_button.setEnabled(False)
            return
        self.apply_button.setEnabled(True)
        link = tr("cable connected") if current.link_up else tr("no link")
        origin = (
            tr("set here") if current.configured_here else tr("set by the machine's configuration")
        )
        self.state.setText(
            tr("MAC {mac}, {link}, {origin}; now {address}").format(
                mac=current.mac_address,
                link=link,
                origin=origin,
                address=current.address or tr("no address"),
            )
        )
        self.method.setCurrentIndex(1 if current.method == STATIC else 0)
        self.address.setText(current.address)
        self.gateway.setText(current.gateway)
        self.dns.setText(", ".join(current.dns_servers))
        self._enable_static()

    def _enable_static(self) -> None:
        static = self.method.currentData() == STATIC
        self.address.setEnabled(static)
        self.gateway.setEnabled(static)

    def wanted(self) -> system_pb2.HostInterface:
        """The interface's settings as the form gives them."""
        static = self.method.currentData() == STATIC
        return system_pb2.HostInterface(
            name=self.interface.currentText(),
            method=self.method.currentData(),
            address=self.address.text().strip() if static else "",
            gateway=self.gateway.text().strip() if static else "",
            dns_servers=dns_list(self.dns.text()),
        )

    def check(self) -> bool:
        """Say what is wrong next to its field; True when nothing is."""
        self.errors.clear()
        wanted = self.wanted()
        found = form_errors(wanted.method, wanted.address, wanted.gateway, self.dns.text())
        for field, text in found.items():
            self.errors.labels[field].setText(text)
            self.errors.labels[field].show()
        return not found

    def ask_apply(self) -> None:
        if not self.check():
            return
        wanted = self.wanted()
        self.warn(
            tr("Apply the network settings"),
            tr(
                "The machine's interface {interface} takes these settings at once. If this "
                "console reaches the server through {interface}, the connection may drop "
                "when its address changes: connect again at the new address."
            ).format(interface=wanted.name),
            lambda: self.apply(wanted),
        )

    def apply(self, wanted: system_pb2.HostInterface) -> None:
        def applied(now: system_pb2.HostInterface) -> None:
            self.interfaces[now.name] = now
            self._show_interface()
            self.say(
                tr("{interface} now has {address}").format(
                    interface=now.name, address=now.address or tr("no address")
                )
            )

        self.errors.clear()
        op = ServerOp(self, lambda client: client.update_host_network(wanted))
        self.run(op, applied, working=tr("Applying…"), on_error=self.errors.show)
