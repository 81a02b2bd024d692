"""The alarm configuration in the configuration backup (SYS-07) and the factory reset
(SYS-05), on real servers: rules (a built-in one edited), I/O devices and points,
e-mail recipients, webhook endpoints and the SMTP settings made on one server arrive
on a fresh one, the secrets usable there (a test mail logs in to aiosmtpd with the
password, a test webhook verifies with the secret) and readable nowhere else; a file
whose rules name things that neither it nor the server has is refused naming the
rule; a factory reset leaves the built-in rules only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf.json_format import MessageToJson

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from tests.support.smtp_inbox import PASSWORD as SMTP_PASSWORD
from tests.support.smtp_inbox import SENDER, USER, Inbox, make_tls, smtp_in_thread
from tests.support.webhook_receiver import WebhookReceiver, receiving
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.timestamps import now_us
from vedette_api.v1 import io_pb2
from vedette_server.config_backup import open_config, seal_config
from vedette_server.notify.webhook import new_secret

pytestmark = pytest.mark.interop
PASSPHRASE = "alarm-backup-passphrase"
NIGHTS = {day: [(0, 420), (1200, 1440)] for day in ("mon", "tue", "wed", "thu", "fri")}
GUARD = "guard@example.test"


def _ids(client: Client) -> dict[str, dict[int, Any]]:
    """What a rule's ids stand for on one server."""
    devices = client.list_io()
    return {
        "cameras": {c.id: c.name for c in client.list_cameras()},
        "schedules": {s.id: s.name for s in client.list_schedules()},
        "points": {p.id: (d.name, p.kind, p.number) for d in devices for p in d.points},
        "recipients": {r.id: r.address for r in client.list_recipients()},
        "webhooks": {w.id: w.url for w in client.list_webhooks()},
    }


def _rules(client: Client) -> list[tuple[Any, ...]]:
    """Every rule with its ids replaced by names: comparable between servers."""
    ids = _ids(client)
    found = []
    for rule in client.list_rules():
        body = json.loads(rule.definition_json)
        sources = body["sources"]
        for key, table in (("cameras", "cameras"), ("inputs", "points")):
            if sources[key] != "any":
                sources[key] = sorted(ids[table][i] for i in sources[key])
        for action in body["actions"]:
            for key, table in (("camera_ids", "cameras"), ("recipient_ids", "recipients"),
                               ("endpoint_ids", "webhooks")):  # fmt: skip
                if key in action:
                    action[key] = [ids[table][i] for i in action[key]]
            if "point_id" in action:
                action["point_id"] = ids["points"][action["point_id"]]
        if body["alarm"]:
            body["alarm"]["related_cameras"] = [
                ids["cameras"][i] for i in body["alarm"]["related_cameras"]
            ]
        schedule = ids["schedules"].get(rule.arming_schedule_id)
        found.append((rule.name, rule.builtin, rule.enabled, schedule, json.dumps(body)))
    return found


def _io(client: Client) -> list[tuple[Any, ...]]:
    ids = _ids(client)
    return [
        (
            d.name, d.kind, MessageToJson(d.modbus), MessageToJson(d.virtual), d.enabled,
            [(p.kind, p.number, p.name, ids["cameras"].get(p.camera_id), p.normal,
              p.debounce_ms, ids["schedules"].get(p.schedule_id), p.pulse_seconds, p.enabled)
             for p in d.points],
        )
        for d in client.list_io()
    ]  # fmt: skip


def _targets(client: Client) -> tuple[Any, ...]:
    recipients = [
        (r.address, r.schedule, r.snapshot, r.max_per_hour, r.enabled)
        for r in client.list_recipients()
    ]
    return recipients, [(w.url, w.enabled) for w in client.list_webhooks()]


def _point(device: io_pb2.IoDevice, kind: int, number: int) -> io_pb2.IoPoint:
    return next(p for p in device.points if p.kind == kind and p.number == number)


def _live_input(client: Client, device: str, number: int) -> io_pb2.IoPoint:
    """Close a virtual input once the running hub polls it (its state known: a change
    before the first poll is the input's starting state, not an event)."""

    def polled() -> io_pb2.IoPoint | None:
        box = next(d for d in client.list_io() if d.name == device)
        point = _point(box, io_pb2.IO_POINT_KIND_INPUT, number)
        return point if point.known else None

    point = wait_for(polled, 60, f"input {number} of {device} polled")
    client.set_virtual_input(point.id, True)
    return point


