"""Tags (bookmarks, SEARCH-05): a named instant of a camera's recording.

Blocking (catalog). A tag without a name is named by its instant in the server's
time zone, as the manual's playback "add tag" does.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from peewee import SQL

from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Tag
from vedette_server.errors import NotFound
from vedette_server.names import check_name

MAX_TAG_NAME = 100


@dataclass(frozen=True)
class TagRecord:
    id: int
    camera_id: int
    time_us: int
    name: str
    created_by: str
    created_us: int


def _record(row: Tag) -> TagRecord:
    return TagRecord(
        int(row.id), int(row.camera_id), int(row.time_us), str(row.name),
        str(row.created_by), int(row.created_us),
    )  # fmt: skip


def check_tag_name(name: str) -> str:
    return check_name(name, "name", MAX_TAG_NAME)


def time_name(time_us: int, zone: zoneinfo.ZoneInfo) -> str:
    """``2026-12-02 10:15:03`` for an instant, in ``zone``."""
    moment = dt.datetime.fromtimestamp(time_us / 1e6, dt.UTC).astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class Tags:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def get(self, tag_id: int) -> TagRecord:
        row = Tag.get_or_none(Tag.id == tag_id)
        if row is None:
            raise NotFound("tag", tag_id)
        return _record(row)

    def create(
        self, camera_id: int, time_us: int, name: str, *, created_by: str, zone: zoneinfo.ZoneInfo
    ) -> TagRecord:
        if Camera.get_or_none(Camera.id == camera_id) is None:
            raise NotFound("camera", camera_id)
        name = check_tag_name(name) if name.strip() else time_name(time_us, zone)
        tag_id = Tag.insert(
            camera=camera_id,
            time_us=time_us,
            name=name,
            created_by=created_by,
            created_us=now_us(),
        ).execute(self.catalog.database)
        return self.get(int(tag_id))

    def rename(self, tag_id: int, name: str) -> TagRecord:
        name = check_tag_name(name)
        if not Tag.update(name=name).where(Tag.id == tag_id).execute(self.catalog.database):
            raise NotFound("tag", tag_id)
        return self.get(tag_id)

    def delete(self, tag_id: int) -> TagRecord:
        tag = self.get(tag_id)
        Tag.delete().where(Tag.id == tag_id).execute(self.catalog.database)
        return tag

    def search(
        self,
        camera_ids: list[int],
        *,
        start_us: int | None = None,
        end_us: int | None = None,
        text: str = "",
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[TagRecord]:
        query = Tag.select().where(Tag.camera.in_(camera_ids))
        if start_us is not None:
            query = query.where(Tag.time_us >= start_us)
        if end_us is not None:
            query = query.where(Tag.time_us < end_us)
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(SQL("name LIKE ? ESCAPE '\\'", [f"%{escaped}%"]))
        if before_id is not None:
            query = query.where(Tag.id < before_id)
        rows = query.order_by(Tag.id.desc()).limit(limit).execute(self.catalog.database)
        return [_record(row) for row in rows]
