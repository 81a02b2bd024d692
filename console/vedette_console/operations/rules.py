"""Alarm rules (ALARM-03/04) and what the alarm settings may show: the rules editor's
calls to the server's ``RuleService``, with the cameras, inputs, outputs, schedules
and notification targets a rule names (picked by name in the editor).

The server judges a rule's definition (docs/alarms.md "Rules") and refuses it with
the field it names (``definition.alarm.priority: must be 1..3``); a stale
``expected_version`` is ABORTED: someone else changed the rule, the editor reloads.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.errors import NotFound, PermissionDenied, Unimplemented
from vedette_api.v1 import accounts_pb2, cameras_pb2, io_pb2, recording_pb2, rules_pb2
from vedette_console.operations.server_op import ServerOp


@dataclass(frozen=True)
class AlarmRights:
    """What the signed-in user may do with alarms on this server."""

    configure: bool = False  # rules, I/O and notifications (Area.ALARMS)
    view: bool = False  # alarms, statistics, I/O states (Area.ALARM_VIEW)
    io_control: bool = False  # switch outputs (Area.IO_CONTROL)


def fetch_alarm_rights(client: Client) -> AlarmRights:
    """Blocking: the user's alarm rights (none when the server cannot say)."""
    try:
        areas = set(client.get_my_account().rights.areas)
    except (PermissionDenied, Unimplemented, NotFound):
        return AlarmRights()
    return alarm_rights(areas)


def alarm_rights(areas: Collection[int]) -> AlarmRights:
    """The alarm rights that the area rights ``areas`` give."""
    return AlarmRights(
        configure=accounts_pb2.AREA_ALARMS in areas,
        view=bool({accounts_pb2.AREA_ALARM_VIEW, accounts_pb2.AREA_ALARMS} & set(areas)),
        io_control=accounts_pb2.AREA_IO_CONTROL in areas,
    )


def load_alarm_rights(*, parent: QObject | None) -> ServerOp[AlarmRights]:
    return ServerOp(parent, fetch_alarm_rights)


@dataclass(frozen=True)
class NamedTarget:
    """A recipient or webhook endpoint a rule may name."""

    id: int
    label: str


@dataclass(frozen=True)
class RuleContext:
    """What a rule's fields name, by id, for the editor's pickers."""

    cameras: list[cameras_pb2.Camera] = field(default_factory=list)
    schedules: list[recording_pb2.Schedule] = field(default_factory=list)
    inputs: list[io_pb2.IoPoint] = field(default_factory=list)
    outputs: list[io_pb2.IoPoint] = field(default_factory=list)
    recipients: list[NamedTarget] = field(default_factory=list)
    webhooks: list[NamedTarget] = field(default_factory=list)


@dataclass(frozen=True)
class RuleBook:
    rules: list[rules_pb2.Rule]
    context: RuleContext


def fetch_targets(client: Client) -> tuple[list[NamedTarget], list[NamedTarget]]:
    """Blocking: e-mail recipients and webhook endpoints."""
    recipients = [NamedTarget(r.id, r.address) for r in client.list_recipients()]
    webhooks = [NamedTarget(w.id, w.url) for w in client.list_webhooks()]
    return recipients, webhooks


def fetch_rule_context(client: Client) -> RuleContext:
    cameras = sorted(client.list_cameras(), key=lambda c: c.id)
    points = [p for d in client.list_io() for p in d.points]
    recipients, webhooks = fetch_targets(client)
    return RuleContext(
        cameras=cameras,
        schedules=client.list_schedules(),
        inputs=[p for p in points if p.kind == io_pb2.IO_POINT_KIND_INPUT],
        outputs=[p for p in points if p.kind == io_pb2.IO_POINT_KIND_OUTPUT],
        recipients=recipients,
        webhooks=webhooks,
    )


def put_rule(client: Client, rule: rules_pb2.Rule, expected_version: int) -> rules_pb2.Rule:
    """Blocking: store ``rule`` (by its id, or by name when 0) if the server still has
    ``expected_version`` (0: no check); the stored rule."""
    response = client.put_rule(
        rule.name,
        rule.definition_json,
        enabled=rule.enabled,
        arming_schedule_id=rule.arming_schedule_id,
        rule_id=rule.id,
        expected_version=expected_version,
    )
    return response.rule


def fetch_rule_book(client: Client) -> RuleBook:
    return RuleBook(client.list_rules(), fetch_rule_context(client))


def load_rule_book(*, parent: QObject | None) -> ServerOp[RuleBook]:
    return ServerOp(parent, fetch_rule_book)


def save_rule(
    *, parent: QObject | None, rule: rules_pb2.Rule, expected_version: int
) -> ServerOp[rules_pb2.Rule]:
    return ServerOp(parent, lambda client: put_rule(client, rule, expected_version))


def set_rule_enabled(
    *, parent: QObject | None, rule: rules_pb2.Rule, enabled: bool
) -> ServerOp[rules_pb2.Rule]:
    changed = rules_pb2.Rule()
    changed.CopyFrom(rule)
    changed.enabled = enabled
    return save_rule(parent=parent, rule=changed, expected_version=rule.version)


def remove_rule(*, parent: QObject | None, rule_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_rule(rule_id))


def reload_rule(*, parent: QObject | None, rule_id: int) -> ServerOp[rules_pb2.Rule]:
    return ServerOp(parent, lambda client: client.get_rule(rule_id))


def definition(rule: rules_pb2.Rule) -> dict[str, Any]:
    """A rule's definition as a dict ({} for a body that is not a JSON object)."""
    try:
        body = json.loads(rule.definition_json or "{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
