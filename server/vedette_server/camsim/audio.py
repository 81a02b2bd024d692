"""camsim's audio: a short tone burst at every wall-clock second, looped from memory.

AAC (16 kHz mono, RFC 3640 on the wire) or G.711 µ-law/A-law (8 kHz mono). The
loop is 8 s long, a whole number of codec frames for every codec here, and
phase-locked to the wall clock like the video, so the beep marks each second.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np

from vedette_api.media.packet import Codec, CodecParameters

LOOP_SECONDS = 8


@dataclass(frozen=True)
class AudioLoop:
    """Encoded audio frames of one loop and their cadence."""

    params: CodecParameters
    frames: list[bytes]
    frame_rate: Fraction  # frames per second

    @property
    def frame_duration_us(self) -> int:
        return round(1_000_000 / self.frame_rate)


def _signal(sample_rate: int, seconds: int) -> np.ndarray:
    t = np.arange(sample_rate * seconds) / sample_rate
    beep = (t % 1.0) < 0.1
    tone = 0.4 * np.sin(2 * np.pi * 880 * t) * beep
    hum = 0.02 * np.sin(2 * np.pi * 50 * t)
    return (tone + hum).astype(np.float32)


def make_audio_loop(codec: Codec) -> AudioLoop:
    """Encode the loop for ``codec`` (fast: well under a second)."""
    if codec is Codec.AAC:
        return _aac_loop()
    if codec in (Codec.PCMU, Codec.PCMA):
        return _g711_loop(codec)
    raise ValueError(f"camsim cannot send audio as {codec.value}")


def _aac_loop(sample_rate: int = 16000) -> AudioLoop:
    ctx = av.CodecContext.create("aac", "w")
    ctx.sample_rate, ctx.layout, ctx.format, ctx.bit_rate = sample_rate, "mono", "fltp", 32000
    ctx.open()
    frame_size = ctx.frame_size
    per_loop = sample_rate * LOOP_SECONDS // frame_size
    # Encode three periods and keep the middle one: the encoder's overlap then
    # matches at the seam, so the loop plays without a click.
    signal = np.tile(_signal(sample_rate, LOOP_SECONDS), 3)
    packets: list[bytes] = []
    for i in range(0, len(signal), frame_size):
        chunk = signal[i : i + frame_size]
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
        frame.sample_rate, frame.pts = sample_rate, i
        packets.extend(bytes(p) for p in ctx.encode(frame))
    packets.extend(bytes(p) for p in ctx.encode(None))
    frames = packets[per_loop : 2 * per_loop]
    params = CodecParameters(
        codec=Codec.AAC, extradata=bytes(ctx.extradata or b""), sample_rate=sample_rate, channels=1
    )
    return AudioLoop(params, frames, Fraction(sample_rate, frame_size))


def _g711_loop(codec: Codec, sample_rate: int = 8000, frame_ms: int = 20) -> AudioLoop:
    ctx = av.CodecContext.create("pcm_mulaw" if codec is Codec.PCMU else "pcm_alaw", "w")
    ctx.sample_rate, ctx.layout, ctx.format = sample_rate, "mono", "s16"
    ctx.open()
    pcm = (_signal(sample_rate, LOOP_SECONDS) * 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
    frame.sample_rate, frame.pts = sample_rate, 0
    data = b"".join(bytes(p) for p in ctx.encode(frame)) + b"".join(
        bytes(p) for p in ctx.encode(None)
    )
    step = sample_rate * frame_ms // 1000
    frames = [data[i : i + step] for i in range(0, len(data), step)]
    params = CodecParameters(codec=codec, sample_rate=sample_rate, channels=1)
    return AudioLoop(params, frames, Fraction(1000, frame_ms))
