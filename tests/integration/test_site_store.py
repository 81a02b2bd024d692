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
    DirectoryStore,
    DirectoryUnavailable,
    JoinRefused,
    TokenRefused,
    open_database,
)


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
    """A site made by a directory of schema 1 (no member API fingerprints): the next
    directory adds the column when it opens the site, and the members stay."""
    from vedette_server.directory.store import SCHEMA_VERSION

    token, _ = store.new_join_token("test")
    ca_key, ca_cert = keys.create_site_ca("north")
    server_id = str(uuid.uuid4())
    _, csr = keys.make_csr("rs1")
    store.join(
        token, server_id, "rs1", "", "",
        lambda: keys.sign_server_csr(ca_key, ca_cert, csr, server_id, "rs1"),
    )  # fmt: skip
    # Back to schema 1, as the first directories left it.
    store.db.execute_sql("ALTER TABLE member_server DROP COLUMN api_fingerprint")
    store.db.execute_sql("UPDATE site SET schema_version = 1")
    with pytest.raises(Exception, match="api_fingerprint"):
        store.servers()  # what a schema-2 directory meets before upgrading it
    assert store.site()[1] == "north"
    version = store.db.execute_sql("SELECT schema_version FROM site").fetchone()[0]
    assert version == SCHEMA_VERSION == 2
    [row] = store.servers()
    assert row.name == "rs1" and row.api_fingerprint == ""
    assert store.site()[1] == "north"  # opening it again changes nothing
