"""Volumes and disk groups (DISK-01..03): registration, initialisation, state, spreading.

Every function blocks (catalog and file-system I/O) and runs on the catalog thread.

A volume is a directory (a mount point on an appliance). It records only once
initialised: ``<path>/vedette/volume.json`` names the volume and this server. A
volume initialised by another server is recognised and refused (FOREIGN) until an
operator initialises it again with ``force``; the other server's recordings are
then moved aside, never deleted.

States: none (not initialised) · foreign · unavailable (missing, unreadable,
read-only, or its marker changed) · read_write · full (at the reserve with
overwrite off: recording there stops cleanly; or a write found no space left,
until a refresh finds room again).

A volume's ``serial`` names its disk (``vedette_hw.disk_identity``): the disk's serial
number where the host reports it, else the file system's UUID. It is read again when
the directory's device changes, and a reading that finds nothing keeps the last one
known (a volume that is not mounted still says which disk it was).

Invariants (issue 11):
- A probe that fails for want of resources (EMFILE, ENFILE, ENOMEM, ENOBUFS: the
  server's, not the volume's) never changes a volume's state: it keeps the previous
  one and is logged.
- Unavailable volumes are probed again, with a write test, by
  :meth:`VolumeManager.refresh_unavailable` (housekeeping) on the schedule of
  ``volume_reprobe.py``, and come back by themselves once the cause is gone.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vedette_api.timestamps import now_us
from vedette_hw.disk_identity import DiskIdentity, identify_disk
from vedette_server.catalog import runs
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import (
    MAX_DISK_GROUPS,
    Camera,
    DiskGroup,
    Garbage,
    Segment,
    Volume,
)
from vedette_server.catalog.segments import volume_recording_span
from vedette_server.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from vedette_server.ingest.config import VolumeTarget
from vedette_server.recording.volume_reprobe import ReprobeSchedule
from vedette_server.storage.layout import (
    TOP_DIRECTORY,
    VolumeMarker,
    VolumeMarkerError,
    is_resource_shortage,
    probe_volume_write,
    read_volume_marker,
    write_volume_marker,
)

log = logging.getLogger(__name__)

#: Told which segments ``VolumeManager.remove`` made the catalog forget: camera id →
#: their (start_us, end_us).
SegmentsRemoved = Callable[[Mapping[int, list[tuple[int, int]]]], object]


class _ResourceShortage(Exception):
    """A probe failed for want of resources; the volume's state must not change."""

    def __init__(self, err: int | None, reason: str) -> None:
        super().__init__(reason)
        self.errno = err


@dataclass(frozen=True)
class VolumeInfo:
    id: int
    uuid: str
    path: str
    disk_group: int
    state: str
    capacity_bytes: int
    free_bytes: int
    serial: str | None
    oldest_us: int | None
    newest_us: int | None
    error: str | None


@dataclass(frozen=True)
class DiskGroupInfo:
    id: int
    name: str
    overwrite: bool
    reserve_bytes: int
    volume_ids: tuple[int, ...]
    camera_ids: tuple[int, ...]


