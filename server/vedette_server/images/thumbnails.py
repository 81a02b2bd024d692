"""Thumbnails of recordings: which keyframe for each instant, rendered once, cached.

``Thumbnailer`` runs on the event loop and keeps every blocking step elsewhere:
catalog queries on the ``CatalogThread``, segment-file walks on its own I/O thread,
decoding and JPEG encoding in the ``RenderPool``'s worker processes, several at
once. A request's instants that map to the same keyframe are rendered once, and
``ThumbnailCache`` makes a second request for the same pictures memory-fast.

Keyframes of closed segments come from the catalog's keyframe index. The segment
being written has no index in the catalog yet, so its file is walked record
header by record header (payloads skipped), incrementally: a later request reads
only what was appended since (the recorder flushes at least every 2 s).

Invariants:
- Results come in query order; each says which stream and keyframe it shows, or
  that nothing was recorded, or why the keyframe could not be rendered.
- Catalog queries stay bounded however far apart the instants are: queries are
  grouped into clusters and each cluster reads only the segments around it.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vedette_api.media.file_io import READ_FLAGS, pread
from vedette_api.media.keyframe_index import decode_keyframe_index
from vedette_api.media.records import (
    FLAG_KEYFRAME,
    MAX_PAYLOAD_BYTES,
    RECORD_HEADER_BYTES,
    RecordKind,
    record_header_problem,
    unpack_record_header,
)
from vedette_api.media.segment_header import CorruptSegment, read_header
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Stream
from vedette_server.catalog.segments import (
    SegmentRow,
    first_segment_starting,
    segments_overlapping,
)
from vedette_server.catalog_thread import CatalogThread
from vedette_server.images.keyframe_choice import (
    GAP_SLACK_US,
    KeyframeRef,
    RecordedSpan,
    ThumbnailQuery,
    choose_keyframes,
)
from vedette_server.images.keyframe_render import (
    SNAPSHOT_QUALITY,
    RenderedImage,
    RenderError,
    RenderJob,
    RenderPool,
)
from vedette_server.images.thumbnail_cache import ThumbnailCache, ThumbnailKey
from vedette_server.recording.privacy import PrivacyMask
from vedette_server.recording.volumes import VolumeManager

#: Around each instant, how far to look for segments: past the longest GOP.
MARGIN_US = 10_000_000
#: Instants closer than this share one catalog query.
CLUSTER_US = 15 * 60_000_000
_MAX_WALKS = 256


@dataclass(frozen=True, slots=True)
class ThumbnailResult:
    """One query's outcome: ``image`` (with ``stream``), or None and maybe ``error``."""

    camera_id: int
    query: ThumbnailQuery
    stream: int | None = None
    image: RenderedImage | None = None
    error: str | None = None

    @property
    def no_recording(self) -> bool:
        return self.image is None and self.error is None


@dataclass
class _Walk:
    """How far an open segment's file has been walked."""

    offset: int
    end_us: int
    keyframes: list[tuple[int, int]] = field(default_factory=list)


