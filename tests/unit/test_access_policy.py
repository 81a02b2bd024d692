"""The access rules match the served RPCs exactly: none missing, none stale."""

from __future__ import annotations

import pytest

from vedette_api.services import all_methods, method_path
from vedette_server.api.policy import RULES, RulesMismatch, check_rules_cover


def served() -> set[str]:
    return {method_path(m) for m in all_methods()}


def test_every_served_rpc_has_a_rule_and_every_rule_an_rpc() -> None:
    check_rules_cover(served())


def test_a_method_without_a_rule_stops_the_check() -> None:
    new = "/vedette.v1.CameraService/RebootCamera"
    with pytest.raises(RulesMismatch) as raised:
        check_rules_cover(set(RULES) | {new})
    assert raised.value.missing == [new]
    assert raised.value.stale == []
    assert new in str(raised.value)


def test_a_rule_for_no_served_method_stops_the_check() -> None:
    """A mistyped or stale key guards nothing while it looks like a guard."""
    gone = "/vedette.v1.CameraService/GetCamera"
    assert gone in RULES
    with pytest.raises(RulesMismatch) as raised:
        check_rules_cover(set(RULES) - {gone})
    assert raised.value.stale == [gone]
    assert raised.value.missing == []
    assert "access rules for no RPC" in str(raised.value)
