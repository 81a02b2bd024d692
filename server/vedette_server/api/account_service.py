"""AccountService: users, permission groups and sessions (USER-01, 02, 03, 06).

Thin: translates protobuf and calls ``vedette_server.accounts``. Catalog work runs
on the catalog thread, password hashing on the Argon2 pool; after every change
the account directory is reloaded (on the catalog thread), so rights change at the
next call of every session. A user's sessions end when they are disabled, deleted or
get a new password.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import grpc

from vedette_api.v1 import accounts_pb2, accounts_pb2_grpc
from vedette_server.accounts.authorization import AccountDirectory, Principal
from vedette_server.accounts.groups import Keep, PermissionGroups
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.recovery import Recovery
from vedette_server.accounts.rights import GroupRights, ScopeRights
from vedette_server.accounts.throttle import LoginThrottled
from vedette_server.accounts.users import UserChanges, Users
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.paging import page
from vedette_server.api.rights_convert import (
    group_message,
    rights_from_message,
    rights_message,
    user_message,
)
from vedette_server.api.sessions import LoginSession, SessionTable
from vedette_server.api.status import unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
)
from vedette_server.security.password_pool import PasswordWork

T = TypeVar("T")
_USER_FIELDS = {"group_id", "enabled", "permission_control", "email", "mac_binding", "note"}
_GROUP_FIELDS = {"name", "local_rights", "remote_rights", "ptz_priority"}


def _mask(request_mask: Any, allowed: set[str]) -> set[str]:
    fields = set(request_mask.paths)
    unknown = fields - allowed
    if unknown:
        raise InvalidArgument("update_mask", f"cannot update {', '.join(sorted(unknown))}")
    if not fields:
        raise InvalidArgument("update_mask", "names no field to update")
    return fields


def _session_message(session: LoginSession, current: LoginSession) -> accounts_pb2.Session:
    return accounts_pb2.Session(
        id=session.id,
        username=session.user,
        peer=session.peer,
        local_session=session.scope.value == "local",
        login_time=timestamp(int(session.created_s * 1e6)),
        last_activity_time=timestamp(int(session.last_seen_s * 1e6)),
        expire_time=timestamp(int(session.expires_s * 1e6)),
        live_streams=sum(session.live.values()),
        playback_streams=sum(session.playback.values()),
        live_camera_ids=sorted(c for c, n in session.live.items() if n > 0),
        playback_camera_ids=sorted(c for c, n in session.playback.items() if n > 0),
        current=session is current,
    )


class AccountServicer(accounts_pb2_grpc.AccountServiceServicer):
    def __init__(
        self,
        users: Users,
        groups: PermissionGroups,
        directory: AccountDirectory,
        sessions: SessionTable,
        thread: CatalogThread,
        passwords: PasswordWork,
        guard: LoginGuard,
        *,
        recovery: Recovery | None = None,
    ) -> None:
        """``recovery``: the recovery questions, on an appliance only (None elsewhere)."""
        self._recovery = recovery
        self.users = users
        self.groups = groups
        self.directory = directory
        self.sessions = sessions
        self.thread = thread
        self._passwords = passwords
        self._guard = guard

    async def _change(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a change on the catalog thread, then reload the directory there."""

        def change_and_reload() -> T:
            try:
                return fn(*args)
            finally:
                self.directory.reload()

        return await self.thread.call(change_and_reload)

    async def _hash(self, name: str, password: str, field: str) -> Any:
        return await self._passwords.run(self.users.prepare_password, name, password, field=field)

    # -- users -----------------------------------------------------------------------

    @unary
    async def ListUsers(
        self, request: accounts_pb2.ListUsersRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.ListUsersResponse:
        users = await self.thread.call(self.users.list_all)
        items, token = page(users, request.page_size, request.page_token)
        return accounts_pb2.ListUsersResponse(
            users=[user_message(u) for u in items], next_page_token=token
        )

    @unary
    async def GetUser(
        self, request: accounts_pb2.GetUserRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.GetUserResponse:
        user = await self.thread.call(self.users.get, request.user_id)
        return accounts_pb2.GetUserResponse(user=user_message(user))

    @unary
    async def CreateUser(
        self, request: accounts_pb2.CreateUserRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.CreateUserResponse:
        spec = request.user
        if not spec.name:
            raise InvalidArgument("user.name", "is required")
        if not spec.group_id:
            raise InvalidArgument("user.group_id", "is required")
        # Fail closed: a request that does not say otherwise gets exactly its group's
        # rights. Every right regardless of group takes `permission_control: false`,
        # set explicitly (and written to the audit log as such).
        every_right = spec.HasField("permission_control") and not spec.permission_control
        prepared = await self._hash(spec.name, spec.password, "user.password")
        user = await self._change(
            lambda: self.users.create(
                spec.name,
                prepared,
                group_id=spec.group_id,
                enabled=spec.enabled,
                permission_control=not every_right,
                email=spec.email,
                mac_binding=spec.mac_binding,
                note=spec.note,
            )
        )
        who = call_context.principal().username
        rights = " with every right (permission control off)" if not user.permission_control else ""
        call_context.note(
            message=f"{who} added user {user.name} (group {user.group_id}){rights}",
            after=_user_detail(user_message(user)),
        )
        return accounts_pb2.CreateUserResponse(user=user_message(user))

    @unary
    async def UpdateUser(
        self, request: accounts_pb2.UpdateUserRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.UpdateUserResponse:
        fields = _mask(request.update_mask, _USER_FIELDS)
        spec = request.user
        before = await self.thread.call(self.users.get, spec.id)
        changes = UserChanges(**{name: getattr(spec, name) for name in fields})
        user = await self._change(self.users.update, spec.id, changes)
        if not user.enabled:
            self.sessions.end_for_user(user.id)
        call_context.note(
            message=f"{call_context.principal().username} changed user {user.name}:"
            f" {', '.join(sorted(fields))}",
            before=_user_detail(user_message(before), fields),
            after=_user_detail(user_message(user), fields),
        )
        return accounts_pb2.UpdateUserResponse(user=user_message(user))

    @unary
    async def DeleteUser(
        self, request: accounts_pb2.DeleteUserRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.DeleteUserResponse:
        if request.user_id == call_context.principal().user_id:
            raise FailedPrecondition(
                "you cannot delete your own account", error_reason="OWN_ACCOUNT"
            )
        user = await self._change(self.users.delete, request.user_id)
        self.sessions.end_for_user(user.id)
        call_context.note(
            message=f"{call_context.principal().username} deleted user {user.name}",
            before=_user_detail(user_message(user)),
        )
        return accounts_pb2.DeleteUserResponse()

    @unary
    async def ResetPassword(
        self, request: accounts_pb2.ResetPasswordRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.ResetPasswordResponse:
        who = call_context.principal()
        if request.user_id == who.user_id:
            # A session alone must not set its account's password: ChangeMyPassword asks
            # for the current one (a taken-over session could otherwise keep the account).
            raise FailedPrecondition(
                "you change your own password with ChangeMyPassword, which asks for the"
                " current one",
                error_reason="OWN_ACCOUNT",
            )
        user = await self.thread.call(self.users.get, request.user_id)
        if user.is_admin:
            raise FailedPrecondition(
                "the admin account's password is changed by the admin (ChangeMyPassword)"
                " or recovered on the appliance, never reset by another user",
                error_reason="ADMIN_PROTECTED",
            )
        prepared = await self._hash(user.name, request.new_password, "new_password")
        await self._change(self.users.set_password, user.id, prepared)
        self.sessions.end_for_user(user.id)
        call_context.note(message=f"password of {user.name} reset")
        return accounts_pb2.ResetPasswordResponse()

    @unary
    async def GetMyAccount(
        self, request: accounts_pb2.GetMyAccountRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.GetMyAccountResponse:
        who = call_context.principal()
        user = self.directory.user(who.user_id)
        if user is None:
            raise NotFound("user", who.user_id)
        return accounts_pb2.GetMyAccountResponse(
            user=user_message(user),
            rights=rights_message(who.rights),
            local_session=who.scope.value == "local",
        )

    @unary
    async def ChangeMyPassword(
        self, request: accounts_pb2.ChangeMyPasswordRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.ChangeMyPasswordResponse:
        who = call_context.principal()
        await self._check_current_password(who, request.current_password)
        prepared = await self._hash(who.username, request.new_password, "new_password")
        await self._change(self.users.set_password, who.user_id, prepared)
        self.sessions.end_for_user(who.user_id, keep=call_context.session())
        return accounts_pb2.ChangeMyPasswordResponse()

    @unary
    async def SetMyRecoveryQuestions(
        self,
        request: accounts_pb2.SetMyRecoveryQuestionsRequest,
        context: grpc.aio.ServicerContext,
    ) -> accounts_pb2.SetMyRecoveryQuestionsResponse:
        if self._recovery is None:
            raise FailedPrecondition(
                "recovery questions are an appliance's (a server that controls its host's"
                " time, --host-control); this server is not one"
            )
        recovery = self._recovery
        who = call_context.principal()
        await self._check_current_password(who, request.current_password)
        pairs = [(q.question, q.answer) for q in request.questions]
        hashed = await self._passwords.run(recovery.hash_answers, pairs)
        await self.thread.call(recovery.set, who.user_id, hashed)
        call_context.note(message=f"{who.username} set their password recovery questions")
        return accounts_pb2.SetMyRecoveryQuestionsResponse()

    async def _check_current_password(self, who: Principal, password: str) -> None:
        """The caller's current password, checked like a login (the login guard)."""
        if not password:
            raise InvalidArgument("current_password", "is required")
        peer = call_context.peer()
        # The current password is a password check like a login: a stolen session
        # must not be a way to guess it without the lockout.
        try:
            attempt = self._guard.begin(who.username, address_key(peer.ip if peer else None))
        except LoginThrottled as refused:
            raise ResourceExhausted(
                f"{refused}; try again in {math.ceil(refused.retry_after_s)} s",
                error_reason="LOGIN_THROTTLED",
                retry_after_s=math.ceil(refused.retry_after_s),
            ) from None
        try:
            checked = await self._passwords.run(self.users.verify_login, who.username, password)
        except BaseException:
            attempt.abandon()
            raise
        if checked is None or checked.id != who.user_id:
            self._guard.failed(
                attempt, peer.text if peer else "", "wrong current password", via="password change"
            )
            raise InvalidArgument("current_password", "is wrong", error_reason="WRONG_PASSWORD")
        attempt.succeeded()

    # -- groups ----------------------------------------------------------------------

    @unary
    async def ListGroups(
        self, request: accounts_pb2.ListGroupsRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.ListGroupsResponse:
        groups = await self.thread.call(self.groups.list_all)
        items, token = page(groups, request.page_size, request.page_token)
        return accounts_pb2.ListGroupsResponse(
            groups=[group_message(g) for g in items], next_page_token=token
        )

    @unary
    async def GetGroup(
        self, request: accounts_pb2.GetGroupRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.GetGroupResponse:
        group = await self.thread.call(self.groups.get, request.group_id)
        return accounts_pb2.GetGroupResponse(group=group_message(group))

    @unary
    async def CreateGroup(
        self, request: accounts_pb2.CreateGroupRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.CreateGroupResponse:
        spec = request.group
        rights = GroupRights(
            rights_from_message(spec.local_rights, "group.local_rights"),
            rights_from_message(spec.remote_rights, "group.remote_rights"),
        )
        copy_from = request.copy_from_group_id or None
        priority = spec.ptz_priority if spec.HasField("ptz_priority") else None
        group = await self._change(
            lambda: self.groups.create(
                spec.name, rights, copy_from=copy_from, ptz_priority=priority
            )
        )
        call_context.note(
            message=f"{call_context.principal().username} added permission group {group.name}",
            after=_group_detail(group_message(group)),
        )
        return accounts_pb2.CreateGroupResponse(group=group_message(group))

    @unary
    async def UpdateGroup(
        self, request: accounts_pb2.UpdateGroupRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.UpdateGroupResponse:
        fields = _mask(request.update_mask, _GROUP_FIELDS)
        spec = request.group
        before = await self.thread.call(self.groups.get, spec.id)
        local: ScopeRights = before.rights.local
        remote: ScopeRights = before.rights.remote
        if "local_rights" in fields:
            local = rights_from_message(spec.local_rights, "group.local_rights")
        if "remote_rights" in fields:
            remote = rights_from_message(spec.remote_rights, "group.remote_rights")
        rights = GroupRights(local, remote) if fields & {"local_rights", "remote_rights"} else None
        name = spec.name if "name" in fields else None
        priority: int | Keep | None = Keep.KEEP
        if "ptz_priority" in fields:
            priority = spec.ptz_priority if spec.HasField("ptz_priority") else None
        group = await self._change(
            lambda: self.groups.update(spec.id, name=name, rights=rights, ptz_priority=priority)
        )
        call_context.note(
            message=f"{call_context.principal().username} changed permission group {group.name}",
            before=_group_detail(group_message(before)),
            after=_group_detail(group_message(group)),
        )
        return accounts_pb2.UpdateGroupResponse(group=group_message(group))

    @unary
    async def DeleteGroup(
        self, request: accounts_pb2.DeleteGroupRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.DeleteGroupResponse:
        group = await self._change(self.groups.delete, request.group_id)
        call_context.note(
            message=f"{call_context.principal().username} deleted permission group {group.name}",
            before=_group_detail(group_message(group)),
        )
        return accounts_pb2.DeleteGroupResponse()

    # -- sessions --------------------------------------------------------------------

    @unary
    async def ListSessions(
        self, request: accounts_pb2.ListSessionsRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.ListSessionsResponse:
        current = call_context.session()
        items, token = page(self.sessions.sessions(), request.page_size, request.page_token)
        return accounts_pb2.ListSessionsResponse(
            sessions=[_session_message(s, current) for s in items], next_page_token=token
        )

    @unary
    async def EndSession(
        self, request: accounts_pb2.EndSessionRequest, context: grpc.aio.ServicerContext
    ) -> accounts_pb2.EndSessionResponse:
        target = next((s for s in self.sessions.sessions() if s.id == request.session_id), None)
        if target is None or not self.sessions.end_by_id(request.session_id):
            raise NotFound("session", request.session_id[:40])
        call_context.note(message=f"ended the session of {target.user} from {target.peer}")
        return accounts_pb2.EndSessionResponse()


def _user_detail(user: accounts_pb2.User, fields: set[str] | None = None) -> dict[str, Any]:
    values = {
        "name": user.name,
        "group_id": user.group_id,
        "enabled": user.enabled,
        "permission_control": user.permission_control,
        "email": user.email,
        "mac_binding": user.mac_binding,
        "note": user.note,
    }
    if fields is not None:
        return {k: v for k, v in values.items() if k in fields or k == "name"}
    return values


def _group_detail(group: accounts_pb2.Group) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    return {
        "name": group.name,
        "local_rights": MessageToDict(group.local_rights, preserving_proto_field_name=True),
        "remote_rights": MessageToDict(group.remote_rights, preserving_proto_field_name=True),
        "ptz_priority": group.ptz_priority if group.HasField("ptz_priority") else None,
    }
