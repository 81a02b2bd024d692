"""The appliance's sign-in without a password (issue 16): its set-up state, the first
admin password, password recovery, auto-login and the logged-out live display.

Every call here is open (no token) and answers only on the local socket: the
console on the appliance's own screen, run by whoever can reach the socket file;
over TCP they are PERMISSION_DENIED. What each needs beyond that:

- ``SetUpAdmin``: the admin has no password yet (``vedette-server init --no-admin``);
- ``RecoverPassword``: the account's recovery answers, guessed no faster than a
  login (the login guard: same lockout, same audit); ends the account's sessions;
- ``AutoLogin``: ``general.auto_login_user`` names an enabled user;
- ``OpenLiveDisplay``: nothing; its session may only watch
  ``display.logged_out_cameras`` (``display_session.py``).

Recovery questions are an appliance's (USER-03): ``SetMyRecoveryQuestions`` is
refused on a server that is not one. A server is an appliance when it controls its
host's time (``vedette-server run --host-control`` other than ``none``): it owns the
machine it runs on, as the appliance image's systemd unit sets it.
"""

from __future__ import annotations

import math
from typing import TypeVar

from vedette_api.v1 import auth_pb2
from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.recovery import Recovery, admin_account, password_set
from vedette_server.accounts.throttle import LoginThrottled
from vedette_server.accounts.users import UserRecord, Users
from vedette_server.api import call_context
from vedette_server.api.audit import AuditTrail
from vedette_server.api.convert import timestamp
from vedette_server.api.display_session import DISPLAY_USER, display_cameras
from vedette_server.api.peer import Peer
from vedette_server.api.sessions import LoginSession, SessionTable
from vedette_server.api.settings_convert import settings_message
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
)
from vedette_server.security.password_pool import PasswordWork
from vedette_server.settings.model import Settings
from vedette_server.settings.store import SettingsStore
from vedette_server.system_log import LogType

WRONG_ANSWERS = "wrong user name or recovery answers"


def local_peer() -> Peer:
    """The caller, when it is on the local socket; PERMISSION_DENIED otherwise."""
    peer = call_context.peer()
    if peer is None or peer.scope.value != "local":
        raise PermissionDenied("only the appliance's own console (the local socket) may call this")
    return peer


def check_auto_login_user(settings: Settings, directory: AccountDirectory) -> None:
    """INVALID_ARGUMENT unless ``general.auto_login_user`` is empty or an enabled user."""
    name = settings.general.auto_login_user
    if not name:
        return
    user = directory.user_named(name)
    if user is None:
        raise InvalidArgument("general.auto_login_user", f"there is no user {name!r}")
    if not user.enabled:
        raise InvalidArgument("general.auto_login_user", f"the user {name!r} is disabled")


#: The responses that open a session: each RPC has its own type, with
#: ``LoginResponse``'s fields.
SessionResponse = TypeVar(
    "SessionResponse",
    auth_pb2.SetUpAdminResponse,
    auth_pb2.AutoLoginResponse,
    auth_pb2.OpenLiveDisplayResponse,
)


def login_response(
    kind: type[SessionResponse], token: str, session: LoginSession
) -> SessionResponse:
    return kind(
        token=token, expire_time=timestamp(int(session.expires_s * 1e6)), username=session.user
    )