def _configure(client: Client, webhook_url: str, webhook_secret: str, smtp_port: int,
               tls_ca_pem: str) -> None:  # fmt: skip
    yard = client.create_camera("Yard", "rtsp://127.0.0.1:9/yard", enabled=False)
    gate = client.create_camera("Gate", "rtsp://127.0.0.1:9/gate", enabled=False)
    nights = client.put_schedule("Nights", NIGHTS).schedule
    box = client.add_virtual_device(input_count=2, output_count=1, name="door-box")
    back_door = _point(box, io_pb2.IO_POINT_KIND_INPUT, 0)
    siren = _point(box, io_pb2.IO_POINT_KIND_OUTPUT, 0)
    client.update_point(back_door.id, name="Back door", camera_id=yard.id, normal="closed",
                        debounce_ms=250, schedule_id=nights.id)  # fmt: skip
    client.update_point(siren.id, name="Siren", pulse_seconds=7)
    client.add_modbus_device("127.0.0.1", port=9, input_count=0, output_count=2, name="relays")
    guard = client.add_recipient(GUARD, schedule="Nights", snapshot=True, max_per_hour=5)
    hook = client.add_webhook(webhook_url, webhook_secret)
    client.set_smtp("127.0.0.1", smtp_port, SENDER, security="starttls", user=USER,
                    password=SMTP_PASSWORD, tls_ca_pem=tls_ca_pem)  # fmt: skip
    definition = {
        "events": {"sensor": []},
        "sources": {"cameras": "any", "inputs": [back_door.id]},
        "actions": [
            {"kind": "record", "camera_ids": [yard.id]},
            {"kind": "output", "point_id": siren.id, "mode": "pulse", "seconds": 3},
            {"kind": "email", "recipient_ids": [guard.id]},
            {"kind": "webhook", "endpoint_ids": [hook.id]},
        ],
        "alarm": {"priority": 1, "related_cameras": [gate.id]},
    }
    client.put_rule("Back door", json.dumps(definition), arming_schedule_id=nights.id)
    offline = next(r for r in client.list_rules() if r.builtin == "camera_offline")
    client.put_rule(offline.name, offline.definition_json, enabled=False, rule_id=offline.id)


