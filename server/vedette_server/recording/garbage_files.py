"""The second and third steps of every deletion: unlink marked files, then forget them.

Blocking; runs on the catalog thread. A file that cannot be unlinked stays on the
garbage list and is retried by the next start-up recovery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.segments import GarbageRow, forget_garbage

log = logging.getLogger(__name__)


def unlink_garbage(
    catalog: Catalog, entries: Iterable[GarbageRow], roots: dict[int, Path]
) -> tuple[int, int]:
    """Unlink each entry's file and forget the entries done; returns (entries, bytes) done."""
    done: list[int] = []
    freed = 0
    for entry in entries:
        root = roots.get(entry.volume_id)
        if root is None:
            continue  # its volume is gone from the catalog: nothing to unlink here
        try:
            (root / PurePosixPath(entry.relpath)).unlink(missing_ok=True)
        except OSError as error:
            log.warning("cannot delete %s: %s (kept on the garbage list)", entry.relpath, error)
            continue
        done.append(entry.id)
        freed += entry.size_bytes
    forget_garbage(catalog, done)
    return len(done), freed
