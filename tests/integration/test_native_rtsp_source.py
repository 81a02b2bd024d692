"""The native RTSP source (ingest/native_source.py) against real peers on 127.0.0.1.

camsim (H.264/H.265, AAC/G.711, every fault mode), GStreamer's RTSP server, and a
scripted server for what neither does: no parameter sets in the SDP, a Content-Base
elsewhere, Digest without qop, garbage and answers between the frames, short
session timeouts (keep-alives) and the TEARDOWN at close.
"""

from __future__ import annotations

import itertools
import socket
import statistics
import struct
import threading
import time
from collections.abc import Callable, Iterator
from fractions import Fraction

import av
import numpy as np
import pytest

from tests.integration.ingest_harness import free_port, start_gst_server
from tests.support.camsim_process import CamsimProcess
from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.ingest.messages import OfflineReason
from vedette_server.ingest.native_source import NativeRtspSource
from vedette_server.ingest.source import DemuxedPacket, SourceError
from vedette_server.media.annexb import iter_nal_units, join_nal_units
from vedette_server.rtsp.auth import RtspAuthenticator
from vedette_server.rtsp.rtp import RtpPacketizer, payloader_for

PASSWORD = "s3cret-Pass"


def source(url: str, **kw: object) -> NativeRtspSource:
    options: dict = {"connect_timeout_s": 5.0, "read_timeout_s": 5.0}
    options.update(kw)
    return NativeRtspSource(url, **options)


def read_for(src: NativeRtspSource, seconds: float) -> list[DemuxedPacket]:
    """Packets for ``seconds`` (blocking); raises the SourceError if the stream fails."""
    packets: list[DemuxedPacket] = []
    deadline = time.monotonic() + seconds
    for packet in src.packets():
        packets.append(packet)
        if time.monotonic() > deadline:
            break
    return packets


def failure(src: NativeRtspSource, limit_s: float = 30.0) -> tuple[SourceError, float]:
    """Read until the source fails: its error and the seconds since the last packet."""
    last = time.monotonic()
    deadline = last + limit_s
    try:
        for _ in src.packets():
            last = time.monotonic()
            assert last < deadline, "the stream did not fail"
    except SourceError as e:
        return e, time.monotonic() - last
    raise AssertionError("packets() ended without SourceError")


def decoded_size(params: CodecParameters, keyframe: bytes) -> tuple[int, int]:
    context = av.CodecContext.create("h264" if params.codec == Codec.H264 else "hevc", "r")
    frames = list(context.decode(av.Packet(params.extradata + keyframe)))
    frames += list(context.decode(None))
    return frames[0].width, frames[0].height


# -- camsim ---------------------------------------------------------------------------------


