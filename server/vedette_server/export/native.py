"""The native export format (EXP-02): the recording's own segment files, unchanged,
with an index, for the console's offline player.

Layout, inside the export folder::

    <camera>/<main|sub>/<start µs>.vseg     the segment files overlapping the range
    <camera>/<main|sub>/index.json          camera, stream, range, and per segment its
                                             start, end, frames, codec, size and
                                             keyframe index (base64, catalog format)

A native export carries every stream recorded in the range: main and sub, and the
audio, which is recorded in the main stream's segments (what the console's label
promises; issue 12 found only the task's one stream copied). Segments are copied
whole (a segment overlapping the range's edges too), so every record keeps its CRC
and the files verify with ``vedette-server fsck``'s reader. Blocking file I/O.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from vedette_server.export.errors import ExportCancelled, NothingRecorded
from vedette_server.export.recorded_range import SegmentSource
from vedette_server.export.remux import ExportProgress

_CHUNK = 1 << 20


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:48] or "camera"


#: The streams a native export carries, by number (1 main, 2 sub).
STREAMS: Final = (1, 2)


@dataclass(frozen=True)
class NativeStream:
    """One stream of an item: its catalog rows and their files, in recording order."""

    stream: int  # 1 main, 2 sub
    rows: Sequence[Any]
    sources: Sequence[SegmentSource]


def write_native(
    folder: Path,
    camera: str,
    item: Any,
    streams: Sequence[NativeStream],
    *,
    progress: Callable[[ExportProgress], None],
    cancel: threading.Event,
) -> list[str]:
    """Copy the segments of every stream of one item into ``folder``; returns the
    names written. NothingRecorded when no stream has a segment in the range."""
    recorded = [s for s in streams if s.sources]
    if not recorded:
        raise NothingRecorded(item.start_us, item.end_us, "no segment overlaps the range")
    span_us = item.end_us - item.start_us
    names: list[str] = []
    for index, stream in enumerate(recorded):
        done_bytes = sum((folder / n).stat().st_size for n in names)

        def overall(p: ExportProgress, k: int = index, base: int = done_bytes) -> None:
            # Streams one after the other: progress runs once over all of them.
            media_us = (k * span_us + p.media_us) // len(recorded)
            progress(ExportProgress(base + p.bytes_written, media_us, p.position_us, 0.0))

        names += _write_stream(folder, camera, item, stream, overall, cancel)
    return names


def _write_stream(
    folder: Path,
    camera: str,
    item: Any,
    native: NativeStream,
    progress: Callable[[ExportProgress], None],
    cancel: threading.Event,
) -> list[str]:
    stream_name = "main" if native.stream == 1 else "sub"
    relative = Path(_safe(camera)) / stream_name
    (folder / relative).mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    written = 0
    entries = []
    for row, source in zip(native.rows, native.sources, strict=True):
        name = str(relative / f"{row.start_us}.vseg")
        written += _copy(source.path, folder / name, cancel)
        names.append(name)
        end_us = row.end_us if row.end_us is not None else row.start_us
        entries.append(
            {
                "file": Path(name).name,
                "start_us": row.start_us,
                "end_us": end_us,
                "frames": row.frames,
                "codec": row.codec.value,
                "width": row.width,
                "height": row.height,
                "size_bytes": (folder / name).stat().st_size,
                "keyframe_index": base64.b64encode(row.keyframe_index).decode(),
            }
        )
        covered = min(end_us, item.end_us) - item.start_us
        progress(ExportProgress(written, max(0, covered), end_us, 0.0))
    index = {
        "format": "vedette-native-export",
        "version": 1,
        "camera": camera,
        "camera_id": item.camera_id,
        "stream": stream_name,
        "start_us": item.start_us,
        "end_us": item.end_us,
        "segments": entries,
    }
    index_name = str(relative / "index.json")
    (folder / index_name).write_text(json.dumps(index, indent=1))
    return [*names, index_name]


def _copy(source: Path, target: Path, cancel: threading.Event) -> int:
    """Copy a segment file (it may still be growing: its size now is what is copied)."""
    size = source.stat().st_size
    partial = target.with_name(target.name + ".part")
    copied = 0
    with source.open("rb") as reader, partial.open("wb") as writer:
        while copied < size:
            if cancel.is_set():
                raise ExportCancelled(None)
            chunk = reader.read(min(_CHUNK, size - copied))
            if not chunk:
                break
            writer.write(chunk)
            copied += len(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    os.replace(partial, target)
    return copied
