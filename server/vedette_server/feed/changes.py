"""What the live feed says: resources of one kind were created, updated or deleted.

A change travels on the server's ``EventBus`` as a ``ServerEvent`` of kind
``RESOURCE_CHANGED`` whose ``facts["change"]`` is a ``ResourceChange``.

Invariants:
- ``ids`` empty means "reload every resource of the kind", never "nothing changed".
- The audience facts (``owners``, ``shared``, ``camera_id``) say who may see a change
  of a per-user or per-camera resource; they never leave the server.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from vedette_server.events import ServerEvent

RESOURCE_CHANGED = "resource.changed"


class ResourceKind(enum.Enum):
    """The proto's ``ResourceKind`` (values are its numbers)."""

    CAMERAS = 1
    CAMERA_STATUS = 2
    VIEWS = 3
    SETTINGS = 4
    VOLUMES = 5
    USERS = 6
    GROUPS = 7
    EXPORT_TASKS = 8
    TAGS = 9


class ChangeAction(enum.Enum):
    """The proto's ``ChangeAction`` (values are its numbers)."""

    CREATED = 1
    UPDATED = 2
    DELETED = 3


@dataclass(frozen=True)
class ResourceChange:
    kind: ResourceKind
    action: ChangeAction
    #: The resources' ids; empty: every resource of the kind.
    ids: tuple[int, ...] = ()
    #: Per-user resources (views, tours, export tasks): the user names it belongs to.
    owners: frozenset[str] = frozenset()
    #: Views and tours: listed to every user (now or before the change).
    shared: bool = False
    #: Tags: the camera they mark.
    camera_id: int | None = None

    @property
    def is_reload(self) -> bool:
        return not self.ids


def reload(kind: ResourceKind) -> ResourceChange:
    """The change that means "reload every resource of ``kind``"."""
    return ResourceChange(kind, ChangeAction.UPDATED)


def change_event(change: ResourceChange) -> ServerEvent:
    return ServerEvent(RESOURCE_CHANGED, {"change": change})


def change_of(event: ServerEvent) -> ResourceChange | None:
    """The change an event carries, or None for other events."""
    if event.kind != RESOURCE_CHANGED:
        return None
    change = event.facts.get("change")
    return change if isinstance(change, ResourceChange) else None
