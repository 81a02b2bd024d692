"""RTP depacketization (rtsp/depacketize.py) behind the interleaved reader (rtsp/interleaved.py).

Fed by our own server's packetizers (rtsp/rtp.py) with real libx264/libx265 output,
and by hand-built packets for what our server never sends: STAP-A, H.265
aggregation packets and DONL, several AAC AUs per packet, sequence gaps,
duplicates, reordering, marker-less access units, garbage between ``$`` frames and
RTSP responses in the middle of the data.
"""

from __future__ import annotations

import random
import struct
from fractions import Fraction

import av
import numpy as np
import pytest

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.media.annexb import h264_nal_type, h265_nal_type, iter_nal_units, join_nal_units
from vedette_server.rtsp.depacketize import (
    AacDepacketizer,
    AccessUnit,
    Depacketizer,
    G711Depacketizer,
    H264Depacketizer,
    H265Depacketizer,
)
from vedette_server.rtsp.interleaved import InterleavedReader, RtspMessage
from vedette_server.rtsp.rtp import AacPayloader, G711Payloader, RtpPacketizer, payloader_for

PT = 96
# Close to both wraps, so that sequence numbers and timestamps wrap mid-stream.
INITIAL_SEQ = 65530
TS0 = (1 << 32) - 3 * 3600
FRAME_TICKS = 3600  # 25 fps at 90 kHz


def encode(codec: str, frames: int = 12, size: tuple[int, int] = (192, 108)) -> list[bytes]:
    """Annex B access units of a moving picture, a keyframe every 5 frames."""
    ctx = av.CodecContext.create(codec, "w")
    ctx.width, ctx.height, ctx.pix_fmt = size[0], size[1], "yuv420p"
    ctx.time_base, ctx.framerate = Fraction(1, 25), Fraction(25)
    ctx.gop_size = 5
    if codec == "libx264":
        ctx.options = {"bframes": "0", "x264-params": "repeat-headers=1"}
    else:
        ctx.options = {"x265-params": "bframes=0:repeat-headers=1:log-level=none:keyint=5"}
    out: list[bytes] = []
    rng = np.random.default_rng(7)
    for i in range(frames):
        rgb = rng.integers(0, 255, (size[1], size[0], 3), np.uint8)
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
        frame.pts = i
        out += [bytes(p) for p in ctx.encode(frame)]
    out += [bytes(p) for p in ctx.encode(None)]
    return [join_nal_units(list(iter_nal_units(au))) for au in out]


@pytest.fixture(scope="module")
def h264_units() -> list[bytes]:
    return encode("libx264")


@pytest.fixture(scope="module")
def h265_units() -> list[bytes]:
    return encode("libx265")


def packetize(params: CodecParameters, units: list[bytes], max_payload: int = 500) -> list[bytes]:
    packetizer = RtpPacketizer(payloader_for(params, PT), 0x5EED, INITIAL_SEQ, max_payload)
    packets: list[bytes] = []
    for i, unit in enumerate(units):
        packets += packetizer.packetize(unit, TS0 + i * FRAME_TICKS)
    return packets


def frame(channel: int, packet: bytes) -> bytes:
    return b"$" + bytes((channel,)) + struct.pack("!H", len(packet)) + packet


def rtp(seq: int, ts: int, payload: bytes, *, marker: bool = False, pt: int = PT) -> bytes:
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | pt, seq & 0xFFFF, ts, 7) + payload


def run(
    depacketizer: Depacketizer,
    stream: bytes,
    *,
    chunk: int | None = None,
    seed: int = 1,
    messages: list[RtspMessage] | None = None,
) -> InterleavedReader:
    """Feed ``stream`` through a reader in chunks (random sizes by default)."""
    # The smallest buffer compacts often, overwriting what settle() must have copied.
    reader = InterleavedReader(buffer_bytes=2 * (4 + 0xFFFF))
    reader.set_channel(0, depacketizer.push)
    reader.set_channel(1, None)
    rng = random.Random(seed)
    found: list[RtspMessage] = [] if messages is None else messages
    pos = 0
    while pos < len(stream):
        size = chunk or rng.randint(1, 9000)
        reader.feed(stream[pos : pos + size])
        pos += size
        reader.drain(found)
        depacketizer.settle()
    depacketizer.flush()
    return reader


def h264_params() -> CodecParameters:
    return CodecParameters(Codec.H264)


# -- video from our own packetizers ---------------------------------------------------------


