"""bench/soak_proxy.py's relay, which bench/soak.py's reconnect figures rest on.

Between the server's own RTSP client and a real camsim on 127.0.0.1: every
connection is logged as an attempt, media flowing is noted once per connection,
``drop_all`` ends every relayed connection at once and refuses (still logging)
new ones for its window, and a stream relays again after it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import wait_for
from vedette_server.ingest.messages import OfflineReason
from vedette_server.ingest.native_source import NativeRtspSource
from vedette_server.ingest.source import SourceError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from soak_proxy import Relay, carries_rtp

PATHS = ["cam1/main", "cam1/sub"]


def first_packet(relay: Relay, path: str) -> NativeRtspSource:
    """A source of ``path`` through the relay, once a packet came (blocking)."""
    source = NativeRtspSource(relay.url(path), connect_timeout_s=60, read_timeout_s=60)
    source.open()
    next(iter(source.packets()))
    return source


def test_relay_logs_attempts_and_flows_and_drops_every_stream_at_once(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory()
    relay = Relay(camsim.port, PATHS)
    relay.start()
    try:
        sources = [first_packet(relay, path) for path in PATHS]
        # the relay notes a flow at the first chunk it sees begin with RTP: the
        # client may have decoded a packet from the chunk before (an RTP header
        # split across reads)
        wait_for(lambda: all(relay.logs[p].flows for p in PATHS), 60, "a flow per stream")
        assert [(len(relay.logs[p].attempts), len(relay.logs[p].flows)) for p in PATHS] == [
            (1, 1),
            (1, 1),
        ]
        relay.drop_all(refuse_s=600)
        for source in sources:
            with pytest.raises(SourceError) as ended:
                for _ in source.packets():
                    pass
            assert ended.value.reason == OfflineReason.STREAM_ENDED
            source.close()
        refused = NativeRtspSource(relay.url("cam1/main"), connect_timeout_s=60)
        with pytest.raises(SourceError):
            refused.open()
        refused.close()
        assert len(relay.logs["cam1/main"].attempts) == 2
        assert [relay.logs[p].closes for p in PATHS] == [[], []]  # the relay's drop, not camsim's
        assert len(relay.logs["cam1/main"].flows) == 1

        relay.drop_all(refuse_s=0)  # the window ends: relayed again
        again = first_packet(relay, "cam1/main")
        wait_for(lambda: len(relay.logs["cam1/main"].flows) == 2, 60, "the second flow")
        again.close()
        assert (len(relay.logs["cam1/main"].attempts), len(relay.logs["cam1/main"].flows)) == (3, 2)
        assert relay.logs["cam1/main"].flows[1] > relay.logs["cam1/main"].attempts[1]
    finally:
        relay.stop()


def test_only_rtp_counts_as_media_not_rtcp_or_rtsp_answers() -> None:
    """camsim's sender reports go on during a ``drop``: counted as media, they hid
    the end of the drop (the media that came back within SILENCE_S of one)."""
    rtcp, rtp = b"$\x01\x00\x04" + b"abcd", b"$\x00\x00\x02" + b"xy"
    answer = b"RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n"
    assert carries_rtp(rtp) and carries_rtp(rtcp + rtp) and carries_rtp(answer + rtp)
    assert not carries_rtp(rtcp) and not carries_rtp(answer + rtcp)
    assert not carries_rtp(answer) and not carries_rtp(b"RTSP/1.0 200 OK\r\n\r\nv=0\r\n")
