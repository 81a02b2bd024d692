"""The native export format (EXP-02): the recording's own segment files, unchanged,
with an index, for the console's offline player.

Layout, inside the export folder::

    <camera>/<main|sub>/<start µs>.vseg     the segment files overlapping the range
    <camera>/<main|sub>/index.json          camera, stream, range, and per segment its
                                             start, end, frames, codec, size and
                                             keyframe index (base64, catalog format)

Segments are copied whole (a segment overlapping the range's edges too), so every
record keeps its CRC and the files verify with ``vedette-server fsck``'s reader.
Blocking file I/O.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vedette_server.export.errors import ExportCancelled, NothingRecorded
from vedette_server.export.recorded_range import SegmentSource
from vedette_server.export.remux import ExportProgress

_CHUNK = 1 << 20


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:48] or "camera"


def write_native(
    folder: Path,
    camera: str,
    item: Any,
    stream: int,
    rows: Sequence[Any],
    sources: Sequence[SegmentSource],
    *,
    progress: Callable[[ExportProgress], None],
    cancel: threading.Event,
) -> list[str]:
    """Copy the segments of one item into ``folder``; returns the names written."""
    if not sources:
        raise NothingRecorded(item.start_us, item.end_us, "no segment overlaps the range")
    relative = Path(_safe(camera)) / ("main" if stream == 1 else "sub")
    (folder / relative).mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    written = 0
    entries = []
    for row, source in zip(rows, sources, strict=True):
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
        "stream": "main" if stream == 1 else "sub",
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