@pytest.mark.parametrize("codec", ["h264", "h265"])
def test_access_units_from_our_packetizer_come_back_whole_with_keyframes_and_durations(
    codec: str, h264_units: list[bytes], h265_units: list[bytes]
) -> None:
    units = h264_units if codec == "h264" else h265_units
    params = CodecParameters(Codec.H264 if codec == "h264" else Codec.H265)
    packets = packetize(params, units)
    assert len(packets) > 3 * len(units), "big frames must be fragmented"
    out: list[AccessUnit] = []
    depacketizer = H264Depacketizer(0, PT, out) if codec == "h264" else H265Depacketizer(0, PT, out)
    run(depacketizer, b"".join(frame(0, p) for p in packets))
    assert [data for *_, data in out] == units
    assert [ts for _, ts, *_ in out] == [
        (TS0 + i * FRAME_TICKS) % (1 << 32) for i in range(len(units))
    ]
    assert [d for _, _, d, _, _ in out] == [FRAME_TICKS] * (len(units) - 1) + [0]
    idr = {5} if codec == "h264" else set(range(16, 22))
    nal_type = h264_nal_type if codec == "h264" else h265_nal_type
    keyframes = [any(nal_type(n) in idr for n in iter_nal_units(u)) for u in units]
    assert [k for _, _, _, k, _ in out] == keyframes and keyframes[0] and sum(keyframes) > 1
    assert depacketizer.lost_packets == depacketizer.dropped_units == 0


def test_an_access_unit_is_emitted_when_the_next_one_starts_not_before(
    h264_units: list[bytes],
) -> None:
    out: list[AccessUnit] = []
    depacketizer = H264Depacketizer(0, PT, out)
    reader = InterleavedReader()
    reader.set_channel(0, depacketizer.push)
    packets = packetize(h264_params(), h264_units[:2])
    first_of_second = next(i for i, p in enumerate(packets) if p[4:8] != packets[0][4:8])
    reader.feed(b"".join(frame(0, p) for p in packets[:first_of_second]))
    reader.drain([])
    depacketizer.settle()
    assert out == [], "held until its duration is known"
    reader.feed(frame(0, packets[first_of_second]))
    reader.drain([])
    assert [data for *_, data in out] == [h264_units[0]]


def test_marker_less_access_units_are_closed_by_the_timestamp_change(
    h264_units: list[bytes],
) -> None:
    packets = [p[:1] + bytes((p[1] & 0x7F,)) + p[2:] for p in packetize(h264_params(), h264_units)]
    out: list[AccessUnit] = []
    run(H264Depacketizer(0, PT, out), b"".join(frame(0, p) for p in packets))
    assert [data for *_, data in out] == h264_units


def test_a_late_packet_of_the_same_timestamp_after_the_marker_joins_its_unit() -> None:
    out: list[AccessUnit] = []
    sps, pps, idr = b"\x67\x42\x00\x1e\xab", b"\x68\xce\x3c\x80", b"\x65\x88\x84\x00"
    stream = [
        rtp(1, 9000, sps, marker=True),  # a camera marking every NAL unit
        rtp(2, 9000, pps, marker=True),
        rtp(3, 9000, idr, marker=True),
        rtp(4, 12600, b"\x41\x9a\x00", marker=True),
    ]
    run(H264Depacketizer(0, PT, out), b"".join(frame(0, p) for p in stream))
    assert out[0] == (0, 9000, 3600, True, join_nal_units([sps, pps, idr]))


# -- forms our server does not send -----------------------------------------------------


def test_stap_a_carries_parameter_sets_and_slice_in_one_packet() -> None:
    sps, pps, idr = b"\x67\x42\x00\x1e\xab\xcd", b"\x68\xce\x3c\x80", b"\x65" + bytes(range(200))
    stap = b"\x78" + b"".join(struct.pack("!H", len(n)) + n for n in (sps, pps, idr))
    fu = [b"\x7c\x81" + bytes(50), b"\x7c\x01" + bytes(50), b"\x7c\x41" + bytes(9)]  # non-IDR
    stream = [rtp(10, 0, stap, marker=True)] + [
        rtp(11 + i, 3600, p, marker=i == 2) for i, p in enumerate(fu)
    ]
    out: list[AccessUnit] = []
    run(H264Depacketizer(0, PT, out), b"".join(frame(0, p) for p in stream))
    assert out[0] == (0, 0, 3600, True, join_nal_units([sps, pps, idr]))
    assert out[1] == (0, 3600, 0, False, join_nal_units([b"\x61" + bytes(109)]))


