"""Per-tile decoding: a thread reads a ``PacketSource``, decodes video with PyAV,
scales each picture to fit the tile, and hands the tile a ``QImage``.

Invariants:
- Nothing here runs on the UI thread; the tile only takes the latest frame from a
  ``FrameSlot`` when Qt delivers the ``frame_ready`` signal.
- Frames are dropped, never queued: when the tile has not taken the previous
  frame yet, a newly decoded one is counted in ``dropped`` and not even scaled
  (decoding itself cannot be skipped, later frames refer to it).
- Decoding starts at a keyframe; after a decoder error it waits for the next one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import av
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QSize, Signal
from PySide6.QtGui import QImage

from vedette_api.v1 import media_pb2
from vedette_console.video.audio import AudioDecoder
from vedette_console.video.sources import (
    DecodeOnlyPacket,
    PacketSource,
    ReverseGopPacket,
    StreamNote,
    StreamStart,
)

_CODEC_NAMES = {media_pb2.CODEC_H264: "h264", media_pb2.CODEC_H265: "hevc"}


@dataclass
class Frame:
    image: QImage
    #: Wall-clock time of the frame (µs since the epoch), from its packet.
    time_us: int
    #: The stream's picture size (before scaling).
    source_size: QSize


@dataclass
class DecodeStats:
    decoded: int = 0
    shown: int = 0
    dropped: int = 0
    errors: int = 0


def fit_size(source_w: int, source_h: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with the source's aspect ratio inside the box (even numbers,
    at least 2×2)."""
    if source_w <= 0 or source_h <= 0 or box_w <= 0 or box_h <= 0:
        return max(2, source_w), max(2, source_h)
    scale = min(box_w / source_w, box_h / source_h)
    width = max(2, int(source_w * scale) & ~1)
    height = max(2, int(source_h * scale) & ~1)
    return width, height


