"""Vedette's RTSP server under many clients, slow clients and bad clients (camsim as host)."""

from __future__ import annotations

import asyncio
import statistics
import time
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.rtp_depacketizer import H264Depacketizer, parse_rtp_packet
from tests.support.rtsp_client import RtspTestClient

pytestmark = pytest.mark.interop
FRAME_S = 0.04


def frame_times(client: RtspTestClient) -> list[tuple[int, float]]:
    """(rtp timestamp, arrival wall s) of each access unit's last packet (marker bit)."""
    out = []
    for arrival in client.rtp(0):
        packet = parse_rtp_packet(arrival.data)
        if packet.marker:
            out.append((packet.timestamp, arrival.wall_s))
    return out


def capture_wall_s(client: RtspTestClient, rtp_timestamp: int) -> float:
    wall_us, sr_rtp = client.sender_reports(1)[0]
    delta = (rtp_timestamp - sr_rtp + (1 << 31)) % (1 << 32) - (1 << 31)
    return wall_us / 1e6 + delta / 90000


def test_32_clients_on_one_stream_all_receive_every_frame_on_time(
    camsim_h264: CamsimProcess,
) -> None:
    seconds = 6.0

    async def run() -> list[RtspTestClient]:
        # A camsim that has just started may be mid-GOP, with no keyframe cached yet, so
        # its first clients wait up to a GOP for their first frame. Wait for one frame
        # first, so the 32 clients all join on a cached GOP and the window is all live.
        warm = RtspTestClient("127.0.0.1", camsim_h264.port)
        await warm.connect()
        assert (await warm.play("cam1/sub")).status == 200
        await warm.wait_for_media(0, timeout=5.0)
        await warm.close()
        clients = [RtspTestClient("127.0.0.1", camsim_h264.port) for _ in range(32)]
        for client in clients:
            await client.connect()
        # The sub stream: the server does the same work per client, and the test process
        # (one Python process reading 32 streams) stays light enough to time arrivals.
        responses = await asyncio.gather(*(c.play("cam1/sub") for c in clients))
        assert [r.status for r in responses] == [200] * 32
        started = time.time()
        await asyncio.sleep(seconds)
        for client in clients:
            await client.close()
        for client in clients:
            client.started = started  # type: ignore[attr-defined]
        return clients

    clients = asyncio.run(run())
    for client in clients:
        frames = frame_times(client)
        depacketizer = H264Depacketizer()
        depacketizer.feed(a.data for a in client.rtp(0))
        assert depacketizer.gaps == [], "sequence gaps: packets lost"
        assert all(au.complete for au in depacketizer.access_units[:-1])
        live = [(ts, at) for ts, at in frames if capture_wall_s(client, ts) >= client.started + 0.2]  # type: ignore[attr-defined]
        captures = [capture_wall_s(client, ts) for ts, _ in live]
        steps = [b - a for a, b in pairwise(captures)]
        assert all(s == pytest.approx(FRAME_S, abs=0.001) for s in steps), "a frame is missing"
        assert captures[-1] - captures[0] >= seconds - 1.5, "frames stopped coming"
        lateness = [at - capture_wall_s(client, ts) for ts, at in live]
        assert statistics.median(lateness) < 0.1, (
            f"median lateness {statistics.median(lateness):.3f}s"
        )
        # A loaded CI machine can pause the server or this process for half a second
        # (one run: 0.59 s); what must hold is that a pause is caught up, not kept as
        # a backlog (the median above). Timings proper are measured in bench/fanout.py.
        assert max(lateness) < 2.0, f"max lateness {max(lateness):.3f}s"


