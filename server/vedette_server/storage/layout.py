"""Where things live on a volume: segment paths and the volume marker.

``<volume>/vedette/<camera_id>/<main|sub>/<YYYYMMDD>/<start_us>.vseg`` (the date is
the segment start's UTC date) and ``<volume>/vedette/volume.json``, which says which
volume this is and which server initialised it.

Invariants:
- ``segment_relpath`` and ``parse_segment_relpath`` are exact inverses; a path that
  is not in the canonical form (leading zeros, a date that does not match the
  start, another suffix) is not ours and raises ValueError.
- ``write_volume_marker`` replaces the marker atomically and durably (temporary
  file, fsync, rename, fsync of the directory): a reader or a crash sees the old
  marker or the new one, never a mix. It never creates the volume root itself, so
  an unmounted mount point is not silently written to.
- ``read_volume_marker`` returns None only when there is no marker; a marker that
  is present but unreadable, malformed or of another format raises
  ``VolumeMarkerError``, whose ``errno`` says why a read failed (EMFILE, ENOMEM:
  the server is short of resources, which says nothing about the volume).
- ``probe_volume_write`` leaves nothing behind: its file is removed whatever happens.
"""

from __future__ import annotations

import errno
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePath, PurePosixPath

from vedette_server.storage.segment_file import make_durable_directories

TOP_DIRECTORY = "vedette"
SEGMENT_SUFFIX = ".vseg"
MARKER_NAME = "volume.json"
MARKER_FORMAT = 1
STREAMS = ("main", "sub")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CAMERA_RE = re.compile(r"0|[1-9][0-9]*")
_DAY_RE = re.compile(r"[0-9]{8}")
_FILE_RE = re.compile(r"(0|-?[1-9][0-9]*)\.vseg")

#: errno values that say the process is short of descriptors or memory: nothing
#: about the volume, so they never change its state (and are retried soon).
RESOURCE_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOBUFS})


def is_resource_shortage(err: int | None) -> bool:
    """Whether an errno says the server, not the volume, is short of something."""
    return err in RESOURCE_ERRNOS


#: errno values that say a volume has no room left: it is full, not failing.
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_out_of_space(err: int | None) -> bool:
    """Whether an errno says the volume is full (ENOSPC, EDQUOT), not broken."""
    return err in NO_SPACE_ERRNOS


def _utc_day(start_us: int) -> str:
    try:
        day = _EPOCH + timedelta(microseconds=start_us)
    except OverflowError:
        raise ValueError(f"start_us: {start_us} is outside years 1..9999") from None
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def segment_relpath(camera_id: int, stream: str, start_us: int) -> PurePosixPath:
    """``vedette/<camera_id>/<stream>/<YYYYMMDD>/<start_us>.vseg``, relative to a volume."""
    if camera_id < 0:
        raise ValueError(f"camera_id: {camera_id} is negative")
    if stream not in STREAMS:
        raise ValueError(f"stream: {stream!r}, expected 'main' or 'sub'")
    return PurePosixPath(
        TOP_DIRECTORY, str(camera_id), stream, _utc_day(start_us), f"{start_us}{SEGMENT_SUFFIX}"
    )


def parse_segment_relpath(path: str | PurePath) -> tuple[int, str, int]:
    """``(camera_id, stream, start_us)`` from a segment path (relative, or absolute:
    only the last five components count); ValueError when it is not ours."""
    parts = PurePath(path).parts[-5:]
    if len(parts) != 5 or parts[0] != TOP_DIRECTORY:
        raise ValueError(f"{path}: not under {TOP_DIRECTORY}/<camera>/<stream>/<day>/")
    _, camera, stream, day, name = parts
    file_match = _FILE_RE.fullmatch(name)
    if not _CAMERA_RE.fullmatch(camera) or stream not in STREAMS or file_match is None:
        raise ValueError(f"{path}: not a segment path")
    start_us = int(file_match.group(1))
    if not _DAY_RE.fullmatch(day) or day != _utc_day(start_us):
        raise ValueError(f"{path}: day {day!r} is not the UTC day of {start_us}")
    return int(camera), stream, start_us


