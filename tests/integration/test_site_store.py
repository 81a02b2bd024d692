"""The site directory's records on a real PostgreSQL (issue 19): a join token wins
exactly once however many joins race for it, a refused join leaves everything as it
was, and PostgreSQL going away is a DirectoryUnavailable, not a crash."""

from __future__ import annotations

import threading
import uuid

import pytest

from tests.support.postgres import PostgresCluster
from vedette_server.directory import keys
from vedette_server.directory.store import (
    SCHEMA_VERSION,
    DirectoryStore,
    DirectoryUnavailable,
    JoinRefused,
    TokenRefused,
    open_database,
)
from vedette_server.saved_views import ViewTile


@pytest.fixture
def store(postgres: PostgresCluster) -> DirectoryStore:
    store = DirectoryStore(open_database(postgres.new_database()))
    store.create_site("north", "hash-not-checked-here")
    return store


def signer(name: str) -> tuple[bytes, bytes]:
    return keys.create_site_ca(name)


def test_of_eight_joins_racing_for_one_token_exactly_one_wins(store: DirectoryStore) -> None:
    token, _ = store.new_join_token("test")
    ca_key, ca_cert = keys.create_site_ca("north")
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def join(n: int) -> None:
        server_id = str(uuid.uuid4())
        _, csr = keys.make_csr(f"rs{n}")
        start.wait()
        try:
            store.join(
                token, server_id, f"rs{n}", "", "",
                lambda: keys.sign_server_csr(ca_key, ca_cert, csr, server_id, f"rs{n}"),
            )  # fmt: skip
            outcomes.append("joined")
        except TokenRefused as refused:
            outcomes.append(str(refused))

    threads = [threading.Thread(target=join, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert outcomes.count("joined") == 1, outcomes
    assert all("already used" in o for o in outcomes if o != "joined")
    assert len(store.servers()) == 1


def test_a_refused_join_leaves_the_token_unused(store: DirectoryStore) -> None:
    token, _ = store.new_join_token("test")
    ca_key, ca_cert = keys.create_site_ca("north")
    server_id = str(uuid.uuid4())
    _, csr = keys.make_csr("rs")

    def sign() -> tuple[bytes, str]:
        return keys.sign_server_csr(ca_key, ca_cert, csr, server_id, "rs")

    def refuse() -> tuple[bytes, str]:
        raise keys.CsrRefused("the certificate signing request's key must be EC P-256")

    with pytest.raises(keys.CsrRefused):
        store.join(token, server_id, "rs", "", "", refuse)
    with pytest.raises(JoinRefused, match="not a UUID"):
        store.join(token, "not-a-uuid", "rs", "", "", sign)
    assert store.servers() == []
    store.join(token, server_id, "rs", "", "", sign)  # the token still works, once
    assert [s.name for s in store.servers()] == ["rs"]


def test_a_second_site_in_the_same_database_is_refused(store: DirectoryStore) -> None:
    with pytest.raises(JoinRefused, match="already holds the site 'north'"):
        store.create_site("south", "x")


def test_postgresql_going_away_is_directory_unavailable(postgres: PostgresCluster) -> None:
    store = DirectoryStore(open_database(postgres.new_database()))
    store.create_site("north", "x")
    postgres.stop("immediate")
    try:
        with pytest.raises(DirectoryUnavailable, match="PostgreSQL"):
            store.servers()
        with pytest.raises(DirectoryUnavailable):
            store.new_join_token("test")
    finally:
        postgres.start()
    assert store.servers() == []  # and it works again once PostgreSQL is back


def test_a_schema_1_site_is_upgraded_in_place_keeping_its_servers(store: DirectoryStore) -> None:
    """A site made by a directory of schema 1 (no member API fingerprints, no site
    views): the next directory adds the column and the tables when it opens the site,
    and the members stay."""
    token, _ = store.new_join_token("test")
    ca_key, ca_cert = keys.create_site_ca("north")
    server_id = str(uuid.uuid4())
    _, csr = keys.make_csr("rs1")
    store.join(
        token, server_id, "rs1", "", "",
        lambda: keys.sign_server_csr(ca_key, ca_cert, csr, server_id, "rs1"),
    )  # fmt: skip
    # Back to schema 1, as the first directories left it.
    store.db.execute_sql("DROP TABLE site_tour, site_view")
    store.db.execute_sql("ALTER TABLE member_server DROP COLUMN api_fingerprint")
    store.db.execute_sql("UPDATE site SET schema_version = 1")
    with pytest.raises(Exception, match="api_fingerprint"):
        store.servers()  # what a newer directory meets before upgrading it
    assert store.site()[1] == "north"
    version = store.db.execute_sql("SELECT schema_version FROM site").fetchone()[0]
    assert version == SCHEMA_VERSION == 3
    [row] = store.servers()
    assert row.name == "rs1" and row.api_fingerprint == ""
    assert store.site()[1] == "north"  # opening it again changes nothing
    assert store.bound(store.views.list_views, 1) == []


def schema_of(store: DirectoryStore) -> list[tuple[object, ...]]:
    """Every column (with its type, default and nullability) and index of the site's
    tables, constraints included: what a migration must leave as a new site has it."""
    columns = store.db.execute_sql(
        "SELECT table_name, column_name, data_type, column_default, is_nullable"
        " FROM information_schema.columns WHERE table_schema = 'public'"
        " ORDER BY table_name, column_name"
    ).fetchall()
    indexes = store.db.execute_sql(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        " ORDER BY tablename, indexname"
    ).fetchall()
    constraints = store.db.execute_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        " ORDER BY 1, 2"
    ).fetchall()
    return [*columns, *indexes, *constraints]


def test_a_schema_2_site_is_upgraded_to_site_views_keeping_everything(
    store: DirectoryStore,
) -> None:
    """A site of schema 2 (before site-wide views and tours) with a member, users and
    a camera: opening it adds the two tables, exactly as a new site has them, keeps
    every row, and views are saved and read back after."""
    fresh = schema_of(store)
    token, _ = store.new_join_token("test")
    ca_key, ca_cert = keys.create_site_ca("north")
    server_id = str(uuid.uuid4())
    _, csr = keys.make_csr("rs1")
    store.join(
        token, server_id, "rs1", "", "",
        lambda: keys.sign_server_csr(ca_key, ca_cert, csr, server_id, "rs1"),
    )  # fmt: skip
    alice, _ = store.put_user("alice", "viewer", True, "hash-of-alice")
    camera = store.add_camera("gate", "rtsp://192.0.2.10/main", "", b"sealed", "rs1", True)
    store.audit("test", "before the upgrade")
    kept = {
        table: store.db.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("site", "directory_user", "member_server", "site_camera", "custody",
                      "audit_entry", "join_token")
    }  # fmt: skip
    # Back to schema 2, as directories before site views left it.
    store.db.execute_sql("DROP TABLE site_tour, site_view")
    store.db.execute_sql("UPDATE site SET schema_version = 2")
    assert schema_of(store) != fresh
    with pytest.raises(Exception, match="site_view"):
        store.bound(store.views.list_views, alice.id)  # before the upgrade: no table

    assert store.site() == (kept["site"][0][0], "north")
    assert store.db.execute_sql("SELECT schema_version FROM site").fetchone()[0] == 3
    assert schema_of(store) == fresh
    for table, rows in kept.items():
        now = store.db.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        if table == "site":
            assert [r[:3] for r in now] == [r[:3] for r in rows]  # its version moved on
        else:
            assert now == rows, table
    view = store.bound(
        store.views.save_view, alice.id, 0, name="Lobby", layout=4,
        tiles=[ViewTile(0, camera.id)], shared=True,
    )  # fmt: skip
    assert store.bound(store.views.list_views, 1) == [view]  # admin (user 1) sees it: shared
    assert view.owner == "alice" and view.tiles == (ViewTile(0, camera.id),)
    store.site()  # opening it again changes nothing
    assert schema_of(store) == fresh
    # A site user's deletion takes their views with it (as an account's on a server).
    store.delete_user("alice")
    assert store.bound(store.views.list_views, 1) == []
