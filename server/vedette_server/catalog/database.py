"""Opening, checking and closing the catalog: one SQLite file in WAL mode.

``open_catalog(path)`` returns a ``Catalog``, the handle every catalog function takes.

Invariants:
- Every connection runs with ``journal_mode=WAL``, ``synchronous=FULL`` (a commit is on
  disk when it returns, power cut included), ``foreign_keys=ON`` and a busy timeout.
- A catalog is used only at the schema version this code knows: a new file is
  created, an older one upgraded (``migrations.py``), a newer one or a file that is not
  a Vedette catalog refused before anything is written to it.
- The connection is per thread (peewee's default), so the server may call the
  catalog from any executor thread; ``close()`` closes every thread's connection and
  any later use fails loudly instead of reopening the file.
- The models are bound to the catalog at open and unbound at close (peewee keeps the
  binding on the model classes: they follow the catalog opened last), while the
  catalog's own queries name their connection, so catalogs opened in turn, or at once
  in tests, never read each other's rows.

Also here: the catalog's domain errors, each carrying the facts it reports. Every
function and method here blocks (SQLite file I/O).
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from peewee import DatabaseError, SqliteDatabase

from vedette_server import errors
from vedette_server.catalog import migrations
from vedette_server.catalog.models import MODELS, Server

DEFAULT_BUSY_TIMEOUT_S: Final = 5.0


class CatalogError(errors.VedetteError):
    """Base of the catalog's domain errors.

    Each one that a request can cause also derives from the domain error whose gRPC
    status fits it (``CameraNotFound`` is a ``NotFound``), so one that escapes a
    servicer is answered NOT_FOUND, INVALID_ARGUMENT…, not INTERNAL. Constructors call
    ``Exception.__init__``: the mixed-in errors' take other arguments.
    """


class CatalogUnavailable(CatalogError):
    """The catalog file cannot be opened or used as a WAL database."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot open the catalog {path}: {reason}")
        self.path = path
        self.reason = reason


class NotACatalog(CatalogError):
    """The file is an SQLite database, but not a Vedette catalog."""

    def __init__(self, path: Path, found_application_id: int) -> None:
        super().__init__(
            f"{path} is not a Vedette catalog (application_id {found_application_id:#x},"
            f" expected {migrations.APPLICATION_ID:#x}); refusing to touch it"
        )
        self.path = path
        self.found_application_id = found_application_id


class CatalogTooNew(CatalogError):
    """The catalog was written by a newer Vedette than this one."""

    def __init__(self, path: Path, found_version: int, supported_version: int) -> None:
        super().__init__(
            f"the catalog {path} has schema version {found_version}, but this Vedette"
            f" knows versions up to {supported_version}: run the newer Vedette that"
            " wrote it, or restore a backup of the catalog made by this version"
        )
        self.path = path
        self.found_version = found_version
        self.supported_version = supported_version


class SegmentNotFound(CatalogError, errors.NotFound):
    def __init__(self, segment_id: int) -> None:
        Exception.__init__(self, f"no segment with id {segment_id}")
        self.segment_id = segment_id
        self.kind, self.key = "segment", segment_id


class SegmentNotOpen(CatalogError, errors.FailedPrecondition):
    def __init__(self, segment_id: int, end_us: int) -> None:
        Exception.__init__(self, f"segment {segment_id} is already complete (end_us {end_us})")
        self.segment_id = segment_id
        self.end_us = end_us


class SegmentLocked(CatalogError, errors.FailedPrecondition):
    def __init__(self, segment_id: int) -> None:
        Exception.__init__(self, f"segment {segment_id} is locked; unlock it before deleting it")
        self.segment_id = segment_id


class SegmentPathTaken(CatalogError, errors.AlreadyExists):
    def __init__(self, volume_id: int, relpath: str) -> None:
        Exception.__init__(
            self, f"volume {volume_id} already has a segment or garbage at {relpath!r}"
        )
        self.volume_id = volume_id
        self.relpath = relpath


