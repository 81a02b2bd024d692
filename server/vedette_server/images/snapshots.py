"""Snapshots (SEARCH-06): full-resolution JPEGs of live or of a recorded instant, kept
on the server, listed, read, deleted and exported with a signed manifest.

Files live under ``<data>/snapshots/<camera_id>/<YYYYMMDD>/<time_us>-<token>.jpg``;
each has a ``snapshot`` row (docs/catalog.md). ``Snapshots`` runs on the event loop:
catalog work goes to the ``CatalogThread``, file work to its own I/O thread,
decoding to the ``RenderPool`` (through ``Thumbnailer``).

Invariants:
- A row exists only after its file is complete on disk (written under a temporary
  name, fsynced, renamed); if the row cannot be inserted the file is removed.
- Deleting removes the row first, then the file: a crash in between leaves an
  unowned file (wasted bytes), never a row without its picture.
- The stored file is the picture as decoded, without privacy masks; a caller whom
  masks apply to gets (and exports) a copy with them burnt in, and an export's
  manifest lists the bytes exported and, per snapshot, how many masks were applied.
- Snapshot files and export folders are reached without following a symbolic link
  (``export.confined_paths``): one planted in the snapshot folder or an export root
  makes the call fail (FAILED_PRECONDITION); the server never writes, reads or
  deletes through it.
- "Live" comes from a ``LiveKeyframes`` source. Until a live hub provides one,
  ``RecordedLiveKeyframes`` uses the newest keyframe of the main stream's segment
  being written, which the recorder flushes at least every 2 s.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_api.evidence import FOLDER_MANIFEST, describe_files, sign_manifest
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Snapshot, Stream
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.export.confined_paths import (
    new_folder,
    pinned_folder,
    read_file,
    remove_file,
    remove_tree,
)
from vedette_server.export.tasks import safe_subdir
from vedette_server.images.keyframe_choice import ThumbnailQuery
from vedette_server.images.keyframe_render import (
    SNAPSHOT_QUALITY,
    RenderedImage,
    RenderError,
    RenderJob,
)
from vedette_server.images.thumbnails import Thumbnailer
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.privacy import PrivacyMask

#: A "live" keyframe older than this is not live: the camera is not sending.
LIVE_MAX_AGE_US = 10_000_000
MAX_EXPORT = 1000


@dataclass(frozen=True)
class SnapshotRecord:
    id: int
    camera_id: int
    time_us: int
    live: bool
    width: int
    height: int
    relpath: str
    size_bytes: int
    sha256: str
    created_by: str
    created_us: int


def _record(row: Snapshot) -> SnapshotRecord:
    return SnapshotRecord(
        int(row.id), int(row.camera_id), int(row.time_us), row.source == "live",
        int(row.width), int(row.height), str(row.relpath), int(row.size_bytes),
        str(row.sha256), str(row.created_by), int(row.created_us),
    )  # fmt: skip


class LiveKeyframes(Protocol):
    """Where a live snapshot's picture comes from: the camera's latest main-stream
    keyframe as a ``RenderJob`` (a file record or an access unit), or None."""

    async def latest_keyframe(self, camera_id: int) -> RenderJob | None: ...


class RecordedLiveKeyframes:
    """Live from the recording: the newest keyframe of the segment being written."""

    def __init__(self, thumbnailer: Thumbnailer, clock: Callable[[], float] = time.time) -> None:
        self.thumbnailer = thumbnailer
        self._clock = clock

    async def latest_keyframe(self, camera_id: int) -> RenderJob | None:
        ref = await self.thumbnailer.newest_keyframe(camera_id, Stream.MAIN)
        if ref is None or int(self._clock() * 1e6) - ref.timestamp_us > LIVE_MAX_AGE_US:
            return None
        return RenderJob(ref.path, ref.offset, quality=SNAPSHOT_QUALITY)


def _stamp(time_us: int) -> str:
    return datetime.fromtimestamp(time_us / 1e6, UTC).strftime("%Y%m%dT%H%M%S.%fZ")


class Snapshots:
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        thumbnailer: Thumbnailer,
        live: LiveKeyframes,
        *,
        folder: Path,
        export_roots: dict[str, Path],
        signing_key: Ed25519PrivateKey,
        server_id: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.thumbnailer = thumbnailer
        self.live = live
        self.folder = folder
        self.export_roots = export_roots
        self.signing_key = signing_key
        self.server_id = server_id
        self._clock = clock
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshots-io")

    def close(self) -> None:
        self._io.shutdown(wait=True)

    async def _in_io(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io, fn, *args)

    # -- taking -------------------------------------------------------------------------

    async def _picture(self, camera_id: int, time_us: int | None) -> RenderedImage:
        if time_us is None:
            job = await self.live.latest_keyframe(camera_id)
            if job is None:
                raise FailedPrecondition(f"camera {camera_id} has sent no live picture lately")
            return await self.thumbnailer.pool.render(job)
        (ref,) = await self.thumbnailer.choose(camera_id, Stream.MAIN, [ThumbnailQuery(time_us)])
        if ref is None:
            raise NotFound("recording of camera at", f"{camera_id} @ {_stamp(time_us)}")
        return await self.thumbnailer.full_picture(ref)

    async def take(self, camera_id: int, time_us: int | None, *, created_by: str) -> SnapshotRecord:
        """Decode and store a snapshot (NotFound, FailedPrecondition, RenderError)."""
        await self.thread.call(self.cameras.get, camera_id)
        image = await self._picture(camera_id, time_us)
        relpath, size, digest = await self._in_io(self._write, camera_id, image)
        try:
            return await self.thread.call(
                self._insert, camera_id, image, time_us is None, relpath, size, digest, created_by
            )
        except BaseException:
            await self._in_io(self._unlink, relpath)
            raise

    def _write(self, camera_id: int, image: RenderedImage) -> tuple[str, int, str]:
        day = datetime.fromtimestamp(image.timestamp_us / 1e6, UTC).strftime("%Y%m%d")
        name = f"{image.timestamp_us}-{secrets.token_hex(4)}.jpg"
        self.folder.mkdir(parents=True, exist_ok=True)
        with pinned_folder(self.folder, f"{camera_id}/{day}") as folder:
            folder.write_file(name, image.jpeg)
        relpath = f"{camera_id}/{day}/{name}"
        return relpath, len(image.jpeg), hashlib.sha256(image.jpeg).hexdigest()

    def _unlink(self, relpath: str) -> None:
        remove_file(self.folder, relpath)

    def _insert(
        self,
        camera_id: int,
        image: RenderedImage,
        live: bool,
        relpath: str,
        size: int,
        digest: str,
        created_by: str,
    ) -> SnapshotRecord:
        snapshot_id = Snapshot.insert(
            camera_id=camera_id,
            time_us=image.timestamp_us,
            source="live" if live else "recording",
            width=image.width,
            height=image.height,
            relpath=relpath,
            size_bytes=size,
            sha256=digest,
            created_by=created_by,
            created_us=int(self._clock() * 1_000_000),
        ).execute(self.catalog.database)
        return self._get(int(snapshot_id))

    # -- reading ------------------------------------------------------------------------

    def _get(self, snapshot_id: int) -> SnapshotRecord:
        row = Snapshot.get_or_none(Snapshot.id == snapshot_id)
        if row is None:
            raise NotFound("snapshot", snapshot_id)
        return _record(row)

    async def get(self, snapshot_id: int) -> SnapshotRecord:
        return await self.thread.call(self._get, snapshot_id)

    async def read(self, record: SnapshotRecord) -> bytes:
        """The JPEG bytes (NotFound when the file has gone)."""
        try:
            data: bytes = await self._in_io(read_file, self.folder, record.relpath)
        except FileNotFoundError:
            raise NotFound("snapshot file", record.id) from None
        return data

    def _search(
        self,
        camera_ids: list[int],
        start_us: int | None,
        end_us: int | None,
        limit: int,
        before_id: int | None,
    ) -> list[SnapshotRecord]:
        query = Snapshot.select().where(Snapshot.camera_id.in_(camera_ids))
        if start_us is not None:
            query = query.where(Snapshot.time_us >= start_us)
        if end_us is not None:
            query = query.where(Snapshot.time_us < end_us)
        if before_id is not None:
            query = query.where(Snapshot.id < before_id)
        rows = query.order_by(Snapshot.id.desc()).limit(limit).execute(self.catalog.database)
        return [_record(row) for row in rows]

    async def search(
        self,
        camera_ids: list[int],
        *,
        start_us: int | None = None,
        end_us: int | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[SnapshotRecord]:
        """Newest first (by id), keyset-paged with ``before_id``."""
        return await self.thread.call(self._search, camera_ids, start_us, end_us, limit, before_id)

    # -- deleting and exporting -----------------------------------------------------------

    async def delete(self, record: SnapshotRecord) -> None:
        await self.thread.call(
            lambda: Snapshot.delete().where(Snapshot.id == record.id).execute(self.catalog.database)
        )
        await self._in_io(self._unlink, record.relpath)

    async def export(
        self,
        records: list[SnapshotRecord],
        root: str,
        subdir: str,
        *,
        exported_by: str,
        masks: dict[int, tuple[PrivacyMask, ...]] | None = None,
    ) -> tuple[Path, list[dict[str, Any]]]:
        """Copy the snapshots into a new folder under an export root, signed;
        ``masks`` (by camera id) are burnt into the copies of that camera's."""
        if not 1 <= len(records) <= MAX_EXPORT:
            raise InvalidArgument("snapshot_ids", f"1 to {MAX_EXPORT} snapshots")
        name = root or "exports"
        base = self.export_roots.get(name)
        if base is None:
            raise NotFound("export root", name)
        now_us = int(self._clock() * 1_000_000)
        relative = PurePosixPath(safe_subdir(subdir) or ".", f"vedette-snapshots-{_stamp(now_us)}")
        masked: dict[int, bytes] = {}  # the masked copies, by snapshot id, made first
        for record in records:
            hidden = (masks or {}).get(record.camera_id, ())
            if hidden:
                masked[record.id] = await self.thumbnailer.masked_jpeg(
                    await self.read(record), hidden
                )
        files = await self._in_io(
            self._export, records, masked, masks or {}, base, relative, exported_by, now_us
        )
        return base / relative, files

    def _export(
        self,
        records: list[SnapshotRecord],
        masked: dict[int, bytes],
        masks: dict[int, tuple[PrivacyMask, ...]],
        base: Path,
        relative: PurePosixPath,
        exported_by: str,
        now_us: int,
    ) -> list[dict[str, Any]]:
        base.mkdir(parents=True, exist_ok=True)  # the root itself: trusted, may be a link
        try:
            with new_folder(base, relative) as folder:
                return self._copy_signed(records, masked, masks, folder.path, exported_by, now_us)
        except NotFound:
            remove_tree(base, relative)
            raise

    def _copy_signed(
        self,
        records: list[SnapshotRecord],
        masked: dict[int, bytes],
        masks: dict[int, tuple[PrivacyMask, ...]],
        folder: Path,
        exported_by: str,
        now_us: int,
    ) -> list[dict[str, Any]]:
        """Copy the snapshots (or their ``masked`` copies) into ``folder`` (held open)
        and sign them."""
        names = []
        for record in records:
            name = f"camera{record.camera_id}-{_stamp(record.time_us)}-{record.id}.jpg"
            data = masked.get(record.id)
            if data is None:
                try:
                    data = read_file(self.folder, record.relpath)
                except FileNotFoundError:
                    raise NotFound("snapshot file", record.id) from None
            (folder / name).write_bytes(data)
            names.append(name)
        manifest = {
            "server_id": self.server_id,
            "exported_by": exported_by,
            "created_us": now_us,
            # sha256: the stored original's; "files" lists the bytes exported.
            "snapshots": [
                {"id": r.id, "camera_id": r.camera_id, "time_us": r.time_us, "sha256": r.sha256}
                | ({"privacy_masks": len(masks[r.camera_id])} if r.id in masked else {})
                for r in records
            ],
            "format": "jpeg",
            "files": describe_files(folder, names),
        }
        (folder / FOLDER_MANIFEST).write_bytes(sign_manifest(manifest, self.signing_key))
        return describe_files(folder, [*names, FOLDER_MANIFEST])


__all__ = [
    "LiveKeyframes",
    "RecordedLiveKeyframes",
    "RenderError",
    "SnapshotRecord",
    "Snapshots",
]
