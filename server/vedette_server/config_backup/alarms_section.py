"""The alarm configuration in the configuration document (issue 15, SYS-07) and its
factory reset (SYS-05): I/O devices and points, e-mail recipients, webhook endpoints,
the SMTP settings and the alarm rules. Written on export, checked on preview, applied
on import, reset to the defaults.

The document holds them under ``alarms`` (docs/config-backup.md "What the document
holds"), things named, not numbered, since ids differ between servers::

    "alarms": {
      "io_devices": [{"name": "door-box", "kind": "modbus", "enabled": true,
                      "address": {"host": "10.0.0.9", "port": 502, ...},
                      "points": [{"kind": "input", "number": 0, "name": "Back door",
                                  "camera": "Yard", "normal": "open", "debounce_ms": 100,
                                  "schedule": "Nights", "pulse_s": null, "enabled": true}]}],
      "email_recipients": [{"address": "guard@example.com", "schedule": null,
                            "snapshot": true, "max_per_hour": 10, "enabled": true}],
      "webhook_endpoints": [{"url": "https://cms.example/hook", "secret": "whsec_…",
                             "enabled": true, "disabled_reason": ""}],
      "smtp": {"host": …, "port": 587, "security": "starttls", "sender": …, "user": …,
               "password": …, "timeout_s": 30.0, "tls_ca_pem": ""} | null,
      "rules": [{"name": "Back door", "builtin": null, "enabled": true,
                 "arming_schedule": "Nights", "definition": {… by name: rule_references}}]}

Secrets (the SMTP password, webhook secrets) are in it as camera passwords are: in
clear inside the document, which only exists encrypted in the sealed file; never in a
change list, a message or the log.

Blocking (catalog); called by ``snapshot.ConfigSnapshots`` on the catalog thread.

Invariants:
- A document without ``alarms`` (a file written before they were backed up) changes
  none of them; one with it replaces them: devices, recipients, endpoints and custom
  rules it does not hold are removed. Built-in rules are found by their ``builtin``
  kind (never deleted): the document's edits and enabled flag are applied to them; one
  it does not hold stays as it is. ``smtp`` absent keeps the SMTP settings, null
  clears them.
- Checked before anything changes, as the API checks each thing; a rule naming a
  camera, input, output, schedule, recipient or endpoint that the import neither
  brings nor keeps is refused naming the rule's field (and so is a PTZ preset this
  server's camera does not have: presets are not in backups).
- Applied in the caller's transaction, after the cameras and schedules exist; the
  schedules that alarm rows use are let go first (``detach_schedules``) so the
  recording section may delete the schedules the document drops.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any, Final

from vedette_api import timestamps
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.rules import BUILTIN_TITLES, RuleDraft, builtin_definition
from vedette_server.alarms.rules import parse_definition as parse_rule_definition
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, PtzPresetRow, RuleRow, Setting
from vedette_server.config_backup.alarms_document import (
    KEEP,
    SECTION,
    AlarmDocument,
    DeviceEntry,
    read_alarm_document,
)
from vedette_server.config_backup.alarms_export import alarm_changes, export_alarms, schedule_ids
from vedette_server.config_backup.rule_references import (
    CAMERA,
    ENDPOINT,
    INPUT,
    MISSING,
    OUTPUT,
    RECIPIENT,
    point_key,
    translate,
)
from vedette_server.config_backup.views_section import SectionChange
from vedette_server.errors import InvalidArgument
from vedette_server.io.settings import OnvifAddress, PointKind
from vedette_server.io.store import IoStore, PointChanges
from vedette_server.notify.targets import NotifyTargets
from vedette_server.security.secretbox import SecretBox
from vedette_server.settings.smtp import SECTION as SMTP_KEY
from vedette_server.settings.smtp import SmtpStore

#: A built-in rule's name while an import or a reset renames the built-in rules (so
#: two of them may swap names); a name no rule may have (``check_name`` refuses white
#: space around a name), never left in the catalog.
_PARKED: Final = " parked:"

#: (what, reference of the document) → id, per kind of thing.
Ids = Mapping[str, Mapping[Any, int]]


def _key(what: str, value: Any) -> Any:
    """How a reference of the document is looked up: cameras by name in any case,
    points by (device, number), the rest exactly."""
    if what == CAMERA:
        return value.lower() if isinstance(value, str) else None
    if what in (INPUT, OUTPUT):
        return point_key(value)
    return value if isinstance(value, str) else None


def _by_name(ids: Ids) -> Any:
    def lookup(what: str, value: Any, where: str) -> Any:
        return ids[what].get(_key(what, value), MISSING)

    return lookup


class AlarmSection:
    def __init__(self, catalog: Catalog, secrets: SecretBox) -> None:
        self.catalog = catalog
        self.io = IoStore(catalog.database)
        self.targets = NotifyTargets(catalog, secrets)
        self.smtp = SmtpStore(catalog, secrets)
        self.rules = RuleBook(catalog)

    def _schedule_ids(self) -> dict[str, int]:
        return schedule_ids(self.catalog)

    def _camera_ids(self) -> dict[str, int]:
        rows = Camera.select(Camera.id, Camera.name).execute(self.catalog.database)
        return {str(r.name).lower(): int(r.id) for r in rows}

    # -- export ------------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        return export_alarms(self.catalog, self.io, self.targets, self.smtp, self.rules)

    # -- preview -----------------------------------------------------------------------

    def check(
        self,
        document: dict[str, Any],
        cameras: Collection[str],
        file_schedules: Collection[str] | None,
    ) -> AlarmDocument | None:
        """Check the section against what will exist after the import: ``cameras``
        (names, lower case: the file's and the server's), the file's schedules (None:
        it has none, the server keeps its own). Changes nothing."""
        server = self._schedule_ids()
        builtin_schedules = {
            str(n)
            for (n,) in self.catalog.database.execute_sql(
                "SELECT name FROM schedule WHERE builtin = 1"
            ).fetchall()
        }
        usable = set(server) if file_schedules is None else set(file_schedules) | builtin_schedules
        parsed = read_alarm_document(document)
        self._check_kept_schedules(parsed, usable)
        if parsed is None:
            return None
        for index, device in enumerate(parsed.devices):
            where = f"{SECTION}.io_devices[{index}].address.camera"
            _known(where, "camera", device.camera, cameras, lower=True)
            for number, point in enumerate(device.points):
                where = f"{SECTION}.io_devices[{index}].points[{number}]"
                _known(f"{where}.camera", "camera", point.camera, cameras, lower=True)
                _known(f"{where}.schedule", "schedule", point.schedule, usable)
        for index, recipient in enumerate(parsed.recipients):
            where = f"{SECTION}.email_recipients[{index}].schedule"
            _known(where, "schedule", recipient.schedule, usable)
        stand_ins: dict[str, dict[Any, int]] = {
            CAMERA: {name: i + 1 for i, name in enumerate(sorted(cameras))},
            INPUT: _point_ids(parsed.devices, PointKind.INPUT),
            OUTPUT: _point_ids(parsed.devices, PointKind.OUTPUT),
            RECIPIENT: {r.address: i + 1 for i, r in enumerate(parsed.recipients)},
            ENDPOINT: {e.url: i + 1 for i, e in enumerate(parsed.endpoints)},
        }
        for index, rule in enumerate(parsed.rules):
            where = f"{SECTION}.rules[{index}]"
            _known(f"{where}.arming_schedule", "schedule", rule.arming_schedule, usable)
            self._rule_definition(rule.definition, stand_ins, where)
            self._check_presets(rule.definition, where)
        self._check_rule_names(parsed)
        return parsed

    def _rule_definition(self, definition: dict[str, Any], ids: Ids, where: str) -> str:
        """The definition with ids, as the catalog keeps it; InvalidArgument naming
        ``where``.definition.<field>."""
        translated = translate(definition, _by_name(ids), f"{where}.definition", strict=True)
        text = json.dumps(translated, sort_keys=True)
        try:
            parse_rule_definition(text)
        except InvalidArgument as error:
            raise InvalidArgument(f"{where}.{error.field}", error.reason) from None
        return text

    def _check_presets(self, definition: dict[str, Any], where: str) -> None:
        cameras = self._camera_ids()
        for index, action in enumerate(definition.get("actions", [])):
            if not isinstance(action, dict) or action.get("kind") != "ptz_preset":
                continue
            name, preset = action.get("camera_id"), action.get("preset")
            camera_id = cameras.get(str(name).lower())
            if camera_id is None or not PtzPresetRow.select().where(
                (PtzPresetRow.camera_id == camera_id) & (PtzPresetRow.number == preset)
            ).exists(self.catalog.database):
                raise InvalidArgument(
                    f"{where}.definition.actions[{index}].preset",
                    f"camera {str(name)[:64]!r} has no preset {str(preset)[:8]} on this server"
                    " (PTZ presets are not in configuration backups)",
                )

    def _check_rule_names(self, parsed: AlarmDocument) -> None:
        """The built-in rules the file does not hold keep their names: no rule of the
        file may take one."""
        held = {r.builtin for r in parsed.rules if r.builtin}
        kept = {r.name: r.builtin for r in self.rules.list() if r.builtin and r.builtin not in held}
        for index, rule in enumerate(parsed.rules):
            if rule.name in kept:
                raise InvalidArgument(
                    f"{SECTION}.rules[{index}].name",
                    f"{rule.name!r} is the name of this server's built-in rule"
                    f" {kept[rule.name]!r}, which the file does not hold",
                )

    def _check_kept_schedules(self, parsed: AlarmDocument | None, usable: set[str]) -> None:
        """What the import keeps of the alarm configuration (all of it without a
        section; the built-in rules the section does not hold) must keep its
        schedules."""
        held = set() if parsed is None else {r.builtin for r in parsed.rules if r.builtin}
        queries = [
            ("rule", "SELECT r.name, s.name, r.builtin FROM rule r"
             " JOIN schedule s ON s.id = r.arming_schedule_id"),
        ]  # fmt: skip
        if parsed is None:
            queries += [
                ("I/O point", "SELECT p.name, s.name, NULL FROM io_point p"
                 " JOIN schedule s ON s.id = p.schedule_id"),
                ("recipient", "SELECT r.address, s.name, NULL FROM email_recipient r"
                 " JOIN schedule s ON s.id = r.schedule_id"),
            ]  # fmt: skip
        for what, query in queries:
            for user, schedule, builtin in self.catalog.database.execute_sql(query).fetchall():
                if parsed is not None and (builtin is None or builtin in held):
                    continue  # replaced by the file's
                if schedule not in usable:
                    raise InvalidArgument(
                        "schedules",
                        f"the file drops schedule {schedule!r}, which {what} {user!r} uses"
                        " and the file does not replace",
                    )

    def changes(self, document: dict[str, Any], current: dict[str, Any]) -> list[SectionChange]:
        """What importing ``document`` changes (``current``: this server's ``export``)."""
        return alarm_changes(document, current)

    # -- import ------------------------------------------------------------------------

    def detach_schedules(self, document: dict[str, Any]) -> None:
        """Let go of the schedules the alarm rows the import replaces use (they are set
        again by ``apply``), so the recording section may delete those it drops."""
        parsed = read_alarm_document(document)
        if parsed is None:
            return
        db = self.catalog.database
        held = [r.builtin for r in parsed.rules if r.builtin]
        RuleRow.update(arming_schedule_id=None).where(
            RuleRow.builtin.is_null() | RuleRow.builtin.in_(held)
        ).execute(db)
        db.execute_sql("UPDATE io_point SET schedule_id = NULL")
        db.execute_sql("UPDATE email_recipient SET schedule_id = NULL")

    def apply(self, document: dict[str, Any]) -> None:
        """Make the alarm configuration the document's (inside the caller's
        transaction, after its cameras and schedules exist)."""
        parsed = read_alarm_document(document)
        if parsed is None:
            return
        cameras, schedules = self._camera_ids(), self._schedule_ids()
        self._apply_devices(parsed.devices, cameras, schedules)
        self._apply_targets(parsed)
        if parsed.smtp is None:
            self._clear_smtp()
        elif parsed.smtp != KEEP:
            self.smtp.save(parsed.smtp)  # type: ignore[arg-type]
        device_ids = {d.name: d.id for d in self.io.devices()}
        device_names = {i: n for n, i in device_ids.items()}
        ids: dict[str, dict[Any, int]] = {
            CAMERA: cameras,
            INPUT: {},
            OUTPUT: {},
            RECIPIENT: {r.address: r.id for r in self.targets.recipients()},
            ENDPOINT: {e.url: e.id for e in self.targets.endpoints()},
        }
        for p in self.io.points():
            ids[INPUT if p.kind is PointKind.INPUT else OUTPUT][
                (device_names[p.device_id], p.number)
            ] = p.id
        self._apply_rules(parsed, ids, schedules)

    def _apply_devices(
        self, devices: tuple[DeviceEntry, ...], cameras: dict[str, int], schedules: dict[str, int]
    ) -> None:
        existing = {d.name: d for d in self.io.devices()}
        wanted = {d.name: d for d in devices}
        for name, record in list(existing.items()):
            if name not in wanted or wanted[name].kind is not record.kind:
                self.io.remove_device(record.id)
                del existing[name]
        for entry in devices:
            if isinstance(entry.address, OnvifAddress) and entry.camera is not None:
                entry = replace(
                    entry, address=replace(entry.address, camera_id=cameras[entry.camera.lower()])
                )
            found = existing.get(entry.name)
            if found is None:
                record = self.io.add_device(
                    entry.name, entry.kind, entry.address, enabled=entry.enabled
                )
            else:
                record = self.io.update_device(
                    found.id, address=entry.address, enabled=entry.enabled
                )
            points = {(p.kind, p.number): p.id for p in self.io.points(record.id)}
            for point in entry.points:
                output = point.kind is PointKind.OUTPUT
                self.io.update_point(
                    points[(point.kind, point.number)],
                    PointChanges(
                        name=point.name,
                        camera_id=cameras[point.camera.lower()] if point.camera else 0,
                        normal=point.normal,
                        debounce_ms=point.debounce_ms,
                        schedule_id=schedules[point.schedule] if point.schedule else 0,
                        pulse_s=point.pulse_s,
                        manual=output and point.pulse_s is None,
                        enabled=point.enabled,
                    ),
                )

    def _apply_targets(self, parsed: AlarmDocument) -> None:
        recipients = {r.address: r for r in self.targets.recipients()}
        kept = {r.address for r in parsed.recipients}
        for address, record in recipients.items():
            if address not in kept:
                self.targets.remove_recipient(record.id)
        for entry in parsed.recipients:
            values = {
                "schedule_name": entry.schedule or "",
                "snapshot": entry.snapshot,
                "max_per_hour": entry.max_per_hour,
                "enabled": entry.enabled,
            }
            if entry.address in recipients:
                self.targets.update_recipient(recipients[entry.address].id, **values)  # type: ignore[arg-type]
            else:
                self.targets.add_recipient(entry.address, **values)  # type: ignore[arg-type]
        endpoints = {e.url: e for e in self.targets.endpoints()}
        urls = {e.url for e in parsed.endpoints}
        for url, endpoint in endpoints.items():
            if url not in urls:
                self.targets.remove_endpoint(endpoint.id)
        for item in parsed.endpoints:
            if item.url in endpoints:
                endpoint_id = endpoints[item.url].id
                self.targets.update_endpoint(endpoint_id, secret=item.secret, enabled=item.enabled)
            else:
                endpoint_id = self.targets.add_endpoint(
                    item.url, item.secret, enabled=item.enabled
                ).id
            if not item.enabled and item.disabled_reason:
                self.targets.disable_endpoint(endpoint_id, item.disabled_reason)

    def _apply_rules(self, parsed: AlarmDocument, ids: Ids, schedules: dict[str, int]) -> None:
        self.rules.seed()  # every built-in rule exists, to be found by its kind
        current = self.rules.list()
        custom = {r.name for r in parsed.rules if not r.builtin}
        for rule in current:
            if rule.builtin is None and rule.name not in custom:
                self.rules.delete(rule.id)
        held = [r.builtin for r in parsed.rules if r.builtin]
        self._park_builtins(held)
        builtin_ids = {r.builtin: r.id for r in current if r.builtin}
        for index, entry in enumerate(parsed.rules):
            where = f"{SECTION}.rules[{index}]"
            self.rules.put(
                RuleDraft(
                    entry.name,
                    self._rule_definition(entry.definition, ids, where),
                    entry.enabled,
                    schedules[entry.arming_schedule] if entry.arming_schedule else None,
                    id=builtin_ids[entry.builtin] if entry.builtin else 0,
                )
            )

    def _park_builtins(self, kinds: Collection[str]) -> None:
        for kind in kinds:
            RuleRow.update(name=_PARKED + kind).where(RuleRow.builtin == kind).execute(
                self.catalog.database
            )

    def _clear_smtp(self) -> None:
        Setting.delete().where(Setting.key == SMTP_KEY).execute(self.catalog.database)

    # -- factory reset -----------------------------------------------------------------

    def reset(self) -> None:
        """Factory defaults (inside the caller's transaction, before the schedules go):
        the built-in rules as seeded and no other, no I/O device, recipient, endpoint
        or SMTP settings, and an empty delivery outbox. Alarms and events are kept,
        like the event log and the recordings."""
        db = self.catalog.database
        RuleRow.delete().where(RuleRow.builtin.is_null()).execute(db)
        self._park_builtins(list(BUILTIN_TITLES))
        for kind, title in BUILTIN_TITLES.items():
            RuleRow.update(
                name=title,
                enabled=True,
                arming_schedule_id=None,
                definition=json.dumps(builtin_definition(kind).to_json(), sort_keys=True),
                version=RuleRow.version + 1,
                updated_us=timestamps.now_us(),
            ).where(RuleRow.builtin == kind).execute(db)
        self.rules.seed()
        for table in ("io_point", "io_device", "email_recipient", "webhook_endpoint", "delivery"):
            db.execute_sql(f"DELETE FROM {table}")
        self._clear_smtp()


def _known(
    where: str, what: str, name: str | None, names: Collection[str], *, lower: bool = False
) -> None:
    if name is not None and (name.lower() if lower else name) not in names:
        raise InvalidArgument(where, f"{what} {name[:64]!r} is neither in the file nor here")


def _point_ids(devices: tuple[DeviceEntry, ...], kind: PointKind) -> dict[Any, int]:
    """Stand-in ids of the points the file's devices will have."""
    found: dict[Any, int] = {}
    for device in devices:
        for number in range(device.count(kind)):
            found[(device.name, number)] = len(found) + 1
    return found