class FrameSlot(QObject):
    """The one-frame mailbox between a decoder thread and its tile.

    ``frame_ready`` is emitted (from the decoder thread, delivered queued on the
    tile's thread) when the slot goes from empty to full; ``note`` carries
    ``StreamNote`` text; ``stream_started`` the codec parameters.
    """

    frame_ready = Signal()
    note = Signal(str, bool)
    stream_started = Signal(object)
    #: Decoded audio (16-bit stereo 48 kHz PCM) and its level in dBFS, when on.
    audio_ready = Signal(bytes, float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._target = QSize(640, 360)
        self.stats = DecodeStats()

    def set_target_size(self, size: QSize) -> None:
        with self._lock:
            self._target = QSize(size)

    def target_size(self) -> QSize:
        with self._lock:
            return QSize(self._target)

    def busy(self) -> bool:
        with self._lock:
            return self._frame is not None

    def put(self, frame: Frame) -> bool:
        """Offer a frame. When the last one was not taken yet, the new one replaces
        it (the old one counts as dropped) and False is returned: the tile always
        ends on the newest frame, e.g. the one a pause or a step stopped at."""
        with self._lock:
            if self._frame is not None:
                self._frame = frame
                self.stats.dropped += 1
                return False
            self._frame = frame
        return self.emit_safely(self.frame_ready)

    def emit_safely(self, signal: Any, *args: object) -> bool:
        """Emit unless the tile has deleted this slot meanwhile (then False)."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted": the tile let go
            return False
        return True

    def take(self) -> Frame | None:
        with self._lock:
            frame, self._frame = self._frame, None
            if frame is not None:
                self.stats.shown += 1
            return frame


def to_qimage(rgb: av.VideoFrame) -> QImage:
    """An RGB24 frame copied into a new QImage that owns its pixels (one copy; no
    QImage over foreign memory, whose reference handling is unsafe across threads)."""
    plane = rgb.planes[0]
    width, height = rgb.width, rgb.height
    image = QImage(width, height, QImage.Format.Format_RGB888)
    source = np.frombuffer(memoryview(plane), dtype=np.uint8)
    source = source.reshape(height, plane.line_size)[:, : width * 3]
    target = np.frombuffer(image.bits(), dtype=np.uint8)
    target.reshape(height, image.bytesPerLine())[:, : width * 3] = source
    return image


class DecoderThread(threading.Thread):
    """Reads ``source`` until it ends or ``stop()``; frames go to ``slot``."""

    def __init__(
        self, source: PacketSource, slot: FrameSlot, *, name: str = "decoder", audio: bool = False
    ) -> None:
        super().__init__(name=name, daemon=True)
        self._source = source
        self._slot = slot
        #: Decode the audio packets too (the tile's audio is on).
        self.audio = audio
        self._audio: AudioDecoder | None = None
        self._stopping = threading.Event()
        self._codec: av.VideoCodecContext | None = None
        #: Reverse play: the frames of the GOP being decoded, in decode order.
        self._reverse: list[Frame] = []
        self._size = QSize()
        self._frame_interval_s = 0.04

    def stop(self) -> None:
        """Ask the thread to end (cancels the source); returns at once."""
        self._stopping.set()
        self._source.close()

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # a tile shows why it stopped; the console goes on
            text = QCoreApplication.translate("DecoderThread", "Decoder stopped: {error}")
            self._slot.emit_safely(self._slot.note, text.format(error=exc), True)

    def _run(self) -> None:
        waiting_keyframe = True
        for item in self._source:
            if self._stopping.is_set():
                return
            if isinstance(item, ReverseGopPacket):
                packet = item.packet
                if packet.kind != media_pb2.PACKET_KIND_VIDEO or self._codec is None:
                    continue
                if packet.keyframe:
                    self._show_reversed()
                    waiting_keyframe = False
                elif waiting_keyframe:
                    continue
                if not self._decode(packet, collect=True):
                    waiting_keyframe = True
                continue
            if self._reverse:
                self._show_reversed()
            if isinstance(item, StreamStart):
                self._open(item.video)
                self._open_audio(item.audio)
                waiting_keyframe = True
                self._slot.emit_safely(self._slot.stream_started, item)
                continue
            if isinstance(item, StreamNote):
                if not self._slot.emit_safely(self._slot.note, item.text, item.final):
                    return
                if item.final:
                    return
                waiting_keyframe = True
                continue
            show = True
            if isinstance(item, DecodeOnlyPacket):  # a pre-roll frame: decoded, not shown
                item, show = item.packet, False
            if item.kind == media_pb2.PACKET_KIND_AUDIO:
                if self._audio is not None and show:
                    pcm = self._audio.decode(item)
                    if pcm and not self._slot.emit_safely(
                        self._slot.audio_ready, pcm, self._audio.level_db
                    ):
                        return
                continue
            if item.kind != media_pb2.PACKET_KIND_VIDEO or self._codec is None:
                continue
            if waiting_keyframe:
                if not item.keyframe:
                    continue
                waiting_keyframe = False
            if not self._decode(item, show=show):
                waiting_keyframe = True
        if self._reverse and not self._stopping.is_set():
            self._show_reversed()

    def _open(self, video: media_pb2.CodecParameters) -> None:
        name = _CODEC_NAMES.get(video.codec)
        if name is None:
            text = QCoreApplication.translate("DecoderThread", "unsupported video codec {codec}")
            raise ValueError(text.format(codec=video.codec))
        codec = av.CodecContext.create(name, "r")
        assert isinstance(codec, av.VideoCodecContext)
        if video.extradata:
            codec.extradata = video.extradata
        # Frame threads would add a frame of latency per thread: one slice-threaded
        # decoder per tile keeps live latency low and many tiles share the cores.
        codec.thread_type = "SLICE"
        codec.thread_count = 2
        codec.open()
        self._codec = codec
        self._size = QSize(video.width, video.height)

    def _open_audio(self, audio: media_pb2.CodecParameters | None) -> None:
        self._audio = None
        if not self.audio or audio is None or audio.codec == media_pb2.CODEC_UNSPECIFIED:
            return
        try:
            self._audio = AudioDecoder(audio)
        except (ValueError, av.error.FFmpegError) as exc:
            text = QCoreApplication.translate("DecoderThread", "Audio cannot be decoded: {error}")
            self._slot.emit_safely(self._slot.note, text.format(error=exc), False)

    def _show_reversed(self) -> None:
        """Show the collected GOP last frame first, one frame interval apart."""
        frames, self._reverse = self._reverse, []
        for index, frame in enumerate(reversed(frames)):
            if index and self._stopping.wait(self._frame_interval_s):
                return
            self._slot.put(frame)

    def _decode(
        self, packet: media_pb2.MediaPacket, *, collect: bool = False, show: bool = True
    ) -> bool:
        assert self._codec is not None
        av_packet = av.Packet(packet.data)
        av_packet.pts = packet.timestamp_us
        try:
            frames = self._codec.decode(av_packet)
        except av.error.FFmpegError:
            self._slot.stats.errors += 1
            return False
        for frame in frames:
            self._slot.stats.decoded += 1
            if collect:
                target = self._slot.target_size()
                width, height = fit_size(frame.width, frame.height, target.width(), target.height())
                time_us = frame.pts if frame.pts is not None else packet.timestamp_us
                self._frame_interval_s = (packet.duration_us or 40_000) / 1e6
                image = to_qimage(frame.reformat(width=width, height=height, format="rgb24"))
                self._reverse.append(Frame(image, int(time_us), QSize(frame.width, frame.height)))
                continue
            if not show:
                continue
            target = self._slot.target_size()
            width, height = fit_size(frame.width, frame.height, target.width(), target.height())
            rgb = frame.reformat(width=width, height=height, format="rgb24")
            image = to_qimage(rgb)
            time_us = frame.pts if frame.pts is not None else packet.timestamp_us
            self._slot.put(Frame(image, int(time_us), QSize(frame.width, frame.height)))
        return True


def wait_stopped(threads: list[DecoderThread], timeout_s: float = 2.0) -> None:
    """Stop and join decoder threads (bounded)."""
    for thread in threads:
        thread.stop()
    deadline = time.monotonic() + timeout_s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
