"""SearchEvents with subtypes, dedup keys, folded counts and per-subtype counts
(SEARCH-04) on a real server: events from a virtual I/O device's inputs and from
manual alarms, searched through the SDK and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import vedette
from tests.support.server_process import wait_for
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc, io_pb2, search_pb2

TRIGGERS = 3


def _trigger(client: Client, name: str) -> None:
    stub = alarms_pb2_grpc.AlarmServiceStub(client.channel)
    client._call(stub.TriggerManualAlarm, alarms_pb2.TriggerManualAlarmRequest(name=name))


def _chips(client: Client) -> dict[tuple[int, str], tuple[int, int]]:
    return {(c.type, c.subtype): (c.events, c.occurrences) for c in client.count_events()}


def test_events_carry_subtypes_and_counts_and_are_filtered_by_subtype(
    server_factory, tmp_path: Path
) -> None:
    server = server_factory()
    with server.client() as client:
        device = client.add_virtual_device(input_count=2, output_count=0, name="door-box")
        first = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_INPUT)
        client.set_virtual_input(first.id, True)
        (sensor,) = wait_for(
            lambda: list(client.search_events(types=["sensor"])), 60, "the input's event"
        )
        assert sensor.key == f"input:{first.id}" and sensor.subtype and sensor.count == 1
        client.set_virtual_input(first.id, False)
        wait_for(
            lambda: next(client.search_events(types=["sensor"])).HasField("end_time"),
            60,
            "the input's event ended",
        )
        for _ in range(TRIGGERS):
            _trigger(client, "Door forced")
        _trigger(client, "Fire drill")

        # Repeats within a second fold into one event with a count: however they
        # fell, every trigger is counted once.
        forced = list(client.search_events(subtypes=["Door forced"]))
        assert forced and {e.type for e in forced} == {search_pb2.EVENT_TYPE_MANUAL}
        assert sum(e.count for e in forced) == TRIGGERS
        assert all(e.key == "manual:server:Door forced" for e in forced)
        for event in forced:
            assert event.HasField("last_time") == (event.count > 1)
        (drill,) = client.search_events(subtypes=["Fire drill"])
        assert drill.count == 1 and not drill.HasField("last_time")
        both = list(client.search_events(subtypes=["Fire drill", sensor.subtype]))
        assert sorted(e.type for e in both) == [
            search_pb2.EVENT_TYPE_MANUAL,
            search_pb2.EVENT_TYPE_SENSOR,
        ]
        assert list(client.search_events(types=["sensor"], subtypes=["Fire drill"])) == []

        # The chips: every type and subtype, whatever the search's own filters.
        chips = _chips(client)
        assert chips[(search_pb2.EVENT_TYPE_MANUAL, "Door forced")] == (len(forced), TRIGGERS)
        assert chips[(search_pb2.EVENT_TYPE_MANUAL, "Fire drill")] == (1, 1)
        assert chips[(search_pb2.EVENT_TYPE_SENSOR, sensor.subtype)] == (1, 1)
        stub = client._search
        later = client._call(
            stub.SearchEvents,
            search_pb2.SearchEventsRequest(page_size=1, page_token="999999", include_counts=True),
        )
        assert list(later.counts) == []  # counted on the first page only
        narrowed = client._call(
            stub.SearchEvents,
            search_pb2.SearchEventsRequest(subtypes=["Fire drill"], include_counts=True),
        )
        assert len(narrowed.events) == 1 and len(narrowed.counts) == len(chips)
        plain = client._call(stub.SearchEvents, search_pb2.SearchEventsRequest())
        assert len(plain.events) == len(forced) + 2 and list(plain.counts) == []  # not asked

        with pytest.raises(InvalidArgument, match="subtypes"):
            list(client.search_events(subtypes=["x" * 65]))
        with pytest.raises(InvalidArgument, match="subtypes"):
            list(client.search_events(subtypes=["bad\nline"]))
        with pytest.raises(InvalidArgument, match="subtypes"):
            list(client.search_events(subtypes=[str(i) for i in range(65)]))

    home = tmp_path / "home"
    listed = json.loads(vedette(server, home, "events", "--subtype", "Fire drill", "--json").stdout)
    assert [(e["subtype"], e["count"]) for e in listed] == [("Fire drill", 1)]
    counted = json.loads(vedette(server, home, "events", "--counts", "--json").stdout)
    assert {"type": "EVENT_TYPE_MANUAL", "subtype": "Fire drill", "events": 1,
            "occurrences": 1} in counted  # fmt: skip
    table = vedette(server, home, "events", "--type", "manual").stdout
    assert "SUBTYPE" in table.splitlines()[0] and "Door forced" in table
