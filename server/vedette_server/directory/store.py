"""The site directory's records in PostgreSQL (peewee on psycopg 3).

The directory is the single writer of every site-wide record; recording servers
never connect here (they call the directory over gRPC). What this module holds so
far: the site, its users (with the role they have on every member server), join
tokens, member servers, the site's cameras, site-wide saved views and tours (schema
3) and an audit trail of site actions.

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

import contextlib
import hashlib
import logging
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import peewee

from vedette_server.saved_views import SavedViews, ViewTables

log = logging.getLogger(__name__)
T = TypeVar("T")

SCHEMA_VERSION = 3
#: The advisory lock key serialising joins (any constant the site uses once).
JOIN_LOCK = 0x7665_6400_0001
#: The advisory lock key serialising the directory's own alarms.
ALARM_LOCK = 0x7665_6400_0003
DEFAULT_TOKEN_VALID_S = 3600
MIN_TOKEN_VALID_S = 60
MAX_TOKEN_VALID_S = 7 * 24 * 3600
#: A server not heard from for this long is offline (issue 19: 1 s heartbeats).
OFFLINE_AFTER_S = 5.0
#: How many cameras a member may record unless it said otherwise at its join.
DEFAULT_CAPACITY = 64
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
    #: Site setting: members keep the users' password hashes for offline sign-in.
    offline_login = peewee.BooleanField(default=False)


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
    standby = peewee.BooleanField(default=False)
    capacity = peewee.IntegerField(default=DEFAULT_CAPACITY)
    clock_offset_us = peewee.BigIntegerField(default=0)
    #: The SHA-256 of the certificate its API presents (``AB:CD:…``), as its last
    #: heartbeat said over the site's mutual TLS: what consoles, pinned to the
    #: directory, trust it by (schema 2).
    api_fingerprint = peewee.TextField(default="")


#: What each schema version adds to the one before (run in order by ``site``).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE member_server"
        " ADD COLUMN IF NOT EXISTS api_fingerprint TEXT NOT NULL DEFAULT ''",
    ),
    # Site-wide saved views and tours: the tables ``SiteView`` and ``SiteTour`` make
    # in a new site (what peewee's create_tables writes for them).
    3: (
        "CREATE TABLE IF NOT EXISTS site_view (id SERIAL NOT NULL PRIMARY KEY,"
        " owner_id INTEGER NOT NULL, name TEXT NOT NULL, layout INTEGER NOT NULL,"
        " tiles TEXT NOT NULL, shared BOOLEAN NOT NULL, updated_us BIGINT NOT NULL,"
        " FOREIGN KEY (owner_id) REFERENCES directory_user (id) ON DELETE CASCADE)",
        "CREATE INDEX IF NOT EXISTS site_view_owner_id ON site_view (owner_id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS site_view_owner_id_name ON site_view (owner_id, name)",
        "CREATE TABLE IF NOT EXISTS site_tour (id SERIAL NOT NULL PRIMARY KEY,"
        " owner_id INTEGER NOT NULL, name TEXT NOT NULL, steps TEXT NOT NULL,"
        " shared BOOLEAN NOT NULL, updated_us BIGINT NOT NULL,"
        " FOREIGN KEY (owner_id) REFERENCES directory_user (id) ON DELETE CASCADE)",
        "CREATE INDEX IF NOT EXISTS site_tour_owner_id ON site_tour (owner_id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS site_tour_owner_id_name ON site_tour (owner_id, name)",
    ),
}


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
    #: The server it belongs on: where it was added or last moved by hand; a
    #: failover moves it elsewhere, a failback brings it home.
    home_server_id = peewee.TextField()
    enabled = peewee.BooleanField(default=True)
    record_audio = peewee.BooleanField(default=True)
    created_us = peewee.BigIntegerField()
    updated_us = peewee.BigIntegerField()

    class Meta:
        table_name = "site_camera"


class Custody(_Model):
    """Which member server held a camera when (end null: it still does)."""

    id = peewee.BigAutoField()
    camera_uuid = peewee.TextField(index=True)
    server_id = peewee.TextField()
    start_us = peewee.BigIntegerField()
    end_us = peewee.BigIntegerField(null=True)
    reason = peewee.TextField()


class SiteAlarmRow(_Model):
    """The latest state of a member server's alarm (the server is its only writer)."""

    id = peewee.BigAutoField()
    server_id = peewee.TextField()
    alarm_id = peewee.BigIntegerField()
    version = peewee.BigIntegerField()
    title = peewee.TextField()
    rule_name = peewee.TextField(default="")
    priority = peewee.IntegerField()
    state = peewee.TextField()
    first_us = peewee.BigIntegerField()
    last_us = peewee.BigIntegerField(index=True)
    count = peewee.IntegerField(default=1)
    cameras = peewee.TextField(default="[]")  # JSON [[name, site camera id or ""], ...]

    class Meta:
        table_name = "site_alarm"
        indexes = ((("server_id", "alarm_id"), True),)


