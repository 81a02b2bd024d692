"""The RTSP client's side (recording from cameras): the interleaved byte stream of
responses and ``$`` frames (``InterleavedReader``), then what the client reads from a
response: Session, Content-Base, the SETUP Transport's channels, a 401's challenges,
and the RTCP of the frames.

Expected: ``content_base`` and ``resolve_control`` raise ``RtspProtocolError`` for a
base URL they cannot join (client.py's documented error); nothing else raises
(interleaved.py, rtcp.py and client_auth.py say so; ``parse_session`` reads any text).
"""

from __future__ import annotations

from fuzz_harnesses._split import chunks
from vedette_server.rtsp.client import (
    _INTERLEAVED_RE,
    RtspProtocolError,
    content_base,
    parse_session,
    resolve_control,
)
from vedette_server.rtsp.client_auth import ClientAuth
from vedette_server.rtsp.interleaved import InterleavedReader, RtspMessage
from vedette_server.rtsp.rtcp import parse_rtcp

_URL = "rtsp://127.0.0.1:8554/cam1"


def run(data: bytes) -> None:
    reader = InterleavedReader()
    frames: list[bytes] = []

    def keep(view: memoryview, start: int, end: int) -> None:
        frames.append(bytes(view[start:end]))

    reader.set_channel(0, keep)
    reader.set_channel(1, keep)
    reader.set_channel(2, None)
    messages: list[RtspMessage] = []
    for chunk in chunks(data):
        reader.feed(chunk)
        reader.drain(messages)
    auth = ClientAuth("admin", "secret")
    for message in messages:
        session = message.headers.get("Session")
        if session is not None:
            parse_session(session)
        try:
            base = content_base(_URL, message)
            resolve_control(resolve_control(base, "/cam1/"), "trackID=1")
        except RtspProtocolError:
            pass  # a base the client cannot use: the camera's error, named
        transport = message.headers.get("Transport") or ""
        challenges = message.headers.get_all("WWW-Authenticate")
        if challenges and auth.accept_challenge(challenges):
            auth.header("DESCRIBE", _URL)
        match = _INTERLEAVED_RE.search(transport)
        if match:
            int(match[1])
    for frame in frames:
        parse_rtcp(frame)
