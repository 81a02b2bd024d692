"""H.265 over RTP (RFC 7798): real libx265 output packetized, checked, and reassembled."""

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
from tests.support.rtp_depacketizer import H265Depacketizer, parse_rtp_packet

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.media.annexb import h265_nal_type, iter_nal_units, join_nal_units
from vedette_server.rtsp.rtp import MIN_MAX_PAYLOAD, RtpPacketizer, payloader_for

MAX_PAYLOAD = 1400
SSRC = 0x0BADCAFE
PT = 96
INITIAL_SEQ = 65530
TS_BASE = (1 << 32) - 5 * 3600
VPS, SPS, PPS, IDR_N_LP = 32, 33, 34, 20


@dataclass(frozen=True)
class EncodedVideo:
    params: CodecParameters
    access_units: list[tuple[int, bytes]]  # (RTP timestamp before the mod 2**32, Annex B)


def _test_pattern(width: int, height: int, index: int) -> av.VideoFrame:
    """A gradient that scrolls with ``index`` plus a moving bright box (yuv420p)."""
    y, x = np.mgrid[0:height, 0:width]
    luma = ((x - y + 5 * index) % 256).astype(np.uint8)
    box = 8 * index % (width - 32)
    luma[100:132, box : box + 32] = 235
    chroma = np.full((height // 2, width), 128, np.uint8)
    return av.VideoFrame.from_ndarray(np.vstack([luma, chroma]), format="yuv420p")


def _block_noise(width: int, height: int) -> av.VideoFrame:
    """Busy picture (4x4 blocks of noise) whose keyframe is some hundred KB."""
    rng = np.random.default_rng(7798)
    luma = np.kron(rng.integers(16, 235, (height // 4, width // 4)), np.ones((4, 4)))
    chroma = np.full((height // 2, width), 128)
    return av.VideoFrame.from_ndarray(np.vstack([luma, chroma]).astype(np.uint8), "yuv420p")


def _encode(frames: list[av.VideoFrame]) -> EncodedVideo:
    ctx = av.CodecContext.create("libx265", "w")
    ctx.width, ctx.height = frames[0].width, frames[0].height
    ctx.pix_fmt = "yuv420p"
    ctx.time_base = Fraction(1, 25)
    ctx.framerate = Fraction(25)
    ctx.options = {"preset": "ultrafast", "x265-params": "bframes=0:log-level=error"}
    packets = []
    for pts, frame in enumerate(frames):
        frame.pts = pts
        packets += ctx.encode(frame)
    packets += ctx.encode(None)
    units = [(TS_BASE + (p.pts or 0) * 3600, bytes(p)) for p in packets]
    parameter_sets = [n for n in iter_nal_units(units[0][1]) if h265_nal_type(n) in (VPS, SPS, PPS)]
    params = CodecParameters(
        Codec.H265, extradata=join_nal_units(parameter_sets), width=ctx.width, height=ctx.height
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
    decoder = av.CodecContext.create("hevc", "r")
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
            assert packet[0] == 0x80
            assert (header.payload_type, header.ssrc) == (PT, SSRC)


def test_sequence_numbers_timestamps_and_markers_follow_the_access_units(
    small_stream: EncodedVideo,
) -> None:
    units = _packetize(small_stream)
    headers = [parse_rtp_packet(p) for unit in units for p in unit]
    assert [h.sequence_number for h in headers] == [
        (INITIAL_SEQ + i) % 65536 for i in range(len(headers))
    ]
    for (ts, _), unit in zip(small_stream.access_units, units, strict=True):
        unit_headers = [parse_rtp_packet(p) for p in unit]
        assert {h.timestamp for h in unit_headers} == {ts % (1 << 32)}
        assert [h.marker for h in unit_headers] == [False] * (len(unit) - 1) + [True]


def test_large_nal_units_go_as_fu_packets_carrying_the_original_layer_and_tid(
    big_keyframe: EncodedVideo,
) -> None:
    (unit,) = _packetize(big_keyframe)
    nal_units = list(iter_nal_units(big_keyframe.access_units[0][1]))
    large = [nal for nal in nal_units if len(nal) > MAX_PAYLOAD]
    assert IDR_N_LP in {h265_nal_type(nal) for nal in large}
    runs: list[list[bytes]] = []
    for payload in (parse_rtp_packet(p).payload for p in unit):
        if (payload[0] >> 1) & 0x3F != 49:
            assert payload in nal_units  # a single NAL unit packet
        elif payload[2] & 0x80:
            runs.append([payload])
        else:
            runs[-1].append(payload)
    assert len(runs) == len(large)
    for nal, fragments in zip(large, runs, strict=True):
        for i, payload in enumerate(fragments):
            assert payload[0] == (nal[0] & 0x81) | (49 << 1)  # F and LayerId high bit kept
            assert payload[1] == nal[1]  # LayerId low bits and TID kept
            fu_header = payload[2]
            assert fu_header & 0x3F == h265_nal_type(nal)
            assert bool(fu_header & 0x80) == (i == 0)
            assert bool(fu_header & 0x40) == (i == len(fragments) - 1)
        assert b"".join(f[3:] for f in fragments) == nal[2:]


def test_reassembled_access_units_equal_the_encoded_nal_units_and_decode(
    small_stream: EncodedVideo, big_keyframe: EncodedVideo
) -> None:
    for video, frames in ((small_stream, 30), (big_keyframe, 1)):
        receiver = H265Depacketizer()
        receiver.feed(p for unit in _packetize(video) for p in unit)
        assert (receiver.gaps, receiver.errors) == ([], [])
        assert [au.rtp_timestamp for au in receiver.access_units] == [
            ts % (1 << 32) for ts, _ in video.access_units
        ]
        assert all(au.complete for au in receiver.access_units)
        assert [au.nal_units for au in receiver.access_units] == [
            list(iter_nal_units(data)) for _, data in video.access_units
        ]
        assert _decoded_frame_count([au.annexb for au in receiver.access_units]) == frames


@settings(max_examples=40, deadline=None)
@given(max_payload=st.integers(MIN_MAX_PAYLOAD, 3000))
def test_round_trip_holds_for_any_payload_budget(
    small_stream: EncodedVideo, max_payload: int
) -> None:
    units = _packetize(small_stream, max_payload)
    assert all(len(p) <= 12 + max_payload for unit in units for p in unit)
    receiver = H265Depacketizer()
    receiver.feed(p for unit in units for p in unit)
    assert (receiver.gaps, receiver.errors) == ([], [])
    expected = [list(iter_nal_units(data)) for _, data in small_stream.access_units]
    assert [au.nal_units for au in receiver.access_units] == expected


def test_nal_unit_of_exactly_the_budget_is_one_packet_and_one_byte_more_is_two_fragments() -> None:
    payloader = payloader_for(CodecParameters(Codec.H265), PT)
    fits = b"\x03\x29" + bytes(range(2, 100))  # TRAIL_R, LayerId 33, TID 1
    assert payloader.payloads(b"\x00\x00\x00\x01" + fits, 100) == [fits]
    too_big = fits + b"\x99"
    first, last = payloader.payloads(b"\x00\x00\x01" + too_big, 100)
    assert first == bytes((0x63, 0x29, 0x81)) + too_big[2:99]
    assert last == bytes((0x63, 0x29, 0x41)) + too_big[99:]


def test_sdp_has_rtpmap_and_sprop_vps_sps_pps_from_extradata(small_stream: EncodedVideo) -> None:
    vps, sps, pps = iter_nal_units(small_stream.params.extradata)
    rtpmap, fmtp = payloader_for(small_stream.params, PT).sdp_attributes()
    assert rtpmap == "rtpmap:96 H265/90000"
    fields = dict(f.split("=", 1) for f in fmtp.removeprefix("fmtp:96 ").split(";"))
    assert {k: base64.b64decode(v, validate=True) for k, v in fields.items()} == {
        "sprop-vps": vps,
        "sprop-sps": sps,
        "sprop-pps": pps,
    }


def test_hvcc_extradata_gives_the_same_sdp_as_annex_b(small_stream: EncodedVideo) -> None:
    arrays = b"".join(
        bytes((0x80 | h265_nal_type(nal),)) + struct.pack("!HH", 1, len(nal)) + nal
        for nal in iter_nal_units(small_stream.params.extradata)
    )
    hvcc = b"\x01" + bytes(21) + b"\x03" + arrays
    from_hvcc = payloader_for(CodecParameters(Codec.H265, extradata=hvcc), PT)
    assert from_hvcc.sdp_attributes() == payloader_for(small_stream.params, PT).sdp_attributes()


def test_depacketizer_reads_aggregation_packets_per_rfc() -> None:
    """Guards the test tool itself on what our server never sends."""
    vps, sps = b"\x40\x01\x0c\x01", b"\x42\x01\x01\x01\x60"
    ap = b"\x60\x01" + struct.pack("!H", len(vps)) + vps + struct.pack("!H", len(sps)) + sps
    packet = struct.pack("!BBHII", 0x80, 0x80 | PT, 1, 0, SSRC) + ap
    receiver = H265Depacketizer()
    receiver.feed([packet])
    assert [au.nal_units for au in receiver.access_units] == [[vps, sps]]
