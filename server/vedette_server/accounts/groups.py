"""Permission groups (USER-02): the three built-in groups and custom ones.

Every function blocks (catalog I/O); the server calls them on its catalog thread.

Invariants:
- The administrator group has every right and never changes; ``advanced`` and
  ``ordinary`` are editable but never deleted (the schema refuses it too).
- A group that users belong to is not deleted: the error names them.
- At most ``MAX_GROUPS`` groups exist (the manual's floor is 8).
- A group's PTZ priority is None (its users get the default for their rights,
  ``ptz/priority.py``) or within ``MIN_GROUP_PTZ_PRIORITY..MAX_GROUP_PTZ_PRIORITY``:
  below the administrators' own, so they stay the highest. The administrator group
  has none to set.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from peewee import fn

from vedette_server.accounts.rights import (
    ALL_RIGHTS,
    DEFAULT_ADVANCED_RIGHTS,
    DEFAULT_ORDINARY_RIGHTS,
    GroupRights,
    parse_rights,
)
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, PermissionGroup
from vedette_server.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    shown,
)
from vedette_server.names import check_name

MAX_GROUPS = 32
MAX_GROUP_NAME = 64
ADMINISTRATOR_GROUP_ID = 1
#: The PTZ priorities a group may be given (Milestone's 1..32 000; 32 000 is the
#: administrators', which no other group reaches).
MIN_GROUP_PTZ_PRIORITY = 1
ADMINISTRATORS_PTZ_PRIORITY = 32_000
MAX_GROUP_PTZ_PRIORITY = ADMINISTRATORS_PTZ_PRIORITY - 1


class GroupKind(enum.Enum):
    ADMINISTRATOR = "administrator"
    ADVANCED = "advanced"
    ORDINARY = "ordinary"
    CUSTOM = "custom"


class Keep(enum.Enum):
    """An update's "leave this field as it is"."""

    KEEP = "keep"


def check_ptz_priority(priority: int | None) -> int | None:
    """``priority`` when a group may have it (None: the default); ``InvalidArgument``."""
    if priority is None:
        return None
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise InvalidArgument("ptz_priority", f"must be an integer, got {shown(priority)}")
    if priority == ADMINISTRATORS_PTZ_PRIORITY:
        raise InvalidArgument(
            "ptz_priority",
            f"{priority} is the administrators' own; a group may have"
            f" {MIN_GROUP_PTZ_PRIORITY}..{MAX_GROUP_PTZ_PRIORITY}",
        )
    if not MIN_GROUP_PTZ_PRIORITY <= priority <= MAX_GROUP_PTZ_PRIORITY:
        raise InvalidArgument(
            "ptz_priority",
            f"must be within {MIN_GROUP_PTZ_PRIORITY}..{MAX_GROUP_PTZ_PRIORITY}, got {priority}",
        )
    return priority


class TooManyGroups(ResourceExhausted):
    error_reason = "TOO_MANY_GROUPS"
    fact_names = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__(f"this server already has {limit} permission groups, its maximum")
        self.limit = limit


@dataclass(frozen=True)
class GroupRecord:
    id: int
    name: str
    kind: GroupKind
    rights: GroupRights
    user_count: int
    created_us: int
    updated_us: int
    #: The priority its users control PTZ cameras at; None: the default for their
    #: rights; the administrator group's is always the administrators' own.
    ptz_priority: int | None = None


def _record(row: PermissionGroup, user_count: int) -> GroupRecord:
    kind = GroupKind(row.kind)
    rights = ALL_RIGHTS if kind is GroupKind.ADMINISTRATOR else parse_rights(row.rights)
    priority = None if row.ptz_priority is None else int(row.ptz_priority)
    if kind is GroupKind.ADMINISTRATOR:
        priority = ADMINISTRATORS_PTZ_PRIORITY
    return GroupRecord(
        int(row.id),
        str(row.name),
        kind,
        rights,
        user_count,
        row.created_us,
        row.updated_us,
        priority,
    )


def check_group_name(name: str) -> str:
    return check_name(name, "name", MAX_GROUP_NAME)


