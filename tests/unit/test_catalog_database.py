"""Opening, refusing, checking and closing the catalog; the schema's own constraints."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from peewee import IntegrityError, InterfaceError, ProgrammingError

from vedette_server.catalog import (
    Catalog,
    CatalogTooNew,
    CatalogUnavailable,
    NotACatalog,
    VolumeState,
    open_catalog,
    segments_overlapping,
)
from vedette_server.catalog.migrations import APPLICATION_ID, SCHEMA_VERSION
from vedette_server.catalog.models import (
    Account,
    Camera,
    DiskGroup,
    PermissionGroup,
    Segment,
    Volume,
)

ARGON2_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
VOLUME_UUID = "0b6e4f3e-9d4c-4a55-9d0e-5f2a3e1c7a10"


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def add_camera(catalog: Catalog, name: str) -> int:
    query = Camera.insert(name=name, main_url="rtsp://cam/main", created_us=1, updated_us=1)
    return int(query.execute(catalog.database))


def add_account(
    catalog: Catalog, name: str, *, password_hash: str = ARGON2_HASH, group: int = 1
) -> int:
    query = Account.insert(
        name=name,
        password_hash=password_hash,
        group=group,
        password_changed_us=1,
        created_us=1,
        updated_us=1,
    )
    return int(query.execute(catalog.database))


def add_volume(catalog: Catalog, volume_uuid: str, path: str) -> int:
    return int(Volume.insert(uuid=volume_uuid, path=path).execute(catalog.database))


def pragma(catalog: Catalog, name: str) -> object:
    return catalog.database.execute_sql(f"PRAGMA {name}").fetchone()[0]


def test_catalog_runs_in_wal_with_full_sync_foreign_keys_and_a_busy_timeout(
    catalog: Catalog,
) -> None:
    assert pragma(catalog, "journal_mode") == "wal"
    assert pragma(catalog, "synchronous") == 2  # FULL
    assert pragma(catalog, "foreign_keys") == 1
    assert pragma(catalog, "busy_timeout") == 5000
    assert pragma(catalog, "user_version") == SCHEMA_VERSION
    assert pragma(catalog, "application_id") == APPLICATION_ID


def test_a_new_catalog_has_a_server_identity_that_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    with open_catalog(path) as catalog:
        identity = catalog.server_identity()
    with open_catalog(path) as catalog:
        assert catalog.server_identity() == identity
    assert len(identity.server_id) == 36
    assert identity.created_us > 1_600_000_000_000_000  # µs, not seconds or ns


def test_disk_group_1_exists_from_the_start_and_cannot_be_deleted(catalog: Catalog) -> None:
    db = catalog.database
    group = DiskGroup.get_by_id(1)
    assert (group.name, group.overwrite, group.reserve_bytes) == ("Group 1", True, 1 << 30)
    with pytest.raises(IntegrityError, match="cannot be deleted"):
        DiskGroup.delete().where(DiskGroup.id == 1).execute(db)
    with pytest.raises(IntegrityError, match="cannot be renumbered"):
        DiskGroup.update(id=2).where(DiskGroup.id == 1).execute(db)
    DiskGroup.insert(id=2, name="Group 2").execute(db)
    assert DiskGroup.delete().where(DiskGroup.id == 2).execute(db) == 1
    with pytest.raises(IntegrityError):
        DiskGroup.insert(id=9, name="Group 9").execute(db)


def test_a_catalog_written_by_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    open_catalog(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CatalogTooNew) as refused:
        open_catalog(path)
    assert refused.value.found_version == SCHEMA_VERSION + 1
    assert refused.value.supported_version == SCHEMA_VERSION
    assert f"schema version {SCHEMA_VERSION + 1}" in str(refused.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    with pytest.raises(NotACatalog, match="not a Vedette catalog"):
        open_catalog(path)
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    assert tables == [("notes",)]


@pytest.mark.parametrize("make_path", ["not_a_database", "missing_directory"])
def test_an_unusable_file_is_reported_with_its_path(tmp_path: Path, make_path: str) -> None:
    if make_path == "not_a_database":
        path = tmp_path / "catalog.sqlite3"
        path.write_bytes(b"this is not an SQLite file\n" * 100)
    else:
        path = tmp_path / "missing" / "catalog.sqlite3"
    with pytest.raises(CatalogUnavailable) as refused:
        open_catalog(path)
    assert refused.value.path == path
    assert str(path) in str(refused.value)


def damage_index_definition(path: Path, root_page: int, page_size: int) -> str:
    """Make index camera_disk_group claim to index created_us; its entries no longer match."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX camera_disk_group ON camera (created_us)'"
        " WHERE name = 'camera_disk_group'"
    )
    conn.commit()
    conn.close()
    return "missing from index camera_disk_group"


