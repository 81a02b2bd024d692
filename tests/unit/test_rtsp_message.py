"""RTSP message text: framing of client requests, response encoding and header values.

The captures are written out byte for byte in the form ffmpeg (libavformat), GStreamer's
rtspsrc and VLC (live555) send their requests: header order, CRLF, Accept, Transport,
Range and the keep-alive methods each uses.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vedette_server.rtsp.message import (
    REASON_PHRASES,
    Headers,
    InterleavedFrame,
    ReaderEvent,
    RequestError,
    RequestReader,
    RtspRequest,
    RtspResponse,
    TransportSpec,
    parse_range,
    parse_session_header,
    parse_transport,
    reason_phrase,
)

URL = "rtsp://127.0.0.1:8554/cam1"

FFMPEG = (
    f"OPTIONS {URL} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf60.16.100\r\n\r\n"
    f"DESCRIBE {URL} RTSP/1.0\r\nAccept: application/sdp\r\nCSeq: 2\r\n"
    "User-Agent: Lavf60.16.100\r\n\r\n"
    f"SETUP {URL}/trackID=0 RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"
    "CSeq: 3\r\nUser-Agent: Lavf60.16.100\r\n\r\n"
    f"PLAY {URL}/ RTSP/1.0\r\nRange: npt=0.000-\r\nCSeq: 4\r\nUser-Agent: Lavf60.16.100\r\n"
    "Session: 6b8b4567327b23c6\r\n\r\n"
    f"GET_PARAMETER {URL}/ RTSP/1.0\r\nCSeq: 5\r\nUser-Agent: Lavf60.16.100\r\n"
    "Session: 6b8b4567327b23c6\r\n\r\n"
    f"TEARDOWN {URL}/ RTSP/1.0\r\nCSeq: 6\r\nUser-Agent: Lavf60.16.100\r\n"
    "Session: 6b8b4567327b23c6\r\n\r\n"
).encode()

GSTREAMER = (
    f"OPTIONS {URL} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: GStreamer/1.22.0\r\n"
    "Date: Tue, 05 Mar 2024 10:00:00 GMT\r\n\r\n"
    f"DESCRIBE {URL} RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: GStreamer/1.22.0\r\n"
    "Accept: application/sdp\r\nDate: Tue, 05 Mar 2024 10:00:00 GMT\r\n\r\n"
    f"SETUP {URL}/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nUser-Agent: GStreamer/1.22.0\r\n"
    "Transport: RTP/AVP;unicast;client_port=40950-40951\r\n"
    "Date: Tue, 05 Mar 2024 10:00:00 GMT\r\n\r\n"
    f"PLAY {URL}/ RTSP/1.0\r\nCSeq: 4\r\nUser-Agent: GStreamer/1.22.0\r\nRange: npt=0-\r\n"
    "Session: 6b8b4567327b23c6\r\nDate: Tue, 05 Mar 2024 10:00:00 GMT\r\n\r\n"
    f"GET_PARAMETER {URL}/ RTSP/1.0\r\nCSeq: 5\r\nUser-Agent: GStreamer/1.22.0\r\n"
    "Session: 6b8b4567327b23c6\r\nDate: Tue, 05 Mar 2024 10:01:00 GMT\r\n\r\n"
    f"TEARDOWN {URL}/ RTSP/1.0\r\nCSeq: 6\r\nUser-Agent: GStreamer/1.22.0\r\n"
    "Session: 6b8b4567327b23c6\r\nDate: Tue, 05 Mar 2024 10:02:00 GMT\r\n\r\n"
).encode()

VLC_AGENT = "User-Agent: LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)\r\n"
VLC = (
    f"OPTIONS {URL} RTSP/1.0\r\nCSeq: 2\r\n{VLC_AGENT}\r\n"
    f"DESCRIBE {URL} RTSP/1.0\r\nCSeq: 3\r\n{VLC_AGENT}Accept: application/sdp\r\n\r\n"
    f"SETUP {URL}/trackID=0 RTSP/1.0\r\nCSeq: 4\r\n{VLC_AGENT}"
    "Transport: RTP/AVP;unicast;client_port=56028-56029\r\n\r\n"
    f"PLAY {URL}/ RTSP/1.0\r\nCSeq: 5\r\n{VLC_AGENT}Session: 6b8b4567327b23c6\r\n"
    "Range: npt=0.000-\r\n\r\n"
    f"GET_PARAMETER {URL}/ RTSP/1.0\r\nCSeq: 6\r\n{VLC_AGENT}Session: 6b8b4567327b23c6\r\n"
    "Content-Type: text/parameters\r\nContent-Length: 2\r\n\r\n\r\n"
    f"TEARDOWN {URL}/ RTSP/1.0\r\nCSeq: 7\r\n{VLC_AGENT}Session: 6b8b4567327b23c6\r\n\r\n"
).encode()

CAPTURES = {"ffmpeg": FFMPEG, "gstreamer": GSTREAMER, "vlc": VLC}
METHODS = ["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "GET_PARAMETER", "TEARDOWN"]
GOOD = b"OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n\r\n"
GOOD_REQUEST = RtspRequest("OPTIONS", "*", "RTSP/1.0", Headers([("CSeq", "9")]), b"")
RTCP_RR = bytes.fromhex("81c90007deadbeef") + b"\r\n\r\nRTSP/1.0 " + bytes(13)


def feed_all(chunks: list[bytes], reader: RequestReader | None = None) -> list[ReaderEvent]:
    reader = reader or RequestReader()
    return [event for chunk in chunks for event in reader.feed(chunk)]


def requests_of(events: list[ReaderEvent]) -> list[RtspRequest]:
    assert all(isinstance(event, RtspRequest) for event in events), events
    return [event for event in events if isinstance(event, RtspRequest)]


# ----------------------------------------------------------------------------- framing


@pytest.mark.parametrize("client", sorted(CAPTURES))
def test_each_clients_session_parses_into_its_requests(client: str) -> None:
    requests = requests_of(RequestReader().feed(CAPTURES[client]))

    assert [r.method for r in requests] == METHODS
    first_cseq = 2 if client == "vlc" else 1
    assert [r.cseq for r in requests] == [str(first_cseq + i) for i in range(6)]
    assert all(r.version == "RTSP/1.0" for r in requests)
    assert requests[0].uri == URL
    assert requests[1].headers.get("accept") == "application/sdp"
    assert requests[2].uri == f"{URL}/trackID=0"
    assert parse_transport(requests[2].headers.get("Transport", ""))[0].unicast
    assert parse_range(requests[3].headers.get("Range", ""))[1] == 0.0
    assert parse_session_header(requests[3].headers.get("Session", "")) == "6b8b4567327b23c6"
    assert requests[4].body == (b"\r\n" if client == "vlc" else b"")


def test_transport_of_ffmpeg_tcp_and_gstreamer_udp_setups() -> None:
    ffmpeg_setup = requests_of(RequestReader().feed(FFMPEG))[2]
    gst_setup = requests_of(RequestReader().feed(GSTREAMER))[2]

    assert parse_transport(ffmpeg_setup.headers.get("Transport", "")) == [
        TransportSpec("RTP/AVP", "TCP", True, interleaved=(0, 1))
    ]
    assert parse_transport(gst_setup.headers.get("Transport", "")) == [
        TransportSpec("RTP/AVP", "UDP", True, client_port=(40950, 40951))
    ]


def _with_frames(capture: bytes) -> bytes:
    """The capture with an RTCP receiver report after each request, as TCP clients send."""
    parts = capture.split(b"\r\n\r\n")
    frame = InterleavedFrame(1, RTCP_RR).encode()
    return b"\r\n\r\n".join((frame if i else b"") + part for i, part in enumerate(parts))


@pytest.mark.parametrize("client", sorted(CAPTURES))
def test_splitting_at_every_byte_boundary_gives_the_same_events(client: str) -> None:
    data = CAPTURES[client] + InterleavedFrame(1, RTCP_RR).encode() + GOOD
    whole = RequestReader().feed(data)

    for cut in range(len(data) + 1):
        assert feed_all([data[:cut], data[cut:]]) == whole, cut
    assert feed_all([data[i : i + 1] for i in range(len(data))]) == whole


def test_interleaved_frames_between_requests_come_out_in_order() -> None:
    frame = InterleavedFrame(1, RTCP_RR)
    data = GOOD + frame.encode() + frame.encode() + GOOD + InterleavedFrame(0, b"").encode()

    assert RequestReader().feed(data) == [
        GOOD_REQUEST,
        frame,
        frame,
        GOOD_REQUEST,
        InterleavedFrame(0, b""),
    ]


def test_frames_between_every_request_of_a_session_split_anywhere_parse_alike() -> None:
    data = _with_frames(FFMPEG)
    whole = RequestReader().feed(data)

    assert [type(e).__name__ for e in whole].count("InterleavedFrame") == 6
    assert requests_of([e for e in whole if isinstance(e, RtspRequest)])
    for cut in range(0, len(data) + 1, 7):
        assert feed_all([data[:cut], data[cut:]]) == whole


def test_bare_lf_line_ends_and_leading_empty_lines_are_accepted() -> None:
    data = b"\r\n\n\r\nOPTIONS * RTSP/1.0\nCSeq: 9\n\n\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 9\n\r\n"

    assert RequestReader().feed(data) == [GOOD_REQUEST, GOOD_REQUEST]


def test_header_lookup_ignores_case_and_continuation_lines_are_joined() -> None:
    data = (
        b"SETUP rtsp://h/cam1/trackID=0 RTSP/1.0\r\ncseq: 3\r\n"
        b"transport: RTP/AVP;unicast;\r\n client_port=3056-3057\r\nX-A: 1\r\nx-a: 2\r\n\r\n"
    )
    [request] = requests_of(RequestReader().feed(data))

    assert request.cseq == "3"
    assert request.headers.get("TRANSPORT") == "RTP/AVP;unicast; client_port=3056-3057"
    assert request.headers.get_all("X-a") == ["1", "2"]
    assert "x-A" in request.headers
    assert next(iter(request.headers)) == ("cseq", "3")


def test_body_is_read_by_content_length_even_when_it_holds_a_blank_line() -> None:
    sdp = b"v=0\r\n\r\no=- 0 0 IN IP4 127.0.0.1\r\n"
    head = f"SET_PARAMETER {URL} RTSP/1.0\r\nCSeq: 8\r\nContent-Length: {len(sdp)}\r\n\r\n"
    events = RequestReader().feed(head.encode() + sdp + GOOD)

    assert [r.body for r in requests_of(events)] == [sdp, b""]


def test_any_token_is_accepted_as_a_method() -> None:
    [request] = requests_of(RequestReader().feed(b"X-VENDOR_PING * RTSP/1.0\r\nCSeq: 1\r\n\r\n"))

    assert request.method == "X-VENDOR_PING"


# ------------------------------------------------------------------------------ errors

OPTIONS_3 = b"OPTIONS * RTSP/1.0\r\nCSeq: 3\r\n"
ERRORS = {
    "request line of one word": (b"GARBAGE\r\nCSeq: 3\r\n\r\n", 400),
    "request line of four words": (b"OPTIONS * RTSP/1.0 x\r\nCSeq: 3\r\n\r\n", 400),
    "method that is not a token": (b"OPT(IONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n", 400),
    "version that is no version": (b"OPTIONS * RTSP1.0\r\nCSeq: 3\r\n\r\n", 400),
    "header line without colon": (b"OPTIONS * RTSP/1.0\r\nCSeq: 3\r\nNoColon\r\n\r\n", 400),
    "header name with a space": (b"OPTIONS * RTSP/1.0\r\nCSeq: 3\r\nBad Name: 1\r\n\r\n", 400),
    "continuation before any header": (b"OPTIONS * RTSP/1.0\r\n folded\r\nCSeq: 3\r\n\r\n", 400),
    "bare CR in a value": (b"OPTIONS * RTSP/1.0\r\nCSeq: 3\r\nX: a\rb\r\n\r\n", 400),
    "NUL in a value": (b"OPTIONS * RTSP/1.0\r\nCSeq: 3\r\nX: a\x00b\r\n\r\n", 400),
    "control character in the URI": (b"OPTIONS *\x01 RTSP/1.0\r\nCSeq: 3\r\n\r\n", 400),
    "head that is not UTF-8": (b"OPTIONS \xff RTSP/1.0\r\nCSeq: 3\r\n\r\n", 400),
    "Content-Length not a number": (OPTIONS_3 + b"Content-Length: x\r\n\r\n", 400),
    "negative Content-Length": (OPTIONS_3 + b"Content-Length: -1\r\n\r\n", 400),
    "conflicting Content-Lengths": (
        OPTIONS_3 + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
        400,
    ),
    "RTSP/2.0": (b"OPTIONS * RTSP/2.0\r\nCSeq: 3\r\n\r\n", 505),
    "HTTP/1.1": (b"GET /cam1 HTTP/1.1\r\nCSeq: 3\r\nHost: example\r\n\r\n", 505),
    "RTSP/1.1": (b"OPTIONS * RTSP/1.1\r\nCSeq: 3\r\n\r\n", 505),
    "505 with a body": (b"PLAY * RTSP/2.0\r\nCSeq: 3\r\nContent-Length: 6\r\n\r\nab\n\ncd", 505),
    "400 with a body": (b"ANNOUNCE *\r\nCSeq: 3\r\nContent-Length: 6\r\n\r\nab\n\ncd", 400),
    "too many headers": (OPTIONS_3 + b"X: 1\r\n" * 64 + b"\r\n", 413),
    "head over the limit": (OPTIONS_3 + b"X: " + b"a" * 9000 + b"\r\n\r\n", 413),
    "body over the limit": (
        b"ANNOUNCE * RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 70000\r\n\r\n" + b"\n" * 70000,
        413,
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_gets_its_status_and_the_next_request_is_still_read(case: str) -> None:
    bad, status = ERRORS[case]
    data = bad + GOOD

    pieces = [data[i : i + 997] for i in range(0, len(data), 997)]
    for chunks in ([data], [data[:40], data[40:]], pieces):
        events = feed_all(chunks)
        assert len(events) == 2, (case, events)
        error, request = events
        assert isinstance(error, RequestError)
        assert (error.status, error.cseq) == (status, "3")
        assert error.reason
        assert request == GOOD_REQUEST


def test_a_head_without_end_is_not_buffered_past_the_limit() -> None:
    reader = RequestReader(max_head_bytes=1024)
    events = reader.feed(b"OPTIONS * RTSP/1.0\r\nCSeq: 4\r\nX: ")
    for _ in range(1000):
        events += reader.feed(b"a" * 1000)
        assert reader.buffered_bytes <= 1024

    events += reader.feed(b"\r\n\r\n" + GOOD)
    assert events == [RequestError(413, "message head over 1024 bytes", "4"), GOOD_REQUEST]


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_an_oversized_heads_blank_line_is_found_when_split_across_chunks(cut: int) -> None:
    reader = RequestReader(max_head_bytes=64)
    end = b"\r\n\r\n"
    events = reader.feed(b"OPTIONS * RTSP/1.0\r\nCSeq: 4\r\nX: " + b"a" * 100 + end[:cut])
    events += reader.feed(end[cut:] + GOOD)

    assert events == [RequestError(413, "message head over 64 bytes", "4"), GOOD_REQUEST]


def test_an_oversized_heads_cseq_is_read_from_its_first_max_head_bytes_only() -> None:
    data = b"OPTIONS * RTSP/1.0\r\nX: " + b"a" * 100 + b"\r\nCSeq: 4\r\n\r\n" + GOOD
    expected = [RequestError(413, "message head over 64 bytes", None), GOOD_REQUEST]

    assert RequestReader(max_head_bytes=64).feed(data) == expected
    for cut in range(len(data)):
        reader = RequestReader(max_head_bytes=64)
        assert feed_all([data[:cut], data[cut:]], reader) == expected


def test_an_oversized_body_is_skipped_without_being_buffered() -> None:
    reader = RequestReader(max_body_bytes=100)
    events = reader.feed(b"ANNOUNCE * RTSP/1.0\r\nCSeq: 5\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(100):
        events += reader.feed(b"x" * 1000)
        assert reader.buffered_bytes == 0

    events += reader.feed(GOOD)
    assert [type(e) for e in events] == [RequestError, RtspRequest]
    assert isinstance(events[0], RequestError)
    assert (events[0].status, events[0].cseq) == (413, "5")


def test_cseq_of_an_unparsable_head_is_reported_only_when_it_is_clean() -> None:
    broken = b"OPTIONS * RTSP/1.0\r\nCSeq: %s\r\nNoColon\r\n\r\n"
    [clean] = RequestReader().feed(broken % b"17")
    [unclean] = RequestReader().feed(broken % b"1 2")

    assert clean == RequestError(400, "malformed header line 'NoColon'", "17")
    assert unclean == RequestError(400, "malformed header line 'NoColon'", None)


def test_reader_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_head_bytes"):
        RequestReader(max_head_bytes=4)


# ---------------------------------------------------------------------- hypothesis fuzz

_chunkings = st.lists(st.integers(min_value=1, max_value=64), max_size=20)


def _chunked(data: bytes, sizes: list[int]) -> list[bytes]:
    chunks, i = [], 0
    for size in sizes:
        chunks.append(data[i : i + size])
        i += size
    return [*chunks, data[i:]]


@settings(max_examples=300)
@given(data=st.binary(max_size=2000), sizes=_chunkings)
def test_arbitrary_bytes_never_raise_and_split_the_same(data: bytes, sizes: list[int]) -> None:
    reader = RequestReader(max_head_bytes=256, max_body_bytes=256)
    events = feed_all(_chunked(data, sizes), reader)

    assert events == RequestReader(max_head_bytes=256, max_body_bytes=256).feed(data)
    assert all(isinstance(e, RtspRequest | InterleavedFrame | RequestError) for e in events)
    assert reader.buffered_bytes <= 65539


_captured = st.sampled_from([FFMPEG, GSTREAMER, VLC, _with_frames(FFMPEG)])


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(_captured))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        noise = draw(st.binary(min_size=1, max_size=8))
        if kind == "insert":
            data[at:at] = noise
        elif kind == "delete":
            del data[at : at + len(noise)]
        else:
            data[at : at + len(noise)] = noise
    return bytes(data)


@settings(max_examples=300)
@given(data=_mutated(), sizes=_chunkings)
def test_mutated_sessions_never_raise_and_split_the_same(data: bytes, sizes: list[int]) -> None:
    assert feed_all(_chunked(data, sizes)) == RequestReader().feed(data)


@settings(max_examples=300)
@given(garbage=st.binary(max_size=600), sizes=_chunkings)
def test_a_good_request_after_garbage_and_a_blank_line_is_parsed(
    garbage: bytes, sizes: list[int]
) -> None:
    # '$' opens an interleaved frame and Content-Length a body: both may rightly swallow
    # what follows, so garbage here has neither.
    garbage = garbage.replace(b"$", b"#")
    assume(b"content-length" not in garbage.lower())
    reader = RequestReader(max_head_bytes=128)
    events = feed_all(_chunked(garbage + b"\r\n\r\n" + GOOD, sizes), reader)

    assert events[-1] == GOOD_REQUEST


_tokens = st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20
)
_values = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="\x7f"), max_size=40
)


@given(
    method=_tokens,
    uri=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=100),
    fields=st.lists(st.tuples(_tokens, _values), max_size=10),
    body=st.binary(max_size=100),
)
def test_any_well_formed_request_reads_back_as_written(
    method: str, uri: str, fields: list[tuple[str, str]], body: bytes
) -> None:
    fields = [(n, v.strip(" ")) for n, v in fields if n.lower() != "content-length"]
    fields.append(("Content-Length", str(len(body))))
    head = f"{method} {uri} RTSP/1.0\r\n" + "".join(f"{n}: {v}\r\n" for n, v in fields)

    [request] = requests_of(RequestReader().feed(head.encode() + b"\r\n" + body))
    assert (request.method, request.uri, request.body) == (method, uri, body)
    assert list(request.headers) == fields


# ---------------------------------------------------------------------------- response


def test_response_encodes_status_line_headers_and_content_length() -> None:
    response = RtspResponse(200, Headers([("CSeq", "2"), ("Content-Type", "application/sdp")]))
    response.body = b"v=0\r\n"

    assert response.encode() == (
        b"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
        b"Content-Length: 5\r\n\r\nv=0\r\n"
    )
    assert RtspResponse(454).encode() == b"RTSP/1.0 454 Session Not Found\r\n\r\n"


def test_response_content_length_is_always_the_bodys() -> None:
    stale = Headers([("Content-Length", "99"), ("CSeq", "1")])

    assert RtspResponse(200, stale).encode() == b"RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"
    assert b"Content-Length: 2\r\n" in RtspResponse(200, stale, b"ok").encode()


def test_every_rfc_2326_status_has_its_reason_phrase() -> None:
    codes = [100, 200, 201, 250, *range(300, 306), *range(400, 409), *range(410, 416)]
    codes += [*range(451, 463), *range(500, 506), 551]

    assert sorted(REASON_PHRASES) == codes
    assert reason_phrase(461) == "Unsupported transport"
    assert reason_phrase(505) == "RTSP Version not supported"
    assert reason_phrase(499) == "Client Error"
    assert RtspResponse(299, reason="Fine").encode() == b"RTSP/1.0 299 Fine\r\n\r\n"


def test_headers_refuse_injected_lines_and_bad_names() -> None:
    headers = Headers()
    with pytest.raises(ValueError, match="control character"):
        headers.add("CSeq", "1\r\nX-Injected: 1")
    with pytest.raises(ValueError, match="not a token"):
        headers.set("Bad Name", "1")
    with pytest.raises(ValueError, match="control character"):
        RtspResponse(200, reason="OK\r\nX: 1").encode()


def test_headers_set_replaces_all_in_place_and_remove_drops_all() -> None:
    headers = Headers([("A", "1"), ("CSeq", "1"), ("a", "2"), ("B", "3")])
    headers.set("a", "9")

    assert list(headers) == [("a", "9"), ("CSeq", "1"), ("B", "3")]
    headers.remove("cseq")
    assert list(headers) == [("a", "9"), ("B", "3")]
    assert headers.get("missing", "x") == "x"
    assert headers.get("missing") is None


def test_interleaved_frame_encodes_dollar_channel_and_length() -> None:
    assert InterleavedFrame(1, b"abc").encode() == b"$\x01\x00\x03abc"
    with pytest.raises(ValueError, match="65535"):
        InterleavedFrame(0, bytes(70000)).encode()


# --------------------------------------------------------------------------- Transport


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RTP/AVP/TCP;unicast;interleaved=0-1", [TransportSpec(lower="TCP", interleaved=(0, 1))]),
        ("RTP/AVP/UDP;unicast;client_port=5000-5001", [TransportSpec(client_port=(5000, 5001))]),
        ("RTP/AVP;unicast;client_port=5000", [TransportSpec(client_port=(5000, 5001))]),
        ("rtp/avp/tcp;UNICAST;interleaved=4", [TransportSpec(lower="TCP", interleaved=(4, 5))]),
        (
            'RTP/AVP;multicast;ttl=127;mode="PLAY", '
            'RTP/AVP;unicast;client_port=3456-3457;mode="PLAY"',
            [
                TransportSpec(unicast=False, mode="PLAY"),
                TransportSpec(client_port=(3456, 3457), mode="PLAY"),
            ],
        ),
        (
            "RTP/AVP;unicast;destination=10.0.0.9;client_port=1-2;server_port=3-4;ssrc=1a2b3c4d",
            [
                TransportSpec(
                    client_port=(1, 2), server_port=(3, 4), ssrc=0x1A2B3C4D, destination="10.0.0.9"
                )
            ],
        ),
        ("RTP/AVP;unicast;mode=record;append", [TransportSpec(mode="RECORD")]),
        ("RTP/AVPF/UDP;unicast;client_port=9-10", [TransportSpec("RTP/AVPF", client_port=(9, 10))]),
        ("RTP/AVP;client_port=9-10,", [TransportSpec(client_port=(9, 10))]),
    ],
)
def test_transport_values_parse_into_specs(value: str, expected: list[TransportSpec]) -> None:
    assert parse_transport(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "no transport-spec"),
        ("RTP;unicast", "'RTP' is not transport/profile"),
        ("RTP/AVP;unicast;client_port=abc", "client_port=abc is not a number"),
        ("RTP/AVP;unicast;client_port=70000-70001", "out of range 0-65535"),
        ("RTP/AVP;unicast;client_port=65535", "out of range 0-65535"),
        ("RTP/AVP/TCP;unicast;interleaved=256-257", "interleaved=256-257 is out of range 0-255"),
        ("RTP/AVP/TCP;unicast;interleaved", "interleaved has no value"),
        ("RTP/AVP;unicast;multicast", "both unicast and multicast"),
        ("RTP/AVP;unicast;ssrc=XYZ", "ssrc=XYZ is not 1-8 hexadecimal"),
        ("RTP/AVP;unicast;ssrc=123456789", "ssrc=123456789"),
        ('RTP/AVP;mode="PLAY', "unbalanced quote"),
        ("RTP/AVP;mode=", "mode has no value"),
    ],
)
def test_malformed_transport_values_name_the_bad_part(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_transport(value)


def test_transport_reply_values_are_formatted_as_clients_expect() -> None:
    tcp = TransportSpec(lower="TCP", interleaved=(0, 1), ssrc=0x1A2B3C4D)
    udp = TransportSpec(client_port=(5000, 5001), server_port=(6000, 6001), ssrc=0xBEEF)

    assert tcp.header_value() == "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1A2B3C4D"
    assert udp.header_value() == (
        "RTP/AVP;unicast;client_port=5000-5001;server_port=6000-6001;ssrc=0000BEEF"
    )
    assert TransportSpec(mode="PLAY,RECORD").header_value() == 'RTP/AVP;unicast;mode="PLAY,RECORD"'


_pairs = st.tuples(st.integers(0, 65535), st.integers(0, 65535))
_specs = st.builds(
    TransportSpec,
    profile=st.sampled_from(["RTP/AVP", "RTP/AVPF", "RTP/SAVP"]),
    lower=st.sampled_from(["UDP", "TCP"]),
    unicast=st.booleans(),
    client_port=st.none() | _pairs,
    server_port=st.none() | _pairs,
    interleaved=st.none() | st.tuples(st.integers(0, 255), st.integers(0, 255)),
    ssrc=st.none() | st.integers(0, 0xFFFFFFFF),
    mode=st.none() | st.sampled_from(["PLAY", "RECORD", "PLAY,RECORD"]),
    destination=st.none() | st.sampled_from(["", "127.0.0.1", "[::1]", "cam.example"]),
)


@given(spec=_specs)
def test_a_formatted_transport_parses_back_to_the_same_spec(spec: TransportSpec) -> None:
    assert parse_transport(spec.header_value()) == [spec]


# ----------------------------------------------------------------------- Session, Range


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12345678;timeout=60", "12345678"), (" a.b-c_d+e$ ", "a.b-c_d+e$"), ("ABCDEF01", "ABCDEF01")],
)
def test_session_header_gives_the_id_without_timeout(value: str, expected: str) -> None:
    assert parse_session_header(value) == expected


@pytest.mark.parametrize("value", ["", ";timeout=60", "a b", 'a"b', "a,b"])
def test_malformed_session_header_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="session id"):
        parse_session_header(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("npt=now-", ("npt", None, None)),
        ("npt=0.000-", ("npt", 0.0, None)),
        ("npt=0-", ("npt", 0.0, None)),
        ("npt = 123.45 - 125", ("npt", 123.45, 125.0)),
        ("npt=12:05:35.3-", ("npt", 43535.3, None)),
        ("npt=-20", ("npt", None, 20.0)),
        ("NPT=5-;time=19970123T153600Z", ("npt", 5.0, None)),
        ("clock=19961108T143720.25Z-", ("clock", 847463840.25, None)),
        ("clock=20240305T100000Z-20240305T100010Z", ("clock", 1709632800.0, 1709632810.0)),
        ("smpte=10:07:00-10:07:33:05.01", ("smpte", 36420.0, 36453 + 5.01 / 30)),
        ("smpte-25=0:00:01:05-", ("smpte-25", 1.2, None)),
    ],
)
def test_range_values_parse_into_unit_start_and_end(
    value: str, expected: tuple[str, float | None, float | None]
) -> None:
    assert parse_range(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("npt", "not unit=start-"),
        ("npt=5", "not unit=start-"),
        ("npt=1-2-3", "not unit=start-"),
        ("npt=-", "neither start nor end"),
        ("npt=abc-", "npt time 'abc'"),
        ("npt=1:70:00-", "npt time '1:70:00'"),
        ("clock=2024-", "clock time '2024'"),
        ("clock=20241301T000000Z-", "not a valid date"),
        ("clock=-20240101T000000Z", "clock range has no start"),
        ("smpte=1:2-", "smpte time '1:2'"),
        ("frames=1-2", "range unit 'frames'"),
    ],
)
def test_malformed_range_values_are_refused(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_range(value)
