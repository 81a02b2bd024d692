"""Deleting a camera together with its recordings (through the garbage list).

Blocking; runs on the catalog thread. Refused while any of the camera's segments
is locked as evidence: unlock them first, on purpose.
"""

from __future__ import annotations

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Segment
from vedette_server.catalog.segments import mark_garbage
from vedette_server.errors import FailedPrecondition, NotFound
from vedette_server.recording.garbage_files import unlink_garbage
from vedette_server.recording.volumes import VolumeManager


def delete_camera(catalog: Catalog, volumes: VolumeManager, camera_id: int) -> int:
    """Delete the camera and its segments; returns how many segments went."""
    roots = volumes.roots()
    with catalog.atomic():
        camera = Camera.get_or_none(Camera.id == camera_id)
        if camera is None:
            raise NotFound("camera", camera_id)
        segments = Segment.select(Segment.id, Segment.locked).where(Segment.camera == camera_id)
        if any(s.locked for s in segments):
            raise FailedPrecondition(
                f"camera {camera.name!r} has locked (evidence) recordings; unlock them first"
            )
        entries = mark_garbage(catalog, [s.id for s in segments])
        camera.delete_instance()
    unlink_garbage(catalog, entries, roots)
    return len(entries)