class OutboxAck(_Model):
    """The highest outbox number the directory holds from each member server."""

    server_id = peewee.TextField(primary_key=True)
    sequence = peewee.BigIntegerField()


class SiteView(_Model):
    """A live layout a site user saved at the directory (saved_views.py's shape, camera
    ids of ``site_camera``); ``tiles`` is JSON text as in a server's catalog."""

    id = peewee.AutoField()
    owner = peewee.ForeignKeyField(DirectoryUser, column_name="owner_id", on_delete="CASCADE")
    name = peewee.TextField()
    layout = peewee.IntegerField()
    tiles = peewee.TextField()
    shared = peewee.BooleanField(default=False)
    updated_us = peewee.BigIntegerField()

    class Meta:
        indexes = ((("owner", "name"), True),)


class SiteTour(_Model):
    """A sequence of site views shown in turn; ``steps`` is JSON
    ``[[view_id, dwell_seconds], ...]``."""

    id = peewee.AutoField()
    owner = peewee.ForeignKeyField(DirectoryUser, column_name="owner_id", on_delete="CASCADE")
    name = peewee.TextField()
    steps = peewee.TextField()
    shared = peewee.BooleanField(default=False)
    updated_us = peewee.BigIntegerField()

    class Meta:
        indexes = ((("owner", "name"), True),)


