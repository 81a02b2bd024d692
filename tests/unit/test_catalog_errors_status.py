"""Catalog errors are domain errors: one that escapes a servicer gets its own gRPC code
(NOT_FOUND, INVALID_ARGUMENT…), not INTERNAL with "see the server log"."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest

from vedette_server import errors
from vedette_server.api.status import status_for, unary
from vedette_server.catalog.database import (
    CameraNotFound,
    CatalogError,
    DiskGroupNotFound,
    InvalidSegment,
    InvalidTimeRange,
    SegmentLocked,
    SegmentNotFound,
    SegmentNotOpen,
    SegmentPathTaken,
    VolumeNotFound,
)

CASES = [
    (CameraNotFound(7), grpc.StatusCode.NOT_FOUND, "no camera with id 7"),
    (VolumeNotFound(3), grpc.StatusCode.NOT_FOUND, "no volume with id 3"),
    (DiskGroupNotFound(9), grpc.StatusCode.NOT_FOUND, "no disk group with id 9"),
    (SegmentNotFound(11), grpc.StatusCode.NOT_FOUND, "no segment with id 11"),
    (SegmentLocked(12), grpc.StatusCode.FAILED_PRECONDITION, "segment 12 is locked"),
    (SegmentNotOpen(13, 5), grpc.StatusCode.FAILED_PRECONDITION, "already complete"),
    (SegmentPathTaken(1, "a/b.vseg"), grpc.StatusCode.ALREADY_EXISTS, "a/b.vseg"),
    (InvalidTimeRange(10, 5), grpc.StatusCode.INVALID_ARGUMENT, "t1_us (5)"),
    (InvalidSegment("end_us", -1, "negative"), grpc.StatusCode.INVALID_ARGUMENT, "end_us"),
]


class _Aborted(Exception):
    pass


class _Context:
    """Just what ``unary`` uses of a servicer context: ``abort`` raises."""

    def __init__(self) -> None:
        self.code: grpc.StatusCode | None = None
        self.details = ""

    async def abort(
        self, code: grpc.StatusCode, details: str, trailing_metadata: tuple[Any, ...] = ()
    ) -> None:
        self.code, self.details = code, details
        raise _Aborted(details)


@pytest.mark.parametrize(("error", "code", "words"), CASES, ids=lambda c: type(c).__name__)
def test_an_escaped_catalog_error_is_answered_with_its_own_code(
    error: CatalogError, code: grpc.StatusCode, words: str
) -> None:
    class Servicer:
        @unary
        async def GetThing(self, request: Any, context: Any) -> None:
            raise error

    context = _Context()
    with pytest.raises(_Aborted):
        asyncio.run(Servicer().GetThing(None, context))
    assert context.code == code
    assert words in context.details
    assert "see the server log" not in context.details


@pytest.mark.parametrize(("error", "code", "words"), CASES, ids=lambda c: type(c).__name__)
def test_catalog_errors_are_domain_errors_and_keep_their_facts(
    error: CatalogError, code: grpc.StatusCode, words: str
) -> None:
    assert isinstance(error, errors.VedetteError)
    assert status_for(error) == code
    assert words in str(error)


def test_the_catalog_and_the_api_say_not_found_the_same_way() -> None:
    missing = CameraNotFound(42)
    assert isinstance(missing, errors.NotFound)
    assert (missing.kind, missing.key, missing.camera_id) == ("camera", 42, 42)


def test_range_errors_are_still_value_errors_naming_their_field() -> None:
    bad = InvalidTimeRange(10, 5)
    assert isinstance(bad, ValueError)
    assert bad.field == "t1_us"
