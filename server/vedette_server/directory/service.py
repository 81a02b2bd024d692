"""The site directory's gRPC services.

On the client port: ``AuthService`` (``Login``, ``Logout``, ``RenewSession`` with the
directory's own users; the appliance calls are not served), ``SiteService`` (a
session) and ``SiteEnrollService.Join`` (no session: the join token is the
credential). On the site port, behind mutual TLS: ``SiteSyncService``, whose caller
is the member server its certificate names.

Invariants:
- Every method of the client port but ``Login`` and ``Join`` needs a live session
  (``authorization: Bearer``), and ``CreateJoinToken`` an administrator's.
- A member server's identity comes from its verified certificate (the
  ``urn:vedette:server:`` URI and the certificate's fingerprint), never from a
  request field; a certificate the site no longer accepts is UNAUTHENTICATED.
- Failed logins and failed joins are throttled per account and per address
  (``accounts.login_guard``) and written to the directory's audit trail; a join
  token or a password is never logged.
- PostgreSQL being down is UNAVAILABLE with its reason ("site directory
  unavailable"), never a crash or an INTERNAL error.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import math
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import grpc
from cryptography.hazmat.primitives.asymmetric import ed25519

from vedette_api.v1 import auth_pb2, auth_pb2_grpc, site_pb2, site_pb2_grpc
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.throttle import LoginThrottled
from vedette_server.api.auth_service import throttled
from vedette_server.api.convert import timestamp
from vedette_server.api.gate import bearer_token
from vedette_server.api.peer import parse_peer
from vedette_server.api.sessions import LoginSession, SessionTable
from vedette_server.api.status import unary
from vedette_server.directory import keys
from vedette_server.directory.store import (
    CameraRow,
    DirectoryStore,
    DirectoryUnavailable,
    JoinRefused,
    TokenRefused,
    UserRow,
)
from vedette_server.errors import (
    AlreadyExists,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)
from vedette_server.security.password_pool import PasswordWork
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy, WeakPassword
from vedette_server.security.secretbox import SecretBox
from vedette_server.site import tokens
from vedette_server.system_log import LogType

log = logging.getLogger("vedette.directory")
T = TypeVar("T")
WRONG = "wrong user name or password"
MAX_ENDED = 10_000
#: Outbox items a member may push in one call.
MAX_PUSHED = 500
#: A member's clock more than this off the directory's raises a site alarm.
CLOCK_OFF_US = 500_000
MAX_CSR_BYTES = 16 * 1024


async def _db(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a store call on a worker thread; PostgreSQL down → UNAVAILABLE."""
    try:
        return await asyncio.to_thread(call, *args, **kwargs)
    except DirectoryUnavailable as exc:
        raise Unavailable(
            f"site directory unavailable: {exc}", error_reason="DIRECTORY_UNAVAILABLE"
        ) from None


class DirectoryAudit:
    """The login guard's audit sink: the directory's audit table and its log."""

    def __init__(self, store: DirectoryStore) -> None:
        self.store = store

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        username: str = "",
        peer: str = "",
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None:
        log.info("%s: %s (%s)", action, message, outcome)
        try:
            self.store.audit(action, message, username=username, peer=peer, outcome=outcome)
        except DirectoryUnavailable as exc:
            log.warning("audit entry %s not stored: %s", action, exc)

    def publish(self, kind: str, **facts: Any) -> None:
        # The directory has no live feed yet: an event the guard publishes (a lockout)
        # is in the audit trail and the log, written by ``record`` just before.
        log.warning("%s: %s", kind, facts)


