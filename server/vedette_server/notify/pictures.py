"""The pictures alarm mails carry: snapshots (SEARCH-06) of a camera's live picture,
stored like any snapshot (a row and a JPEG under <data>/snapshots), so a mail waiting
in the outbox keeps its picture across a restart, and the picture stays evidence."""

from __future__ import annotations

from typing import Final

from vedette_server.images.snapshots import Snapshots

#: Who the snapshot rows say took them.
TAKEN_BY: Final = "notifications"


class StoredSnapshots:
    """``attempts.SnapshotSource`` over the server's ``Snapshots``."""

    def __init__(self, snapshots: Snapshots) -> None:
        self.snapshots = snapshots

    async def take(self, camera_id: int) -> int:
        record = await self.snapshots.take(camera_id, None, created_by=TAKEN_BY)
        return record.id

    async def read(self, snapshot_id: int) -> bytes:
        return await self.snapshots.read(await self.snapshots.get(snapshot_id))