class Thumbnailer:
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        volumes: VolumeManager,
        pool: RenderPool,
        cache: ThumbnailCache,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.volumes = volumes
        self.pool = pool
        self.cache = cache
        self._clock = clock
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="images-io")
        self._walks: dict[tuple[int, str], _Walk] = {}
        self._walk_lock = threading.Lock()

    def close(self) -> None:
        self._io.shutdown(wait=False, cancel_futures=True)

    # -- choosing keyframes ----------------------------------------------------------

    def _rows(
        self, camera_id: int, stream: int, queries: Sequence[ThumbnailQuery]
    ) -> tuple[list[SegmentRow], dict[int, Path]]:
        """The segments the queries need (catalog thread)."""
        rows: dict[int, SegmentRow] = {}
        times = sorted({q.time_us for q in queries})
        cluster: list[int] = []
        clusters = []
        for t in times:
            if cluster and t - cluster[-1] > CLUSTER_US:
                clusters.append(cluster)
                cluster = []
            cluster.append(t)
        if cluster:
            clusters.append(cluster)
        for group in clusters:
            found = segments_overlapping(
                self.catalog, camera_id, stream, group[0] - MARGIN_US, group[-1] + MARGIN_US
            )
            rows.update((row.id, row) for row in found)
        now_us = int(self._clock() * 1_000_000)
        spans = sorted(
            (r.start_us, r.end_us if r.end_us is not None else now_us) for r in rows.values()
        )
        for query in queries:
            if query.slice_end_us is None or _covered(spans, query.time_us):
                continue
            first = first_segment_starting(
                self.catalog, camera_id, stream, query.time_us, query.slice_end_us
            )
            if first is not None:
                rows[first.id] = first
        return list(rows.values()), self.volumes.roots()

    def _spans(self, rows: list[SegmentRow], roots: dict[int, Path]) -> list[RecordedSpan]:
        """Each segment's span and keyframes (I/O thread: walks open files)."""
        spans = []
        for row in rows:
            root = roots.get(row.volume_id)
            if root is None:
                continue
            path = str(root / PurePosixPath(row.relpath))
            if row.end_us is not None:
                try:
                    keyframes = decode_keyframe_index(row.keyframe_index, row.start_us)
                except ValueError:
                    keyframes = self._walk(row.id, path).keyframes
                spans.append(RecordedSpan(path, row.start_us, row.end_us, tuple(keyframes)))
            else:
                walk = self._walk(row.id, path)
                spans.append(
                    RecordedSpan(path, row.start_us, max(walk.end_us, row.start_us),
                                 tuple(walk.keyframes))
                )  # fmt: skip
        return spans

    def _walk(self, segment_id: int, path: str) -> _Walk:
        """Keyframes of a segment file read so far, extended to its current end."""
        with self._walk_lock:
            key = (segment_id, path)
            walk = self._walks.get(key)
            try:
                fd = os.open(path, READ_FLAGS)
            except OSError:
                return walk or _Walk(0, 0)
            try:
                if walk is None:
                    header, length = read_header(fd, Path(path))
                    walk = _Walk(length, header.start_us)
                    if len(self._walks) >= _MAX_WALKS:
                        self._walks.clear()
                    self._walks[key] = walk
                _walk_records(fd, walk)
            except (CorruptSegment, OSError):
                return walk or _Walk(0, 0)
            finally:
                os.close(fd)
            return walk

    async def choose(
        self, camera_id: int, stream: int, queries: Sequence[ThumbnailQuery]
    ) -> list[KeyframeRef | None]:
        """The keyframe for each query in one recorded stream (None: not recorded)."""
        if not queries:
            return []
        rows, roots = await self.thread.call(self._rows, camera_id, stream, queries)
        loop = asyncio.get_running_loop()
        spans = await loop.run_in_executor(self._io, self._spans, rows, roots)
        return choose_keyframes(spans, queries)

    async def newest_keyframe(self, camera_id: int, stream: int) -> KeyframeRef | None:
        """The latest keyframe of the stream's segment being written, if any."""
        now_us = int(self._clock() * 1_000_000)
        query = [ThumbnailQuery(now_us)]
        rows, roots = await self.thread.call(self._rows, camera_id, stream, query)
        rows = [row for row in rows if row.is_open]
        loop = asyncio.get_running_loop()
        spans = await loop.run_in_executor(self._io, self._spans, rows, roots)
        keyframes = [(t, span.path, o) for span in spans for t, o in span.keyframes]
        if not keyframes:
            return None
        t, path, offset = max(keyframes)
        return KeyframeRef(path, offset, t)

    # -- rendering ----------------------------------------------------------------------

    async def render(
        self,
        camera_id: int,
        stream: int,
        ref: KeyframeRef,
        max_width: int,
        max_height: int,
        masks: tuple[PrivacyMask, ...] = (),
    ) -> RenderedImage:
        """A keyframe's thumbnail with ``masks`` burnt in, from the cache or the pool
        (RenderError)."""
        key = ThumbnailKey(camera_id, stream, ref.timestamp_us, max_width, max_height, masks)
        job = RenderJob(ref.path, ref.offset, max_width, max_height, masks=masks)
        return await self.cache.get_or_render(key, lambda: self.pool.render(job))

    async def full_picture(self, ref: KeyframeRef) -> RenderedImage:
        """A keyframe at full resolution and snapshot quality, not cached."""
        return await self.pool.render(RenderJob(ref.path, ref.offset, quality=SNAPSHOT_QUALITY))

    async def masked_jpeg(self, jpeg: bytes, masks: tuple[PrivacyMask, ...]) -> bytes:
        """``jpeg`` (a stored snapshot) with ``masks`` burnt in, at snapshot quality."""
        job = RenderJob(None, codec="mjpeg", data=jpeg, quality=SNAPSHOT_QUALITY, masks=masks)
        return (await self.pool.render(job)).jpeg

    async def thumbnails(
        self,
        camera_id: int,
        queries: Sequence[ThumbnailQuery],
        *,
        max_width: int,
        max_height: int,
        streams: Sequence[int] = (Stream.SUB, Stream.MAIN),
        masks: tuple[PrivacyMask, ...] = (),
    ) -> AsyncIterator[ThumbnailResult]:
        """One result per query, in order, rendered in parallel, ``masks`` burnt in."""
        chosen: list[tuple[int, KeyframeRef] | None] = [None] * len(queries)
        for stream in streams:
            missing = [i for i, c in enumerate(chosen) if c is None]
            if not missing:
                break
            refs = await self.choose(camera_id, stream, [queries[i] for i in missing])
            for i, ref in zip(missing, refs, strict=True):
                if ref is not None:
                    chosen[i] = (int(stream), ref)
        jobs: dict[tuple[int, int], asyncio.Future[RenderedImage]] = {}
        for item in chosen:
            if item is not None and (item[0], item[1].timestamp_us) not in jobs:
                stream, ref = item
                jobs[stream, ref.timestamp_us] = asyncio.ensure_future(
                    self.render(camera_id, stream, ref, max_width, max_height, masks)
                )
        try:
            for query, item in zip(queries, chosen, strict=True):
                if item is None:
                    yield ThumbnailResult(camera_id, query)
                    continue
                stream, ref = item
                try:
                    image = await jobs[stream, ref.timestamp_us]
                except RenderError as error:
                    yield ThumbnailResult(camera_id, query, stream, error=str(error))
                    continue
                yield ThumbnailResult(camera_id, query, stream, image)
        finally:
            for job in jobs.values():
                if not job.done():
                    job.cancel()
                elif not job.cancelled():
                    job.exception()  # retrieved: no warning for a job nobody awaited


def _covered(spans: list[tuple[int, int]], t: int) -> bool:
    return any(start - GAP_SLACK_US <= t < end + GAP_SLACK_US for start, end in spans)


def _walk_records(fd: int, walk: _Walk) -> None:
    """Advance ``walk`` over the whole records now in the file (headers only)."""
    size = os.fstat(fd).st_size
    while walk.offset + RECORD_HEADER_BYTES <= size:
        head = pread(fd, RECORD_HEADER_BYTES, walk.offset)
        if len(head) < RECORD_HEADER_BYTES:
            return
        header = unpack_record_header(head)
        if record_header_problem(header, MAX_PAYLOAD_BYTES) is not None:
            return
        end = walk.offset + RECORD_HEADER_BYTES + header.payload_length
        if end > size:
            return
        if header.kind in (RecordKind.VIDEO, RecordKind.AUDIO):
            walk.end_us = max(walk.end_us, header.timestamp_us + header.duration_us)
            if header.kind == RecordKind.VIDEO and header.flags & FLAG_KEYFRAME:
                walk.keyframes.append((header.timestamp_us, walk.offset))
        walk.offset = end
