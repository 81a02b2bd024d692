"""AuthService: password login to an opaque bearer token, and logout.

Login checks, in order: the throttle (a locked account or address is refused before
any password is verified), the password (Argon2id on the hashing executor), the
account being enabled, its MAC binding. Every outcome is written to the system log;
a failure that starts a lockout also logs and publishes "illegal access" (USER-07).
Messages never say whether the name or the password was wrong.
"""

from __future__ import annotations

import asyncio
import math
from concurrent.futures import Executor

import grpc

from vedette_api.v1 import auth_pb2, auth_pb2_grpc
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.accounts.users import UserRecord, Users
from vedette_server.api import call_context
from vedette_server.api.audit import AuditTrail
from vedette_server.api.convert import timestamp
from vedette_server.api.gate import CallGate, bearer_token
from vedette_server.api.peer import parse_peer
from vedette_server.api.sessions import SessionTable
from vedette_server.api.status import unary
from vedette_server.errors import InvalidArgument, ResourceExhausted, Unauthenticated
from vedette_server.system_log import LogType

WRONG = "wrong user name or password"


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(
        self,
        users: Users,
        sessions: SessionTable,
        throttle: LoginThrottle,
        gate: CallGate,
        audit: AuditTrail,
        hashing: Executor,
    ) -> None:
        self.users = users
        self.sessions = sessions
        self.throttle = throttle
        self.gate = gate
        self.audit = audit
        self._hashing = hashing

    def _failed(self, name: str, peer_text: str, address: str, reason: str) -> None:
        self.audit.record(
            LogType.OPERATION,
            "login.failed",
            f"failed login as {name!r} from {peer_text}: {reason}",
            username=name,
            peer=peer_text,
            outcome="UNAUTHENTICATED",
        )
        for lockout in self.throttle.failed(name, address):
            seconds = round(self.throttle.lockout_s)
            what = f"account {name!r}" if lockout.kind == "account" else f"address {address}"
            message = (
                f"illegal access: {lockout.failures} failed logins; {what} is throttled"
                f" for {seconds} s"
            )
            self.audit.record(
                LogType.EXCEPTION,
                "illegal_access",
                message,
                username=name,
                peer=peer_text,
                outcome="RESOURCE_EXHAUSTED",
                detail={"locked": lockout.kind, "failures": lockout.failures},
            )
            self.audit.publish(
                "illegal_access",
                username=name,
                peer=peer_text,
                locked=lockout.kind,
                failures=lockout.failures,
                lockout_s=seconds,
            )

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
        address = peer.address_key
        wait_s = self.throttle.retry_after_s(name, address)
        if wait_s > 0:
            raise ResourceExhausted(
                f"too many failed logins for this account or address; try again in"
                f" {math.ceil(wait_s)} s"
            )
        loop = asyncio.get_running_loop()
        user = await loop.run_in_executor(
            self._hashing, self.users.verify_login, name, request.password
        )
        mac = self.gate.mac_of(peer) if user is not None and user.mac_binding else None
        reason = self._refusal(user, mac)
        if reason is not None or user is None:
            self._failed(name, peer.text, address, reason or WRONG)
            raise Unauthenticated(WRONG)
        self.throttle.succeeded(name)
        token, session = self.sessions.create(user.id, user.name, peer.text, peer.scope)
        self.audit.record(
            LogType.OPERATION,
            "login",
            f"{user.name} logged in from {peer.text} ({peer.scope.value})",
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