def test_h265_aggregation_packets_with_and_without_donl() -> None:
    vps, sps, pps = b"\x40\x01\x0c\x01\xff", b"\x42\x01\x01\x01\x60", b"\x44\x01\xc0\x73"
    idr = b"\x26\x01" + bytes(range(40))  # IDR_W_RADL (19)
    plain = b"\x60\x01" + b"".join(struct.pack("!H", len(n)) + n for n in (vps, sps, pps, idr))
    with_don = b"\x60\x01" + b"\x00\x05" + struct.pack("!H", len(vps)) + vps
    for n in (sps, pps, idr):
        with_don += b"\x01" + struct.pack("!H", len(n)) + n  # DOND, size, NAL unit
    trail = b"\x02\x01\x00\x07" + bytes(9)  # TRAIL_R (1) single NAL unit, with DONL
    for payload, donl, next_unit in (
        (plain, False, trail[:2] + trail[4:]),
        (with_don, True, trail),
    ):
        out: list[AccessUnit] = []
        stream = [rtp(1, 0, payload, marker=True), rtp(2, 3600, next_unit, marker=True)]
        run(H265Depacketizer(0, PT, out, donl=donl), b"".join(frame(0, p) for p in stream))
        assert out == [
            (0, 0, 3600, True, join_nal_units([vps, sps, pps, idr])),
            (0, 3600, 0, False, join_nal_units([b"\x02\x01" + bytes(9)])),
        ]


def test_h265_fragments_with_donl_are_joined_without_it() -> None:
    body = bytes(range(1, 120))
    fu = [b"\x62\x01\x93" + b"\x00\x09" + body[:60], b"\x62\x01\x53" + body[60:]]  # IDR_W_RADL
    out: list[AccessUnit] = []
    stream = [
        rtp(1, 0, fu[0]),
        rtp(2, 0, fu[1], marker=True),
        rtp(3, 3600, b"\x02\x01\x00\x01\xaa"),
    ]
    run(H265Depacketizer(0, PT, out, donl=True), b"".join(frame(0, p) for p in stream))
    assert out[0] == (0, 0, 3600, True, join_nal_units([b"\x26\x01" + body]))


def test_several_aac_units_in_one_packet_get_consecutive_timestamps() -> None:
    units = [bytes([i]) * (20 + i) for i in range(3)]
    headers = b"".join(struct.pack("!H", len(u) << 3) for u in units)
    payload = struct.pack("!H", 16 * len(units)) + headers + b"".join(units)
    out: list[AccessUnit] = []
    run(AacDepacketizer(1, PT, out), frame(0, rtp(5, 16000, payload, marker=True)))
    assert out == [(1, 16000 + 1024 * i, 1024, True, u) for i, u in enumerate(units)]


def test_fragmented_aac_units_from_our_packetizer_are_reassembled() -> None:
    frames = [bytes([i]) * size for i, size in enumerate((40, 300, 1000, 7))]
    packetizer = RtpPacketizer(AacPayloader(PT, b"\x14\x08", 16000, 1), 1, INITIAL_SEQ, 100)
    packets = [p for i, f in enumerate(frames) for p in packetizer.packetize(f, TS0 + 1024 * i)]
    out: list[AccessUnit] = []
    run(AacDepacketizer(1, PT, out), b"".join(frame(0, p) for p in packets))
    assert [data for *_, data in out] == frames
    assert [ts for _, ts, *_ in out] == [(TS0 + 1024 * i) % (1 << 32) for i in range(4)]


def test_aac_lbr_headers_of_six_and_two_bits() -> None:
    units = [b"\x11" * 5, b"\x22" * 9]
    section = (5 << 10) | (0 << 8) | (9 << 2) | 0  # size 6 bits, index 2 bits, delta 2 bits
    payload = struct.pack("!HH", 16, section) + b"".join(units)
    out: list[AccessUnit] = []
    depacketizer = AacDepacketizer(
        1, PT, out, size_length=6, index_length=2, index_delta_length=2, frame_samples=960
    )
    run(depacketizer, frame(0, rtp(1, 0, payload, marker=True)))
    assert out == [(1, 0, 960, True, units[0]), (1, 960, 960, True, units[1])]


def test_g711_samples_from_our_packetizer_keep_their_timestamps() -> None:
    packetizer = RtpPacketizer(G711Payloader(0, "PCMU", 8000, 1), 2, INITIAL_SEQ, 160)
    samples = bytes(range(256)) * 2
    packets = packetizer.packetize(samples, 8000)
    out: list[AccessUnit] = []
    run(G711Depacketizer(1, 0, out), b"".join(frame(0, p) for p in packets))
    assert b"".join(data for *_, data in out) == samples
    assert [(ts, d) for _, ts, d, _, _ in out] == [
        (8000, 160),
        (8160, 160),
        (8320, 160),
        (8480, 32),
    ]


# -- damage ---------------------------------------------------------------------------------


