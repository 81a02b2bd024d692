"""Muxing recorded packets into an MP4, Matroska or AVI file with PyAV, never transcoding.

``ContainerWriter`` owns one output container: its streams are made from our
``CodecParameters`` (codec, picture size, frame rate, extradata: Annex B parameter
sets for H.264/H.265, the AudioSpecificConfig for AAC), and packets go in exactly as
recorded. FFmpeg's muxers turn Annex B into the length-prefixed form MP4 and
Matroska store.

Invariants:
- Per stream, decode timestamps strictly increase in the stream's time base
  (a packet that would tie or go back is nudged one tick forward), pts = dts (IP
  cameras send no B-frames), and every packet carries its duration.
- AVI has no timestamps, only frame slots at a fixed rate: the video time base is
  the frame interval and a gap becomes empty slots (dropped frames) that the muxer
  writes, so gaps stay gaps there too.
- Audio the container cannot hold (G.711 in MP4 or Matroska) is left out with a
  note, found by trying the header in memory first; video it cannot hold raises
  ``UnsupportedCodec``.
- MP4 is written non-fragmented, ``moov`` at the end: the target must be seekable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, Protocol

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.timestamps import US_PER_S
from vedette_server.export.errors import UnsupportedCodec

# PyAV is imported where a file is muxed: the server starts without it (0.05 CPU-s).
if TYPE_CHECKING:
    import av.container
    from av.stream import Stream

ExportFormat = Literal["mp4", "mkv", "avi"]


class SeekableWriter(Protocol):
    """A binary file the muxer can write and seek (MP4 and AVI patch their headers)."""

    def write(self, data: bytes, /) -> int: ...
    def seek(self, offset: int, whence: int = ..., /) -> int: ...
    def tell(self) -> int: ...


MuxTarget = str | SeekableWriter  # a path, or a file object
FORMATS: dict[str, str] = {"mp4": "mp4", "mkv": "matroska", "avi": "avi"}
MIME_TYPES: dict[str, str] = {
    "mp4": "video/mp4",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
}
DEFAULT_FRAME_INTERVAL_US = 40_000  # when neither the track nor the packets say (25 fps)
_LAYOUTS = {1: "mono", 2: "stereo", 3: "2.1", 4: "quad", 5: "5.0", 6: "5.1", 8: "7.1"}
_IO_BUFFER_BYTES = 1 << 20

# An ADTS header (AAC LC, 16 kHz, mono) and 4 bytes of payload: enough for FFmpeg's
# "aac" demuxer to make a template stream with the AAC codec id (see _template).
_AAC_TEMPLATE = bytes([0xFF, 0xF1, 0x60, 0x40, 0x01, 0x7F, 0xFC]) + bytes(4)
_TEMPLATE_FORMATS = {
    Codec.H264: ("h264", b"", {}),
    Codec.H265: ("hevc", b"", {}),
    Codec.AAC: ("aac", _AAC_TEMPLATE * 2, {}),
    Codec.PCMU: ("mulaw", b"", {"sample_rate": "8000"}),
    Codec.PCMA: ("alaw", b"", {"sample_rate": "8000"}),
}


def _template(codec: Codec) -> av.container.InputContainer:
    """An input container whose first stream has ``codec``'s codec id and nothing else.

    PyAV can only copy a stream's codec parameters (extradata included) from a
    template stream; ``add_mux_stream`` cannot take extradata. Raw demuxers over (nearly)
    empty input give such a stream in well under a millisecond; its parameters are
    then overwritten with ours.
    """
    import av

    name, data, options = _TEMPLATE_FORMATS[codec]
    return av.open(io.BytesIO(data), "r", format=name, options=options)


def _add_stream(
    container: av.container.OutputContainer, params: CodecParameters, time_base: Fraction | None
) -> Stream:
    """A stream carrying ``params`` (ValueError when the format cannot hold the codec)."""
    from av.audio.codeccontext import AudioCodecContext
    from av.video.codeccontext import VideoCodecContext

    with _template(params.codec) as template:
        stream = container.add_stream_from_template(template.streams[0], opaque=True)
    ctx = stream.codec_context
    ctx.extradata = params.extradata or None
    if isinstance(ctx, VideoCodecContext):
        ctx.width, ctx.height = params.width, params.height
        if params.frame_rate:
            ctx.framerate = params.frame_rate
    elif isinstance(ctx, AudioCodecContext):
        ctx.sample_rate = params.sample_rate or 8000
        ctx.layout = _LAYOUTS.get(params.channels, "mono")
    if time_base is not None:
        stream.time_base = time_base
    return stream


def _with_picture_size(video: CodecParameters, keyframe: MediaPacket) -> CodecParameters:
    """``video`` with the width and height of its first keyframe (for a track recorded
    without them: MP4, Matroska and AVI all need them in their headers)."""
    import av
    from av.video.codeccontext import VideoCodecContext

    ctx = av.CodecContext.create("h264" if video.codec is Codec.H264 else "hevc", "r")
    assert isinstance(ctx, VideoCodecContext)
    ctx.extradata = video.extradata or None
    frames = ctx.decode(av.Packet(keyframe.data)) + ctx.decode(None)
    width, height = (frames[0].width, frames[0].height) if frames else (ctx.width, ctx.height)
    return dataclasses.replace(video, width=width, height=height)


def _frame_interval_us(video: CodecParameters, first: MediaPacket) -> int:
    """The video frame interval: from the track's frame rate, else the first frame."""
    if video.frame_rate > 0:
        return max(1, round(US_PER_S / video.frame_rate))
    return first.duration_us if first.duration_us > 0 else DEFAULT_FRAME_INTERVAL_US


