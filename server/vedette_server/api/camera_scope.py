"""Which cameras a request is about: the ones it names, or every one the caller may use;
and which privacy masks the caller must not see through."""

from __future__ import annotations

from collections.abc import Sequence

from vedette_server.accounts.authorization import may
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.privacy import PrivacyMask


async def requested_cameras(
    thread: CatalogThread,
    cameras: CameraRegistry,
    requested: Sequence[int],
    right: CameraRight = CameraRight.PLAYBACK,
) -> list[int]:
    """The cameras a request names, in order without repeats (each must exist:
    ``NotFound`` otherwise; the gate has checked the right on them), or every camera
    the caller has ``right`` on when it names none."""
    every = [c.id for c in await thread.call(cameras.list_all)]
    if not requested:
        return call_context.permitted_cameras(right, every)
    known = set(every)
    for camera_id in requested:
        if camera_id not in known:
            raise NotFound("camera", camera_id)
    return list(dict.fromkeys(requested))


async def masks_for_caller(
    thread: CatalogThread, cameras: CameraRegistry, camera_id: int
) -> tuple[PrivacyMask, ...]:
    """The camera's privacy masks the server must burn into what it makes for the
    caller: none when the caller has the unmasked right on it (CAM-10)."""
    if may(call_context.principal(), CameraRight.UNMASKED, camera_id):
        return ()
    return (await thread.call(cameras.get, camera_id)).privacy_masks
