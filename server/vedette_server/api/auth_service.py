"""AuthService: password login to an opaque bearer token, renewal, and logout.

Login checks, in order: the login guard (a locked account or address, or one with
as many checks in flight as may still fail, is refused before any password is
verified), the password (Argon2id on its own bounded pool), the account being
enabled, its MAC binding. Every outcome is written to the system log; a failure that
starts a lockout also logs and publishes "illegal access" (USER-07). Messages never
say whether the name or the password was wrong.

RenewSession extends the caller's session (same token, streams stay open) and is
not activity (policy: ``activity=False``), so the idle logout still ends sessions
nobody uses; renewals are counted (``SessionTable.renewals``), not audited.

ExchangeSiteToken (single sign-on in a site, docs/sites.md) opens a session for the
site user a site token names, checked offline against the site's keys; throttled
per address like logins, audited as a login.

The appliance's calls (set-up, recovery, auto-login, the logged-out display) answer
only on the local socket; their logic is in ``setup_calls.py``.
"""

from __future__ import annotations

import math

import grpc

from vedette_api.v1 import auth_pb2, auth_pb2_grpc
from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.throttle import LoginThrottled
from vedette_server.accounts.users import UserRecord, Users
from vedette_server.api import call_context
from vedette_server.api.audit import AuditTrail
from vedette_server.api.convert import timestamp
from vedette_server.api.gate import CallGate, bearer_token
from vedette_server.api.peer import parse_peer
from vedette_server.api.sessions import SessionTable
from vedette_server.api.setup_calls import SetupCalls
from vedette_server.api.status import unary
from vedette_server.errors import (
    FailedPrecondition,
    InvalidArgument,
    ResourceExhausted,
    Unauthenticated,
)
from vedette_server.parts import SiteHolder
from vedette_server.security.password_pool import PasswordWork
from vedette_server.site import tokens
from vedette_server.site.users import SUFFIX as SITE_SUFFIX
from vedette_server.system_log import LogType

WRONG = "wrong user name or password"


