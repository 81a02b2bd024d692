"""I/O devices and points as the catalog keeps them, and the checks on what may be
stored (pure, no I/O).

A device is a Modbus TCP box, a camera's ONVIF relays, or a virtual one (tests,
demos); its ``address`` is the JSON of ``io_device.address``. A point is one input or
output of a device, numbered 0..count-1 like ``vedette_hw.io_port``.

Invariants: every value that reaches the catalog went through these checks, which
raise ``InvalidArgument`` naming the field and the allowed range; counts are 0..64;
a point's pulse time is None ("manual": on until switched off) or (0, 86400] s.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from typing import Any, Final

from vedette_hw.io_inputs import ContactType, InputSetting
from vedette_hw.modbus_io import ModbusIoConfig
from vedette_server.errors import InvalidArgument

MAX_POINTS: Final = 64
MAX_DEVICE_NAME: Final = 48  # leaves room for a point's default name "NAME/out63"
MAX_POINT_NAME: Final = 64
MAX_DEBOUNCE_MS: Final = 60_000
MAX_PULSE_S: Final = 86_400.0
MAX_ADDRESS: Final = 0xFFFF
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-:]*[A-Za-z0-9])?$")


class DeviceKind(enum.Enum):
    MODBUS = "modbus"
    VIRTUAL = "virtual"
    ONVIF = "onvif"  # a camera's relay outputs (ONVIF DeviceIO)


class PointKind(enum.Enum):
    INPUT = "input"
    OUTPUT = "output"


@dataclass(frozen=True)
class ModbusAddress:
    host: str
    port: int = 502
    unit_id: int = 1
    input_count: int = 12
    output_count: int = 6
    input_base: int = 0
    output_base: int = 0

    def __post_init__(self) -> None:
        check_host(self.host)
        check_int("port", self.port, 1, 65535)
        check_int("unit_id", self.unit_id, 0, 255)
        check_int("input_count", self.input_count, 0, MAX_POINTS)
        check_int("output_count", self.output_count, 0, MAX_POINTS)
        check_int("input_base", self.input_base, 0, MAX_ADDRESS + 1 - self.input_count)
        check_int("output_base", self.output_base, 0, MAX_ADDRESS + 1 - self.output_count)

    def config(self) -> ModbusIoConfig:
        return ModbusIoConfig(
            host=self.host,
            port=self.port,
            unit_id=self.unit_id,
            input_count=self.input_count,
            output_count=self.output_count,
            input_base=self.input_base,
            output_base=self.output_base,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "unit_id": self.unit_id,
            "input_count": self.input_count,
            "output_count": self.output_count,
            "input_base": self.input_base,
            "output_base": self.output_base,
        }


@dataclass(frozen=True)
class VirtualAddress:
    input_count: int = 8
    output_count: int = 4

    def __post_init__(self) -> None:
        check_int("input_count", self.input_count, 0, MAX_POINTS)
        check_int("output_count", self.output_count, 0, MAX_POINTS)

    def to_json(self) -> dict[str, Any]:
        return {"input_count": self.input_count, "output_count": self.output_count}


@dataclass(frozen=True)
class OnvifAddress:
    """A camera added over ONVIF and the tokens of its relay outputs (output n is
    ``relay_tokens[n]``). Its digital inputs are not points: the camera's ONVIF event
    subscription reports them as sensor events."""

    camera_id: int
    relay_tokens: tuple[str, ...]

    def __post_init__(self) -> None:
        check_int("camera_id", self.camera_id, 1, 2**63 - 1)
        if not isinstance(self.relay_tokens, tuple) or len(self.relay_tokens) > MAX_POINTS:
            raise InvalidArgument("relay_tokens", f"at most {MAX_POINTS} relays")
        for token in self.relay_tokens:
            if not isinstance(token, str) or not 1 <= len(token) <= 64:
                raise InvalidArgument("relay_tokens", f"{token!r} is not a relay token")

    @property
    def input_count(self) -> int:
        return 0

    @property
    def output_count(self) -> int:
        return len(self.relay_tokens)

    def to_json(self) -> dict[str, Any]:
        return {"camera_id": self.camera_id, "relay_tokens": list(self.relay_tokens)}


Address = ModbusAddress | VirtualAddress | OnvifAddress


def address_from_json(kind: DeviceKind, value: dict[str, Any]) -> Address:
    """The stored address of a ``kind`` device (checked again: a bad row is an error)."""
    if kind is DeviceKind.MODBUS:
        return ModbusAddress(**value)
    if kind is DeviceKind.ONVIF:
        return OnvifAddress(int(value["camera_id"]), tuple(value["relay_tokens"]))
    return VirtualAddress(**value)


@dataclass(frozen=True)
class DeviceRecord:
    id: int
    name: str
    kind: DeviceKind
    address: Address
    enabled: bool


@dataclass(frozen=True)
class PointRecord:
    id: int
    device_id: int
    kind: PointKind
    number: int
    name: str
    camera_id: int | None = None
    normal: ContactType = ContactType.NORMALLY_OPEN
    debounce_ms: int = 100
    #: Inputs: the arming schedule; outputs: the schedule outside which they are held off.
    schedule_id: int | None = None
    #: Outputs: a pulse's length when a command gives none; None = "manual".
    pulse_s: float | None = None
    enabled: bool = True

    @property
    def input_setting(self) -> InputSetting:
        return InputSetting(self.normal, self.debounce_ms)


def check_int(label: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(label, f"must be an integer within {low}..{high}, got {value!r}")
    return value


def check_host(host: object) -> str:
    if not isinstance(host, str) or not host.strip():
        raise InvalidArgument("host", "give the box's host name or IP address")
    if len(host) > 253 or not _HOST.match(host):
        raise InvalidArgument("host", f"{host!r} is not a host name or IP address")
    return host


def check_name(label: str, name: str, longest: int) -> str:
    text = name.strip()
    if not 1 <= len(text) <= longest:
        raise InvalidArgument(label, f"must be 1..{longest} characters, got {len(text)}")
    if any(ord(c) < 32 for c in text):
        raise InvalidArgument(label, "must not hold control characters")
    return text


def check_debounce_ms(value: int) -> int:
    return check_int("debounce_ms", value, 0, MAX_DEBOUNCE_MS)


def check_pulse_s(value: float | None) -> float | None:
    """None ("manual") or a finite number of seconds in (0, 86400]."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_PULSE_S
    ):
        raise InvalidArgument("pulse_s", f"must be within (0, {MAX_PULSE_S:g}] s, got {value!r}")
    return float(value)


def contact_type(text: str) -> ContactType:
    for item in ContactType:
        if item.value == text:
            return item
    raise InvalidArgument("normal", f"must be 'open' or 'closed', got {text!r}")


def point_name(device_name: str, kind: PointKind, number: int) -> str:
    """A new point's name: "door-box/in0", "door-box/out3"."""
    return f"{device_name}/{'in' if kind is PointKind.INPUT else 'out'}{number}"