def test_h264_with_aac_from_camsim_has_its_parameters_and_one_timeline(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--audio")
    src = source(camsim.url("cam1", "main"))
    try:
        video, audio = src.open()
        packets = read_for(src, 4.0)
    finally:
        src.close()
    assert (video.codec, video.width, video.height, video.frame_rate) == (
        Codec.H264, 640, 360, Fraction(25),
    )  # fmt: skip
    assert (audio.codec, audio.sample_rate, audio.channels) == (Codec.AAC, 16000, 1)
    assert len(audio.extradata) >= 2
    frames = [p for p in packets if p.track == 0]
    sounds = [p for p in packets if p.track == 1]
    assert frames[0].keyframe and decoded_size(video, frames[0].data) == (640, 360)
    assert len(frames) >= 45 and len(sounds) >= 30  # a fresh camsim may wait for a keyframe
    assert statistics.median(p.duration_us for p in frames) == 40_000
    assert statistics.median(p.duration_us for p in sounds) == 64_000
    for track in (frames, sounds):
        assert all(b.pts_us > a.pts_us for a, b in itertools.pairwise(track))
    # Sender reports put both tracks on one timeline: they lag arrival alike.
    lag_video = statistics.median(p.arrival_us - p.pts_us for p in frames[-50:])
    lag_audio = statistics.median(p.arrival_us - p.pts_us for p in sounds[-30:])
    assert abs(lag_video - lag_audio) < 100_000, (lag_video, lag_audio)
    assert sum(u.lost_packets + u.malformed_packets for u in src.depacketizers) == 0


@pytest.mark.parametrize("audio", ["pcmu", "pcma"])
def test_h265_with_g711_from_camsim_has_vps_sps_pps_and_decodes(
    camsim_factory: Callable[..., CamsimProcess], audio: str
) -> None:
    camsim = camsim_factory("--codec", "h265", "--audio", "--audio-codec", audio, "--sub", "none")
    src = source(camsim.url("cam1", "main"))
    try:
        video, sound = src.open()
        packets = read_for(src, 3.0)
    finally:
        src.close()
    assert (video.codec, video.width, video.height) == (Codec.H265, 640, 360)
    assert [(n[0] >> 1) & 0x3F for n in iter_nal_units(video.extradata)] == [32, 33, 34]
    assert (sound.codec, sound.sample_rate) == (Codec.PCMU if audio == "pcmu" else Codec.PCMA, 8000)
    keyframe = next(p for p in packets if p.track == 0 and p.keyframe)
    assert decoded_size(video, keyframe.data) == (640, 360)
    assert sum(len(p.data) for p in packets if p.track == 1) >= 8000 * 2  # 2 s of samples


def test_without_audio_wanted_only_the_video_is_set_up(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--audio")
    src = source(camsim.url("cam1", "sub"), record_audio=False)
    try:
        (video,) = src.open()
        packets = read_for(src, 1.0)
    finally:
        src.close()
    assert (video.width, video.height) == (320, 180)
    assert {p.track for p in packets} == {0}


def test_wrong_password_and_refused_auth_are_auth_failed_without_the_password(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--user", "viewer", "--password", PASSWORD, "--sub", "none")
    url = camsim.url("cam1", "main", auth=False)
    for kw in ({"username": "viewer", "password": "wrong-" + PASSWORD}, {}):
        with pytest.raises(SourceError) as raised:
            source(url, **kw).open()
        assert raised.value.reason == OfflineReason.AUTH_FAILED
        assert "401" in raised.value.message and PASSWORD not in str(raised.value)
    # Credentials in the URL serve as well, and never reach a message.
    src = source(camsim.url("cam1", "main"))
    try:
        src.open()
        assert read_for(src, 0.5)
    finally:
        src.close()
    refusing = camsim_factory(
        "--user", "viewer", "--password", PASSWORD, "--fault", "cam1:refuse-auth"
    )
    with pytest.raises(SourceError) as raised:
        source(
            refusing.url("cam1", "main", auth=False), username="viewer", password=PASSWORD
        ).open()
    assert raised.value.reason == OfflineReason.AUTH_FAILED


def test_stopped_camsim_is_refused_and_a_silent_server_is_a_timeout(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--sub", "none")
    url = camsim.url("cam1", "main")
    camsim.stop()
    with pytest.raises(SourceError) as raised:
        source(url).open()
    assert raised.value.reason == OfflineReason.REFUSED and "refused" in raised.value.message
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with pytest.raises(SourceError) as raised:
            source(f"rtsp://127.0.0.1:{listener.getsockname()[1]}/x", connect_timeout_s=1.0).open()
    # The timeout the source gave up after is the 1 s asked for, not the 10 s default:
    # its message names the bound it applied (no wall-clock check: CI runs loaded).
    assert raised.value.reason == OfflineReason.TIMEOUT
    assert "1 s" in raised.value.message and "10 s" not in raised.value.message


def test_dropped_packets_are_a_timeout_within_the_read_timeout(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--sub", "none", "--fault", "cam1:drop=20s@3s")
    src = source(camsim.url("cam1", "main"), read_timeout_s=1.0)
    try:
        src.open()
        error, silent_s = failure(src)
    finally:
        src.close()
    assert error.reason == OfflineReason.TIMEOUT
    assert 0.9 <= silent_s <= 1.0 + 0.2 + 0.5, silent_s  # + the batching interval, + slack


def test_closed_connection_is_stream_ended(camsim_factory: Callable[..., CamsimProcess]) -> None:
    camsim = camsim_factory("--sub", "none", "--fault", "cam1:close@3s")
    src = source(camsim.url("cam1", "main"))
    try:
        src.open()
        error, _ = failure(src)
    finally:
        src.close()
    assert error.reason == OfflineReason.STREAM_ENDED


def test_damaged_frames_are_delivered_and_a_clock_jump_shows_in_pts(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory(
        "--sub", "none",
        "--fault", "cam1:corrupt=0.3@0s",
        "--fault", "cam1:truncate=0.3@0s",
        "--fault", "cam1:jump=-20s@3s",
    )  # fmt: skip
    src = source(camsim.url("cam1", "main"))
    try:
        src.open()
        frames = [p for p in read_for(src, 5.0) if p.track == 0]
    finally:
        src.close()
    steps = [b.pts_us - a.pts_us for a, b in itertools.pairwise(frames)]
    assert min(steps) < -19_000_000, "the camera's clock went back 20 s"
    assert sorted(steps)[len(steps) // 2] == 40_000
    assert len(frames) >= 60, "damaged payloads are still frames"
    assert sum(u.lost_packets for u in src.depacketizers) == 0


def test_keepalives_hold_a_session_longer_than_its_timeout(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--sub", "none", "--session-timeout", "2")
    src = source(camsim.url("cam1", "main"))
    try:
        src.open()
        playing_us = time.time_ns() // 1000
        packets = read_for(src, 6.0)
    finally:
        src.close()
    assert packets[-1].arrival_us - playing_us > 5_500_000, "still playing after 3 timeouts"


# -- GStreamer --------------------------------------------------------------------------------


@pytest.mark.interop
def test_h264_and_aac_from_gstreamer(tmp_path: object) -> None:
    port = free_port()
    pipeline = (
        "( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 ! "
        "x264enc tune=zerolatency key-int-max=25 ! rtph264pay name=pay0 pt=96 "
        "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! avenc_aac ! "
        "rtpmp4gpay name=pay1 pt=97 )"
    )
    server = start_gst_server(port, f"cam/av={pipeline}")
    try:
        src = source(f"rtsp://127.0.0.1:{port}/cam/av")
        try:
            video, audio = src.open()
            packets = read_for(src, 3.0)
        finally:
            src.close()
    finally:
        server.terminate()
        server.wait(10)
    assert (video.codec, video.width, video.height) == (Codec.H264, 320, 240)
    assert (audio.codec, audio.sample_rate, audio.channels) == (Codec.AAC, 48000, 2)
    keyframe = next(p for p in packets if p.track == 0 and p.keyframe)
    assert decoded_size(video, keyframe.data) == (320, 240)
    frames = [p for p in packets if p.track == 0]
    assert len(frames) >= 50 and statistics.median(p.duration_us for p in frames) == 40_000
    sounds = [p for p in packets if p.track == 1]
    assert len(sounds) >= 80 and statistics.median(p.duration_us for p in sounds) == 21_333


# -- a scripted server ----------------------------------------------------------------------


def encoded_h264(frames: int) -> list[bytes]:
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = 176, 144, "yuv420p"
    ctx.time_base, ctx.framerate = Fraction(1, 25), Fraction(25)
    ctx.options = {"bframes": "0", "x264-params": "repeat-headers=1:keyint=10"}
    units = []
    for i in range(frames):
        picture = np.full((144, 176, 3), (7 * i) % 256, np.uint8)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
        frame.pts = i
        units += [bytes(p) for p in ctx.encode(frame)]
    units += [bytes(p) for p in ctx.encode(None)]
    return [join_nal_units(list(iter_nal_units(u))) for u in units]


class ScriptedCamera(threading.Thread):
    """One RTSP connection served by hand: Digest (no qop), SDP without sprop and with a
    Content-Base elsewhere, garbage and keep-alive answers between the frames."""

    def __init__(self, units: list[bytes]) -> None:
        super().__init__(daemon=True)
        self.units = units
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.auth = RtspAuthenticator.for_user("viewer", PASSWORD, realm="scripted")

    def run(self) -> None:
        conn, _ = self.listener.accept()
        conn.settimeout(10)
        buffered = b""
        params = CodecParameters(Codec.H264)  # no parameter sets: no sprop in the SDP
        packetizer = RtpPacketizer(payloader_for(params, 96), 9, 100, 400)
        sent = 0
        playing = False
        with conn:
            while True:
                while b"\r\n\r\n" not in buffered:
                    if playing and sent < len(self.units):
                        for i, packet in enumerate(
                            packetizer.packetize(self.units[sent], sent * 3600)
                        ):
                            frame = b"$\x00" + struct.pack("!H", len(packet)) + packet
                            conn.sendall(frame + (b"junk!" if i % 5 == 2 else b""))
                        sent += 1
                        conn.settimeout(0.04)
                    try:
                        data = conn.recv(65536)
                    except TimeoutError:
                        continue
                    if not data:
                        return
                    buffered += data
                head, buffered = buffered.split(b"\r\n\r\n", 1)
                lines = head.decode().split("\r\n")
                method, uri, _ = lines[0].split(" ")
                headers = {
                    k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])
                }
                self.requests.append((method, uri, headers))
                playing |= self.answer(conn, method, uri, headers)
                if method == "TEARDOWN":
                    return

    def answer(self, conn: socket.socket, method: str, uri: str, headers: dict[str, str]) -> bool:
        cseq = headers.get("cseq", "0")
        if (
            method != "OPTIONS"
            and self.auth.authenticate(method, headers.get("authorization")).user is None
        ):
            challenge = self.auth.challenge()[0].replace(', qop="auth"', "")
            conn.sendall(f"RTSP/1.0 401 Unauthorized\r\nCSeq: {cseq}\r\n"
                         f"WWW-Authenticate: {challenge}\r\n\r\n".encode())  # fmt: skip
            return False
        extra, body = "", b""
        if method == "OPTIONS":
            extra = "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n"
        elif method == "DESCRIBE":
            body = (
                b"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\na=control:*\r\n"
                b"m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                b"a=fmtp:96 packetization-mode=1\r\na=control:stream=0\r\n"
            )
            extra = (
                f"Content-Type: application/sdp\r\nContent-Base: rtsp://127.0.0.1:{self.port}/real/\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        elif method == "SETUP":
            extra = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: abc;timeout=2\r\n"
        elif method in ("PLAY", "GET_PARAMETER"):
            extra = "Session: abc\r\n"
        conn.sendall(f"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{extra}\r\n".encode() + body)
        return method == "PLAY"


@pytest.fixture
def scripted() -> Iterator[ScriptedCamera]:
    camera = ScriptedCamera(encoded_h264(100))
    camera.start()
    yield camera
    camera.listener.close()
    camera.join(5)


def test_scripted_camera_parameter_sets_in_band_digest_keepalive_and_teardown(
    scripted: ScriptedCamera,
) -> None:
    src = source(f"rtsp://127.0.0.1:{scripted.port}/cam", username="viewer", password=PASSWORD)
    try:
        (video,) = src.open()
        frames = read_for(src, 2.5)
    finally:
        src.close()
    scripted.join(5)
    assert (video.codec, video.width, video.height, video.frame_rate) == (
        Codec.H264, 176, 144, Fraction(25),
    )  # fmt: skip
    assert len(list(iter_nal_units(video.extradata))) == 2, "SPS and PPS from the first keyframe"
    assert frames[0].keyframe and decoded_size(video, frames[0].data) == (176, 144)
    assert len(frames) >= 55 and all(p.duration_us == 40_000 for p in frames[:-1])
    methods = [(m, u) for m, u, _ in scripted.requests]
    base = f"rtsp://127.0.0.1:{scripted.port}"
    assert ("SETUP", f"{base}/real/stream=0") in methods, "control resolved against Content-Base"
    assert ("PLAY", f"{base}/real/") in methods
    assert ("GET_PARAMETER", f"{base}/real/") in methods, "a keep-alive within the 2 s timeout"
    assert methods[-1] == ("TEARDOWN", f"{base}/real/")
    assert scripted.requests[-1][2]["session"] == "abc"
    assert src.depacketizers[0].lost_packets == 0
    assert all(PASSWORD not in str(h) for _, _, h in scripted.requests)
