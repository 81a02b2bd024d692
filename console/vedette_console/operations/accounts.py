"""Accounts (USER-01..06): what the Accounts settings pages ask the server's
``AccountService`` (SDK ``AccountCalls``) — users, permission groups, open sessions,
the caller's own password and recovery questions — and the access filter, which is a
section of the settings (``SystemService.UpdateSettings``, path ``access_filter``).

Passwords and recovery answers are only ever sent, never read back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import accounts_pb2, cameras_pb2, system_pb2
from vedette_console.credentials import replace_remembered_password
from vedette_console.operations.server_op import ServerOp


@dataclass(frozen=True)
class UsersData:
    """What the users page shows: the users and the groups they may be put in."""

    users: list[accounts_pb2.User]
    groups: list[accounts_pb2.Group]


def load_users(*, parent: QObject | None) -> ServerOp[UsersData]:
    return ServerOp(parent, lambda client: UsersData(client.list_users(), client.list_groups()))


@dataclass(frozen=True)
class UserForm:
    """The user dialog's values. ``password`` is used only for a new user."""

    name: str
    group_id: int
    enabled: bool
    mac_binding: str
    email: str = ""
    note: str = ""
    password: str = ""


def create_user(*, parent: QObject | None, form: UserForm) -> ServerOp[accounts_pb2.User]:
    return ServerOp(
        parent,
        lambda client: client.create_user(
            form.name,
            form.password,
            group_id=form.group_id,
            enabled=form.enabled,
            email=form.email,
            mac_binding=form.mac_binding,
            note=form.note,
        ),
    )


def update_user(
    *, parent: QObject | None, user_id: int, form: UserForm
) -> ServerOp[accounts_pb2.User]:
    return ServerOp(
        parent,
        lambda client: client.update_user(
            user_id,
            group_id=form.group_id,
            enabled=form.enabled,
            email=form.email,
            mac_binding=form.mac_binding,
            note=form.note,
        ),
    )


def set_user_enabled(
    *, parent: QObject | None, user_id: int, enabled: bool
) -> ServerOp[accounts_pb2.User]:
    return ServerOp(parent, lambda client: client.update_user(user_id, enabled=enabled))


def delete_user(*, parent: QObject | None, user_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_user(user_id))


def reset_password(*, parent: QObject | None, user_id: int, password: str) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.reset_password(user_id, password))


# -- groups ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupsData:
    """What the groups page shows: the groups and the cameras rights can name."""

    groups: list[accounts_pb2.Group]
    cameras: list[cameras_pb2.Camera]


def load_groups(*, parent: QObject | None) -> ServerOp[GroupsData]:
    return ServerOp(
        parent, lambda client: GroupsData(client.list_groups(), list(client.list_cameras()))
    )


def create_group(
    *, parent: QObject | None, name: str, copy_from_group_id: int = 0
) -> ServerOp[accounts_pb2.Group]:
    """A new custom group without rights, or a copy of another's ("save as")."""
    return ServerOp(
        parent,
        lambda client: client.create_group(
            name,
            local_rights=accounts_pb2.Rights(),
            remote_rights=accounts_pb2.Rights(),
            copy_from_group_id=copy_from_group_id,
        ),
    )


def update_group(
    *,
    parent: QObject | None,
    group_id: int,
    name: str,
    local_rights: accounts_pb2.Rights,
    remote_rights: accounts_pb2.Rights,
    ptz_priority: int | None = None,
) -> ServerOp[accounts_pb2.Group]:
    """Name and rights; ``ptz_priority`` None: the default for the group's rights."""
    return ServerOp(
        parent,
        lambda client: client.update_group(
            group_id,
            name=name,
            local_rights=local_rights,
            remote_rights=remote_rights,
            ptz_priority="default" if ptz_priority is None else ptz_priority,
        ),
    )


def delete_group(*, parent: QObject | None, group_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.delete_group(group_id))


# -- sessions --------------------------------------------------------------------------


def load_sessions(*, parent: QObject | None) -> ServerOp[list[accounts_pb2.Session]]:
    return ServerOp(parent, lambda client: client.list_sessions())


def end_session(*, parent: QObject | None, session_id: str) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.end_session(session_id))


# -- access filter ---------------------------------------------------------------------


def load_access_filter(*, parent: QObject | None) -> ServerOp[system_pb2.AccessFilter]:
    return ServerOp(parent, lambda client: client.get_settings().access_filter)


def save_access_filter(
    *, parent: QObject | None, access_filter: system_pb2.AccessFilter
) -> ServerOp[system_pb2.AccessFilter]:
    """Replace the whole filter; the server refuses one that would lock out the caller."""

    def work(client: Client) -> system_pb2.AccessFilter:
        settings = system_pb2.Settings(access_filter=access_filter)
        return client.update_settings(settings, ["access_filter"]).settings.access_filter

    return ServerOp(parent, work)


# -- my account ------------------------------------------------------------------------


def load_my_account(*, parent: QObject | None) -> ServerOp[accounts_pb2.GetMyAccountResponse]:
    return ServerOp(parent, lambda client: client.get_my_account())


def change_my_password(
    *,
    parent: QObject | None,
    current: str,
    new: str,
    remembered_as: tuple[str, str] | None = None,
) -> ServerOp[None]:
    """Change the caller's password. ``remembered_as`` (the address and user name
    signed in with): a keychain entry that held the old password then holds the new
    one, so the next sign-in still works."""

    def work(client: Client) -> None:
        client.change_my_password(current, new)
        if remembered_as is not None:
            replace_remembered_password(*remembered_as, current, new)

    return ServerOp(parent, work)


def set_my_recovery_questions(
    *, parent: QObject | None, current_password: str, questions: list[tuple[str, str]]
) -> ServerOp[None]:
    """Three (question, answer) pairs (USER-03, the appliance only)."""
    return ServerOp(
        parent, lambda client: client.set_my_recovery_questions(current_password, questions)
    )