class Sessions:
    """The directory's sign-ins (in memory: a restart signs everyone out)."""

    def __init__(self, table: SessionTable, store: DirectoryStore) -> None:
        self.table = table
        self.store = store
        #: User ids of the administrators who signed in (from their login).
        self.admins: set[int] = set()
        #: Ended sessions, numbered, for member servers to end theirs (the newest
        #: ``MAX_ENDED`` kept; a server further behind ends only those).
        self.ended: deque[tuple[int, str]] = deque(maxlen=MAX_ENDED)
        self.ended_sequence = 0

    def opened(self, session: LoginSession) -> None:
        """Note ``session``'s end, however it ends (sign-out, a change of its user,
        expiry), in the numbered list member servers read."""
        session.on_end.append(functools.partial(self._ended, session.id))

    def _ended(self, session_id: str) -> None:
        self.ended_sequence += 1
        self.ended.append((self.ended_sequence, session_id))

    def ended_since(self, since: int) -> tuple[int, list[str]]:
        """(last number, the ids that ended after ``since``); a ``since`` ahead of the
        numbering (the directory restarted) reads from the start."""
        if since > self.ended_sequence:
            since = 0
        return self.ended_sequence, [sid for n, sid in self.ended if n > since]

    def require(self, context: grpc.aio.ServicerContext, *, admin: bool = False) -> LoginSession:
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        session = None if token is None else self.table.validate(token)
        if session is None:
            raise Unauthenticated(
                "sign in to the site directory first (no session, or it ended)",
                error_reason="SESSION_EXPIRED",
            )
        if admin and session.user_id not in self.admins:
            raise PermissionDenied(
                f"{session.user} is not an administrator of the site", error_reason="NOT_ADMIN"
            )
        return session


class DirectoryAuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(
        self,
        store: DirectoryStore,
        sessions: Sessions,
        guard: LoginGuard,
        passwords: PasswordWork,
        hashing: PasswordHashing,
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.guard = guard
        self.passwords = passwords
        self.hashing = hashing

    def _verify(self, name: str, password: str) -> tuple[int, str, bool] | None:
        user = self.store.user(name)
        if user is None:
            # Spend the same work on an unknown name, so timing does not tell.
            self.hashing.verify(DUMMY_HASH, password)
            return None
        if not self.hashing.verify(user.password_hash, password) or not user.enabled:
            return None
        return user.id, user.name, user.is_admin

    @unary
    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        name = request.username
        if not name:
            raise InvalidArgument("username", "is required")
        if len(name) > 128 or len(request.password) > 1024:
            raise InvalidArgument("username", "user name or password too long")
        peer = parse_peer(context.peer())
        try:
            attempt = self.guard.begin(name, address_key(peer.ip))
        except LoginThrottled as refused:
            raise throttled(refused) from None
        try:
            found = await self.passwords.run(self._verify_or_unavailable, name, request.password)
        except BaseException:
            attempt.abandon()
            raise
        if found is None:
            await asyncio.to_thread(self.guard.failed, attempt, peer.text, WRONG)
            raise Unauthenticated(WRONG, error_reason="WRONG_CREDENTIALS")
        attempt.succeeded()
        user_id, user_name, is_admin = found
        token, session = self.sessions.table.create(user_id, user_name, peer.text, peer.scope)
        self.sessions.opened(session)
        if is_admin:
            self.sessions.admins.add(user_id)
        await _db(self.store.audit, "login", f"{user_name} signed in to the site from {peer.text}")
        return auth_pb2.LoginResponse(
            token=token, expire_time=timestamp(int(session.expires_s * 1e6)), username=user_name
        )

    def _verify_or_unavailable(self, name: str, password: str) -> tuple[int, str, bool] | None:
        try:
            return self._verify(name, password)
        except DirectoryUnavailable as exc:
            raise Unavailable(
                f"site directory unavailable: {exc}", error_reason="DIRECTORY_UNAVAILABLE"
            ) from None

    @unary
    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        session = self.sessions.require(context)
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        if token is not None:
            self.sessions.table.end(token)
        log.info("%s signed out of the site", session.user)
        return auth_pb2.LogoutResponse()

    @unary
    async def RenewSession(
        self, request: auth_pb2.RenewSessionRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RenewSessionResponse:
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        session = None if token is None else self.sessions.table.renew(token)
        if session is None:
            raise Unauthenticated(
                "session expired or logged out; log in again", error_reason="SESSION_EXPIRED"
            )
        return auth_pb2.RenewSessionResponse(expire_time=timestamp(int(session.expires_s * 1e6)))


ROLE_TO_PROTO = {
    "administrator": site_pb2.SITE_ROLE_ADMINISTRATOR,
    "operator": site_pb2.SITE_ROLE_OPERATOR,
    "viewer": site_pb2.SITE_ROLE_VIEWER,
}
PROTO_TO_ROLE = {value: name for name, value in ROLE_TO_PROTO.items()}


def user_message(row: UserRow, *, with_hash: bool = False) -> site_pb2.SiteUser:
    """A user as the API shows it; its password hash only for a member's heartbeat."""
    user = site_pb2.SiteUser(name=row.name, role=ROLE_TO_PROTO[row.role], enabled=row.enabled)
    if with_hash:
        user.password_hash = row.password_hash
    return user


def alarm_message(server: str, row: Any) -> site_pb2.SiteAlarm:
    cameras = json.loads(str(row.cameras))
    return site_pb2.SiteAlarm(
        server=server,
        alarm_id=int(row.alarm_id),
        version=int(row.version),
        title=str(row.title),
        rule_name=str(row.rule_name),
        priority=int(row.priority),
        state=str(row.state),
        first_time=timestamp(int(row.first_us)),
        last_time=timestamp(int(row.last_us)),
        count=int(row.count),
        camera_names=[str(c[0]) for c in cameras],
        site_camera_ids=[str(c[1]) for c in cameras],
    )


def alarm_fields(alarm: site_pb2.SiteAlarm) -> dict[str, Any]:
    """What the directory keeps of a pushed alarm (a member's word for it, bounded)."""
    if alarm.alarm_id <= 0 or alarm.version <= 0:
        raise InvalidArgument("items.alarm", "alarm_id and version are positive")
    cameras = list(zip(alarm.camera_names, alarm.site_camera_ids, strict=False))[:64]
    return {
        "alarm_id": alarm.alarm_id,
        "version": alarm.version,
        "title": alarm.title[:200],
        "rule_name": alarm.rule_name[:200],
        "priority": alarm.priority,
        "state": alarm.state[:32],
        "first_us": alarm.first_time.ToMicroseconds(),
        "last_us": alarm.last_time.ToMicroseconds(),
        "count": alarm.count,
        "cameras": json.dumps([[n[:200], i[:36]] for n, i in cameras]),
    }


class TokenKeys:
    """The directory's site-token key and the public keys members are given."""

    def __init__(self, key: ed25519.Ed25519PrivateKey) -> None:
        self.key = key
        raw = tokens.public_raw(key)
        self.messages = [site_pb2.SiteTokenKey(kid=tokens.kid_of(raw), public_key=raw)]


#: An Argon2id hash of a random password, verified against for unknown user names.
DUMMY_HASH = PasswordHashing().hash("not a password: timing only")

_STATES = {
    "online": site_pb2.SITE_SERVER_STATE_ONLINE,
    "offline": site_pb2.SITE_SERVER_STATE_OFFLINE,
    "left": site_pb2.SITE_SERVER_STATE_LEFT,
}


class SiteServicer(site_pb2_grpc.SiteServiceServicer):
    def __init__(
        self,
        store: DirectoryStore,
        sessions: Sessions,
        ca_cert_pem: bytes,
        token_keys: TokenKeys,
        site_id: str,
        passwords: PasswordWork,
        hashing: PasswordHashing,
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.ca_hash = keys.ca_hash(ca_cert_pem)
        self.token_keys = token_keys
        self.site_id = site_id
        self.passwords = passwords
        self.hashing = hashing

    @unary
    async def IssueSiteToken(
        self, request: site_pb2.IssueSiteTokenRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.IssueSiteTokenResponse:
        session = self.sessions.require(context)
        token, expires_s = tokens.issue(
            self.token_keys.key,
            self.site_id,
            session.user,
            session.id,
            session_expires_s=session.expires_s,
        )
        return site_pb2.IssueSiteTokenResponse(
            site_token=token, expire_time=timestamp(expires_s * 1_000_000), site_id=self.site_id
        )

    @unary
    async def GetSiteSettings(
        self, request: site_pb2.GetSiteSettingsRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.GetSiteSettingsResponse:
        self.sessions.require(context)
        on = await _db(self.store.offline_login)
        return site_pb2.GetSiteSettingsResponse(settings=site_pb2.SiteSettings(offline_login=on))

    @unary
    async def UpdateSiteSettings(
        self, request: site_pb2.UpdateSiteSettingsRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.UpdateSiteSettingsResponse:
        session = self.sessions.require(context, admin=True)
        on = request.settings.offline_login
        await _db(self.store.set_offline_login, on)
        await _db(
            self.store.audit,
            "site.settings",
            f"{session.user} turned offline sign-in {'on' if on else 'off'}",
            username=session.user,
            peer=session.peer,
        )
        return site_pb2.UpdateSiteSettingsResponse(settings=site_pb2.SiteSettings(offline_login=on))

    @unary
    async def ListSiteUsers(
        self, request: site_pb2.ListSiteUsersRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.ListSiteUsersResponse:
        self.sessions.require(context, admin=True)
        version, rows = await _db(self.store.users)
        return site_pb2.ListSiteUsersResponse(
            users_version=version, users=[user_message(r) for r in rows]
        )

    def _prepare(self, name: str, password: str) -> str:
        try:
            PasswordPolicy().check(password, username=name)
        except WeakPassword as weak:
            raise InvalidArgument("password", str(weak), error_reason="PASSWORD_TOO_WEAK") from None
        return self.hashing.hash(password)

    @unary
    async def PutSiteUser(
        self, request: site_pb2.PutSiteUserRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.PutSiteUserResponse:
        session = self.sessions.require(context, admin=True)
        spec = request.user
        role = PROTO_TO_ROLE.get(spec.role)
        if role is None:
            raise InvalidArgument("user.role", "administrator, operator or viewer")
        if len(request.password) > 1024:
            raise InvalidArgument("password", "at most 1024 characters")
        password_hash = None
        if request.password:
            password_hash = await self.passwords.run(self._prepare, spec.name, request.password)
        try:
            row, created = await _db(
                self.store.put_user, spec.name, role, spec.enabled, password_hash
            )
        except JoinRefused as exc:
            raise InvalidArgument("user", str(exc)) from None
        self.sessions.table.end_for_user(
            row.id, keep=session if row.id == session.user_id else None
        )
        if row.role == "administrator" and row.enabled:
            self.sessions.admins.add(row.id)
        else:
            self.sessions.admins.discard(row.id)
        what = "added" if created else "changed"
        await _db(
            self.store.audit,
            "site_user.created" if created else "site_user.changed",
            f"{session.user} {what} site user {row.name} ({row.role},"
            f" {'enabled' if row.enabled else 'disabled'}"
            f"{', password set' if password_hash else ''})",
            username=session.user,
            peer=session.peer,
        )
        return site_pb2.PutSiteUserResponse(user=user_message(row), created=created)

    @unary
    async def MoveCameras(
        self, request: site_pb2.MoveCamerasRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.MoveCamerasResponse:
        session = self.sessions.require(context, admin=True)
        if not request.server:
            raise InvalidArgument("server", "name the member server")
        if request.failback == bool(request.camera_ids):
            raise InvalidArgument("camera_ids", "give cameras to move, or failback without cameras")
        try:
            if request.failback:
                moved = await _db(self.store.failback, request.server)
            else:
                moved = await _db(self.store.move_cameras, list(request.camera_ids), request.server)
        except JoinRefused as exc:
            raise InvalidArgument(
                "server" if "server" in str(exc) else "camera_ids", str(exc)
            ) from None
        what = "failed back" if request.failback else "moved"
        await _db(
            self.store.audit,
            "cameras.failback" if request.failback else "cameras.moved",
            f"{session.user} {what} {moved} camera(s) to {request.server}",
            username=session.user,
            peer=session.peer,
        )
        log.info("%s %s %d camera(s) to %s", session.user, what, moved, request.server)
        return site_pb2.MoveCamerasResponse(moved=moved)

    @unary
    async def ListSiteAlarms(
        self, request: site_pb2.ListSiteAlarmsRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.ListSiteAlarmsResponse:
        self.sessions.require(context)
        if not 0 <= request.limit <= 1000:
            raise InvalidArgument("limit", f"{request.limit} is not in 0..1000")
        rows = await _db(self.store.alarms, request.limit or 100, request.open_only)
        return site_pb2.ListSiteAlarmsResponse(alarms=[alarm_message(n, r) for n, r in rows])

    @unary
    async def GetCustody(
        self, request: site_pb2.GetCustodyRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.GetCustodyResponse:
        self.sessions.require(context)
        start_us = request.start_time.ToMicroseconds() if request.HasField("start_time") else 0
        end_us = (
            request.end_time.ToMicroseconds()
            if request.HasField("end_time")
            else self.store.clock() + 1
        )
        camera: int | str = request.camera_id
        if request.site_camera_id:
            if request.camera_id:
                raise InvalidArgument(
                    "site_camera_id", "give the camera by camera_id or site_camera_id, not both"
                )
            camera = request.site_camera_id
        try:
            site_camera_id, rows = await _db(self.store.custody, camera, start_us, end_us)
        except JoinRefused as exc:
            raise NotFound("camera", camera) from exc
        response = site_pb2.GetCustodyResponse(site_camera_id=site_camera_id)
        for row in rows:
            interval = response.intervals.add(
                server=row.server,
                address=row.address,
                start_time=timestamp(row.start_us),
                reason=row.reason,
            )
            if row.end_us is not None:
                interval.end_time.CopyFrom(timestamp(row.end_us))
        return response

    @unary
    async def DeleteSiteUser(
        self, request: site_pb2.DeleteSiteUserRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.DeleteSiteUserResponse:
        session = self.sessions.require(context, admin=True)
        try:
            row = await _db(self.store.delete_user, request.name)
        except JoinRefused as exc:
            raise InvalidArgument("name", str(exc)) from None
        if row is None:
            raise NotFound("site user", request.name)
        self.sessions.table.end_for_user(row.id)
        self.sessions.admins.discard(row.id)
        await _db(
            self.store.audit,
            "site_user.deleted",
            f"{session.user} deleted site user {row.name}",
            username=session.user,
            peer=session.peer,
        )
        return site_pb2.DeleteSiteUserResponse()

    @unary
    async def ListServers(
        self, request: site_pb2.ListServersRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.ListServersResponse:
        self.sessions.require(context)
        site_id, site_name = await _db(self.store.site)
        rows = await _db(self.store.servers)
        now = self.store.clock()
        response = site_pb2.ListServersResponse(site_id=site_id, site_name=site_name)
        for row in rows:
            server = response.servers.add(
                server_id=row.id,
                name=row.name,
                address=row.address,
                state=_STATES[row.state(now)],
                joined_time=timestamp(row.joined_us),
                version=row.version,
                cameras=row.cameras,
                cameras_recording=row.cameras_recording,
                standby=row.standby,
                capacity=row.capacity,
                cameras_assigned=row.cameras_assigned,
                clock_offset_ms=row.clock_offset_us // 1000,
                api_certificate_sha256=row.api_fingerprint,
            )
            if row.last_seen_us is not None:
                server.last_seen_time.CopyFrom(timestamp(row.last_seen_us))
        return response

    @unary
    async def CreateJoinToken(
        self, request: site_pb2.CreateJoinTokenRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.CreateJoinTokenResponse:
        session = self.sessions.require(context, admin=True)
        valid_s = request.valid_seconds or 3600
        try:
            token, expires_us = await _db(self.store.new_join_token, session.user, valid_s)
        except JoinRefused as exc:
            raise InvalidArgument("valid_seconds", str(exc)) from None
        await _db(
            self.store.audit,
            "join_token.created",
            f"{session.user} made a join token valid {valid_s} s",
            username=session.user,
            peer=session.peer,
        )
        return site_pb2.CreateJoinTokenResponse(
            token=token, ca_hash=self.ca_hash, expire_time=timestamp(expires_us)
        )


class EnrollServicer(site_pb2_grpc.SiteEnrollServiceServicer):
    def __init__(
        self,
        store: DirectoryStore,
        guard: LoginGuard,
        ca_key_pem: bytes,
        ca_cert_pem: bytes,
        site_port: Callable[[], int],
        token_keys: TokenKeys,
    ) -> None:
        self.store = store
        self.guard = guard
        self.ca_key_pem = ca_key_pem
        self.ca_cert_pem = ca_cert_pem
        self.site_port = site_port
        self.token_keys = token_keys

    @unary
    async def Join(
        self, request: site_pb2.JoinRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.JoinResponse:
        if not request.token:
            raise InvalidArgument("token", "is required")
        if not request.csr_pem or len(request.csr_pem) > MAX_CSR_BYTES:
            raise InvalidArgument("csr_pem", f"is required, at most {MAX_CSR_BYTES} bytes")
        peer = parse_peer(context.peer())
        try:
            attempt = self.guard.begin("(join)", address_key(peer.ip))
        except LoginThrottled as refused:
            raise ResourceExhausted(
                f"too many failed joins from this address; try again in"
                f" {math.ceil(refused.retry_after_s)} s",
                error_reason="JOIN_THROTTLED",
                retry_after_s=math.ceil(refused.retry_after_s),
            ) from None

        def sign() -> tuple[bytes, str]:
            return keys.sign_server_csr(
                self.ca_key_pem, self.ca_cert_pem, request.csr_pem, request.server_id,
                request.name,
            )  # fmt: skip

        try:
            cert_pem = await _db(
                self.store.join,
                request.token,
                request.server_id,
                request.name,
                request.address[:256],
                request.version[:64],
                sign,
                standby=request.standby,
                capacity=min(request.capacity, 4096),
            )
        except TokenRefused as exc:
            await asyncio.to_thread(self.guard.failed, attempt, peer.text, str(exc), via="join")
            raise Unauthenticated(str(exc), error_reason="JOIN_TOKEN_REFUSED") from None
        except keys.CsrRefused as exc:
            attempt.abandon()
            raise InvalidArgument("csr_pem", str(exc)) from None
        except JoinRefused as exc:
            attempt.abandon()
            if "named" in str(exc):
                raise AlreadyExists(
                    "server", request.name, error_reason="SERVER_NAME_TAKEN"
                ).with_info(detail=str(exc)) from None
            raise InvalidArgument("name" if "name" in str(exc) else "server_id", str(exc)) from None
        except BaseException:
            attempt.abandon()
            raise
        attempt.succeeded()
        site_id, site_name = await _db(self.store.site)
        await _db(
            self.store.audit,
            "server.joined",
            f"recording server {request.name} ({request.server_id}) joined from {peer.text}",
            peer=peer.text,
        )
        return site_pb2.JoinResponse(
            certificate_pem=cert_pem,
            ca_certificate_pem=self.ca_cert_pem,
            site_id=site_id,
            site_name=site_name,
            site_port=self.site_port(),
            token_keys=self.token_keys.messages,
        )


class SiteSyncServicer(site_pb2_grpc.SiteSyncServiceServicer):
    """The site port: every caller is a member server, named by its certificate."""

    def __init__(
        self, store: DirectoryStore, token_keys: TokenKeys, sessions: Sessions, secrets: SecretBox
    ) -> None:
        self.store = store
        self.token_keys = token_keys
        self.sessions = sessions
        self.secrets = secrets
        #: Whether each member's clock was off at its last heartbeat (unknown: absent).
        self._clock_off: dict[str, bool] = {}

    @staticmethod
    def _identity(context: grpc.aio.ServicerContext) -> tuple[str, str]:
        pems = context.auth_context().get("x509_pem_cert") or []
        server_id = keys.server_id_of(pems[0]) if pems else None
        if server_id is None:
            raise Unauthenticated(
                "the site port needs a member server's site certificate",
                error_reason="NOT_A_MEMBER",
            )
        return server_id, keys.certificate_fingerprint(pems[0])

    @unary
    async def Heartbeat(
        self, request: site_pb2.HeartbeatRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.HeartbeatResponse:
        server_id, fingerprint = self._identity(context)
        offset_us = 0
        if request.HasField("server_time"):
            offset_us = request.server_time.ToMicroseconds() - self.store.clock()
        accepted = await _db(
            self.store.heartbeat, server_id, fingerprint, request.address[:256],
            request.version[:64], request.cameras, request.cameras_recording, offset_us,
            request.api_certificate_sha256[:128],
        )  # fmt: skip
        if not accepted:
            raise Unauthenticated(
                "this server's site certificate is no longer accepted: it left the site"
                " or joined again since; join again with a new token",
                error_reason="NOT_A_MEMBER",
            )
        if request.HasField("server_time"):
            await self._clock_check(server_id, offset_us)
        sequence, ended = self.sessions.ended_since(request.ended_since)
        response = site_pb2.HeartbeatResponse(
            directory_time=timestamp(self.store.clock()),
            token_keys=self.token_keys.messages,
            ended_sessions=ended,
            ended_sequence=sequence,
        )
        version = await _db(self.store.users_version)
        response.users_version = version
        if request.users_version != version:
            version, rows = await _db(self.store.users)
            response.users_version = version
            response.users_included = True
            response.users.extend(user_message(r, with_hash=bool(r.password_hash)) for r in rows)
        cameras_version = await _db(self.store.cameras_version)
        response.cameras_version = cameras_version
        if request.cameras_version != cameras_version:
            cameras_version, cameras = await _db(self.store.cameras_of, server_id)
            response.cameras_version = cameras_version
            response.cameras_included = True
            response.cameras.extend(self._camera_config(c) for c in cameras)
        return response

    async def _clock_check(self, server_id: str, offset_us: int) -> None:
        """Raise (once) or close the directory's alarm of a member whose clock is off."""
        off = abs(offset_us) > CLOCK_OFF_US
        if self._clock_off.get(server_id) == off:
            return
        key = f"clock:{server_id}"
        if off:
            name = next((s.name for s in await _db(self.store.servers) if s.id == server_id), "")
            title = f"clock of {name or server_id} is {offset_us / 1e6:+.1f} s off the directory's"
            if await _db(self.store.raise_site_alarm, key, title, 2):
                log.warning("%s", title)
        elif await _db(self.store.close_site_alarm, key):
            log.info("clock of server %s agrees with the directory's again", server_id)
        self._clock_off[server_id] = off

    def _camera_config(self, row: CameraRow) -> site_pb2.SiteCameraConfig:
        config = site_pb2.SiteCameraConfig(
            site_camera_id=row.uuid,
            name=row.name,
            main_url=row.main_url,
            sub_url=row.sub_url,
            enabled=row.enabled,
            record_audio=row.record_audio,
        )
        if row.credentials is not None:
            credentials = self.secrets.open(row.credentials)
            config.camera_user = credentials.user
            config.camera_password = credentials.password
        return config

    @unary
    async def PushAlarms(
        self, request: site_pb2.PushAlarmsRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.PushAlarmsResponse:
        server_id, fingerprint = self._identity(context)
        if await _db(self.store.member, server_id, fingerprint) is None:
            raise Unauthenticated(
                "this server's site certificate is no longer accepted", error_reason="NOT_A_MEMBER"
            )
        if len(request.items) > MAX_PUSHED:
            raise InvalidArgument("items", f"at most {MAX_PUSHED} a call")
        numbers = [item.sequence for item in request.items]
        if any(n <= 0 for n in numbers) or numbers != sorted(set(numbers)):
            raise InvalidArgument("items", "outbox numbers are positive and increasing")
        items = [(item.sequence, alarm_fields(item.alarm)) for item in request.items]
        acknowledged = await _db(self.store.push_alarms, server_id, items)
        return site_pb2.PushAlarmsResponse(acknowledged=acknowledged)

    @unary
    async def Leave(
        self, request: site_pb2.LeaveRequest, context: grpc.aio.ServicerContext
    ) -> site_pb2.LeaveResponse:
        server_id, fingerprint = self._identity(context)
        if not await _db(self.store.leave, server_id, fingerprint):
            raise Unauthenticated(
                "this server's site certificate is no longer accepted", error_reason="NOT_A_MEMBER"
            )
        await _db(self.store.audit, "server.left", f"recording server {server_id} left the site")
        return site_pb2.LeaveResponse()
