"""RTCP sender reports and parsing (RFC 3550 section 6), and the SDP of a live session."""

from __future__ import annotations

import struct
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.rtsp.rtcp import (
    PT_RR,
    PT_SDES,
    PT_SR,
    build_sender_report,
    ntp_from_unix_us,
    parse_rtcp,
    unix_us_from_ntp,
)
from vedette_server.rtsp.rtp import payloader_for
from vedette_server.rtsp.sdp import SdpTrack, build_sdp

WALL_US = 1_700_000_000_123_457  # 2023-11-14T22:13:20.123457Z
SSRC = 0x5EED5EED

# From 1970 up to 2104, where NTP seconds in era 1 reach 2**31 and become ambiguous.
wall_times = st.integers(0, ((1 << 32) + (1 << 31) - 2_208_988_800) * 1_000_000 - 1)


def test_ntp_time_of_the_unix_epoch_is_2208988800_seconds() -> None:
    assert ntp_from_unix_us(0) == (2_208_988_800, 0)
    assert ntp_from_unix_us(500_000) == (2_208_988_800, 1 << 31)


@given(wall_times)
def test_ntp_time_converts_back_to_the_same_microsecond(us: int) -> None:
    seconds, fraction = ntp_from_unix_us(us)
    assert 0 <= seconds < 1 << 32 and 0 <= fraction < 1 << 32
    assert unix_us_from_ntp(seconds, fraction) == us


def test_ntp_seconds_wrap_into_era_1_in_2036() -> None:
    era_end_us = ((1 << 32) - 2_208_988_800) * 1_000_000
    assert ntp_from_unix_us(era_end_us) == (0, 0)
    assert unix_us_from_ntp(0, 0) == era_end_us


def test_sender_report_fields_parse_back() -> None:
    report = build_sender_report(SSRC, WALL_US, (1 << 32) + 1234, 4567, 890_123, "vedette@cam1")
    sr, sdes = parse_rtcp(report)
    assert (sr.packet_type, sr.ssrc, sr.report_blocks) == (PT_SR, SSRC, ())
    assert sr.sender_info is not None
    assert sr.sender_info.wall_us == WALL_US
    assert sr.sender_info.rtp_timestamp == 1234  # taken mod 2**32
    assert (sr.sender_info.packet_count, sr.sender_info.octet_count) == (4567, 890_123)
    assert (sdes.packet_type, sdes.ssrc, sdes.cname) == (PT_SDES, SSRC, "vedette@cam1")


@pytest.mark.parametrize("cname", ["a", "ab", "abc", "abcd", "abcde", "x" * 255, "caméra"])
def test_sender_report_is_whole_words_with_lengths_that_add_up(cname: str) -> None:
    report = build_sender_report(SSRC, WALL_US, 0, 0, 0, cname)
    assert len(report) % 4 == 0
    pos = 0
    lengths = []
    while pos < len(report):
        assert report[pos] >> 6 == 2
        length_words = struct.unpack_from("!H", report, pos + 2)[0]
        lengths.append(length_words)
        pos += 4 * (length_words + 1)
    assert pos == len(report) and lengths[0] == 6
    # The SDES chunk ends with at least one null octet (the end-of-list item).
    assert report[28 + 4 + 4 + 2 + len(cname.encode())] == 0
    assert parse_rtcp(report)[1].cname == cname


def test_cname_longer_than_255_bytes_is_rejected() -> None:
    with pytest.raises(ValueError, match="cname"):
        build_sender_report(SSRC, WALL_US, 0, 0, 0, "x" * 256)


