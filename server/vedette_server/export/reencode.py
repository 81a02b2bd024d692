"""Re-encoding an exported file to burn privacy masks and a watermark into its video
(CAM-10, CAM-11): the one place an export is transcoded.

``export_recording`` remuxes the recording first (``container_writer``), then, when
``BurnIn`` asks for anything, ``reencode`` decodes that file's video with PyAV, draws
on each picture (``images.burn_in``), encodes it again with libx264 and writes the
result in the same container format, the audio packets copied unchanged.

Invariants:
- Every frame keeps its timestamp: the encoder works in the source stream's time
  base and is fed the decoded pts; libx264 makes no B-frames, so pts = dts as in a
  remuxed export (AVI, which has no pts, stays in step).
- No picture reaches the output without the masks: frames are drawn on before they
  are encoded, and a file that cannot be decoded fails the export.
- Blocking, like the rest of an export; cancel is checked between packets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from vedette_server.export.container_writer import FORMATS, ExportFormat, MuxTarget
from vedette_server.export.errors import ExportCancelled, ExportError
from vedette_server.recording.privacy import PrivacyMask

# PyAV, numpy and Pillow are imported for a re-encode: the server starts without them.
if TYPE_CHECKING:
    import av.container
    from av.video.stream import VideoStream

    from vedette_server.images.burn_in import WatermarkStamp

#: libx264's quality: 18 is visually lossless for most pictures (FFmpeg's H.264 guide).
CRF = "18"
PRESET = "veryfast"


@dataclass(frozen=True)
class BurnIn:
    """What to draw on an export's pictures: the masks the exporting user may not see
    through, and the watermark text ("" for none)."""

    masks: tuple[PrivacyMask, ...] = ()
    watermark: str = ""

    def __bool__(self) -> bool:
        return bool(self.masks or self.watermark)

    def describe(self) -> str:
        """In words, for the audit log."""
        parts = [f"{len(self.masks)} privacy mask(s)"] if self.masks else []
        parts += [f"the watermark {self.watermark!r}"] if self.watermark else []
        return " and ".join(parts)

    def manifest_fields(self) -> dict[str, object]:
        """What the signed manifest says was burnt in (nothing when nothing was)."""
        fields: dict[str, object] = {}
        if self.masks:
            fields["privacy_masks"] = len(self.masks)
        if self.watermark:
            fields["watermark"] = self.watermark
        if fields:
            fields["reencoded"] = True
        return fields


def reencode(
    source: str,
    target: MuxTarget,
    fmt: ExportFormat,
    burn_in: BurnIn,
    *,
    on_frame: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write ``source`` (an export of ``fmt``) to ``target`` with ``burn_in`` drawn on
    every picture; returns the frames written. ``on_frame`` hears each encoded
    frame's time in seconds from the file's start."""
    import av

    from vedette_server.images.burn_in import burn, watermark_stamp

    try:
        reader = av.open(source, "r")
    except av.error.FFmpegError as error:
        raise ExportError(f"the remuxed export does not open for re-encoding: {error}") from None
    with reader:
        video_in = reader.streams.video[0]
        audio_in = reader.streams.audio[0] if reader.streams.audio else None
        writer = av.open(target, "w", format=FORMATS[fmt])
        try:
            video_out = _video_stream(writer, video_in)
            audio_out = writer.add_stream_from_template(audio_in) if audio_in else None
            stamp: WatermarkStamp | None = None
            if burn_in.watermark:
                stamp = watermark_stamp(burn_in.watermark, video_in.width, video_in.height)
            frames = 0
            time_base = video_in.time_base or Fraction(1, 90_000)
            streams = [video_in] if audio_in is None else [video_in, audio_in]
            for packet in reader.demux(streams):
                if cancel is not None and cancel.is_set():
                    raise ExportCancelled(None)
                if packet.stream is audio_in:
                    if audio_out is not None and packet.dts is not None:
                        packet.stream = audio_out
                        writer.mux(packet)
                    continue
                for frame in video_in.codec_context.decode(packet):
                    writer.mux(video_out.encode(burn(frame, burn_in.masks, stamp)))
                    frames += 1
                    if on_frame is not None and frame.pts is not None:
                        on_frame(float(frame.pts * time_base))
            writer.mux(video_out.encode(None))
        except av.error.FFmpegError as error:
            writer.close()
            raise ExportError(f"re-encoding the export to burn in masks failed: {error}") from None
        except BaseException:
            writer.close()
            raise
        writer.close()
    return frames


def _video_stream(
    writer: av.container.OutputContainer, source: VideoStream
) -> av.video.stream.VideoStream:
    """A libx264 stream in ``source``'s time base, size and rate, without B-frames."""
    rate = source.average_rate or source.guessed_rate or Fraction(25)
    stream = writer.add_stream("libx264", rate=rate)
    stream.width, stream.height = source.width, source.height
    stream.pix_fmt = "yuv420p"
    assert source.time_base is not None
    stream.time_base = source.time_base
    stream.codec_context.time_base = source.time_base
    stream.codec_context.options = {"crf": CRF, "preset": PRESET, "bf": "0"}
    return stream
