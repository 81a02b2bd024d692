"""Saved views and tours (LIVE-06, LIVE-07): live layouts a user keeps on the server,
and sequences of them shown in turn, so that they follow the operator to any console.

Blocking (catalog thread). A view or tour belongs to the user who saved it; a shared
one is visible to every user. This module checks the shape of what is saved (names,
layouts, tiles, steps) and who may see what; which cameras a user may put in a view
or see in it is the servicer's business (``api/view_service.py``), as it is of every
camera right.

The same rows are kept by the site directory for site-wide views and tours (its own
tables in PostgreSQL, owned by site users: ``ViewTables``), with these same checks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from peewee import IntegrityError

from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, SavedView, Tour
from vedette_server.errors import InvalidArgument, NotFound
from vedette_server.names import check_name

#: The console's layouts (the number of tiles).
LAYOUTS = (1, 4, 6, 8, 9, 16, 25, 32, 36, 64)
MAX_STEPS = 64
MIN_DWELL_S, MAX_DWELL_S = 3, 3600
#: An in-tile sequence's cameras (LIVE-08).
MIN_SEQUENCE, MAX_SEQUENCE = 2, 64
#: Streams a tile may force: 0 automatic, 1 main, 2 sub (common.proto's ``Stream``).
STREAMS = (0, 1, 2)


@dataclass(frozen=True)
class TileSequence:
    """A named group of cameras taking turns in one tile (LIVE-08)."""

    name: str
    camera_ids: tuple[int, ...]
    dwell_s: int


@dataclass(frozen=True)
class ViewTile:
    index: int
    camera_id: int
    stream: int = 0
    #: When set, the tile cycles through its cameras; ``camera_id`` is the first.
    sequence: TileSequence | None = None

    @property
    def camera_ids(self) -> tuple[int, ...]:
        """Every camera the tile shows."""
        return self.sequence.camera_ids if self.sequence else (self.camera_id,)


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


def check_sequence(index: int, sequence: TileSequence) -> TileSequence:
    """``sequence`` with its name trimmed, or InvalidArgument saying what is wrong."""
    field = f"view.tiles[{index}].sequence"
    name = check_name(sequence.name, f"{field}.name")
    cameras = tuple(sequence.camera_ids)
    if not MIN_SEQUENCE <= len(cameras) <= MAX_SEQUENCE:
        raise InvalidArgument(
            f"{field}.camera_ids", f"{MIN_SEQUENCE} to {MAX_SEQUENCE} cameras, not {len(cameras)}"
        )
    if len(set(cameras)) != len(cameras):
        raise InvalidArgument(f"{field}.camera_ids", "a camera is given twice")
    if not MIN_DWELL_S <= sequence.dwell_s <= MAX_DWELL_S:
        raise InvalidArgument(
            f"{field}.dwell_s",
            f"a dwell of {sequence.dwell_s} s is outside {MIN_DWELL_S}..{MAX_DWELL_S} s",
        )
    return TileSequence(name, cameras, sequence.dwell_s)


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
    checked = [
        ViewTile(t.index, t.sequence.camera_ids[0] if t.sequence else t.camera_id, t.stream,
                 check_sequence(t.index, t.sequence) if t.sequence else None)
        for t in tiles
    ]  # fmt: skip
    return tuple(sorted(checked, key=lambda t: t.index))


def tile_json(tile: ViewTile) -> list[Any]:
    """A tile as stored: ``[index, camera, stream]``, with a fourth element for a
    sequence (``{"name", "cameras", "dwell_s"}``)."""
    row: list[Any] = [tile.index, tile.camera_id, tile.stream]
    if tile.sequence:
        s = tile.sequence
        row.append({"name": s.name, "cameras": list(s.camera_ids), "dwell_s": s.dwell_s})
    return row


def tile_from_json(row: list[Any]) -> ViewTile:
    sequence = None
    if len(row) > 3:
        data = row[3]
        sequence = TileSequence(
            str(data["name"]), tuple(int(c) for c in data["cameras"]), int(data["dwell_s"])
        )
    return ViewTile(int(row[0]), int(row[1]), int(row[2]), sequence)


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


#: A view or tour table (peewee models: the catalog's or the site directory's).
_Model = Any


@dataclass(frozen=True)
class ViewTables:
    """Where views and tours are kept: a views table, a tours table (each with
    ``owner`` (a foreign key to ``owners``), ``name`` unique per owner, ``shared``,
    ``updated_us``, and ``tiles`` or ``steps`` as JSON text) and the owners' table
    (with ``id`` and ``name``)."""

    views: Any
    tours: Any
    owners: Any


#: A recording server's: its catalog's ``saved_view`` and ``tour`` of its accounts.
CATALOG_TABLES = ViewTables(SavedView, Tour, Account)


class HasDatabase(Protocol):
    @property
    def database(self) -> Any: ...


class SavedViews:
    """Views and tours share their row plumbing: an owner, a name unique per owner, a
    shared flag; only their content (tiles, steps) differs. ``catalog`` gives the
    peewee database the tables are in (the recording server's ``Catalog``, or the
    site directory's store)."""

    def __init__(self, catalog: Catalog | HasDatabase, tables: ViewTables = CATALOG_TABLES) -> None:
        self.catalog = catalog
        self.tables = tables

    # -- shared by views and tours -----------------------------------------------------

    def _visible(self, model: _Model, user_id: int) -> list[Any]:
        """The user's rows, then those others shared, each by name (with the owner)."""
        owners = self.tables.owners
        return list(
            model.select(model, owners.id, owners.name)
            .join(owners)
            .where((model.owner == user_id) | (model.shared == True))  # noqa: E712
            .order_by(model.owner != user_id, model.name)
            .execute(self.catalog.database)
        )

    def _row(self, model: _Model, kind: str, row_id: int, user_id: int) -> Any:
        """A row the user owns or that is shared; NotFound otherwise."""
        owners = self.tables.owners
        row = (
            model.select(model, owners.id, owners.name)
            .join(owners)
            .where(model.id == row_id)
            .first(self.catalog.database)
        )
        if row is None or (row.owner_id != user_id and not row.shared):
            raise NotFound(kind, row_id)
        return row

    def _write(
        self, model: _Model, kind: str, row_id: int, user_id: int, values: dict[str, Any]
    ) -> int:
        """Insert (``row_id`` 0, owned by ``user_id``) or update; returns the row id.
        Its owner stays on update: the caller has checked who may change it."""
        values["updated_us"] = now_us()
        try:
            with self.catalog.database.atomic():
                if row_id:
                    changed = model.update(**values).where(model.id == row_id)
                    if not changed.execute(self.catalog.database):
                        raise NotFound(kind, row_id)
                    return row_id
                created = model.insert(owner=user_id, **values)
                return int(created.execute(self.catalog.database))
        except IntegrityError as error:
            used = f"{values['name']!r} is already used by a {kind}"
            raise InvalidArgument(f"{kind}.name", used) from error

    def _owner_of(self, model: _Model, kind: str, row_id: int) -> int:
        row = model.get_or_none(model.id == row_id)
        if row is None:
            raise NotFound(kind, row_id)
        return int(row.owner_id)

    def _delete(self, model: _Model, kind: str, row_id: int) -> None:
        if not model.delete().where(model.id == row_id).execute(self.catalog.database):
            raise NotFound(kind, row_id)

    # -- views -------------------------------------------------------------------------

    @staticmethod
    def _view(row: Any) -> ViewRecord:
        tiles = tuple(tile_from_json(tile) for tile in json.loads(row.tiles))
        return ViewRecord(
            int(row.id), int(row.owner_id), str(row.owner.name), str(row.name), int(row.layout),
            tiles, bool(row.shared), int(row.updated_us),
        )  # fmt: skip

    def list_views(self, user_id: int) -> list[ViewRecord]:
        """The user's views, then those others shared, each by name."""
        return [self._view(row) for row in self._visible(self.tables.views, user_id)]

    def get_view(self, view_id: int, user_id: int) -> ViewRecord:
        """A view the user owns or that is shared; NotFound otherwise."""
        return self._view(self._row(self.tables.views, "view", view_id, user_id))

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
        checked = check_tiles(layout, tiles)
        values = {
            "name": check_name(name, "view.name"),
            "layout": layout,
            "tiles": json.dumps([tile_json(t) for t in checked]),
            "shared": shared,
        }
        view_id = self._write(self.tables.views, "view", view_id, user_id, values)
        return self.get_view(view_id, self._owner_of(self.tables.views, "view", view_id))

    def check_shared(self, kind: str, row_id: int, field: str) -> None:
        """That ``row_id`` names a shared view or tour (``kind``): NotFound for an
        unknown one, InvalidArgument naming ``field`` for one only its owner sees."""
        model: _Model = self.tables.views if kind == "view" else self.tables.tours
        row = model.get_or_none(model.id == row_id)
        if row is None:
            raise NotFound(kind, row_id)
        if not row.shared:
            raise InvalidArgument(
                field, f"{kind} {str(row.name)!r} is not shared: a display shows shared ones"
            )

    def delete_view(self, view_id: int) -> None:
        self._delete(self.tables.views, "view", view_id)

    # -- tours -------------------------------------------------------------------------

    @staticmethod
    def _tour(row: Any) -> TourRecord:
        steps = tuple(TourStep(int(v), int(d)) for v, d in json.loads(row.steps))
        return TourRecord(
            int(row.id), int(row.owner_id), str(row.owner.name), str(row.name), steps,
            bool(row.shared), int(row.updated_us),
        )  # fmt: skip

    def list_tours(self, user_id: int) -> list[TourRecord]:
        """The user's tours, then those others shared, each by name."""
        return [self._tour(row) for row in self._visible(self.tables.tours, user_id)]

    def get_tour(self, tour_id: int, user_id: int) -> TourRecord:
        return self._tour(self._row(self.tables.tours, "tour", tour_id, user_id))

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
        }
        tour_id = self._write(self.tables.tours, "tour", tour_id, user_id, values)
        return self.get_tour(tour_id, self._owner_of(self.tables.tours, "tour", tour_id))

    def delete_tour(self, tour_id: int) -> None:
        self._delete(self.tables.tours, "tour", tour_id)
