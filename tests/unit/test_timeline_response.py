"""GetTimelineResponse from spans: the same message as one built run by run, stored or not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vedette_api.v1 import common_pb2, search_pb2
from vedette_server.api.timeline_response import TimelineResponses
from vedette_server.catalog.timeline import Span

BITS = [(1, common_pb2.RECORD_REASON_SCHEDULE), (2, common_pb2.RECORD_REASON_MANUAL),
        (4, common_pb2.RECORD_REASON_MOTION), (8, common_pb2.RECORD_REASON_SENSOR),
        (16, common_pb2.RECORD_REASON_ANALYTICS)]  # fmt: skip


def built_run_by_run(
    camera_ids: list[int], spans: dict[int, list[Span]]
) -> search_pb2.GetTimelineResponse:
    """The response as the servicer built it before (a message per run)."""
    response = search_pb2.GetTimelineResponse()
    for camera_id in camera_ids:
        entry = response.timelines.add(camera_id=camera_id)
        for start_us, end_us, reasons in spans.get(camera_id, []):
            run = entry.runs.add()
            run.start_time.FromMicroseconds(start_us)
            run.end_time.FromMicroseconds(end_us)
            run.record_reasons.extend(r for bit, r in BITS if reasons & bit)
    return response


instants = st.integers(-(10**15), 253_402_300_799 * 10**6)  # 1938 to 9999, any microsecond
spans = st.lists(st.tuples(instants, instants, st.integers(0, 31)), max_size=8)
timelines = st.dictionaries(st.integers(1, 2**40), spans, max_size=5)


@given(timelines, st.integers(0, 4000))
def test_the_response_is_the_one_built_run_by_run_byte_for_byte_stored_or_not(
    found: dict[int, list[Span]], max_stored_bytes: int
) -> None:
    camera_ids = [*found, 7]  # and a camera without runs
    expected = built_run_by_run(camera_ids, found).SerializeToString()
    responses = TimelineResponses(max_stored_bytes)
    for _ in range(2):  # encoded, then (while it fits) stored
        assert responses.response(camera_ids, found).SerializeToString() == expected
        assert responses.stored_bytes <= max_stored_bytes


def test_a_changed_run_is_never_answered_from_what_was_stored() -> None:
    responses = TimelineResponses()
    before = responses.response([1], {1: [(0, 10_000_000, 1)]})
    after = responses.response([1], {1: [(0, 12_500_000, 5)]})  # the run went on, motion
    assert before.timelines[0].runs[0].end_time.seconds == 10
    assert after.timelines[0].runs[0].end_time.ToMicroseconds() == 12_500_000
    assert list(after.timelines[0].runs[0].record_reasons) == [
        common_pb2.RECORD_REASON_SCHEDULE,
        common_pb2.RECORD_REASON_MOTION,
    ]