def test_the_alarm_configuration_travels_in_the_backup_with_its_secrets_sealed(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    secret = new_secret()
    receiver = WebhookReceiver(secret)
    inbox = Inbox()
    tls = make_tls(tmp_path / "tls")
    with (
        receiving(receiver) as url,
        smtp_in_thread(inbox, starttls=tls.server) as smtp_port,
    ):
        source = server_factory(data=tmp_path / "source", volume=False)
        with source.client() as admin:
            _configure(admin, url, secret, smtp_port, tls.cert.read_text())
            expected = (_rules(admin), _io(admin), _targets(admin))
            exported = admin.export_config(PASSPHRASE).data
        # The secrets are in the encrypted document only.
        for clear in (SMTP_PASSWORD, secret, secret.removeprefix("whsec_"), GUARD):
            assert clear.encode() not in exported

        target = server_factory(data=tmp_path / "target", volume=False)
        with target.client() as admin:
            preview = admin.preview_config_import(exported, PASSPHRASE)
            planned = {(c.kind, c.name, c.action): list(c.fields) for c in preview.changes}
            assert planned[("rule", "Back door", "add")] == []
            assert planned[("rule", "Camera offline", "change")] == ["enabled"]
            assert ("io_device", "door-box", "add") in planned
            assert ("io_device", "relays", "add") in planned
            assert ("recipient", GUARD, "add") in planned
            assert ("webhook", url, "add") in planned
            assert ("smtp", "smtp", "add") in planned
            assert SMTP_PASSWORD not in str(preview) and secret not in str(preview)
            admin.import_config(exported, PASSPHRASE)
        with target.client() as admin:
            assert (_rules(admin), _io(admin), _targets(admin)) == expected
            smtp = admin.get_smtp()
            assert smtp.configured and smtp.password_set and smtp.user == USER
            # The running notifier has the imported settings and password: it logs in.
            mail = admin.send_test_mail(GUARD)
            assert mail.accepted, mail.error
            assert [user for _, user in inbox.logins] == [USER]
            (hook,) = admin.list_webhooks()
            tested = admin.test_webhook(hook.id)
            assert [r.error for r in receiver.received] == [None], tested
            # The running I/O hub has the imported virtual device: its input is live.
            spare = _live_input(admin, "door-box", 1)
            wait_for(
                lambda: [e for e in admin.search_events(types=["sensor"])
                         if e.key == f"input:{spare.id}"],
                60, "the imported input's event",
            )  # fmt: skip
            logs = [MessageToJson(e) for e in admin.search_logs(text="")]
            assert logs and not any(SMTP_PASSWORD in e or secret in e for e in logs)


def _sealed(document: dict[str, Any]) -> bytes:
    return seal_config(
        document,
        passphrase=PASSPHRASE,
        signing_key=Ed25519PrivateKey.generate(),
        server_id="hand-made",
        created_us=now_us(),
    )


def test_a_file_whose_rules_name_what_neither_it_nor_the_server_has_is_refused(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        admin.create_camera("Yard", "rtsp://127.0.0.1:9/yard", enabled=False)
        admin.add_virtual_device(input_count=1, output_count=1, name="box")
        document = open_config(admin.export_config(PASSPHRASE).data, passphrase=PASSPHRASE).document
        rule = {
            "name": "Watch", "builtin": None, "enabled": True, "arming_schedule": None,
            "definition": {"events": {"sensor": []}, "alarm": {"priority": 2},
                           "sources": {"cameras": ["Yard"], "inputs": [{"device": "box",
                                                                        "number": 0}]}},
        }  # fmt: skip
        document["alarms"]["rules"].append(rule)
        preview = admin.preview_config_import(_sealed(document), PASSPHRASE)
        assert ("rule", "Watch", "add") in {(c.kind, c.name, c.action) for c in preview.changes}
        refusals = [
            (["sources", "cameras"], ["Nowhere"], r"rules\[\d+\]\.definition\.sources\.cameras"),
            (["sources", "inputs"], [{"device": "other", "number": 0}], r"sources\.inputs\[0\]"),
            (["sources", "inputs"], [{"device": "box", "number": 1}], r"sources\.inputs\[0\]"),
        ]  # fmt: skip
        for path, value, field in refusals:
            bad = json.loads(json.dumps(document))
            bad["alarms"]["rules"][-1]["definition"][path[0]][path[1]] = value
            with pytest.raises(errors.InvalidArgument, match=field):
                admin.preview_config_import(_sealed(bad), PASSPHRASE)
        bad = json.loads(json.dumps(document))
        bad["alarms"]["rules"][-1]["arming_schedule"] = "Weekends"
        with pytest.raises(errors.InvalidArgument, match=r"arming_schedule.*Weekends"):
            admin.import_config(_sealed(bad), PASSPHRASE)
        bad = json.loads(json.dumps(document))
        bad["cameras"] = []  # the camera stays on the server: still a known name
        bad["alarms"]["rules"][-1]["definition"]["sources"]["cameras"] = ["yard"]
        admin.preview_config_import(_sealed(bad), PASSPHRASE)
        assert [r.name for r in admin.list_rules() if not r.builtin] == []  # nothing applied

        # A file from before alarms were backed up keeps them, unless it drops a
        # schedule they use: then it is refused before anything changes.
        admin.put_schedule("Nights", NIGHTS)
        admin.add_recipient(GUARD, schedule="Nights")
        older = json.loads(json.dumps(document))
        del older["alarms"]
        with pytest.raises(errors.InvalidArgument, match=r"schedules.*'Nights'.*recipient"):
            admin.preview_config_import(_sealed(older), PASSPHRASE)  # the file's schedules lack it
        older["schedules"] = [*older["schedules"], {"name": "Nights", "week": {"mon": [[0, 420]]}}]
        admin.import_config(_sealed(older), PASSPHRASE)
        assert [(r.address, r.schedule) for r in admin.list_recipients()] == [(GUARD, "Nights")]
        assert [d.name for d in admin.list_io()] == ["box"]


def test_a_factory_reset_leaves_the_builtin_rules_only_and_keeps_events(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    server = server_factory(volume=False)
    with server.client() as admin:
        pristine = _rules(admin)
        _configure(admin, "http://127.0.0.1:9/hook", new_secret(), 9, "")
        _live_input(admin, "door-box", 1)
        events = wait_for(lambda: list(admin.search_events(types=["sensor"])), 60, "an event")
        mail_all = {"events": {"manual": []}, "actions": [{"kind": "email", "recipient_ids": []}]}
        admin.put_rule("Mail every manual alarm", json.dumps(mail_all))
        custom = {"events": {"manual": []}, "alarm": {"priority": 3, "category": "custom"}}
        admin.put_rule("Custom manual alarm", json.dumps(custom))
        admin.trigger_alarm("Door forced")
        wait_for(
            lambda: [a for a in admin.list_alarms() if a.rule_name == "Custom manual alarm"],
            60,
            "the custom rule's alarm",
        )
        wait_for(lambda: list(admin.deliveries()), 60, "a delivery in the outbox")
        admin.factory_reset(ADMIN_PASSWORD)
    with server.client() as admin:
        assert _rules(admin) == pristine
        assert all(r.builtin for r in admin.list_rules())
        assert list(admin.list_io()) == []
        assert _targets(admin) == ([], [])
        assert not admin.get_smtp().configured
        assert list(admin.deliveries()) == []
        assert [e.id for e in admin.search_events(types=["sensor"])] == [e.id for e in events]
        assert [s.name for s in admin.list_schedules() if s.name == "Nights"] == []
        # The running engine forgot the custom rule with the reset: a manual alarm now
        # raises the built-in rule's alarm only (and queues no mail).
        before = {a.id for a in admin.list_alarms()}
        admin.trigger_alarm("After the reset")
        raised = wait_for(
            lambda: [a for a in admin.list_alarms() if a.id not in before], 60, "a new alarm"
        )
        assert [a.rule_name for a in raised] == [
            r.name for r in admin.list_rules() if r.builtin == "manual"
        ]
        assert list(admin.deliveries()) == []
