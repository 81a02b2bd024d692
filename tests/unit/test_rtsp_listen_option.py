"""``vedette-server run --rtsp-listen``: where RTSP re-streaming listens, or not at all."""

from __future__ import annotations

import pytest

from vedette_server.cli import parse_rtsp_listen


def test_without_the_option_rtsp_follows_the_grpc_host_and_the_port_setting() -> None:
    assert parse_rtsp_listen(None, "0.0.0.0") == ("0.0.0.0", None)


def test_host_and_port_none_and_bad_values() -> None:
    assert parse_rtsp_listen("127.0.0.1:0", "0.0.0.0") == ("127.0.0.1", 0)
    assert parse_rtsp_listen("[::1]:8554", "0.0.0.0") == ("::1", 8554)
    assert parse_rtsp_listen("192.0.2.7", "127.0.0.1") == ("192.0.2.7", None)
    assert parse_rtsp_listen("none", "127.0.0.1") == (None, None)
    with pytest.raises(SystemExit, match="--rtsp-listen"):
        parse_rtsp_listen("host:99999", "127.0.0.1")
