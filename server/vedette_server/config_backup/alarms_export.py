"""The ``alarms`` section of the configuration document as this server has it (written
on export), and what importing another one changes (shown on preview).
``alarms_section`` owns the section; docs/config-backup.md describes it.

Blocking (catalog): called on the catalog thread.

Invariants:
- Things are written by name (``rule_references``); a device, point or rule reference
  to what no longer exists is left out, never written as an id.
- A change names the fields that differ, never their values: a new webhook secret or
  SMTP password is the word ``secret`` or ``password`` in a change list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vedette_server.alarms.rule_book import RuleBook
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.config_backup.alarms_document import SECTION
from vedette_server.config_backup.rule_references import (
    CAMERA,
    ENDPOINT,
    INPUT,
    MISSING,
    OUTPUT,
    RECIPIENT,
    point_ref,
    translate,
)
from vedette_server.config_backup.views_section import SectionChange
from vedette_server.io.settings import Address, OnvifAddress, PointKind
from vedette_server.io.store import IoStore
from vedette_server.notify.targets import NotifyTargets
from vedette_server.settings.smtp import SmtpStore


def schedule_ids(catalog: Catalog) -> dict[str, int]:
    """Every schedule's id by its name."""
    rows = catalog.database.execute_sql("SELECT id, name FROM schedule").fetchall()
    return {str(name): int(i) for i, name in rows}


def export_alarms(
    catalog: Catalog, io: IoStore, targets: NotifyTargets, smtp_store: SmtpStore, book: RuleBook
) -> dict[str, Any]:
    """The ``alarms`` section of this server's configuration document."""
    cameras = {int(r.id): str(r.name) for r in Camera.select().execute(catalog.database)}
    schedules = {i: n for n, i in schedule_ids(catalog).items()}
    devices = [d for d in io.devices() if _address(d.address, cameras) is not None]
    device_names = {d.id: d.name for d in devices}
    points = io.points()
    names: dict[str, dict[int, Any]] = {
        CAMERA: cameras,
        INPUT: {},
        OUTPUT: {},
        RECIPIENT: {r.id: r.address for r in targets.recipients()},
        ENDPOINT: {e.id: e.url for e in targets.endpoints()},
    }
    for p in points:
        if p.device_id not in device_names:
            continue  # its device is left out: an ONVIF one whose camera is gone
        names[INPUT if p.kind is PointKind.INPUT else OUTPUT][p.id] = point_ref(
            device_names[p.device_id], p.number
        )

    def by_id(what: str, value: Any, where: str) -> Any:
        return names[what].get(value, MISSING)

    rules = []
    for rule in book.list():
        definition = translate(rule.definition.to_json(), by_id, "definition", strict=False)
        if definition.get("alarm") is None and not definition["actions"]:
            continue  # it acted only on things deleted since: it does nothing
        rules.append(
            {
                "name": rule.name,
                "builtin": rule.builtin,
                "enabled": rule.enabled,
                "arming_schedule": schedules.get(rule.arming_schedule_id or 0),
                "definition": definition,
            }
        )
    smtp = smtp_store.load()
    return {
        "io_devices": [
            {
                "name": d.name,
                "kind": d.kind.value,
                "address": _address(d.address, cameras),
                "enabled": d.enabled,
                "points": [
                    {
                        "kind": p.kind.value,
                        "number": p.number,
                        "name": p.name,
                        "camera": cameras.get(p.camera_id or 0),
                        "normal": p.normal.value,
                        "debounce_ms": p.debounce_ms,
                        "schedule": schedules.get(p.schedule_id or 0),
                        "pulse_s": p.pulse_s,
                        "enabled": p.enabled,
                    }
                    for p in points
                    if p.device_id == d.id
                ],
            }
            for d in devices
        ],
        "email_recipients": [
            {
                "address": r.address,
                "schedule": r.schedule_name or None,
                "snapshot": r.snapshot,
                "max_per_hour": r.max_per_hour,
                "enabled": r.enabled,
            }
            for r in targets.recipients()
        ],
        "webhook_endpoints": [
            {
                "url": e.url,
                "secret": targets.webhook_secret(e.id),
                "enabled": e.enabled,
                "disabled_reason": e.disabled_reason,
            }
            for e in targets.endpoints()
        ],
        "smtp": None
        if smtp is None
        else {
            "host": smtp.host,
            "port": smtp.port,
            "security": smtp.security.value,
            "sender": smtp.sender,
            "user": smtp.user,
            "password": smtp.password,
            "timeout_s": smtp.timeout_s,
            "tls_ca_pem": smtp.tls_ca_pem,
        },
        "rules": rules,
    }


def alarm_changes(document: dict[str, Any], current: dict[str, Any]) -> list[SectionChange]:
    """What importing ``document`` changes (``current``: this server's ``export``).
    Fields are named, never shown: a secret's change is the word ``secret``."""
    section = document.get(SECTION)
    if not isinstance(section, dict):
        return []
    changes = []
    for kind, key, ident in (
        ("io_device", "io_devices", "name"),
        ("recipient", "email_recipients", "address"),
        ("webhook", "webhook_endpoints", "url"),
    ):
        changes += _diff(kind, current[key], section.get(key, []), lambda x, i=ident: x[i])
    changes += [
        c
        for c in _diff(
            "rule", current["rules"], section.get("rules", []),
            lambda r: ("builtin", r["builtin"]) if r.get("builtin") else ("name", r["name"]),
        )
        if c.action != "remove" or not c.name.startswith("builtin:")
    ]  # fmt: skip
    if "smtp" in section and section["smtp"] != current["smtp"]:
        old, new = current["smtp"], section["smtp"]
        if old is None or new is None:
            changes.append(SectionChange("smtp", "smtp", "add" if old is None else "remove"))
        else:
            fields = tuple(k for k in sorted(new) if new[k] != old.get(k))
            changes.append(SectionChange("smtp", "smtp", "change", fields))
    return changes


def _diff(
    kind: str, old_items: list[dict[str, Any]], new_items: list[dict[str, Any]], key: Any
) -> list[SectionChange]:
    """add/change/remove of the items of one list, by ``key``; an item is labelled by
    its name (a rule, a device), address or URL. A built-in rule the file does not
    hold is labelled ``builtin:KIND`` (and never removed: the caller drops it)."""

    def label(item: dict[str, Any]) -> str:
        for field in ("name", "address", "url"):
            if field in item:
                return str(item[field])
        return "?"

    old = {key(o): o for o in old_items}
    new = {key(n): n for n in new_items}
    changes = []
    for ident, item in new.items():
        if ident not in old:
            changes.append(SectionChange(kind, label(item), "add"))
            continue
        fields = tuple(k for k in sorted(item) if item[k] != old[ident].get(k))
        if fields:
            changes.append(SectionChange(kind, label(item), "change", fields))
    for ident, item in old.items():
        if ident not in new:
            builtin = item.get("builtin") if kind == "rule" else None
            changes.append(
                SectionChange(kind, f"builtin:{builtin}" if builtin else label(item), "remove")
            )
    return changes


def _address(address: Address, cameras: Mapping[int, str]) -> dict[str, Any] | None:
    """A device's address in the document: an ONVIF device's camera by name (None
    when that camera is gone: the device is left out)."""
    body = address.to_json()
    if isinstance(address, OnvifAddress):
        name = cameras.get(address.camera_id)
        if name is None:
            return None
        del body["camera_id"]
        body["camera"] = name
    return body
