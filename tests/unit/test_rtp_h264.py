"""H.264 over RTP (RFC 6184): real libx264 output packetized, checked, and reassembled."""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.rtp_depacketizer import H264Depacketizer, parse_rtp_packet

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.media.annexb import h264_nal_type, iter_nal_units, join_nal_units
from vedette_server.rtsp.rtp import MIN_MAX_PAYLOAD, RtpPacketizer, payloader_for

MAX_PAYLOAD = 1400
SSRC = 0x1234ABCD
PT = 96
# Start close to the wraps so that both sequence numbers and timestamps wrap mid-stream.
INITIAL_SEQ = 65500
TS_BASE = (1 << 32) - 5 * 3600


@dataclass(frozen=True)
class EncodedVideo:
    params: CodecParameters
    access_units: list[tuple[int, bytes]]  # (RTP timestamp before the mod 2**32, Annex B)


def _test_pattern(width: int, height: int, index: int) -> av.VideoFrame:
    """A gradient that scrolls with ``index`` plus a moving bright box (yuv420p)."""
    y, x = np.mgrid[0:height, 0:width]
    luma = ((x + y + 6 * index) % 256).astype(np.uint8)
    box = 8 * index % (width - 32)
    luma[40:72, box : box + 32] = 235
    chroma = np.full((height // 2, width), 128, np.uint8)
    return av.VideoFrame.from_ndarray(np.vstack([luma, chroma]), format="yuv420p")


def _block_noise(width: int, height: int) -> av.VideoFrame:
    """Busy picture (4x4 blocks of noise) whose keyframe is some hundred KB."""
    rng = np.random.default_rng(6184)
    luma = np.kron(rng.integers(16, 235, (height // 4, width // 4)), np.ones((4, 4)))
    chroma = np.full((height // 2, width), 128)
    return av.VideoFrame.from_ndarray(np.vstack([luma, chroma]).astype(np.uint8), "yuv420p")


def _encode(frames: list[av.VideoFrame]) -> EncodedVideo:
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height = frames[0].width, frames[0].height
    ctx.pix_fmt = "yuv420p"
    ctx.time_base = Fraction(1, 25)
    ctx.framerate = Fraction(25)
    ctx.options = {"bframes": "0", "preset": "veryfast"}
    packets = []
    for pts, frame in enumerate(frames):
        frame.pts = pts
        packets += ctx.encode(frame)
    packets += ctx.encode(None)
    units = [(TS_BASE + (p.pts or 0) * 3600, bytes(p)) for p in packets]
    parameter_sets = [n for n in iter_nal_units(units[0][1]) if h264_nal_type(n) in (7, 8)]
    params = CodecParameters(
        Codec.H264, extradata=join_nal_units(parameter_sets), width=ctx.width, height=ctx.height
    )
    return EncodedVideo(params, units)


@pytest.fixture(scope="module")
def small_stream() -> EncodedVideo:
    return _encode([_test_pattern(320, 240, i) for i in range(30)])


@pytest.fixture(scope="module")
def big_keyframe() -> EncodedVideo:
    return _encode([_block_noise(1920, 1080)])


def _packetize(video: EncodedVideo, max_payload: int = MAX_PAYLOAD) -> list[list[bytes]]:
    packetizer = RtpPacketizer(payloader_for(video.params, PT), SSRC, INITIAL_SEQ, max_payload)
    return [packetizer.packetize(data, ts) for ts, data in video.access_units]


def _decoded_frame_count(access_units: list[bytes]) -> int:
    decoder = av.CodecContext.create("h264", "r")
    count = 0
    for data in access_units:
        count += len(decoder.decode(av.Packet(data)))
    return count + len(decoder.decode(None))


def test_every_packet_fits_the_budget_with_a_plain_v2_header(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    for video in (small_stream, big_keyframe):
        for packet in (p for unit in _packetize(video) for p in unit):
            assert len(packet) <= 12 + MAX_PAYLOAD
            header = parse_rtp_packet(packet)
            assert packet[0] == 0x80  # V=2, no padding, no extension, no CSRC
            assert (header.payload_type, header.ssrc) == (PT, SSRC)


def test_sequence_numbers_continue_across_access_units_and_wrap_at_65536(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    packets = [p for unit in _packetize(big_keyframe) for p in unit]
    seqs = [parse_rtp_packet(p).sequence_number for p in packets]
    assert len(seqs) > 36, "the keyframe should be big enough to wrap"
    assert seqs == [(INITIAL_SEQ + i) % 65536 for i in range(len(seqs))]
    assert 65535 in seqs and 0 in seqs

    packetizer = RtpPacketizer(payloader_for(small_stream.params, PT), SSRC, 65534)
    for ts, data in small_stream.access_units:
        expected = packetizer.next_seq
        for packet in packetizer.packetize(data, ts):
            assert parse_rtp_packet(packet).sequence_number == expected
            expected = (expected + 1) % 65536
        assert packetizer.next_seq == expected


def test_marker_bit_is_set_only_on_the_last_packet_of_each_access_unit(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    for video in (small_stream, big_keyframe):
        for unit in _packetize(video):
            markers = [parse_rtp_packet(p).marker for p in unit]
            assert markers == [False] * (len(unit) - 1) + [True]


def test_every_packet_of_an_access_unit_carries_its_timestamp_mod_2_32(
    small_stream: EncodedVideo,
) -> None:
    units = _packetize(small_stream)
    for (ts, _), unit in zip(small_stream.access_units, units, strict=True):
        assert {parse_rtp_packet(p).timestamp for p in unit} == {ts % (1 << 32)}
    assert any(ts >= 1 << 32 for ts, _ in small_stream.access_units), "timestamps should wrap"


def test_large_nal_units_go_as_fu_a_without_repeating_the_nal_header(
    big_keyframe: EncodedVideo,
) -> None:
    (unit,) = _packetize(big_keyframe)
    nal_units = list(iter_nal_units(big_keyframe.access_units[0][1]))
    large = [nal for nal in nal_units if len(nal) > MAX_PAYLOAD]
    assert large and all(h264_nal_type(nal) == 5 for nal in large)
    payloads = [parse_rtp_packet(p).payload for p in unit]
    runs: list[list[bytes]] = []
    for payload in payloads:
        if payload[0] & 0x1F != 28:
            assert payload in nal_units  # a single NAL unit packet
        elif payload[1] & 0x80:
            runs.append([payload])
        else:
            runs[-1].append(payload)
    assert len(runs) == len(large)
    for nal, fragments in zip(large, runs, strict=True):
        for i, payload in enumerate(fragments):
            indicator, fu_header = payload[0], payload[1]
            assert indicator == (nal[0] & 0xE0) | 28  # F and NRI of the slice
            assert fu_header & 0x1F == 5 and not fu_header & 0x20
            assert bool(fu_header & 0x80) == (i == 0)
            assert bool(fu_header & 0x40) == (i == len(fragments) - 1)
        assert b"".join(f[2:] for f in fragments) == nal[1:]


def test_reassembled_access_units_equal_the_encoded_nal_units(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    for video in (small_stream, big_keyframe):
        receiver = H264Depacketizer()
        receiver.feed(p for unit in _packetize(video) for p in unit)
        assert (receiver.gaps, receiver.errors) == ([], [])
        assert len(receiver.access_units) == len(video.access_units)
        for au, (ts, data) in zip(receiver.access_units, video.access_units, strict=True):
            assert au.complete
            assert au.rtp_timestamp == ts % (1 << 32)
            assert au.nal_units == list(iter_nal_units(data))


def test_pyav_decodes_every_reassembled_access_unit(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    for video, frames in ((small_stream, 30), (big_keyframe, 1)):
        receiver = H264Depacketizer()
        receiver.feed(p for unit in _packetize(video) for p in unit)
        assert _decoded_frame_count([au.annexb for au in receiver.access_units]) == frames


@settings(max_examples=40, deadline=None)
@given(max_payload=st.integers(MIN_MAX_PAYLOAD, 3000))
def test_round_trip_holds_for_any_payload_budget(
    small_stream: EncodedVideo, max_payload: int
) -> None:
    units = _packetize(small_stream, max_payload)
    assert all(len(p) <= 12 + max_payload for unit in units for p in unit)
    receiver = H264Depacketizer()
    receiver.feed(p for unit in units for p in unit)
    assert (receiver.gaps, receiver.errors) == ([], [])
    expected = [list(iter_nal_units(data)) for _, data in small_stream.access_units]
    assert [au.nal_units for au in receiver.access_units] == expected


def test_nal_unit_of_exactly_the_budget_is_one_packet_and_one_byte_more_is_two_fragments() -> None:
    payloader = payloader_for(CodecParameters(Codec.H264), PT)
    fits = b"\x41" + bytes(range(1, 100))
    assert payloader.payloads(b"\x00\x00\x00\x01" + fits, 100) == [fits]
    too_big = fits + b"\x99"
    first, last = payloader.payloads(b"\x00\x00\x01" + too_big, 100)
    assert first == bytes((0x5C, 0x81)) + too_big[1:99]
    assert last == bytes((0x5C, 0x41)) + too_big[99:]


def test_access_unit_delimiters_and_parameter_sets_are_sent_as_they_come() -> None:
    aud, sps, pps, slice_ = b"\x09\xf0", b"\x67\x42\xc0\x1f\x8c", b"\x68\xce\x3c\x80", b"\x65\x88"
    packetizer = RtpPacketizer(payloader_for(CodecParameters(Codec.H264), PT), SSRC, 0)
    packets = packetizer.packetize(join_nal_units([aud, sps, pps, slice_]), 0)
    assert [p[12:] for p in packets] == [aud, sps, pps, slice_]


def test_sdp_profile_level_id_and_sprop_parameter_sets_come_from_extradata(
    small_stream: EncodedVideo,
) -> None:
    sps, pps = iter_nal_units(small_stream.params.extradata)
    rtpmap, fmtp = payloader_for(small_stream.params, PT).sdp_attributes()
    assert rtpmap == "rtpmap:96 H264/90000"
    assert fmtp.startswith("fmtp:96 ")
    fields = dict(f.split("=", 1) for f in fmtp.removeprefix("fmtp:96 ").split(";"))
    assert fields["packetization-mode"] == "1"
    assert fields["profile-level-id"] == sps[1:4].hex()
    sets = [base64.b64decode(s, validate=True) for s in fields["sprop-parameter-sets"].split(",")]
    assert sets == [sps, pps]


def test_avcc_extradata_gives_the_same_sdp_as_annex_b(small_stream: EncodedVideo) -> None:
    sps, pps = iter_nal_units(small_stream.params.extradata)
    avcc = (
        bytes((1, sps[1], sps[2], sps[3], 0xFF, 0xE1))
        + struct.pack("!H", len(sps))
        + sps
        + b"\x01"
        + struct.pack("!H", len(pps))
        + pps
    )
    from_avcc = payloader_for(CodecParameters(Codec.H264, extradata=avcc), PT)
    assert from_avcc.sdp_attributes() == payloader_for(small_stream.params, PT).sdp_attributes()


def test_packet_and_octet_counts_track_what_was_sent(small_stream: EncodedVideo) -> None:
    packetizer = RtpPacketizer(payloader_for(small_stream.params, PT), SSRC, 0)
    sent = [p for ts, data in small_stream.access_units for p in packetizer.packetize(data, ts)]
    assert packetizer.packet_count == len(sent)
    assert packetizer.octet_count == sum(len(p) - 12 for p in sent)


def test_payload_budget_below_the_minimum_is_rejected() -> None:
    payloader = payloader_for(CodecParameters(Codec.H264), PT)
    with pytest.raises(ValueError, match="max_payload"):
        RtpPacketizer(payloader, SSRC, 0, max_payload=MIN_MAX_PAYLOAD - 1)


def test_depacketizer_reads_stap_a_csrcs_extension_and_padding_per_rfc() -> None:
    """Guards the test tool itself on what our server never sends."""
    sps, pps = b"\x67\x42\x00\x1f", b"\x68\xce"
    stap_a = b"\x18" + struct.pack("!H", len(sps)) + sps + struct.pack("!H", len(pps)) + pps
    header = struct.pack("!BBHII", 0xB1, 0x80 | PT, 7, 90000, SSRC)  # P, X, CC=1, M
    csrc = struct.pack("!I", 0xCAFE)
    extension = struct.pack("!HH", 0xBEDE, 1) + b"\x10\xaa\x00\x00"
    packet = header + csrc + extension + stap_a + b"\x00\x00\x03"
    parsed = parse_rtp_packet(packet)
    assert (parsed.csrcs, parsed.extension_profile, parsed.padding_size) == ((0xCAFE,), 0xBEDE, 3)
    receiver = H264Depacketizer()
    receiver.feed([packet])
    assert [au.nal_units for au in receiver.access_units] == [[sps, pps]]


def test_depacketizer_reports_a_dropped_fragment_as_a_gap_and_an_incomplete_access_unit(
    big_keyframe: EncodedVideo,
) -> None:
    """Guards the test tool itself: a lost packet must not go unnoticed."""
    (unit,) = _packetize(big_keyframe)
    receiver = H264Depacketizer()
    receiver.feed(unit[:10] + unit[11:])
    lost_seq = (INITIAL_SEQ + 10) % 65536
    assert receiver.gaps == [(lost_seq, (lost_seq + 1) % 65536)]
    (au,) = receiver.access_units
    assert not au.complete
    assert au.nal_units != list(iter_nal_units(big_keyframe.access_units[0][1]))