def zero_index_page(path: Path, root_page: int, page_size: int) -> str:
    """Overwrite the unique index on camera names with zeros."""
    with path.open("r+b") as f:
        f.seek((root_page - 1) * page_size)
        f.write(bytes(page_size))
    return "malformed"


@pytest.mark.parametrize("damage", [damage_index_definition, zero_index_page])
def test_integrity_check_is_empty_when_sound_and_reports_damage(
    tmp_path: Path, damage: Callable[[Path, int, int], str]
) -> None:
    path = tmp_path / "catalog.sqlite3"
    with open_catalog(path) as catalog:
        for i in range(20):
            Camera.insert(
                name=f"camera {i}", main_url="rtsp://cam/", created_us=i, updated_us=i
            ).execute(catalog.database)
        assert catalog.integrity_check() == []
        root_page = catalog.database.execute_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_camera_1'"
        ).fetchone()[0]
        page_size = pragma(catalog, "page_size")
    assert isinstance(page_size, int)
    expected = damage(path, root_page, page_size)
    with open_catalog(path) as catalog:
        problems = catalog.integrity_check()
    assert any(expected in problem for problem in problems), problems


def test_foreign_keys_are_enforced(catalog: Catalog) -> None:
    db = catalog.database
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        Volume.insert(uuid=VOLUME_UUID, path="/v", disk_group=5).execute(db)
    volume_id = add_volume(catalog, VOLUME_UUID, "/v")
    camera_id = add_camera(catalog, "Gate")
    row = {
        "stream": 1, "relpath": "a.vseg", "start_us": 0,
        "record_reasons": 1, "codec": "h264", "width": 1, "height": 1,
    }  # fmt: skip
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        Segment.insert(camera=camera_id + 1, volume=volume_id, **row).execute(db)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        Segment.insert(camera=camera_id, volume=volume_id + 1, **row).execute(db)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):  # the uuid is not the key
        Segment.insert(camera=camera_id, volume=VOLUME_UUID, **row).execute(db)
    Segment.insert(camera=camera_id, volume=volume_id, **row).execute(db)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        Camera.delete().where(Camera.id == camera_id).execute(db)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        Volume.delete().where(Volume.id == volume_id).execute(db)
    assert catalog.integrity_check() == []


def test_volume_ids_are_integers_never_reused_and_uuids_are_unique(catalog: Catalog) -> None:
    first = add_volume(catalog, VOLUME_UUID, "/v1")
    assert isinstance(first, int)
    assert Volume.get_by_id(first).uuid == VOLUME_UUID
    with pytest.raises(IntegrityError, match="UNIQUE"):
        add_volume(catalog, VOLUME_UUID, "/v2")
    with pytest.raises(IntegrityError, match="UNIQUE"):
        add_volume(catalog, str(uuid.uuid4()), "/v1")
    with pytest.raises(IntegrityError, match="CHECK"):
        add_volume(catalog, VOLUME_UUID.replace("-", ""), "/v3")
    with pytest.raises(IntegrityError, match="NOT NULL"):
        Volume.insert(path="/v4").execute(catalog.database)
    Volume.delete().where(Volume.id == first).execute(catalog.database)
    assert add_volume(catalog, VOLUME_UUID, "/v1") == first + 1


def test_a_volume_state_is_one_of_the_known_states(catalog: Catalog) -> None:
    volume_id = add_volume(catalog, VOLUME_UUID, "/v")
    assert Volume.get_by_id(volume_id).state == VolumeState.NONE.value
    for state in VolumeState:
        Volume.update(state=state.value).where(Volume.id == volume_id).execute(catalog.database)
        assert VolumeState(Volume.get_by_id(volume_id).state) is state
    assert VolumeState("foreign") is VolumeState.FOREIGN
    with pytest.raises(IntegrityError, match="CHECK"):
        Volume.update(state="broken").where(Volume.id == volume_id).execute(catalog.database)


