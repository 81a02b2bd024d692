"""AAC (RFC 3640 AAC-hbr) and G.711 (RFC 3551) over RTP, with real encoder output."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np
import pytest
from tests.support.rtp_depacketizer import (
    G711Depacketizer,
    Mpeg4GenericDepacketizer,
    parse_rtp_packet,
)

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.rtsp.rtp import RtpPacketizer, payloader_for

SSRC = 0xA0D10
TS_BASE = (1 << 32) - 10 * 1024  # timestamps wrap during the stream


@dataclass(frozen=True)
class EncodedAudio:
    params: CodecParameters
    frames: list[tuple[int, bytes]]  # (RTP timestamp before the mod 2**32, frame)


def _sine(sample_rate: int, channels: int, samples: int, start: int) -> np.ndarray:
    t = (np.arange(samples) + start) / sample_rate
    tone = 0.3 * np.sin(2 * np.pi * 440 * t)
    return np.repeat(tone[None, :], channels, axis=0).astype(np.float32)


@pytest.fixture(scope="module")
def aac_stream() -> EncodedAudio:
    ctx = av.CodecContext.create("aac", "w")
    ctx.sample_rate, ctx.layout, ctx.format = 48000, "stereo", "fltp"
    ctx.time_base = Fraction(1, 48000)
    packets = []
    for i in range(50):
        frame = av.AudioFrame.from_ndarray(
            _sine(48000, 2, 1024, i * 1024), format="fltp", layout="stereo"
        )
        frame.sample_rate, frame.pts = 48000, i * 1024
        packets += ctx.encode(frame)
    packets += ctx.encode(None)
    pts = [p.pts or 0 for p in packets]
    assert ctx.extradata is not None
    params = CodecParameters(Codec.AAC, extradata=ctx.extradata, sample_rate=48000, channels=2)
    frames = [(TS_BASE + t - pts[0], bytes(p)) for t, p in zip(pts, packets, strict=True)]
    return EncodedAudio(params, frames)


@pytest.fixture(scope="module")
def pcmu_stream() -> EncodedAudio:
    """One second of 8 kHz mu-law in 20 ms frames."""
    ctx = av.CodecContext.create("pcm_mulaw", "w")
    ctx.sample_rate, ctx.layout, ctx.format = 8000, "mono", "s16"
    ctx.time_base = Fraction(1, 8000)
    frames = []
    for i in range(50):
        pcm = (_sine(8000, 1, 160, i * 160) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate, frame.pts = 8000, i * 160
        frames += [(TS_BASE + (p.pts or 0), bytes(p)) for p in ctx.encode(frame)]
    return EncodedAudio(CodecParameters(Codec.PCMU, sample_rate=8000, channels=1), frames)


def _packetize(audio: EncodedAudio, pt: int = 97, max_payload: int = 1400) -> list[list[bytes]]:
    packetizer = RtpPacketizer(payloader_for(audio.params, pt), SSRC, 65530, max_payload)
    return [packetizer.packetize(data, ts) for ts, data in audio.frames]


def test_each_aac_frame_is_one_packet_with_an_au_header_and_the_marker(
    aac_stream: EncodedAudio,
) -> None:
    units = _packetize(aac_stream)
    for (ts, frame), unit in zip(aac_stream.frames, units, strict=True):
        (packet,) = unit
        header = parse_rtp_packet(packet)
        assert (header.payload_type, header.marker, header.timestamp) == (97, True, ts % (1 << 32))
        au_headers_length, au_header = struct.unpack_from("!HH", header.payload)
        assert (au_headers_length, au_header >> 3, au_header & 7) == (16, len(frame), 0)
        assert header.payload[4:] == frame
    seqs = [parse_rtp_packet(unit[0]).sequence_number for unit in units]
    assert seqs == [(65530 + i) % 65536 for i in range(len(units))]


def test_aac_frames_round_trip_and_decode(aac_stream: EncodedAudio) -> None:
    receiver = Mpeg4GenericDepacketizer()
    receiver.feed(p for unit in _packetize(aac_stream) for p in unit)
    assert (receiver.gaps, receiver.errors) == ([], [])
    assert [(f.rtp_timestamp, f.data) for f in receiver.frames] == [
        (ts % (1 << 32), data) for ts, data in aac_stream.frames
    ]
    decoder = av.CodecContext.create("aac", "r")
    decoder.extradata = aac_stream.params.extradata
    decoded = [f for frame in receiver.frames for f in decoder.decode(av.Packet(frame.data))]
    assert len(decoded) == len(aac_stream.frames)
    assert {(f.sample_rate, f.layout.name, f.samples) for f in decoded} == {(48000, "stereo", 1024)}


def test_aac_frame_over_the_budget_is_fragmented_with_the_whole_au_size(
    aac_stream: EncodedAudio,
) -> None:
    ts, frame = aac_stream.frames[5]
    packetizer = RtpPacketizer(payloader_for(aac_stream.params, 97), SSRC, 0, max_payload=100)
    packets = packetizer.packetize(frame, ts)
    headers = [parse_rtp_packet(p) for p in packets]
    assert len(packets) == -(-len(frame) // 96) and all(len(p) <= 112 for p in packets)
    assert [h.marker for h in headers] == [False] * (len(packets) - 1) + [True]
    assert {h.payload[:4] for h in headers} == {struct.pack("!HH", 16, len(frame) << 3)}
    receiver = Mpeg4GenericDepacketizer()
    receiver.feed(packets)
    assert (receiver.errors, [f.data for f in receiver.frames]) == ([], [frame])


def test_aac_sdp_names_rate_channels_and_the_config_in_hex(aac_stream: EncodedAudio) -> None:
    payloader = payloader_for(aac_stream.params, 97)
    assert payloader.clock_rate == 48000
    rtpmap, fmtp = payloader.sdp_attributes()
    assert rtpmap == "rtpmap:97 MPEG4-GENERIC/48000/2"
    fields = dict(f.split("=", 1) for f in fmtp.removeprefix("fmtp:97 ").split(";"))
    assert fields == {
        "streamtype": "5",
        "profile-level-id": "1",
        "mode": "AAC-hbr",
        "sizelength": "13",
        "indexlength": "3",
        "indexdeltalength": "3",
        "config": aac_stream.params.extradata.hex(),
    }


def test_aac_rate_and_channels_come_from_the_config_when_params_lack_them() -> None:
    asc = bytes((0x12, 0x08))  # AAC-LC, 44100 Hz (index 4), 1 channel
    payloader = payloader_for(CodecParameters(Codec.AAC, extradata=asc), 97)
    assert payloader.clock_rate == 44100
    assert payloader.sdp_attributes()[0] == "rtpmap:97 MPEG4-GENERIC/44100/1"


def test_aac_without_audio_specific_config_is_rejected_naming_the_codec() -> None:
    with pytest.raises(ValueError, match="aac"):
        payloader_for(CodecParameters(Codec.AAC, sample_rate=48000, channels=2), 97)


@pytest.mark.parametrize(
    ("codec", "pt", "name"), [(Codec.PCMU, 0, "PCMU"), (Codec.PCMA, 8, "PCMA")]
)
def test_g711_at_8khz_mono_uses_its_static_payload_type_whatever_is_asked(
    codec: Codec, pt: int, name: str
) -> None:
    payloader = payloader_for(CodecParameters(codec, sample_rate=8000, channels=1), 97)
    assert (payloader.payload_type, payloader.clock_rate) == (pt, 8000)
    assert payloader.sdp_attributes() == [f"rtpmap:{pt} {name}/8000"]


def test_g711_samples_round_trip_unmarked_with_timestamps_of_their_first_sample(
    pcmu_stream: EncodedAudio,
) -> None:
    units = _packetize(pcmu_stream)
    headers = [parse_rtp_packet(p) for unit in units for p in unit]
    assert {(h.payload_type, h.marker) for h in headers} == {(0, False)}
    assert [h.timestamp for h in headers] == [ts % (1 << 32) for ts, _ in pcmu_stream.frames]
    receiver = G711Depacketizer()
    receiver.feed(p for unit in units for p in unit)
    assert receiver.gaps == []
    assert receiver.samples == b"".join(data for _, data in pcmu_stream.frames)
    decoder = av.CodecContext.create("pcm_mulaw", "r")
    decoder.sample_rate, decoder.layout = 8000, "mono"
    decoded = decoder.decode(av.Packet(receiver.samples))
    assert sum(f.samples for f in decoded) == 8000


def test_g711_frame_over_the_budget_splits_and_timestamps_advance_by_samples() -> None:
    payloader = payloader_for(CodecParameters(Codec.PCMA), 97)
    samples = bytes(range(256)) * 16  # 4096 samples
    packets = RtpPacketizer(payloader, SSRC, 0, max_payload=1400).packetize(samples, 1000)
    headers = [parse_rtp_packet(p) for p in packets]
    assert [len(h.payload) for h in headers] == [1400, 1400, 1296]
    assert [h.timestamp for h in headers] == [1000, 2400, 3800]
    assert not any(h.marker for h in headers)
    assert b"".join(h.payload for h in headers) == samples


def test_g711_stereo_at_16khz_uses_the_dynamic_type_and_splits_on_sample_boundaries() -> None:
    params = CodecParameters(Codec.PCMU, sample_rate=16000, channels=2)
    payloader = payloader_for(params, 98)
    assert payloader.sdp_attributes() == ["rtpmap:98 PCMU/16000/2"]
    packets = RtpPacketizer(payloader, SSRC, 0, max_payload=1401).packetize(bytes(3000), 0)
    headers = [parse_rtp_packet(p) for p in packets]
    assert [len(h.payload) for h in headers] == [1400, 1400, 200]
    assert [h.timestamp for h in headers] == [0, 700, 1400]


def test_g711_at_another_rate_with_a_static_payload_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="pcma"):
        payloader_for(CodecParameters(Codec.PCMA, sample_rate=16000, channels=1), 8)
