"""The RTSP client's pure parts: Digest and Basic answers, URLs, Session, SDP, RTP timeline."""

from __future__ import annotations

import base64
import hashlib
import re
from fractions import Fraction

import pytest

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.ingest.rtp_timeline import RtpTimeline
from vedette_server.ingest.sdp_codecs import audio_parameters, video_parameters
from vedette_server.ingest.source import SourceError
from vedette_server.rtsp.auth import RtspAuthenticator, parse_auth_params
from vedette_server.rtsp.client import content_base, parse_session, resolve_control, split_url
from vedette_server.rtsp.client_auth import ClientAuth
from vedette_server.rtsp.headers import Headers
from vedette_server.rtsp.interleaved import RtspMessage
from vedette_server.rtsp.rtp import payloader_for
from vedette_server.rtsp.sdp import SdpTrack, build_sdp
from vedette_server.rtsp.sdp_parse import parse_sdp

USER, PASSWORD = "viewer", 's3cret "pass"'
URI = "rtsp://127.0.0.1:8554/cam1/main"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_digest_with_qop_is_accepted_by_our_server_and_counts_nonces() -> None:
    server = RtspAuthenticator.for_user(USER, PASSWORD, realm="camsim")
    client = ClientAuth(USER, PASSWORD)
    assert client.accept_challenge(server.challenge())
    first = client.header("DESCRIBE", URI)
    second = client.header("SETUP", URI + "/track0")
    assert first is not None and second is not None
    assert server.authenticate("DESCRIBE", first).user == USER
    assert server.authenticate("SETUP", second).user == USER
    params = parse_auth_params(second.split(" ", 1)[1])
    assert params is not None and (params["qop"], params["nc"]) == ("auth", "00000002")
    ha1 = md5(f"{USER}:camsim:{PASSWORD}")
    ha2 = md5(f"SETUP:{URI}/track0")
    expected = md5(f"{ha1}:{params['nonce']}:00000002:{params['cnonce']}:auth:{ha2}")
    assert params["response"] == expected
    assert PASSWORD not in first + second + repr(client)


def test_digest_without_qop_uses_the_rfc_2069_response_and_echoes_opaque() -> None:
    client = ClientAuth(USER, PASSWORD)
    challenge = 'Digest realm="cam", nonce="abc123", opaque="xyz"'
    assert client.accept_challenge(['Basic realm="cam"', challenge])
    header = client.header("DESCRIBE", URI)
    assert header is not None and header.startswith("Digest ")
    params = parse_auth_params(header[7:])
    assert params is not None and "qop" not in params and params["opaque"] == "xyz"
    ha1, ha2 = md5(f"{USER}:cam:{PASSWORD}"), md5(f"DESCRIBE:{URI}")
    assert params["response"] == md5(f"{ha1}:abc123:{ha2}")
    assert params["username"] == USER


def test_md5_sess_hashes_the_nonce_and_cnonce_into_ha1() -> None:
    client = ClientAuth(USER, PASSWORD)
    assert client.accept_challenge(['Digest realm="r", nonce="n1", algorithm=MD5-sess, qop="auth"'])
    header = client.header("PLAY", URI)
    assert header is not None
    params = parse_auth_params(header[7:])
    assert params is not None
    ha1 = md5(f"{md5(f'{USER}:r:{PASSWORD}')}:n1:{params['cnonce']}")
    ha2 = md5(f"PLAY:{URI}")
    assert params["response"] == md5(f"{ha1}:n1:00000001:{params['cnonce']}:auth:{ha2}")


def test_basic_when_only_basic_is_offered_and_a_repeated_challenge_means_refused() -> None:
    client = ClientAuth(USER, PASSWORD)
    assert client.header("DESCRIBE", URI) is None, "nothing is sent before a challenge"
    assert client.accept_challenge(['Basic realm="cam"'])
    header = client.header("DESCRIBE", URI)
    assert header == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert not client.accept_challenge(['Basic realm="cam"']), "same challenge again: refused"
    digest = ClientAuth(USER, PASSWORD)
    assert digest.accept_challenge(['Digest realm="r", nonce="n1"'])
    assert not digest.accept_challenge(['Digest realm="r", nonce="n1"'])
    assert digest.accept_challenge(['Digest realm="r", nonce="n2", stale=TRUE'])
    assert not ClientAuth(USER, PASSWORD).accept_challenge(
        ['Digest realm="r", nonce="n", algorithm=SHA-256']
    )


def test_urls_lose_their_credentials_and_track_controls_resolve_like_ffmpeg() -> None:
    target = split_url("rtsp://us%40er:p%3Ass@cam.local:8554/live/ch1?x=1")
    assert (target.host, target.port, target.username, target.password) == (
        "cam.local", 8554, "us@er", "p:ss",
    )  # fmt: skip
    assert target.url == "rtsp://cam.local:8554/live/ch1?x=1"
    assert (
        split_url("rtsp://[::1]/a").url == "rtsp://[::1]/a" and split_url("rtsp://h/a").port == 554
    )
    with pytest.raises(ValueError):
        split_url("http://h/a")
    base = "rtsp://h/live/ch1/"
    assert resolve_control(base, "trackID=1") == "rtsp://h/live/ch1/trackID=1"
    assert resolve_control("rtsp://h/live/ch1", "trackID=1") == "rtsp://h/live/ch1/trackID=1"
    assert resolve_control("rtsp://h/s?x=1", "track1") == "rtsp://h/s?x=1/track1"
    assert resolve_control(base, "*") == base and resolve_control(base, "") == base
    assert resolve_control(base, "rtsp://other/t") == "rtsp://other/t"
    assert resolve_control(base, "/abs/t") == "rtsp://h/abs/t"