class CameraNotFound(CatalogError, errors.NotFound):
    def __init__(self, camera_id: int) -> None:
        Exception.__init__(self, f"no camera with id {camera_id}")
        self.camera_id = camera_id
        self.kind, self.key = "camera", camera_id


class VolumeNotFound(CatalogError, errors.NotFound):
    def __init__(self, volume_id: int) -> None:
        Exception.__init__(self, f"no volume with id {volume_id}")
        self.volume_id = volume_id
        self.kind, self.key = "volume", volume_id


class DiskGroupNotFound(CatalogError, errors.NotFound):
    def __init__(self, disk_group_id: int) -> None:
        Exception.__init__(self, f"no disk group with id {disk_group_id}")
        self.disk_group_id = disk_group_id
        self.kind, self.key = "disk group", disk_group_id


class InvalidSegment(CatalogError, errors.InvalidArgument, ValueError):
    """A segment field has a value the catalog refuses; names the field and value."""

    def __init__(self, field_name: str, value: object, reason: str) -> None:
        Exception.__init__(self, f"segment {field_name} {errors.shown(value)}: {reason}")
        self.field_name = self.field = field_name
        self.value = value
        self.reason = reason


class InvalidTimeRange(CatalogError, errors.InvalidArgument, ValueError):
    def __init__(self, t0_us: int, t1_us: int) -> None:
        Exception.__init__(self, f"t1_us ({t1_us}) must be greater than t0_us ({t0_us})")
        self.t0_us = t0_us
        self.t1_us = t1_us
        self.field, self.reason = "t1_us", "must be greater than t0_us"


@dataclass(frozen=True, slots=True)
class ServerIdentity:
    """The server's identity, created with the catalog (written into volume.json)."""

    server_id: str
    created_us: int


class _ConnectionRegistry:
    """Every live connection of one catalog, whichever thread opened it."""

    def __init__(self) -> None:
        self._connections: weakref.WeakSet[sqlite3.Connection] = weakref.WeakSet()
        self._lock = threading.Lock()

    def connection_class(self) -> type[sqlite3.Connection]:
        """A ``sqlite3.Connection`` subclass whose instances register here."""
        registry = self

        class RegisteredConnection(sqlite3.Connection):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                with registry._lock:
                    registry._connections.add(self)

        return RegisteredConnection

    def close_all(self) -> None:
        with self._lock:
            connections = list(self._connections)
            self._connections.clear()
        for conn in connections:
            conn.close()


class Catalog:
    """An open catalog. Build it with ``open_catalog``; close it with ``close()``.

    The segment and timeline functions (``segments.py``, ``timeline.py``) take it as
    their first argument. Other code may query the models directly while the catalog
    is open (they are bound to it), inside ``atomic()`` when it writes more than a row.
    """

    def __init__(
        self, path: Path, database: SqliteDatabase, connections: _ConnectionRegistry
    ) -> None:
        self._path = path
        self._db = database
        self._connections = connections
        self._closed = False

    @property
    def path(self) -> Path:
        return self._path

    @property
    def database(self) -> SqliteDatabase:
        """The peewee database; pass it to ``query.execute(...)`` to be explicit."""
        return self._db

    @property
    def closed(self) -> bool:
        return self._closed

    def atomic(self) -> AbstractContextManager[Any]:
        """A write transaction (``BEGIN IMMEDIATE``); nested, a savepoint. Blocking.

        Committed when the block ends, rolled back if it raises.
        """
        return self._db.atomic("IMMEDIATE")

    def server_identity(self) -> ServerIdentity:
        """This server's id and creation time. Blocking."""
        row = Server.select().where(Server.id == 1).get(self._db)
        return ServerIdentity(server_id=str(row.server_id), created_us=int(row.created_us))

    def integrity_check(self) -> list[str]:
        """Problems found by ``PRAGMA integrity_check``, ``foreign_key_check`` and a
        recount of ``camera_totals``.

        Empty when the catalog is sound. Blocking: reads the whole file.
        """
        try:
            rows = [row[0] for row in self._db.execute_sql("PRAGMA integrity_check").fetchall()]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, fk_index in self._db.execute_sql(
                "PRAGMA foreign_key_check"
            ).fetchall():
                problems.append(
                    f"{table} row {rowid}: foreign key #{fk_index} names a missing {parent} row"
                )
            problems += _totals_problems(self._db)
        except (DatabaseError, sqlite3.DatabaseError) as exc:  # too damaged to finish
            return [f"the check stopped: {exc}"]
        return problems

    def close(self) -> None:
        """Close every thread's connection (the WAL is checkpointed). Idempotent. Blocking.

        Any later use of this catalog raises instead of reopening the file.
        """
        if self._closed:
            return
        self._closed = True
        if Server._meta.database is self._db:
            for model in MODELS:
                model.bind(None, bind_refs=False, bind_backrefs=False)
        _close_database(self._db, self._connections)

    def __enter__(self) -> Catalog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Catalog({str(self._path)!r}{', closed' if self._closed else ''})"