def test_a_client_joining_starts_at_a_keyframe_with_its_parameter_sets(
    camsim_h264: CamsimProcess,
) -> None:
    async def run() -> RtspTestClient:
        client = RtspTestClient("127.0.0.1", camsim_h264.port)
        await client.connect()
        assert (await client.play("cam2/main")).status == 200
        await asyncio.sleep(0.5)
        await client.close()
        return client

    client = asyncio.run(run())
    depacketizer = H264Depacketizer()
    depacketizer.feed(a.data for a in client.rtp(0))
    first = depacketizer.access_units[0]
    assert [nal[0] & 0x1F for nal in first.nal_units][:2] == [7, 8]  # SPS, PPS
    assert 5 in [nal[0] & 0x1F for nal in first.nal_units]  # IDR slice


def test_a_slow_client_is_skipped_to_the_next_keyframe_and_others_are_unaffected(
    camsim_factory,
) -> None:
    camsim = camsim_factory("--main-kbps", "4000")

    async def run() -> tuple[RtspTestClient, RtspTestClient]:
        slow = RtspTestClient("127.0.0.1", camsim.port)
        fast = RtspTestClient("127.0.0.1", camsim.port)
        await slow.connect(receive_buffer=16384)
        await fast.connect()
        assert (await slow.play("cam1/main")).status == 200
        assert (await fast.play("cam1/main")).status == 200
        slow.reading.clear()  # stop reading: the server's buffers for it fill up
        await asyncio.sleep(10)  # 5 MB at 4 Mbit/s: more than every buffer on the way
        slow.reading.set()
        await asyncio.sleep(3)
        await slow.close()
        await fast.close()
        return slow, fast

    slow, fast = asyncio.run(run())
    fast_frames = H264Depacketizer()
    fast_frames.feed(a.data for a in fast.rtp(0))
    assert fast_frames.gaps == []
    slow_frames = H264Depacketizer()
    slow_frames.feed(a.data for a in slow.rtp(0))
    assert slow_frames.gaps, "the slow client should have been skipped forward"
    packets = [parse_rtp_packet(a.data) for a in slow.rtp(0)]
    for before, after in pairwise(packets):
        if after.sequence_number != (before.sequence_number + 1) % 65536:
            assert before.marker, "skipped in the middle of a frame"
            assert first_nal_type(after.payload) in (5, 7), "resumed on a non-keyframe"


def first_nal_type(payload: bytes) -> int:
    nal_type = payload[0] & 0x1F
    return payload[1] & 0x1F if nal_type == 28 else nal_type


async def _status(port: int, raw: bytes) -> int:
    client = RtspTestClient("127.0.0.1", port)
    await client.connect()
    await client.send_raw(raw)
    response = await asyncio.wait_for(client.responses.get(), 10)
    await client.close()
    return response.status


SETUP = "SETUP rtsp://h/cam1/main/trackID=0 RTSP/1.0\r\nCSeq: 1\r\n"


@pytest.mark.parametrize(
    ("request_text", "status"),
    [
        ("DESCRIBE rtsp://h/nowhere/main RTSP/1.0\r\nCSeq: 1\r\n\r\n", 404),
        ("PLAY rtsp://h/cam1/main RTSP/1.0\r\nCSeq: 1\r\nSession: 1234\r\n\r\n", 454),
        (SETUP + "Transport: RTP/AVP;multicast\r\n\r\n", 461),
        (SETUP + "Transport: RTP/SAVP/TCP;interleaved=0-1\r\n\r\n", 461),
        (SETUP.replace("trackID=0", "trackID=9") + "Transport: RTP/AVP/TCP\r\n\r\n", 404),
        ("DESCRIBE rtsp://h/cam1/main HTTP/1.1\r\nCSeq: 1\r\n\r\n", 505),
        ("this is not rtsp\r\n\r\n", 400),
        ("RECORD rtsp://h/cam1/main RTSP/1.0\r\nCSeq: 1\r\n\r\n", 405),
        ("FROBNICATE rtsp://h/cam1/main RTSP/1.0\r\nCSeq: 1\r\n\r\n", 501),
    ],
)
def test_bad_requests_get_the_right_status(
    camsim_h264: CamsimProcess, request_text: str, status: int
) -> None:
    assert asyncio.run(_status(camsim_h264.port, request_text.encode())) == status