class _StreamClock:
    """µs on the output timeline → strictly increasing ticks of one stream's time base."""

    __slots__ = ("_duration_ticks", "_duration_us", "den", "last", "num_us", "stream")

    def __init__(self, stream: Stream) -> None:
        time_base = stream.time_base
        assert time_base is not None
        self.stream = stream
        self.num_us = time_base.numerator * US_PER_S
        self.den = time_base.denominator
        self.last = -1
        self._duration_us = self._duration_ticks = -1

    def ticks(self, media_us: int) -> int:
        tick = (media_us * self.den + self.num_us // 2) // self.num_us
        if tick <= self.last:
            tick = self.last + 1
        self.last = tick
        return tick

    def duration(self, duration_us: int) -> int:
        if duration_us != self._duration_us:  # nearly always the same: keep the last
            ticks = (duration_us * self.den + self.num_us // 2) // self.num_us
            self._duration_us, self._duration_ticks = duration_us, max(1, ticks)
        return self._duration_ticks


class ContainerWriter:
    """One output file being muxed. Use ``open``; ``write`` packets in order; ``close``."""

    def __init__(
        self,
        container: av.container.OutputContainer,
        video: _StreamClock,
        audio: _StreamClock | None,
        origin_us: int,
    ) -> None:
        import av

        self._packet = av.Packet
        self._container, self._video, self._audio = container, video, audio
        self._origin_us = origin_us
        self.frames = 0
        self.audio_packets = 0

    @classmethod
    def open(
        cls,
        target: MuxTarget,
        fmt: ExportFormat,
        video: CodecParameters,
        audio: CodecParameters | None,
        first: MediaPacket,
        notes: list[str],
    ) -> ContainerWriter:
        """Open ``target`` (a path or a seekable binary file) and write the header; the
        timeline starts at ``first`` (the first video keyframe). Blocking."""
        import av

        interval_us = _frame_interval_us(video, first)
        if not (video.width and video.height):
            video = _with_picture_size(video, first)
        if audio is not None:
            problem = _header_problem(fmt, video, audio, interval_us)
            if problem is not None:
                notes.append(f"audio left out: {fmt} cannot hold {audio.codec.value} ({problem})")
                audio = None
        container = av.open(target, "w", format=FORMATS[fmt], buffer_size=_IO_BUFFER_BYTES)
        try:
            video_stream, audio_stream = _add_streams(container, fmt, video, audio, interval_us)
            container.start_encoding()
        except BaseException:
            container.close()
            raise
        audio_clock = _StreamClock(audio_stream) if audio_stream is not None else None
        return cls(container, _StreamClock(video_stream), audio_clock, first.timestamp_us)

    def write(self, packet: MediaPacket) -> None:
        """Mux one packet (its ``timestamp_us`` on the output timeline). Blocking."""
        if packet.kind is PacketKind.VIDEO:
            clock = self._video
            self.frames += 1
        elif self._audio is not None:
            clock = self._audio
            self.audio_packets += 1
        else:
            return
        out = self._packet(packet.data)
        out.stream = clock.stream  # no time_base: the muxer then takes the stream's
        out.pts = out.dts = clock.ticks(packet.timestamp_us - self._origin_us)
        out.duration = clock.duration(packet.duration_us)
        if packet.keyframe:
            out.is_keyframe = True
        self._container.mux_one(out)

    def close(self) -> None:
        """Write the trailer (MP4's moov, Matroska's cues, AVI's index). Blocking."""
        self._container.close()

    def abort(self) -> None:
        """Close without caring whether the trailer can be written (the file is dropped)."""
        with contextlib.suppress(Exception):  # the partial file is thrown away anyway
            self._container.close()


def _add_streams(
    container: av.container.OutputContainer,
    fmt: ExportFormat,
    video: CodecParameters,
    audio: CodecParameters | None,
    interval_us: int,
) -> tuple[Stream, Stream | None]:
    if fmt == "avi":
        video_base: Fraction | None = Fraction(interval_us, US_PER_S)
    elif fmt == "mp4":
        video_base = Fraction(1, 90_000)
    else:
        video_base = None  # Matroska's is always 1/1000
    try:
        video_stream = _add_stream(container, video, video_base)
    except ValueError:
        raise UnsupportedCodec(fmt, video.codec.value) from None
    audio_stream = None
    if audio is not None:
        audio_base = Fraction(1, audio.sample_rate) if fmt == "mp4" and audio.sample_rate else None
        audio_stream = _add_stream(container, audio, audio_base)
    return video_stream, audio_stream


def _header_problem(
    fmt: ExportFormat, video: CodecParameters, audio: CodecParameters, interval_us: int
) -> str | None:
    """Why the muxer refuses this audio, found by writing a header to memory; None if fine."""
    import av

    container = av.open(io.BytesIO(), "w", format=FORMATS[fmt])
    try:
        _add_streams(container, fmt, video, audio, interval_us)
        container.start_encoding()
    except UnsupportedCodec:
        return None  # the video is the problem: the real attempt reports it
    except (ValueError, av.FFmpegError) as error:
        return str(error)
    finally:
        container.close()
    return None
