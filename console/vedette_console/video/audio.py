"""A tile's audio (LIVE-04 audio on/off, PLAY-05): decode a camera's AAC or G.711
packets with PyAV on the tile's decoder thread, measure their level for the tile's
meter, and play them on this computer's default audio output.

The output is Qt Multimedia's ``QAudioSink`` (PySide6-Addons) fed in push mode with
16-bit stereo at 48 kHz. A computer without an audio output (a server room PC, CI)
still decodes and shows the level; the tile says that nothing can be heard, rather
than pretending. ``AudioDecoder`` is plain Python and PyAV and runs on any thread;
``AudioOutput`` is created and written on the UI thread (Qt's audio objects live in
the thread that made them), through the frame slot's queued signal.
"""

from __future__ import annotations

import math
from typing import Protocol

import av
import numpy as np
from PySide6.QtCore import QCoreApplication

from vedette_api.v1 import media_pb2

OUTPUT_RATE = 48_000
OUTPUT_CHANNELS = 2
_DECODERS = {
    media_pb2.CODEC_AAC: "aac",
    media_pb2.CODEC_PCMU: "pcm_mulaw",
    media_pb2.CODEC_PCMA: "pcm_alaw",
}
SILENCE_DB = -90.0


def level_db(pcm: bytes) -> float:
    """The RMS level of 16-bit samples in dB below full scale (``SILENCE_DB`` floor)."""
    samples = np.frombuffer(pcm, dtype=np.int16)
    if samples.size == 0:
        return SILENCE_DB
    rms = math.sqrt(float(np.mean(samples.astype(np.float64) ** 2))) / 32768.0
    return max(SILENCE_DB, 20 * math.log10(rms)) if rms > 0 else SILENCE_DB


class AudioDecoder:
    """Packets of one audio track → 16-bit stereo PCM at 48 kHz, with its level."""

    def __init__(self, params: media_pb2.CodecParameters) -> None:
        name = _DECODERS.get(params.codec)
        if name is None:
            text = QCoreApplication.translate("AudioDecoder", "unsupported audio codec {codec}")
            raise ValueError(text.format(codec=params.codec))
        codec = av.CodecContext.create(name, "r")
        assert isinstance(codec, av.AudioCodecContext)
        codec.sample_rate = params.sample_rate or 8000
        codec.layout = "stereo" if params.channels == 2 else "mono"
        if params.extradata:
            codec.extradata = params.extradata
        codec.open()
        self._codec = codec
        self._resampler = av.AudioResampler(format="s16", layout="stereo", rate=OUTPUT_RATE)
        #: The level of the last decoded packet, dBFS.
        self.level_db = SILENCE_DB
        self.packets = 0
        self.errors = 0

    def decode(self, packet: media_pb2.MediaPacket) -> bytes:
        """The PCM of one packet (b"" when it does not decode: counted in ``errors``)."""
        av_packet = av.Packet(packet.data)
        av_packet.pts = packet.timestamp_us
        try:
            frames = self._codec.decode(av_packet)
            pcm = b"".join(
                bytes(out.planes[0])[: out.samples * 2 * OUTPUT_CHANNELS]
                for frame in frames
                for out in self._resampler.resample(frame)
            )
        except (av.error.FFmpegError, ValueError):
            self.errors += 1
            return b""
        self.packets += 1
        self.level_db = level_db(pcm)
        return pcm


class AudioSink(Protocol):
    def write(self, pcm: bytes) -> None: ...

    def processed_us(self) -> int:
        """How much audio the output has taken, in µs."""
        ...

    def close(self) -> None: ...


def open_output() -> AudioSink | None:
    """The default audio output as a push sink, or None when this computer has none
    (or Qt Multimedia is not installed). Call on the UI thread."""
    try:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
    except ImportError:
        return None
    device = QMediaDevices.defaultAudioOutput()
    if device.isNull():
        return None
    audio_format = QAudioFormat()
    audio_format.setSampleRate(OUTPUT_RATE)
    audio_format.setChannelCount(OUTPUT_CHANNELS)
    audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    if not device.isFormatSupported(audio_format):
        return None
    return _QtSink(QAudioSink(device, audio_format))


class _QtSink:
    def __init__(self, sink: object) -> None:
        self._sink = sink
        self._device = sink.start()  # type: ignore[attr-defined]

    def write(self, pcm: bytes) -> None:
        if self._device is not None:
            self._device.write(pcm)

    def processed_us(self) -> int:
        return int(self._sink.processedUSecs())  # type: ignore[attr-defined]

    def close(self) -> None:
        self._sink.stop()  # type: ignore[attr-defined]
        self._device = None
