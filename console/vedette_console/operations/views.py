"""Saved views and tours (LIVE-06, LIVE-07), kept on the server (``ViewService``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import common_pb2, views_pb2
from vedette_console.operations.server_op import ServerOp

#: A view's tile: (index in the layout, camera id, forced stream or 0).
ViewTile = tuple[int, int, int]


@dataclass(frozen=True)
class SavedLayouts:
    """The user's views and tours (their own and the shared ones)."""

    views: list[views_pb2.View] = field(default_factory=list)
    tours: list[views_pb2.Tour] = field(default_factory=list)


def list_saved(*, parent: QObject | None) -> ServerOp[SavedLayouts]:
    return ServerOp(parent, lambda client: SavedLayouts(client.list_views(), client.list_tours()))


def save_view(
    *,
    parent: QObject | None,
    name: str,
    layout: int,
    tiles: list[ViewTile],
    view_id: int = 0,
    shared: bool = False,
    sequences: Mapping[int, views_pb2.TileSequence] | None = None,
) -> ServerOp[views_pb2.View]:
    """Create a view (``view_id`` 0) or replace one; also how a view is renamed.
    ``sequences``: the in-tile sequences (LIVE-08) by tile index."""
    groups = dict(sequences or {})

    def work(client: Client) -> views_pb2.View:
        shaped = [
            views_pb2.ViewTile(
                index=index,
                camera_id=camera,
                stream=common_pb2.Stream.ValueType(stream),
                sequence=groups.get(index),
            )
            for index, camera, stream in tiles
        ]
        return client.save_view(name, layout, shaped, view_id=view_id, shared=shared)

    return ServerOp(parent, work)


def rename_view(
    *, parent: QObject | None, view: views_pb2.View, name: str
) -> ServerOp[views_pb2.View]:
    """The same view (layout, tiles, sharing) under another name."""
    tiles = [(t.index, t.camera_id, int(t.stream)) for t in view.tiles]
    return save_view(
        parent=parent,
        name=name,
        layout=view.layout,
        tiles=tiles,
        view_id=view.id,
        shared=view.shared,
        sequences={t.index: t.sequence for t in view.tiles if t.HasField("sequence")},
    )


def delete_view(*, parent: QObject | None, view_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_view(view_id))


def save_tour(
    *, parent: QObject | None, name: str, steps: list[tuple[int, int]], shared: bool = False
) -> ServerOp[views_pb2.Tour]:
    """A tour of saved views: ``steps`` are (view id, dwell seconds)."""
    return ServerOp(parent, lambda client: client.save_tour(name, steps, shared=shared))


def delete_tour(*, parent: QObject | None, tour_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_tour(tour_id))


@dataclass(frozen=True)
class DisplayChoices:
    """What the Display settings page offers: the shared views and tours (the only
    ones a display may show) and every camera the caller sees, (id, name)."""

    views: list[views_pb2.View]
    tours: list[views_pb2.Tour]
    cameras: list[tuple[int, str]]


def _display_choices(client: Client) -> DisplayChoices:
    return DisplayChoices(
        [v for v in client.list_views() if v.shared],
        [t for t in client.list_tours() if t.shared],
        [(c.id, c.name) for c in client.list_cameras()],
    )


def display_choices(*, parent: QObject | None) -> ServerOp[DisplayChoices]:
    return ServerOp(parent, _display_choices)
