"""``ViewService``: saved views and tours (views.proto), per user, on the catalog thread.

The access rule is SESSION (any signed-in user keeps their own); this servicer
decides the rest: a view holds only cameras the saver has the live right on, a
listed view shows only the tiles the caller has the live right on, and a shared
view or tour is changed only by its owner or a user with the accounts right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import grpc

from vedette_api.v1 import views_pb2, views_pb2_grpc
from vedette_server.accounts.authorization import may
from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.status import unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound, PermissionDenied
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.saved_views import (
    SavedViews,
    TileSequence,
    TourRecord,
    TourStep,
    ViewRecord,
    ViewTile,
)

R = TypeVar("R", ViewRecord, TourRecord)


def _tile_message(tile: ViewTile, sees: Callable[[int], bool]) -> views_pb2.ViewTile | None:
    """The tile as the caller may see it: cameras ``sees`` refuses (deleted since, or
    without the caller's live right) left out of it (None when none is left); a
    sequence left with one camera is a plain tile of that camera."""
    shown = [c for c in tile.camera_ids if sees(c)]
    if not shown:
        return None
    message = views_pb2.ViewTile(index=tile.index, camera_id=shown[0], stream=tile.stream)  # type: ignore[arg-type]
    if tile.sequence and len(shown) > 1:
        message.sequence.name = tile.sequence.name
        message.sequence.camera_ids[:] = shown
        message.sequence.dwell_s = tile.sequence.dwell_s
    return message


def view_message(view: ViewRecord, sees: Callable[[int], bool]) -> views_pb2.View:
    """The view as the caller may see it (``_tile_message``). Shared with the site
    directory's servicer (``directory/views.py``)."""
    tiles = [_tile_message(t, sees) for t in view.tiles]
    return views_pb2.View(
        id=view.id,
        name=view.name,
        layout=view.layout,
        tiles=[t for t in tiles if t is not None],
        shared=view.shared,
        owner=view.owner,
        update_time=timestamp(view.updated_us),
    )


def live_on(known: set[int]) -> Callable[[int], bool]:
    """Whether the caller sees a camera in a view: one of ``known`` (not deleted since)
    on which they have the live right."""
    who = call_context.principal()
    return lambda camera: camera in known and may(who, CameraRight.LIVE, camera)


def tile_from_message(m: views_pb2.ViewTile) -> ViewTile:
    sequence = None
    if m.HasField("sequence"):
        s = m.sequence
        sequence = TileSequence(s.name, tuple(s.camera_ids), s.dwell_s)
    return ViewTile(m.index, m.camera_id, int(m.stream), sequence)


def tour_message(tour: TourRecord, visible: set[int]) -> views_pb2.Tour:
    return views_pb2.Tour(
        id=tour.id,
        name=tour.name,
        steps=[
            views_pb2.TourStep(view_id=s.view_id, dwell_seconds=s.dwell_s)
            for s in tour.steps
            if s.view_id in visible
        ],
        shared=tour.shared,
        owner=tour.owner,
        update_time=timestamp(tour.updated_us),
    )


def _may_change(owner_id: int, kind: str) -> None:
    who = call_context.principal()
    if owner_id != who.user_id and not may(who, Area.ACCOUNTS):
        raise PermissionDenied(
            f"this {kind} is shared by another user: only its owner or a user with the "
            "accounts right may change it"
        )


class ViewServicer(views_pb2_grpc.ViewServiceServicer):
    def __init__(self, thread: CatalogThread, cameras: CameraRegistry, views: SavedViews) -> None:
        self.thread = thread
        self.cameras = cameras
        self.views = views

    async def _known_cameras(self) -> set[int]:
        return {c.id for c in await self.thread.call(self.cameras.list_all)}

    async def _check_cameras(self, tiles: list[ViewTile], known: set[int]) -> None:
        who = call_context.principal()
        for camera in (c for tile in tiles for c in tile.camera_ids):
            # As the gate's camera rules answer: the right is checked first.
            if not may(who, CameraRight.LIVE, camera):
                raise PermissionDenied(f"no live right on camera {camera}")
            if camera not in known:
                raise NotFound("camera", camera)

    async def _changeable(self, get: Callable[[int, int], R], row_id: int, kind: str) -> R:
        """The view or tour ``row_id`` (``get``: the store's getter), when the caller
        sees it (NotFound otherwise) and may change it (PermissionDenied otherwise)."""
        row = await self.thread.call(get, row_id, call_context.principal().user_id)
        _may_change(row.owner_id, kind)
        return row

    @unary
    async def ListViews(
        self, request: views_pb2.ListViewsRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.ListViewsResponse:
        found = await self.thread.call(self.views.list_views, call_context.principal().user_id)
        known = await self._known_cameras()
        return views_pb2.ListViewsResponse(views=[view_message(v, live_on(known)) for v in found])

    @unary
    async def SaveView(
        self, request: views_pb2.SaveViewRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.SaveViewResponse:
        who = call_context.principal()
        spec = request.view
        before = await self._changeable(self.views.get_view, spec.id, "view") if spec.id else None
        tiles = [tile_from_message(t) for t in spec.tiles]
        known = await self._known_cameras()
        await self._check_cameras(tiles, known)
        saved = await self.thread.call(
            lambda: self.views.save_view(
                who.user_id, spec.id, name=spec.name, layout=spec.layout, tiles=tiles,
                shared=spec.shared,
            )
        )  # fmt: skip
        call_context.note(
            message=f"{who.username} saved view {saved.name!r}",
            before=None if before is None else {"name": before.name, "layout": before.layout},
            after={"name": saved.name, "layout": saved.layout, "shared": saved.shared},
        )
        call_context.note_change(shared=before is not None and before.shared)
        return views_pb2.SaveViewResponse(view=view_message(saved, live_on(known)))

    @unary
    async def DeleteView(
        self, request: views_pb2.DeleteViewRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.DeleteViewResponse:
        who = call_context.principal()
        view = await self._changeable(self.views.get_view, request.view_id, "view")
        await self.thread.call(self.views.delete_view, request.view_id)
        call_context.note(message=f"{who.username} deleted view {view.name!r}")
        call_context.note_change(shared=view.shared)
        return views_pb2.DeleteViewResponse()

    async def _visible_view_ids(self) -> set[int]:
        found = await self.thread.call(self.views.list_views, call_context.principal().user_id)
        return {v.id for v in found}

    @unary
    async def ListTours(
        self, request: views_pb2.ListToursRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.ListToursResponse:
        found = await self.thread.call(self.views.list_tours, call_context.principal().user_id)
        visible = await self._visible_view_ids()
        return views_pb2.ListToursResponse(tours=[tour_message(t, visible) for t in found])

    @unary
    async def SaveTour(
        self, request: views_pb2.SaveTourRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.SaveTourResponse:
        who = call_context.principal()
        spec = request.tour
        if spec.id:
            before = await self._changeable(self.views.get_tour, spec.id, "tour")
            call_context.note_change(shared=before.shared)
        steps = [TourStep(s.view_id, s.dwell_seconds) for s in spec.steps]
        saved = await self.thread.call(
            lambda: self.views.save_tour(
                who.user_id, spec.id, name=spec.name, steps=steps, shared=spec.shared
            )
        )
        call_context.note(
            message=f"{who.username} saved tour {saved.name!r}",
            after={"name": saved.name, "steps": len(saved.steps), "shared": saved.shared},
        )
        visible = await self._visible_view_ids()
        return views_pb2.SaveTourResponse(tour=tour_message(saved, visible))

    @unary
    async def DeleteTour(
        self, request: views_pb2.DeleteTourRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.DeleteTourResponse:
        who = call_context.principal()
        tour = await self._changeable(self.views.get_tour, request.tour_id, "tour")
        await self.thread.call(self.views.delete_tour, request.tour_id)
        call_context.note(message=f"{who.username} deleted tour {tour.name!r}")
        call_context.note_change(shared=tour.shared)
        return views_pb2.DeleteTourResponse()
