"""What every part of the SDK's ``Client`` shares: one paginator for every list RPC and
one way to turn "the fields given" into an update (``vedette_api.client.calls``), and
one type for a stream (``vedette_api.client.streams``)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from vedette_api.client import Client
from vedette_api.client.calls import PAGE_SIZE, ServiceCalls, apply_changes
from vedette_api.client.streams import stream_proto
from vedette_api.errors import InvalidArgument, ServerError
from vedette_api.v1 import accounts_pb2, cameras_pb2, common_pb2, system_pb2


class FakeServer:
    """A list RPC over ``items``, ``page`` at most per page (its own maximum), with
    offsets as page tokens; ``stuck`` hands out the same token forever."""

    def __init__(self, items: list[int], *, page: int = 3, stuck: bool = False) -> None:
        self.items = items
        self.page = page
        self.stuck = stuck
        self.requests: list[tuple[int, str]] = []

    def SearchLogs(
        self, request: Any, *, timeout: float, metadata: Any
    ) -> system_pb2.SearchLogsResponse:
        self.requests.append((request.page_size, request.page_token))
        start = int(request.page_token or 0)
        end = start + min(request.page_size, self.page)
        entries = [system_pb2.LogEntry(id=i) for i in self.items[start:end]]
        more = end < len(self.items) or self.stuck
        token = "1" if self.stuck else str(end)
        return system_pb2.SearchLogsResponse(entries=entries, next_page_token=token if more else "")


class Calls(ServiceCalls):
    def __init__(self) -> None:
        self.server = "nvr.test:6036"
        self._metadata = (("authorization", "Bearer t"),)
        self._timeout_s = 1.0


def _ids(server: FakeServer, *, limit: int | None = None) -> list[int]:
    request = system_pb2.SearchLogsRequest(text="door")
    pages = Calls()._paginate(server.SearchLogs, request, "entries", limit=limit)
    return [entry.id for entry in pages]


def test_paginate_follows_the_page_tokens_to_the_last_page() -> None:
    server = FakeServer(list(range(8)))

    assert _ids(server) == list(range(8))
    assert server.requests == [(PAGE_SIZE, ""), (PAGE_SIZE, "3"), (PAGE_SIZE, "6")]


def test_paginate_stops_at_the_limit_and_asks_for_no_more_than_it_needs() -> None:
    server = FakeServer(list(range(100)), page=40)

    assert _ids(server, limit=50) == list(range(50))
    assert server.requests == [(50, ""), (10, "40")]


def test_paginate_asks_for_nothing_until_the_items_are_read() -> None:
    server = FakeServer([1, 2])
    pages = Calls()._paginate(server.SearchLogs, system_pb2.SearchLogsRequest(), "entries")

    assert server.requests == []
    assert next(pages).id == 1 and len(server.requests) == 1


def test_paginate_refuses_a_server_that_repeats_a_page_token() -> None:
    with pytest.raises(ServerError, match=r"nvr\.test:6036 returned the same page token twice"):
        _ids(FakeServer([1, 2, 3, 4], stuck=True))


def test_apply_changes_sets_the_fields_given_and_names_them_in_the_mask() -> None:
    camera = cameras_pb2.Camera(id=7)

    mask = apply_changes(
        camera, {"name": "Gate", "enabled": False, "sub_url": None}, method="update_camera"
    )

    assert list(mask.paths) == ["enabled", "name"]
    assert camera == cameras_pb2.Camera(id=7, name="Gate", enabled=False)


def test_apply_changes_copies_message_fields() -> None:
    rights = accounts_pb2.Rights(areas=[accounts_pb2.AREA_LOGS])
    group = accounts_pb2.Group(id=4)

    mask = apply_changes(group, {"remote_rights": rights, "name": "night"}, method="update_group")

    assert list(mask.paths) == ["name", "remote_rights"]
    assert group.remote_rights == rights and group.name == "night"


def test_apply_changes_refuses_no_change_and_unknown_fields_naming_the_method() -> None:
    with pytest.raises(InvalidArgument, match="update_user: no field to change"):
        apply_changes(accounts_pb2.User(id=1), {"email": None}, method="update_user")
    with pytest.raises(InvalidArgument, match="update_user: no field 'colour'"):
        apply_changes(accounts_pb2.User(id=1), {"colour": "red"}, method="update_user")


# -- streams ------------------------------------------------------------------------------


def test_a_stream_is_named_main_or_sub_and_converted_in_one_place() -> None:
    assert stream_proto("main") == common_pb2.STREAM_MAIN
    assert stream_proto("sub") == common_pb2.STREAM_SUB
    assert stream_proto(None) == common_pb2.STREAM_UNSPECIFIED  # the server chooses
    assert stream_proto(common_pb2.STREAM_SUB) == common_pb2.STREAM_SUB  # as before the names
    with pytest.raises(InvalidArgument, match="stream 'third': 'main' or 'sub'"):
        stream_proto("third")  # type: ignore[arg-type]


def test_every_client_method_takes_a_stream_as_one_type() -> None:
    taking = {
        name: str(parameter.annotation)
        for name, method in inspect.getmembers(Client, inspect.isfunction)
        for parameter in inspect.signature(method).parameters.values()
        if parameter.name == "stream"
    }

    assert {"get_timeline", "export_to_file", "live", "playback", "thumbnails_at"} <= set(taking)
    assert all(annotation.startswith("StreamArg") for annotation in taking.values()), taking