def throttled(refused: LoginThrottled) -> ResourceExhausted:
    """The error of a login (or site-token exchange) the login guard refused."""
    return ResourceExhausted(
        f"{refused}; try again in {math.ceil(refused.retry_after_s)} s",
        error_reason="LOGIN_THROTTLED",
        retry_after_s=math.ceil(refused.retry_after_s),
    )


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(
        self,
        users: Users,
        sessions: SessionTable,
        guard: LoginGuard,
        gate: CallGate,
        audit: AuditTrail,
        passwords: PasswordWork,
        setup: SetupCalls,
        directory: AccountDirectory,
        site: SiteHolder,
    ) -> None:
        self.setup = setup
        self.directory = directory
        self.site = site
        self.users = users
        self.sessions = sessions
        self.guard = guard
        self.gate = gate
        self.audit = audit
        self._passwords = passwords

    def _refusal(self, user: UserRecord | None, mac: str | None) -> str | None:
        """Why a user whose password was right may not log in, if they may not."""
        if user is None:
            return "unknown user or wrong password"
        if not user.enabled:
            return "the account is disabled"
        if user.mac_binding and user.mac_binding != mac:
            seen = mac or "unknown (not on the server's LAN)"
            return f"the account is bound to MAC {user.mac_binding}; the client's is {seen}"
        return None

    @unary
    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        name = request.username
        if not name:
            raise InvalidArgument("username", "is required")
        if len(name) > 128 or len(request.password) > 1024:
            raise InvalidArgument("username", "user name or password too long")
        peer = call_context.peer() or parse_peer(context.peer())
        try:
            attempt = self.guard.begin(name, address_key(peer.ip))
        except LoginThrottled as refused:
            raise throttled(refused) from None
        offline = False
        try:
            user = await self._passwords.run(self.users.verify_login, name, request.password)
            # Offline sign-in (docs/sites.md): a site user's cached password, only
            # while the directory, where site users normally sign in, cannot be reached.
            link = self.site.link
            directory_down = link is not None and not link.state.connected
            cached = self.site.offline_hashes.get(name) if user is None and directory_down else None
            if cached is not None and await self._passwords.run(
                self.users.hashing.verify, cached, request.password
            ):
                user, offline = self.directory.user_named(name), True
        except BaseException:
            attempt.abandon()  # busy or cancelled: the guess was not checked
            raise
        mac = self.gate.mac_of(peer) if user is not None and user.mac_binding else None
        reason = self._refusal(user, mac)
        if reason is not None or user is None:
            self.guard.failed(attempt, peer.text, reason or WRONG)
            raise Unauthenticated(WRONG, error_reason="WRONG_CREDENTIALS")
        attempt.succeeded()
        token, session = self.sessions.create(user.id, user.name, peer.text, peer.scope)
        how = " with the site password this server keeps (offline sign-in)" if offline else ""
        self.audit.record(
            LogType.OPERATION,
            "login.offline" if offline else "login",
            f"{user.name} logged in{how} from {peer.text} ({peer.scope.value})",
            username=user.name,
            peer=peer.text,
        )
        return auth_pb2.LoginResponse(
            token=token, expire_time=timestamp(int(session.expires_s * 1e6)), username=user.name
        )

    @unary
    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        if token is not None:
            self.sessions.end(token)
        call_context.note(message=f"{call_context.session().user} logged out")
        return auth_pb2.LogoutResponse()

    @unary
    async def RenewSession(
        self, request: auth_pb2.RenewSessionRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RenewSessionResponse:
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        session = None if token is None else self.sessions.renew(token)
        if session is None:
            raise Unauthenticated(
                "session expired or logged out; log in again", error_reason="SESSION_EXPIRED"
            )
        return auth_pb2.RenewSessionResponse(expire_time=timestamp(int(session.expires_s * 1e6)))

    @unary
    async def ExchangeSiteToken(
        self, request: auth_pb2.ExchangeSiteTokenRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.ExchangeSiteTokenResponse:
        link = self.site.link
        if link is None:
            raise FailedPrecondition(
                "this server is in no site: sign in with a user name and password",
                error_reason="NOT_IN_SITE",
            )
        peer = call_context.peer() or parse_peer(context.peer())
        try:
            attempt = self.guard.begin("(site token)", address_key(peer.ip))
        except LoginThrottled as refused:
            raise throttled(refused) from None
        try:
            claims = tokens.verify(request.site_token, link.token_keys, link.membership.site_id)
        except tokens.SiteTokenRefused as refused:
            self.guard.failed(attempt, peer.text, str(refused), via="site token")
            raise Unauthenticated(str(refused), error_reason="SITE_TOKEN_REFUSED") from None
        name = claims.user + SITE_SUFFIX
        user = self.directory.user_named(name)
        if user is None or not user.enabled:
            attempt.abandon()  # a signed token, not a guess
            raise Unauthenticated(
                f"site user {claims.user} is not known to this server, or is disabled: a"
                " server learns a change of the site's users within seconds of it",
                error_reason="SITE_USER_UNKNOWN",
            )
        attempt.succeeded()
        token, session = self.sessions.create(user.id, user.name, peer.text, peer.scope)
        session.site_session = claims.session_id
        self.audit.record(
            LogType.OPERATION,
            "login",
            f"{user.name} logged in with a site token from {peer.text} ({peer.scope.value})",
            username=user.name,
            peer=peer.text,
            detail={"via": "site token", "site_session": claims.session_id},
        )
        return auth_pb2.ExchangeSiteTokenResponse(
            token=token, expire_time=timestamp(int(session.expires_s * 1e6)), username=user.name
        )

    # -- the appliance (the local socket only: setup_calls.py) ----------------------------

    @unary
    async def GetSetupState(
        self, request: auth_pb2.GetSetupStateRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetSetupStateResponse:
        return await self.setup.setup_state()

    @unary
    async def SetUpAdmin(
        self, request: auth_pb2.SetUpAdminRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SetUpAdminResponse:
        return await self.setup.set_up_admin(request)

    @unary
    async def GetRecoveryQuestions(
        self, request: auth_pb2.GetRecoveryQuestionsRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetRecoveryQuestionsResponse:
        return await self.setup.recovery_questions(request)

    @unary
    async def RecoverPassword(
        self, request: auth_pb2.RecoverPasswordRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RecoverPasswordResponse:
        return await self.setup.recover_password(request)

    @unary
    async def AutoLogin(
        self, request: auth_pb2.AutoLoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.AutoLoginResponse:
        return await self.setup.auto_login()

    @unary
    async def OpenLiveDisplay(
        self, request: auth_pb2.OpenLiveDisplayRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.OpenLiveDisplayResponse:
        return await self.setup.open_live_display()