#: Where the directory keeps site-wide views and tours (``saved_views.SavedViews``).
SITE_VIEW_TABLES = ViewTables(SiteView, SiteTour, DirectoryUser)


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
    Custody,
    SiteAlarmRow,
    OutboxAck,
    AuditEntry,
    SiteView,
    SiteTour,
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
    #: Only while the site allows offline sign-in (what members keep), else "".
    password_hash: str = ""


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
class CustodyRow:
    server: str
    address: str
    start_us: int
    end_us: int | None
    reason: str


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
    standby: bool = False
    capacity: int = DEFAULT_CAPACITY
    cameras_assigned: int = 0
    clock_offset_us: int = 0
    api_fingerprint: str = ""

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
        #: Site-wide saved views and tours; call them through ``bound``.
        self.views = SavedViews(self, SITE_VIEW_TABLES)

    @property
    def database(self) -> peewee.PostgresqlDatabase:
        """The peewee database (what ``SavedViews`` runs its queries on)."""
        return self.db

    def bound(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``call(*args, **kwargs)`` on this thread's connection (``_bound``): for
        ``self.views``, whose errors (NotFound, InvalidArgument…) pass through."""
        with self._bound():
            return call(*args, **kwargs)

    @contextmanager
    def _bound(self) -> Iterator[None]:
        """This thread's connection for the block (peewee keeps one per thread, kept
        open between calls: connecting costs milliseconds; a ``SELECT 1`` first, a tenth
        of that, finds one PostgreSQL dropped and connects again), PostgreSQL's errors
        turned into DirectoryUnavailable. A connection that failed is closed, so the
        next call connects again."""
        if not self.db.is_closed():
            try:  # a connection PostgreSQL dropped (a restart) fails here, not in the call
                self.db.execute_sql("SELECT 1")
            except (peewee.OperationalError, peewee.InterfaceError):
                with contextlib.suppress(Exception):
                    self.db.close()
        try:
            if self.db.is_closed():
                self.db.connect()
            yield
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            with contextlib.suppress(Exception):
                self.db.close()
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
            if row.schema_version < SCHEMA_VERSION:
                self._migrate(row)
            return row.id, row.name

    def _migrate(self, row: Site) -> None:
        """Bring an older site's tables to this directory's schema, in one transaction."""
        with self.db.atomic():
            for version in range(int(row.schema_version) + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    self.db.execute_sql(statement)
            Site.update(schema_version=SCHEMA_VERSION).where(Site.id == row.id).execute()
        log.info("site schema upgraded from %d to %d", row.schema_version, SCHEMA_VERSION)

    # -- users ---------------------------------------------------------------------

    def user(self, name: str) -> DirectoryUser | None:
        with self._bound():
            return DirectoryUser.get_or_none(DirectoryUser.name == name)

    def users(self) -> tuple[int, list[UserRow]]:
        """(users version, every user by name), read in one transaction."""
        with self._bound(), self.db.atomic():
            site = Site.get()
            version, hashes = int(site.users_version), bool(site.offline_login)
            rows = list(DirectoryUser.select().order_by(DirectoryUser.name))
        return version, [
            UserRow(r.id, r.name, r.role, bool(r.enabled), str(r.password_hash) if hashes else "")
            for r in rows
        ]

    def offline_login(self) -> bool:
        with self._bound():
            return bool(Site.get().offline_login)

    def set_offline_login(self, on: bool) -> None:
        """Change the setting; the users' version moves, so members get the list again
        (with the hashes, or without them: they forget theirs)."""
        with self._bound(), self.db.atomic():
            Site.update(offline_login=on, users_version=Site.users_version + 1).execute()

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
        *,
        standby: bool = False,
        capacity: int = 0,
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
                "standby": standby,
                "capacity": capacity or DEFAULT_CAPACITY,
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
        recording: int, clock_offset_us: int = 0, api_fingerprint: str = "",
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
                    clock_offset_us=clock_offset_us,
                    api_fingerprint=api_fingerprint,
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
            assigned = self._assigned_counts()
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
                bool(r.standby),
                int(r.capacity),
                assigned.get(str(r.id), 0),
                int(r.clock_offset_us),
                str(r.api_fingerprint),
            )
            for r in rows
        ]

    @staticmethod
    def _assigned_counts() -> dict[str, int]:
        query = (
            SiteCameraRow.select(SiteCameraRow.server_id, peewee.fn.COUNT(SiteCameraRow.id))
            .group_by(SiteCameraRow.server_id)
            .tuples()
        )
        rows: Any = query
        return {str(server_id): int(count) for server_id, count in rows}

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

    def camera_ids(self) -> set[int]:
        """The ids of the site's cameras (what a site view's tiles may name)."""
        with self._bound():
            return {int(r.id) for r in SiteCameraRow.select(SiteCameraRow.id)}

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
                uuid=str(uuid.uuid4()),
                name=name,
                main_url=main_url,
                sub_url=sub_url,
                credentials=credentials,
                server_id=server.id,
                home_server_id=server.id,
                record_audio=record_audio,
                created_us=now,
                updated_us=now,
            )
            Custody.create(camera_uuid=row.uuid, server_id=server.id, start_us=now, reason="added")
            Site.update(cameras_version=Site.cameras_version + 1).execute()
            return self._camera_rows([row])[0]

    def delete_camera(self, camera_id: int) -> CameraRow | None:
        with self._bound(), self.db.atomic():
            rows = self._camera_rows(SiteCameraRow.select().where(SiteCameraRow.id == camera_id))
            if not rows:
                return None
            SiteCameraRow.delete().where(SiteCameraRow.id == camera_id).execute()
            Custody.update(end_us=self.clock()).where(
                (Custody.camera_uuid == rows[0].uuid) & Custody.end_us.is_null()
            ).execute()
            Site.update(cameras_version=Site.cameras_version + 1).execute()
            return rows[0]

    def _give(
        self, rows: list[SiteCameraRow], server: MemberServer, reason: str, home: bool
    ) -> int:
        """Give cameras to ``server`` (inside a transaction): custody closed and opened,
        the cameras' version bumped once. Returns how many changed server."""
        now = self.clock()
        moved = 0
        for row in rows:
            if str(row.server_id) == str(server.id):
                continue
            fields: dict[str, Any] = {"server_id": server.id, "updated_us": now}
            if home:
                fields["home_server_id"] = server.id
            SiteCameraRow.update(**fields).where(SiteCameraRow.id == row.id).execute()
            Custody.update(end_us=now).where(
                (Custody.camera_uuid == row.uuid) & Custody.end_us.is_null()
            ).execute()
            Custody.create(camera_uuid=row.uuid, server_id=server.id, start_us=now, reason=reason)
            moved += 1
        if moved:
            Site.update(cameras_version=Site.cameras_version + 1).execute()
        return moved

    @staticmethod
    def _room(server: MemberServer) -> int:
        held = SiteCameraRow.select().where(SiteCameraRow.server_id == server.id).count()
        return int(server.capacity) - int(held)

    def move_cameras(self, camera_ids: list[int], server_name: str) -> int:
        """Give cameras to the member ``server_name`` for good (their new home)."""
        with self._bound(), self.db.atomic():
            server = self._member_named(server_name)
            rows = list(SiteCameraRow.select().where(SiteCameraRow.id.in_(camera_ids)))
            missing = sorted(set(camera_ids) - {int(r.id) for r in rows})
            if missing:
                raise JoinRefused(f"no camera of the site has id {missing[0]}")
            arriving = [r for r in rows if str(r.server_id) != str(server.id)]
            if len(arriving) > self._room(server):
                raise JoinRefused(
                    f"{server_name} may record {server.capacity} cameras; these would exceed it"
                )
            return self._give(arriving, server, "moved", home=True)

    def failback(self, server_name: str) -> int:
        """Give every camera whose home is ``server_name`` back to it."""
        with self._bound(), self.db.atomic():
            server = self._member_named(server_name)
            rows = list(
                SiteCameraRow.select().where(
                    (SiteCameraRow.home_server_id == server.id)
                    & (SiteCameraRow.server_id != server.id)
                )
            )
            return self._give(rows, server, "failback", home=False)

    @staticmethod
    def _member_named(name: str) -> MemberServer:
        server = MemberServer.get_or_none(
            (MemberServer.name == name) & MemberServer.left_us.is_null()
        )
        if server is None:
            raise JoinRefused(f"no member server is named {name!r}")
        return server

    def fail_over(self, down_after_s: float) -> list[tuple[str, str, int, int]]:
        """Move the cameras of every member not heard from for ``down_after_s`` to the
        online standby with the most room. Returns, per failed server, (its name, the
        standby's name or "", cameras moved, cameras left where they were)."""
        now = self.clock()
        limit = now - int(down_after_s * 1e6)
        done: list[tuple[str, str, int, int]] = []
        with self._bound(), self.db.atomic():
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (JOIN_LOCK,))
            members = list(MemberServer.select().where(MemberServer.left_us.is_null()))
            down = [m for m in members if m.last_seen_us is not None and m.last_seen_us < limit]
            standbys = [
                m for m in members
                if m.standby and m.last_seen_us is not None and m.last_seen_us >= limit
            ]  # fmt: skip
            for server in down:
                rows = list(
                    SiteCameraRow.select()
                    .where(SiteCameraRow.server_id == server.id)
                    .order_by(SiteCameraRow.id)
                )
                if not rows:
                    continue
                best = max(standbys, key=self._room, default=None)
                room = 0 if best is None else self._room(best)
                if best is None or room <= 0:
                    done.append((str(server.name), "", 0, len(rows)))
                    continue
                moved = self._give(rows[:room], best, "failover", home=False)
                done.append((str(server.name), str(best.name), moved, len(rows) - moved))
        return done

    def custody(
        self, camera_id: int | str, start_us: int, end_us: int
    ) -> tuple[str, list[CustodyRow]]:
        """(the camera's site id, its custody intervals overlapping [start, end)), in
        one query (a merged timeline asks this first: it must cost little). The
        camera by its id here (an int) or its site id (a str)."""
        sql = (
            "SELECT c.uuid, k.start_us, k.end_us, k.reason, m.name, m.address"
            " FROM site_camera c"
            " LEFT JOIN custody k ON k.camera_uuid = c.uuid AND k.start_us < %s"
            "  AND (k.end_us IS NULL OR k.end_us > %s)"
            " LEFT JOIN member_server m ON m.id = k.server_id"
            f" WHERE c.{'uuid' if isinstance(camera_id, str) else 'id'} = %s"
            " ORDER BY k.start_us, k.id"
        )
        with self._bound():
            rows = self.db.execute_sql(sql, (end_us, start_us, camera_id)).fetchall()
        if not rows:
            raise JoinRefused(f"no camera of the site has id {camera_id}")
        intervals = [
            CustodyRow(
                str(name or ""),
                str(address or ""),
                int(start),
                None if end is None else int(end),
                str(reason),
            )
            for _, start, end, reason, name, address in rows
            if start is not None
        ]
        return str(rows[0][0]), intervals

    # -- alarms ----------------------------------------------------------------------

    def push_alarms(self, server_id: str, items: list[tuple[int, dict[str, Any]]]) -> int:
        """Keep the alarms of ``items`` ((outbox number, alarm fields), numbers
        increasing) that are newer than what is held; returns the highest number held.
        One transaction: a replay of items already held changes nothing."""
        with self._bound(), self.db.atomic():
            ack = OutboxAck.get_or_none(OutboxAck.server_id == server_id)
            held = 0 if ack is None else int(ack.sequence)
            for sequence, alarm in items:
                if sequence <= held:
                    continue
                current = SiteAlarmRow.get_or_none(
                    (SiteAlarmRow.server_id == server_id)
                    & (SiteAlarmRow.alarm_id == alarm["alarm_id"])
                )
                if current is None:
                    SiteAlarmRow.create(server_id=server_id, **alarm)
                elif int(current.version) <= int(alarm["version"]):
                    SiteAlarmRow.update(**alarm).where(SiteAlarmRow.id == current.id).execute()
                held = sequence
            if ack is None:
                OutboxAck.create(server_id=server_id, sequence=held)
            else:
                OutboxAck.update(sequence=held).where(OutboxAck.server_id == server_id).execute()
            return held

    def raise_site_alarm(self, key: str, title: str, priority: int) -> bool:
        """An alarm of the directory's own (``server_id`` ""), one open per ``key``
        (kept in ``rule_name``); False when one is open already."""
        now = self.clock()
        with self._bound(), self.db.atomic():
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (ALARM_LOCK,))
            open_row = SiteAlarmRow.get_or_none(
                (SiteAlarmRow.server_id == "")
                & (SiteAlarmRow.rule_name == key)
                & (SiteAlarmRow.state != "closed")
            )
            if open_row is not None:
                return False
            last = (
                SiteAlarmRow.select(peewee.fn.MAX(SiteAlarmRow.alarm_id))
                .where(SiteAlarmRow.server_id == "")
                .scalar()
            )
            SiteAlarmRow.create(
                server_id="", alarm_id=int(last or 0) + 1, version=1, title=title,
                rule_name=key, priority=priority, state="new", first_us=now, last_us=now,
            )  # fmt: skip
            return True

    def close_site_alarm(self, key: str) -> bool:
        """Close the directory's open alarm of ``key``; False when none is open."""
        with self._bound():
            changed = (
                SiteAlarmRow.update(
                    state="closed", last_us=self.clock(), version=SiteAlarmRow.version + 1
                )
                .where(
                    (SiteAlarmRow.server_id == "")
                    & (SiteAlarmRow.rule_name == key)
                    & (SiteAlarmRow.state != "closed")
                )
                .execute()
            )
        return changed > 0

    def alarms(self, limit: int, open_only: bool) -> list[tuple[str, SiteAlarmRow]]:
        """(server name, alarm) newest first."""
        with self._bound():
            names = {str(m.id): str(m.name) for m in MemberServer.select()} | {"": "directory"}
            query = SiteAlarmRow.select().order_by(
                SiteAlarmRow.last_us.desc(), SiteAlarmRow.id.desc()
            )
            if open_only:
                query = query.where(SiteAlarmRow.state != "closed")
            return [(names.get(str(r.server_id), ""), r) for r in query.limit(limit)]

    # -- audit ---------------------------------------------------------------------

    def audit(
        self, action: str, message: str, *, username: str = "", peer: str = "", outcome: str = "ok"
    ) -> None:
        with self._bound():
            AuditEntry.create(
                time_us=self.clock(), action=action, message=message, username=username,
                peer=peer, outcome=outcome,
            )  # fmt: skip