def test_a_lost_fragment_drops_only_its_access_unit(h264_units: list[bytes]) -> None:
    packets = packetize(h264_params(), h264_units)
    assert packets[3][4:8] == packets[0][4:8], "the keyframe spans many packets"
    victim = 2
    damaged = packets[:victim] + packets[victim + 1 :]
    out: list[AccessUnit] = []
    depacketizer = H264Depacketizer(0, PT, out)
    run(depacketizer, b"".join(frame(0, p) for p in damaged))
    assert [data for *_, data in out] == h264_units[1:]
    assert (depacketizer.lost_packets, depacketizer.dropped_units) == (1, 1)


def test_a_gap_at_a_unit_boundary_drops_the_unit_it_may_have_cut(h264_units: list[bytes]) -> None:
    packets = packetize(h264_params(), h264_units)
    starts = [i for i in range(1, len(packets)) if packets[i][4:8] != packets[i - 1][4:8]]
    victim = starts[2]  # the first packet of unit 3
    out: list[AccessUnit] = []
    depacketizer = H264Depacketizer(0, PT, out)
    run(depacketizer, b"".join(frame(0, p) for i, p in enumerate(packets) if i != victim))
    assert [data for *_, data in out] == h264_units[:3] + h264_units[4:]
    assert depacketizer.lost_packets == 1 and depacketizer.dropped_units == 1


def test_duplicates_are_dropped_and_reordering_costs_the_unit(h264_units: list[bytes]) -> None:
    packets = packetize(h264_params(), h264_units)
    duplicated = [*packets[:5], packets[4], packets[3], *packets[5:]]
    out: list[AccessUnit] = []
    depacketizer = H264Depacketizer(0, PT, out)
    run(depacketizer, b"".join(frame(0, p) for p in duplicated))
    assert [data for *_, data in out] == h264_units
    assert depacketizer.late_packets == 2 and depacketizer.lost_packets == 0

    swapped = [*packets[:3], packets[4], packets[3], *packets[5:]]
    out.clear()
    depacketizer = H264Depacketizer(0, PT, out)
    run(depacketizer, b"".join(frame(0, p) for p in swapped))
    assert [data for *_, data in out] == h264_units[1:], "the unit of the swap is dropped"
    assert (depacketizer.lost_packets, depacketizer.late_packets) == (1, 1)


def test_garbage_between_frames_is_skipped(h264_units: list[bytes]) -> None:
    packets = packetize(h264_params(), h264_units)
    rng = random.Random(3)
    stream = b""
    for i, packet in enumerate(packets):
        stream += frame(0, packet)
        if i % 7 == 3:
            junk = bytes(rng.choice(b"abcdefgh\x00\x01\xfe") for _ in range(rng.randint(1, 40)))
            stream += junk + b"$\x09\x00\x10"  # and a frame header of a channel we never set up
    out: list[AccessUnit] = []
    reader = run(H264Depacketizer(0, PT, out), stream)
    assert [data for *_, data in out] == h264_units
    assert reader.resyncs > 0 and reader.garbage_bytes > 0


def test_rtsp_answers_between_frames_are_parsed_and_the_data_kept(
    h264_units: list[bytes],
) -> None:
    packets = packetize(h264_params(), h264_units)
    answer = b"RTSP/1.0 200 OK\r\nCSeq: 7\r\nContent-Length: 5\r\n\r\n$\x00\x00\x01"
    stream = b"".join(frame(0, p) for p in packets[:4]) + answer + b"x"
    stream += b"".join(frame(0, p) for p in packets[4:])
    out: list[AccessUnit] = []
    messages: list[RtspMessage] = []
    run(H264Depacketizer(0, PT, out), stream, messages=messages)
    assert [data for *_, data in out] == h264_units
    assert [(m.status, m.cseq, m.body) for m in messages] == [(200, "7", b"$\x00\x00\x01x")]


def test_payload_types_of_other_formats_on_the_channel_are_ignored() -> None:
    out: list[AccessUnit] = []
    stream = [rtp(1, 0, b"\x00" * 4, pt=13), rtp(2, 0, b"\xd5" * 160, pt=0)]
    run(G711Depacketizer(1, 0, out), b"".join(frame(0, p) for p in stream))
    assert out == [(1, 0, 160, True, b"\xd5" * 160)]


def test_malformed_packets_never_raise() -> None:
    rng = random.Random(11)
    for make in (
        lambda out: H264Depacketizer(0, PT, out),
        lambda out: H265Depacketizer(0, PT, out, donl=True),
        lambda out: AacDepacketizer(1, PT, out),
        lambda out: G711Depacketizer(1, PT, out),
    ):
        out: list[AccessUnit] = []
        depacketizer = make(out)
        packets = [
            rtp(i, i // 3, bytes(rng.randrange(256) for _ in range(rng.randint(0, 30))))
            for i in range(300)
        ]
        packets.append(b"\x80")  # shorter than an RTP header
        run(depacketizer, b"".join(frame(0, p) for p in packets))
        assert depacketizer.packets <= 300
