"""The ``AccountService`` part of ``vedette_api.Client``: users, groups, sessions.

Every method blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from google.protobuf import field_mask_pb2

from vedette_api.client.calls import ServiceCalls, apply_changes
from vedette_api.errors import InvalidArgument, NotFound
from vedette_api.v1 import accounts_pb2, accounts_pb2_grpc, auth_pb2

#: Area names as the CLI and CMS scripts write them.
AREAS: dict[str, int] = {
    "cameras": accounts_pb2.AREA_CAMERAS,
    "recording": accounts_pb2.AREA_RECORDING,
    "disks": accounts_pb2.AREA_DISKS,
    "alarms": accounts_pb2.AREA_ALARMS,
    "network": accounts_pb2.AREA_NETWORK,
    "accounts": accounts_pb2.AREA_ACCOUNTS,
    "system": accounts_pb2.AREA_SYSTEM,
    "logs": accounts_pb2.AREA_LOGS,
    "alarm_view": accounts_pb2.AREA_ALARM_VIEW,
    "alarm_handle": accounts_pb2.AREA_ALARM_HANDLE,
    "io_control": accounts_pb2.AREA_IO_CONTROL,
}
CAMERA_RIGHTS: dict[str, int] = {
    "live": accounts_pb2.CAMERA_RIGHT_LIVE,
    "playback": accounts_pb2.CAMERA_RIGHT_PLAYBACK,
    "export": accounts_pb2.CAMERA_RIGHT_EXPORT,
    "ptz": accounts_pb2.CAMERA_RIGHT_PTZ,
    "audio": accounts_pb2.CAMERA_RIGHT_AUDIO,
    "unmasked": accounts_pb2.CAMERA_RIGHT_UNMASKED,
}


def make_rights(
    areas: Iterable[str] = (), cameras: Mapping[str, str | Iterable[int]] | None = None
) -> accounts_pb2.Rights:
    """A ``Rights`` message from names: ``make_rights(["logs"], {"live": "all",
    "playback": [1, 2]})``. Raises ``InvalidArgument`` for an unknown name."""
    message = accounts_pb2.Rights()
    for area in areas:
        if area not in AREAS:
            raise InvalidArgument(f"unknown area {area!r}; one of {', '.join(AREAS)}")
        message.areas.append(AREAS[area])
    for right, ids in (cameras or {}).items():
        if right not in CAMERA_RIGHTS:
            known = ", ".join(CAMERA_RIGHTS)
            raise InvalidArgument(f"unknown camera right {right!r}; one of {known}")
        if ids == "all":
            message.cameras.add(right=CAMERA_RIGHTS[right], all_cameras=True)
        else:
            message.cameras.add(right=CAMERA_RIGHTS[right], camera_ids=list(ids))
    return message


class AccountCalls(ServiceCalls):
    _accounts: accounts_pb2_grpc.AccountServiceStub

    # -- users --------------------------------------------------------------------------

    def list_users(self) -> list[accounts_pb2.User]:
        """Every user, ordered by id (needs the accounts right)."""
        request = accounts_pb2.ListUsersRequest()
        return list(self._paginate(self._accounts.ListUsers, request, "users"))

    def get_user(self, user_id: int) -> accounts_pb2.User:
        return self._call(self._accounts.GetUser, accounts_pb2.GetUserRequest(user_id=user_id)).user

    def find_user(self, ref: str | int) -> accounts_pb2.User:
        """The user whose id, or else whose name (case-insensitive), is ``ref``."""
        text = str(ref).strip()
        users = self.list_users()
        for user in users:
            if text.isdigit() and user.id == int(text):
                return user
        for user in users:
            if user.name.casefold() == text.casefold():
                return user
        raise NotFound(f"no user has the id or name {text!r}")

    def create_user(
        self,
        name: str,
        password: str,
        *,
        group_id: int,
        enabled: bool = True,
        permission_control: bool = True,
        email: str = "",
        mac_binding: str = "",
        note: str = "",
    ) -> accounts_pb2.User:
        user = accounts_pb2.User(
            name=name,
            password=password,
            group_id=group_id,
            enabled=enabled,
            permission_control=permission_control,
            email=email,
            mac_binding=mac_binding,
            note=note,
        )
        return self._call(self._accounts.CreateUser, accounts_pb2.CreateUserRequest(user=user)).user

    def update_user(self, user_id: int, **changes: Any) -> accounts_pb2.User:
        """Change the fields given (not ``None``): group_id, enabled,
        permission_control, email, mac_binding, note."""
        user = accounts_pb2.User(id=user_id)
        mask = apply_changes(user, changes, method="update_user")
        request = accounts_pb2.UpdateUserRequest(user=user, update_mask=mask)
        return self._call(self._accounts.UpdateUser, request).user

    def delete_user(self, user_id: int) -> None:
        self._call(self._accounts.DeleteUser, accounts_pb2.DeleteUserRequest(user_id=user_id))

    def reset_password(self, user_id: int, new_password: str) -> None:
        request = accounts_pb2.ResetPasswordRequest(user_id=user_id, new_password=new_password)
        self._call(self._accounts.ResetPassword, request)

    def get_my_account(self) -> accounts_pb2.GetMyAccountResponse:
        """The caller's account, effective rights and session scope."""
        return self._call(self._accounts.GetMyAccount, accounts_pb2.GetMyAccountRequest())

    def change_my_password(self, current_password: str, new_password: str) -> None:
        request = accounts_pb2.ChangeMyPasswordRequest(
            current_password=current_password, new_password=new_password
        )
        self._call(self._accounts.ChangeMyPassword, request)

    def set_my_recovery_questions(
        self, current_password: str, questions: Iterable[tuple[str, str]]
    ) -> None:
        """Set the caller's three password recovery questions, as (question, answer)
        pairs (USER-03; FAILED_PRECONDITION on a server that is not an appliance)."""
        request = accounts_pb2.SetMyRecoveryQuestionsRequest(
            current_password=current_password,
            questions=[auth_pb2.RecoveryQuestion(question=q, answer=a) for q, a in questions],
        )
        self._call(self._accounts.SetMyRecoveryQuestions, request)

    # -- groups -------------------------------------------------------------------------

    def list_groups(self) -> list[accounts_pb2.Group]:
        request = accounts_pb2.ListGroupsRequest()
        return list(self._paginate(self._accounts.ListGroups, request, "groups"))

    def get_group(self, group_id: int) -> accounts_pb2.Group:
        request = accounts_pb2.GetGroupRequest(group_id=group_id)
        return self._call(self._accounts.GetGroup, request).group

    def find_group(self, ref: str | int) -> accounts_pb2.Group:
        """The group whose id, or else whose name (case-insensitive), is ``ref``."""
        text = str(ref).strip()
        groups = self.list_groups()
        for group in groups:
            if text.isdigit() and group.id == int(text):
                return group
        for group in groups:
            if group.name.casefold() == text.casefold():
                return group
        raise NotFound(f"no permission group has the id or name {text!r}")

    def create_group(
        self,
        name: str,
        *,
        local_rights: accounts_pb2.Rights | None = None,
        remote_rights: accounts_pb2.Rights | None = None,
        copy_from_group_id: int = 0,
        ptz_priority: int | None = None,
    ) -> accounts_pb2.Group:
        """A custom group with these rights, or a copy of another's ("save as");
        ``ptz_priority`` None: the default for its rights."""
        group = accounts_pb2.Group(
            name=name,
            local_rights=local_rights,
            remote_rights=remote_rights,
            ptz_priority=ptz_priority,
        )
        request = accounts_pb2.CreateGroupRequest(
            group=group, copy_from_group_id=copy_from_group_id
        )
        return self._call(self._accounts.CreateGroup, request).group

    def update_group(
        self,
        group_id: int,
        *,
        name: str | None = None,
        local_rights: accounts_pb2.Rights | None = None,
        remote_rights: accounts_pb2.Rights | None = None,
        ptz_priority: int | Literal["default"] | None = None,
    ) -> accounts_pb2.Group:
        """Change the fields given (not ``None``) of a group; ``ptz_priority="default"``
        takes its own PTZ priority away (its users get the default for its rights)."""
        group = accounts_pb2.Group(id=group_id)
        changes = {
            "name": name,
            "local_rights": local_rights,
            "remote_rights": remote_rights,
            "ptz_priority": None if ptz_priority == "default" else ptz_priority,
        }
        if ptz_priority == "default" and all(v is None for v in changes.values()):
            mask = field_mask_pb2.FieldMask()
        else:
            mask = apply_changes(group, changes, method="update_group")
        if ptz_priority == "default":
            mask = field_mask_pb2.FieldMask(paths=sorted([*mask.paths, "ptz_priority"]))
        request = accounts_pb2.UpdateGroupRequest(group=group, update_mask=mask)
        return self._call(self._accounts.UpdateGroup, request).group

    def delete_group(self, group_id: int) -> None:
        self._call(self._accounts.DeleteGroup, accounts_pb2.DeleteGroupRequest(group_id=group_id))

    # -- sessions -----------------------------------------------------------------------

    def list_sessions(self) -> list[accounts_pb2.Session]:
        request = accounts_pb2.ListSessionsRequest()
        return list(self._paginate(self._accounts.ListSessions, request, "sessions"))

    def end_session(self, session_id: str) -> None:
        request = accounts_pb2.EndSessionRequest(session_id=session_id)
        self._call(self._accounts.EndSession, request)
