"""The site directory's ``ViewService``: saved views and tours of the whole site
(docs/sites.md, "Views and tours of a site").

A view saved here names cameras by their ids at the directory (what its
``ListCameras`` returns), so one view may hold cameras recorded by different member
servers. The rules are a recording server's (``api/view_service.py``), with the site's
users in place of its accounts:

- Any signed-in site user keeps their own views and tours and sees those others
  shared; only the owner or a site administrator changes or deletes one (another
  user gets PERMISSION_DENIED, and NOT_FOUND for one they cannot see at all).
- A view's tiles name cameras of the site: another id is NOT_FOUND naming it. The
  directory has no per-camera rights (every site user lists every site camera), so
  a listed view leaves out only the cameras removed from the site since it was saved.
- A tour's steps name views its saver sees; a step whose view was deleted since, or
  that the caller cannot see, is left out of what they get.
- Names, layouts, tiles and steps are checked by ``saved_views`` as on a server.
- Every change is in the directory's audit trail; PostgreSQL down is UNAVAILABLE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import grpc

from vedette_api.v1 import views_pb2, views_pb2_grpc
from vedette_server.api.sessions import LoginSession
from vedette_server.api.status import unary
from vedette_server.api.view_service import tile_from_message, tour_message, view_message
from vedette_server.directory.service import Sessions, _db
from vedette_server.directory.store import DirectoryStore
from vedette_server.errors import NotFound, PermissionDenied, VedetteError
from vedette_server.saved_views import TourRecord, TourStep, ViewRecord, ViewTile

R = TypeVar("R", ViewRecord, TourRecord)


class NotASiteCamera(NotFound):
    """A view's tile names an id that is no camera of the site (NOT_FOUND, with the
    usual ``resource`` and ``id`` facts)."""

    def __init__(self, camera_id: int) -> None:
        VedetteError.__init__(
            self,
            f"camera {camera_id} is not a camera of the site (a site view names cameras by"
            " the ids the directory's ListCameras gives)",
        )
        self.kind, self.key = "camera", camera_id


class DirectoryViewServicer(views_pb2_grpc.ViewServiceServicer):
    def __init__(self, store: DirectoryStore, sessions: Sessions) -> None:
        self.store = store
        self.sessions = sessions

    def _may_change(self, session: LoginSession, owner_id: int, kind: str) -> None:
        if owner_id != session.user_id and session.user_id not in self.sessions.admins:
            raise PermissionDenied(
                f"this {kind} is shared by another site user: only its owner or a site"
                " administrator may change it"
            )

    async def _changeable(
        self, session: LoginSession, get: Callable[[int, int], R], row_id: int, kind: str
    ) -> R:
        """The view or tour ``row_id`` when the caller sees it (NotFound otherwise) and
        may change it (PermissionDenied otherwise)."""
        row = await _db(self.store.bound, get, row_id, session.user_id)
        self._may_change(session, row.owner_id, kind)
        return row

    @staticmethod
    def _check_cameras(tiles: list[ViewTile], known: set[int]) -> None:
        for camera in (c for tile in tiles for c in tile.camera_ids):
            if camera not in known:
                raise NotASiteCamera(camera)

    async def _audit(self, session: LoginSession, action: str, message: str) -> None:
        await _db(self.store.audit, action, message, username=session.user, peer=session.peer)

    @unary
    async def ListViews(
        self, request: views_pb2.ListViewsRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.ListViewsResponse:
        session = self.sessions.require(context)
        found = await _db(self.store.bound, self.store.views.list_views, session.user_id)
        known = await _db(self.store.camera_ids)
        return views_pb2.ListViewsResponse(
            views=[view_message(v, known.__contains__) for v in found]
        )

    @unary
    async def SaveView(
        self, request: views_pb2.SaveViewRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.SaveViewResponse:
        session = self.sessions.require(context)
        spec = request.view
        views = self.store.views
        before = None
        if spec.id:
            before = await self._changeable(session, views.get_view, spec.id, "view")
        tiles = [tile_from_message(t) for t in spec.tiles]
        known = await _db(self.store.camera_ids)
        self._check_cameras(tiles, known)
        saved = await _db(
            self.store.bound, views.save_view, session.user_id, spec.id, name=spec.name,
            layout=spec.layout, tiles=tiles, shared=spec.shared,
        )  # fmt: skip
        renamed = f" (was {before.name!r})" if before and before.name != saved.name else ""
        await self._audit(
            session,
            "view.saved",
            f"{session.user} saved site view {saved.name!r}{renamed}: {saved.layout} tiles,"
            f" {len(saved.tiles)} set, {'shared' if saved.shared else 'not shared'}",
        )
        return views_pb2.SaveViewResponse(view=view_message(saved, known.__contains__))

    @unary
    async def DeleteView(
        self, request: views_pb2.DeleteViewRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.DeleteViewResponse:
        session = self.sessions.require(context)
        views = self.store.views
        view = await self._changeable(session, views.get_view, request.view_id, "view")
        await _db(self.store.bound, views.delete_view, request.view_id)
        await self._audit(
            session, "view.deleted", f"{session.user} deleted site view {view.name!r}"
        )
        return views_pb2.DeleteViewResponse()

    async def _visible_view_ids(self, session: LoginSession) -> set[int]:
        found = await _db(self.store.bound, self.store.views.list_views, session.user_id)
        return {v.id for v in found}

    @unary
    async def ListTours(
        self, request: views_pb2.ListToursRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.ListToursResponse:
        session = self.sessions.require(context)
        found = await _db(self.store.bound, self.store.views.list_tours, session.user_id)
        visible = await self._visible_view_ids(session)
        return views_pb2.ListToursResponse(tours=[tour_message(t, visible) for t in found])

    @unary
    async def SaveTour(
        self, request: views_pb2.SaveTourRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.SaveTourResponse:
        session = self.sessions.require(context)
        spec = request.tour
        views = self.store.views
        before = None
        if spec.id:
            before = await self._changeable(session, views.get_tour, spec.id, "tour")
        steps = [TourStep(s.view_id, s.dwell_seconds) for s in spec.steps]
        saved = await _db(
            self.store.bound, views.save_tour, session.user_id, spec.id, name=spec.name,
            steps=steps, shared=spec.shared,
        )  # fmt: skip
        renamed = f" (was {before.name!r})" if before and before.name != saved.name else ""
        await self._audit(
            session,
            "tour.saved",
            f"{session.user} saved site tour {saved.name!r}{renamed}: {len(saved.steps)}"
            f" steps, {'shared' if saved.shared else 'not shared'}",
        )
        visible = await self._visible_view_ids(session)
        return views_pb2.SaveTourResponse(tour=tour_message(saved, visible))

    @unary
    async def DeleteTour(
        self, request: views_pb2.DeleteTourRequest, context: grpc.aio.ServicerContext
    ) -> views_pb2.DeleteTourResponse:
        session = self.sessions.require(context)
        views = self.store.views
        tour = await self._changeable(session, views.get_tour, request.tour_id, "tour")
        await _db(self.store.bound, views.delete_tour, request.tour_id)
        await self._audit(
            session, "tour.deleted", f"{session.user} deleted site tour {tour.name!r}"
        )
        return views_pb2.DeleteTourResponse()