class SetupCalls:
    def __init__(
        self,
        *,
        users: Users,
        recovery: Recovery,
        directory: AccountDirectory,
        sessions: SessionTable,
        guard: LoginGuard,
        audit: AuditTrail,
        passwords: PasswordWork,
        thread: CatalogThread,
        settings: SettingsStore,
    ) -> None:
        self.users = users
        self.recovery = recovery
        self.directory = directory
        self.sessions = sessions
        self.guard = guard
        self.audit = audit
        self.passwords = passwords
        self.thread = thread
        self.settings = settings

    def _open(
        self, kind: type[SessionResponse], user: UserRecord, peer: Peer, how: str
    ) -> SessionResponse:
        token, session = self.sessions.create(user.id, user.name, peer.text, peer.scope)
        self.audit.record(
            LogType.OPERATION, "login", f"{user.name} {how}", username=user.name, peer=peer.text
        )
        return login_response(kind, token, session)

    async def _admin_password_set(self) -> bool:
        admin = await self.thread.call(admin_account, self.users)
        return password_set(admin)

    async def setup_state(self) -> auth_pb2.GetSetupStateResponse:
        local_peer()
        admin_set = await self._admin_password_set()
        current = self.settings.current
        return auth_pb2.GetSetupStateResponse(
            admin_password_set=admin_set,
            show_wizard=current.general.show_wizard or not admin_set,
            language=settings_message(current, applied_to_host=False).general.language,
            auto_login=bool(current.general.auto_login_user),
            logged_out_live=bool(current.display.logged_out_cameras),
        )

    async def set_up_admin(
        self, request: auth_pb2.SetUpAdminRequest
    ) -> auth_pb2.SetUpAdminResponse:
        peer = local_peer()
        if await self._admin_password_set():
            raise FailedPrecondition("the admin password is already set; sign in instead")
        pairs = [(q.question, q.answer) for q in request.questions]
        hashed = await self.passwords.run(self.recovery.hash_answers, pairs)
        prepared = await self.passwords.run(self.users.prepare_password, "admin", request.password)

        def store() -> UserRecord:
            admin = self.recovery.set_up_admin(self.users, prepared, hashed)
            self.directory.reload()
            return admin

        admin = await self.thread.call(store)
        return self._open(
            auth_pb2.SetUpAdminResponse,
            admin,
            peer,
            f"set the admin password on the console ({peer.text})",
        )

    async def recovery_questions(
        self, request: auth_pb2.GetRecoveryQuestionsRequest
    ) -> auth_pb2.GetRecoveryQuestionsResponse:
        local_peer()
        user = self.directory.user_named(request.username)
        questions = [] if user is None else await self.thread.call(self.recovery.questions, user.id)
        if not questions:
            raise NotFound("recovery questions of the account", request.username[:64])
        return auth_pb2.GetRecoveryQuestionsResponse(questions=questions)

    async def recover_password(
        self, request: auth_pb2.RecoverPasswordRequest
    ) -> auth_pb2.RecoverPasswordResponse:
        peer = local_peer()
        name = request.username
        if not name:
            raise InvalidArgument("username", "is required")
        if len(name) > 128 or any(len(a) > 1024 for a in request.answers):
            raise InvalidArgument("answers", "user name or answers too long")
        try:
            attempt = self.guard.begin(name, address_key(peer.ip))
        except LoginThrottled as refused:
            raise ResourceExhausted(
                f"{refused}; try again in {math.ceil(refused.retry_after_s)} s"
            ) from None
        try:
            user = self.directory.user_named(name)
            hashes = (
                [] if user is None else await self.thread.call(self.recovery.answer_hashes, user.id)
            )
            right = await self.passwords.run(self.recovery.answers_match, hashes, request.answers)
        except BaseException:
            attempt.abandon()
            raise
        if not right or user is None:
            self.guard.failed(attempt, peer.text, "wrong recovery answers", via="password recovery")
            raise Unauthenticated(WRONG_ANSWERS)
        attempt.succeeded()
        prepared = await self.passwords.run(
            self.users.prepare_password, user.name, request.new_password, field="new_password"
        )

        def store() -> None:
            self.users.set_password(user.id, prepared)
            self.directory.reload()

        await self.thread.call(store)
        ended = self.sessions.end_for_user(user.id)
        self.audit.record(
            LogType.OPERATION,
            "user.recover_password",
            f"{user.name} set a new password with the recovery questions on the console"
            f" ({ended} session(s) ended)",
            username=user.name,
            peer=peer.text,
        )
        return auth_pb2.RecoverPasswordResponse()

    async def auto_login(self) -> auth_pb2.AutoLoginResponse:
        peer = local_peer()
        name = self.settings.current.general.auto_login_user
        if not name:
            raise FailedPrecondition("no auto-login user is set (general.auto_login_user)")
        user = self.directory.user_named(name)
        if user is None:
            raise FailedPrecondition(f"the auto-login user {name!r} does not exist")
        if not user.enabled:
            raise FailedPrecondition(f"the auto-login user {name!r} is disabled")
        return self._open(
            auth_pb2.AutoLoginResponse,
            user,
            peer,
            f"was signed in automatically on the console ({peer.text})",
        )

    async def open_live_display(self) -> auth_pb2.OpenLiveDisplayResponse:
        peer = local_peer()
        cameras = display_cameras(self.settings.current)
        token, session = self.sessions.create(
            0, DISPLAY_USER, peer.text, peer.scope, display=cameras
        )
        return login_response(auth_pb2.OpenLiveDisplayResponse, token, session)