def _sorted_entries(directory: Path, pattern: re.Pattern[str]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as entries:
            found = [e for e in entries if pattern.fullmatch(e.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    # Numeric names sort as numbers (camera 10 after camera 9, negative starts first).
    return sorted(found, key=lambda e: int(e.name.removesuffix(SEGMENT_SUFFIX)))


def iter_segment_files(volume_root: str | os.PathLike[str]) -> Iterator[Path]:
    """Every segment file of a volume (blocking directory walk), by camera, stream,
    day and start time. Other files (temporaries, strangers) are skipped; the walk
    does not follow symbolic links."""
    top = Path(volume_root, TOP_DIRECTORY)
    for camera in _sorted_entries(top, _CAMERA_RE):
        if not camera.is_dir(follow_symlinks=False):
            continue
        for stream in STREAMS:
            for day in _sorted_entries(Path(camera.path, stream), _DAY_RE):
                if not day.is_dir(follow_symlinks=False):
                    continue
                for segment in _sorted_entries(Path(day.path), _FILE_RE):
                    if segment.is_file(follow_symlinks=False):
                        yield Path(segment.path)


# -- volume marker ------------------------------------------------------------------


@dataclass(frozen=True)
class VolumeMarker:
    """The identity of a volume, kept in ``<volume>/vedette/volume.json``."""

    volume_id: str
    server_id: str
    created_us: int
    format: int = MARKER_FORMAT


class VolumeMarkerError(Exception):
    """A marker that is there but cannot be used (unreadable, malformed, foreign);
    ``errno`` is set when reading it failed."""

    def __init__(self, path: Path, reason: str, errno: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.errno = path, reason, errno


def marker_path(root: str | os.PathLike[str]) -> Path:
    return Path(root, TOP_DIRECTORY, MARKER_NAME)


def read_volume_marker(root: str | os.PathLike[str]) -> VolumeMarker | None:
    """The volume's marker, or None when it has none (blocking). None does not say
    whether the root itself exists: an unmounted volume is the caller's check."""
    path = marker_path(root)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise VolumeMarkerError(path, f"unreadable: {e.strerror}", e.errno) from e
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise VolumeMarkerError(path, f"not JSON: {e}") from None
    if not isinstance(data, dict):
        raise VolumeMarkerError(path, "not a JSON object")
    if data.get("format") != MARKER_FORMAT:
        raise VolumeMarkerError(path, f"format {data.get('format')!r}, expected {MARKER_FORMAT}")
    for key, kind in (("volume_id", str), ("server_id", str), ("created_us", int)):
        value = data.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise VolumeMarkerError(path, f"{key}: {value!r} is not a {kind.__name__}")
    return VolumeMarker(data["volume_id"], data["server_id"], data["created_us"])


def write_volume_marker(root: str | os.PathLike[str], marker: VolumeMarker) -> None:
    """Write or replace the marker atomically and durably (blocking). The root must
    exist (FileNotFoundError otherwise); ``<root>/vedette`` is created if needed."""
    if not Path(root).is_dir():
        raise FileNotFoundError(f"volume root {os.fspath(root)} is not a directory")
    path = marker_path(root)
    make_durable_directories(path.parent)
    temporary = path.with_name(f"{MARKER_NAME}.{os.getpid()}.tmp")
    data = json.dumps(asdict(marker), indent=2, sort_keys=True).encode() + b"\n"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


PROBE_NAME = ".write-probe"


def probe_volume_write(root: str | os.PathLike[str]) -> None:
    """Create, write, fsync and remove a small file in ``<root>/vedette`` (blocking):
    OSError when the volume cannot be written now. The marker and ``<root>/vedette``
    must exist already; nothing is created outside it."""
    # One name per thread: a worker's streams may probe the same volume at once.
    path = Path(root, TOP_DIRECTORY, f"{PROBE_NAME}.{os.getpid()}.{threading.get_native_id()}")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, b"vedette write probe\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    finally:
        path.unlink(missing_ok=True)
