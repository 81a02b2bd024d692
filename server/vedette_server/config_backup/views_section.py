"""Saved views and tours in the configuration document (SYS-07 with LIVE-06/07):
written on export, checked and diffed on preview, applied on import.

Ids differ between servers, so the document names things: a view by its owner's
user name and its name, a tile's camera by the camera's name, a tour step's view by
that view's owner and name::

    "views": [{"owner": "admin", "name": "Lobby", "layout": 4, "shared": true,
               "tiles": [{"index": 0, "camera": "Entrance", "stream": 0}]}]
    "tours": [{"owner": "admin", "name": "Night round", "shared": false,
               "steps": [{"view_owner": "admin", "view": "Lobby", "dwell_s": 10}]}]

Blocking (catalog); called by ``snapshot.ConfigSnapshots`` on the catalog thread.

Invariants:
- A document without ``views`` (written before they were backed up) leaves the
  saved views and tours as they are; one with them makes them exactly the
  document's (a view or tour not in it is removed, as users and groups are).
- Every view and tour is checked as ``SaveView``/``SaveTour`` check them (names,
  layouts, tiles, dwell times); a tile names a camera of the document, a view and a
  tour an owner among its users, a step a view of the document its tour's owner may
  see (their own, or a shared one). A bad one is refused naming it, before anything
  changes.
- A tile whose camera was deleted, or a step whose view was, is left out of the
  export: what the console shows of them now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from vedette_api import timestamps
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, SavedView, Tour
from vedette_server.errors import InvalidArgument
from vedette_server.names import check_name
from vedette_server.saved_views import (
    MIN_SEQUENCE,
    TileSequence,
    TourStep,
    ViewTile,
    check_steps,
    check_tiles,
    tile_from_json,
    tile_json,
)

#: ``(owner, name)`` of a view or tour, the owner's name in lower case.
Key = tuple[str, str]


@dataclass(frozen=True)
class SectionChange:
    kind: str  # view, tour
    name: str  # owner/name
    action: str  # add, change, remove
    fields: tuple[str, ...] = ()


def _key(owner: Any, name: Any) -> Key:
    return str(owner).lower(), str(name)


def _label(key: Key) -> str:
    return f"{key[0]}/{key[1]}"


# -- export ------------------------------------------------------------------------


def export_views(catalog: Catalog, camera_names: dict[int, str]) -> dict[str, list[Any]]:
    """``{"views": [...], "tours": [...]}`` of every user, in id order."""
    db = catalog.database
    owners = {int(a.id): str(a.name) for a in Account.select(Account.id, Account.name).execute(db)}
    views, view_keys = [], {}
    for row in SavedView.select().order_by(SavedView.id).execute(db):
        owner = owners[int(row.owner_id)]
        view_keys[int(row.id)] = (owner, str(row.name))
        tiles = []
        for tile in map(tile_from_json, json.loads(row.tiles)):
            if tile.camera_id not in camera_names:
                continue
            entry: dict[str, Any] = {
                "index": tile.index,
                "camera": camera_names[tile.camera_id],
                "stream": tile.stream,
            }
            if tile.sequence is not None:  # an in-tile sequence (LIVE-08), by names
                entry["sequence"] = {
                    "name": tile.sequence.name,
                    "cameras": [camera_names[c] for c in tile.camera_ids if c in camera_names],
                    "dwell_s": tile.sequence.dwell_s,
                }
            tiles.append(entry)
        views.append(
            {
                "owner": owner,
                "name": str(row.name),
                "layout": int(row.layout),
                "shared": bool(row.shared),
                "tiles": tiles,
            }
        )
    tours = []
    for row in Tour.select().order_by(Tour.id).execute(db):
        steps = [
            {"view_owner": view_keys[int(v)][0], "view": view_keys[int(v)][1], "dwell_s": int(d)}
            for v, d in json.loads(row.steps)
            if int(v) in view_keys
        ]
        tours.append(
            {
                "owner": owners[int(row.owner_id)],
                "name": str(row.name),
                "shared": bool(row.shared),
                "steps": steps,
            }
        )
    return {"views": views, "tours": tours}


# -- checks ------------------------------------------------------------------------


def check_views(document: dict[str, Any], cameras: dict[str, int], users: set[str]) -> None:
    """Refuse (``InvalidArgument`` naming the item) a bad ``views``/``tours`` section.

    ``cameras``: the document's camera names (lower case) → stand-in ids;
    ``users``: its user names, lower case."""
    if "views" not in document and "tours" not in document:
        return
    views, tours = document.get("views", []), document.get("tours", [])
    if not isinstance(views, list) or not isinstance(tours, list):
        raise InvalidArgument("data", "views and tours must be lists")
    shared: dict[Key, bool] = {}
    for index, view in enumerate(views):
        where = f"views[{index}]"
        key = _owned(view, where, users)
        if key in shared:
            raise InvalidArgument(where, f"view {_label(key)!r} is given twice")
        _tiles(view, where, cameras)
        shared[key] = bool(view.get("shared", False))
    seen: set[Key] = set()
    for index, tour in enumerate(tours):
        where = f"tours[{index}]"
        key = _owned(tour, where, users)
        if key in seen:
            raise InvalidArgument(where, f"tour {_label(key)!r} is given twice")
        seen.add(key)
        for step in _steps(tour, where):
            view = _key(step["view_owner"], step["view"])
            if view not in shared or (view[0] != key[0] and not shared[view]):
                raise InvalidArgument(
                    f"{where}.steps",
                    f"view {_label(view)!r} is not a view of the file its owner may see",
                )


def _owned(item: Any, where: str, users: set[str]) -> Key:
    if not isinstance(item, dict):
        raise InvalidArgument(where, "expected an object")
    owner = str(item.get("owner", ""))
    if owner.lower() not in users:
        raise InvalidArgument(f"{where}.owner", f"{owner[:64]!r} is not a user of the file")
    try:
        name = check_name(str(item.get("name", "")), f"{where}.name")
    except InvalidArgument as error:
        raise InvalidArgument(where, str(error)) from None
    return _key(owner, name)


def _tiles(view: dict[str, Any], where: str, cameras: dict[str, int]) -> tuple[ViewTile, ...]:
    tiles = []
    for tile in view.get("tiles", []):
        camera = str(tile["camera"])
        if camera.lower() not in cameras:
            raise InvalidArgument(f"{where}.tiles", f"camera {camera[:64]!r} is not in the file")
        sequence = None
        if isinstance(tile.get("sequence"), dict):
            data = tile["sequence"]
            found = [cameras[str(c).lower()] for c in data.get("cameras", [])
                     if str(c).lower() in cameras]  # fmt: skip
            if len(found) >= MIN_SEQUENCE:  # cameras left out of the file: a plain tile
                sequence = TileSequence(str(data.get("name", "")), tuple(found),
                                        int(data.get("dwell_s", 0)))  # fmt: skip
        index, camera_id = int(tile["index"]), cameras[camera.lower()]
        tiles.append(ViewTile(index, camera_id, int(tile["stream"]), sequence))
    try:
        return check_tiles(int(view.get("layout", 0)), tiles)
    except InvalidArgument as error:
        raise InvalidArgument(where, str(error)) from None


def _steps(tour: dict[str, Any], where: str) -> list[dict[str, Any]]:
    steps = tour.get("steps")
    if not isinstance(steps, list):
        raise InvalidArgument(f"{where}.steps", "expected a list")
    try:
        check_steps([TourStep(0, int(s["dwell_s"])) for s in steps])
    except InvalidArgument as error:
        raise InvalidArgument(where, str(error)) from None
    return steps


# -- preview -----------------------------------------------------------------------


def view_changes(document: dict[str, Any], current: dict[str, Any]) -> list[SectionChange]:
    """What importing ``document`` changes in the views and tours (``current`` holds
    ``export_views`` of this server)."""
    if "views" not in document and "tours" not in document:
        return []
    changes = []
    for kind, key in (("view", "views"), ("tour", "tours")):
        old = {_key(o["owner"], o["name"]): o for o in current[key]}
        new = {_key(n["owner"], n["name"]): n for n in document.get(key, [])}
        for name, item in new.items():
            if name not in old:
                changes.append(SectionChange(kind, _label(name), "add"))
                continue
            fields = tuple(
                k
                for k in sorted(item)
                if k not in ("owner", "name") and item[k] != old[name].get(k)
            )
            if fields:
                changes.append(SectionChange(kind, _label(name), "change", fields))
        changes += [SectionChange(kind, _label(name), "remove") for name in old if name not in new]
    return changes


# -- import ------------------------------------------------------------------------


def apply_views(catalog: Catalog, document: dict[str, Any], camera_ids: dict[str, int]) -> None:
    """Make the saved views and tours the document's (inside the caller's transaction,
    after its cameras and users: ``camera_ids`` maps their names, lower case, to ids)."""
    if "views" not in document and "tours" not in document:
        return
    db = catalog.database
    users = {str(a.name).lower(): int(a.id) for a in Account.select().execute(db)}
    now_us = timestamps.now_us()
    view_ids: dict[Key, int] = {}
    for view in document.get("views", []):
        key = _key(view["owner"], view["name"])
        tiles = _tiles(view, "views", camera_ids)
        values = {
            "layout": int(view["layout"]),
            "tiles": json.dumps([tile_json(t) for t in tiles]),
            "shared": bool(view.get("shared", False)),
            "updated_us": now_us,
        }
        view_ids[key] = _upsert(SavedView, users[key[0]], key[1], values)
    tour_ids = []
    for tour in document.get("tours", []):
        key = _key(tour["owner"], tour["name"])
        steps = [
            [view_ids[_key(s["view_owner"], s["view"])], int(s["dwell_s"])] for s in tour["steps"]
        ]
        values = {
            "steps": json.dumps(steps),
            "shared": bool(tour.get("shared", False)),
            "updated_us": now_us,
        }
        tour_ids.append(_upsert(Tour, users[key[0]], key[1], values))
    Tour.delete().where(Tour.id.not_in(tour_ids)).execute(db)
    SavedView.delete().where(SavedView.id.not_in(list(view_ids.values()))).execute(db)


def _upsert(
    model: type[SavedView] | type[Tour], owner_id: int, name: str, values: dict[str, Any]
) -> int:
    row = model.get_or_none((model.owner == owner_id) & (model.name == name))
    if row is None:
        return int(model.insert(owner=owner_id, name=name, **values).execute())
    model.update(**values).where(model.id == row.id).execute()
    return int(row.id)