class PermissionGroups:
    def __init__(self, catalog: Catalog, clock: Callable[[], float] = time.time) -> None:
        self.catalog = catalog
        self._clock = clock

    def _now_us(self) -> int:
        return int(self._clock() * 1_000_000)

    def _counts(self) -> dict[int, int]:
        query = Account.select(Account.group, fn.count(Account.id)).group_by(Account.group)
        return {
            int(group): int(count) for group, count in query.tuples().execute(self.catalog.database)
        }

    def list_all(self) -> list[GroupRecord]:
        counts = self._counts()
        rows = PermissionGroup.select().order_by(PermissionGroup.id).execute(self.catalog.database)
        return [_record(row, counts.get(int(row.id), 0)) for row in rows]

    def get(self, group_id: int) -> GroupRecord:
        row = PermissionGroup.get_or_none(PermissionGroup.id == group_id)
        if row is None:
            raise NotFound("permission group", group_id)
        return _record(row, self._counts().get(group_id, 0))

    def _name_taken(self, name: str, except_id: int | None = None) -> bool:
        # The column's own collation (NOCASE: ASCII case-insensitive), as its UNIQUE uses.
        query = PermissionGroup.select().where(PermissionGroup.name == name)
        if except_id is not None:
            query = query.where(PermissionGroup.id != except_id)
        return bool(query.exists(self.catalog.database))

    def create(
        self,
        name: str,
        rights: GroupRights,
        *,
        copy_from: int | None = None,
        ptz_priority: int | None = None,
    ) -> GroupRecord:
        """Add a custom group; with ``copy_from``, a copy of that group's rights."""
        name = check_group_name(name)
        ptz_priority = check_ptz_priority(ptz_priority)
        with self.catalog.atomic():
            if copy_from is not None:
                rights = self.get(copy_from).rights
            if PermissionGroup.select().count(self.catalog.database) >= MAX_GROUPS:
                raise TooManyGroups(MAX_GROUPS)
            if self._name_taken(name):
                raise AlreadyExists("permission group", name)
            now_us = self._now_us()
            group_id = PermissionGroup.insert(
                name=name,
                kind=GroupKind.CUSTOM.value,
                rights=rights.to_json_text(),
                created_us=now_us,
                updated_us=now_us,
                ptz_priority=ptz_priority,
            ).execute(self.catalog.database)
        return self.get(int(group_id))

    def update(
        self,
        group_id: int,
        *,
        name: str | None = None,
        rights: GroupRights | None = None,
        ptz_priority: int | Keep | None = Keep.KEEP,
    ) -> GroupRecord:
        """Change the fields given; ``ptz_priority=None`` puts the default back."""
        if not isinstance(ptz_priority, Keep):
            ptz_priority = check_ptz_priority(ptz_priority)
        with self.catalog.atomic():
            group = self.get(group_id)
            if group.kind is GroupKind.ADMINISTRATOR:
                raise FailedPrecondition(
                    "the administrator group has every right and never changes",
                    error_reason="GROUP_BUILT_IN",
                    group=group.name,
                )
            changes: dict[object, object] = {PermissionGroup.updated_us: self._now_us()}
            if name is not None:
                name = check_group_name(name)
                if self._name_taken(name, except_id=group_id):
                    raise AlreadyExists("permission group", name)
                changes[PermissionGroup.name] = name
            if rights is not None:
                changes[PermissionGroup.rights] = rights.to_json_text()
            if not isinstance(ptz_priority, Keep):
                changes[PermissionGroup.ptz_priority] = ptz_priority
            PermissionGroup.update(changes).where(PermissionGroup.id == group_id).execute(
                self.catalog.database
            )
        return self.get(group_id)

    def delete(self, group_id: int) -> GroupRecord:
        with self.catalog.atomic():
            group = self.get(group_id)
            if group.kind is not GroupKind.CUSTOM:
                raise FailedPrecondition(
                    f"{group.name!r} is a built-in permission group and cannot be deleted",
                    error_reason="GROUP_BUILT_IN",
                    group=group.name,
                )
            members = [
                str(row.name)
                for row in Account.select(Account.name)
                .where(Account.group == group_id)
                .order_by(Account.name)
                .execute(self.catalog.database)
            ]
            if members:
                raise FailedPrecondition(
                    f"permission group {group.name!r} still has users: {', '.join(members)};"
                    " move them to another group first",
                    error_reason="GROUP_HAS_USERS",
                    group=group.name,
                    users=", ".join(members),
                )
            PermissionGroup.delete().where(PermissionGroup.id == group_id).execute(
                self.catalog.database
            )
        return group

    def forget_camera(self, camera_id: int) -> None:
        """Take a deleted camera out of every group's explicit camera lists."""
        with self.catalog.atomic():
            for group in self.list_all():
                if group.kind is GroupKind.ADMINISTRATOR:
                    continue
                rights = GroupRights(
                    group.rights.local.without_camera(camera_id),
                    group.rights.remote.without_camera(camera_id),
                )
                if rights != group.rights:
                    PermissionGroup.update(rights=rights.to_json_text()).where(
                        PermissionGroup.id == group.id
                    ).execute(self.catalog.database)

    def reset_defaults(self) -> None:
        """Factory reset: built-in groups get their default rights back, custom ones go.

        The caller moves users out of custom groups first.
        """
        now_us = self._now_us()
        db = self.catalog.database
        with self.catalog.atomic():
            PermissionGroup.delete().where(PermissionGroup.kind == GroupKind.CUSTOM.value).execute(
                db
            )
            for kind, rights in (
                (GroupKind.ADVANCED, DEFAULT_ADVANCED_RIGHTS),
                (GroupKind.ORDINARY, DEFAULT_ORDINARY_RIGHTS),
            ):
                PermissionGroup.update(
                    name=kind.value,
                    rights=rights.to_json_text(),
                    ptz_priority=None,
                    updated_us=now_us,
                ).where(PermissionGroup.kind == kind.value).execute(db)
            PermissionGroup.update(name=GroupKind.ADMINISTRATOR.value, updated_us=now_us).where(
                PermissionGroup.kind == GroupKind.ADMINISTRATOR.value
            ).execute(db)

    def builtin_id(self, kind: GroupKind) -> int:
        row = PermissionGroup.get(PermissionGroup.kind == kind.value)
        return int(row.id)
