"""The site directory's records in PostgreSQL (peewee on psycopg 3).

The directory is the single writer of every site-wide record; recording servers
never connect here (they call the directory over gRPC). What this module holds so
far: the site, its users (with the role they have on every member server), join
tokens, member servers and an audit trail of site actions.

Invariants:
- A join token is kept only as its SHA-256 and is consumed by one conditional
  UPDATE (``used_us IS NULL AND expires_us > now``): of two joins with the same token,
  exactly one wins, whatever the number of directory processes.
- Joins are serialised by a transaction-scoped advisory lock, so the check "no other
  member has this name" and the insert cannot interleave with another join.
- A member's certificate is accepted on the site port only while it is the one
  recorded for that server (``cert_fingerprint``) and the server has not left: a
  server that left, or a copy of an older certificate after a re-join, is refused.
- Times are integer microseconds since the Unix epoch (UTC), as in the catalog.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import peewee

SCHEMA_VERSION = 1
#: The advisory lock key serialising joins (any constant the site uses once).
JOIN_LOCK = 0x7665_6400_0001
DEFAULT_TOKEN_VALID_S = 3600
MIN_TOKEN_VALID_S = 60
MAX_TOKEN_VALID_S = 7 * 24 * 3600
#: A server not heard from for this long is offline (issue 19: 1 s heartbeats).
OFFLINE_AFTER_S = 5.0
SERVER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: A site user's name: a recording server knows the user as NAME@site (at most the
#: 32 characters of its account names), so no '@' and at most 27 characters.
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,26}$")
#: What a site user may do on every member server: the built-in permission group of
#: that kind there (administrator, advanced, ordinary).
ROLES = ("administrator", "operator", "viewer")

database_proxy = peewee.DatabaseProxy()


class DirectoryUnavailable(Exception):
    """PostgreSQL cannot be reached or refused the directory (the message says how)."""


class TokenRefused(Exception):
    """A join token that is unknown, expired or used (the message says which)."""


class JoinRefused(Exception):
    """A join the site refuses for what it asks (a taken name, a bad field)."""


class _Model(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Site(_Model):
    id = peewee.TextField(primary_key=True)
    name = peewee.TextField()
    created_us = peewee.BigIntegerField()
    schema_version = peewee.IntegerField()
    #: Bumped by every change of the site's users, in the change's transaction: what
    #: member servers compare to know their copy is current.
    users_version = peewee.BigIntegerField(default=1)
    #: Bumped by every change of the site's cameras (the same way).
    cameras_version = peewee.BigIntegerField(default=1)


class DirectoryUser(_Model):
    id = peewee.AutoField()
    name = peewee.TextField(unique=True)
    password_hash = peewee.TextField()
    role = peewee.TextField(default="viewer")
    enabled = peewee.BooleanField(default=True)
    created_us = peewee.BigIntegerField()
    updated_us = peewee.BigIntegerField(default=0)

    @property
    def is_admin(self) -> bool:
        return str(self.role) == "administrator"


class JoinToken(_Model):
    sha256 = peewee.TextField(primary_key=True)
    created_us = peewee.BigIntegerField()
    expires_us = peewee.BigIntegerField()
    created_by = peewee.TextField()
    used_us = peewee.BigIntegerField(null=True)
    used_by = peewee.TextField(null=True)


class MemberServer(_Model):
    id = peewee.TextField(primary_key=True)
    name = peewee.TextField(index=True)
    address = peewee.TextField(default="")
    version = peewee.TextField(default="")
    cert_fingerprint = peewee.TextField()
    joined_us = peewee.BigIntegerField()
    last_seen_us = peewee.BigIntegerField(null=True)
    left_us = peewee.BigIntegerField(null=True)
    cameras = peewee.IntegerField(default=0)
    cameras_recording = peewee.IntegerField(default=0)


class SiteCameraRow(_Model):
    """A camera of the site and the member server that records it."""

    id = peewee.BigAutoField()
    uuid = peewee.TextField(unique=True)
    name = peewee.TextField(unique=True)
    main_url = peewee.TextField()
    sub_url = peewee.TextField(default="")
    #: (user, password) sealed with the directory's credentials key; None: none.
    credentials = peewee.BlobField(null=True)
    server_id = peewee.TextField(index=True)
    enabled = peewee.BooleanField(default=True)
    record_audio = peewee.BooleanField(default=True)
    created_us = peewee.BigIntegerField()
    updated_us = peewee.BigIntegerField()

    class Meta:
        table_name = "site_camera"


class AuditEntry(_Model):
    id = peewee.BigAutoField()
    time_us = peewee.BigIntegerField(index=True)
    action = peewee.TextField()
    message = peewee.TextField()
    username = peewee.TextField(default="")
    peer = peewee.TextField(default="")
    outcome = peewee.TextField(default="ok")


MODELS: tuple[type[_Model], ...] = (
    Site,
    DirectoryUser,
    JoinToken,
    MemberServer,
    SiteCameraRow,
    AuditEntry,
)


def now_us() -> int:
    return time.time_ns() // 1000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_database(dsn: str) -> peewee.PostgresqlDatabase:
    """A peewee database for ``dsn`` (``postgresql://…``), connected once to check it;
    DirectoryUnavailable with PostgreSQL's own reason when it cannot be reached."""
    if not dsn.startswith(("postgresql://", "postgres://")):
        raise DirectoryUnavailable(
            "the directory's database must be a postgresql:// URL"
            " (for example postgresql://vedette@/vedette?host=/run/postgresql)"
        )
    db = peewee.PostgresqlDatabase(dsn, prefer_psycopg3=True)
    try:
        db.connect(reuse_if_open=True)
        db.close()
    except peewee.ImproperlyConfigured:
        raise DirectoryUnavailable(
            "the site directory needs PostgreSQL's driver: install vedette[site]"
            " (pip install 'vedette[site]')"
        ) from None
    except peewee.OperationalError as exc:
        raise DirectoryUnavailable(f"cannot reach PostgreSQL: {_first_line(exc)}") from None
    return db


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    enabled: bool


@dataclass(frozen=True)
class CameraRow:
    id: int
    uuid: str
    name: str
    main_url: str
    sub_url: str
    credentials: bytes | None
    server_id: str
    server_name: str
    enabled: bool
    record_audio: bool
    created_us: int
    updated_us: int


@dataclass(frozen=True)
class ServerRow:
    id: str
    name: str
    address: str
    version: str
    joined_us: int
    last_seen_us: int | None
    left_us: int | None
    cameras: int
    cameras_recording: int

    def state(self, now: int) -> str:
        if self.left_us is not None:
            return "left"
        if self.last_seen_us is not None and now - self.last_seen_us < OFFLINE_AFTER_S * 1e6:
            return "online"
        return "offline"


class DirectoryStore:
    """Every read and write of the directory's records. Blocking: the gRPC services
    call it on a worker thread (``asyncio.to_thread``)."""

    def __init__(self, db: peewee.PostgresqlDatabase, *, clock: Callable[[], int] = now_us):
        self.db = db
        self.clock = clock
        # One directory, one database per process: the models read it through the proxy.
        database_proxy.initialize(db)

    @contextmanager
    def _bound(self) -> Iterator[None]:
        """A connection of this thread's for the block (opened and closed: nothing
        stale survives PostgreSQL restarting), PostgreSQL's errors turned into
        DirectoryUnavailable."""
        try:
            with self.db.connection_context():
                yield
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            raise DirectoryUnavailable(f"PostgreSQL: {_first_line(exc)}") from None

    # -- creation ------------------------------------------------------------------

    def create_site(self, name: str, admin_password_hash: str) -> str:
        """Create the tables, the site and its ``admin``; returns the site id.
        JoinRefused when this database already holds a site."""
        with self._bound(), self.db.atomic():
            self.db.create_tables(MODELS, safe=True)
            existing = Site.select().first()
            if existing is not None:
                raise JoinRefused(
                    f"this database already holds the site {existing.name!r}"
                    f" ({existing.id}); use another database or that site's directory"
                )
            site_id = str(uuid.uuid4())
            now = self.clock()
            Site.create(id=site_id, name=name, created_us=now, schema_version=SCHEMA_VERSION)
            DirectoryUser.create(
                name="admin",
                password_hash=admin_password_hash,
                role="administrator",
                created_us=now,
                updated_us=now,
            )
            return site_id

    def site(self) -> tuple[str, str]:
        """(site id, name); DirectoryUnavailable when the database has no site."""
        with self._bound():
            try:
                row = Site.get()
            except (peewee.DoesNotExist, peewee.ProgrammingError):
                raise DirectoryUnavailable(
                    "the database holds no site: run `vedette-directory init` first"
                ) from None
            if row.schema_version > SCHEMA_VERSION:
                raise DirectoryUnavailable(
                    f"the site's schema is version {row.schema_version}, newer than this"
                    f" directory's {SCHEMA_VERSION}: upgrade vedette-directory"
                )
            return row.id, row.name

    # -- users ---------------------------------------------------------------------

    def user(self, name: str) -> DirectoryUser | None:
        with self._bound():
            return DirectoryUser.get_or_none(DirectoryUser.name == name)

    def users(self) -> tuple[int, list[UserRow]]:
        """(users version, every user by name), read in one transaction."""
        with self._bound(), self.db.atomic():
            version = int(Site.get().users_version)
            rows = list(DirectoryUser.select().order_by(DirectoryUser.name))
        return version, [UserRow(r.id, r.name, r.role, bool(r.enabled)) for r in rows]

    def users_version(self) -> int:
        with self._bound():
            return int(Site.get().users_version)

    def put_user(
        self, name: str, role: str, enabled: bool, password_hash: str | None
    ) -> tuple[UserRow, bool]:
        """Create or change a user; returns it and whether it was created. A new user
        needs a password; ``None`` keeps an existing one's. JoinRefused for a bad name
        or role, or for making the ``admin`` anything but an enabled administrator."""
        if not USER_NAME.match(name):
            raise JoinRefused(
                f"user name {name!r}: 1 to 27 letters, digits, '.', '-' or '_', starting"
                " with a letter or digit"
            )
        if role not in ROLES:
            raise JoinRefused(f"role {role!r}: one of {', '.join(ROLES)}")
        if name == "admin" and (role != "administrator" or not enabled):
            raise JoinRefused("the site's admin stays an enabled administrator")
        now = self.clock()
        with self._bound(), self.db.atomic():
            row = DirectoryUser.get_or_none(DirectoryUser.name == name)
            if row is None:
                if password_hash is None:
                    raise JoinRefused(f"a new user ({name!r}) needs a password")
                row = DirectoryUser.create(
                    name=name, password_hash=password_hash, role=role, enabled=enabled,
                    created_us=now, updated_us=now,
                )  # fmt: skip
                created = True
            else:
                fields: dict[str, Any] = {"role": role, "enabled": enabled, "updated_us": now}
                if password_hash is not None:
                    fields["password_hash"] = password_hash
                DirectoryUser.update(**fields).where(DirectoryUser.id == row.id).execute()
                created = False
            Site.update(users_version=Site.users_version + 1).execute()
            return UserRow(int(row.id), name, role, enabled), created

    def delete_user(self, name: str) -> UserRow | None:
        """Delete a user (never ``admin``); None when there is none of that name."""
        if name == "admin":
            raise JoinRefused("the site's admin cannot be deleted")
        with self._bound(), self.db.atomic():
            row = DirectoryUser.get_or_none(DirectoryUser.name == name)
            if row is None:
                return None
            DirectoryUser.delete().where(DirectoryUser.id == row.id).execute()
            Site.update(users_version=Site.users_version + 1).execute()
            return UserRow(int(row.id), str(row.name), str(row.role), bool(row.enabled))

    # -- join tokens ---------------------------------------------------------------

    def new_join_token(
        self, created_by: str, valid_s: int = DEFAULT_TOKEN_VALID_S
    ) -> tuple[str, int]:
        """A new token (128 random bits) and its expiry (µs); only its hash is stored."""
        if not MIN_TOKEN_VALID_S <= valid_s <= MAX_TOKEN_VALID_S:
            raise JoinRefused(
                f"a join token is valid {MIN_TOKEN_VALID_S} to {MAX_TOKEN_VALID_S} s, not {valid_s}"
            )
        token = secrets.token_urlsafe(16)
        now = self.clock()
        expires = now + valid_s * 1_000_000
        with self._bound():
            JoinToken.create(
                sha256=token_hash(token), created_us=now, expires_us=expires, created_by=created_by
            )
        return token, expires

    def join(
        self,
        token: str,
        server_id: str,
        name: str,
        address: str,
        version: str,
        sign: Callable[[], tuple[bytes, str]],
    ) -> bytes:
        """Consume ``token`` and make ``server_id`` a member named ``name``; ``sign``
        makes its certificate (PEM, fingerprint). All or nothing: a refused join leaves
        the token unused."""
        if not SERVER_NAME.match(name):
            raise JoinRefused(
                f"server name {name!r}: 1 to 64 letters, digits, '.', '-' or '_',"
                " starting with a letter or digit"
            )
        try:
            server_id = str(uuid.UUID(server_id))
        except ValueError:
            raise JoinRefused(f"server id {server_id!r} is not a UUID") from None
        now = self.clock()
        digest = token_hash(token)
        with self._bound(), self.db.atomic():
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (JOIN_LOCK,))
            taken = (
                MemberServer.select()
                .where(
                    (MemberServer.name == name),
                    MemberServer.left_us.is_null(),
                    MemberServer.id != server_id,
                )
                .first()
            )
            if taken is not None:
                raise JoinRefused(f"another member server is named {name!r}; choose another name")
            consumed = (
                JoinToken.update(used_us=now, used_by=server_id)
                .where(
                    JoinToken.sha256 == digest,
                    JoinToken.used_us.is_null(),
                    JoinToken.expires_us > now,
                )
                .execute()
            )
            if consumed != 1:
                raise TokenRefused(self._why_refused(digest, now))
            cert_pem, fingerprint = sign()
            fields: dict[str, Any] = {
                "name": name,
                "address": address,
                "version": version,
                "cert_fingerprint": fingerprint,
                "joined_us": now,
                "last_seen_us": None,
                "left_us": None,
            }
            if MemberServer.get_or_none(MemberServer.id == server_id) is None:
                MemberServer.create(id=server_id, **fields)
            else:
                MemberServer.update(**fields).where(MemberServer.id == server_id).execute()
            return cert_pem

    @staticmethod
    def _why_refused(digest: str, now: int) -> str:
        row = JoinToken.get_or_none(JoinToken.sha256 == digest)
        if row is None:
            return "unknown join token"
        if row.used_us is not None:
            return "this join token was already used; make a new one with `vedette-directory token`"
        return "this join token has expired; make a new one with `vedette-directory token`"

    # -- members -------------------------------------------------------------------

    def member(self, server_id: str, fingerprint: str) -> MemberServer | None:
        """The member whose current certificate this is; None for a server that left,
        an unknown one, or an old certificate."""
        with self._bound():
            return MemberServer.get_or_none(
                (MemberServer.id == server_id)
                & (MemberServer.cert_fingerprint == fingerprint)
                & MemberServer.left_us.is_null()
            )

    def heartbeat(
        self, server_id: str, fingerprint: str, address: str, version: str, cameras: int,
        recording: int,
    ) -> bool:  # fmt: skip
        """Record that the member is up; False when its certificate is not accepted."""
        with self._bound():
            changed = (
                MemberServer.update(
                    last_seen_us=self.clock(),
                    address=address,
                    version=version,
                    cameras=cameras,
                    cameras_recording=recording,
                )
                .where(
                    (MemberServer.id == server_id)
                    & (MemberServer.cert_fingerprint == fingerprint)
                    & MemberServer.left_us.is_null()
                )
                .execute()
            )
        return changed == 1

    def leave(self, server_id: str, fingerprint: str) -> bool:
        with self._bound():
            changed = (
                MemberServer.update(left_us=self.clock())
                .where(
                    (MemberServer.id == server_id)
                    & (MemberServer.cert_fingerprint == fingerprint)
                    & MemberServer.left_us.is_null()
                )
                .execute()
            )
        return changed == 1

    def servers(self) -> list[ServerRow]:
        with self._bound():
            rows = list(MemberServer.select().order_by(MemberServer.name, MemberServer.id))
        return [
            ServerRow(
                r.id,
                r.name,
                r.address,
                r.version,
                r.joined_us,
                r.last_seen_us,
                r.left_us,
                r.cameras,
                r.cameras_recording,
            )
            for r in rows
        ]

    # -- cameras -------------------------------------------------------------------

    def _camera_rows(self, query: Any) -> list[CameraRow]:
        names = {str(m.id): str(m.name) for m in MemberServer.select()}
        return [
            CameraRow(
                int(r.id),
                str(r.uuid),
                str(r.name),
                str(r.main_url),
                str(r.sub_url),
                None if r.credentials is None else bytes(r.credentials),
                str(r.server_id),
                names.get(str(r.server_id), ""),
                bool(r.enabled),
                bool(r.record_audio),
                int(r.created_us),
                int(r.updated_us),
            )
            for r in query
        ]

    def cameras(self) -> list[CameraRow]:
        with self._bound():
            return self._camera_rows(SiteCameraRow.select().order_by(SiteCameraRow.id))

    def camera(self, camera_id: int) -> CameraRow | None:
        with self._bound():
            rows = self._camera_rows(SiteCameraRow.select().where(SiteCameraRow.id == camera_id))
        return rows[0] if rows else None

    def cameras_of(self, server_id: str) -> tuple[int, list[CameraRow]]:
        """(cameras version, the cameras ``server_id`` records), in one transaction."""
        with self._bound(), self.db.atomic():
            version = int(Site.get().cameras_version)
            query = SiteCameraRow.select().where(SiteCameraRow.server_id == server_id)
            return version, self._camera_rows(query.order_by(SiteCameraRow.id))

    def cameras_version(self) -> int:
        with self._bound():
            return int(Site.get().cameras_version)

    def add_camera(
        self, name: str, main_url: str, sub_url: str, credentials: bytes | None,
        server_name: str, record_audio: bool,
    ) -> CameraRow:  # fmt: skip
        """A new camera, recorded by the member named ``server_name``. JoinRefused when
        the name is taken or no member has that server name."""
        now = self.clock()
        with self._bound(), self.db.atomic():
            server = MemberServer.get_or_none(
                (MemberServer.name == server_name) & MemberServer.left_us.is_null()
            )
            if server is None:
                members = [
                    str(m.name) for m in MemberServer.select().where(MemberServer.left_us.is_null())
                ]
                raise JoinRefused(
                    f"no member server is named {server_name!r}"
                    f" (members: {', '.join(sorted(members)) or 'none yet'})"
                )
            if SiteCameraRow.get_or_none(SiteCameraRow.name == name) is not None:
                raise JoinRefused(f"a camera of the site is already named {name!r}")
            row = SiteCameraRow.create(
                uuid=str(uuid.uuid4()), name=name, main_url=main_url, sub_url=sub_url,
                credentials=credentials, server_id=server.id, record_audio=record_audio,
                created_us=now, updated_us=now,
            )  # fmt: skip
            Site.update(cameras_version=Site.cameras_version + 1).execute()
            return self._camera_rows([row])[0]

    def delete_camera(self, camera_id: int) -> CameraRow | None:
        with self._bound(), self.db.atomic():
            rows = self._camera_rows(SiteCameraRow.select().where(SiteCameraRow.id == camera_id))
            if not rows:
                return None
            SiteCameraRow.delete().where(SiteCameraRow.id == camera_id).execute()
            Site.update(cameras_version=Site.cameras_version + 1).execute()
            return rows[0]

    # -- audit ---------------------------------------------------------------------

    def audit(
        self, action: str, message: str, *, username: str = "", peer: str = "", outcome: str = "ok"
    ) -> None:
        with self._bound():
            AuditEntry.create(
                time_us=self.clock(), action=action, message=message, username=username,
                peer=peer, outcome=outcome,
            )  # fmt: skip