def _receiver_report(*blocks: tuple[int, int, int, int, int, int, int]) -> bytes:
    body = struct.pack("!I", 0xC11E)
    for ssrc, fraction, cumulative, highest, jitter, lsr, dlsr in blocks:
        lost = (fraction << 24) | (cumulative & 0xFFFFFF)
        body += struct.pack("!IIIIII", ssrc, lost, highest, jitter, lsr, dlsr)
    return struct.pack("!BBH", 0x80 | len(blocks), PT_RR, len(body) // 4) + body


def test_receiver_report_blocks_are_read_with_signed_cumulative_loss() -> None:
    rr = _receiver_report((SSRC, 12, 300, 70_000, 45, 0xABCD1234, 6554), (7, 0, -2, 1, 0, 0, 0))
    (packet,) = parse_rtcp(rr + struct.pack("!BBHI", 0x81, PT_SDES, 1, 0xC11E))[:1]
    assert (packet.packet_type, packet.ssrc, packet.sender_info) == (PT_RR, 0xC11E, None)
    first, second = packet.report_blocks
    assert (first.ssrc, first.fraction_lost, first.cumulative_lost) == (SSRC, 12, 300)
    assert (first.highest_seq, first.jitter) == (70_000, 45)
    assert (first.last_sr, first.delay_since_last_sr) == (0xABCD1234, 6554)
    assert (second.ssrc, second.cumulative_lost) == (7, -2)


def test_parsing_stops_at_a_truncated_packet_and_keeps_the_earlier_ones() -> None:
    report = build_sender_report(SSRC, WALL_US, 0, 1, 2, "cam")
    assert [p.packet_type for p in parse_rtcp(report[:-4])] == [PT_SR]
    assert parse_rtcp(report[:20]) == []
    assert parse_rtcp(b"\x00" * 8) == []  # version 0


@given(st.binary(max_size=200))
def test_parsing_random_bytes_never_raises(data: bytes) -> None:
    assert isinstance(parse_rtcp(data), list)


@given(st.data())
def test_parsing_corrupted_reports_never_raises(data: st.DataObject) -> None:
    report = bytearray(
        build_sender_report(SSRC, WALL_US, 0, 1, 2, "cam")
        + _receiver_report((SSRC, 1, 2, 3, 4, 5, 6))
    )
    for _ in range(data.draw(st.integers(1, 8))):
        report[data.draw(st.integers(0, len(report) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(report)))
    assert isinstance(parse_rtcp(bytes(report[:cut])), list)


def _tracks() -> list[SdpTrack]:
    sps = bytes.fromhex("6742c01fda014016ec0440000003004000000c83c60ca8")
    pps = bytes.fromhex("68ce3c80")
    h264 = CodecParameters(Codec.H264, extradata=b"\0\0\0\1" + sps + b"\0\0\0\1" + pps)
    aac = CodecParameters(Codec.AAC, extradata=bytes.fromhex("1190"), sample_rate=48000)
    return [
        SdpTrack("trackID=0", payloader_for(h264, 96), Fraction(30000, 1001)),
        SdpTrack("trackID=1", payloader_for(aac, 97)),
    ]


def test_sdp_session_lines_come_first_in_order_with_crlf_endings() -> None:
    sdp = build_sdp("Front door", _tracks(), origin_address="192.0.2.10", session_id=42)
    assert sdp.endswith("\r\n") and "\n" not in sdp.replace("\r\n", "")
    assert sdp.split("\r\n")[:8] == [
        "v=0",
        "o=- 42 42 IN IP4 192.0.2.10",
        "s=Front door",
        "c=IN IP4 0.0.0.0",
        "t=0 0",
        "a=tool:vedette",
        "a=range:npt=now-",
        "a=control:*",
    ]


def test_sdp_media_sections_carry_the_payload_format_framerate_and_control() -> None:
    tracks = _tracks()
    sdp = build_sdp("cam", tracks, session_id=1)
    media = sdp.split("\r\n")[8:-1]
    video_attrs = [f"a={a}" for a in tracks[0].payloader.sdp_attributes()]
    audio_attrs = [f"a={a}" for a in tracks[1].payloader.sdp_attributes()]
    assert media == [
        "m=video 0 RTP/AVP 96",
        *video_attrs,
        "a=framerate:29.97",
        "a=control:trackID=0",
        "m=audio 0 RTP/AVP 97",
        *audio_attrs,
        "a=control:trackID=1",
    ]
    assert video_attrs[1].startswith("a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;")
    assert audio_attrs[0] == "a=rtpmap:97 MPEG4-GENERIC/48000/2"


def test_sdp_whole_frame_rates_have_no_decimals_and_ipv6_origins_say_ip6() -> None:
    (video, _) = _tracks()
    track = SdpTrack("v", video.payloader, Fraction(25))
    sdp = build_sdp("cam", [track], origin_address="2001:db8::1", session_id=7)
    assert "a=framerate:25\r\n" in sdp
    assert "o=- 7 7 IN IP6 2001:db8::1\r\n" in sdp


def test_sdp_rejects_a_session_name_with_a_line_break() -> None:
    with pytest.raises(ValueError, match="line break"):
        build_sdp("cam\r\na=evil", _tracks())
