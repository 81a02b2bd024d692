"""What the API edge refuses before a servicer runs (invalid well-known values,
unparsable bytes) and how error messages are bounded."""

from __future__ import annotations

import grpc
import pytest

from vedette_api.v1 import accounts_pb2, export_pb2, system_pb2
from vedette_server.api import request_checks
from vedette_server.api.interceptor import MalformedRequest, checked_deserializer
from vedette_server.api.status import MAX_STATUS_MESSAGE_CHARS, status_message
from vedette_server.errors import AlreadyExists, InvalidArgument, NotFound


@pytest.mark.parametrize(
    ("seconds", "nanos", "valid"),
    [
        (0, 0, True),
        (-62_135_596_800, 0, True),  # 0001-01-01T00:00:00Z
        (253_402_300_799, 999_999_999, True),  # 9999-12-31T23:59:59.999999999Z
        (-62_135_596_801, 0, False),
        (253_402_300_800, 0, False),
        (-(2**62), 0, False),
        (0, -1, False),
        (0, 1_000_000_000, False),
    ],
)
def test_timestamps_outside_the_protobuf_range_are_refused_anywhere(
    seconds: int, nanos: int, valid: bool
) -> None:
    item = export_pb2.ExportItem(camera_id=1)
    item.start_time.seconds, item.start_time.nanos = seconds, nanos
    request = export_pb2.CreateExportTaskRequest(items=[export_pb2.ExportItem(), item])
    found = request_checks.problem(request)
    assert (found is None) is valid
    if not valid:
        assert found is not None and found.startswith("items[1].start_time:")


def test_durations_must_be_in_range_and_of_one_sign() -> None:
    def problem(seconds: int, nanos: int) -> str | None:
        request = export_pb2.CreateExportTaskRequest(tag_id=1)
        request.margin.seconds, request.margin.nanos = seconds, nanos
        return request_checks.problem(request)

    assert problem(30, 500) is None and problem(-30, -500) is None
    assert problem(315_576_000_000, 0) is None
    assert problem(315_576_000_001, 0) is not None
    assert problem(1, -1) is not None and problem(-1, 1) is not None


def test_field_masks_must_name_field_paths() -> None:
    def problem(*paths: str) -> str | None:
        return request_checks.problem(accounts_pb2.UpdateUserRequest(update_mask={"paths": paths}))

    assert problem("enabled", "group_id", "security.client_certificates") is None
    for bad in ("Enabled", "group__id", "group_", "1st", "a..b", "", "a" * 300, "x" * 1_000_000):
        found = problem("enabled", bad)
        assert found is not None and found.startswith("update_mask:"), bad
        assert len(found) < 200
    assert problem(*["enabled"] * 101) is not None


def test_a_request_without_well_known_types_is_not_walked() -> None:
    assert request_checks.problem(system_pb2.GetServerInfoRequest()) is None


def test_bytes_that_do_not_parse_become_a_malformed_request_not_an_exception() -> None:
    parse = checked_deserializer(accounts_pb2.CreateUserRequest.FromString)
    assert parse is not None
    assert isinstance(parse(b"\x0a\xff\xff\xff\xff\x0f\x01"), MalformedRequest)
    user = accounts_pb2.User(name="op")
    user.create_time.seconds = -(2**62)
    bad = parse(accounts_pb2.CreateUserRequest(user=user).SerializeToString())
    assert isinstance(bad, MalformedRequest) and "user.create_time" in bad.reason
    good = parse(
        accounts_pb2.CreateUserRequest(user=accounts_pb2.User(name="op")).SerializeToString()
    )
    assert isinstance(good, accounts_pb2.CreateUserRequest) and good.user.name == "op"


def test_a_request_without_bytes_fields_is_at_most_a_mebibyte_and_refused_unparsed() -> None:
    parse = checked_deserializer(export_pb2.DownloadExportFileRequest.FromString)
    assert parse is not None
    small = export_pb2.DownloadExportFileRequest(task_id=1, name="n" * 1_000_000)
    assert isinstance(parse(small.SerializeToString()), export_pb2.DownloadExportFileRequest)
    big = export_pb2.DownloadExportFileRequest(task_id=1, name="n" * 1_100_000)
    refused = parse(big.SerializeToString())
    assert isinstance(refused, MalformedRequest)
    assert refused.code is grpc.StatusCode.RESOURCE_EXHAUSTED
    # The configuration import carries a file: gRPC's own limit applies.
    imported = checked_deserializer(system_pb2.ImportConfigRequest.FromString)
    assert imported is not None
    request = system_pb2.ImportConfigRequest(data=b"x" * 3_000_000)
    assert isinstance(imported(request.SerializeToString()), system_pb2.ImportConfigRequest)


def test_error_messages_show_values_short_and_without_url_credentials() -> None:
    huge = "x" * 1_000_000
    assert len(str(NotFound("export file", huge))) < 150
    assert "1000000 characters" in str(NotFound("export file", huge))
    assert len(str(AlreadyExists("camera", huge))) < 150
    message = status_message(InvalidArgument("update_mask", f"unknown setting {huge!r}"))
    assert len(message) <= MAX_STATUS_MESSAGE_CHARS + 40 and "1000031 characters" in message
    url = "rtsp://admin:Cam-Secret-1@10.0.0.5/stream"
    assert "Cam-Secret-1" not in status_message(InvalidArgument("main_url", f"{url!r} is bad"))
    assert "Cam-Secret-1" not in str(NotFound("camera", url))
    cut = status_message(InvalidArgument("main_url", "rtsp://admin:" + huge + "@h/"))
    assert "admin" not in cut