def test_setup_while_playing_is_455_and_a_torn_down_session_is_454(
    camsim_h264: CamsimProcess,
) -> None:
    async def run() -> tuple[int, int, int]:
        client = RtspTestClient("127.0.0.1", camsim_h264.port)
        await client.connect()
        url = client.url("cam1/main")
        transport = {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"}
        assert (await client.request("SETUP", url + "/trackID=0", transport)).status == 200
        assert (await client.request("PLAY", url)).status == 200
        again = await client.request("SETUP", url + "/trackID=1", transport)
        paused = await client.request("PAUSE", url)
        assert (await client.request("TEARDOWN", url)).status == 200
        gone = await client.request("PLAY", url)
        await client.close()
        return again.status, paused.status, gone.status

    assert asyncio.run(run()) == (455, 200, 454)


def test_wrong_or_missing_credentials_get_401_and_no_media(camsim_factory) -> None:
    camsim = camsim_factory("--user", "viewer", "--password", "s3cret-Pass")

    async def run(user: str | None, password: str | None) -> tuple[int, int]:
        client = RtspTestClient("127.0.0.1", camsim.port, user, password)
        await client.connect()
        response = await client.play("cam1/main")
        await asyncio.sleep(0.3)
        await client.close()
        return response.status, len(client.arrivals)

    assert asyncio.run(run(None, None)) == (401, 0)
    assert asyncio.run(run("viewer", "wrong"))[0] == 401
    assert asyncio.run(run("viewer", "wrong"))[1] == 0
    status, arrivals = asyncio.run(run("viewer", "s3cret-Pass"))
    assert status == 200 and arrivals > 0


def test_a_silent_udp_session_times_out(camsim_factory) -> None:
    camsim = camsim_factory("--session-timeout", "2")

    async def run() -> tuple[int, int]:
        client = RtspTestClient("127.0.0.1", camsim.port)
        await client.connect()
        url = client.url("cam1/sub")
        setup = await client.request(
            "SETUP", url + "/trackID=0", {"Transport": "RTP/AVP;unicast;client_port=47000-47001"}
        )
        assert setup.status == 200 and "server_port=" in setup.headers["transport"]
        assert (await client.request("PLAY", url)).status == 200
        alive = await client.request("GET_PARAMETER", url)
        await asyncio.sleep(4.5)
        expired = await client.request("GET_PARAMETER", url)
        await client.close()
        return alive.status, expired.status

    assert asyncio.run(run()) == (200, 454)


@pytest.fixture(scope="module")
def fuzz_target() -> CamsimProcess:
    process = start_camsim("--main", "320x180", "--sub", "none", "--main-kbps", "300")
    yield process
    process.stop()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    garbage=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(
            lambda m, u, h: f"{m} {u} RTSP/1.0\r\n{h}\r\n\r\n".encode("utf-8", "surrogatepass"),
            st.sampled_from(
                ["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN", "GET_PARAMETER", "X"]
            ),
            st.text(max_size=80),
            st.text(max_size=200),
        ),
    )
)
def test_malformed_requests_never_break_the_server_or_other_sessions(
    fuzz_target: CamsimProcess, garbage: bytes
) -> None:
    async def run() -> None:
        watcher = RtspTestClient("127.0.0.1", fuzz_target.port)
        await watcher.connect()
        assert (await watcher.play("cam1/main")).status == 200
        await watcher.wait_for_media()
        attacker = RtspTestClient("127.0.0.1", fuzz_target.port)
        await attacker.connect()
        await attacker.send_raw(garbage + b"\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 99\r\n\r\n")
        before = len(watcher.arrivals)
        await asyncio.sleep(0.2)
        assert len(watcher.arrivals) > before, "the playing session stopped receiving"
        ping = await watcher.request("GET_PARAMETER", watcher.url("cam1/main"))
        assert ping.status == 200
        await attacker.close()
        await watcher.close()

    asyncio.run(run())
