"""The RS-485 control keyboard's settings (PTZ-05): where it is, how it speaks, who it
is to the arbiter, and which Vedette camera each of its camera numbers drives.

This module owns ``KeyboardConfig``, validated where it is built (an invalid one cannot
exist), and its JSON form in the catalog's ``setting`` table (``ptz.store``):

- the port is a device path or a pyserial URL (``loop://``, ``rfc2217://``); the
  baud rate one of the standard rates; Pelco-D or Pelco-P (with its variant);
- ``address`` is Vedette's own number on the keyboard's bus, 1..255 (D) or 1..256
  (P): a "call preset N" sent to it is DVR key N, as DVRs read keyboards;
- ``priority`` is the keyboard's PTZ priority against operators, rules and cruises
  (1..32 000, default an operator's);
- ``cameras`` maps a keyboard camera number to a Vedette camera id; a number not in
  the map drives the camera with that id (a DVR's "CAM n" is its channel n).

Whether the port exists is checked by ``check_port`` when the configuration is set
(a typo is refused at once), not here: a stored configuration whose adapter was
unplugged stays valid, and the bridge reports the port as missing until it is back.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_hw.pelco import Protocol, PVariant
from vedette_server.errors import InvalidArgument, shown
from vedette_server.ptz.arbiter import DEFAULT_PRIORITY, MAX_PRIORITY, MIN_PRIORITY
from vedette_server.ptz.serial_device import MAX_PORT_CHARS

#: The rates keyboards and RS-485 adapters offer.
BAUD_RATES: Final = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
DEFAULT_BAUD_RATE: Final = 9600
#: At most this many camera numbers mapped (every Pelco-P address).
MAX_MAPPED: Final = 256
#: The holder name of the keyboard's sessions (one keyboard per server).
KEYBOARD_HOLDER: Final = "keyboard:1"


def top_address(protocol: Protocol) -> int:
    """The highest camera number of ``protocol``: 255 on Pelco-D, 256 on Pelco-P."""
    return 255 if protocol is Protocol.D else 256


def _int(path: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(path, f"must be an integer, got {shown(value)}")
    return value


@dataclass(frozen=True)
class KeyboardConfig:
    """One control keyboard on a serial port (see the module doc)."""

    serial_port: str
    address: int
    protocol: Protocol = Protocol.D
    baud_rate: int = DEFAULT_BAUD_RATE
    variant: PVariant = PVariant.STANDARD
    enabled: bool = True
    priority: int = DEFAULT_PRIORITY
    #: Keyboards that repeat frames while the joystick is held: a move silent for
    #: more than a second is stopped. Off for keyboards that send only on change.
    repeats_frames: bool = True
    cameras: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.protocol, Protocol):
            raise InvalidArgument(
                "keyboard.protocol", f"must be Pelco-D or Pelco-P, got {shown(self.protocol)}"
            )
        port = self.serial_port
        if not isinstance(port, str) or not port.strip() or len(port) > MAX_PORT_CHARS:
            raise InvalidArgument(
                "keyboard.serial_port",
                f"must be a device path of 1..{MAX_PORT_CHARS} characters, got {shown(port)}",
            )
        if "\x00" in port or not port.isprintable():
            raise InvalidArgument("keyboard.serial_port", "must be printable characters")
        baud = _int("keyboard.baud_rate", self.baud_rate)
        if baud not in BAUD_RATES:
            raise InvalidArgument(
                "keyboard.baud_rate",
                f"must be one of {', '.join(map(str, BAUD_RATES))}, got {baud}",
            )
        top = top_address(self.protocol)
        address = _int("keyboard.address", self.address)
        if not 1 <= address <= top:
            raise InvalidArgument(
                "keyboard.address",
                f"Vedette's own address on the keyboard's bus must be within 1..{top} on"
                f" {self.protocol.value}, got {address}",
            )
        priority = _int("keyboard.priority", self.priority)
        if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
            raise InvalidArgument(
                "keyboard.priority",
                f"must be within {MIN_PRIORITY}..{MAX_PRIORITY}, got {priority}",
            )
        if self.protocol is Protocol.D:
            object.__setattr__(self, "variant", PVariant.STANDARD)
        if len(self.cameras) > MAX_MAPPED:
            raise InvalidArgument(
                "keyboard.cameras", f"at most {MAX_MAPPED} numbers, got {len(self.cameras)}"
            )
        cameras: dict[int, int] = {}
        for number, camera_id in sorted(self.cameras.items()):
            number = _int("keyboard.cameras.number", number)
            if not 1 <= number <= top:
                raise InvalidArgument(
                    "keyboard.cameras.number",
                    f"keyboard camera numbers are 1..{top} on {self.protocol.value}, got {number}",
                )
            if number == address:
                raise InvalidArgument(
                    "keyboard.cameras.number",
                    f"{number} is Vedette's own address on the bus (its DVR keys), not a camera",
                )
            camera_id = _int(f"keyboard.cameras[{number}]", camera_id)
            if camera_id < 1:
                raise InvalidArgument(
                    f"keyboard.cameras[{number}]", f"must be a camera id, got {camera_id}"
                )
            cameras[number] = camera_id
        object.__setattr__(self, "cameras", cameras)

    def camera_for(self, number: int) -> int:
        """The Vedette camera id keyboard camera ``number`` drives."""
        return self.cameras.get(number, number)

    def to_json(self) -> dict[str, Any]:
        return {
            "serial_port": self.serial_port,
            "address": self.address,
            "protocol": self.protocol.value,
            "baud_rate": self.baud_rate,
            "variant": self.variant.value,
            "enabled": self.enabled,
            "priority": self.priority,
            "repeats_frames": self.repeats_frames,
            "cameras": [[n, c] for n, c in sorted(self.cameras.items())],
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> KeyboardConfig:
        return cls(
            serial_port=value["serial_port"],
            address=value["address"],
            protocol=Protocol(value["protocol"]),
            baud_rate=value["baud_rate"],
            variant=PVariant(value.get("variant", PVariant.STANDARD.value)),
            enabled=bool(value.get("enabled", True)),
            priority=value.get("priority", DEFAULT_PRIORITY),
            repeats_frames=bool(value.get("repeats_frames", True)),
            cameras={int(n): int(c) for n, c in value.get("cameras", [])},
        )


def check_port(config: KeyboardConfig) -> None:
    """Refuse a device path that does not exist (pyserial URLs are not checked)."""
    port = config.serial_port
    if "://" in port:
        return
    if not os.path.exists(port):
        raise InvalidArgument(
            "keyboard.serial_port", f"no such serial port {shown(port)} on the server"
        )
