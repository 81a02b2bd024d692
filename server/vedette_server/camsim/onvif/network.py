"""A simulated camera's network settings: SetNetworkInterfaces really moves it.

Invariants:
- A camera only ever has a 127/8 address (camsim never leaves loopback): any other
  address, DHCP, or an address another camsim camera has is refused with
  ``ter:InvalidArgVal`` and a reason, and nothing changes.
- SetNetworkInterfaces answers ``RebootNeeded=false``, then, right after the answer
  went out, the camera's ONVIF HTTP endpoint and WS-Discovery responder close and
  listen again on the new address with the same ports, as a real camera does. Its
  endpoint UUID, serial number and MAC do not change with the address.
- Gateway and DNS are stored and echoed back; they route nothing on loopback.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from lxml import etree

from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TDS, TT, SoapRequest, invalid_arg_val

Operation = Callable[[SoapRequest], etree._Element]
INTERFACE_TOKEN = "eth0"
_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")


def loopback_address(text: str | None, what: str) -> str:
    """``text`` as a usable 127/8 address; ``ter:InvalidArgVal`` when it is not one."""
    try:
        address = ipaddress.IPv4Address((text or "").strip())
    except ValueError:
        raise invalid_arg_val(
            "InvalidIPv4Address", f"{what} {(text or '')[:64]!r} is not an IPv4 address"
        ) from None
    if address not in _LOOPBACK or address in (_LOOPBACK[0], _LOOPBACK[-1]):
        raise invalid_arg_val(
            "InvalidIPv4Address",
            f"{what} {address} is outside 127.0.0.0/8: this simulated camera stays on loopback",
        )
    return str(address)


class NetworkOperations:
    """The device service's network operations for one camera.

    ``taken(address)`` says whether another camera has ``address``; ``move(address)``
    is called after SetNetworkInterfaces' answer (the fleet rebinds the camera)."""

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.schema = schema
        self.taken: Callable[[str], bool] = lambda address: False
        self.move: Callable[[str], None] | None = None
        self.operations: dict[str, Operation] = {
            "GetNetworkInterfaces": self.get_network_interfaces,
            "SetNetworkInterfaces": self.set_network_interfaces,
            "GetNetworkDefaultGateway": self.get_network_default_gateway,
            "SetNetworkDefaultGateway": self.set_network_default_gateway,
            "GetDNS": self.get_dns,
        }

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TDS, name, **fields)

    def get_network_interfaces(self, request: SoapRequest) -> etree._Element:
        camera = self.camera
        interface = {
            "token": INTERFACE_TOKEN,
            "Enabled": True,
            "Info": {"Name": INTERFACE_TOKEN, "HwAddress": camera.mac_address, "MTU": 1500},
            "IPv4": {
                "Enabled": True,
                "Config": {
                    "Manual": [{"Address": camera.address, "PrefixLength": camera.prefix_length}],
                    "DHCP": False,
                },
            },
        }
        return self._render("GetNetworkInterfacesResponse", NetworkInterfaces=[interface])

    def set_network_interfaces(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("InterfaceToken", TDS)
        if token != INTERFACE_TOKEN:
            raise invalid_arg_val(
                "InvalidNetworkInterface", f"no network interface {token!r} (only eth0)"
            )
        ipv4 = request.body.find(f".//{{{TDS}}}NetworkInterface/{{{TT}}}IPv4")
        if ipv4 is None:  # nothing about IPv4: nothing to change
            return self._render("SetNetworkInterfacesResponse", RebootNeeded=False)
        if (ipv4.findtext(f"{{{TT}}}DHCP") or "").strip().lower() in ("true", "1"):
            raise invalid_arg_val("InvalidArgVal", "DHCP is not offered: set a manual address")
        manual = ipv4.findall(f"{{{TT}}}Manual")
        if len(manual) != 1:
            raise invalid_arg_val(
                "InvalidIPv4Address", f"give exactly one manual IPv4 address, not {len(manual)}"
            )
        address = loopback_address(manual[0].findtext(f"{{{TT}}}Address"), "address")
        prefix_text = (manual[0].findtext(f"{{{TT}}}PrefixLength") or "").strip()
        if not prefix_text.isdigit() or not 8 <= int(prefix_text) <= 32:
            raise invalid_arg_val(
                "InvalidIPv4Address", f"prefix length {prefix_text!r} must be 8 to 32 on 127/8"
            )
        if address != self.camera.address and self.taken(address):
            raise invalid_arg_val(
                "InvalidIPv4Address", f"address {address} is already another camera's"
            )
        self.camera.prefix_length = int(prefix_text)
        if address != self.camera.address and self.move is not None:
            self.move(address)
        return self._render("SetNetworkInterfacesResponse", RebootNeeded=False)

    def get_network_default_gateway(self, request: SoapRequest) -> etree._Element:
        # A loopback camera's "LAN" is 127/8; its gateway is stored, never used.
        return self._render(
            "GetNetworkDefaultGatewayResponse",
            NetworkGateway={"IPv4Address": [self.camera.gateway]},
        )

    def set_network_default_gateway(self, request: SoapRequest) -> etree._Element:
        found = [(e.text or "").strip() for e in request.body.iter(f"{{{TDS}}}IPv4Address")]
        if len(found) > 1:
            raise invalid_arg_val("InvalidGatewayAddress", "give at most one IPv4 gateway")
        if found:
            self.camera.gateway = loopback_address(found[0], "gateway")
        return self._render("SetNetworkDefaultGatewayResponse")

    def get_dns(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetDNSResponse",
            DNSInformation={
                "FromDHCP": False,
                "DNSManual": [{"Type": "IPv4", "IPv4Address": self.camera.dns}],
            },
        )
