"""Native exports on disk (EXP-02): the offline player's packet source.

A native export folder holds, per camera and stream, the recording's own segment
files and an ``index.json`` (``vedette_server.export.native``). ``load_export``
reads the indexes; ``NativeFileSource`` reads the packets of one track from a
given instant, lazily and at their recorded pace, on the tile's decoder thread
(blocking file I/O, never on the UI thread).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from vedette_api.media.packet import CodecParameters, PacketKind
from vedette_api.media.proto_convert import codec_parameters_to_proto, packet_to_proto
from vedette_api.media.records import CorruptRecord
from vedette_api.media.segment_header import CorruptSegment
from vedette_api.media.segment_reader import SegmentReader
from vedette_console.video.sources import SourceItem, StreamNote, StreamStart

INDEX = "index.json"


@dataclass(frozen=True)
class Segment:
    path: Path
    start_us: int
    end_us: int


@dataclass(frozen=True)
class NativeTrack:
    """One camera stream of a native export."""

    camera: str
    camera_id: int
    stream: str
    start_us: int
    end_us: int
    segments: list[Segment] = field(default_factory=list)


def load_export(folder: Path) -> list[NativeTrack]:
    """Every track of the native export in ``folder`` (or of the folder holding the
    ``index.json`` given); ValueError when there is none or an index is not ours."""
    if folder.is_file():
        folder = folder.parent
    tracks = []
    for index_path in sorted(folder.rglob(INDEX)):
        data = json.loads(index_path.read_text("utf-8"))
        if data.get("format") != "vedette-native-export":
            text = QCoreApplication.translate(
                "NativeFileSource", "{path}: not a Vedette native export index"
            )
            raise ValueError(text.format(path=index_path))
        segments = [
            Segment(index_path.parent / entry["file"], entry["start_us"], entry["end_us"])
            for entry in data["segments"]
        ]
        tracks.append(NativeTrack(data["camera"], data["camera_id"], data["stream"],
                                  data["start_us"], data["end_us"], segments))  # fmt: skip
    if not tracks:
        text = QCoreApplication.translate(
            "NativeFileSource", "{folder}: no native export here (no {index})"
        )
        raise ValueError(text.format(folder=folder, index=INDEX))
    return tracks


class NativeFileSource:
    """The video of one track from ``from_us`` (the keyframe at or before it) to the
    export's end, paced as recorded (``pace=False``: as fast as decoded)."""

    def __init__(self, track: NativeTrack, from_us: int, *, pace: bool = True) -> None:
        self.track = track
        self.from_us = max(track.start_us, min(from_us, track.end_us))
        self._pace = pace
        self._closed = threading.Event()

    def __iter__(self) -> Iterator[SourceItem]:
        started: float | None = None
        first_us = 0
        video: CodecParameters | None = None
        for segment in self.track.segments:
            if segment.end_us < self.from_us:
                continue
            try:
                reader = SegmentReader.open(segment.path)
            except (OSError, CorruptSegment) as exc:
                text = QCoreApplication.translate("NativeFileSource", "Cannot read {file}: {error}")
                yield StreamNote(text.format(file=segment.path.name, error=exc), final=True)
                return
            with reader:
                if reader.header.video != video:
                    video = reader.header.video
                    yield StreamStart(codec_parameters_to_proto(video))
                try:
                    for packet in reader.packets_between(self.from_us, self.track.end_us):
                        if self._closed.is_set():
                            return
                        if packet.kind != PacketKind.VIDEO:
                            continue
                        if started is None:
                            started, first_us = time.monotonic(), packet.timestamp_us
                        elif self._pace:
                            due = started + (packet.timestamp_us - first_us) / 1e6
                            if self._closed.wait(max(0.0, due - time.monotonic())):
                                return
                        yield packet_to_proto(packet)
                except CorruptRecord as exc:
                    text = QCoreApplication.translate(
                        "NativeFileSource", "Damaged record in {file}: {reason}"
                    )
                    yield StreamNote(text.format(file=segment.path.name, reason=exc.reason))
        text = QCoreApplication.translate("NativeFileSource", "End of the export")
        yield StreamNote(text, final=True)

    def close(self) -> None:
        self._closed.set()
