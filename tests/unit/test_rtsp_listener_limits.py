"""The pure parts of the RTSP listener's limits: the limits' validation, the counters'
rate-limited report, the reader's capped parsing and the bounded request intake with
its header and idle clocks (an injected clock: nothing here sleeps)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_server.rtsp.intake import RequestIntake
from vedette_server.rtsp.limits import DropReason, ListenerCounters, RtspLimits
from vedette_server.rtsp.message import InterleavedFrame, RequestError, RequestReader, RtspRequest

OPTIONS = b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"
RTCP = InterleavedFrame(1, bytes.fromhex("81c90001deadbeef")).encode()


class Clock:
    def __init__(self) -> None:
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


# -- RtspLimits -------------------------------------------------------------------------


def test_default_limits_are_those_a_vms_listener_documents() -> None:
    limits = RtspLimits()
    assert (limits.max_connections, limits.max_connections_per_address) == (256, 32)
    assert (limits.header_timeout_s, limits.idle_timeout_s) == (10.0, 60.0)
    assert (limits.max_queued_requests, limits.max_pending_write_bytes) == (16, 256 << 10)
    assert limits.check_interval_s == 1.0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_connections", 0),
        ("max_connections_per_address", -1),
        ("max_queued_requests", 1.5),
        ("max_pending_write_bytes", 0),
        ("header_timeout_s", 0.0),
        ("idle_timeout_s", math.nan),
        ("report_interval_s", math.inf),
    ],
)
def test_limits_refuse_a_value_that_would_disable_them(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"RtspLimits.{field} must be"):
        RtspLimits(**{field: value})  # type: ignore[arg-type]


def test_small_timeouts_are_checked_often_enough() -> None:
    assert RtspLimits(header_timeout_s=1.0, idle_timeout_s=2.0).check_interval_s == 0.25
    assert RtspLimits(header_timeout_s=0.01).check_interval_s == 0.05


# -- ListenerCounters --------------------------------------------------------------------


def test_a_flood_of_refusals_is_one_report_an_interval() -> None:
    counters = ListenerCounters(report_interval_s=60.0)
    assert counters.report(0.0) is None  # nothing to say
    for _ in range(1000):
        counters.count(DropReason.MAX_CONNECTIONS_PER_ADDRESS)
    counters.count(DropReason.HEADER_TIMEOUT)
    line = counters.report(1.0)
    assert line is not None
    assert "refused 1000 and closed 1" in line
    assert "max_connections_per_address 1000" in line and "header_timeout 1" in line
    for second in range(2, 61):
        counters.count(DropReason.IDLE_TIMEOUT)
        assert counters.report(float(second)) is None  # within the interval
    line = counters.report(61.0)
    assert line is not None and "closed 59" in line and "idle_timeout 59" in line
    assert "max_connections_per_address" not in line  # only what is new
    assert counters.as_dict()["max_connections_per_address"] == 1000


# -- RequestReader with max_events ------------------------------------------------------


def test_a_capped_feed_leaves_the_rest_unparsed_until_asked() -> None:
    reader = RequestReader()
    events = reader.feed(OPTIONS * 5, max_events=2)
    assert len(events) == 2
    assert reader.buffered_bytes == 3 * len(OPTIONS)
    assert reader.feed(b"", max_events=0) == []
    assert len(reader.feed(b"", max_events=10)) == 3
    assert reader.buffered_bytes == 0 and not reader.in_message


def test_in_message_is_true_only_while_part_of_a_message_is_awaited() -> None:
    reader = RequestReader()
    assert not reader.in_message
    reader.feed(b"\r\n\r\n")  # blank lines between messages are not a message
    assert not reader.in_message
    reader.feed(OPTIONS[:10])
    assert reader.in_message
    reader.feed(OPTIONS[10:])
    assert not reader.in_message
    reader.feed(b"SET_PARAMETER * RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 4\r\n\r\nab")
    assert reader.in_message  # its body is awaited
    reader.feed(b"cd")
    assert not reader.in_message


@settings(max_examples=200)
@given(
    kinds=st.lists(st.sampled_from(["options", "frame", "garbage", "body"]), max_size=30),
    caps=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=10),
)
def test_capped_feeds_give_the_same_events_as_one_feed(kinds: list[str], caps: list[int]) -> None:
    parts = {
        "options": OPTIONS,
        "frame": RTCP,
        "garbage": b"no request here\r\n\r\n",
        "body": b"GET_PARAMETER * RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 2\r\n\r\nok",
    }
    data = b"".join(parts[k] for k in kinds)
    expected = RequestReader().feed(data)
    reader = RequestReader()
    events = reader.feed(data, max_events=caps[0])
    for cap in caps[1:]:
        events += reader.feed(b"", max_events=cap)
    events += reader.feed(b"")
    assert events == expected


# -- RequestIntake ------------------------------------------------------------------------


def test_the_queue_stops_at_its_bound_and_refills_as_requests_are_taken() -> None:
    frames: list[InterleavedFrame] = []
    intake = RequestIntake(4, frames.append)
    intake.receive(OPTIONS * 100)
    assert intake.queued == 4 and not intake.wants_more
    assert intake.reader.buffered_bytes == 96 * len(OPTIONS)  # bytes, not objects
    taken = 0
    while (event := intake.take()) is not None:
        assert isinstance(event, RtspRequest)
        assert intake.queued <= 4
        taken += 1
    assert taken == 100 and intake.wants_more


def test_client_rtcp_is_handed_on_as_it_is_read_and_takes_no_room() -> None:
    frames: list[InterleavedFrame] = []
    intake = RequestIntake(2, frames.append)
    intake.receive(OPTIONS + RTCP * 3 + OPTIONS + RTCP + OPTIONS)
    assert intake.queued == 2 and len(frames) == 3  # the rest waits behind the queue
    intake.take()
    assert intake.queued == 2 and len(frames) == 4


def test_errors_queue_like_requests() -> None:
    intake = RequestIntake(2, lambda frame: None)
    intake.receive(b"nonsense\r\n\r\n" + OPTIONS)
    first = intake.take()
    assert isinstance(first, RequestError) and first.status == 400
    assert isinstance(intake.take(), RtspRequest)


def test_clear_drops_what_was_queued_and_what_comes_after() -> None:
    intake = RequestIntake(4, lambda frame: None)
    intake.receive(OPTIONS * 10)
    intake.clear()
    assert intake.take() is None and intake.queued == 0 and not intake.wants_more
    intake.receive(OPTIONS)
    assert intake.take() is None


def test_the_header_clock_runs_from_the_opening_until_the_first_request() -> None:
    clock = Clock()
    intake = RequestIntake(4, lambda frame: None, clock=clock)
    assert intake.partial_since == 100.0
    clock.now_s = 105.0
    intake.receive(b"\r\n")  # blank lines are not a request
    assert intake.partial_since == 100.0
    intake.receive(OPTIONS)
    assert intake.partial_since is None and intake.last_request_s == 105.0


def test_the_header_clock_runs_from_a_requests_first_byte_to_its_last() -> None:
    clock = Clock()
    intake = RequestIntake(4, lambda frame: None, clock=clock)
    intake.receive(OPTIONS)
    for step, byte in enumerate(OPTIONS[:-1]):  # a slowloris: its start stays the start
        clock.now_s = 200.0 + step
        intake.receive(bytes([byte]))
        assert intake.partial_since == 200.0
    clock.now_s = 300.0
    intake.receive(OPTIONS[-1:] + OPTIONS[:3])  # done, and the next one begins now
    assert intake.partial_since == 300.0 and intake.last_request_s == 300.0


def test_the_header_clock_stops_while_the_server_holds_the_client_back() -> None:
    clock = Clock()
    intake = RequestIntake(2, lambda frame: None, clock=clock)
    intake.receive(OPTIONS * 3 + OPTIONS[:5])
    assert not intake.wants_more and intake.partial_since is None
    clock.now_s = 150.0
    intake.take()
    intake.take()
    intake.take()
    assert intake.wants_more and intake.partial_since == 150.0  # the rest is the client's
