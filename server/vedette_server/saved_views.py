"""Saved views and tours (LIVE-06, LIVE-07): live layouts a user keeps on the server,
and sequences of them shown in turn, so that they follow the operator to any console.

Blocking (catalog thread). A view or tour belongs to the user who saved it; a shared
one is visible to every user. This module checks the shape of what is saved (names,
layouts, tiles, steps) and who may see what; which cameras a user may put in a view
or see in it is the servicer's business (``api/view_service.py``), as it is of every
camera right.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import IntegrityError

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, SavedView, Tour
from vedette_server.errors import InvalidArgument, NotFound

#: The console's layouts (the number of tiles).
LAYOUTS = (1, 4, 6, 8, 9, 16, 25, 32, 36, 64)
MAX_NAME = 100
MAX_STEPS = 64
MIN_DWELL_S, MAX_DWELL_S = 3, 3600
#: Streams a tile may force: 0 automatic, 1 main, 2 sub (common.proto's ``Stream``).
STREAMS = (0, 1, 2)


@dataclass(frozen=True)
class ViewTile:
    index: int
    camera_id: int
    stream: int = 0


@dataclass(frozen=True)
class ViewRecord:
    id: int
    owner_id: int
    owner: str
    name: str
    layout: int
    tiles: tuple[ViewTile, ...]
    shared: bool
    updated_us: int


@dataclass(frozen=True)
class TourStep:
    view_id: int
    dwell_s: int


@dataclass(frozen=True)
class TourRecord:
    id: int
    owner_id: int
    owner: str
    name: str
    steps: tuple[TourStep, ...]
    shared: bool
    updated_us: int


def check_name(name: str, field: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise InvalidArgument(field, f"1 to {MAX_NAME} printable characters")
    return name


def check_tiles(layout: int, tiles: Sequence[ViewTile]) -> tuple[ViewTile, ...]:
    if layout not in LAYOUTS:
        choices = ", ".join(map(str, LAYOUTS))
        raise InvalidArgument("view.layout", f"{layout} is not one of {choices}")
    seen: set[int] = set()
    for tile in tiles:
        if not 0 <= tile.index < layout:
            raise InvalidArgument(
                "view.tiles", f"tile {tile.index} is outside a {layout}-tile layout"
            )
        if tile.index in seen:
            raise InvalidArgument("view.tiles", f"tile {tile.index} is given twice")
        if tile.stream not in STREAMS:
            raise InvalidArgument("view.tiles", f"tile {tile.index}: unknown stream {tile.stream}")
        seen.add(tile.index)
    return tuple(sorted(tiles, key=lambda t: t.index))


def check_steps(steps: Sequence[TourStep]) -> tuple[TourStep, ...]:
    if not 1 <= len(steps) <= MAX_STEPS:
        raise InvalidArgument("tour.steps", f"1 to {MAX_STEPS} steps, not {len(steps)}")
    for number, step in enumerate(steps, 1):
        if not MIN_DWELL_S <= step.dwell_s <= MAX_DWELL_S:
            raise InvalidArgument(
                "tour.steps",
                f"step {number}: a dwell of {step.dwell_s} s is outside "
                f"{MIN_DWELL_S}..{MAX_DWELL_S} s",
            )
    return tuple(steps)


def _now_us() -> int:
    return time.time_ns() // 1000


class SavedViews:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    # -- views -------------------------------------------------------------------------

    def _view(self, row: SavedView, owner: str) -> ViewRecord:
        tiles = tuple(ViewTile(int(i), int(c), int(s)) for i, c, s in json.loads(row.tiles))
        return ViewRecord(
            int(row.id), int(row.owner_id), owner, str(row.name), int(row.layout), tiles,
            bool(row.shared), int(row.updated_us),
        )  # fmt: skip

    def list_views(self, user_id: int) -> list[ViewRecord]:
        """The user's views, then those others shared, each by name."""
        rows = (
            SavedView.select(SavedView, Account.id, Account.name)
            .join(Account)
            .where((SavedView.owner == user_id) | (SavedView.shared == True))  # noqa: E712
            .order_by(SavedView.owner != user_id, SavedView.name)
            .execute(self.catalog.database)
        )
        return [self._view(row, str(row.owner.name)) for row in rows]

    def get_view(self, view_id: int, user_id: int) -> ViewRecord:
        """A view the user owns or that is shared; NotFound otherwise."""
        row = (
            SavedView.select(SavedView, Account.id, Account.name)
            .join(Account)
            .where(SavedView.id == view_id)
            .first(self.catalog.database)
        )
        if row is None or (row.owner_id != user_id and not row.shared):
            raise NotFound("view", view_id)
        return self._view(row, str(row.owner.name))

    def save_view(
        self,
        user_id: int,
        view_id: int,
        *,
        name: str,
        layout: int,
        tiles: Sequence[ViewTile],
        shared: bool,
    ) -> ViewRecord:
        """Create (``view_id`` 0, owned by ``user_id``) or replace a view (its owner
        stays). The caller has checked that ``user_id`` may change it."""
        name = check_name(name, "view.name")
        checked = check_tiles(layout, tiles)
        values = {
            "name": name,
            "layout": layout,
            "tiles": json.dumps([[t.index, t.camera_id, t.stream] for t in checked]),
            "shared": shared,
            "updated_us": _now_us(),
        }
        try:
            with self.catalog.database.atomic():
                if view_id:
                    changed = SavedView.update(**values).where(SavedView.id == view_id)
                    if not changed.execute(self.catalog.database):
                        raise NotFound("view", view_id)
                else:
                    view_id = int(
                        SavedView.insert(owner=user_id, **values).execute(self.catalog.database)
                    )
        except IntegrityError as error:
            raise InvalidArgument("view.name", f"{name!r} is already used by a view") from error
        return self.get_view(view_id, self._owner(SavedView, view_id))

    def delete_view(self, view_id: int) -> None:
        if not SavedView.delete().where(SavedView.id == view_id).execute(self.catalog.database):
            raise NotFound("view", view_id)

    # -- tours -------------------------------------------------------------------------

    def _tour(self, row: Tour, owner: str) -> TourRecord:
        steps = tuple(TourStep(int(v), int(d)) for v, d in json.loads(row.steps))
        return TourRecord(
            int(row.id), int(row.owner_id), owner, str(row.name), steps, bool(row.shared),
            int(row.updated_us),
        )  # fmt: skip

    def list_tours(self, user_id: int) -> list[TourRecord]:
        """The user's tours, then those others shared, each by name."""
        rows = (
            Tour.select(Tour, Account.id, Account.name)
            .join(Account)
            .where((Tour.owner == user_id) | (Tour.shared == True))  # noqa: E712
            .order_by(Tour.owner != user_id, Tour.name)
            .execute(self.catalog.database)
        )
        return [self._tour(row, str(row.owner.name)) for row in rows]

    def get_tour(self, tour_id: int, user_id: int) -> TourRecord:
        row = (
            Tour.select(Tour, Account.id, Account.name)
            .join(Account)
            .where(Tour.id == tour_id)
            .first(self.catalog.database)
        )
        if row is None or (row.owner_id != user_id and not row.shared):
            raise NotFound("tour", tour_id)
        return self._tour(row, str(row.owner.name))

    def save_tour(
        self, user_id: int, tour_id: int, *, name: str, steps: Sequence[TourStep], shared: bool
    ) -> TourRecord:
        """Create or replace a tour; every step's view must be one ``user_id`` sees."""
        name = check_name(name, "tour.name")
        checked = check_steps(steps)
        for step in checked:
            self.get_view(step.view_id, user_id)  # NotFound for a view the user cannot see
        values = {
            "name": name,
            "steps": json.dumps([[s.view_id, s.dwell_s] for s in checked]),
            "shared": shared,
            "updated_us": _now_us(),
        }
        try:
            with self.catalog.database.atomic():
                if tour_id:
                    changed = Tour.update(**values).where(Tour.id == tour_id)
                    if not changed.execute(self.catalog.database):
                        raise NotFound("tour", tour_id)
                else:
                    created = Tour.insert(owner=user_id, **values)
                    tour_id = int(created.execute(self.catalog.database))
        except IntegrityError as error:
            raise InvalidArgument("tour.name", f"{name!r} is already used by a tour") from error
        return self.get_tour(tour_id, self._owner(Tour, tour_id))

    def delete_tour(self, tour_id: int) -> None:
        if not Tour.delete().where(Tour.id == tour_id).execute(self.catalog.database):
            raise NotFound("tour", tour_id)

    def _owner(self, model: type[SavedView] | type[Tour], row_id: int) -> int:
        row = model.get_or_none(model.id == row_id)
        if row is None:
            raise NotFound(model.__name__.lower(), row_id)
        return int(row.owner_id)
