"""``vedette-server fsck``: check every catalog row against its file, and the reverse.

Checks: catalog integrity; every segment row's file exists, has the recorded size,
and every record's CRC is good with the recorded frame count; open rows (the
server is running or crashed); files on the volumes that no row owns; garbage
not yet unlinked. Prints one line per problem and a summary; returns 0 only when
nothing is wrong. ``--repair`` runs start-up recovery first (never while the
server runs: it takes the catalog's write lock). Blocking throughout.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TextIO

from vedette_api.media.segment_reader import scan_segment
from vedette_server.catalog.database import open_catalog
from vedette_server.catalog.models import Segment, Volume
from vedette_server.catalog.segments import garbage
from vedette_server.datadir import DataDir
from vedette_server.recording.recovery import recover
from vedette_server.storage.layout import iter_segment_files


def run_fsck(data: DataDir, *, repair: bool, out: TextIO) -> int:
    problems: list[str] = []
    checked = bytes_checked = 0
    with open_catalog(data.catalog) as catalog:
        roots = {v.id: Path(v.path) for v in Volume.select(Volume.id, Volume.path)}
        if repair:
            report = recover(catalog, roots)
            out.write(
                f"repair: closed {report.closed}, adopted {report.adopted}, "
                f"removed {report.removed}, unlinked {report.garbage_unlinked}\n"
            )
        problems += [f"catalog: {p}" for p in catalog.integrity_check()]
        owned: dict[int, set[str]] = {volume_id: set() for volume_id in roots}
        for row in Segment.select().order_by(Segment.id).iterator():
            checked += 1
            owned.setdefault(row.volume_id, set()).add(row.relpath)
            root = roots.get(row.volume_id)
            path = (root or Path("?")) / PurePosixPath(row.relpath)
            if row.end_us is None:
                problems.append(f"{path}: segment {row.id} is still open")
                continue
            if root is None or not root.is_dir():
                problems.append(f"{path}: volume {row.volume_id} is not available")
                continue
            problems += _check_file(path, row)
            bytes_checked += row.size_bytes
        for volume_id, root in roots.items():
            if not root.is_dir():
                continue
            for path in iter_segment_files(root):
                if path.relative_to(root).as_posix() not in owned.get(volume_id, set()):
                    problems.append(f"{path}: file has no catalog row (orphan)")
        pending = garbage(catalog)
        if pending:
            problems.append(f"{len(pending)} deleted segment file(s) not yet unlinked")
    for problem in problems:
        out.write(problem + "\n")
    out.write(
        f"fsck: {checked} segment(s), {bytes_checked / 1e6:.1f} MB checked, "
        f"{len(problems)} problem(s)\n"
    )
    return 1 if problems else 0


def _check_file(path: Path, row: Segment) -> list[str]:
    try:
        scan = scan_segment(path)
    except FileNotFoundError:
        return [f"{path}: file is missing"]
    except OSError as error:
        return [f"{path}: unreadable: {error.strerror}"]
    problems = []
    if scan.error:
        problems.append(f"{path}: {scan.error}")
    if scan.file_size_bytes != row.size_bytes:
        problems.append(f"{path}: size {scan.file_size_bytes}, catalog says {row.size_bytes}")
    if scan.frames != row.frames:
        problems.append(f"{path}: {scan.frames} frames, catalog says {row.frames}")
    return problems
