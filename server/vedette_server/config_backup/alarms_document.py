"""The ``alarms`` section of the configuration document read into checked values: I/O
devices with their points, e-mail recipients, webhook endpoints, the SMTP settings and
the alarm rules. Pure (no catalog): whether the things they name exist is
``alarms_section``'s check.

Every value goes through the check the API applies to it (``io.settings``,
``notify.addresses``, ``notify.webhook``, ``notify.mail.SmtpSettings``,
``alarms.rules.check_name``); a bad one is an ``InvalidArgument`` naming it as
``alarms.<list>[i].<field>``. Error messages never hold a secret (the checks that see
one never show it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from vedette_server.alarms.rules import BUILTIN_TITLES, check_name
from vedette_server.errors import InvalidArgument
from vedette_server.io.settings import (
    MAX_DEVICE_NAME,
    MAX_POINT_NAME,
    Address,
    DeviceKind,
    PointKind,
    address_from_json,
    check_debounce_ms,
    check_pulse_s,
    contact_type,
)
from vedette_server.io.settings import check_name as check_io_name
from vedette_server.notify.addresses import check_address
from vedette_server.notify.mail import DEFAULT_TIMEOUT_S, SmtpSettings
from vedette_server.notify.targets import MAX_REASON_CHARS, check_budget
from vedette_server.notify.webhook import check_url, secret_key

SECTION: Final = "alarms"
#: ``smtp`` absent from the section: the server keeps its SMTP settings.
KEEP: Final = "keep"
#: The camera id an ONVIF device's address is checked with before its camera's is known.
STAND_IN_ID: Final = 1


@dataclass(frozen=True)
class PointEntry:
    kind: PointKind
    number: int
    name: str
    camera: str | None
    normal: str
    debounce_ms: int
    schedule: str | None
    pulse_s: float | None
    enabled: bool


@dataclass(frozen=True)
class DeviceEntry:
    name: str
    kind: DeviceKind
    #: For an ONVIF device, with a stand-in camera id: the camera is ``camera``.
    address: Address
    enabled: bool
    points: tuple[PointEntry, ...]
    #: An ONVIF device's camera, by name (the document's ``address.camera``).
    camera: str | None = None

    def count(self, kind: PointKind) -> int:
        a = self.address
        return a.input_count if kind is PointKind.INPUT else a.output_count


@dataclass(frozen=True)
class RecipientEntry:
    address: str
    schedule: str | None
    snapshot: bool
    max_per_hour: int
    enabled: bool


@dataclass(frozen=True)
class EndpointEntry:
    url: str
    secret: str
    enabled: bool
    disabled_reason: str

    def __repr__(self) -> str:  # never the secret
        return f"EndpointEntry({self.url!r}, enabled={self.enabled})"


@dataclass(frozen=True)
class RuleEntry:
    name: str
    builtin: str | None
    enabled: bool
    arming_schedule: str | None
    #: The definition as the document has it (references by name).
    definition: dict[str, Any]


@dataclass(frozen=True)
class AlarmDocument:
    devices: tuple[DeviceEntry, ...]
    recipients: tuple[RecipientEntry, ...]
    endpoints: tuple[EndpointEntry, ...]
    #: The settings, None (not configured), or KEEP.
    smtp: SmtpSettings | str | None
    rules: tuple[RuleEntry, ...]

    def schedules(self) -> set[str]:
        """Every schedule name the section uses."""
        names = {p.schedule for d in self.devices for p in d.points}
        names |= {r.schedule for r in self.recipients}
        names |= {r.arming_schedule for r in self.rules}
        return {n for n in names if n is not None}


def read_alarm_document(document: dict[str, Any]) -> AlarmDocument | None:
    """The document's alarm section, checked (None: it has none, a file written before
    alarms were backed up)."""
    if SECTION not in document:
        return None
    section = document[SECTION]
    where = SECTION
    if not isinstance(section, dict):
        raise InvalidArgument(where, "expected an object")
    for key in ("io_devices", "email_recipients", "webhook_endpoints", "rules"):
        if not isinstance(section.get(key, []), list):
            raise InvalidArgument(f"{where}.{key}", "expected a list")
    devices = _each(section, "io_devices", _device)
    recipients = _each(section, "email_recipients", _recipient)
    endpoints = _each(section, "webhook_endpoints", _endpoint)
    rules = _each(section, "rules", _rule)
    _unique(devices, "io_devices", "name", lambda d: d.name)
    _unique(recipients, "email_recipients", "address", lambda r: r.address)
    _unique(endpoints, "webhook_endpoints", "url", lambda e: e.url)
    _unique(rules, "rules", "name", lambda r: r.name)
    _unique([r for r in rules if r.builtin], "rules", "builtin", lambda r: r.builtin)
    smtp: SmtpSettings | str | None = KEEP
    if "smtp" in section:
        smtp = _named(f"{where}.smtp", _smtp, section["smtp"])
    return AlarmDocument(devices, recipients, endpoints, smtp, rules)


def _each(section: dict[str, Any], key: str, read: Any) -> tuple[Any, ...]:
    return tuple(
        _named(f"{SECTION}.{key}[{i}]", read, item) for i, item in enumerate(section.get(key, []))
    )


def _named(where: str, read: Any, item: Any) -> Any:
    """``read(item)``, its errors named under ``where``."""
    if item is not None and not isinstance(item, dict):
        raise InvalidArgument(where, "expected an object")
    try:
        return read(item)
    except InvalidArgument as error:
        raise InvalidArgument(f"{where}.{error.field}", error.reason) from None
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidArgument(where, f"malformed: {type(error).__name__}") from None


def _unique(items: Any, key: str, field: str, value: Any) -> None:
    seen: set[Any] = set()
    for index, item in enumerate(items):
        if value(item) in seen:
            raise InvalidArgument(f"{SECTION}.{key}[{index}].{field}", "appears twice")
        seen.add(value(item))


def _bool(item: dict[str, Any], key: str, default: bool) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise InvalidArgument(key, f"{str(value)[:20]!r} is not true or false")
    return value


def _optional_name(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(key, "expected a name or null")
    return value or None


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise InvalidArgument(key, "expected text")
    return value


def _device(item: dict[str, Any]) -> DeviceEntry:
    name = check_io_name("name", _text(item, "name"), MAX_DEVICE_NAME)
    try:
        kind = DeviceKind(item.get("kind"))
    except ValueError:
        kinds = ", ".join(k.value for k in DeviceKind)
        raise InvalidArgument("kind", f"{str(item.get('kind'))[:20]!r} is not {kinds}") from None
    address_json = item.get("address")
    if not isinstance(address_json, dict):
        raise InvalidArgument("address", "expected an object")
    camera = None
    if kind is DeviceKind.ONVIF:  # its camera by name, checked by the caller
        camera = _text(address_json, "camera")
        address_json = {k: v for k, v in address_json.items() if k != "camera"}
        address_json["camera_id"] = STAND_IN_ID
        if not isinstance(address_json.get("relay_tokens"), list):
            raise InvalidArgument("address.relay_tokens", "expected a list")
    try:
        address = address_from_json(kind, address_json)
    except TypeError:
        raise InvalidArgument("address", f"unknown fields for a {kind.value} device") from None
    device = DeviceEntry(name, kind, address, _bool(item, "enabled", True), (), camera)
    points = item.get("points", [])
    if not isinstance(points, list):
        raise InvalidArgument("points", "expected a list")
    read = tuple(_named(f"points[{i}]", _point, p) for i, p in enumerate(points))
    seen = set()
    for index, point in enumerate(read):
        if point.number >= device.count(point.kind):
            raise InvalidArgument(
                f"points[{index}].number",
                f"{point.kind.value} {point.number} is beyond the device's"
                f" {device.count(point.kind)}",
            )
        if (point.kind, point.number) in seen:
            raise InvalidArgument(f"points[{index}]", "appears twice")
        seen.add((point.kind, point.number))
    return DeviceEntry(name, kind, address, device.enabled, read, camera)


def _point(item: dict[str, Any]) -> PointEntry:
    try:
        kind = PointKind(item.get("kind"))
    except ValueError:
        raise InvalidArgument("kind", "is not input or output") from None
    number = item.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise InvalidArgument("number", "expected a whole number from 0")
    pulse = check_pulse_s(item.get("pulse_s"))
    if kind is PointKind.INPUT and pulse is not None:
        raise InvalidArgument("pulse_s", "an input has no pulse")
    debounce = item.get("debounce_ms", 100)
    return PointEntry(
        kind=kind,
        number=number,
        name=check_io_name("name", _text(item, "name"), MAX_POINT_NAME),
        camera=_optional_name(item, "camera"),
        normal=contact_type(str(item.get("normal", "open"))).value,
        debounce_ms=check_debounce_ms(debounce),
        schedule=_optional_name(item, "schedule"),
        pulse_s=pulse,
        enabled=_bool(item, "enabled", True),
    )


def _recipient(item: dict[str, Any]) -> RecipientEntry:
    return RecipientEntry(
        address=check_address("address", _text(item, "address")),
        schedule=_optional_name(item, "schedule"),
        snapshot=_bool(item, "snapshot", False),
        max_per_hour=check_budget(item.get("max_per_hour", 10)),
        enabled=_bool(item, "enabled", True),
    )


def _endpoint(item: dict[str, Any]) -> EndpointEntry:
    url = _text(item, "url")
    check_url(url)
    secret = item.get("secret")
    if not isinstance(secret, str):
        raise InvalidArgument("secret", "expected the whsec_ secret")
    secret_key(secret)
    reason = item.get("disabled_reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise InvalidArgument("disabled_reason", f"expected at most {MAX_REASON_CHARS} characters")
    return EndpointEntry(url, secret, _bool(item, "enabled", True), reason)


def _smtp(item: dict[str, Any] | None) -> SmtpSettings | None:
    if item is None:
        return None
    timeout = item.get("timeout_s", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgument("timeout_s", "expected a number of seconds")
    return SmtpSettings(
        host=_text(item, "host"),
        port=item.get("port"),  # type: ignore[arg-type]  # checked by SmtpSettings
        security=item.get("security"),  # type: ignore[arg-type]  # checked by SmtpSettings
        sender=_text(item, "sender"),
        user=str(item.get("user", "")),
        password=str(item.get("password", "")),
        timeout_s=float(timeout),
        tls_ca_pem=str(item.get("tls_ca_pem", "")),
    )  # fmt: skip


def _rule(item: dict[str, Any]) -> RuleEntry:
    name = _text(item, "name")
    check_name(name)
    builtin = item.get("builtin")
    if builtin is not None and builtin not in BUILTIN_TITLES:
        raise InvalidArgument("builtin", f"{str(builtin)[:40]!r} is not a built-in rule here")
    definition = item.get("definition")
    if not isinstance(definition, dict):
        raise InvalidArgument("definition", "expected an object")
    json.dumps(definition)  # a JSON value, as parse_definition will read it
    return RuleEntry(
        name, builtin, _bool(item, "enabled", True), _optional_name(item, "arming_schedule"),
        definition,
    )  # fmt: skip