def test_camera_and_user_names_are_unique_whatever_their_case(catalog: Catalog) -> None:
    db = catalog.database
    add_camera(catalog, "Front Door")
    with pytest.raises(IntegrityError, match="UNIQUE"):
        add_camera(catalog, "FRONT door")
    add_account(catalog, "admin")
    with pytest.raises(IntegrityError, match="UNIQUE"):
        add_account(catalog, "Admin")
    assert Camera.select().where(Camera.name == "front DOOR").count(db) == 1


def test_camera_ids_are_never_reused(catalog: Catalog) -> None:
    first = add_camera(catalog, "one")
    Camera.delete().where(Camera.id == first).execute(catalog.database)
    assert add_camera(catalog, "two") == first + 1


def test_only_an_argon2id_hash_is_accepted_as_a_password_hash(catalog: Catalog) -> None:
    with pytest.raises(IntegrityError, match="CHECK"):
        add_account(catalog, "admin", password_hash="hunter2")


def test_the_admin_account_cannot_be_deleted_disabled_renamed_or_demoted(catalog: Catalog) -> None:
    db = catalog.database
    admin = add_account(catalog, "admin")
    for change in ({"enabled": False}, {"name": "root"}, {"group": 3}):
        with pytest.raises(IntegrityError, match="admin account"):
            Account.update(**change).where(Account.id == admin).execute(db)
    with pytest.raises(IntegrityError, match="admin account"):
        Account.delete().where(Account.id == admin).execute(db)
    other = add_account(catalog, "operator", group=3)
    Account.update(enabled=False).where(Account.id == other).execute(db)
    Account.delete().where(Account.id == other).execute(db)


def test_built_in_permission_groups_cannot_be_deleted_or_change_kind(catalog: Catalog) -> None:
    db = catalog.database
    kinds = {g.id: g.kind for g in PermissionGroup.select().execute(db)}
    assert kinds == {1: "administrator", 2: "advanced", 3: "ordinary"}
    for group_id in kinds:
        with pytest.raises(IntegrityError, match="built-in"):
            PermissionGroup.delete().where(PermissionGroup.id == group_id).execute(db)
    with pytest.raises(IntegrityError, match="kind"):
        PermissionGroup.update(kind="custom").where(PermissionGroup.id == 2).execute(db)


def test_atomic_rolls_back_everything_when_the_block_raises(catalog: Catalog) -> None:
    with pytest.raises(RuntimeError), catalog.atomic():
        add_camera(catalog, "kept?")
        raise RuntimeError("abort")
    assert Camera.select().count(catalog.database) == 0


def test_atomic_takes_the_write_lock_at_once(catalog: Catalog) -> None:
    other = sqlite3.connect(catalog.path, timeout=0)
    try:
        with catalog.atomic(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO setting (key, value) VALUES ('k', '1')")
        other.execute("INSERT INTO setting (key, value) VALUES ('k', '1')")
        other.commit()
    finally:
        other.close()


def test_catalogs_opened_in_turn_or_together_keep_their_own_rows(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "a.sqlite3") as a:
        add_camera(a, "only in a")
    with open_catalog(tmp_path / "b.sqlite3") as b:
        assert Camera.select().count() == 0  # the models follow the latest catalog
        with open_catalog(tmp_path / "a.sqlite3") as a:
            assert [c.name for c in Camera.select()] == ["only in a"]
            assert Camera.select().count(b.database) == 0
            assert segments_overlapping(b, 1, 1, 0, 10) == []
            assert a.server_identity() != b.server_identity()


def test_close_closes_every_threads_connection_and_later_use_fails(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    catalog = open_catalog(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        names = set(
            pool.map(lambda i: (add_camera(catalog, f"c{i}"), threading.get_ident()), range(8))
        )
        assert len(names) == 8
        catalog.close()
        catalog.close()  # idempotent
        # The last connection's close checkpoints and removes the WAL.
        assert not Path(f"{path}-wal").exists()
        with pytest.raises((InterfaceError, ProgrammingError)):
            pool.submit(add_camera, catalog, "late").result()
    with pytest.raises(InterfaceError):
        segments_overlapping(catalog, 1, 1, 0, 10)
    with pytest.raises(InterfaceError):
        Camera.select().count()  # models are unbound again
    assert catalog.closed
