"""Tags (SEARCH-05, PLAY-08): add, list, rename, delete."""

from __future__ import annotations

from PySide6.QtCore import QObject

from vedette_api.v1 import search_pb2
from vedette_console.operations.server_op import ServerOp

#: How many tags the tag list shows.
TAG_LIST_LIMIT = 1000


def list_tags(
    *, parent: QObject | None, limit: int = TAG_LIST_LIMIT
) -> ServerOp[list[search_pb2.Tag]]:
    return ServerOp(parent, lambda client: list(client.list_tags(limit=limit)))


def create_tag(*, parent: QObject | None, camera_id: int, time_us: int) -> ServerOp[search_pb2.Tag]:
    """A tag on ``camera_id`` at ``time_us`` (the server names it)."""
    return ServerOp(parent, lambda client: client.create_tag(camera_id, time_us))


def rename_tag(*, parent: QObject | None, tag_id: int, name: str) -> ServerOp[search_pb2.Tag]:
    return ServerOp(parent, lambda client: client.rename_tag(tag_id, name))


def delete_tag(*, parent: QObject | None, tag_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_tag(tag_id))