def test_content_base_then_content_location_then_the_request_url() -> None:
    def answer(*headers: tuple[str, str]) -> RtspMessage:
        return RtspMessage(200, "OK", Headers(headers), b"")

    request = "rtsp://h/cam"
    assert content_base(request, answer(("Content-Base", "rtsp://h/cam/"))) == "rtsp://h/cam/"
    assert content_base(request, answer(("Content-Location", "cam2/"))) == "rtsp://h/cam2/"
    assert content_base(request, answer()) == request


def test_session_header_gives_id_and_timeout() -> None:
    assert parse_session("12345678;timeout=30") == ("12345678", 30.0)
    assert parse_session(" abc ") == ("abc", 60.0)
    assert parse_session("abc;timeout=0") == ("abc", 60.0)


# -- SDP --------------------------------------------------------------------------------------


# camsim's 640x360 SPS (libx264, 25 fps in the VUI).
SPS = b"gB\xc0\x1e\xda\x02\x80\xbf\xe5\x84\x00\x00\x03\x00\x04\x00\x00\x03\x00\xcb\x81"
SPS += b"\x00\x03\xd0\x90\x00z\x13\x92\x88\x01\xe2\xc5\xd4"
PPS = bytes.fromhex("68ce3c80")


def test_our_servers_sdp_gives_back_the_tracks_it_describes() -> None:
    video = CodecParameters(
        Codec.H264, extradata=b"\x00\x00\x00\x01" + SPS + b"\x00\x00\x00\x01" + PPS
    )
    aac = CodecParameters(Codec.AAC, extradata=b"\x14\x08", sample_rate=16000, channels=1)
    text = build_sdp(
        "cam1",
        [
            SdpTrack("track0", payloader_for(video, 96), Fraction(25)),
            SdpTrack("track1", payloader_for(aac, 97)),
        ],
    )
    sdp = parse_sdp(text)
    assert sdp.control == "*"
    first, second = sdp.media
    assert (first.media, first.encoding, first.clock_rate, first.control) == (
        "video",
        "H264",
        90000,
        "track0",
    )
    assert first.frame_rate == 25
    params = video_parameters(first)
    assert params.extradata == video.extradata
    assert (params.width, params.height, params.frame_rate) == (640, 360, Fraction(25))
    assert (second.encoding, second.clock_rate, second.channels) == ("MPEG4-GENERIC", 16000, 1)
    assert audio_parameters(second) == aac


def test_static_payload_types_and_unsupported_codecs() -> None:
    text = "v=0\r\nm=video 0 RTP/AVP 26\r\na=control:v\r\n"
    text += "m=audio 0 RTP/AVP 8\r\nm=audio 0 RTP/AVP 14\r\n"
    video, pcma, mpa = parse_sdp(text).media
    assert (video.encoding, video.clock_rate) == ("JPEG", 90000)
    with pytest.raises(SourceError) as raised:
        video_parameters(video)
    assert raised.value.reason.value == "unsupported_codec" and "mjpeg" in raised.value.message
    assert audio_parameters(pcma) == CodecParameters(Codec.PCMA, sample_rate=8000, channels=1)
    assert audio_parameters(mpa) is None


def test_h265_sprop_sets_become_extradata_in_vps_sps_pps_order() -> None:
    vps, sps, pps = b"\x40\x01\x0c", b"\x42\x01\x01", b"\x44\x01\xc0"
    b64 = {n: base64.b64encode(u).decode() for n, u in (("v", vps), ("s", sps), ("p", pps))}
    text = (
        "v=0\r\nm=video 0 RTP/AVP 98\r\na=rtpmap:98 H265/90000\r\n"
        f"a=fmtp:98 sprop-sps={b64['s']}; sprop-pps={b64['p']}; sprop-vps={b64['v']}\r\n"
        "a=framerate:29.97\r\n"
    )
    params = video_parameters(parse_sdp(text).media[0])
    assert params.codec == Codec.H265
    assert params.extradata == b"".join(b"\x00\x00\x00\x01" + u for u in (vps, sps, pps))
    assert params.frame_rate == Fraction(30000, 1001), "the SDP's rate when the SPS has none"
    assert not re.search("sprop", repr(parse_sdp("garbage\r\n=x\r\nm=\r\na=rtpmap:x\r\n")))


# -- the timeline --------------------------------------------------------------------------------


def test_rtp_timestamps_unwrap_and_tracks_align_on_sender_reports() -> None:
    timeline = RtpTimeline([90000, 16000])
    arrival = 1_700_000_000_000_000
    first = timeline.pts_us(0, 0xFFFFF000, arrival)
    assert first == arrival, "anchored on the first arrival"
    wrapped = (0xFFFFF000 + 7200) & 0xFFFFFFFF  # two frames later, past the wrap
    assert timeline.pts_us(0, wrapped, arrival) == arrival + 80_000
    # Audio anchored on its own arrival until the reports say how the clocks relate.
    assert timeline.pts_us(1, 5000, arrival + 123_000) == arrival + 123_000
    wall = 1_800_000_000_000_000
    timeline.sender_report(0, 0xFFFFF000, wall)  # video ts 0xFFFFF000 is `wall`
    timeline.sender_report(1, 5000 + 16000, wall)  # audio ts 5000 is one second earlier
    assert timeline.pts_us(1, 5000 + 16000, arrival) == first, "simultaneous per the reports"
    assert timeline.pts_us(1, 5000, arrival) == first - 1_000_000
