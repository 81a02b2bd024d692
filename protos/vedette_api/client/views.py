"""The ``ViewService`` part of ``vedette_api.Client``: saved views and tours. Every
method blocks.
"""

from __future__ import annotations

from collections.abc import Sequence

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.v1 import views_pb2, views_pb2_grpc


class ViewCalls(ServiceCalls):
    _views: views_pb2_grpc.ViewServiceStub

    def list_views(self) -> list[views_pb2.View]:
        """The caller's views, then those shared with them, by name."""
        return list(self._call(self._views.ListViews, views_pb2.ListViewsRequest()).views)

    def save_view(
        self,
        name: str,
        layout: int,
        tiles: Sequence[tuple[int, int] | tuple[int, int, StreamArg | None] | views_pb2.ViewTile],
        *,
        view_id: int = 0,
        shared: bool = False,
    ) -> views_pb2.View:
        """Create (``view_id`` 0) or replace a view; ``tiles`` are ``(index, camera_id)``
        or ``(index, camera_id, stream)`` for a forced stream (None: not forced), or
        whole ``ViewTile`` messages (an in-tile sequence)."""
        view = views_pb2.View(id=view_id, name=name, layout=layout, shared=shared)
        for tile in tiles:
            if isinstance(tile, views_pb2.ViewTile):
                view.tiles.append(tile)
                continue
            stream = stream_proto(tile[2] if len(tile) > 2 else None)
            view.tiles.add(index=tile[0], camera_id=tile[1], stream=stream)
        return self._call(self._views.SaveView, views_pb2.SaveViewRequest(view=view)).view

    def delete_view(self, view_id: int) -> None:
        self._call(self._views.DeleteView, views_pb2.DeleteViewRequest(view_id=view_id))

    def list_tours(self) -> list[views_pb2.Tour]:
        """The caller's tours, then those shared with them, by name."""
        return list(self._call(self._views.ListTours, views_pb2.ListToursRequest()).tours)

    def save_tour(
        self,
        name: str,
        steps: Sequence[tuple[int, int]],
        *,
        tour_id: int = 0,
        shared: bool = False,
    ) -> views_pb2.Tour:
        """Create (``tour_id`` 0) or replace a tour of ``(view_id, dwell_seconds)`` steps."""
        tour = views_pb2.Tour(id=tour_id, name=name, shared=shared)
        for view_id, dwell_s in steps:
            tour.steps.add(view_id=view_id, dwell_seconds=dwell_s)
        return self._call(self._views.SaveTour, views_pb2.SaveTourRequest(tour=tour)).tour

    def delete_tour(self, tour_id: int) -> None:
        self._call(self._views.DeleteTour, views_pb2.DeleteTourRequest(tour_id=tour_id))
