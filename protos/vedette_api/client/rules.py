"""``RuleService`` as part of ``vedette_api.Client``: alarm rules, whose body is a JSON
definition (docs/alarms.md "Rules"). Every method blocks.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls
from vedette_api.v1 import rules_pb2, rules_pb2_grpc


class RuleCalls(ServiceCalls):
    _rules: rules_pb2_grpc.RuleServiceStub

    def list_rules(self) -> list[rules_pb2.Rule]:
        """Every rule, built-in ones first, then by name."""
        return list(self._call(self._rules.ListRules, rules_pb2.ListRulesRequest()).rules)

    def get_rule(self, rule_id: int = 0, name: str = "") -> rules_pb2.Rule:
        """One rule, by id, or by name when ``rule_id`` is 0."""
        request = rules_pb2.GetRuleRequest(rule_id=rule_id, name=name)
        rule: rules_pb2.Rule = self._call(self._rules.GetRule, request).rule
        return rule

    def put_rule(
        self,
        name: str,
        definition_json: str,
        *,
        enabled: bool = True,
        arming_schedule_id: int = 0,
        rule_id: int = 0,
        expected_version: int = 0,
    ) -> rules_pb2.PutRuleResponse:
        """Create or replace a rule (by id when given, else by name); ``Aborted`` when
        ``expected_version`` (0: no check) is not the stored one."""
        rule = rules_pb2.Rule(
            id=rule_id,
            name=name,
            enabled=enabled,
            arming_schedule_id=arming_schedule_id,
            definition_json=definition_json,
        )
        request = rules_pb2.PutRuleRequest(rule=rule, expected_version=expected_version)
        response: rules_pb2.PutRuleResponse = self._call(self._rules.PutRule, request)
        return response

    def delete_rule(self, rule_id: int = 0, name: str = "") -> None:
        """Delete a rule by id, or by name when ``rule_id`` is 0 (not a built-in one)."""
        self._call(self._rules.DeleteRule, rules_pb2.DeleteRuleRequest(rule_id=rule_id, name=name))
