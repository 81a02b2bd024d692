"""The one place that decides what a user may do: ``may(principal, right, camera)``.

A ``Principal`` is a logged-in user as the authorisation sees them at the moment of
a call: their effective rights in the session's scope (local or remote). The
``AccountDirectory`` builds principals from an in-memory snapshot of accounts and
groups, so checking a right never touches the database and never blocks the loop;
whoever changes accounts or groups calls ``reload()`` (on the catalog thread), which
swaps in a new snapshot in one assignment.

Invariants:
- Rights are evaluated at every call from the current snapshot: a disabled user, a
  deleted user or a changed group takes effect on the next call of every session.
- A user with permission control off, or in the administrator group, has every
  right (the manual, 10.1.2).
- A camera right is always checked against a camera id; an area right never is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

from vedette_server.accounts.groups import GroupKind, GroupRecord, PermissionGroups
from vedette_server.accounts.rights import (
    ALL_SCOPE_RIGHTS,
    Area,
    CameraRight,
    Scope,
    ScopeRights,
)
from vedette_server.accounts.users import UserRecord, Users
from vedette_server.errors import PermissionDenied


@dataclass(frozen=True)
class Principal:
    """A user during one call, with their effective rights in the session's scope."""

    user_id: int
    username: str
    scope: Scope
    rights: ScopeRights
    is_admin: bool = False
    #: Every right as the administrator group's (the admin user, that group, or
    #: permission control off).
    administrator: bool = False
    #: Their group's own PTZ priority; None: the default for their rights.
    group_ptz_priority: int | None = None

    def __repr__(self) -> str:
        return f"Principal({self.username!r}, {self.scope.value})"


@overload
def may(principal: Principal, right: Area, camera_id: None = None) -> bool: ...
@overload
def may(principal: Principal, right: CameraRight, camera_id: int) -> bool: ...
def may(principal: Principal, right: Area | CameraRight, camera_id: int | None = None) -> bool:
    """Whether ``principal`` has ``right`` (on ``camera_id`` for a camera right)."""
    if isinstance(right, Area):
        if camera_id is not None:
            raise TypeError("an area right is not checked against a camera")
        return principal.rights.has_area(right)
    if camera_id is None:
        raise TypeError(f"the camera right {right.value!r} needs a camera id")
    return principal.rights.may_camera(right, camera_id)


def require(principal: Principal, right: Area | CameraRight, camera_id: int | None = None) -> None:
    """Raise ``PermissionDenied`` naming what is missing unless ``may`` says yes."""
    if isinstance(right, Area):
        if not may(principal, right):
            raise PermissionDenied(
                f"user {principal.username!r} lacks the {right.value!r} right"
                f" ({principal.scope.value} sessions)",
                user=principal.username,
                area=right.value,
                scope=principal.scope.value,
            )
        return
    assert camera_id is not None
    if not may(principal, right, camera_id):
        raise PermissionDenied(
            f"user {principal.username!r} lacks the {right.value!r} right on camera"
            f" {camera_id} ({principal.scope.value} sessions)",
            user=principal.username,
            right=right.value,
            camera_id=camera_id,
            scope=principal.scope.value,
        )


def sees_camera(principal: Principal, camera_id: int) -> bool:
    """Whether the camera appears in the user's lists (any camera right on it)."""
    return principal.rights.sees_camera(camera_id)


@dataclass(frozen=True)
class _Snapshot:
    users: dict[int, UserRecord]
    groups: dict[int, GroupRecord]
    #: Sealed RTSP Digest HA1 of each enabled account, by name (rtsp re-streaming).
    sealed_ha1: dict[str, bytes] = field(default_factory=dict)
    #: Principals built from this snapshot (it never changes: a reload makes a new one).
    principals: dict[tuple[int, Scope], Principal | None] = field(default_factory=dict)


class AccountDirectory:
    """Accounts and groups in memory, for authorisation on the event loop."""

    def __init__(self, users: Users, groups: PermissionGroups) -> None:
        self.users = users
        self.groups = groups
        self._snapshot = _Snapshot({}, {})

    def reload(self) -> None:
        """Read every account and group again. Blocking: call on the catalog thread."""
        users = {u.id: u for u in self.users.list_all()}
        groups = {g.id: g for g in self.groups.list_all()}
        self._snapshot = _Snapshot(users, groups, self.users.sealed_digest_ha1s())

    def user(self, user_id: int) -> UserRecord | None:
        return self._snapshot.users.get(user_id)

    def user_named(self, name: str) -> UserRecord | None:
        return next((u for u in self._snapshot.users.values() if u.name == name), None)

    def sealed_digest_ha1(self, name: str) -> bytes | None:
        """The sealed Digest HA1 of an enabled account (None: unknown, disabled, or a
        password set before HA1s were kept)."""
        return self._snapshot.sealed_ha1.get(name)

    def principal(self, user_id: int, scope: Scope) -> Principal | None:
        """The user's principal now; ``None`` when the user is gone or disabled."""
        snapshot = self._snapshot
        key = (user_id, scope)
        if key in snapshot.principals:
            return snapshot.principals[key]
        found = self._build(snapshot, user_id, scope)
        snapshot.principals[key] = found
        return found

    @staticmethod
    def _build(snapshot: _Snapshot, user_id: int, scope: Scope) -> Principal | None:
        user = snapshot.users.get(user_id)
        if user is None or not user.enabled:
            return None
        group = snapshot.groups.get(user.group_id)
        kind = GroupKind.CUSTOM if group is None else group.kind
        administrator = (
            user.is_admin or not user.permission_control or kind is GroupKind.ADMINISTRATOR
        )
        if administrator:
            effective = ALL_SCOPE_RIGHTS
        elif group is None:
            effective = ScopeRights()
        else:
            effective = group.rights.for_scope(scope)
        return Principal(
            user.id,
            user.name,
            scope,
            effective,
            user.is_admin,
            administrator,
            None if group is None else group.ptz_priority,
        )