class VolumeManager:
    def __init__(
        self,
        catalog: Catalog,
        server_id: str,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        identify: Callable[[Path], DiskIdentity] = identify_disk,
        on_segments_removed: SegmentsRemoved | None = None,
    ) -> None:
        """``monotonic`` paces the re-probing of unavailable volumes (tests inject it);
        ``identify`` reads which disk a directory is on; ``on_segments_removed``
        (blocking, same thread) is told after ``remove`` which segments the catalog
        forgot: camera id → their (start_us, end_us) (the motion index follows)."""
        self.catalog = catalog
        self.on_segments_removed = on_segments_removed
        self.server_id = server_id
        self._monotonic = monotonic
        self._identify = identify
        #: Volume id → (st_dev, serial found) of the last reading, so that the host is
        #: asked again only when another device is mounted there.
        self._serials: dict[int, tuple[int, str]] = {}
        self.reprobes = ReprobeSchedule()

    # -- reading ------------------------------------------------------------------

    def _info(self, row: Volume) -> VolumeInfo:
        span = volume_recording_span(self.catalog, row.id)
        return VolumeInfo(
            id=row.id,
            uuid=row.uuid,
            path=row.path,
            disk_group=row.disk_group_id,
            state=row.state,
            capacity_bytes=row.capacity_bytes,
            free_bytes=row.free_bytes,
            serial=row.serial,
            oldest_us=span.oldest_us if span else None,
            newest_us=span.newest_us if span else None,
            error=row.error,
        )

    def _row(self, volume_id: int) -> Volume:
        row = Volume.get_or_none(Volume.id == volume_id)
        if row is None:
            raise NotFound("volume", volume_id)
        return row

    def list_all(self) -> list[VolumeInfo]:
        return [self._info(r) for r in Volume.select().order_by(Volume.id)]

    def get(self, volume_id: int) -> VolumeInfo:
        return self._info(self._row(volume_id))

    def writable_targets(self, disk_group: int) -> tuple[VolumeTarget, ...]:
        """The volumes a camera of ``disk_group`` may record to now."""
        rows = Volume.select().where(
            (Volume.disk_group == disk_group) & (Volume.state == "read_write")
        )
        return tuple(VolumeTarget(volume_id=r.id, root=r.path) for r in rows)

    def roots(self) -> dict[int, Path]:
        return {r.id: Path(r.path) for r in Volume.select(Volume.id, Volume.path)}

    # -- changing -----------------------------------------------------------------

    def add(self, path: str, disk_group: int = 1) -> VolumeInfo:
        if not path or not os.path.isabs(path):
            raise InvalidArgument("path", f"{path!r} is not an absolute path")
        root = Path(os.path.normpath(path))
        if not root.is_dir():
            raise InvalidArgument("path", f"{root} is not a directory on the server")
        self.ensure_group(disk_group)
        if Volume.select().where(Volume.path == str(root)).exists():
            raise AlreadyExists("volume", str(root))
        row = Volume.create(uuid=str(uuid.uuid4()), path=str(root), disk_group=disk_group)
        self.refresh(row.id)
        return self.get(row.id)

    def initialize(self, volume_id: int, *, force: bool = False) -> VolumeInfo:
        """Write this server's marker; ``force`` takes over a foreign volume."""
        row = self._row(volume_id)
        root = Path(row.path)
        if not root.is_dir():
            raise FailedPrecondition(
                f"volume {row.path} is not mounted or not a directory",
                error_reason="VOLUME_NOT_MOUNTED",
                path=row.path,
            )
        try:
            marker = read_volume_marker(root)
        except VolumeMarkerError as error:
            if not force:
                raise FailedPrecondition(
                    f"{error}; initialise with force to replace it",
                    error_reason="VOLUME_MARKER_UNREADABLE",
                    path=row.path,
                ) from None
            marker = None
        if marker is not None and marker.server_id != self.server_id:
            if not force:
                raise FailedPrecondition(
                    f"volume {row.path} was initialised by another server "
                    f"({marker.server_id}); initialise with force to take it over",
                    error_reason="VOLUME_OTHER_SERVER",
                    path=row.path,
                    server_id=marker.server_id,
                )
            self._move_aside(root, marker.server_id)
            marker = None
        volume_uuid = marker.volume_id if marker is not None else row.uuid
        self._check_not_registered_twice(volume_uuid, row)
        try:
            write_volume_marker(root, VolumeMarker(volume_uuid, self.server_id, now_us()))
        except OSError as error:
            raise FailedPrecondition(
                f"cannot write to {row.path}: {error.strerror}",
                error_reason="VOLUME_NOT_WRITABLE",
                path=row.path,
                error=error.strerror,
            ) from None
        row.uuid = volume_uuid
        row.initialized_us = now_us()
        row.save()
        self.refresh(volume_id)
        return self.get(volume_id)

    @staticmethod
    def _move_aside(root: Path, other_server: str) -> None:
        old = root / TOP_DIRECTORY
        if old.exists():
            old.rename(root / f"{TOP_DIRECTORY}.{other_server[:8]}.{int(time.time())}")

    def remove(self, volume_id: int) -> None:
        """Forget a volume and its segment rows; its files stay where they are."""
        row = self._row(volume_id)
        if row.state == "read_write":
            raise FailedPrecondition(
                f"volume {row.path} is recording; move it to an empty disk group or "
                "unmount it first",
                error_reason="VOLUME_RECORDING",
                path=row.path,
            )
        with self.catalog.atomic():
            db = self.catalog.database
            pairs = db.execute_sql(
                "SELECT DISTINCT camera_id, stream FROM segment WHERE volume_id = ?", (volume_id,)
            ).fetchall()
            removed: dict[int, list[tuple[int, int]]] = {}
            for camera_id, start_us, end_us in db.execute_sql(
                "SELECT camera_id, start_us, coalesce(end_us, start_us) FROM segment"
                " WHERE volume_id = ?",
                (volume_id,),
            ):
                removed.setdefault(camera_id, []).append((start_us, end_us))
            Segment.delete().where(Segment.volume == volume_id).execute()
            runs.rebuild_streams(db, pairs)
            Garbage.delete().where(Garbage.volume == volume_id).execute()
            row.delete_instance()
        if self.on_segments_removed is not None and removed:
            self.on_segments_removed(removed)

    def set_group(self, volume_id: int, disk_group: int) -> VolumeInfo:
        row = self._row(volume_id)
        self.ensure_group(disk_group)
        row.disk_group_id = disk_group
        row.save()
        return self.get(volume_id)

    def refresh(self, volume_id: int, *, write_test: bool = False) -> VolumeInfo:
        """Re-read the volume's marker and free space and set its state; with
        ``write_test``, a usable-looking volume must also take a small write.

        A probe that fails for want of resources keeps the previous state (and free
        space figures) and is logged."""
        row = self._row(volume_id)
        try:
            state, error = self._probe(row, write_test=write_test)
            capacity_bytes, free_bytes = _usage(row.path)
        except _ResourceShortage as shortage:
            log.warning(
                "volume %d (%s) could not be checked for want of resources (%s);"
                " its state stays %s",
                row.id,
                row.path,
                shortage,
                row.state,
            )
            return self._info(row)
        row.capacity_bytes, row.free_bytes = capacity_bytes, free_bytes
        row.serial = self._serial(row) or row.serial
        group = DiskGroup.get_by_id(row.disk_group_id)
        if state == "read_write" and not group.overwrite and row.free_bytes < group.reserve_bytes:
            state, error = (
                "full",
                (
                    f"free space {row.free_bytes} bytes is under the reserve "
                    f"{group.reserve_bytes} and overwrite is off"
                ),
            )
        row.state, row.error, row.last_checked_us = state, error, now_us()
        row.save()
        return self._info(row)

    def _serial(self, row: Volume) -> str:
        """The disk's serial or file system UUID under the volume ("" when unknown)."""
        try:
            st_dev = os.stat(row.path).st_dev
        except OSError:
            return ""
        known = self._serials.get(row.id)
        if known is None or known[0] != st_dev:
            known = (st_dev, self._identify(Path(row.path)).serial)
            self._serials[row.id] = known
        return known[1]

    def mark_unavailable(self, volume_id: int, reason: str) -> None:
        Volume.update(state="unavailable", error=reason, last_checked_us=now_us()).where(
            Volume.id == volume_id
        ).execute()

    def mark_full(self, volume_id: int, reason: str) -> None:
        """A write found no space left (ENOSPC, EDQUOT): the disk is full, not failed.
        The next ``refresh`` (retention's, every pass) says whether it still is: with
        overwrite on, retention first frees the oldest recordings."""
        Volume.update(state="full", error=reason, last_checked_us=now_us()).where(
            Volume.id == volume_id
        ).execute()

    def refresh_unavailable(self) -> list[VolumeInfo]:
        """Probe again the unavailable volumes that are due (``volume_reprobe.py``);
        returns those that came back. Blocking."""
        unavailable = {r.id for r in Volume.select(Volume.id).where(Volume.state == "unavailable")}
        back = []
        for volume_id in self.reprobes.due(unavailable, self._monotonic()):
            info = self.refresh(volume_id, write_test=True)
            still = info.state == "unavailable"
            self.reprobes.probed(volume_id, not still, self._monotonic())
            if not still:
                log.info("volume %d (%s) is back: %s", info.id, info.path, info.state)
                back.append(info)
        return back

    def _probe(self, row: Volume, *, write_test: bool = False) -> tuple[str, str | None]:
        """The volume's state and why; _ResourceShortage when the server could not tell."""
        root = Path(row.path)
        try:
            if not root.is_dir():
                return "unavailable", "not mounted or not a directory"
        except OSError as error:
            if is_resource_shortage(error.errno):
                raise _ResourceShortage(error.errno, str(error)) from error
            return "unavailable", f"not accessible: {error.strerror}"
        try:
            marker = read_volume_marker(root)
        except VolumeMarkerError as error:
            if is_resource_shortage(error.errno):
                raise _ResourceShortage(error.errno, str(error)) from error
            return "unavailable", str(error)
        if marker is None:
            if row.initialized_us is not None:
                return "unavailable", "volume.json is missing: another disk is mounted here?"
            return "none", None
        if marker.server_id != self.server_id:
            return "foreign", f"initialised by another server ({marker.server_id})"
        if row.initialized_us is not None and marker.volume_id != row.uuid:
            return "unavailable", f"a different volume ({marker.volume_id}) is mounted here"
        if not os.access(root / TOP_DIRECTORY, os.W_OK) or _read_only(root):
            return "unavailable", "read-only"
        if write_test:
            try:
                probe_volume_write(root)
            except OSError as error:
                if is_resource_shortage(error.errno):
                    raise _ResourceShortage(error.errno, str(error)) from error
                return "unavailable", f"cannot write: {error.strerror}"
        if row.initialized_us is None:  # ours, re-added after a catalog loss
            try:
                self._check_not_registered_twice(marker.volume_id, row)
            except FailedPrecondition as error:
                return "unavailable", str(error)
            row.uuid, row.initialized_us = marker.volume_id, now_us()
        return "read_write", None

    @staticmethod
    def _check_not_registered_twice(volume_uuid: str, row: Volume) -> None:
        other = Volume.get_or_none((Volume.uuid == volume_uuid) & (Volume.id != row.id))
        if other is not None:
            raise FailedPrecondition(
                f"{row.path} is the same disk as volume {other.id} ({other.path})",
                error_reason="VOLUME_SAME_DISK",
                path=row.path,
                other_id=other.id,
                other_path=other.path,
            )

    # -- disk groups --------------------------------------------------------------

    def ensure_group(self, group_id: int) -> None:
        if not 1 <= group_id <= MAX_DISK_GROUPS:
            raise InvalidArgument("disk_group", f"{group_id} is not in 1..{MAX_DISK_GROUPS}")
        if DiskGroup.get_or_none(DiskGroup.id == group_id) is None:
            DiskGroup.create(id=group_id, name=f"Group {group_id}")

    def groups(self) -> list[DiskGroupInfo]:
        out = []
        for group in DiskGroup.select().order_by(DiskGroup.id):
            volumes = Volume.select(Volume.id).where(Volume.disk_group == group.id)
            cameras = Camera.select(Camera.id).where(Camera.disk_group == group.id)
            out.append(
                DiskGroupInfo(
                    id=group.id,
                    name=group.name,
                    overwrite=group.overwrite,
                    reserve_bytes=group.reserve_bytes,
                    volume_ids=tuple(v.id for v in volumes),
                    camera_ids=tuple(c.id for c in cameras),
                )
            )
        return out

    def update_group(
        self,
        group_id: int,
        *,
        name: str | None = None,
        overwrite: bool | None = None,
        reserve_bytes: int | None = None,
    ) -> DiskGroupInfo:
        group = DiskGroup.get_or_none(DiskGroup.id == group_id)
        if group is None:
            raise NotFound("disk group", group_id)
        if name is not None:
            if not name.strip() or len(name) > 64:
                raise InvalidArgument("name", "must be 1..64 characters")
            group.name = name.strip()
        if overwrite is not None:
            group.overwrite = overwrite
        if reserve_bytes is not None:
            if reserve_bytes < 0:
                raise InvalidArgument("reserve_bytes", f"{reserve_bytes} is negative")
            group.reserve_bytes = reserve_bytes
        group.save()
        for volume in Volume.select(Volume.id).where(Volume.disk_group == group_id):
            self.refresh(volume.id)
        return next(g for g in self.groups() if g.id == group_id)


def _read_only(root: Path) -> bool:
    """Whether the file system at ``root`` refuses writes (True when unknown). POSIX
    reads the mount's read-only flag; elsewhere (Windows has no ``statvfs``) an
    anonymous file is created in ``root`` and removed at once."""
    try:
        if hasattr(os, "statvfs"):
            return bool(os.statvfs(root).f_flag & os.ST_RDONLY)
        with tempfile.TemporaryFile(dir=root):
            return False
    except OSError as error:
        if is_resource_shortage(error.errno):
            raise _ResourceShortage(error.errno, str(error)) from error
        return True


def _usage(path: str) -> tuple[int, int]:
    """(capacity, free) bytes of the file system at ``path``; (0, 0) when unknown.
    Free is what an unprivileged writer may use (``statvfs``' ``f_bavail`` on POSIX)."""
    try:
        usage = shutil.disk_usage(path)
    except OSError as error:
        if is_resource_shortage(error.errno):
            raise _ResourceShortage(error.errno, str(error)) from error
        return 0, 0
    return usage.total, usage.free
