"""A rule's detection duration (ALARM-03) on a real server: against a 5 s condition, a
virtual input released after 1 s raises nothing, one held 6 s raises its alarm, and
not before the input had lasted 5 s (the alarm log's entry of its raise)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.integration.test_alarm_log import of_alarm, set_input
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client.alarms import alarm_filter

pytestmark = pytest.mark.slow

WAIT_S = 90.0
MIN_DURATION_S = 5


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("min-duration")) as process:
        yield process


def test_an_input_fires_its_rule_only_once_it_has_lasted(server: ServerProcess) -> None:
    with server.client() as client:
        client.add_virtual_device(input_count=2, output_count=1, name="doors")
        brief, held = client.find_point("doors/in0"), client.find_point("doors/in1")
        for point in (brief, held):
            client.update_point(point.id, debounce_ms=0)
            wait_for(lambda p=point: client.find_point(p.id).known, WAIT_S, "the input polled")
        body = {
            "events": {"sensor": []},
            "sources": {"inputs": [brief.id, held.id]},
            "condition": {"min_duration_s": MIN_DURATION_S},
            "alarm": {"priority": 2},
        }
        rule = client.put_rule("Door held open", json.dumps(body)).rule

        set_input(client, brief.id, True)
        time.sleep(1)
        set_input(client, brief.id, False)
        set_input(client, held.id, True)
        time.sleep(MIN_DURATION_S + 1)
        (alarm,) = wait_for(
            lambda: list(client.list_alarms(alarm_filter(rule_id=rule.id))),
            WAIT_S,
            "the held input's alarm",
        )
        assert alarm.key == f"input:{held.id}"
        # The alarm log's entry is written when the alarm is raised (the alarm's own
        # first time is the event's start).
        (raised,) = wait_for(
            lambda: [e for e in of_alarm(client, alarm.id) if e.action == "alarm.raised"],
            WAIT_S,
            "the alarm's raised entry",
        )
        lasted_us = raised.time.ToMicroseconds() - alarm.first_time.ToMicroseconds()
        assert lasted_us >= MIN_DURATION_S * 1_000_000
        # The brief one's deadline passed long before the held one's: nothing for it.
        assert [a.key for a in client.list_alarms(alarm_filter(rule_id=rule.id))] == [alarm.key]
        set_input(client, held.id, False)
