"""The RTSP server's request side: framing (``RequestReader``), then the headers the
connection parses (Transport, Range, Session) and the Authorization check.

Expected: ``RequestReader.feed`` and ``RtspAuthenticator.authenticate`` never raise;
``parse_transport``, ``parse_range`` and ``parse_session_header`` raise ``ValueError``
naming the bad part (rtsp/headers.py), which the connection answers with a 4xx.
"""

from __future__ import annotations

import contextlib

from fuzz_harnesses._split import chunks
from vedette_server.rtsp.auth import RtspAuthenticator, StaticCredentials
from vedette_server.rtsp.message import (
    RequestReader,
    RtspRequest,
    parse_range,
    parse_session_header,
    parse_transport,
)

_CREDENTIALS = StaticCredentials("admin", "secret")
_AUTH = RtspAuthenticator(
    "vedette",
    check_password=_CREDENTIALS.check_password,
    digest_ha1=_CREDENTIALS.digest_ha1("vedette"),
    clock=lambda: 1_700_000_000.0,
    secret=b"0123456789abcdef",
)
_HEADERS = (
    ("Transport", parse_transport),
    ("Range", parse_range),
    ("Session", parse_session_header),
)


def run(data: bytes) -> None:
    reader = RequestReader(max_head_bytes=4096, max_body_bytes=4096, max_headers=32)
    events = []
    for chunk in chunks(data):
        events += reader.feed(chunk, max_events=8)
    while more := reader.feed(b"", max_events=8):
        events += more
    for event in events:
        if not isinstance(event, RtspRequest):
            continue
        for name, parse in _HEADERS:
            value = event.headers.get(name)
            if value is None:
                continue
            with contextlib.suppress(ValueError):
                parse(value)
        _AUTH.authenticate(event.method, event.headers.get("Authorization"))