def _totals_problems(db: SqliteDatabase) -> list[str]:
    """``camera_totals`` rows that differ from a recount of the segments."""
    rows = db.execute_sql(
        "WITH counted AS (SELECT camera_id, count(*) AS segments, sum(size_bytes) AS size_bytes"
        " FROM segment GROUP BY camera_id)"
        " SELECT camera_id, t.segments, t.size_bytes, c.segments, c.size_bytes"
        " FROM counted AS c LEFT JOIN camera_totals AS t USING (camera_id)"
        " WHERE t.segments IS NOT c.segments OR t.size_bytes IS NOT c.size_bytes"
        " UNION ALL SELECT camera_id, segments, size_bytes, 0, 0 FROM camera_totals"
        " WHERE (segments <> 0 OR size_bytes <> 0)"
        " AND camera_id NOT IN (SELECT camera_id FROM segment)"
    ).fetchall()
    return [
        f"camera_totals of camera {camera_id} say {kept_n} segments and {kept_b} bytes;"
        f" its segments are {real_n} and {real_b} bytes"
        for camera_id, kept_n, kept_b, real_n, real_b in rows
    ]


def open_catalog(path: Path, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Catalog:
    """Open (creating or upgrading if needed) the catalog at ``path``. Blocking.

    Raises ``CatalogUnavailable`` when the file cannot be opened in WAL mode,
    ``NotACatalog`` for another application's database, ``CatalogTooNew`` when a
    newer Vedette wrote it.
    """
    connections = _ConnectionRegistry()
    db = SqliteDatabase(
        str(path),
        pragmas=[("journal_mode", "wal"), ("synchronous", "full"), ("foreign_keys", 1)],
        timeout=busy_timeout_s,
        check_same_thread=False,  # so close() can close every thread's connection
        factory=connections.connection_class(),
    )
    try:
        _prepare(db, path)
    except BaseException:
        _close_database(db, connections)
        raise
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    return Catalog(path, db, connections)


def _close_database(db: SqliteDatabase, connections: _ConnectionRegistry) -> None:
    connections.close_all()
    db.init(None)  # resets this thread's state; connect() now raises InterfaceError


def _prepare(db: SqliteDatabase, path: Path) -> None:
    """Check the file is ours and at a version we know; create or upgrade it."""
    try:
        journal_mode = db.execute_sql("PRAGMA journal_mode").fetchone()[0]
    except (DatabaseError, sqlite3.Error) as exc:
        raise CatalogUnavailable(path, str(exc)) from exc
    if journal_mode != "wal":
        raise CatalogUnavailable(path, f"journal_mode is {journal_mode!r}, not 'wal'")
    version = migrations.schema_version(db)
    if version == 0 and migrations.is_empty(db):
        migrations.create_schema(db)
        return
    found_application_id = migrations.application_id(db)
    if found_application_id != migrations.APPLICATION_ID:
        raise NotACatalog(path, found_application_id)
    if version > migrations.SCHEMA_VERSION:
        raise CatalogTooNew(path, version, migrations.SCHEMA_VERSION)
    migrations.upgrade(db)
