"""RuleService: the alarm rules (``rules.proto``) on the alarm desk's rule book.

Thin: the rule book checks names, definitions and what they name, versions rules
and keeps the built-in ones (``alarms/rule_book.py``); this translates. A stale
``expected_version`` is ABORTED (the caller reloads and retries), as for alarms.
"""

from __future__ import annotations

import grpc

from vedette_api.v1 import rules_pb2, rules_pb2_grpc
from vedette_server.alarms.desk import AlarmDesk
from vedette_server.alarms.rule_book import RuleVersionConflict
from vedette_server.alarms.rules import Rule, RuleDraft
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.status import abort, unary
from vedette_server.errors import InvalidArgument


def rule_message(rule: Rule) -> rules_pb2.Rule:
    message = rules_pb2.Rule(
        id=rule.id,
        name=rule.name,
        enabled=rule.enabled,
        arming_schedule_id=rule.arming_schedule_id or 0,
        definition_json=rule.definition_json(),
        version=rule.version,
        builtin=rule.builtin or "",
    )
    if rule.updated_us:
        message.update_time.CopyFrom(timestamp(rule.updated_us))
    return message


def draft_of(message: rules_pb2.Rule) -> RuleDraft:
    if message.id < 0 or message.arming_schedule_id < 0:
        raise InvalidArgument("rule.id", "ids are never negative")
    return RuleDraft(
        name=message.name,
        definition_json=message.definition_json,
        enabled=message.enabled,
        arming_schedule_id=message.arming_schedule_id or None,
        id=message.id,
    )


class RuleServicer(rules_pb2_grpc.RuleServiceServicer):
    def __init__(self, desk: AlarmDesk) -> None:
        self.desk = desk

    @unary
    async def ListRules(
        self, request: rules_pb2.ListRulesRequest, context: grpc.aio.ServicerContext
    ) -> rules_pb2.ListRulesResponse:
        rules = await self.desk.list_rules()
        return rules_pb2.ListRulesResponse(rules=[rule_message(r) for r in rules])

    @unary
    async def GetRule(
        self, request: rules_pb2.GetRuleRequest, context: grpc.aio.ServicerContext
    ) -> rules_pb2.GetRuleResponse:
        rule = await self.desk.get_rule(request.rule_id, request.name)
        return rules_pb2.GetRuleResponse(rule=rule_message(rule))

    @unary
    async def PutRule(
        self, request: rules_pb2.PutRuleRequest, context: grpc.aio.ServicerContext
    ) -> rules_pb2.PutRuleResponse:
        if request.expected_version < 0:
            raise InvalidArgument("expected_version", "is negative")
        draft = draft_of(request.rule)
        try:
            rule, created = await self.desk.put_rule(draft, request.expected_version)
        except RuleVersionConflict as error:
            await abort(
                context, grpc.StatusCode.ABORTED, str(error), error.error_reason,
                resource="rule", id=request.rule.id or None, **error.metadata,
            )  # fmt: skip
            raise  # unreachable: abort raises
        call_context.note(rule_id=rule.id, name=rule.name, created=created)
        return rules_pb2.PutRuleResponse(rule=rule_message(rule), created=created)

    @unary
    async def DeleteRule(
        self, request: rules_pb2.DeleteRuleRequest, context: grpc.aio.ServicerContext
    ) -> rules_pb2.DeleteRuleResponse:
        await self.desk.delete_rule(request.rule_id, request.name)
        call_context.note(rule_id=request.rule_id, name=request.name)
        return rules_pb2.DeleteRuleResponse()
