"""Who may see which change on the live feed: the rights of the lists the change is
about, so a subscriber learns nothing its ``List*`` calls would not show it.

- cameras and camera status: the cameras the user sees (``sees_camera``); a change
  of several cameras is narrowed to those;
- views and tours: their owner, and everyone for a shared one;
- settings: everyone (``GetSettings`` shows each the sections their rights allow);
- volumes and disk groups: the disks or the system area;
- users and groups: the accounts area;
- export tasks: their creator, and the system area;
- tags: the playback right on the tag's camera.

A reload (no ids) of a kind goes to everyone who may watch that kind.
"""

from __future__ import annotations

from dataclasses import replace

from vedette_server.accounts.authorization import Principal, may, sees_camera
from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.feed.changes import ResourceChange, ResourceKind


def may_watch(principal: Principal, kind: ResourceKind) -> bool:
    """Whether any change of ``kind`` may reach ``principal``."""
    if kind in (ResourceKind.USERS, ResourceKind.GROUPS):
        return may(principal, Area.ACCOUNTS)
    if kind is ResourceKind.VOLUMES:
        return may(principal, Area.DISKS) or may(principal, Area.SYSTEM)
    return True


def visible_part(principal: Principal, change: ResourceChange) -> ResourceChange | None:
    """What ``principal`` may see of ``change``: the change, the change narrowed to
    the cameras they see, or None."""
    if not may_watch(principal, change.kind):
        return None
    if change.is_reload:
        return change
    kind = change.kind
    if kind in (ResourceKind.CAMERAS, ResourceKind.CAMERA_STATUS):
        seen = tuple(i for i in change.ids if sees_camera(principal, i))
        if not seen:
            return None
        return change if seen == change.ids else replace(change, ids=seen)
    if kind is ResourceKind.VIEWS:
        return change if change.shared or principal.username in change.owners else None
    if kind is ResourceKind.EXPORT_TASKS:
        if principal.username in change.owners or may(principal, Area.SYSTEM):
            return change
        return None
    if kind is ResourceKind.TAGS:
        camera_id = change.camera_id
        if camera_id is not None and may(principal, CameraRight.PLAYBACK, camera_id):
            return change
        return None
    return change
